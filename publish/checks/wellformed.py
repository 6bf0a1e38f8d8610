"""What msgfmt -c rejects in an entry and in the header, and whether an entry is translated at all:
the checks invalid, untranslated, fuzzy and unchanged."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator

import polib

from publish.catalogue.stats import is_fuzzy
from publish.checks.context import Catalogue, forms, is_translated
from publish.checks.formats import FORMATS, compare_formats
from publish.po.plurals import MSGFMT_SAMPLE, is_placeholder


def invalid(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """What msgfmt -c rejects in an entry the reader accepted: newlines and format strings.

    Duplicates and plural counts that contradict the header never get here: the reader
    (``publish.po.reader``) refuses the file.
    """
    if not is_translated(entry):
        return  # msgfmt leaves untranslated and fuzzy entries out
    sources = [("msgid", entry.msgid)]
    if entry.msgid_plural:
        sources.append(("msgid_plural", entry.msgid_plural))
    targets = [
        ("msgstr" if not entry.msgid_plural else f"msgstr[{i}]", t)
        for i, t in enumerate(forms(entry))
    ]
    for edge, test in (("begin", str.startswith), ("end", str.endswith)):
        reference = test(entry.msgid, "\n")
        for name, text in [*sources[1:], *targets]:
            if text and test(text, "\n") != reference:
                yield f"'msgid' and '{name}' do not both {edge} with a newline"
                return
    plural_forms = catalogue.plural_forms if entry.msgid_plural else None
    once = plural_forms.forms_selected_once if plural_forms else frozenset()
    for flag in entry.flags:
        if flag not in FORMATS:
            continue
        flavour, parse = FORMATS[flag]
        for index, text in enumerate(forms(entry)):
            if not text:
                continue
            source = entry.msgid_plural if entry.msgid_plural else entry.msgid
            problem = compare_formats(parse, flavour, source, text, strict=index not in once)
            if problem:
                yield problem
                return


def header(catalogue: Catalogue) -> Iterator[str]:
    """The header's share of what ``msgfmt -c`` rejects: its plural expression.

    The reader refuses a bad Plural-Forms, but lets through one that still holds a template's
    placeholder (``INTEGER`` or ``EXPRESSION``) as if it had none; msgfmt reads it.
    """
    value = catalogue.metadata.get("Plural-Forms", "")
    if not is_placeholder(value):
        return  # the reader has judged every other value, with publish.po.plurals
    count = re.search(r"nplurals\s*=\s*(\d+)", value)
    expression = re.search(r"plural\s*=\s*([^;]+)", value)
    if count is None or expression is None:
        return
    nplurals, expression = int(count.group(1)), expression.group(1).strip()
    try:
        function = gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        yield f"the plural expression {expression!r} is not valid C"
        return
    largest = max(function(n) for n in MSGFMT_SAMPLE)
    if largest >= nplurals:
        yield f"nplurals={nplurals}, but the plural expression gives form {largest}"


def untranslated(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """The entry has no translation (the PDF falls back to the English)."""
    if not any(forms(entry)):
        yield "not translated"
    elif entry.msgid_plural and not all(forms(entry)) and not is_fuzzy(entry):
        yield "some plural forms are not translated"


def fuzzy(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """The translation is marked fuzzy: it needs review and is not used in the PDF."""
    if is_fuzzy(entry):
        yield "marked fuzzy: review it and remove the flag (fuzzy text is left out of the PDF)"


ORDINARY_WORD = re.compile(r"[a-z]{3,}[,.;:!?]?")


def _prose(text: str) -> bool:
    """Running English words, not a name, an acronym, a command line or a format string."""
    words = text.split()
    ordinary = [word for word in words if ORDINARY_WORD.fullmatch(word)]
    return len(ordinary) >= 2 and 2 * len(ordinary) >= len(words)


def unchanged(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """A Chinese translation that is the English text itself."""
    if not catalogue.is_chinese or not is_translated(entry):
        return
    for english, text in catalogue.pairs(entry):
        same = text.strip() in (english.strip(), entry.msgid.strip())
        # Names, acronyms and command lines stay in Latin letters; running English does not.
        if same and _prose(text):
            yield "the translation is the English text, unchanged"
            return
