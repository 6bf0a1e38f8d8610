"""Mark the language of the parts of a tagged PDF, which WeasyPrint records only for the whole.

A screen reader switches voice on the ``/Lang`` of structure elements. WeasyPrint writes ``/Lang``
on the document catalogue alone, so a bilingual briefing would be read out in English throughout.
WeasyPrint builds the structure tree box by box (``weasyprint.pdf.tags._build_box_tree``), and each
box knows the HTML ``lang`` in force for it. While a PDF is written, :func:`marking_languages`
wraps that step so that each structure element whose box is in another language than the element
it hangs from gets its own ``/Lang``: whole cells and paragraphs, not every line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pydyf
from weasyprint.pdf import tags

from publish.errors import PublishError

BUILD_ELEMENT = "_build_box_tree"


@dataclass
class _Call:
    """One box being turned into structure: the element it hangs from, and languages in force."""

    parent: Any
    inherited: str | None
    lang: str | None


def supported() -> bool:
    """Whether this WeasyPrint builds its structure tree the way this module hooks into."""
    return callable(getattr(tags, BUILD_ELEMENT, None))


@contextmanager
def marking_languages(document_lang: str | None) -> Iterator[None]:
    """Within this block, PDFs written get ``/Lang`` on elements not in their parent's language."""
    if not supported():
        raise PublishError(
            "this WeasyPrint no longer builds its structure tree in "
            f"weasyprint.pdf.tags.{BUILD_ELEMENT}; install the version pyproject.toml names"
        )
    build_element = getattr(tags, BUILD_ELEMENT)
    calls: list[_Call] = []
    marked: set[int] = set()

    def build_with_lang(box, parent, *rest):
        if not calls:
            inherited = document_lang
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
    try:
        yield
    finally:
        setattr(tags, BUILD_ELEMENT, build_element)
