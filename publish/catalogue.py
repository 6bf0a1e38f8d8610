"""Gettext catalogues: the template extracted from a document, and one catalogue per locale.

``en`` holds the editors' corrections of the garbled source; every other
locale translates the corrected English (the *pivot*), which each of its
entries carries as an extracted comment.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural
from rapidfuzz.distance import Indel

from publish import __version__, poparse
from publish.errors import PublishError
from publish.model import Document, Segment

PIVOT_LOCALE = "en"
PIVOT_COMMENT = "en: "


@dataclass(frozen=True)
class Paths:
    """Where a document's catalogues live under a project root."""

    root: Path

    def pot(self, doc: str) -> Path:
        return self.root / "locales" / f"{doc}.pot"

    def po(self, doc: str, locale: str) -> Path:
        return self.root / "locales" / locale / "LC_MESSAGES" / f"{doc}.po"

    def locales(self) -> list[str]:
        base = self.root / "locales"
        if not base.is_dir():
            raise PublishError(
                "no such folder: not a project folder? (run publish in the folder that holds "
                "seeds/ and locales/, or name it with -C)",
                base,
            )
        return sorted(p.name for p in base.iterdir() if (p / "LC_MESSAGES").is_dir())


# --- the template ---------------------------------------------------------------


def source_date() -> dt.datetime | None:
    """The moment SOURCE_DATE_EPOCH names, or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return None
    try:
        if not epoch.strip().isdigit():
            raise ValueError(epoch)
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise PublishError(
            f"not a whole number of seconds since 1970: {epoch!r} "
            "(reproducible builds set it to the date of the last change, e.g. $(date +%s))",
            "SOURCE_DATE_EPOCH",
        ) from None


def creation_date(previous: polib.POFile | None) -> str:
    """POT-Creation-Date: SOURCE_DATE_EPOCH if set, else the previous template's, else now."""
    moment = source_date()
    if moment is not None:
        return moment.strftime("%Y-%m-%d %H:%M+0000")
    if previous is not None and previous.metadata.get("POT-Creation-Date"):
        return previous.metadata["POT-Creation-Date"]
    return dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M+0000")


def template_entry(segment: Segment) -> polib.POEntry:
    """A template entry: the segment's text, its role and position, and where it comes from."""
    entry = polib.POEntry(
        msgid=segment.text,
        msgstr="",
        comment=f"type: {segment.role}\n{segment.role} {segment.number}",
        occurrences=[(segment.path, str(segment.line))],
    )
    if segment.context is not None:
        entry.msgctxt = segment.context
    return entry


def build_template(document: Document, previous: polib.POFile | None = None) -> polib.POFile:
    """The POT of a document: one entry per segment, in reading order."""
    pot = polib.POFile(wrapwidth=79)
    pot.header = (
        f"Translations of {document.name}, a briefing built by publish.\n"
        "This file is distributed under the same license as the article."
    )
    pot.metadata = {
        "Project-Id-Version": f"{document.name}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"publish {__version__}",
    }
    for segment in document.segments:
        pot.append(template_entry(segment))
    # An unchanged template keeps its date, so that re-extracting it rewrites nothing.
    unchanged = previous is not None and _entries_equal(previous, pot)
    pot.metadata["POT-Creation-Date"] = creation_date(previous if unchanged else None)
    return pot


def _entries_equal(a: polib.POFile, b: polib.POFile) -> bool:
    def shape(po: polib.POFile) -> list[tuple]:
        return [(e.msgctxt, e.msgid, e.comment, tuple(e.occurrences)) for e in po if not e.obsolete]

    return shape(a) == shape(b)


# --- locale catalogues -----------------------------------------------------------


def new_catalogue(pot: polib.POFile, locale: str) -> polib.POFile:
    """An empty catalogue for ``locale`` with a complete header, as ``msginit`` makes.

    ``Plural-Forms`` comes from babel's CLDR data; ``Last-Translator`` is gettext's
    placeholder, which ``msgfmt -c`` reminds the translator to fill in.
    """
    parsed = parse_locale(locale)
    spelling = gettext_spelling(locale)
    if parsed is None or spelling != locale:
        if spelling != locale and parse_locale(spelling) is not None:
            raise PublishError(f"unknown locale {locale!r}; did you mean {spelling}?")
        raise PublishError(f"unknown locale {locale!r}; use a code such as de, fr or zh_TW")
    plural = get_plural(parsed)
    po = polib.POFile(wrapwidth=79)
    po.header = pot.header
    fields = dict(pot.metadata)
    fields.update(
        {
            "PO-Revision-Date": now_stamp(),
            "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
            "Language-Team": parsed.english_name or locale,
            "Language": locale,
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
        }
    )
    po.metadata = _ordered_header(fields)
    for entry in pot:
        po.append(_copy_entry(entry))
    return po


def parse_locale(text: str) -> Locale | None:
    """The locale ``text`` names, in gettext's spelling (zh_CN) or the web's (zh-CN), or None."""
    for separator in ("_", "-"):
        try:
            return Locale.parse(text, sep=separator)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


def gettext_spelling(text: str) -> str:
    """``text`` spelled as gettext names locales: zh-cn and zh_cn are zh_CN, sr-latn sr_Latn."""
    parts = re.split(r"[-_]", text.strip())
    spelled = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            spelled.append(part.title())  # a script
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            spelled.append(part.upper())  # a territory
        else:
            spelled.append(part)
    return "_".join(spelled)


def matching_locale(text: str, known: list[str]) -> str | None:
    """The locale of ``known`` that ``text`` names in another spelling (zh-cn, zh_cn: zh_CN)."""
    spelling = gettext_spelling(text)
    if spelling in known:
        return spelling
    wanted = parse_locale(text)
    if wanted is None:
        return None
    return next((locale for locale in known if parse_locale(locale) == wanted), None)


def now_stamp() -> str:
    """The current time as a PO header date; SOURCE_DATE_EPOCH wins, for reproducible files."""
    return creation_date(None)


# --- merging, as msgmerge --previous does ------------------------------------------

FUZZY_THRESHOLD = 0.6
"""msgmerge accepts a fuzzy match only above this similarity (``FUZZY_THRESHOLD``)."""
CONTEXT_BONUS = 0.00001
"""msgmerge prefers a candidate without msgctxt, or with the same one, by this much."""
SHORT_MESSAGE_BYTES = 28
"""msgmerge compares a msgid of fewer than four characters only with messages this short."""

HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
"""The fields msgmerge knows, in the order it writes them; others follow in their own order."""


def similarity(a: str, b: str) -> float:
    """GNU gettext's ``fstrcmp``: 2 * longest common subsequence / total length, in UTF-8 bytes."""
    x, y = a.encode("utf-8"), b.encode("utf-8")
    total = len(x) + len(y)
    if total == 0:
        return 1.0
    return (total - Indel.distance(x, y)) / total


def first_msgstr(entry: polib.POEntry) -> str:
    """The text gettext looks at to tell a translated entry: msgstr, or msgstr[0]."""
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def has_translation(entry: polib.POEntry) -> bool:
    return first_msgstr(entry) != ""


def is_fuzzy(entry: polib.POEntry) -> bool:
    return "fuzzy" in entry.flags


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
            merged.append(_copy_entry(template))
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
    return _ordered_header(result)


def _ordered_header(fields: dict[str, str]) -> dict[str, str]:
    ordered = {name: fields[name] for name in HEADER_ORDER if name in fields}
    ordered.update((name, value) for name, value in fields.items() if name not in ordered)
    return ordered


def _merged_entry(
    template: polib.POEntry, old: polib.POEntry, matched_fuzzily: bool
) -> polib.POEntry:
    entry = _copy_entry(template)
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
    entry = _copy_entry(old)
    entry.comment = "\n".join(_pivot_lines(old.comment))
    entry.occurrences = []
    entry.tcomment = old.tcomment
    entry.msgstr = old.msgstr
    entry.msgstr_plural = dict(old.msgstr_plural)
    entry.flags = list(old.flags)
    # msgmerge would keep "#~|" lines, but polib cannot read them back: writing them would make
    # the next update differ from this one.
    entry.obsolete = True
    return entry


def _copy_entry(entry: polib.POEntry) -> polib.POEntry:
    """An untranslated copy of a template entry: msgid, context, comments, references, flags."""
    copy = polib.POEntry(
        msgid=entry.msgid,
        msgstr="",
        comment=entry.comment,
        occurrences=list(entry.occurrences),
        flags=[flag for flag in entry.flags if flag != "fuzzy"],
    )
    if entry.msgctxt is not None:
        copy.msgctxt = entry.msgctxt
    if entry.msgid_plural:
        copy.msgid_plural = entry.msgid_plural
        copy.msgstr_plural = {0: "", 1: ""}
    return copy


# --- the pivot: which corrected English a translation was made from ----------------

PIVOT_WAS_COMMENT = "en (was): "


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


def _pivot_lines(comment: str) -> list[str]:
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


def _with_pivot_lines(template_comment: str, old_comment: str) -> str:
    return "\n".join([template_comment, *_pivot_lines(old_comment)]).strip("\n")


# --- reading ---------------------------------------------------------------------


def load(path: Path) -> polib.POFile:
    """Read a PO or POT file, validated as strictly as GNU ``msgfmt -c`` (see ``poparse``)."""
    return poparse.load(path)


# --- build policy --------------------------------------------------------------------

DEFAULT_THRESHOLD = 0.8
"""A locale with less than this share of source words translated is built as a draft."""


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


def word_count(text: str) -> int:
    """Words of source text, as translators are paid for them: runs between spaces."""
    return len(text.split())


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


# --- statistics ----------------------------------------------------------------------

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
