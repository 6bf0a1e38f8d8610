"""Read a source article and its metadata into a document: decoding, blocks, segments.

``seeds/<doc>.txt`` is decoded (UTF-8 only) and split into blocks at blank lines;
the repair rules (``rules.py``) mend the blocks' structure; each block becomes a
segment. ``seeds/<doc>.toml``, optional and every key in it optional, adds the facts
and the translatable strings that are not in the text (headline, short title,
publication, key points, background).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from publish.dates import unambiguous_date
from publish.errors import SOURCE_BYTES_LIMIT, PublishError, enforce_limit
from publish.model import Document, Metadata, Repair, Role, Segment
from publish.segment.rules import Block, byline_name, refuse_long_segment, repair

# C0 and C1 controls but tab, line feed, vertical tab and form feed (whitespace a spacing repair
# turns into a space): a PO file cannot carry EOT, and the others print as nothing or as boxes.
CONTROL_CHARACTER = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x9f]")


# --- the text and its paragraphs ------------------------------------------------


def decode_source(data: bytes, path: Path | str) -> str:
    """Decode UTF-8 (with or without BOM) and normalise line ends; reject anything else."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PublishError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8", path, line
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise PublishError("contains a NUL byte; this is not a text file", path, line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL_CHARACTER.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - text.rfind("\n", 0, control.start())
        raise PublishError(
            f"control character U+{ord(control.group()):04X} at column {column}: an article is "
            "plain text (tabs and line breaks only); remove it",
            path,
            line,
        )
    return text


def split_blocks(text: str) -> list[Block]:
    """Split text into paragraphs at blank lines; the lines of a paragraph stay apart ("\\n").

    Whitespace at the edges of a line is layout, not text, and is dropped.  A
    text without a single blank line between its lines has one paragraph per line.
    """
    numbered = [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    content = [index for index, (_, line) in enumerate(numbered) if line]
    if not content:
        return []
    inner = numbered[content[0] : content[-1] + 1]
    if all(line for _, line in inner):
        return [_block_of_lines([pair]) for pair in inner]
    groups: list[list[tuple[int, str]]] = [[]]
    for number, line in inner:
        if line:
            groups[-1].append((number, line))
        elif groups[-1]:
            groups.append([])
    return [_block_of_lines(group) for group in groups if group]


def _block_of_lines(group: Sequence[tuple[int, str]]) -> Block:
    text = "\n".join(line for _, line in group)
    lines: list[int] = []
    for index, (number, line) in enumerate(group):
        lines.extend([number] * (len(line) + (1 if index + 1 < len(group) else 0)))
    return Block(text, tuple(lines), group[0][0], group[-1][0])


# --- segments -----------------------------------------------------------------


def segments_from_blocks(blocks: list[Block], path: str) -> list[Segment]:
    counters: Counter[Role] = Counter()
    segments = []
    for block in blocks:
        counters[block.role] += 1
        segments.append(
            Segment(
                block.role,
                block.text,
                path,
                block.first_line,
                block.last_line,
                counters[block.role],
            )
        )
    return segments


def disambiguate(segments: list[Segment]) -> tuple[Segment, ...]:
    """Give ``msgctxt`` to segments whose text occurs more than once, and to no others."""
    counts = Counter(s.text for s in segments)
    return tuple(
        replace(s, context=f"{s.role} {s.number}") if counts[s.text] > 1 else s for s in segments
    )


def segment_text(text: str, path: str) -> tuple[list[Segment], list[Repair]]:
    """The pure heart of the stage: source text in, segments and repairs out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    blocks, repairs = repair(split_blocks(text), path)
    for block in blocks:
        refuse_long_segment(block, path)
    return segments_from_blocks(blocks, path), repairs


# --- metadata -------------------------------------------------------------------

METADATA_STRINGS = (
    (Role.HEADLINE, "headline"),
    (Role.SHORT_TITLE, "short_title"),
    (Role.PUBLICATION, "publication"),
    (Role.BACKGROUND, "background"),
)
TOP_LEVEL_KEYS = ("original_file", "reporter", "event_date", "translatable")
TRANSLATABLE_KEYS = ("headline", "short_title", "publication", "key_points", "background")


@dataclass(frozen=True)
class EditorsMetadata:
    """What ``seeds/<doc>.toml`` says; every key is optional and ``None`` when absent."""

    reporter: str | None = None
    event_date: dt.date | None = None
    original_file: str | None = None
    segments: tuple[Segment, ...] = ()

    @property
    def headline(self) -> Segment | None:
        return next((s for s in self.segments if s.role == Role.HEADLINE), None)


def metadata_segments(path: Path, display: str) -> EditorsMetadata:
    """Read ``<doc>.toml`` if there is one: facts, and the translatable strings with their lines.

    A missing file is no metadata.  An unknown key is a warning on stderr, so that a misspelt
    key is seen; a value of the wrong type is an error naming its line.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return EditorsMetadata()
    except OSError as error:
        raise PublishError(error.strerror or "cannot read", path) from None
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PublishError("not valid UTF-8", path, line) from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\(at line (\d+), column \d+\)|line (\d+)", message)
        line = int(match.group(1) or match.group(2)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise PublishError(f"invalid TOML: {message}", path, line) from None
    lines = source.split("\n")

    def line_of(key: str) -> int | None:
        pattern = rf"\s*(?:{re.escape(key)}\s*=|\[\s*{re.escape(key)}\s*\])"
        return next((n for n, text in enumerate(lines, 1) if re.match(pattern, text)), None)

    translatable = data.get("translatable", {})
    if not isinstance(translatable, dict):
        raise PublishError(
            "'translatable' must be a table: [translatable]", path, line_of("translatable")
        )
    for table, known, prefix in (
        (data, TOP_LEVEL_KEYS, ""),
        (translatable, TRANSLATABLE_KEYS, "[translatable] "),
    ):
        for key in table:
            if key not in known:
                _warn(
                    f"{path}:{line_of(key) or 1}: warning: {prefix}unknown key {key!r} "
                    f"(known keys: {', '.join(known)})"
                )
    segments = []
    for role, key in METADATA_STRINGS:
        if key not in translatable:
            continue
        value = translatable[key]
        if not isinstance(value, str) or not value.strip():
            raise PublishError(
                f"[translatable] needs a non-empty string '{key}'", path, line_of(key)
            )
        line = line_of(key) or 1
        segments.append(Segment(role, " ".join(value.split()), display, line, line, 1))
    if "key_points" in translatable:
        points = translatable["key_points"]
        line = line_of("key_points") or 1
        if not isinstance(points, list) or not all(
            isinstance(p, str) and p.strip() for p in points
        ):
            raise PublishError(
                "[translatable] key_points must be a list of non-empty strings, such as "
                'key_points = ["First point", "Second point"]',
                path,
                line,
            )
        for number, point in enumerate(points, 1):
            at = _line_of_text(lines, point, line)
            segments.append(
                Segment(Role.KEY_POINT, " ".join(point.split()), display, at, at, number)
            )
    for key in ("reporter", "original_file"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            raise PublishError(f"{key} must be a non-empty string", path, line_of(key))
    event_date = data.get("event_date")
    if event_date is not None and (
        not isinstance(event_date, dt.date) or isinstance(event_date, dt.datetime)
    ):
        raise PublishError(
            "event_date must be a date such as 2022-06-30", path, line_of("event_date")
        )
    return EditorsMetadata(
        reporter=data["reporter"].strip() if "reporter" in data else None,
        event_date=event_date,
        original_file=data.get("original_file"),
        segments=tuple(segments),
    )


_warned: set[str] = set()


def _warn(message: str) -> None:
    """One line on stderr, once per process however often the document is read."""
    if message not in _warned:
        _warned.add(message)
        print(f"publish: {message}", file=sys.stderr)


def _line_of_text(lines: list[str], text: str, start: int) -> int:
    """The first line from ``start`` on that holds the start of ``text`` (else ``start``)."""
    probe = text.strip()[:20]
    return next(
        (n for n, line in enumerate(lines[start - 1 :], start) if probe and probe in line), start
    )


# --- the document ------------------------------------------------------------------


def read_source(source: Path) -> tuple[bytes, str]:
    """An article's bytes and text: read, held to the size limit, decoded (UTF-8 only)."""
    try:
        data = source.read_bytes()
    except OSError as error:
        raise PublishError(error.strerror or "cannot read", source) from None
    enforce_limit(SOURCE_BYTES_LIMIT, len(data), "this source has {:,} bytes", source)
    return data, decode_source(data, source)


def read_document(source: Path, root: Path | None = None) -> Document:
    """Read ``seeds/<doc>.txt`` and, if there is one, ``seeds/<doc>.toml`` into a repaired,
    segmented document.

    What the metadata leaves out is taken from the article when it says so unambiguously
    (headline: its title; reporter: its byline; event date: a full date in its dateline or
    lead), else left unknown (``None``).
    """
    source = Path(source)
    root = Path(root) if root is not None else Path.cwd()
    display = _display_path(source, root)
    _, text = read_source(source)
    body, repairs = segment_text(text, display)
    if not body:
        raise PublishError("no text: the article is empty", source)
    editors = metadata_segments(
        source.with_suffix(".toml"), _display_path(source.with_suffix(".toml"), root)
    )
    body, headline_source = _place_title(body, editors)
    return Document(
        name=source.stem,
        source=source,
        metadata=Metadata(
            reporter=editors.reporter or reporter_from(body),
            event_date=editors.event_date or event_date_from(body),
            original_file=editors.original_file,
            headline_source=headline_source,
        ),
        segments=disambiguate([*editors.segments, *body]),
        repairs=tuple(repairs),
    )


def _place_title(body: list[Segment], editors: EditorsMetadata) -> tuple[list[Segment], str | None]:
    """The article's title is the headline, unless the editors wrote one: then it is kept as
    the source title (corrected and translated, not printed as the headline)."""
    if editors.headline is not None:
        return [
            replace(s, role=Role.SOURCE_TITLE) if s.role == Role.HEADLINE else s for s in body
        ], "editors"
    if any(s.role == Role.HEADLINE for s in body):
        return body, "article"
    return body, None


def reporter_from(body: Sequence[Segment]) -> str | None:
    """The reporter the article's byline names, if it has one."""
    byline = next((s for s in body if s.role == Role.BYLINE), None)
    return byline_name(byline.text) if byline else None


def event_date_from(body: Sequence[Segment]) -> dt.date | None:
    """A full date the dateline or the lead names, when it names exactly one."""
    dateline = next((s.text for s in body if s.role == Role.DATELINE), "")
    lead = next((s.text for s in body if s.role == Role.PARAGRAPH), "")
    return unambiguous_date(f"{dateline}\n{lead}")


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
