"""What state each entry is in, and how far a catalogue is translated (``publish stats``).

The states are those of ``msgfmt --statistics``; words are counted as translators are paid.
The merge, the pivot and the policy tell a translated or fuzzy entry with the same helpers.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import polib


def first_msgstr(entry: polib.POEntry) -> str:
    """The text gettext looks at to tell a translated entry: msgstr, or msgstr[0]."""
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def has_translation(entry: polib.POEntry) -> bool:
    return first_msgstr(entry) != ""


def is_fuzzy(entry: polib.POEntry) -> bool:
    return "fuzzy" in entry.flags


def word_count(text: str) -> int:
    """Words of source text, as translators are paid for them: runs between spaces."""
    return len(text.split())


STATES = ("translated", "fuzzy", "untranslated", "obsolete")


@dataclass(frozen=True)
class Statistics:
    """How far a catalogue is translated, in entries and in source words, per state."""

    entries: dict[str, int]
    words: dict[str, int]

    @property
    def percent_translated(self) -> float:
        """Share of the active source words that are translated and reviewed, in percent."""
        active = sum(self.words[state] for state in STATES if state != "obsolete")
        return 100 * self.words["translated"] / active if active else 100.0


def state(entry: polib.POEntry) -> str:
    """An entry's state as ``msgfmt --statistics`` counts it: an empty msgstr[0] is untranslated,
    even when flagged fuzzy."""
    if entry.obsolete:
        return "obsolete"
    if not has_translation(entry):
        return "untranslated"
    return "fuzzy" if is_fuzzy(entry) else "translated"


def statistics(po: polib.POFile) -> Statistics:
    entries = dict.fromkeys(STATES, 0)
    words = dict.fromkeys(STATES, 0)
    for entry in po:
        if entry.msgid == "":
            continue
        name = state(entry)
        entries[name] += 1
        words[name] += word_count(entry.msgid)
    return Statistics(entries, words)


@dataclass(frozen=True)
class StatisticsRow:
    """The statistics of one catalogue, with the document and locale it belongs to."""

    document: str
    locale: str
    path: str
    statistics: Statistics


def statistics_table(rows: list[StatisticsRow]) -> str:
    """An aligned table: one line of entries and one of source words per catalogue."""
    header = ["document", "locale", "count", *STATES, "done"]
    lines = [header]
    for row in rows:
        done = f"{math.floor(row.statistics.percent_translated)}%"
        for unit, counts in (("entries", row.statistics.entries), ("words", row.statistics.words)):
            numbers = [str(counts[name]) for name in STATES]
            lines.append(
                [row.document, row.locale, unit, *numbers, done if unit == "words" else ""]
            )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    numeric = range(3, len(header))
    text = []
    for line in lines:
        cells = [
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        text.append("  ".join(cells).rstrip())
    return "\n".join(text) + "\n"


def statistics_json(rows: list[StatisticsRow]) -> str:
    return json.dumps(
        [
            {
                "document": row.document,
                "locale": row.locale,
                "path": row.path,
                "entries": row.statistics.entries,
                "words": row.statistics.words,
                "percent_translated": round(row.statistics.percent_translated, 1),
            }
            for row in rows
        ],
        ensure_ascii=False,
        indent=2,
    )
