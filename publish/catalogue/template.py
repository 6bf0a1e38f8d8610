"""The template a document's segments make (the POT), and a new locale's catalogue started from it.

``build_template`` is xgettext's job: one entry per segment.  ``new_catalogue`` is msginit's: an
empty catalogue with a complete header for a locale, named as gettext spells locales.  Dates
come from ``SOURCE_DATE_EPOCH`` when it is set, so that rebuilt files are identical.
"""

from __future__ import annotations

import datetime as dt
import re

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from publish import __version__
from publish.dates import source_date
from publish.errors import PublishError
from publish.model import Document, Segment


def creation_date(previous: polib.POFile | None) -> str:
    """POT-Creation-Date: SOURCE_DATE_EPOCH if set, else the previous template's, else now."""
    moment = source_date()
    if moment is not None:
        return moment.strftime("%Y-%m-%d %H:%M+0000")
    if previous is not None and previous.metadata.get("POT-Creation-Date"):
        return previous.metadata["POT-Creation-Date"]
    return dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M+0000")


def now_stamp() -> str:
    """The current time as a PO header date; SOURCE_DATE_EPOCH wins, for reproducible files."""
    return creation_date(None)


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


TEMPLATE_HEADER = {
    "Project-Id-Version": "",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "Language": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
"""A template's header fields as xgettext writes them, in its order; msginit fills them in."""


def build_template(document: Document, previous: polib.POFile | None = None) -> polib.POFile:
    """The POT of a document: one entry per segment, in reading order."""
    pot = polib.POFile(wrapwidth=79)
    pot.header = (
        f"Translations of {document.name}, a briefing built by publish.\n"
        "This file is distributed under the same license as the article."
    )
    pot.metadata = {
        **TEMPLATE_HEADER,
        "Project-Id-Version": document.name,
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


# --- a new locale's catalogue, as msginit makes it ------------------------------


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
    po.metadata = ordered_header(fields)
    for entry in pot:
        po.append(copy_entry(entry))
    return po


def ordered_header(fields: dict[str, str]) -> dict[str, str]:
    ordered = {name: fields[name] for name in HEADER_ORDER if name in fields}
    ordered.update((name, value) for name, value in fields.items() if name not in ordered)
    return ordered


def copy_entry(entry: polib.POEntry) -> polib.POEntry:
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
