"""The pivot: which corrected English each translation was made from, and when it went stale.

``en`` holds the editors' corrections; every other locale translates the corrected English,
which each of its entries records as a ``#. en:`` comment.  ``set_pivot`` refreshes the record
and marks an entry fuzzy when the English changed since it was translated; ``unwrap`` reads
back a record that another tool wrapped.
"""

from __future__ import annotations

import re

import polib

from publish.catalogue.stats import first_msgstr, has_translation, is_fuzzy

PIVOT_LOCALE = "en"
PIVOT_COMMENT = "en: "
"""Starts the extracted comment that records the English an entry is to be translated from."""
PIVOT_WAS_COMMENT = "en (was): "
"""Starts the record of the English a stale translation was made from."""


def pivot_texts(pivot: polib.POFile) -> dict[tuple, str | None]:
    """The English each segment is printed with: the correction, or the source if there is none.

    ``None`` marks a correction still under review (fuzzy): translators are not
    disturbed until the editors accept it.  A segment the pivot catalogue does
    not have yet is treated the same way.
    """
    texts: dict[tuple, str | None] = {}
    for entry in pivot:
        if entry.obsolete:
            continue
        if not has_translation(entry):
            texts[entry.msgctxt, entry.msgid] = entry.msgid
        elif is_fuzzy(entry):
            texts[entry.msgctxt, entry.msgid] = None
        else:
            texts[entry.msgctxt, entry.msgid] = first_msgstr(entry)
    return texts


def set_pivot(po: polib.POFile, pivot: polib.POFile) -> polib.POFile:
    """Record in each entry the corrected English (``#. en:``) it is to be translated from.

    When the correction has changed since the entry was translated, the entry
    becomes fuzzy and keeps the English it was translated from as
    ``#. en (was):``, until the translator reviews it and clears the fuzzy flag;
    the next update then drops that line.  Running this twice changes nothing.

    The record is read back as tools leave it: a ``#. en:`` comment that polib or
    Babel wrapped over several lines is one record, and English that differs only
    in whitespace is the same English, so rewrapping never makes an entry stale.
    An entry whose record is gone (plain ``msgmerge`` drops every ``#.`` line)
    carries no evidence that its English changed: it keeps its state, and the
    current English is recorded again.
    """
    texts = pivot_texts(pivot)
    for entry in po:
        if entry.obsolete:
            continue
        kept, recorded = split_pivot_comment(entry.comment)
        old = recorded.get(PIVOT_COMMENT)
        was = recorded.get(PIVOT_WAS_COMMENT)
        current = texts.get((entry.msgctxt, entry.msgid))
        if current is None:
            # Under review, or not yet merged into the pivot: nothing new to translate from.
            current = old if old is not None else entry.msgid
        current = _one_line(current)
        if not has_translation(entry):
            was = None
        elif old is not None and not same_english(old, current):
            if not (is_fuzzy(entry) and was is not None):
                was = old
            if not is_fuzzy(entry):
                entry.flags.insert(0, "fuzzy")
        elif not is_fuzzy(entry):
            was = None
        if was is not None and same_english(was, current):
            was = None
        kept.append(PIVOT_COMMENT + current)
        if was is not None:
            kept.append(PIVOT_WAS_COMMENT + was)
        entry.comment = "\n".join(kept)
    return po


def same_english(a: str, b: str) -> bool:
    """Whether two records of the English are the same text, whatever their line wrapping."""
    return "".join(a.split()) == "".join(b.split())


def _one_line(text: str) -> str:
    # An extracted comment is one line per "#." line; keep a correction's line breaks visible.
    return text.replace("\n", "\\n")


def _is_pivot_line(line: str) -> bool:
    return line.startswith(PIVOT_COMMENT) or line.startswith(PIVOT_WAS_COMMENT)


def split_pivot_comment(comment: str) -> tuple[list[str], dict[str, str]]:
    """The extracted comment's own lines, and the pivot records (prefix -> English).

    A pivot record is a line starting ``en:`` or ``en (was):`` and the lines that follow it
    up to the next record: tools that wrap comments (polib, Babel) continue it there.
    """
    kept: list[str] = []
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in comment.split("\n") if comment else []:
        prefix = next((p for p in (PIVOT_COMMENT, PIVOT_WAS_COMMENT) if line.startswith(p)), None)
        if prefix is not None:
            # A second record of the same kind is read but not kept: the first one counts.
            current = [] if prefix in parts else parts.setdefault(prefix, [])
            current.append(line[len(prefix) :])
        elif current is not None:
            current.append(line)
        else:
            kept.append(line)
    return kept, {prefix: unwrap(lines) for prefix, lines in parts.items()}


def pivot_lines(comment: str) -> list[str]:
    """The lines of the pivot records, continuation lines included."""
    lines = comment.split("\n") if comment else []
    first = next((i for i, line in enumerate(lines) if _is_pivot_line(line)), len(lines))
    return lines[first:]


# Python's textwrap (used by polib and Babel) breaks a hyphenated word after its hyphen when
# letters stand on both sides: "subject-" / "first".  Anywhere else it breaks at a space.
_HYPHEN_BREAK = re.compile(r"[^\W\d_]{2}-$")


def unwrap(lines: list[str]) -> str:
    """Comment lines a tool wrapped, joined back into the one line they were.

    Lines are joined with a space, except after a hyphen that ends a word and before a
    letter, where textwrap breaks without one ("subject-first", not "subject- first").
    """
    text = ""
    for line in lines:
        line = line.strip() if text else line.rstrip()
        if not text:
            text = line
        elif _HYPHEN_BREAK.search(text) and line[:1].isalpha():
            text += line
        elif line:
            text += " " + line
    return text
