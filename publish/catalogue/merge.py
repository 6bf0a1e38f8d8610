"""Merging a template into a catalogue as ``msgmerge --previous`` does, losing no translation.

``merge`` keeps unchanged translations, gives a reworded segment the translation of the most
similar old one (``FuzzyIndex``, msgmerge's search) marked fuzzy with the old source in ``#|``
lines, and keeps what nothing uses as obsolete ``#~`` entries.
"""

from __future__ import annotations

import math

import polib
from rapidfuzz.distance import Indel

from publish.catalogue.pivot import pivot_lines
from publish.catalogue.stats import has_translation, is_fuzzy
from publish.catalogue.template import copy_entry, ordered_header

FUZZY_THRESHOLD = 0.6
"""msgmerge accepts a fuzzy match only above this similarity (``FUZZY_THRESHOLD``)."""

CONTEXT_BONUS = 0.00001
"""msgmerge prefers a candidate without msgctxt, or with the same one, by this much."""

SHORT_MESSAGE_BYTES = 28
"""msgmerge compares a msgid of fewer than four characters only with messages this short."""


def similarity(a: str, b: str) -> float:
    """GNU gettext's ``fstrcmp``: 2 * longest common subsequence / total length, in UTF-8 bytes."""
    x, y = a.encode("utf-8"), b.encode("utf-8")
    total = len(x) + len(y)
    if total == 0:
        return 1.0
    return (total - Indel.distance(x, y)) / total


class FuzzyIndex:
    """msgmerge's search for the most similar translated message (``msgl-fsearch.c``).

    Candidates sharing a 4-gram of characters with the msgid are tried in order
    of how many they share (then file order); the best one above the threshold
    wins, the first one on a tie.  A msgid shorter than four characters is
    compared with the short messages of a plausible length instead.
    """

    def __init__(self, entries: list[polib.POEntry]) -> None:
        self.entries = entries
        self.grams: dict[str, list[int]] = {}
        self.short: dict[int, list[int]] = {}
        self.sizes = [len(entry.msgid.encode("utf-8")) for entry in entries]
        for index, entry in enumerate(entries):
            if not has_translation(entry):
                continue
            for gram in dict.fromkeys(_grams(entry.msgid)):
                self.grams.setdefault(gram, []).append(index)
            if self.sizes[index] <= SHORT_MESSAGE_BYTES:
                self.short.setdefault(self.sizes[index], []).append(index)

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        size = len(msgid.encode("utf-8"))
        grams = _grams(msgid)
        if grams:
            counts: dict[int, int] = {}
            for gram in grams:
                for index in self.grams.get(gram, ()):
                    counts[index] = counts.get(index, 0) + 1
            order = sorted(counts, key=lambda index: (-counts[index], index))
        else:
            factor = 2 / FUZZY_THRESHOLD - 1
            lowest, highest = math.ceil(size / factor), int(size * factor)
            order = [i for n in range(lowest, highest + 1) for i in self.short.get(n, ())]
        best_entry, best_weight = None, FUZZY_THRESHOLD
        for index in order:
            candidate = self.entries[index]
            bonus = CONTEXT_BONUS if candidate.msgctxt in (None, msgctxt) else 0.0
            # No pair of lengths a, b can be more alike than 2 min(a, b) / (a + b).
            other = self.sizes[index]
            if 2 * min(size, other) / (size + other) + bonus <= best_weight:
                continue
            weight = similarity(msgid, candidate.msgid) + bonus
            if weight > best_weight:
                best_entry, best_weight = candidate, weight
        return best_entry


def _grams(text: str) -> list[str]:
    return [text[i : i + 4] for i in range(len(text) - 3)]


def merge(pot: polib.POFile, po: polib.POFile) -> polib.POFile:
    """Merge a template into a catalogue as ``msgmerge --previous`` does, losing no translation.

    An entry whose source is unchanged keeps its translation; a changed one takes
    the translation of the most similar old entry, marked fuzzy, with the old
    msgid in ``#|``; a new one starts empty; an old translated entry that nothing
    uses becomes obsolete (``#~``), and comes back if its source does.  Translator
    comments, flags and header come from the catalogue (the template refreshes
    ``POT-Creation-Date`` and ``Report-Msgid-Bugs-To``), ``#.`` and ``#:`` from the
    template.  Unlike msgmerge, the translator's own flags (``no-wrap``, custom
    ones) are kept, and obsolete entries keep the pivot comments.
    """
    merged = polib.POFile(wrapwidth=79)
    merged.header = po.header if po.header or po.metadata else pot.header
    merged.metadata = merge_header(po.metadata or pot.metadata, pot.metadata)
    merged.metadata_is_fuzzy = po.metadata_is_fuzzy
    definitions = [entry for entry in po if entry.msgid != ""]
    exact: dict[tuple, polib.POEntry] = {}
    for entry in definitions:
        exact.setdefault((entry.msgctxt, entry.msgid), entry)
    fuzzy_index = FuzzyIndex(definitions)
    used: set[int] = set()
    for template in pot:
        if template.obsolete or template.msgid == "":
            continue
        old = exact.get((template.msgctxt, template.msgid))
        matched_fuzzily = False
        if old is None:
            old = fuzzy_index.best(template.msgctxt, template.msgid)
            matched_fuzzily = old is not None
        if old is None:
            merged.append(copy_entry(template))
        else:
            used.add(id(old))
            merged.append(_merged_entry(template, old, matched_fuzzily))
    for old in definitions:
        if id(old) not in used and has_translation(old):
            merged.append(_obsolete_entry(old))
    return merged


def merge_header(fields: dict[str, str], template: dict[str, str]) -> dict[str, str]:
    """The catalogue's header with the template's dates, in msgmerge's field order."""
    result = dict(fields)
    for name in ("Report-Msgid-Bugs-To", "POT-Creation-Date"):
        if name in template:
            result[name] = template[name]
    return ordered_header(result)


def _merged_entry(
    template: polib.POEntry, old: polib.POEntry, matched_fuzzily: bool
) -> polib.POEntry:
    entry = copy_entry(template)
    entry.comment = _with_pivot_lines(template.comment, old.comment)
    entry.tcomment = old.tcomment
    entry.msgstr = old.msgstr
    if template.msgid_plural and old.msgid_plural:
        entry.msgstr_plural = dict(old.msgstr_plural)
    fuzzy = is_fuzzy(old) or matched_fuzzily
    if template.msgid_plural != old.msgid_plural:
        fuzzy = True
        if template.msgid_plural:
            entry.msgstr_plural = {0: old.msgstr, 1: old.msgstr}
        else:
            entry.msgstr = old.msgstr_plural.get(0, "")
    own_flags = [flag for flag in old.flags if flag != "fuzzy"]
    entry.flags = (["fuzzy"] if fuzzy else []) + own_flags
    entry.flags += [flag for flag in template.flags if flag not in entry.flags]
    # The previous msgid is the source the translation was made from.
    if fuzzy and has_translation(entry):
        if is_fuzzy(old):
            entry.previous_msgctxt = old.previous_msgctxt
            entry.previous_msgid = old.previous_msgid
            entry.previous_msgid_plural = old.previous_msgid_plural
        elif matched_fuzzily:
            entry.previous_msgctxt = old.msgctxt
            entry.previous_msgid = old.msgid
            # polib reads a missing msgid_plural as "": msgmerge writes no "#| msgid_plural" then.
            entry.previous_msgid_plural = old.msgid_plural or None
    return entry


def _obsolete_entry(old: polib.POEntry) -> polib.POEntry:
    entry = copy_entry(old)
    entry.comment = "\n".join(pivot_lines(old.comment))
    entry.occurrences = []
    entry.tcomment = old.tcomment
    entry.msgstr = old.msgstr
    entry.msgstr_plural = dict(old.msgstr_plural)
    entry.flags = list(old.flags)
    # msgmerge would keep "#~|" lines, but polib cannot read them back: writing them would make
    # the next update differ from this one.
    entry.obsolete = True
    return entry


def _with_pivot_lines(template_comment: str, old_comment: str) -> str:
    return "\n".join([template_comment, *pivot_lines(old_comment)]).strip("\n")
