"""Read a source article, repair its structure and split it into translatable segments.

Machine-translated articles arrive as blank-line-separated paragraphs whose
structure is damaged: paragraphs split mid-sentence, a byline run into the
lead, subheadings that look like one-line paragraphs, spaces before
punctuation and inside quotes.  Each repair below is a small pure function
over the list of blocks; it returns the new blocks and the repairs it made,
so that every change to the source is on record.  Wording is left alone:
that is the editors' work, in the ``en`` catalogue.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from publish.errors import PublishError
from publish.model import Document, Metadata, Repair, Role, Segment

TERMINAL = ".!?。！？…"
CLOSERS = "\"'”’)）」』】》"
BYLINE_MARKER = re.compile(
    r"^(?:Text|Photos?|Text and photos?|By|Written by|Reported by)\s*[/:|]\s*|^By\s+"
)
LEAD_OPENERS = frozenset(
    [
        "On",
        "In",
        "At",
        "During",
        "According",
        "Recently",
        "Yesterday",
        "Today",
        "Tonight",
        "This",
        "Last",
        "Since",
        "After",
        "Before",
        "As",
        "The",
        "A",
        "An",
        "Following",
        "Over",
    ]
)
SUBHEADING_MAX_WORDS = 20
CARRY_OVER_MAX_WORDS = 5


@dataclass(frozen=True)
class Block:
    """A paragraph of the source while it is being repaired."""

    text: str
    first_line: int
    last_line: int
    role: Role = Role.PARAGRAPH


Rule = Callable[[list[Block], str], tuple[list[Block], list[Repair]]]


# --- reading -----------------------------------------------------------------


def decode_source(data: bytes, path: Path) -> str:
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
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_blocks(text: str) -> list[Block]:
    """Split text into blank-line-separated blocks, joining the lines of each with single spaces."""
    blocks: list[Block] = []
    lines: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = " ".join(raw.split())
        if line:
            if not lines:
                start = number
            lines.append(line)
        elif lines:
            blocks.append(Block(" ".join(lines), start, number - 1))
            lines = []
    if lines:
        blocks.append(Block(" ".join(lines), start, start + len(lines) - 1))
    return blocks


# --- repair rules --------------------------------------------------------------


def ends_sentence(text: str) -> bool:
    return text.rstrip(CLOSERS)[-1:] in TERMINAL


def starts_lowercase(text: str) -> bool:
    return text[:1].islower()


SENTENCE_BOUNDARY = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“(]?[A-Z])")


def mend_split_sentences(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Mend a paragraph break that falls inside a sentence.

    When a block ends without terminal punctuation and the next one starts in
    lower case, the sentence continues across the break.  A short dangling
    sentence start ("... in Qianhai. The") is carried over to the next block;
    otherwise the two blocks are joined.
    """
    out: list[Block] = []
    repairs: list[Repair] = []
    pending = list(blocks)
    while pending:
        block = pending.pop(0)
        if pending and not ends_sentence(block.text) and starts_lowercase(pending[0].text):
            following = pending.pop(0)
            boundaries = list(SENTENCE_BOUNDARY.finditer(block.text))
            tail = block.text[boundaries[-1].end() :] if boundaries else block.text
            if boundaries and len(tail.split()) <= CARRY_OVER_MAX_WORDS:
                head = block.text[: boundaries[-1].end()].rstrip()
                carried = f"{tail} {following.text}"
                repairs.append(
                    Repair(
                        "carry-over",
                        path,
                        block.last_line,
                        following.first_line,
                        f"{_tail_words(head)} «{tail}» ¶ {_head_words(following.text)}",
                        f"{_tail_words(head)} ¶ «{tail}» {_head_words(following.text)}",
                    )
                )
                out.append(replace(block, text=head))
                pending.insert(0, Block(carried, following.first_line, following.last_line))
            else:
                joined = f"{block.text} {following.text}"
                repairs.append(
                    Repair(
                        "join",
                        path,
                        block.last_line,
                        following.first_line,
                        f"{_tail_words(block.text)} ¶ {_head_words(following.text)}",
                        f"{_tail_words(block.text)} {_head_words(following.text)}",
                    )
                )
                pending.insert(0, Block(joined, block.first_line, following.last_line))
            continue
        out.append(block)
    return out, repairs


def split_run_in_byline(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Split a byline ("Text/Some Paper Reporter Name") off the lead it was run into."""
    if not blocks:
        return blocks, []
    first = blocks[0]
    marker = BYLINE_MARKER.match(first.text)
    if not marker:
        return blocks, []
    words = first.text[marker.end() :].split(" ")
    for count, word in enumerate(words):
        if count and word in LEAD_OPENERS:
            break
        if not word[:1].isupper() or count >= 12:
            return blocks, []
    else:
        return blocks, []
    byline = first.text[: marker.end()] + " ".join(words[:count])
    lead = " ".join(words[count:])
    if not lead:
        return blocks, []
    repair = Repair(
        "byline",
        path,
        first.first_line,
        first.first_line,
        f"{byline} {_head_words(lead)}",
        f"{byline} ¶ {_head_words(lead)}",
    )
    return [
        Block(byline, first.first_line, first.first_line, Role.BYLINE),
        replace(first, text=lead),
        *blocks[1:],
    ], [repair]


SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=\S)\s+([,.;:?!)])(?=\s|$|[\"”’])")


def close_space_before_punctuation(
    blocks: list[Block], path: str
) -> tuple[list[Block], list[Repair]]:
    """Remove the space left before punctuation ("agreement ." -> "agreement.")."""
    return _substitute_each(blocks, path, "punctuation spacing", SPACE_BEFORE_PUNCTUATION, r"\1")


PADDED_QUOTE = re.compile(r'"\s+([^"]*?)\s*"|"([^"]*?)\s+"')


def trim_quote_padding(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Remove spaces just inside straight double quotes (`" Name "` -> `"Name"`)."""
    out: list[Block] = []
    repairs: list[Repair] = []
    for block in blocks:
        if block.text.count('"') % 2:
            out.append(block)
            continue
        pieces = block.text.split('"')
        quoted = pieces[1::2]
        trimmed = [q.strip() for q in quoted]
        if trimmed == quoted:
            out.append(block)
            continue
        pieces[1::2] = trimmed
        new = '"'.join(pieces)
        for before, after in zip(quoted, trimmed, strict=True):
            if before != after:
                repairs.append(
                    Repair(
                        "quote padding",
                        path,
                        block.first_line,
                        block.last_line,
                        f'"{before}"',
                        f'"{after}"',
                    )
                )
        out.append(replace(block, text=new))
    return out, repairs


def recognise_subheadings(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Mark short single-sentence blocks that introduce a longer paragraph as subheadings."""
    out: list[Block] = []
    repairs: list[Repair] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            block.role == Role.PARAGRAPH
            and index > 0
            and following is not None
            and following.role == Role.PARAGRAPH
            and block.first_line == block.last_line
            and block.text[:1].isupper()
            and len(block.text.split()) <= SUBHEADING_MAX_WORDS
            and not SENTENCE_BOUNDARY.search(block.text)
            and len(following.text.split()) >= 2 * len(block.text.split())
        ):
            out.append(replace(block, role=Role.SUBHEADING))
            repairs.append(
                Repair(
                    "subheading", path, block.first_line, block.last_line, block.text, block.text
                )
            )
        else:
            out.append(block)
    return out, repairs


REPAIR_RULES: tuple[Rule, ...] = (
    split_run_in_byline,
    mend_split_sentences,
    close_space_before_punctuation,
    trim_quote_padding,
    recognise_subheadings,
)


def repair(blocks: list[Block], path: str) -> tuple[list[Block], list[Repair]]:
    """Apply every repair rule in turn."""
    repairs: list[Repair] = []
    for rule in REPAIR_RULES:
        blocks, made = rule(blocks, path)
        repairs.extend(made)
    return blocks, repairs


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


def metadata_segments(path: Path, display: str) -> tuple[Metadata, list[Segment]]:
    """Read ``<doc>.toml``: facts, and the translatable strings with their line numbers."""
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise PublishError("metadata file is missing", path) from None
    except UnicodeDecodeError:
        raise PublishError("not valid UTF-8", path) from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise PublishError(
            f"invalid TOML: {error}", path, int(match.group(1)) if match else None
        ) from None
    lines = raw.decode("utf-8").split("\n")
    translatable = data.get("translatable", {})
    segments = []
    for role, key in (
        (Role.HEADLINE, "headline"),
        (Role.SHORT_TITLE, "short_title"),
        (Role.PUBLICATION, "publication"),
    ):
        value = translatable.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PublishError(f"[translatable] needs a non-empty string '{key}'", path)
        line = next((n for n, text in enumerate(lines, 1) if re.match(rf"\s*{key}\s*=", text)), 1)
        segments.append(Segment(role, " ".join(value.split()), display, line, line, 1))
    try:
        metadata = Metadata(
            reporter=str(data["reporter"]),
            event_date=data["event_date"],
            original_file=str(data.get("original_file", "")),
        )
    except KeyError as missing:
        raise PublishError(f"missing key {missing}", path) from None
    if not hasattr(metadata.event_date, "isoformat") or hasattr(metadata.event_date, "hour"):
        raise PublishError("event_date must be a date such as 2022-06-30", path)
    return metadata, segments


def segment_text(text: str, path: str) -> tuple[list[Segment], list[Repair]]:
    """The pure heart of the stage: source text in, segments and repairs out."""
    blocks, repairs = repair(split_blocks(text), path)
    return segments_from_blocks(blocks, path), repairs


def read_document(source: Path, root: Path | None = None) -> Document:
    """Read ``seeds/<doc>.txt`` and ``seeds/<doc>.toml`` into a repaired, segmented document."""
    source = Path(source)
    root = Path(root) if root is not None else Path.cwd()
    display = _display_path(source, root)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise PublishError(error.strerror or "cannot read", source) from None
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


# --- helpers --------------------------------------------------------------------


def _substitute_each(
    blocks: list[Block], path: str, kind: str, pattern: re.Pattern[str], replacement: str
) -> tuple[list[Block], list[Repair]]:
    out: list[Block] = []
    repairs: list[Repair] = []
    for block in blocks:
        for match in pattern.finditer(block.text):
            start, end = max(0, match.start() - 20), min(len(block.text), match.end() + 20)
            before = block.text[start:end]
            after = pattern.sub(replacement, before)
            repairs.append(
                Repair(kind, path, block.first_line, block.last_line, _trim(before), _trim(after))
            )
        out.append(replace(block, text=pattern.sub(replacement, block.text)))
    return out, repairs


def _trim(snippet: str) -> str:
    return snippet.strip()


def _tail_words(text: str, count: int = 4) -> str:
    words = text.split()
    return ("… " if len(words) > count else "") + " ".join(words[-count:])


def _head_words(text: str, count: int = 4) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
