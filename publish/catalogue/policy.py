"""What a PDF prints for each segment: the translation, or the fallback text, and draft notices.

Fuzzy translations are used only when allowed; a locale with less than ``DEFAULT_THRESHOLD`` of
its source words translated is printed as a draft, or refused with ``--strict``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import polib

from publish.catalogue.stats import first_msgstr, has_translation, is_fuzzy, word_count
from publish.errors import PublishError
from publish.model import Document

DEFAULT_THRESHOLD = 0.8
"""A locale with less than this share of source words translated is built as a draft."""


@dataclass(frozen=True)
class BuildPolicy:
    """How a build treats unfinished work: fuzzy translations, and locales too little translated."""

    allow_fuzzy: bool = False
    threshold: float = DEFAULT_THRESHOLD
    """Below this share of source words translated, a locale is built as a draft."""
    strict: bool = False
    """Refuse to build a draft instead of marking it."""


DEFAULT_POLICY = BuildPolicy()


@dataclass(frozen=True)
class Translation:
    """A segment's text in one locale, and whether it is final."""

    text: str
    status: str
    """``translated``, ``fuzzy`` (only with allow_fuzzy) or ``untranslated`` (fallback text)."""


def translations(
    document: Document, po: polib.POFile | None, fallback: dict[tuple, str], allow_fuzzy: bool
) -> dict[tuple, Translation]:
    """Each segment's text in a locale, falling back to ``fallback`` where it is not translated.

    A fuzzy translation is a proposal awaiting review: it is used only with
    ``allow_fuzzy``, and then marked as such.
    """
    found = {} if po is None else {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    result = {}
    for segment in document.segments:
        entry = found.get(segment.key)
        if entry is not None and has_translation(entry) and (allow_fuzzy or not is_fuzzy(entry)):
            status = "fuzzy" if is_fuzzy(entry) else "translated"
            result[segment.key] = Translation(first_msgstr(entry), status)
        else:
            result[segment.key] = Translation(fallback[segment.key], "untranslated")
    return result


def translated_share(document: Document, result: dict[tuple, Translation]) -> float:
    """The share of source words whose segment is printed with a reviewed translation."""
    total = sum(word_count(s.text) for s in document.segments)
    done = sum(
        word_count(s.text) for s in document.segments if result[s.key].status == "translated"
    )
    return done / total if total else 1.0


def draft_percent(share: float, threshold: float = DEFAULT_THRESHOLD) -> int | None:
    """The percentage to print in a draft notice, or None when the locale is complete enough.

    Rounded down, so that a draft never claims the threshold it has not reached.
    """
    if share >= threshold:
        return None
    return math.floor(share * 100)


def enforce_threshold(
    share: float, threshold: float, strict: bool, path: Path | str | None = None
) -> int | None:
    """``draft_percent``, or with ``strict`` an error for a locale under the threshold."""
    percent = draft_percent(share, threshold)
    if percent is not None and strict:
        raise PublishError(
            f"only {percent}% of the source words are translated, under the "
            f"{threshold * 100:g}% threshold (--strict)",
            path,
        )
    return percent
