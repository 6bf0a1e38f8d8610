"""PO files written byte for byte as GNU gettext 0.21 (``msgcat``, ``msgmerge``) writes them.

Why a writer of our own: a catalogue that differs from what ``msgcat`` would write is rewrapped
by the first tool a translator opens it in (Poedit, Weblate, msgmerge), and the diff is noise.
polib reads catalogues well but writes them differently (its ``textwrap`` never wraps Chinese,
splits English before spaces instead of after them, and orders flags as it found them).
Measured against ``msgcat`` on the catalogues the tests use (committed, tests/data, random,
system), translate-toolkit 3.20's serialiser matched the committed, system and, given the width,
``--width=77`` ones, but only 25 of 60 random ones (it drops the ``#.`` and ``#:`` lines of
obsolete entries, where the merge keeps the pivot record), and keeps flags in the order read
(msgcat puts ``fuzzy`` first).  This writer matched all but the CRLF test file (written with LF)
and the NUL one (refused), at 0.1 s a 23 kB catalogue where translate-toolkit takes 1 ms.

This module serialises a ``polib.POFile`` the way gettext's ``write-po.c`` does: header first,
then the active entries, then the obsolete ones; comments in the order translator ``#``,
extracted ``#.``, references ``#:``, flags ``#,``, previous ``#|``; flags normalised as gettext
normalises them (flags it does not know, which msgcat would drop, are kept after its own: they
are a translator's or a checker's data); strings escaped and wrapped at 79 columns, or at the
width a file arrived with (``written_width``), with line breaks and column widths from
``publish.po.linebreak``, computed on the *escaped* text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polib

from publish.po.linebreak import (
    NO_BREAK,
    UNDEFINED,
    char_width,
    possible_linebreaks,
    width_linebreaks,
)

PAGE_WIDTH = 79


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
_NUMBERED = re.compile(r"%[1-9]\d*\$")


def _directive_interiors(value: str, language: str | None, translation: bool) -> set[int]:
    """Indexes of ``value`` that lie inside a format directive, after its first character."""
    pattern = _DIRECTIVES.get((language or "", translation))
    if pattern is None:
        return set()
    inside: set[int] = set()
    position = 0
    numbered: bool | None = None
    while True:
        start = value.find("%", position)
        if start < 0:
            return inside
        match = pattern.match(value, start)
        if match is None:
            return inside  # gettext's parsers stop at the first invalid directive
        if language == "c" and match.group() != "%%":
            # C's parser also stops at a directive that takes its argument by number (%1$s)
            # where the ones before took theirs in order (%s), or the other way round.
            this_numbered = bool(_NUMBERED.match(match.group()))
            if numbered is not None and this_numbered != numbered:
                return inside
            numbered = this_numbered
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
