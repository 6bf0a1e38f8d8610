"""The committed Hong Kong edition: its PDFs carry no Simplified character of the article."""

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DOC, ROOT, copy_project, run_publish

from publish.checks.characters import simplified_in
from publish.po import reader

HONG_KONG = ROOT / "locales" / "zh_HK" / "LC_MESSAGES" / f"{DOC}.po"
PDFS = (f"{DOC}-zh_HK.pdf", f"{DOC}-en-zh_HK.pdf")


@pytest.fixture(scope="module")
def hong_kong_build(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("zh_HK"))
    target = root / HONG_KONG.relative_to(ROOT)
    target.parent.mkdir(parents=True)
    shutil.copy2(HONG_KONG, target)
    run_publish("-C", str(root), "build", *(f"build/{name}" for name in PDFS), check=True)
    return root


def test_the_committed_hong_kong_catalogue_is_complete_and_reviewed():
    entries = [e for e in reader.load(HONG_KONG) if not e.obsolete]
    assert entries
    assert not [e.msgid for e in entries if not e.msgstr or "fuzzy" in e.flags]


@pytest.mark.parametrize("name", PDFS)
def test_no_simplified_character_of_the_article_reaches_a_traditional_pdf(hong_kong_build, name):
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(hong_kong_build / "build" / name), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Every translated text of the catalogue is on the page, Traditional throughout.
    translations = [e.msgstr for e in reader.load(HONG_KONG) if e.msgstr and not e.obsolete]
    flat = "".join(text.split())
    shown = [t for t in translations if "".join(t.split())[:12] in flat]
    assert len(shown) >= len(translations) // 2, "the Hong Kong text is not in the PDF"
    # The article, before its names table (whose source column may quote a Simplified title).
    article = text[: text.index("人名及術語")]
    assert simplified_in(article) == {}
