# publish: `make` takes a fresh clone to PDFs in build/; `make test` runs the tests.
# Everything below has real file dependencies: a second `make` does nothing, and
# touching one catalogue rebuilds only the PDFs that use it.

PYTHON ?= python3
VENV := .venv
PUBLISH := $(VENV)/bin/publish
READY := $(VENV)/.ready
BUILD := build
PIVOT := en

DOCS := $(patsubst seeds/%.txt,%,$(wildcard seeds/*.txt))
LOCALES := $(patsubst locales/%/LC_MESSAGES,%,$(wildcard locales/*/LC_MESSAGES))
OTHERS := $(filter-out $(PIVOT),$(LOCALES))
TEMPLATES := $(wildcard templates/*)
CODE := $(wildcard publish/*.py)

po = locales/$(2)/LC_MESSAGES/$(1).po
PDFS := $(foreach d,$(DOCS),$(foreach l,$(LOCALES),$(BUILD)/$(d)-$(l).pdf) \
          $(foreach o,$(OTHERS),$(BUILD)/$(d)-$(PIVOT)-$(o).pdf))
POTS := $(foreach d,$(DOCS),locales/$(d).pot)
POS := $(foreach d,$(DOCS),$(foreach l,$(LOCALES),$(call po,$(d),$(l))))

.PHONY: all pdfs setup pot update-po init-po stats test lint bench clean distclean check doctor
.DELETE_ON_ERROR:
# The catalogues hold what translators and editors wrote: make must never delete one, not
# even when interrupted. publish replaces each by an atomic rename, so a kept one is whole.
.PRECIOUS: $(POTS) $(POS)

all: pdfs

setup: $(READY)

# System packages (apt-get when root or sudo is available), then the virtual environment.
$(READY): pyproject.toml scripts/ensure-system-packages
	@PYTHON=$(PYTHON) scripts/ensure-system-packages
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	@echo "  install  publish into $(VENV)" >&2
	@$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# Template: locales/<doc>.pot from seeds/<doc>.txt and its metadata.
locales/%.pot: seeds/%.txt seeds/%.toml $(CODE) | $(READY)
	@$(PUBLISH) extract $*

# Catalogues: the pivot (en) from the template; every other locale also records the pivot.
define catalogue_rules
$(call po,$(1),$(PIVOT)): locales/$(1).pot | $(READY)
	@$(PUBLISH) update --locale $(PIVOT) $(1)
$(foreach o,$(OTHERS),
$(call po,$(1),$(o)): locales/$(1).pot $(call po,$(1),$(PIVOT)) | $(READY)
	@$(PUBLISH) update --locale $(o) $(1)
)
endef
$(foreach d,$(DOCS),$(eval $(call catalogue_rules,$(d))))

# PDFs: each depends on exactly the catalogues it typesets (every locale falls back to the pivot).
# An out-of-date PDF's recipe only queues it (an $(eval), so no shell starts); once every
# PDF is considered, `pdfs` hands the queue to one `publish build`, which typesets them on
# all cores with WeasyPrint imported once. A PDF named as a goal is built on its own; any
# other target that needs the PDFs must depend on `pdfs`, which is what renders the queue.
STALE_PDFS :=
queue_pdf = $(if $(filter $(abspath $@),$(abspath $(MAKECMDGOALS))),@$(PUBLISH) build$(JOBS_FLAG) $@,$(eval STALE_PDFS += $@))
JOBS_FLAG = $(if $(JOBS), --jobs $(JOBS))

define pdf_rules
$(BUILD)/$(1)-$(PIVOT).pdf: seeds/$(1).txt seeds/$(1).toml $(call po,$(1),$(PIVOT)) $(TEMPLATES) $(CODE) | $(READY)
	$$(queue_pdf)
$(foreach o,$(OTHERS),
$(BUILD)/$(1)-$(o).pdf: seeds/$(1).txt seeds/$(1).toml $(call po,$(1),$(PIVOT)) $(call po,$(1),$(o)) $(TEMPLATES) $(CODE) | $(READY)
	$$(queue_pdf)
$(BUILD)/$(1)-$(PIVOT)-$(o).pdf: seeds/$(1).txt seeds/$(1).toml $(call po,$(1),$(PIVOT)) $(call po,$(1),$(o)) $(TEMPLATES) $(CODE) | $(READY)
	$$(queue_pdf)
)
endef
$(foreach d,$(DOCS),$(eval $(call pdf_rules,$(d))))

pdfs: $(PDFS)
	$(if $(strip $(STALE_PDFS)),@$(PUBLISH) build$(JOBS_FLAG) $(strip $(STALE_PDFS)))

pot: $(POTS)

update-po: $(POS)

init-po: $(READY)
	@test -n "$(LOCALE)" || { echo "usage: make init-po LOCALE=de" >&2; exit 2; }
	@$(PUBLISH) init $(LOCALE)

stats: $(READY)
	@$(PUBLISH) stats

test: $(READY)
	@$(VENV)/bin/python -m pytest -q
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

distclean: clean
	rm -rf $(VENV)
