"""Characters none of the stylesheet's fonts has: the build would stop at them."""

from __future__ import annotations

from collections.abc import Iterator

import polib

from publish.checks.context import Catalogue, forms, is_translated
from publish.fontcoverage import describe


def typeset_texts(catalogue: Catalogue, entry: polib.POEntry) -> list[str]:
    """The texts of an entry the PDF will set: its translations (fuzzy ones too, once reviewed),
    and for the English catalogue the msgid where it has no correction yet."""
    texts = [text for text in forms(entry) if text]
    if catalogue.is_english and not is_translated(entry):
        texts.append(entry.msgid)
    return texts


def missing_glyphs(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Characters none of the stylesheet's fonts has: the build would stop at them."""
    if catalogue.fonts is None or catalogue.fonts.problem:
        return  # said once for the catalogue, by fonts_unavailable
    seen: set[str] = set()
    for text in typeset_texts(catalogue, entry):
        for char in catalogue.fonts.missing(text):
            if char not in seen:
                seen.add(char)
                yield f"no font of the stylesheet has {describe(char)}: the build would stop here"


def fonts_unavailable(catalogue: Catalogue) -> Iterator[str]:
    """Why ``missing_glyphs`` could not look: once per catalogue rather than once per entry."""
    if catalogue.fonts is not None and catalogue.fonts.problem:
        yield f"characters not checked against the fonts: {catalogue.fonts.problem}"
