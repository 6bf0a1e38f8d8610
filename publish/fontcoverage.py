"""Which characters the stylesheet's fonts can show, as fontconfig resolves their families.

The build stops at the first glyph no named face has (``render.pdf.FATAL_LOG_MARKERS``); ``publish
check`` asks the same question of each translation beforehand.  The coverage is fontconfig's own:
``fc-list --format '%{family}\t%{charset}'`` prints each installed face's families and character
ranges from fontconfig's cache, so no font file is opened and no cache of our own is needed.

Cost: the stylesheet names 12 families (a text and a display face for each of five CJK regions);
one fc-list of every installed face, read for those families, took 33-48 ms wall on a loaded
machine, where one fc-list per family, run all at once, took 80-130 ms.  Each character then
costs one binary search.  Reading the cmaps with fontTools
instead took 0.39 s for the four CJK collections alone, and would have needed a cache of its own
(fontconfig's is kept current by fc-cache); the whole check took about 0.3 s CPU before.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from publish.doctor import template_families

VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))


def needs_glyph(char: str) -> bool:
    """False for controls, format characters and variation selectors: nothing is drawn for them."""
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        return False
    code = ord(char)
    return not any(low <= code <= high for low, high in VARIATION_SELECTORS)


def describe(char: str) -> str:
    """``U+1F600 GRINNING FACE``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '(no name)')}"


@dataclass(frozen=True)
class Coverage:
    """The union of the character ranges of every face of the named families.

    ``problem`` says why the fonts could not be inspected; then nothing is known to be covered.
    """

    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    problem: str | None = None
    # Each character's answer, worked out once: a check of many catalogues asks about the same
    # few thousand characters millions of times.
    _lacking: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def covers(self, char: str) -> bool:
        code = ord(char)
        index = bisect.bisect_right(self.starts, code) - 1
        return index >= 0 and code <= self.ends[index]

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` no face has, each once, in order of appearance."""
        lacking = self._lacking
        found = []
        for char in dict.fromkeys(text):
            answer = lacking.get(char)
            if answer is None:
                answer = lacking[char] = needs_glyph(char) and not self.covers(char)
            if answer:
                found.append(char)
        return found


def parse_charset(text: str) -> list[tuple[int, int]]:
    """fontconfig's ``%{charset}``: hexadecimal code points and ranges, ``20-7e a0 b0-17f``."""
    ranges = []
    for item in text.split():
        low, _, high = item.partition("-")
        ranges.append((int(low, 16), int(high or low, 16)))
    return ranges


def merge(ranges: list[tuple[int, int]]) -> Coverage:
    starts: list[int] = []
    ends: list[int] = []
    for low, high in sorted(ranges):
        if ends and low <= ends[-1] + 1:
            ends[-1] = max(ends[-1], high)
        else:
            starts.append(low)
            ends.append(high)
    return Coverage(tuple(starts), tuple(ends))


def face_charsets(families: list[str]) -> list[str]:
    """The ``%{charset}`` of each installed face of ``families``, by fontconfig, each once."""
    result = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{charset}\n"],
        capture_output=True,
        text=True,
        check=False,
    )
    wanted = set(families)
    charsets: dict[str, None] = {}
    for line in result.stdout.splitlines():
        names, _, charset = line.partition("\t")
        if charset.strip() and wanted.intersection(names.split(",")):
            charsets[charset] = None
    return list(charsets)


@cache
def coverage(templates: Path) -> Coverage:
    """What the families that ``templates/*.css`` name cover, together."""
    if shutil.which("fc-list") is None:
        return Coverage(problem="fontconfig's fc-list is not installed: fonts not inspected")
    families = template_families(templates)
    ranges: list[tuple[int, int]] = []
    try:
        for charset in face_charsets(families):
            ranges += parse_charset(charset)
    except (OSError, ValueError) as error:
        return Coverage(problem=f"fc-list failed ({error}): fonts not inspected")
    if not ranges:
        names = ", ".join(families)
        return Coverage(problem=f"none of the fonts {names} is installed (see publish doctor)")
    return merge(ranges)
