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
GLOSSARY := $(wildcard locales/glossary.csv)

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

.PHONY: all pdfs setup pot update-po init-po new stats test lint bench clean distclean check doctor help
.PHONY: watch bench-watch
.DELETE_ON_ERROR:
# The catalogues hold what translators and editors wrote: make must never delete one, not
# even when interrupted. No rule has one as its target (the stamps under build/.stamps are),
# and they are precious besides, so that no rule added later can change that. publish
# replaces each by an atomic rename, so a kept one is whole.
.PRECIOUS: $(CATALOGUES)

all: pdfs
	$(if $(REFUSED_SEEDS),$(error $(REFUSED_SEEDS): refused: a document name holds only letters, digits, '-', '_' and '.', and starts with neither '-' nor '.'; the other documents are built))

setup: $(READY)

# Where Python is told not to write compiled modules (PYTHONDONTWRITEBYTECODE, as some CI images
# and containers set it), every publish command compiled publish's modules again: 0.06 s each,
# five times in a clean build. They are compiled here, once for each change of the code.
BYTECODE := $(VENV)/.bytecode
$(BYTECODE): $(CODE) | $(READY)
	@$(VENV)/bin/python -m compileall -q publish && touch $@

# System packages (apt-get when root or sudo is available), then the virtual environment.
$(READY): pyproject.toml scripts/ensure-system-packages
	@PYTHON=$(PYTHON) scripts/ensure-system-packages
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	@echo "  install  publish into $(VENV)" >&2
	@$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# A document whose step fails is set aside, and the others are built: publish prints its one-line
# error, the step leaves its stamp alone (the next make runs it again) and marks the document in
# build/.stamps/<doc>.failed, its later steps and its PDFs are skipped, and once every other PDF
# is built make names each document set aside and exits 1. A step killed by a signal (status
# above 128) stops make as before. The marks of the run before are cleared as make starts.
$(if $(wildcard $(STAMPS)/*.failed),$(shell rm -f $(STAMPS)/*.failed))
failed_mark = $(STAMPS)/$(1).failed
# $(1): the document; $(2): the publish command line of its step.
document_step = $(eval DOCUMENT_STEPS_RAN := yes)@[ ! -e $(call failed_mark,$(1)) ] || exit 0; \
	$(PUBLISH) $(2); status=$$?; \
	if [ $$status -eq 0 ]; then mkdir -p $(@D) && touch $@; \
	elif [ $$status -eq 2 ]; then mkdir -p $(STAMPS) && touch $(call failed_mark,$(1)); \
	else exit $$status; fi
# Shell: one line for each document set aside, and status 1 if there is any.
report_failed = for mark in $(STAMPS)/*.failed; do [ -e "$$mark" ] || continue; \
	name=$${mark\#\#*/}; echo "make: $${name%.failed}: not built; the error above names what to fix" >&2; \
	[ $$status -ne 0 ] || status=1; done

# Whether seeds/<doc>.toml is there: a deleted file is no prerequisite make can see, so
# build/.stamps/<doc>.toml-state says `present` or `absent`, and everything that reads the
# metadata depends on it. Made by its rule when missing; rewritten as make reads this file, and
# only when the answer changed, so that its time is that of the last change (publish watch
# does the same).
metadata = $(wildcard seeds/$(1).toml) $(call metadata_state,$(1))
metadata_state = $(STAMPS)/$(1).toml-state
metadata_presence = $(if $(wildcard seeds/$(1).toml),present,absent)
record_metadata_presence = $(if $(filter $(call metadata_presence,$(1)),$(file < $(call metadata_state,$(1)))),,\
	$(file > $(call metadata_state,$(1)),$(call metadata_presence,$(1))))
$(foreach d,$(DOCS),$(if $(wildcard $(call metadata_state,$(d))),$(call record_metadata_presence,$(d))))
$(STAMPS)/%.toml-state:
	@mkdir -p $(@D) && if [ -e 'seeds/$*.toml' ]; then echo present; else echo absent; fi > $@

# Template: locales/<doc>.pot from seeds/<doc>.txt and its metadata, when it has any.
$(STAMPS)/%.pot: seeds/%.txt locales/%.pot $(CODE) | $(READY)
	$(call document_step,$*,extract '$*')
$(foreach d,$(DOCS),$(eval $(STAMPS)/$(d).pot: $(call metadata,$(d))))

# Catalogues: the pivot (en) from the template; every other locale also records the pivot,
# so it is brought up to date whenever either catalogue changed, whichever was saved last.
define catalogue_rules
$(call stamp,$(1),$(PIVOT)): $(STAMPS)/$(1).pot $(call po,$(1),$(PIVOT)) | $(READY)
	$$(call document_step,$(1),update --locale $(PIVOT) '$(1)')
$(foreach o,$(OTHERS),
$(call stamp,$(1),$(o)): $(STAMPS)/$(1).pot $(call stamp,$(1),$(PIVOT)) $(call po,$(1),$(PIVOT)) $(call po,$(1),$(o)) | $(READY)
	$$(call document_step,$(1),update --locale $(o) '$(1)')
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
queue_pdf = $(if $(filter $(abspath $@),$(abspath $(MAKECMDGOALS))),$(build_alone),$(eval STALE_PDFS += $@)$(eval DOCUMENT_OF.$@ := $(1)))
JOBS_FLAG = $(if $(JOBS), --jobs $(JOBS))
build_alone = @status=0; [ -e $(call failed_mark,$(1)) ] || $(PUBLISH) build$(JOBS_FLAG) '$@' || status=$$?; \
	$(report_failed); exit $$status
catalogue = $(call po,$(1),$(2)) $(call stamp,$(1),$(2))

define pdf_rules
$(BUILD)/$(1)-$(PIVOT).pdf: seeds/$(1).txt $(call metadata,$(1)) $(call catalogue,$(1),$(PIVOT)) $(GLOSSARY) $(TEMPLATES) $(CODE) | $(READY)
	$$(call queue_pdf,$(1))
$(foreach o,$(OTHERS),
$(BUILD)/$(1)-$(o).pdf: seeds/$(1).txt $(call metadata,$(1)) $(call catalogue,$(1),$(PIVOT)) $(call catalogue,$(1),$(o)) $(GLOSSARY) $(TEMPLATES) $(CODE) | $(READY)
	$$(call queue_pdf,$(1))
$(BUILD)/$(1)-$(PIVOT)-$(o).pdf: seeds/$(1).txt $(call metadata,$(1)) $(call catalogue,$(1),$(PIVOT)) $(call catalogue,$(1),$(o)) $(GLOSSARY) $(TEMPLATES) $(CODE) | $(READY)
	$$(call queue_pdf,$(1))
)
endef
$(foreach d,$(DOCS),$(eval $(call pdf_rules,$(d))))
$(POTS) $(POS) $(PDFS): | $(BYTECODE)

# The queue less the PDFs of the documents set aside (a shell test: their marks are made during
# the run, after make has read the folder).
build_queue = $(if $(strip $(1))$(DOCUMENT_STEPS_RAN),@status=0; set --; \
	$(foreach p,$(1),[ -e $(call failed_mark,$(DOCUMENT_OF.$(p))) ] || set -- "$$@" '$(p)';) \
	[ $$# -eq 0 ] || $(PUBLISH) build$(JOBS_FLAG) "$$@" || status=$$?; \
	$(report_failed); exit $$status)
pdfs: $(PDFS)
	$(call build_queue,$(STALE_PDFS))

# Review editions (make review): one PDF per document for the editors, with every catalogue of
# the document and its check findings; never built by `make` alone. Queued like the briefings,
# on a queue of their own, which `review` hands to one `publish build`.
REVIEWS := $(foreach d,$(DOCS),$(BUILD)/$(d)-review.pdf)
STALE_REVIEWS :=
queue_review = $(if $(filter $(abspath $@),$(abspath $(MAKECMDGOALS))),$(build_alone),$(eval STALE_REVIEWS += $@)$(eval DOCUMENT_OF.$@ := $(1)))
define review_rules
$(BUILD)/$(1)-review.pdf: seeds/$(1).txt $(call metadata,$(1)) $(foreach l,$(LOCALES),$(call catalogue,$(1),$(l))) $(wildcard locales/glossary.csv) $(TEMPLATES) $(CODE) | $(READY)
	$$(call queue_review,$(1))
endef
$(foreach d,$(DOCS),$(eval $(call review_rules,$(d))))

.PHONY: review
review: $(REVIEWS)
	$(call build_queue,$(STALE_REVIEWS))

pot: $(POTS)
	$(if $(DOCUMENT_STEPS_RAN),@status=0; $(report_failed); exit $$status)

update-po: $(POS)
	$(if $(DOCUMENT_STEPS_RAN),@status=0; $(report_failed); exit $$status)

init-po: $(READY)
	@test -n "$(LOCALE)" || { echo "usage: make init-po LOCALE=de [FROM=zh_CN]" >&2; exit 2; }
	@$(PUBLISH) init '$(LOCALE)'$(if $(FROM), --from '$(FROM)')

# A new article: seeds/<doc>.txt and a seeds/<doc>.toml of suggestions to check.
new: $(READY)
	@test -n "$(FILE)" || { echo "usage: make new FILE=path/to/article.txt [SLUG=name]" >&2; exit 2; }
	@$(PUBLISH) new '$(subst ','\'',$(FILE))'$(if $(SLUG), --slug '$(subst ','\'',$(SLUG))')

stats: $(READY)
	@$(PUBLISH) stats

# Files go to the workers whole (a file's tests share its fixtures), in the order the suite
# gives, longest first, one worker more than there are cores (tests/conftest.py says why).
# Compiled modules are kept even where the environment says not to write them: each of the many
# publish processes the suite starts would compile publish again, and each worker would rewrite
# every test module's asserts again (collection: 4.8 s to 2.3 s a worker).
test: $(READY)
	@PYTHONDONTWRITEBYTECODE= $(VENV)/bin/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder
	@$(MAKE) --no-print-directory check
	@$(VENV)/bin/ruff check --quiet publish tests scripts/bench scripts/bench-against
	@$(VENV)/bin/ruff format --check --quiet publish tests scripts/bench scripts/bench-against

# Timings of the build against WeasyPrint alone (medians; see the README's Performance section).
bench: $(READY)
	@$(VENV)/bin/python scripts/bench $(BENCHFLAGS)

# What make would rebuild, rebuilt on every save until Ctrl-C (README, "The translator's loop").
watch: $(READY)
	@$(PUBLISH) watch$(JOBS_FLAG)

bench-watch: $(READY)
	@$(VENV)/bin/python scripts/bench-watch $(BENCHFLAGS)

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
	@echo "make review             build/<doc>-review.pdf: source, corrections, translations and findings"
	@echo "make pot                re-extract locales/<doc>.pot from seeds/<doc>.txt"
	@echo "make update-po          merge the templates into every catalogue"
	@echo "make init-po LOCALE=de  start a catalogue for a new locale"
	@echo "make new FILE=a.txt     add an article as seeds/<doc>.txt, with a seeds/<doc>.toml to check"
	@echo "make init-po LOCALE=zh_HK FROM=zh_CN  start it from zh_CN converted by OpenCC (fuzzy)"
	@echo "make stats              how far each catalogue is translated"
	@echo "make check              check every catalogue"
	@echo "make clean              remove build/"
	@echo "make distclean          remove build/ and .venv"
	@echo "make doctor             what this machine lacks, and how to install it"
	@echo "make bench              time the build against WeasyPrint alone"
	@echo "make watch              rebuild what is out of date on every save (Ctrl-C stops)"
	@echo "make bench-watch        time publish watch: a save to both PDFs, idle CPU, memory"
	@echo "make lint               run the linter"

distclean: clean
	rm -rf $(VENV)
