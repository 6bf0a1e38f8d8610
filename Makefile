# publish: `make` takes a fresh clone to PDFs in build/; `make test` runs the tests.
# Everything below has real file dependencies: a second `make` does nothing, and
# touching one catalogue rebuilds only the PDFs that use it.

PYTHON ?= python3
VENV := .venv
PUBLISH := $(VENV)/bin/publish
READY := $(VENV)/.ready
BUILD := build
PIVOT := en

# Document names: letters, digits, '-', '_' and '.', not first '-' or '.' (README, "Broken and hostile catalogues").
# make splits names at spaces and expands '$' in $(eval), so a name is tested before any rule or
# shell sees it; publish tests the letters (make cannot). A refused name leaves the rest to build.
comma := ,
hash := \#
tab := $(subst ,,	)
unsafe_characters := ! " $$ % & ' ( ) * + $(comma) / : ; < = > ? @ [ \ ] ^ ` { | } ~ $(hash) $(tab)
unsafe_name = $(or $(filter -% .%,$(1)),$(strip $(foreach c,$(unsafe_characters),$(findstring $(c),$(1)))))
SEED_WORDS := $(wildcard seeds/*.txt)
SEEDS := $(foreach f,$(SEED_WORDS),$(if $(and $(filter seeds/%.txt,$(f)),$(wildcard $(f)),$(if $(call unsafe_name,$(patsubst seeds/%.txt,%,$(f))),,x)),$(f)))
REFUSED_SEEDS := $(filter-out $(SEEDS),$(SEED_WORDS))
DOCS := $(patsubst seeds/%.txt,%,$(SEEDS))
LOCALES := $(patsubst locales/%/LC_MESSAGES,%,$(wildcard locales/*/LC_MESSAGES))
OTHERS := $(filter-out $(PIVOT),$(LOCALES))
TEMPLATES := $(wildcard templates/*)
CODE := $(wildcard publish/*.py publish/*/*.py)

po = locales/$(2)/LC_MESSAGES/$(1).po
PDFS := $(foreach d,$(DOCS),$(foreach l,$(LOCALES),$(BUILD)/$(d)-$(l).pdf) \
          $(foreach o,$(OTHERS),$(BUILD)/$(d)-$(PIVOT)-$(o).pdf))
# Steps that read and write catalogues leave a file alone, bytes and time, when they have
# nothing to change in it, so make cannot tell from a catalogue's time whether its step ran.
# Each step touches a stamp under build/.stamps instead (in the step's own shell: one child
# per step, so an interrupted make has one process to wait for); `publish update` itself decides
# from the contents (not from which file was saved last) whether a translation went stale.
STAMPS := $(BUILD)/.stamps
stamp = $(STAMPS)/$(1)-$(2).po
CATALOGUES := $(foreach d,$(DOCS),locales/$(d).pot $(foreach l,$(LOCALES),$(call po,$(d),$(l))))
POTS := $(foreach d,$(DOCS),$(STAMPS)/$(d).pot)
POS := $(foreach d,$(DOCS),$(foreach l,$(LOCALES),$(call stamp,$(d),$(l))))

.PHONY: all pdfs setup pot update-po init-po stats test lint bench clean distclean check doctor help
.DELETE_ON_ERROR:
# The catalogues hold what translators and editors wrote: make must never delete one, not
# even when interrupted. No rule has one as its target (the stamps under build/.stamps are),
# and they are precious besides, so that no rule added later can change that. publish
# replaces each by an atomic rename, so a kept one is whole.
.PRECIOUS: $(CATALOGUES)

all: pdfs
	$(if $(REFUSED_SEEDS),$(error $(REFUSED_SEEDS): refused: a document name holds only letters, digits, '-', '_' and '.', and starts with neither '-' nor '.'; the other documents are built))

setup: $(READY)

# System packages (apt-get when root or sudo is available), then the virtual environment.
$(READY): pyproject.toml scripts/ensure-system-packages
	@PYTHON=$(PYTHON) scripts/ensure-system-packages
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	@echo "  install  publish into $(VENV)" >&2
	@$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# Template: locales/<doc>.pot from seeds/<doc>.txt and its metadata, when it has any.
$(STAMPS)/%.pot: seeds/%.txt locales/%.pot $(CODE) | $(READY)
	@$(PUBLISH) extract '$*' && mkdir -p $(@D) && touch $@
$(foreach d,$(DOCS),$(eval $(STAMPS)/$(d).pot: $(wildcard seeds/$(d).toml)))

# Catalogues: the pivot (en) from the template; every other locale also records the pivot,
# so it is brought up to date whenever either catalogue changed, whichever was saved last.
define catalogue_rules
$(call stamp,$(1),$(PIVOT)): $(STAMPS)/$(1).pot $(call po,$(1),$(PIVOT)) | $(READY)
	@$(PUBLISH) update --locale $(PIVOT) '$(1)' && mkdir -p $$(@D) && touch $$@
$(foreach o,$(OTHERS),
$(call stamp,$(1),$(o)): $(STAMPS)/$(1).pot $(call stamp,$(1),$(PIVOT)) $(call po,$(1),$(PIVOT)) $(call po,$(1),$(o)) | $(READY)
	@$(PUBLISH) update --locale $(o) '$(1)' && mkdir -p $$(@D) && touch $$@
)
endef
$(foreach d,$(DOCS),$(eval $(call catalogue_rules,$(d))))
# A catalogue or template not there yet (a new document's, or one deleted to start again)
# is made by its step.
$(CATALOGUES):

# PDFs: each depends on exactly the catalogues it typesets (every locale falls back to the pivot).
# An out-of-date PDF's recipe only queues it (an $(eval), so no shell starts); once every
# PDF is considered, `pdfs` hands the queue to one `publish build`, which typesets them on
# all cores with WeasyPrint imported once. A PDF named as a goal is built on its own; any
# other target that needs the PDFs must depend on `pdfs`, which is what renders the queue.
STALE_PDFS :=
queue_pdf = $(if $(filter $(abspath $@),$(abspath $(MAKECMDGOALS))),@$(PUBLISH) build$(JOBS_FLAG) '$@',$(eval STALE_PDFS += $@))
JOBS_FLAG = $(if $(JOBS), --jobs $(JOBS))
catalogue = $(call po,$(1),$(2)) $(call stamp,$(1),$(2))

define pdf_rules
$(BUILD)/$(1)-$(PIVOT).pdf: seeds/$(1).txt $(wildcard seeds/$(1).toml) $(call catalogue,$(1),$(PIVOT)) $(TEMPLATES) $(CODE) | $(READY)
	$$(queue_pdf)
$(foreach o,$(OTHERS),
$(BUILD)/$(1)-$(o).pdf: seeds/$(1).txt $(wildcard seeds/$(1).toml) $(call catalogue,$(1),$(PIVOT)) $(call catalogue,$(1),$(o)) $(TEMPLATES) $(CODE) | $(READY)
	$$(queue_pdf)
$(BUILD)/$(1)-$(PIVOT)-$(o).pdf: seeds/$(1).txt $(wildcard seeds/$(1).toml) $(call catalogue,$(1),$(PIVOT)) $(call catalogue,$(1),$(o)) $(TEMPLATES) $(CODE) | $(READY)
	$$(queue_pdf)
)
endef
$(foreach d,$(DOCS),$(eval $(call pdf_rules,$(d))))

pdfs: $(PDFS)
	$(if $(strip $(STALE_PDFS)),@$(PUBLISH) build$(JOBS_FLAG) $(foreach p,$(STALE_PDFS),'$(p)'))

pot: $(POTS)

update-po: $(POS)

init-po: $(READY)
	@test -n "$(LOCALE)" || { echo "usage: make init-po LOCALE=de" >&2; exit 2; }
	@$(PUBLISH) init '$(LOCALE)'

stats: $(READY)
	@$(PUBLISH) stats

test: $(READY)
	@$(VENV)/bin/python -m pytest -q -n auto --dist loadfile
	@$(MAKE) --no-print-directory check
	@$(VENV)/bin/ruff check --quiet publish tests scripts/bench
	@$(VENV)/bin/ruff format --check --quiet publish tests scripts/bench

# Timings of the build against WeasyPrint alone (medians; see the README's Performance section).
bench: $(READY)
	@$(VENV)/bin/python scripts/bench $(BENCHFLAGS)

# Quality checks of every catalogue: exit status 1 on any error-level finding.
check: $(READY)
	@$(PUBLISH) check

# What this machine lacks for the build and the tests, with the commands that install it.
doctor:
	@if [ -x $(VENV)/bin/python ]; then $(VENV)/bin/python -m publish doctor; \
	else PYTHONPATH=. $(PYTHON) -m publish doctor; fi

lint: $(READY)
	@$(VENV)/bin/ruff check publish tests

clean:
	rm -rf $(BUILD)

help:
	@echo "make                    set up if needed, then extract, update and build what is out of date"
	@echo "make test               run the tests and the linter"
	@echo "make pot                re-extract locales/<doc>.pot from seeds/<doc>.txt"
	@echo "make update-po          merge the templates into every catalogue"
	@echo "make init-po LOCALE=de  start a catalogue for a new locale"
	@echo "make stats              how far each catalogue is translated"
	@echo "make check              check every catalogue"
	@echo "make clean              remove build/"
	@echo "make distclean          remove build/ and .venv"
	@echo "make doctor             what this machine lacks, and how to install it"
	@echo "make bench              time the build against WeasyPrint alone"
	@echo "make lint               run the linter"

distclean: clean
	rm -rf $(VENV)
