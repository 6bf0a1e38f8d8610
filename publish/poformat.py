"""PO files written byte for byte as GNU gettext 0.21 (``msgcat``, ``msgmerge``) writes them.

polib reads catalogues well but writes them differently from msgcat and msgmerge (its
``textwrap`` never wraps Chinese, splits English before spaces instead of after them, and
orders flags as it found them), so every tool a translator opens the file in would rewrap it
and the diff would be noise.  This module serialises a ``polib.POFile`` the way gettext's
``write-po.c`` does: header first, then the active entries, then the obsolete ones; comments
in the order translator ``#``, extracted ``#.``, references ``#:``, flags ``#,``, previous
``#|``; flags normalised as gettext normalises them (flags it does not know, which msgcat
would drop, are kept after its own: they are a translator's or a checker's data); strings
escaped and wrapped at 79 columns.  ``load`` reads a catalogue with polib and restores the
``#~|`` lines polib skips.

Wrapping follows GNU libunistring 1.0 (the library gettext 0.21 links against on Debian 12):
break opportunities come from its variant of the Unicode line breaking algorithm (UAX #14,
with its own pair table and deviations: a break is allowed between ``.`` and a letter,
opening and closing punctuation are split into East Asian and other), computed on
the *escaped* text, and lines are filled greedily with East Asian wide characters counted
as two columns.  The Line_Break property itself comes from ``uniseg``, the maintained pure
Python package that ships the Unicode character database's ``LineBreak.txt``; no package
reproduces libunistring's *algorithm* (``uniseg`` and ICU implement the current UAX #14,
whose quotation, numeric and East Asian rules break differently), so the pair rules are
written out below.  ``uniseg`` carries Unicode 16.0 data and libunistring 1.0 Unicode 14.0;
the few characters whose class differs between the two are listed in
``_LIBUNISTRING_CLASS_OVERRIDES`` so that every character libunistring knows is classified
as it classifies it (the tests check every code point of planes 0 and 1 against the
installed library).
Characters that are unassigned in the running Python's ``unicodedata`` are treated as
libunistring treats unassigned characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import polib
import uniseg.linebreak

PAGE_WIDTH = 79

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


# ---------------------------------------------------------------------------------------------
# Strings.

_ESCAPES = {
    "\a": "a",
    "\b": "b",
    "\f": "f",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\v": "v",
    "\\": "\\",
    '"': '"',
}

# Format directives, inside which gettext never breaks a line (its format-c and format-python
# parsers; the 'I' flag counts only in translations).
_C_DIRECTIVE = r"""%(?:[1-9]\d*\$)?[-+ #0'{i_flag}]*
    (?:\*(?:[1-9]\d*\$)?|\d+)?(?:\.(?:\*(?:[1-9]\d*\$)?|\d+)?)?
    (?:<PRI[diouxX](?:(?:LEAST|FAST)?(?:8|16|32|64)|MAX|PTR)>|[hlLqjzZt]*[diouxXeEfFgGaAcsCSpnm%])"""
_DIRECTIVES = {
    ("c", False): re.compile(_C_DIRECTIVE.format(i_flag=""), re.VERBOSE),
    ("c", True): re.compile(_C_DIRECTIVE.format(i_flag="I"), re.VERBOSE),
}
_PYTHON_DIRECTIVE = re.compile(
    r"%(?:\((?:[^()]|\([^()]*\))*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+)?)?[hlL]?[csriduoxXefgG%]"
)
_DIRECTIVES[("python", False)] = _DIRECTIVES[("python", True)] = _PYTHON_DIRECTIVE


def _directive_interiors(value: str, language: str | None, translation: bool) -> set[int]:
    """Indexes of ``value`` that lie inside a format directive, after its first character."""
    pattern = _DIRECTIVES.get((language or "", translation))
    if pattern is None:
        return set()
    inside: set[int] = set()
    position = 0
    while True:
        start = value.find("%", position)
        if start < 0:
            return inside
        match = pattern.match(value, start)
        if match is None:
            return inside  # gettext's parsers stop at the first invalid directive
        inside.update(range(start + 1, match.end()))
        position = match.end()


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline; an empty value is one empty portion."""
    portions = []
    start = 0
    while True:
        cut = value.find("\n", start)
        if cut < 0 or cut + 1 == len(value):
            portions.append(value[start:])
            return portions
        portions.append(value[start : cut + 1])
        start = cut + 1


def string_lines(
    keyword: str,
    value: str,
    prefix: str = "",
    *,
    format_language: str | None = None,
    wrap: bool = True,
    page_width: int = PAGE_WIDTH,
) -> list[str]:
    """The lines of ``keyword "value"`` as gettext writes them (without newlines)."""
    if "\x00" in value or "\x04" in value:
        raise ValueError(f"a PO file cannot hold NUL or EOT characters: {value!r}")
    interiors = _directive_interiors(value, format_language, keyword.startswith("msgstr"))
    lines: list[str] = []
    first_line = True
    offset = 0
    portions = _portions(value)
    after_break = len(prefix) + 1
    width = (page_width if wrap else 2**31 - 1) - 1 - after_break
    for number, portion in enumerate(portions):
        pieces: list[str] = []
        overrides: list[str] = []
        for index, char in enumerate(portion, start=offset):
            protected = NO_BREAK if index in interiors else UNDEFINED
            if char in _ESCAPES:
                pieces += ["\\", _ESCAPES[char]]
                overrides += [protected, NO_BREAK]
            else:
                pieces.append(char)
                overrides.append(protected)
        offset += len(portion)
        if portion.endswith("\n"):
            overrides[-2] = NO_BREAK
        text = "".join(pieces)
        opportunities = possible_linebreaks(text)
        more_follow = number + 1 < len(portions)
        while True:
            start_column = len(prefix) + (len(keyword) + 1 if first_line else 0) + 1
            start_column -= after_break
            breaks = width_linebreaks(text, width, start_column, overrides, opportunities)
            if first_line and text and (more_follow or start_column > width or any(breaks)):
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
                continue
            break
        line = f'{prefix}{keyword} "' if first_line else f'{prefix}"'
        for char, brk in zip(text, breaks, strict=True):
            if brk:
                lines.append(line + '"')
                line = f'{prefix}"'
            line += char
        lines.append(line + '"')
        first_line = False
    return lines


# ---------------------------------------------------------------------------------------------
# Flags, as gettext reads and normalises them.

FORMAT_LANGUAGES = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)
_RANGE = re.compile(r"range:\s*(\d+)\.\.(\d+)\s*$")


class Flags:
    """The ``#,`` flags of an entry, parsed as gettext parses them.

    Flags gettext understands are normalised as it normalises them (``wrap``,
    ``impossible-c-format`` and a malformed range disappear).  Flags it does not understand
    (a checker's ``ignore-numbers``, a translator's own) are kept in ``others``: msgcat and
    msgmerge would drop them, but a translator's flag is data, so the writer keeps them,
    after gettext's own flags.
    """

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.formats: dict[str, str] = {}  # language -> "yes" | "no" | "possible" | ...
        self.range: tuple[int, int] | None = None
        self.no_wrap = False
        self.others: list[str] = []
        tokens: list[str] = []
        for flag in flags:
            match = _RANGE.match(flag.strip())
            if match:
                low, high = int(match.group(1)), int(match.group(2))
                if low <= high:
                    self.range = (low, high)
                continue
            tokens += re.split(r"[\s,]+", flag)
        for token in filter(None, tokens):
            if token == "fuzzy":
                self.fuzzy = True
            elif token in ("wrap", "no-wrap"):
                self.no_wrap = token == "no-wrap"
            elif not self._add_format(token) and token not in self.others:
                self.others.append(token)

    def _add_format(self, token: str) -> bool:
        if not token.endswith("-format"):
            return False
        name, value = token[: -len("-format")], "yes"
        for marker in ("no", "possible", "impossible"):
            if name.startswith(marker + "-"):
                value, name = marker, name[len(marker) + 1 :]
                break
        if name not in FORMAT_LANGUAGES:
            return False
        self.formats[name] = value
        return True

    def format_language(self) -> str | None:
        """The first language whose directives the string may contain (wrapping avoids them)."""
        for language in FORMAT_LANGUAGES:
            if self.formats.get(language) in ("yes", "possible"):
                return language
        return None

    def words(self, *, fuzzy: bool, with_range: bool) -> list[str]:
        words = ["fuzzy"] if fuzzy else []
        for language in FORMAT_LANGUAGES:
            value = self.formats.get(language)
            if value in ("yes", "possible"):
                words.append(f"{language}-format")
            elif value == "no":
                words.append(f"no-{language}-format")
        if with_range and self.range is not None:
            words.append(f"range: {self.range[0]}..{self.range[1]}")
        if self.no_wrap:
            words.append("no-wrap")
        return words + self.others


# ---------------------------------------------------------------------------------------------
# Entries and catalogues.


def _translator_comment_lines(text: str) -> list[str]:
    if not text:
        return []
    return [f"# {line}" if line else "#" for line in text.split("\n")]


def _extracted_comment_lines(text: str) -> list[str]:
    if not text:
        return []
    return [f"#. {line}" if line else "#." for line in text.split("\n")]


def _references(occurrences: Iterable[tuple[str, str]]) -> list[str]:
    references: list[str] = []
    for path, line in occurrences:
        while path.startswith("./"):
            path = path[2:]
        reference = f"{path}:{line}" if line else path
        if reference not in references:
            references.append(reference)
    return references


def _reference_lines(
    occurrences: Iterable[tuple[str, str]], page_width: int = PAGE_WIDTH
) -> list[str]:
    references = _references(occurrences)
    if not references:
        return []
    lines: list[str] = []
    current, column = "#:", 2
    for reference in references:
        if column > 2 and column + len(reference) + 1 > page_width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + reference
        column += len(reference) + 1
    lines.append(current)
    return lines


def _msgstrs(entry: polib.POEntry) -> list[str]:
    if not entry.msgid_plural:
        return [entry.msgstr]
    if not entry.msgstr_plural:
        return ["", ""]  # an untranslated plural entry, as xgettext writes it in a template
    return [entry.msgstr_plural[key] for key in sorted(entry.msgstr_plural, key=int)]


def _flag_words(entry: polib.POEntry, flags: Flags) -> list[str]:
    msgstrs = _msgstrs(entry)
    translated = bool(msgstrs and msgstrs[0])
    return flags.words(
        fuzzy=flags.fuzzy and (entry.obsolete or translated), with_range=not entry.obsolete
    )


def format_entry(entry: polib.POEntry, page_width: int = PAGE_WIDTH) -> list[str]:
    """The lines of one entry as msgcat writes it (an obsolete one without msgstr: none)."""
    msgstrs = _msgstrs(entry)
    translated = bool(msgstrs and msgstrs[0])
    if entry.obsolete and not translated:
        return []
    flags = Flags(entry.flags)
    lines = _translator_comment_lines(entry.tcomment)
    lines += _extracted_comment_lines(entry.comment)
    lines += _reference_lines(entry.occurrences, page_width)
    words = _flag_words(entry, flags)
    if words:
        lines.append("#, " + ", ".join(words))
    options = {
        "format_language": flags.format_language(),
        "wrap": not flags.no_wrap,
        "page_width": page_width,
    }
    previous_prefix = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines += string_lines("msgctxt", entry.previous_msgctxt, previous_prefix, **options)
    if entry.previous_msgid is not None:
        lines += string_lines("msgid", entry.previous_msgid, previous_prefix, **options)
    if entry.previous_msgid_plural:
        lines += string_lines(
            "msgid_plural", entry.previous_msgid_plural, previous_prefix, **options
        )
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines += string_lines("msgctxt", entry.msgctxt, prefix, **options)
    lines += string_lines("msgid", entry.msgid, prefix, **options)
    if entry.msgid_plural:
        lines += string_lines("msgid_plural", entry.msgid_plural, prefix, **options)
        for index, msgstr in enumerate(msgstrs):
            lines += string_lines(f"msgstr[{index}]", msgstr, prefix, **options)
    else:
        lines += string_lines("msgstr", entry.msgstr, prefix, **options)
    return lines


def header_entry(po: polib.POFile) -> polib.POEntry | None:
    """The header entry polib took apart, put back together (None when the file had none)."""
    # polib reads the header's flags into ``metadata_is_fuzzy``; code may also set it to True.
    fuzzy = po.metadata_is_fuzzy
    flags = list(fuzzy) if isinstance(fuzzy, list | tuple) else ["fuzzy"] if fuzzy else []
    if not po.metadata and not po.header and not flags:
        return None
    value = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    return polib.POEntry(msgid="", msgstr=value, tcomment=po.header, flags=flags)


_PREVIOUS_OBSOLETE = re.compile(r'^#~\| (msgctxt|msgid|msgid_plural) (".*")$|^#~\| (".*")$')
_OBSOLETE_KEY = re.compile(r'^#~ (msgctxt|msgid) (".*")$|^#~ (".*")$')


def _quoted_fields(lines: Iterable[str], pattern: re.Pattern[str]) -> dict[str, str]:
    """Keyword -> unescaped value of the quoted fields in ``lines`` that ``pattern`` matches."""
    fields: dict[str, str] = {}
    keyword = None
    for line in lines:
        match = pattern.match(line)
        if match is None:
            keyword = None
            continue
        if match.group(1):
            keyword = match.group(1)
            fields[keyword] = polib.unescape(match.group(2)[1:-1])
        elif keyword is not None:
            fields[keyword] += polib.unescape(match.group(3)[1:-1])
    return fields


def load(path: str) -> polib.POFile:
    """``polib.pofile(path)``, plus the previous fields (``#~|``) of obsolete entries.

    polib skips ``#~|`` lines, which ``msgmerge --previous`` writes when a fuzzy entry becomes
    obsolete; without them a catalogue read and written again would lose them.
    """
    po = polib.pofile(path)
    with open(path, encoding=po.encoding or "utf-8") as stream:
        blocks = stream.read().split("\n\n")
    obsolete = {(entry.msgctxt, entry.msgid): entry for entry in po if entry.obsolete}
    for block in blocks:
        lines = block.splitlines()
        previous = _quoted_fields(lines, _PREVIOUS_OBSOLETE)
        if not previous:
            continue
        key = _quoted_fields(lines, _OBSOLETE_KEY)
        entry = obsolete.get((key.get("msgctxt"), key.get("msgid", "")))
        if entry is not None:
            entry.previous_msgctxt = previous.get("msgctxt")
            entry.previous_msgid = previous.get("msgid")
            entry.previous_msgid_plural = previous.get("msgid_plural")
    return po


def dumps(po: polib.POFile, page_width: int = PAGE_WIDTH) -> str:
    """Serialise a catalogue as GNU msgcat would write it (``msgcat --width=page_width``)."""
    header = header_entry(po)
    entries = [header] if header is not None else []
    entries += [entry for entry in po if not entry.obsolete]
    entries += [entry for entry in po if entry.obsolete]
    lines = (format_entry(entry, page_width) for entry in entries)
    blocks = [block for block in lines if block]
    return "\n".join("".join(line + "\n" for line in block) for block in blocks)


# ---------------------------------------------------------------------------------------------
# What a catalogue says, apart from how it is laid out.


def _squeezed(text: str) -> str:
    return "".join(text.split())


def content(po: polib.POFile) -> tuple:
    """Everything the writer writes of ``po`` that means something, in the order it writes it.

    Left out is the layout other tools choose: where lines wrap (in strings and in comments,
    which polib and Babel rewrap), the order of the header's fields and of the flags, and
    entries the writer drops.  Two catalogues with the same content are the same catalogue.
    """
    fuzzy = po.metadata_is_fuzzy
    header = (_squeezed(po.header or ""), sorted(po.metadata.items()), bool(fuzzy))
    entries = [entry for entry in po if not entry.obsolete]
    entries += [entry for entry in po if entry.obsolete]
    shapes = []
    for entry in entries:
        msgstrs = _msgstrs(entry)
        if entry.obsolete and not (msgstrs and msgstrs[0]):
            continue
        flags = Flags(entry.flags)
        shapes.append(
            (
                bool(entry.obsolete),
                entry.msgctxt,
                entry.msgid,
                entry.msgid_plural or None,
                tuple(msgstrs),
                sorted(_flag_words(entry, flags)),
                entry.previous_msgctxt,
                entry.previous_msgid,
                entry.previous_msgid_plural or None,
                [] if entry.obsolete else _references(entry.occurrences),
                _squeezed(entry.tcomment or ""),
                _squeezed(entry.comment or ""),
            )
        )
    return header, shapes


def written_width(text: str, po: polib.POFile) -> int | None:
    """The ``--width`` that gettext wrote ``text`` (the catalogue ``po``) with, if it did.

    Tried: this writer's width, then the length of the longest line and the two above it
    (gettext fills lines up to one column short of the width, less for a line ending in an
    escape), then the widths of Weblate (77) and Babel (76).
    """
    strings = [line for line in text.splitlines() if line.endswith('"')]
    longest = max((sum(max(char_width(c), 0) for c in line) for line in strings), default=0)
    for width in dict.fromkeys((PAGE_WIDTH, longest + 1, longest + 2, longest, 77, 76)):
        if width > 10 and dumps(po, width) == text:
            return width
    return None
