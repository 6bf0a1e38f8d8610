"""What render.tags adds to WeasyPrint's tags: part languages, page furniture as artifacts."""

from __future__ import annotations

import io

import pikepdf
import pytest
from weasyprint import HTML
from weasyprint.pdf import tags
from weasyprint.pdf.stream import Stream

from publish.errors import PublishError
from publish.render.tags import completing_tags, supported
from tests import pdfread

PAGE = """<!DOCTYPE html><html lang="en"><head><title>t</title><style>
@page { size: A6; @top-center { content: "Running head" }
        @bottom-center { content: counter(page) } }
</style></head><body>
<p>An English paragraph.</p>
<div lang="zh-Hans"><p>中文段落。</p><p>第二段<span lang="en">English inside</span>。</p></div>
</body></html>"""


def typeset(html: str = PAGE, complete: bool = True) -> pikepdf.Pdf:
    document = HTML(string=html).render()
    output = io.BytesIO()
    if complete:
        with completing_tags(document):
            document.write_pdf(output, pdf_variant="pdf/ua-1")
    else:
        document.write_pdf(output, pdf_variant="pdf/ua-1")
    return pikepdf.open(io.BytesIO(output.getvalue()))


def languages(pdf: pikepdf.Pdf) -> dict[str, str | None]:
    document_lang = str(pdf.Root.Lang)
    return {
        pdfread.normalise(leaf.text): pdfread.effective_lang(leaf, document_lang)
        for leaf in pdfread.leaves(pdf)
    }


def test_each_part_gets_the_language_it_differs_in():
    with typeset() as pdf:
        found = languages(pdf)
    assert found["anenglishparagraph."] == "en"
    assert found["中文段落。"] == "zh-Hans"
    assert found["englishinside"] == "en"


def test_without_the_hook_weasyprint_leaves_the_chinese_in_english():
    """The control: what the hook is there for."""
    with typeset(complete=False) as pdf:
        assert languages(pdf)["中文段落。"] == "en"


def test_margin_content_is_an_artifact_and_every_element_is_in_the_tree():
    with typeset() as pdf:
        every, reached = pdfread.structure_elements(pdf)
        assert every and {e.objgen for e in every} == reached
        assert all("Running head" not in leaf.text for leaf in pdfread.leaves(pdf))
        # The running head and the page number, drawn inside artifacts on every page.
        assert all(count >= 2 for count in pdfread.artifact_strings(pdf))
    with typeset(complete=False) as pdf:
        # The control: WeasyPrint alone tags them, with elements that hang from nothing.
        every, reached = pdfread.structure_elements(pdf)
        assert len(every) > len(reached)
        assert pdfread.artifact_strings(pdf) == [0] * len(pdf.pages)


def test_the_hooks_are_undone_after_the_block_even_when_writing_fails():
    build, marked = tags._build_box_tree, Stream.marked
    document = HTML(string=PAGE).render()
    with pytest.raises(RuntimeError), completing_tags(document):
        assert tags._build_box_tree is not build and Stream.marked is not marked
        raise RuntimeError("writing failed")
    assert tags._build_box_tree is build and Stream.marked is marked


def test_a_weasyprint_without_the_seam_is_refused_in_one_line(monkeypatch):
    document = HTML(string=PAGE).render()
    monkeypatch.delattr(tags, "_build_box_tree")
    assert not supported()
    with pytest.raises(PublishError, match=r"pyproject\.toml"), completing_tags(document):
        pass
