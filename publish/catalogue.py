"""Gettext catalogues: the template extracted from a document, and one catalogue per locale.

``en`` holds the editors' corrections of the garbled source; every other
locale translates the corrected English (the *pivot*), which each of its
entries carries as an extracted comment.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from publish import __version__
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
        return sorted(p.name for p in base.iterdir() if (p / "LC_MESSAGES").is_dir())


# --- the template ---------------------------------------------------------------


def creation_date(previous: polib.POFile | None) -> str:
    """POT-Creation-Date: SOURCE_DATE_EPOCH if set, else the previous template's, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError:
            raise PublishError(f"SOURCE_DATE_EPOCH is not a whole number: {epoch!r}") from None
        return moment.strftime("%Y-%m-%d %H:%M+0000")
    if previous is not None and previous.metadata.get("POT-Creation-Date"):
        return previous.metadata["POT-Creation-Date"]
    return dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M+0000")


def template_entry(segment: Segment) -> polib.POEntry:
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
    unchanged = previous is not None and _entries_equal(previous, pot)
    pot.metadata["POT-Creation-Date"] = creation_date(previous if unchanged else None)
    if os.environ.get("SOURCE_DATE_EPOCH") is None and not unchanged:
        pot.metadata["POT-Creation-Date"] = creation_date(None)
    return pot


def _entries_equal(a: polib.POFile, b: polib.POFile) -> bool:
    def shape(po: polib.POFile) -> list[tuple]:
        return [(e.msgctxt, e.msgid, e.comment, tuple(e.occurrences)) for e in po if not e.obsolete]

    return shape(a) == shape(b)


# --- locale catalogues -----------------------------------------------------------


def new_catalogue(pot: polib.POFile, locale: str) -> polib.POFile:
    """An empty catalogue for ``locale`` with a complete header, as ``msginit`` makes."""
    try:
        parsed = Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise PublishError(
            f"unknown locale {locale!r}; use a code such as de, fr or zh_TW"
        ) from None
    plural = get_plural(parsed)
    po = polib.POFile(wrapwidth=79)
    po.header = pot.header
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "PO-Revision-Date": pot.metadata.get("POT-Creation-Date", ""),
            "Last-Translator": "",
            "Language-Team": f"{parsed.english_name}",
            "Language": locale,
            "Plural-Forms": f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
        }
    )
    for entry in pot:
        po.append(_copy_entry(entry))
    return po


def merge(pot: polib.POFile, po: polib.POFile) -> polib.POFile:
    """Merge a template into a catalogue: keep what matches, add what is new, obsolete the rest."""
    merged = polib.POFile(wrapwidth=79)
    merged.header = po.header
    merged.metadata = dict(po.metadata)
    merged.metadata["POT-Creation-Date"] = pot.metadata.get("POT-Creation-Date", "")
    old = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    used = set()
    for template in pot:
        key = (template.msgctxt, template.msgid)
        entry = _copy_entry(template)
        previous = old.get(key)
        if previous is not None:
            used.add(key)
            entry.msgstr = previous.msgstr
            entry.tcomment = previous.tcomment
            entry.flags = list(previous.flags)
            entry.comment = _keep_pivot(template.comment, previous.comment)
        merged.append(entry)
    for entry in po:
        if (entry.obsolete or (entry.msgctxt, entry.msgid) not in used) and entry.msgstr:
            gone = _copy_entry(entry)
            gone.msgstr = entry.msgstr
            gone.tcomment = entry.tcomment
            gone.flags = list(entry.flags)
            gone.obsolete = True
            gone.occurrences = []
            merged.append(gone)
    return merged


def set_pivot(po: polib.POFile, pivot: polib.POFile) -> polib.POFile:
    """Record the corrected English of each entry as an ``en:`` extracted comment."""
    corrected = {(e.msgctxt, e.msgid): e.msgstr for e in pivot if not e.obsolete and e.translated()}
    for entry in po:
        if entry.obsolete:
            continue
        lines = [line for line in entry.comment.split("\n") if not line.startswith(PIVOT_COMMENT)]
        text = corrected.get((entry.msgctxt, entry.msgid))
        if text is not None:
            lines.append(PIVOT_COMMENT + text)
        entry.comment = "\n".join(lines)
    return po


def _keep_pivot(template_comment: str, old_comment: str) -> str:
    pivot = [line for line in old_comment.split("\n") if line.startswith(PIVOT_COMMENT)]
    return "\n".join([template_comment, *pivot]) if pivot else template_comment


def _copy_entry(entry: polib.POEntry) -> polib.POEntry:
    copy = polib.POEntry(
        msgid=entry.msgid,
        msgstr="",
        comment=entry.comment,
        occurrences=list(entry.occurrences),
    )
    if entry.msgctxt is not None:
        copy.msgctxt = entry.msgctxt
    return copy


# --- reading ---------------------------------------------------------------------


def load(path: Path) -> polib.POFile:
    """Read a PO or POT file; polib's complaints become a one-line error with a line number."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise PublishError("no such catalogue", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PublishError("not valid UTF-8", path, line) from None
    try:
        return polib.pofile(text, wrapwidth=79)
    except (OSError, ValueError) as error:
        message = str(error)
        line = None
        if "(line " in message:
            try:
                line = int(message.rsplit("(line ", 1)[1].split(")")[0])
            except ValueError:
                line = None
        raise PublishError(message.split(" (line")[0].strip(), path, line) from None


@dataclass(frozen=True)
class Translation:
    """A segment's text in one locale, and whether it is final."""

    text: str
    status: str
    """``translated``, ``fuzzy`` (only with allow_fuzzy) or ``untranslated`` (fallback text)."""


def translations(
    document: Document, po: polib.POFile | None, fallback: dict[tuple, str], allow_fuzzy: bool
) -> dict[tuple, Translation]:
    """Each segment's text in a locale, falling back to ``fallback`` where it is not translated."""
    found = {} if po is None else {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    result = {}
    for segment in document.segments:
        entry = found.get(segment.key)
        if entry is not None and entry.msgstr and ("fuzzy" not in entry.flags or allow_fuzzy):
            status = "fuzzy" if "fuzzy" in entry.flags else "translated"
            result[segment.key] = Translation(entry.msgstr, status)
        else:
            result[segment.key] = Translation(fallback[segment.key], "untranslated")
    return result


def translated_share(document: Document, result: dict[tuple, Translation]) -> float:
    """The share of source words whose segment is translated."""
    total = sum(len(s.text.split()) for s in document.segments)
    done = sum(
        len(s.text.split()) for s in document.segments if result[s.key].status == "translated"
    )
    return done / total if total else 1.0
