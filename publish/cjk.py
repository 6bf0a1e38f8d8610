"""How each CJK locale is written: its characters, the region its faces draw, its marks.

Chinese is written in Simplified characters (zh_CN, zh_SG, plain zh) or Traditional ones (zh_HK,
zh_MO, zh_TW, zh_Hant), and Noto CJK draws the same character in the forms of five regions (SC,
TC, HK, JP, KR): a Hong Kong text needs the HK faces, a Taiwanese one the TC faces, and so on,
or readers see another region's glyphs.  The HTML ``lang`` of a locale selects its faces in
``templates/briefing.css`` and is written into the PDF's structure tree.

Standard library only: ``publish doctor`` uses it where babel may be missing.  The script of a
Chinese locale without one is babel's likely script (zh_HK, zh_MO, zh_TW: Hant; zh, zh_CN,
zh_SG: Hans); ``tests/test_traditional.py`` compares the two for every Chinese locale babel knows.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

TRADITIONAL_TERRITORIES = ("HK", "MO", "TW")

REGION_NAMES = {
    "SC": "Simplified Chinese",
    "TC": "Traditional Chinese",
    "HK": "Hong Kong Chinese",
    "JP": "Japanese",
    "KR": "Korean",
}


@dataclass(frozen=True)
class Writing:
    """How one CJK locale is written."""

    script: str
    """ISO 15924: ``Hans``, ``Hant``, ``Jpan`` or ``Kore``."""
    region: str
    """The Noto CJK region whose glyph forms it reads: ``SC``, ``TC``, ``HK``, ``JP`` or ``KR``."""
    lang: str
    """Its BCP 47 tag, for HTML ``lang`` and the PDF's ``/Lang``."""
    quotes: str
    """Opening and closing quotation marks, then those of a quotation inside a quotation."""

    @property
    def is_chinese(self) -> bool:
        return self.script in ("Hans", "Hant")

    @property
    def region_name(self) -> str:
        return REGION_NAMES[self.region]


@functools.cache
def subtags(locale: str) -> tuple[str, str | None, str | None]:
    """Language, script and territory of ``zh_Hant_HK``, ``zh-HK``, ``zh_TW.UTF-8``."""
    parts = re.split(r"[-_]", locale.split(".")[0].split("@")[0].strip())
    language, script, territory = parts[0].lower(), None, None
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            script = part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            territory = part.upper()
    return language, script, territory


@functools.cache
def writing(locale: str) -> Writing | None:
    """How ``locale`` is written, or None for a locale not written in CJK characters."""
    language, script, territory = subtags(locale)
    if language == "ja":
        return Writing("Jpan", "JP", "ja", "「」『』")
    if language == "ko":
        return Writing("Kore", "KR", "ko", "“”‘’")
    if language != "zh" or script not in (None, "Hans", "Hant"):
        return None  # zh_Latn: pinyin
    if script is None:
        script = "Hant" if territory in TRADITIONAL_TERRITORIES else "Hans"
    if script == "Hans":
        lang = "zh-Hans" if territory in (None, "CN") else f"zh-Hans-{territory}"
        return Writing("Hans", "SC", lang, "“”‘’")
    if territory in ("HK", "MO"):
        return Writing("Hant", "HK", f"zh-{territory}", "「」『』")
    lang = "zh-TW" if territory == "TW" else "zh-Hant" + (f"-{territory}" if territory else "")
    return Writing("Hant", "TC", lang, "「」『』")


def is_traditional(locale: str) -> bool:
    written = writing(locale)
    return written is not None and written.script == "Hant"


def is_simplified(locale: str) -> bool:
    written = writing(locale)
    return written is not None and written.script == "Hans"
