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
    SOURCE_TITLE = "source title"
    """The article's own title when the editors wrote the headline: kept, corrected, not printed
    as the headline."""
    KEY_POINT = "key point"
    BACKGROUND = "background"
    BYLINE = "byline"
    DATELINE = "dateline"
    SUBHEADING = "subheading"
    PARAGRAPH = "paragraph"
    TRAILER = "trailer"
    """An end mark or credit left in the copy ("Enditem", "(Responsible editor: X)")."""


METADATA_ROLES = (Role.HEADLINE, Role.SHORT_TITLE, Role.PUBLICATION, Role.SOURCE_TITLE)
EDITORIAL_ROLES = (Role.KEY_POINT, Role.BACKGROUND)
"""Matter the editors wrote in ``seeds/<doc>.toml`` about the article, not part of its text."""
NOT_BODY_ROLES = (*METADATA_ROLES, *EDITORIAL_ROLES, Role.TRAILER)


@dataclass(frozen=True)
class Segment:
    """One translatable unit: its source text, its role and where it comes from."""

    role: Role
    text: str
    path: str
    line: int
    """The source line the segment starts on (a sentence start carried over from the
    paragraph before counts to the paragraph it joins)."""
    last_line: int
    number: int
    """1-based position among the segments of the same role (``paragraph 7``)."""
    context: str | None = None
    """``msgctxt``, set only when two segments share the same text."""

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.text)


REPAIR_KINDS = {
    "spacing": "tab, non-breaking or doubled space made a single space",
    "hyphenation": "word broken at a line end rejoined",
    "byline": "byline split off the lead",
    "dateline": "dateline split off the lead",
    "join": "paragraphs joined: the break fell inside a sentence",
    "carry-over": "sentence start moved to the paragraph it begins",
    "punctuation spacing": "space before punctuation or inside brackets removed",
    "quote padding": "spaces just inside quotation marks removed",
    "subheading": "short title-like paragraph marked as a subheading",
    "title": "title line at the start marked as the article's title",
    "run-in title": "title run into the lead split off as the article's title",
    "trailer": "end mark or credit at the end split off the text as a trailer",
}
"""Every kind of structural repair, with the sentence an editor reads for it."""


@dataclass(frozen=True)
class Repair:
    """A structural repair the segmenter made to the source text.

    ``before`` and ``after`` are short snippets around the change, a few words
    each side, with ``¶`` for a paragraph break and ``[role]`` for a role the
    repair gave a paragraph; they are meant to be printed as they are.
    """

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

    @property
    def description(self) -> str:
        return REPAIR_KINDS.get(self.kind, self.kind)

    def __str__(self) -> str:
        return f"{self.location}: {self.kind}: {self.before} -> {self.after}"


@dataclass(frozen=True)
class Metadata:
    """Facts about the document that are not translated: from ``seeds/<doc>.toml``, else found
    in the article, else ``None`` (unknown)."""

    reporter: str | None = None
    event_date: dt.date | None = None
    original_file: str | None = None
    headline_source: str | None = None
    """Who wrote the headline: ``"editors"`` (``seeds/<doc>.toml``), ``"article"`` (its title
    line), or ``None`` when there is no headline."""
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
        """The article text in reading order: byline, dateline, subheadings and paragraphs."""
        return tuple(s for s in self.segments if s.role not in NOT_BODY_ROLES)

    @property
    def headline(self) -> Segment | None:
        """The headline, or None: the renderer then names the document by ``name``."""
        return self.first(Role.HEADLINE)

    @property
    def headline_source(self) -> str | None:
        return self.metadata.headline_source

    @property
    def source_title(self) -> Segment | None:
        return self.first(Role.SOURCE_TITLE)

    @property
    def key_points(self) -> tuple[Segment, ...]:
        return self.segments_of(Role.KEY_POINT)

    @property
    def background(self) -> Segment | None:
        return self.first(Role.BACKGROUND)

    @property
    def trailers(self) -> tuple[Segment, ...]:
        return self.segments_of(Role.TRAILER)

    @property
    def byline(self) -> Segment | None:
        return self.first(Role.BYLINE)

    @property
    def dateline(self) -> Segment | None:
        return self.first(Role.DATELINE)

    @property
    def subheadings(self) -> tuple[Segment, ...]:
        return self.segments_of(Role.SUBHEADING)

    @property
    def paragraphs(self) -> tuple[Segment, ...]:
        return self.segments_of(Role.PARAGRAPH)
