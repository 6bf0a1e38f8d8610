"""The typed document model that flows from the segmenter to the catalogues and the renderer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Role(StrEnum):
    """What a segment is in the briefing; written into the POT as ``#. type: <role>``."""

    HEADLINE = "headline"
    SHORT_TITLE = "short title"
    PUBLICATION = "publication"
    BYLINE = "byline"
    SUBHEADING = "subheading"
    PARAGRAPH = "paragraph"


METADATA_ROLES = (Role.HEADLINE, Role.SHORT_TITLE, Role.PUBLICATION)


@dataclass(frozen=True)
class Segment:
    """One translatable unit: its source text, its role and where it comes from."""

    role: Role
    text: str
    path: str
    line: int
    last_line: int
    number: int
    """1-based position among the segments of the same role (``paragraph 7``)."""
    context: str | None = None
    """``msgctxt``, set only when two segments share the same text."""

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.text)


@dataclass(frozen=True)
class Repair:
    """A structural repair the segmenter made to the source text."""

    kind: str
    path: str
    first_line: int
    last_line: int
    before: str
    after: str

    @property
    def location(self) -> str:
        if self.first_line == self.last_line:
            return f"{self.path}:{self.first_line}"
        return f"{self.path}:{self.first_line}-{self.last_line}"


@dataclass(frozen=True)
class Metadata:
    """Facts about the document from ``seeds/<doc>.toml`` that are not translated."""

    reporter: str
    event_date: dt.date
    original_file: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """A source article after structural repair: the segments every catalogue hangs on."""

    name: str
    source: Path
    metadata: Metadata
    segments: tuple[Segment, ...]
    repairs: tuple[Repair, ...]

    def segments_of(self, role: Role) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.role == role)

    def first(self, role: Role) -> Segment | None:
        found = self.segments_of(role)
        return found[0] if found else None

    @property
    def body(self) -> tuple[Segment, ...]:
        """The article text in reading order: byline, subheadings and paragraphs."""
        return tuple(s for s in self.segments if s.role not in METADATA_ROLES)
