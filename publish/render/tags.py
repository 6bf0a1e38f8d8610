"""Complete the tagged PDF WeasyPrint writes: each part's language, and page furniture as artifacts.

WeasyPrint builds the structure tree box by box (``weasyprint.pdf.tags._build_box_tree``) and
marks the content of each text box as it draws it (``weasyprint.pdf.stream.Stream.marked``).
While a PDF is written, :func:`completing_tags` wraps those two steps to close two gaps of 70.x,
the series ``pyproject.toml`` pins:

- Languages. A screen reader switches voice on the ``/Lang`` of structure elements, and
  WeasyPrint writes ``/Lang`` on the document catalogue alone, so a bilingual briefing would be
  read out in English throughout. Each box knows the HTML ``lang`` in force for it: each structure
  element whose box is in another language than the element it hangs from gets its own
  ``/Lang`` (whole cells and paragraphs, not every line).
- Page furniture. The running heads and page numbers of the page margins are tagged as content,
  but their structure elements hang from nothing, so a reader following the structure never
  reaches them, and a checker finds content that is neither in the tree nor an artifact. PDF/UA
  wants them marked as artifacts: their text is drawn inside ``/Artifact`` marked content and
  gets no structure element.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pydyf
from weasyprint.formatting_structure.boxes import MarginBox
from weasyprint.pdf import tags
from weasyprint.pdf.stream import Stream

from publish.errors import PublishError

BUILD_ELEMENT = "_build_box_tree"


@dataclass
class _Call:
    """One box being turned into structure: the element it hangs from, and languages in force."""

    parent: Any
    inherited: str | None
    lang: str | None


def supported() -> bool:
    """Whether this WeasyPrint tags its PDFs through the two steps this module wraps."""
    return callable(getattr(tags, BUILD_ELEMENT, None)) and all(
        callable(getattr(Stream, name, None)) for name in ("marked", "artifact")
    )


def page_furniture(document: Any) -> set[int]:
    """The ids of every box in the page margins of a laid-out WeasyPrint document."""
    return {
        id(box)
        for page in document.pages
        for margin in page._page_box.children
        if isinstance(margin, MarginBox)
        for box in margin.descendants()
    }


@contextmanager
def completing_tags(document: Any) -> Iterator[None]:
    """Within this block, writing ``document`` marks languages and page furniture (see above)."""
    if not supported():
        raise PublishError(
            "this WeasyPrint no longer tags PDFs through weasyprint.pdf.tags."
            f"{BUILD_ELEMENT} and Stream.marked; install the version pyproject.toml names"
        )
    build_element = getattr(tags, BUILD_ELEMENT)
    mark_content = Stream.marked
    furniture = page_furniture(document)
    calls: list[_Call] = []
    marked: set[int] = set()

    def marked_or_artifact(stream, box, tag):
        if id(box) in furniture:
            return stream.artifact()
        return mark_content(stream, box, tag)

    def build_with_lang(box, parent, *rest):
        if isinstance(box, MarginBox):
            return  # its content is an artifact: no structure element
        if not calls:
            inherited = document.metadata.lang
        elif parent is calls[-1].parent:
            # The enclosing box made no element of its own (html, body, a page): same parent.
            inherited = calls[-1].inherited
        else:
            inherited = calls[-1].lang
        lang = box.style["lang"] or inherited
        calls.append(_Call(parent, inherited, lang))
        try:
            # WeasyPrint recurses through the module's name, so descendants come through here too.
            for element in build_element(box, parent, *rest):
                if id(element) not in marked:
                    marked.add(id(element))
                    if lang != inherited:
                        element["Lang"] = pydyf.String(lang)
                yield element
        finally:
            calls.pop()

    setattr(tags, BUILD_ELEMENT, build_with_lang)
    Stream.marked = marked_or_artifact
    try:
        yield
    finally:
        setattr(tags, BUILD_ELEMENT, build_element)
        Stream.marked = mark_content
