"""A strict reader for PO and POT files, with the grammar and checks of GNU ``msgfmt -c``.

Catalogues come from translators and outside tools, so they are untrusted input.
polib accepts much that GNU gettext rejects (bad escapes, unterminated strings,
duplicate messages, plural counts that contradict the header) and reports the
rest without a usable line number.  This module lexes and parses the file the
way GNU's ``read-po`` does and rejects it with one ``path:line: message`` at
the first problem; only a file that passes becomes a ``polib.POFile``.  ``load`` reads a
file, ``parse`` its bytes.

The parser builds each message as a ``polib.POEntry`` (``linenum`` is its msgid's line), the
project's one message model; the lexer's ``Token`` and ``_Comments``, which gathers the comment
lines above a message until its msgid, are parse state only: polib keeps each kind of comment
as one string, which is simplest to join once the message's lines are all read.

It refuses what makes a file unreadable or ambiguous.  What msgfmt -c says of a
translation's quality (newlines at either end, format strings) is left to
``publish check``, which reports it as findings.

Deliberate differences from ``msgfmt -c``, each stricter and explained in the
message: the catalogue must be UTF-8 (a declared ISO-8859-1 is refused, not
converted), a NUL byte is refused (msgfmt silently cuts the string there), and a
file without a header entry is an error.  One leniency: a template's placeholder
``Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;`` counts as no Plural-Forms, as
msgmerge reads it.  A CRLF line end is read as LF, as msgfmt does; a byte-order mark
is refused, as msgfmt 0.21 does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from publish.errors import CATALOGUE_BYTES_LIMIT, PublishError, enforce_limit
from publish.fsio import file_stamp
from publish.po import plurals

KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")
SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "?": "?",
}
UTF8_NAMES = {"utf-8", "utf8", "charset"}
MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
# NUL ends a C string (msgfmt silently cuts the text there); EOT separates msgctxt from msgid in
# a compiled catalogue (msgfmt -c rejects it).
UNSTORABLE_CHARACTERS = {"\x00": "a NUL character", "\x04": "an EOT character"}
CHARSET_DECLARATION = re.compile(rb'^\s*"Content-Type:[^"\n]*charset=([^\s";\\]+)', re.M)


class POSyntaxError(PublishError):
    """The file is not a valid PO catalogue."""


@dataclass
class Token:
    kind: str
    """``keyword``, ``string`` or ``comment``."""
    value: str
    line: int
    obsolete: bool = False
    previous: bool = False
    index: int | None = None
    """For ``msgstr[N]``: N."""
    marker: str = ""
    """For comments: the character after ``#`` that says which kind (``.``, ``:``, ``,``, ``|``)."""


@dataclass
class _Comments:
    """The comment lines above a message, gathered while it is parsed (polib joins them)."""

    translator: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)


def is_header(entry: polib.POEntry) -> bool:
    return entry.msgctxt is None and entry.msgid == "" and not entry.obsolete


# --- bytes to lines ----------------------------------------------------------------


def decode_lines(data: bytes, path: Path) -> list[str]:
    """The file's lines as text; refuses what is not UTF-8 text, naming the line."""
    if not data.strip():
        raise POSyntaxError(
            'empty file: a catalogue needs at least its header entry (msgid "")', path, 1
        )
    if data.startswith(MO_MAGIC):
        raise POSyntaxError("a compiled .mo file, not a PO catalogue (see msgunfmt)", path, 1)
    if data.startswith(b"\xef\xbb\xbf"):
        raise POSyntaxError(
            "starts with a byte-order mark (U+FEFF); save the catalogue as UTF-8 without BOM",
            path,
            1,
        )
    declared = CHARSET_DECLARATION.search(data)
    if declared is not None:
        charset = declared.group(1).decode("ascii", "replace")
        if charset.lower() not in UTF8_NAMES:
            line = data.count(b"\n", 0, declared.start(1)) + 1
            raise POSyntaxError(
                f"charset {charset} declared; catalogues must be UTF-8 "
                f"(convert with: msgconv --to-code=UTF-8)",
                path,
                line,
            )
    lines = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        nul = raw.find(b"\0")
        if nul >= 0:
            raise POSyntaxError(
                f"NUL byte at column {nul + 1}: binary data, not a text catalogue",
                path,
                number,
            )
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise POSyntaxError(
                f"not valid UTF-8 (bad byte at column {error.start + 1}); catalogues must be UTF-8",
                path,
                number,
            ) from None
    return lines


# --- lines to tokens ---------------------------------------------------------------


def read_string(
    text: str, start: int, line: int, path: Path, last: bool = False
) -> tuple[str, int]:
    """The C string literal opening at ``text[start]``; returns its value and the index after it."""
    out = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == '"':
            return "".join(out), i + 1
        if char != "\\":
            out.append(char)
            i += 1
            continue
        if i + 1 >= len(text):
            break
        code = text[i + 1]
        if code in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[code])
            i += 2
        elif code in "01234567" or (code == "x" and re.match(r"[0-9A-Fa-f]", text[i + 2 : i + 3])):
            if code == "x":
                digits = re.match(r"[0-9A-Fa-f]+", text[i + 2 :]).group()
                value, end = chr(int(digits, 16) & 0xFF), i + 2 + len(digits)
            else:
                digits = re.match(r"[0-7]{1,3}", text[i + 1 :]).group()
                value, end = chr(int(digits, 8)), i + 1 + len(digits)
            if value in UNSTORABLE_CHARACTERS:
                raise POSyntaxError(
                    f"escape sequence {text[i:end]} at column {i + 1} is "
                    f"{UNSTORABLE_CHARACTERS[value]}, which gettext cannot store in a message",
                    path,
                    line,
                )
            out.append(value)
            i = end
        else:
            raise POSyntaxError(
                f"invalid escape sequence \\{code} at column {i + 1} "
                '(write a backslash as \\\\ and a quote as \\")',
                path,
                line,
            )
    if last:
        raise POSyntaxError(
            f"the file ends inside the string opened at column {start + 1}: truncated?", path, line
        )
    raise POSyntaxError(
        f"string opened at column {start + 1} is not closed on the same line "
        '(each line of a string must end with ")',
        path,
        line,
    )


def lex_code(
    text: str, line: int, path: Path, obsolete: bool, previous: bool, last: bool = False
) -> list[Token]:
    """Keywords and strings on one line (after any ``#~`` or ``#|`` marker)."""
    tokens = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in " \t\f\v\r":
            i += 1
        elif char == '"':
            value, i = read_string(text, i, line, path, last)
            tokens.append(Token("string", value, line, obsolete, previous))
        elif char.isalpha() or char == "_":
            word = re.match(r"[A-Za-z_][A-Za-z0-9_]*", text[i:]).group()
            i += len(word)
            if word not in KEYWORDS:
                raise POSyntaxError(f'Syntax error: unknown keyword "{word}"', path, line)
            index = None
            bracket = re.match(r"\s*\[\s*([0-9]+)\s*\]", text[i:])
            if word == "msgstr" and bracket:
                index = int(bracket.group(1))
                i += bracket.end()
            tokens.append(Token("keyword", word, line, obsolete, previous, index))
        else:
            raise POSyntaxError(
                f"Syntax error: unexpected {char!r} at column {i + 1}, "
                "expected a keyword or a quoted string",
                path,
                line,
            )
    return tokens


def tokenize(lines: list[str], path: Path, ended: bool = True) -> list[Token]:
    tokens: list[Token] = []
    for number, text in enumerate(lines, start=1):
        stripped = text.lstrip(" \t")
        if not stripped.startswith("#"):
            last = number == len(lines) and not ended
            tokens += lex_code(stripped, number, path, obsolete=False, previous=False, last=last)
        elif stripped.startswith("#~|"):
            tokens += lex_code(stripped[3:], number, path, obsolete=True, previous=True)
        elif stripped.startswith("#~") and stripped[2:].lstrip().startswith("#"):
            # "#~ #, fuzzy": GNU reads a comment after the obsolete marker as a plain comment.
            tokens.append(comment_token(stripped[2:].lstrip(), number))
        elif stripped.startswith("#~"):
            tokens += lex_code(stripped[2:], number, path, obsolete=True, previous=False)
        elif stripped.startswith("#|"):
            tokens += lex_code(stripped[2:], number, path, obsolete=False, previous=True)
        else:
            tokens.append(comment_token(stripped, number))
    return tokens


def comment_token(text: str, line: int) -> Token:
    marker = text[1:2] if text[1:2] in (".", ":", ",") else ""
    return Token("comment", text[1 + len(marker) :], line, marker=marker)


# --- tokens to messages ------------------------------------------------------------


class Parser:
    def __init__(self, tokens: list[Token], path: Path) -> None:
        self.tokens = tokens
        self.path = path
        self.at = 0

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def fail(self, message: str, token: Token | None) -> POSyntaxError:
        line = token.line if token else (self.tokens[-1].line if self.tokens else 1)
        return POSyntaxError(f"Syntax error: {message}", self.path, line)

    def strings(self, keyword: Token) -> str:
        """The strings that follow a keyword, concatenated."""
        parts = []
        while (token := self.peek()) is not None and token.kind == "string":
            if token.previous != keyword.previous:
                break
            self.check_obsolete(keyword, token)
            parts.append(token.value)
            self.at += 1
        if not parts:
            name = keyword.value if keyword.index is None else f"msgstr[{keyword.index}]"
            raise self.fail(f'{name} needs a quoted string after it (use "" for none)', keyword)
        return "".join(parts)

    def check_obsolete(self, first: Token, token: Token) -> None:
        if token.obsolete != first.obsolete:
            raise self.fail(
                "inconsistent use of #~: part of this message is obsolete and part is not", token
            )

    def messages(self) -> list[polib.POEntry]:
        found = []
        while self.peek() is not None:
            entry = self.message()
            if entry is not None:
                found.append(entry)
        return found

    def message(self) -> polib.POEntry | None:
        """The next message, with ``linenum`` at its msgid; None for trailing comments."""
        comments = _Comments()
        # Comments, including the previous-message (#|) lines.
        while (token := self.peek()) is not None and (token.kind == "comment" or token.previous):
            if token.kind == "comment":
                self.comment(comments, token)
                self.at += 1
            else:
                self.previous_field(comments, token)
        token = self.peek()
        if token is None:
            return None  # trailing comments: GNU gettext ignores them too
        if token.kind == "string":
            raise self.fail("a quoted string outside any msgid or msgstr", token)
        first = token
        msgctxt = None
        if token.value == "msgctxt":
            self.at += 1
            msgctxt = self.strings(token)
            token = self.peek()
            if token is None or token.kind != "keyword" or token.value != "msgid":
                raise self.fail("msgctxt must be followed by msgid", token)
        if token.value != "msgid":
            name = token.value if token.index is None else f"msgstr[{token.index}]"
            raise self.fail(f"{name} without a msgid before it", token)
        self.check_obsolete(first, token)
        self.at += 1
        entry = polib.POEntry(
            msgid=self.strings(token),
            comment="\n".join(comments.extracted),
            tcomment="\n".join(comments.translator),
            occurrences=[occurrence(r) for r in comments.references],
            flags=comments.flags,
            obsolete=first.obsolete,
            linenum=token.line,
        )
        entry.msgctxt = msgctxt
        entry.previous_msgctxt = comments.previous.get("msgctxt")
        entry.previous_msgid = comments.previous.get("msgid")
        entry.previous_msgid_plural = comments.previous.get("msgid_plural")
        plural = self.peek()
        if plural is not None and plural.kind == "keyword" and plural.value == "msgid_plural":
            self.check_obsolete(first, plural)
            self.at += 1
            entry.msgid_plural = self.strings(plural)
            index = 0
            while (form := self.peek()) is not None and form.kind == "keyword":
                if form.value != "msgstr" or form.index is None or form.previous:
                    break
                self.check_obsolete(first, form)
                if form.index != index:
                    raise self.fail(
                        f"plural form has wrong index: msgstr[{form.index}] where "
                        f"msgstr[{index}] was expected",
                        form,
                    )
                self.at += 1
                entry.msgstr_plural[index] = self.strings(form)
                index += 1
            if not entry.msgstr_plural:
                raise self.fail("msgid_plural must be followed by msgstr[0]", self.peek() or plural)
            return entry
        msgstr = self.peek()
        if (
            msgstr is None
            or msgstr.kind != "keyword"
            or msgstr.value != "msgstr"
            or msgstr.previous
        ):
            raise self.fail("msgid must be followed by msgstr", msgstr or token)
        if msgstr.index is not None:
            raise self.fail("msgstr[N] belongs to a message with msgid_plural", msgstr)
        self.check_obsolete(first, msgstr)
        self.at += 1
        entry.msgstr = self.strings(msgstr)
        return entry

    def comment(self, comments: _Comments, token: Token) -> None:
        text = token.value[1:] if token.value.startswith(" ") else token.value
        if token.marker == ".":
            comments.extracted.append(text)
        elif token.marker == ":":
            comments.references += token.value.split()
        elif token.marker == ",":
            comments.flags += [f.strip() for f in token.value.split(",") if f.strip()]
        else:
            comments.translator.append(text)

    def previous_field(self, comments: _Comments, token: Token) -> None:
        if token.kind != "keyword" or token.value not in ("msgctxt", "msgid", "msgid_plural"):
            raise self.fail('expected msgctxt, msgid or msgid_plural after "#|"', token)
        if token.value in comments.previous:
            raise self.fail(f'a second "#| {token.value}" in one message', token)
        self.at += 1
        comments.previous[token.value] = self.strings(token)


def occurrence(reference: str) -> tuple[str, str]:
    name, colon, line = reference.rpartition(":")
    return (name, line) if colon and line.isdigit() else (reference, "")


# --- checks after parsing (msgfmt -c) ----------------------------------------------


def header_field(header: polib.POEntry, lines: list[str], name: str) -> tuple[str | None, int]:
    """A header field's value and the line it is written on."""
    value = None
    for line in header.msgstr.split("\n"):
        key, colon, rest = line.partition(":")
        if colon and key.strip() == name:
            value = rest.strip()
    where = header.linenum
    for number in range(header.linenum, min(len(lines), header.linenum + 60)):
        if f'"{name}:' in lines[number - 1]:
            where = number
            break
    return value, where


def plural_count(header: polib.POEntry, lines: list[str], path: Path) -> int | None:
    """nplurals from the Plural-Forms header, after checking the expression as msgfmt -c does."""
    value, line = header_field(header, lines, "Plural-Forms")
    try:
        forms = plurals.parse(value)
    except plurals.PluralFormsError as error:
        raise POSyntaxError(str(error), path, line) from None
    return None if forms is None else forms.nplurals


def check(entries: list[polib.POEntry], lines: list[str], path: Path) -> None:
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        first = seen.setdefault((entry.msgctxt, entry.msgid), entry.linenum)
        if first != entry.linenum:
            raise POSyntaxError(
                f"duplicate message definition: the same msgid"
                f"{' and msgctxt' if entry.msgctxt is not None else ''} as on line {first}",
                path,
                entry.linenum,
            )
    header = next((e for e in entries if is_header(e)), None)
    if header is None:
        where = entries[0].linenum if entries else 1
        raise POSyntaxError('no header entry (msgid "" with the catalogue\'s fields)', path, where)
    nplurals = plural_count(header, lines, path)
    for entry in entries:
        # Like msgfmt, judge only what would be used: live, finished, translated messages.
        if entry.obsolete or is_header(entry) or "fuzzy" in entry.flags:
            continue
        # Only a message with msgid_plural has msgstr[N] forms.
        if any(entry.msgstr_plural.values()):
            if nplurals is None:
                raise POSyntaxError(
                    "a plural message, but the header has no Plural-Forms "
                    "(e.g. Plural-Forms: nplurals=2; plural=(n != 1);)",
                    path,
                    entry.linenum,
                )
            if len(entry.msgstr_plural) != nplurals:
                raise POSyntaxError(
                    f"{len(entry.msgstr_plural)} plural forms, but the header says "
                    f"nplurals = {nplurals}",
                    path,
                    entry.linenum,
                )


# --- the catalogue -----------------------------------------------------------------


def metadata(header: polib.POEntry) -> dict[str, str]:
    """Header fields as polib reads them; a line without a colon continues the field before."""
    fields: dict[str, str] = {}
    key = None
    for line in header.msgstr.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            fields[key] = value.strip()
        elif key is not None:
            fields[key] += "\n" + line.strip()
    return fields


def parse(data: bytes, path: Path | str = "<catalogue>") -> polib.POFile:
    """A validated catalogue; raises ``POSyntaxError`` naming the first problem's line."""
    path = Path(path)
    lines = decode_lines(data, path)
    entries = Parser(tokenize(lines, path, data.endswith(b"\n")), path).messages()
    if not entries:
        raise POSyntaxError('no messages, not even the header entry (msgid "")', path, 1)
    check(entries, lines, path)
    header = next(e for e in entries if is_header(e))
    po = polib.POFile(wrapwidth=79)
    po.fpath = str(path)
    po.header = header.tcomment
    po.metadata = metadata(header)
    po.metadata_is_fuzzy = ["fuzzy"] if "fuzzy" in header.flags else []
    for entry in entries:
        if entry is not header:
            po.append(entry)
    return po


def load(path: Path | str) -> polib.POFile:
    """Read and validate a PO or POT file."""
    path = Path(path)
    try:
        # Taken before the bytes are read: a save after it shows as a changed stamp.
        stamp = file_stamp(path)
        enforce_limit(
            CATALOGUE_BYTES_LIMIT, path.stat().st_size, "this catalogue has {:,} bytes", path
        )
        data = path.read_bytes()
    except FileNotFoundError:
        raise PublishError("no such catalogue", path) from None
    except IsADirectoryError:
        raise PublishError("a folder, not a catalogue", path) from None
    except OSError as error:
        raise PublishError(f"cannot read: {error.strerror}", path) from None
    catalogue = parse(data, path)
    catalogue.read_stamp = stamp
    return catalogue
