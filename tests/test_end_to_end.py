"""The whole pipeline, judged from the PDFs it writes."""

from __future__ import annotations

import re
import subprocess

import polib
import pytest

from tests.conftest import DOC, ROOT

PDFS = [f"{DOC}-en.pdf", f"{DOC}-zh_CN.pdf", f"{DOC}-en-zh_CN.pdf"]


RUNNING_LINES = re.compile(r"^(Page\s*\d+\s*of\s*\d+|第\s*\d+\s*页，共\s*\d+\s*页)$")


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def running_heads() -> set[str]:
    """The short title and the publication: every page's head prints them."""
    return {
        e.msgstr
        for locale in ("en", "zh_CN")
        for e in polib.pofile(str(ROOT / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"))
        if "type: short title" in e.comment or "type: publication" in e.comment
    }


def body_text(text: str) -> str:
    """The text without running heads and page numbers, which break into paragraphs."""
    titles = running_heads()
    return "\n".join(
        line
        for line in text.splitlines()
        if not RUNNING_LINES.match(line.strip())
        and not (line.strip() and set(line.strip().split(" · ")) <= titles)
    )


CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def lines_of_script(text: str, chinese: bool) -> str:
    """Only the lines in one script: the columns of a parallel text, each in its own order."""
    return "\n".join(line for line in text.splitlines() if bool(CJK.search(line)) == chinese)


def squeeze(text: str) -> str:
    """Text without the spaces, line ends and hyphens that typesetting adds or moves."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def catalogue_texts(locale: str) -> list[str]:
    po = polib.pofile(str(ROOT / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"))
    return [e.msgstr for e in po.translated_entries() if "fuzzy" not in e.flags]


def test_every_pdf_is_written(built):
    out, _ = built
    for name in PDFS:
        data = (out / name).read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize(
    ("name", "locales"),
    [(PDFS[0], ["en"]), (PDFS[1], ["zh_CN"]), (PDFS[2], ["en", "zh_CN"])],
)
def test_catalogue_text_is_in_the_pdf(built, name, locales):
    out, _ = built
    text = pdf_text(out / name)
    for locale in locales:
        column = squeeze(lines_of_script(body_text(text), chinese=locale.startswith("zh")))
        entries = catalogue_texts(locale)
        assert entries, f"the {locale} catalogue has no translated entry to look for"
        missing = [
            e
            for e in entries
            if squeeze(e) not in (squeeze(text) if e in running_heads() else column)
        ]
        assert not missing, f"{locale} text missing from {name}: {missing[0][:80]}"


@pytest.mark.parametrize("name", [PDFS[1], PDFS[2]])
def test_chinese_is_set_in_an_embedded_simplified_chinese_face(built, name):
    out, _ = built
    fonts = subprocess.run(
        ["pdffonts", str(out / name)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    cjk = [line for line in fonts if "CJK" in line]
    assert cjk, "no CJK font in the PDF"
    for line in cjk:
        assert "CJK-SC" in line.split()[0], f"not a Simplified Chinese face: {line}"
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], f"not embedded and subset: {line}"


def test_weasyprint_neither_fell_back_to_fonttools_nor_missed_a_glyph(built):
    _, records = built
    messages = [r.getMessage() for r in records]
    assert not [m for m in messages if "fontTools" in m]
    assert not [m for m in messages if ".notdef" in m or "glyphs missing" in m.lower()]
