"""What a check is given: the catalogue an entry comes from, and the entry's translations.

A check receives the ``polib.POEntry`` the reader made (its ``linenum`` is the line of the
msgid) and asks the ``Catalogue`` for the English the translation renders."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import polib

from publish import cjk
from publish.catalogue.pivot import PIVOT_COMMENT, split_pivot_comment
from publish.catalogue.stats import is_fuzzy
from publish.fontcoverage import Coverage
from publish.glossary import Term
from publish.po.plurals import PluralForms, PluralFormsError, parse


def forms(entry: polib.POEntry) -> tuple[str, ...]:
    """The msgstr, or msgstr[0], msgstr[1], ... of a plural entry."""
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def is_translated(entry: polib.POEntry) -> bool:
    """Translated and final: some form is filled in and the entry is not fuzzy."""
    return any(forms(entry)) and not is_fuzzy(entry)


@dataclass(frozen=True)
class Catalogue:
    """What the checks need to know of the file an entry comes from."""

    path: str
    language: str
    header_line: int
    metadata: dict[str, str]
    glossary: tuple[Term, ...] = ()
    pivot: dict[tuple, str | None] | None = None
    """The English catalogue's text of each entry (see ``pivot_english``)."""
    fonts: Coverage | None = None
    """The characters the stylesheet's fonts have; None where no stylesheet is in question."""

    @property
    def base_language(self) -> str:
        return self.language.replace("-", "_").split("_")[0].lower()

    @property
    def is_chinese(self) -> bool:
        return self.base_language == "zh"

    @property
    def writing(self) -> cjk.Writing | None:
        """How the catalogue's locale is written, if in CJK characters: script, quotation marks."""
        return cjk.writing(self.language) if self.language else None

    @property
    def is_english(self) -> bool:
        return self.base_language == "en"

    @property
    def nplurals(self) -> int | None:
        forms = self.plural_forms
        return forms.nplurals if forms else None

    @property
    def plural_forms(self) -> PluralForms | None:
        """The header's plural forms as the reader judged them; None when it declares none."""
        try:
            return parse(self.metadata.get("Plural-Forms"))
        except PluralFormsError:
            return None  # the reader refuses such a file: only a catalogue made in code has one

    def english(self, entry: polib.POEntry) -> str:
        """The English a translation renders: the corrected English where there is one."""
        return pivot_english(entry, self.pivot)

    def pairs(self, entry: polib.POEntry) -> Iterator[tuple[str, str]]:
        """Each non-empty translation of an entry with the English it renders."""
        for index, text in enumerate(forms(entry)):
            if not text:
                continue
            if not entry.msgid_plural:
                yield self.english(entry), text
            elif index == 0 and self.nplurals != 1:
                yield entry.msgid, text
            else:
                yield entry.msgid_plural, text


def pivot_english(entry: polib.POEntry, pivot: dict[tuple, str | None] | None = None) -> str:
    """The English a translation renders: the English catalogue's, else the entry's record.

    ``pivot`` holds the English catalogue's text for each entry (``catalogue.pivot_texts``),
    ``None`` for a correction under review.  Without it (a catalogue from elsewhere), the
    ``#. en:`` comment is read, however a tool wrapped it, and then the msgid.
    """
    current = pivot.get((entry.msgctxt, entry.msgid)) if pivot else None
    if current is not None:
        return current
    _, recorded = split_pivot_comment(entry.comment)
    if PIVOT_COMMENT in recorded:
        return recorded[PIVOT_COMMENT].replace("\\n", "\n")
    return entry.msgid
