"""PO files written byte for byte as GNU gettext writes them.

polib reads catalogues well but writes them differently from msgcat and
msgmerge (see ``polib`` issue 96: Chinese is never wrapped), so every tool a
translator opens the file in would rewrap it.  This module serialises a
``polib.POFile`` the way ``write-po.c`` does: entry layout, comment order,
and 79-column wrapping at Unicode line-break opportunities with East Asian
characters counted two columns wide.
"""

from __future__ import annotations

import unicodedata

import polib

PAGE_WIDTH = 79
ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}
NO_BREAK_BEFORE = set("，。、；：？！）」』】》〉”’…·,.;:?!)]}%-")
NO_BREAK_AFTER = set("（「『【《〈“‘([{")


def char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def break_opportunities(text: str) -> list[bool]:
    """``result[i]`` is True when a line may break before ``text[i]``."""
    allowed = [False] * len(text)
    for i in range(1, len(text)):
        before, char = text[i - 1], text[i]
        if char in NO_BREAK_BEFORE or before in NO_BREAK_AFTER or before == "\\":
            continue
        if (
            (before == " " and char != " ")
            or ((is_wide(char) or is_wide(before)) and char != " ")
            or (before == "-" and char.isalpha())
        ):
            allowed[i] = True
    return allowed


def wrap_string(keyword: str, value: str, prefix: str = "", width: int = PAGE_WIDTH) -> list[str]:
    """Lines of ``keyword "value"`` as GNU gettext wraps them."""
    portions: list[str] = []
    rest = value
    while True:
        cut = rest.find("\n")
        if cut < 0:
            portions.append(rest)
            break
        portions.append(rest[: cut + 1])
        rest = rest[cut + 1 :]
        if not rest:
            break
    lines: list[str] = []
    first = True
    for index, portion in enumerate(portions):
        # Like write-po.c, break opportunities are found in the escaped text; an escape is atomic.
        text = "".join(ESCAPES.get(c, c) for c in portion)
        allowed = break_opportunities(text)
        inside_escape = [False] * len(text)
        position = 0
        for char in portion:
            if char in ESCAPES:
                inside_escape[position + 1] = True
                position += 2
            else:
                position += 1
        if portion.endswith("\n"):
            allowed[-2] = False
        pieces = [
            (char, allowed[i] and not inside_escape[i], char_width(char))
            for i, char in enumerate(text)
        ]
        line_width = width - 1 - (len(prefix) + 1)
        start_first = len(prefix) + len(keyword) + 2 - (len(prefix) + 1)
        more_follow = index + 1 < len(portions)
        breaks = _greedy(pieces, line_width, start_first if first else 0)
        if first and text and (more_follow or any(breaks)):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            breaks = _greedy(pieces, line_width, 0)
        current = f'{prefix}{keyword} "' if first else f'{prefix}"'
        for (piece, _allowed, _w), brk in zip(pieces, breaks, strict=True):
            if brk:
                lines.append(current + '"')
                current = f'{prefix}"'
            current += piece
        lines.append(current + '"')
        first = False
    return lines


def _greedy(pieces: list[tuple[str, bool, int]], width: int, start: int) -> list[bool]:
    breaks = [False] * len(pieces)
    last: int | None = None
    column = start
    piece_width = 0
    for i, (_piece, allowed, w) in enumerate(pieces):
        if allowed:
            if last is not None and column + piece_width > width:
                breaks[last] = True
                column = 0
            last = i
            column += piece_width
            piece_width = 0
        piece_width += w
    if last is not None and column + piece_width > width:
        breaks[last] = True
    return breaks


def _comment_lines(marker: str, text: str) -> list[str]:
    return [f"{marker} {line}" if line else marker for line in text.split("\n")] if text else []


def _reference_lines(occurrences: list[tuple[str, str]], width: int = PAGE_WIDTH) -> list[str]:
    lines: list[str] = []
    current = "#:"
    for path, line in occurrences:
        ref = f"{path}:{line}" if line else path
        if len(current) > 2 and len(current) + 1 + len(ref) > width:
            lines.append(current)
            current = "#:"
        current += " " + ref
    if len(current) > 2:
        lines.append(current)
    return lines


def format_entry(entry: polib.POEntry) -> list[str]:
    prefix = "#~ " if entry.obsolete else ""
    lines: list[str] = []
    lines += _comment_lines("#", entry.tcomment)
    lines += _comment_lines("#.", entry.comment)
    if not entry.obsolete:
        lines += _reference_lines(entry.occurrences)
    if entry.flags:
        lines.append(f"{prefix}#, " + ", ".join(entry.flags))
    previous_prefix = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt:
        lines += wrap_string("msgctxt", entry.previous_msgctxt, previous_prefix)
    if entry.previous_msgid:
        lines += wrap_string("msgid", entry.previous_msgid, previous_prefix)
    if entry.previous_msgid_plural:
        lines += wrap_string("msgid_plural", entry.previous_msgid_plural, previous_prefix)
    if entry.msgctxt is not None:
        lines += wrap_string("msgctxt", entry.msgctxt, prefix)
    lines += wrap_string("msgid", entry.msgid, prefix)
    if entry.msgid_plural:
        lines += wrap_string("msgid_plural", entry.msgid_plural, prefix)
        for index in sorted(entry.msgstr_plural):
            lines += wrap_string(f"msgstr[{index}]", entry.msgstr_plural[index], prefix)
    else:
        lines += wrap_string("msgstr", entry.msgstr, prefix)
    return lines


def header_entry(po: polib.POFile) -> polib.POEntry:
    value = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    entry = polib.POEntry(msgid="", msgstr=value, tcomment=po.header)
    entry.flags = list((po.metadata_is_fuzzy and ["fuzzy"]) or [])
    return entry


def dumps(po: polib.POFile) -> str:
    """Serialise a catalogue as GNU msgcat would write it."""
    blocks = [format_entry(header_entry(po))]
    blocks += [format_entry(e) for e in po if not e.obsolete]
    blocks += [format_entry(e) for e in po if e.obsolete]
    return "\n".join("\n".join(block) + "\n" for block in blocks)
