"""Build policy: fuzzy entries stay out of PDFs, incomplete locales print as drafts or fail."""

from __future__ import annotations

import math
import subprocess

import pytest

from publish import catalogue
from publish.catalogue.policy import draft_percent
from publish.errors import PublishError
from publish.po import reader, writer
from publish.segment import read_document
from tests.conftest import DOC, ROOT, copy_project, run_publish

FUZZY_MARK = "这是一条待审校的模糊译文"


def zh_path(root):
    return root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"


def test_fuzzy_translations_are_used_only_when_allowed():
    document = read_document(ROOT / "seeds" / f"{DOC}.txt", ROOT)
    po = reader.load(zh_path(ROOT))
    fallback = {s.key: f"fallback {s.number}" for s in document.segments}
    fuzzy_key = document.segments[5].key
    untranslated_key = document.segments[6].key
    for entry in po:
        if (entry.msgctxt, entry.msgid) == fuzzy_key:
            entry.flags.append("fuzzy")
        if (entry.msgctxt, entry.msgid) == untranslated_key:
            entry.msgstr = ""

    strict = catalogue.translations(document, po, fallback, allow_fuzzy=False)
    assert strict[fuzzy_key] == catalogue.Translation(fallback[fuzzy_key], "untranslated")
    assert strict[untranslated_key].text == fallback[untranslated_key]
    assert strict[document.segments[0].key].status == "translated"

    lenient = catalogue.translations(document, po, fallback, allow_fuzzy=True)
    assert lenient[fuzzy_key].status == "fuzzy"
    assert lenient[fuzzy_key].text != fallback[fuzzy_key]
    assert lenient[untranslated_key].status == "untranslated"

    share = catalogue.translated_share(document, strict)
    words = [len(s.text.split()) for s in document.segments]
    assert share == pytest.approx((sum(words) - words[5] - words[6]) / sum(words))
    # A fuzzy translation printed on request is still not a reviewed one.
    assert catalogue.translated_share(document, lenient) == share


def test_draft_percent_is_rounded_down_and_only_under_the_threshold():
    assert draft_percent(1.0) is None
    assert draft_percent(0.8) is None
    assert draft_percent(0.7999) == 79
    assert draft_percent(0.0) == 0
    assert draft_percent(0.5, threshold=0.4) is None
    assert catalogue.enforce_threshold(0.9, 0.8, strict=True) is None
    assert catalogue.enforce_threshold(0.5, 0.8, strict=False) == 50
    with pytest.raises(PublishError, match=r"50% .* 80% threshold"):
        catalogue.enforce_threshold(0.5, 0.8, strict=True, path="zh.po")


def half_translated(root) -> float:
    """Empty the Chinese of the first paragraphs until under 80%; return the share left."""
    path = zh_path(root)
    po = reader.load(path)
    total = sum(len(e.msgid.split()) for e in po)
    removed = 0
    for entry in po:
        if entry.comment.startswith("type: paragraph") and removed < 0.4 * total:
            removed += len(entry.msgid.split())
            entry.msgstr = ""
    [last] = [e for e in po if e.comment.startswith("type: paragraph")][-1:]
    last.msgstr = FUZZY_MARK
    last.flags.append("fuzzy")
    removed += len(last.msgid.split())
    path.write_text(writer.dumps(po), encoding="utf-8")
    return (total - removed) / total


def test_strict_build_of_an_incomplete_locale_is_a_one_line_error(tmp_path):
    root = copy_project(tmp_path)
    share = half_translated(root)
    target = str(root / "build" / f"{DOC}-zh_CN.pdf")
    result = run_publish("-C", str(root), "build", target, "--strict")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"locales/zh_CN/LC_MESSAGES/{DOC}.po" in result.stderr
    assert f"{math.floor(share * 100)}%" in result.stderr
    assert not (root / "build").exists()
    # A threshold is a percentage.
    low = run_publish("-C", str(root), "build", target, "--strict", "--threshold", "200")
    assert low.returncode == 2 and "between 0 and 100" in low.stderr


def pdf_pages(path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_an_incomplete_locale_is_built_as_a_draft_on_every_page(tmp_path):
    root = copy_project(tmp_path)
    share = half_translated(root)
    stats = catalogue.statistics(reader.load(zh_path(root)))
    assert math.floor(stats.percent_translated) == math.floor(share * 100)
    target = root / "build" / f"{DOC}-zh_CN.pdf"
    # A PDF path on the command line is taken from the current folder, as in make.
    run_publish("-C", str(root), "build", str(target), check=True)
    pages = pdf_pages(target)
    assert len(pages) >= 2
    notice = f"草稿：已翻译 {math.floor(share * 100)}%"
    assert all(notice in page for page in pages), [notice in page for page in pages]
    text = "".join(pages)
    assert FUZZY_MARK not in text
    assert "未翻译" in text
