"""GNU libunistring 1.0's line breaking and column widths, with which gettext 0.21 wraps PO files.

The writer (``publish.po.writer``) fills lines with these.  Break opportunities come from
libunistring's variant of the Unicode line breaking algorithm (UAX #14, with its own pair table
and deviations: a break is allowed between ``.`` and a letter, opening and closing punctuation
are split into East Asian and other); widths count East Asian wide characters as two columns.
The Line_Break property itself comes from ``uniseg``, the maintained pure Python package that
ships the Unicode character database's ``LineBreak.txt``; no package reproduces libunistring's
*algorithm* (``uniseg`` and ICU implement the current UAX #14, whose quotation, numeric and East
Asian rules break differently), so the pair rules are written out below.  ``uniseg`` carries
Unicode 16.0 data and libunistring 1.0 Unicode 14.0; the few characters whose class differs
between the two are listed in ``_LIBUNISTRING_CLASS_OVERRIDES`` so that every character
libunistring knows is classified as it classifies it (the tests check every code point of
planes 0 and 1 against the installed library).  Characters that are unassigned in the running
Python's ``unicodedata`` are treated as libunistring treats unassigned characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import uniseg.linebreak

# ---------------------------------------------------------------------------------------------
# Line breaking classes as libunistring 1.0 resolves them.

# Classes that take part in pair decisions (UAX #14 table classes, with OP/CP split into
# non-East-Asian "1" and East Asian "2", and ID split into ID1 and ID2, the latter for
# unassigned code points reserved for future pictographs).
PAIR_CLASSES = (
    "WJ",
    "GL",
    "B2",
    "BA",
    "BB",
    "HY",
    "CL",
    "CP1",
    "CP2",
    "EX",
    "IN",
    "NS",
    "OP1",
    "OP2",
    "QU",
    "IS",
    "NU",
    "PO",
    "PR",
    "SY",
    "AL",
    "H2",
    "H3",
    "ID1",
    "ID2",
    "JL",
    "JV",
    "JT",
    "HL",
    "RI",
    "ZWJ",
    "EB",
    "EM",
)

# Code points whose libunistring 1.0 class differs from uniseg's Unicode 16.0 data.
_LIBUNISTRING_CLASS_OVERRIDES: tuple[tuple[int, int, str], ...] = (
    (0x0600, 0x0605, "AL"),
    (0x06DD, 0x06DD, "AL"),
    (0x0890, 0x0891, "AL"),
    (0x08E2, 0x08E2, "AL"),
    (0x19DA, 0x19DA, "AL"),
    (0x1B5C, 0x1B5C, "AL"),
    (0x1B61, 0x1B6A, "AL"),
    (0x1B74, 0x1B7C, "AL"),
    (0x1DCD, 0x1DCD, "CM"),
    (0x1DFC, 0x1DFC, "CM"),
    (0x2057, 0x2057, "AL"),
    (0x20C1, 0x20CF, "PR"),
    (0x2E56, 0x2E56, "CL"),
    (0x2E58, 0x2E58, "CL"),
    (0x2E5A, 0x2E5A, "CL"),
    (0x2E5C, 0x2E5C, "CL"),
    (0xA9C1, 0xA9C6, "AL"),
    (0xA9CA, 0xA9CD, "AL"),
    (0xA9CF, 0xA9CF, "AL"),
    (0xA9DE, 0xA9DF, "AL"),
    (0xAA40, 0xAA42, "AL"),
    (0xAA44, 0xAA4B, "AL"),
    (0xAA5C, 0xAA5C, "AL"),
    (0xFE10, 0xFE10, "IS"),
    (0xFE13, 0xFE14, "IS"),
    (0xFE20, 0xFE20, "CM"),
    (0xFE22, 0xFE22, "CM"),
    (0xFE24, 0xFE24, "CM"),
    (0xFE26, 0xFE27, "CM"),
    (0xFE29, 0xFE29, "CM"),
    (0xFE2B, 0xFE2B, "CM"),
    (0xFE2D, 0xFE2E, "CM"),
    (0x11049, 0x1104D, "AL"),
    (0x11052, 0x11065, "AL"),
    (0x1107F, 0x1107F, "CM"),
    (0x110BD, 0x110BD, "AL"),
    (0x110CD, 0x110CD, "AL"),
    (0x1133D, 0x1133D, "AL"),
    (0x1135D, 0x1135D, "AL"),
    (0x11EF2, 0x11EF2, "AL"),
    (0x11EF7, 0x11EF8, "AL"),
    (0x1F10D, 0x1F10F, "ID1"),
    (0x1F16D, 0x1F16F, "ID1"),
    (0x1F1AD, 0x1F1AD, "ID1"),
    (0x1F8B0, 0x1F8B1, "ID1"),
)

# Unassigned code points that libunistring classifies as ideographs (Unicode reserves them
# for CJK ideographs or, in plane 1, for pictographs).
_UNASSIGNED_IDEOGRAPHIC = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
)
_EAST_ASIAN_WIDE = {"W", "F", "H"}


def _in_ranges(code: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(start <= code <= end for start, end in ranges)


@lru_cache(maxsize=4096)
def line_break_class(char: str) -> str:
    """The class libunistring 1.0 gives ``char`` in UTF-8 text, after its fixed resolutions.

    Besides ``PAIR_CLASSES`` the result may be ``BK`` (mandatory break), ``CR``, ``LF``,
    ``SP``, ``ZW`` or ``CM``, which the breaking loop handles before the pair table.
    """
    code = ord(char)
    for start, end, klass in _LIBUNISTRING_CLASS_OVERRIDES:
        if start <= code <= end:
            return klass
    if unicodedata.category(char) == "Cn":
        if 0x1F000 <= code <= 0x1FFFD:
            return "ID2" if uniseg.linebreak.extended_pictographic(char) else "AL"
        return "ID1" if _in_ranges(code, _UNASSIGNED_IDEOGRAPHIC) else "AL"
    klass = uniseg.linebreak.line_break(char).value
    if klass in ("OP", "CP"):
        wide = unicodedata.east_asian_width(char) in _EAST_ASIAN_WIDE
        return klass + ("2" if wide else "1")
    if klass in ("AK", "AP", "AS"):  # Unicode 15.1 Aksara classes, alphabetic before
        return "NU" if unicodedata.category(char) == "Nd" else "AL"
    return {
        "NL": "BK",
        "CJ": "NS",
        "ID": "ID1",
        "CB": "ID1",
        "AI": "AL",
        "SA": "AL",
        "XX": "AL",
        "SG": "AL",
        "VI": "CM",
        "VF": "CM",
    }.get(klass, klass)


# Pair decisions: direct break, break only when spaces intervene, or never.
DIRECT, INDIRECT, PROHIBITED = "D", "I", "P"

_NUMERIC_AFTER_PREFIX = {"OP1", "OP2", "NU"}
_HANGUL = {"JL", "JV", "JT", "H2", "H3"}
_IDEOGRAPHIC = {"ID1", "ID2", "EB", "EM"}
_ALPHABETIC = {"AL", "HL"}


@lru_cache(maxsize=2048)
def pair_rule(before: str, after: str) -> str:
    """Whether libunistring may break between classes ``before`` and ``after``.

    ``before`` is the class of the last non-space character, ``after`` the class of the
    next one; ``INDIRECT`` means a break is allowed only if spaces separate them.
    """
    # Never, not even after spaces: LB11-LB17.
    if after in ("WJ", "CL", "CP1", "CP2", "EX", "IS", "SY"):
        return PROHIBITED
    if before in ("OP1", "OP2"):
        return PROHIBITED
    if (before, after) in {("QU", "OP1"), ("QU", "OP2"), ("CL", "NS"), ("B2", "B2")}:
        return PROHIBITED
    # Only after spaces.
    if before in ("WJ", "GL", "BB", "QU") or after in ("BA", "HY", "NS", "IN", "QU"):
        return INDIRECT
    if after == "GL" and before not in ("BA", "HY"):
        return INDIRECT
    if _glued(before, after):
        return INDIRECT
    return DIRECT


def _glued(before: str, after: str) -> bool:
    """The pairs that UAX #14 rules LB21b-LB30b keep together when adjacent."""
    if before == "SY" and after == "HL":
        return True
    if before in _ALPHABETIC and after in _ALPHABETIC | {"NU", "PO", "PR", "OP1"}:
        return True
    if before == "NU" and after in _ALPHABETIC | {"NU", "PO", "PR", "OP1"}:
        return True
    if before == "PR" and after in _IDEOGRAPHIC | _HANGUL | _ALPHABETIC | _NUMERIC_AFTER_PREFIX:
        return True
    if before == "PO" and after in _ALPHABETIC | _NUMERIC_AFTER_PREFIX:
        return True
    if before in ("CL", "CP1", "CP2") and after in ("PO", "PR"):
        return True
    if before == "CP1" and after in _ALPHABETIC | {"NU"}:
        return True
    if before in ("HY", "IS", "SY") and after == "NU":
        return True
    if before in _IDEOGRAPHIC | _HANGUL and after == "PO":
        return True
    if before in ("EB", "ID2") and after == "EM":
        return True
    return (before, after) in {
        ("JL", "JL"),
        ("JL", "JV"),
        ("JL", "H2"),
        ("JL", "H3"),
        ("JV", "JV"),
        ("JV", "JT"),
        ("H2", "JV"),
        ("H2", "JT"),
        ("JT", "JT"),
        ("H3", "JT"),
    }


# Break values, as libunistring names them.
UNDEFINED, MANDATORY, POSSIBLE, NO_BREAK = "undefined", "mandatory", "possible", "prohibited"


def possible_linebreaks(text: str) -> list[str]:
    """For each character of ``text``, whether a line may break just before it."""
    result = [NO_BREAK] * len(text)
    previous = "BK"  # class of the previous character
    last = "BK"  # class of the last character that is neither a space nor combining
    spaces = False  # spaces since ``last``
    regional_run = 0
    for index, char in enumerate(text):
        klass = line_break_class(char)
        if klass in ("BK", "CR", "LF"):
            result[index] = MANDATORY
            previous, last, spaces = klass, "BK", False
            regional_run = 0
            continue
        if klass == "SP":
            spaces = True
        elif klass == "ZW":
            last, spaces = "ZW", False
        elif klass in ("CM", "ZWJ"):
            if last == "BK":
                last, spaces = "AL", False
            elif last == "ZW" or spaces:
                result[index] = POSSIBLE
                last, spaces = "AL", False
        else:
            if last == "BK":
                decision = NO_BREAK
            elif last == "ZW":
                decision = POSSIBLE
            elif previous in ("ZWJ", "HL_BA"):
                decision = NO_BREAK
            elif last == "RI" and klass == "RI":
                decision = POSSIBLE if spaces or regional_run % 2 == 0 else NO_BREAK
            else:
                rule = pair_rule(last, klass)
                allowed = rule == DIRECT or (rule == INDIRECT and spaces)
                decision = POSSIBLE if allowed else NO_BREAK
            result[index] = decision
            last, spaces = klass, False
        # LB21a: after a Hebrew letter and a hyphen, no break.
        previous = "HL_BA" if previous == "HL" and klass in ("HY", "BA") else klass
        regional_run = regional_run + 1 if klass == "RI" else 0
    return result


# ---------------------------------------------------------------------------------------------
# Column widths as libunistring's uc_width computes them for UTF-8 text.

_UNASSIGNED_WIDE = (
    (0x2E80, 0x303E),
    (0x3040, 0xA4CF),
    (0xF900, 0xFAFF),
    (0xFE10, 0xFE1F),
    (0xFE30, 0xFE6F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x1F200, 0x1F2FF),
    (0x20000, 0x3FFFF),
)
# Spacing marks that Unicode categorises as non-spacing.
_SPACING_NONSPACING_MARKS = {0x0CBF, 0x0CC6, 0x11A07, 0x11A08, 0x11C3F}


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Columns ``char`` occupies; -1 for control characters, which the filler ignores."""
    code = ord(char)
    if code == 0:
        return 0
    if code < 0x20 or 0x7F <= code < 0xA0:
        return -1
    category = unicodedata.category(char)
    if category == "Cn":
        return 2 if _in_ranges(code, _UNASSIGNED_WIDE) else 1
    if (
        (category in ("Mn", "Me", "Cf") and code not in _SPACING_NONSPACING_MARKS)
        or 0x1160 <= code <= 0x11FF
        or 0xD7B0 <= code <= 0xD7FF
    ):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width_linebreaks(
    text: str,
    width: int,
    start_column: int,
    overrides: list[str] | None = None,
    breaks: list[str] | None = None,
) -> list[bool]:
    """Greedy line filling: ``result[i]`` is True where a line break goes before ``text[i]``.

    ``overrides[i]``, when not ``UNDEFINED``, replaces the break value ``possible_linebreaks``
    gives (or ``breaks``, when the caller computed it already).
    """
    if breaks is None:
        breaks = possible_linebreaks(text)
    result = [False] * len(text)
    last_opportunity: int | None = None
    column = start_column
    piece_width = 0
    for index, char in enumerate(text):
        value = breaks[index]
        if overrides is not None and overrides[index] != UNDEFINED:
            value = overrides[index]
        if (
            value in (POSSIBLE, MANDATORY)
            and last_opportunity is not None
            and column + piece_width > width
        ):
            result[last_opportunity] = True
            column = 0
        if value == MANDATORY:
            last_opportunity, column, piece_width = None, 0, 0
            continue
        if value == POSSIBLE:
            last_opportunity = index
            column += piece_width
            piece_width = 0
        piece_width += max(char_width(char), 0)
    if last_opportunity is not None and column + piece_width > width:
        result[last_opportunity] = True
    return result
