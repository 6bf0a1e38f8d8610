"""Read a source article and its metadata into a document: decoding, blocks, segments.

``seeds/<doc>.txt`` is decoded (UTF-8 only) and split into blocks at blank lines;
the repair rules (``rules.py``) mend the blocks' structure; each block becomes a
segment. ``seeds/<doc>.toml`` adds the facts and the translatable strings that are
not in the text (headline, short title, publication).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from publish.errors import SOURCE_BYTES_LIMIT, PublishError, enforce_limit
from publish.model import Document, Metadata, Repair, Role, Segment
from publish.segment.rules import Block, refuse_long_segment, repair

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
)


def metadata_segments(path: Path, display: str) -> tuple[Metadata, list[Segment]]:
    """Read ``<doc>.toml``: facts, and the translatable strings with their line numbers."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PublishError(
            "metadata file is missing; it needs reporter, event_date and [translatable]", path
        ) from None
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
        return next(
            (n for n, text in enumerate(lines, 1) if re.match(rf"\s*{re.escape(key)}\s*=", text)),
            None,
        )

    translatable = data.get("translatable", {})
    if not isinstance(translatable, dict):
        raise PublishError(
            "'translatable' must be a table: [translatable]", path, line_of("translatable")
        )
    segments = []
    for role, key in METADATA_STRINGS:
        value = translatable.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PublishError(
                f"[translatable] needs a non-empty string '{key}'", path, line_of(key)
            )
        line = line_of(key) or 1
        segments.append(Segment(role, " ".join(value.split()), display, line, line, 1))
    for key in ("reporter", "event_date"):
        if key not in data:
            raise PublishError(f"missing key '{key}'", path)
    event_date = data["event_date"]
    if not isinstance(event_date, dt.date) or isinstance(event_date, dt.datetime):
        raise PublishError(
            "event_date must be a date such as 2022-06-30", path, line_of("event_date")
        )
    metadata = Metadata(
        reporter=str(data["reporter"]),
        event_date=event_date,
        original_file=str(data.get("original_file", "")),
    )
    return metadata, segments


# --- the document ------------------------------------------------------------------


def read_document(source: Path, root: Path | None = None) -> Document:
    """Read ``seeds/<doc>.txt`` and ``seeds/<doc>.toml`` into a repaired, segmented document."""
    source = Path(source)
    root = Path(root) if root is not None else Path.cwd()
    display = _display_path(source, root)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise PublishError(error.strerror or "cannot read", source) from None
    enforce_limit(SOURCE_BYTES_LIMIT, len(data), "this source has {:,} bytes", source)
    text = decode_source(data, source)
    body, repairs = segment_text(text, display)
    if not body:
        raise PublishError("no text: the article is empty", source)
    metadata, meta_segments = metadata_segments(
        source.with_suffix(".toml"), _display_path(source.with_suffix(".toml"), root)
    )
    return Document(
        name=source.stem,
        source=source,
        metadata=metadata,
        segments=disambiguate([*meta_segments, *body]),
        repairs=tuple(repairs),
    )


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
