"""Many articles in one project: `make` builds each one's PDFs from its own words, and an article
whose metadata is broken stops only itself.

One project holds four articles of different shapes (tests/data/many: wire copy with a dateline
and "Enditem", a web article with a subheading and an editor's credit, an article with neither
byline nor subheading, an article with no metadata file, a title line and "(END)"), garbled as
machine translation garbles (paragraphs split inside a sentence, words doubled), and one whose
metadata does not parse. The tests run in order on it, as an editor's successive `make` runs
would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DOC, MakeProject

MANY = Path(__file__).parent / "data" / "many"
LOCALES = ("en", "zh_CN", "en-zh_CN")
# Words each article has and the others lack, from its body and from its metadata.
OWN_WORDS = {
    "rail-wire": ["Longquan Mountains", "Sichuan Basin", "Chengdu-Chongqing economic circle"],
    "tea-web": ["Da Hong Pao", "Wanli Tea Road", "livestreams the roasting"],
    "lake-birds": ["Siberian cranes", "eelgrass", "Poyang Lake"],
    "kite-harbour": ["Yangjiabu", "Grand Canal", "glowing dragons"],
}
UNTITLED = "kite-harbour"
"""The article with no seeds/<doc>.toml: its title line is its headline."""
UNTITLED_TITLE = "Kite flyers from forty countries fill the sky over Weifang harbour"
BROKEN = "airship-trial"
BROKEN_TEXT = (
    "An airship built in Jingmen made its first trial flight over the Zhanghe reservoir "
    "on Sunday, the the manufacturer said.\n"
)
# Line 2 is not TOML: a month 13 is no date.
BROKEN_METADATA = 'reporter = "Staff"\nevent_date = 2022-13-45\n'
FIXED_METADATA = (MANY / "lake-birds.toml").read_text(encoding="utf-8")


def pdfs_of(name: str) -> list[str]:
    return [f"build/{name}-{locales}.pdf" for locales in LOCALES]


def squeeze(text: str) -> str:
    """Text without the spaces, line ends and hyphens that typesetting adds or moves."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> MakeProject:
    project = MakeProject(tmp_path_factory.mktemp("many"))
    root = project.root
    # Only the articles of this test: the seed's long article would double the make's cost.
    for path in [*root.glob(f"seeds/{DOC}.*"), *root.glob(f"locales/**/{DOC}.po*")]:
        path.unlink()
    for source in sorted(MANY.iterdir()):
        shutil.copy2(source, root / "seeds" / source.name)
    (root / "seeds" / f"{BROKEN}.txt").write_text(BROKEN_TEXT, encoding="utf-8")
    (root / "seeds" / f"{BROKEN}.toml").write_text(BROKEN_METADATA, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def first_make(project) -> tuple[subprocess.CompletedProcess, list[list[str]]]:
    return project.make("-j2")


def test_the_articles_differ_in_shape_and_are_garbled():
    texts = {name: (MANY / f"{name}.txt").read_text(encoding="utf-8") for name in OWN_WORDS}
    assert texts["rail-wire"].startswith("BEIJING, June 3 (Xinhua) --")
    assert texts["rail-wire"].rstrip().endswith("Enditem")
    assert texts["tea-web"].startswith("By ") and "(Editor:" in texts["tea-web"]
    assert not texts["lake-birds"].startswith("By ")
    assert not (MANY / f"{UNTITLED}.toml").exists()
    assert texts[UNTITLED].startswith(UNTITLED_TITLE + "\n\n")
    assert texts[UNTITLED].rstrip().endswith("(END)")
    for name, text in texts.items():
        assert 200 <= len(text.split()) <= 600, name
        assert re.search(r"\b(\w+) \1\b", text), f"{name} has no doubled word"
        # A paragraph that ends inside a sentence, as a split paragraph does.
        assert re.search(r"[a-z,]\n\n[a-z]", text), f"{name} has no split paragraph"


def test_every_good_article_gets_its_pdfs_and_the_broken_one_none(project, first_make):
    result, calls = first_make
    assert result.returncode != 0
    assert len(calls) == 1, calls
    assert sorted(calls[0]) == sorted(p for name in OWN_WORDS for p in pdfs_of(name))
    for name in OWN_WORDS:
        for pdf in pdfs_of(name):
            info = subprocess.run(
                ["pdfinfo", project.root / pdf], capture_output=True, text=True, check=True
            )
            pages = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
            assert pages and int(pages.group(1)) >= 1, pdf
    assert list(project.root.glob(f"build/{BROKEN}*")) == []
    assert not (project.root / "locales" / f"{BROKEN}.pot").exists()


@pytest.mark.parametrize("name", sorted(OWN_WORDS))
def test_each_pdf_holds_its_own_article_and_no_other(project, first_make, name):
    for pdf in pdfs_of(name):
        text = squeeze(subprocess.check_output(["pdftotext", project.root / pdf, "-"], text=True))
        for words in OWN_WORDS[name]:
            assert squeeze(words) in text, (pdf, words)
        for other, others_words in OWN_WORDS.items():
            if other != name:
                for words in others_words:
                    assert squeeze(words) not in text, (pdf, other, words)


def pdf_text(project: MakeProject, pdf: str) -> str:
    return subprocess.check_output(["pdftotext", project.root / pdf, "-"], text=True)


def test_end_marks_are_not_printed_and_credits_are_printed_apart(project, first_make):
    for name, mark in (("rail-wire", "Enditem"), (UNTITLED, "(END)")):
        for pdf in pdfs_of(name):
            assert mark not in pdf_text(project, pdf), pdf
    # tea-web ends on "(Editor: Chen Xiaoyan)": the source's credit, after the article.
    english = pdf_text(project, "build/tea-web-en.pdf")
    assert "Credits in the source:" in english
    credits = english.index("Credits in the source:")
    assert "Chen Xiaoyan" in english[credits:]
    assert "Chen Xiaoyan" not in english[:credits]
    assert english.index("Xiamei village") < credits
    assert "原文所附署名与出处" in pdf_text(project, "build/tea-web-zh_CN.pdf")


def test_an_article_without_metadata_takes_its_title_line_as_headline(project, first_make):
    assert not (project.root / "seeds" / f"{UNTITLED}.toml").exists()
    for pdf in pdfs_of(UNTITLED):
        text = pdf_text(project, pdf)
        assert "Headline by the editors" not in text, pdf
        assert "own title" not in text, pdf
        info = subprocess.run(
            ["pdfinfo", project.root / pdf], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(rf"^Title:\s+{re.escape(UNTITLED_TITLE)}$", info, re.MULTILINE), info
        # The headline comes first in the body (after the running head), and only there.
        body = squeeze(text)
        title = squeeze(UNTITLED_TITLE)
        assert body.count(title) >= 1, pdf
        assert body.index(title) < body.index(squeeze("More than two thousand")), pdf


def test_the_broken_document_is_named_once_with_its_file_and_line(first_make):
    result, _ = first_make
    errors = [line for line in result.stderr.splitlines() if f"seeds/{BROKEN}.toml" in line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"publish: seeds/{BROKEN}.toml:2: invalid TOML")
    assert f"make: {BROKEN}: not built" in result.stderr
    assert "Traceback" not in result.stderr
    not_built = [line for line in result.stderr.splitlines() if "not built" in line]
    assert len(not_built) == 1 and BROKEN in not_built[0], not_built


def test_a_second_make_builds_nothing_and_names_the_broken_document_again(project, first_make):
    times = {pdf: (project.root / pdf).stat().st_mtime_ns for n in OWN_WORDS for pdf in pdfs_of(n)}
    result, calls = project.make()
    assert result.returncode != 0
    assert calls == []
    assert f"seeds/{BROKEN}.toml:2:" in result.stderr
    assert times == {pdf: (project.root / pdf).stat().st_mtime_ns for pdf in times}


def test_once_mended_only_its_pdfs_are_built_and_then_nothing(project, first_make):
    (project.root / "seeds" / f"{BROKEN}.toml").write_text(FIXED_METADATA, encoding="utf-8")
    result, calls = project.make()
    assert result.returncode == 0, result.stderr
    assert [sorted(call) for call in calls] == [sorted(pdfs_of(BROKEN))]
    assert "not built" not in result.stderr
    text = subprocess.check_output(
        ["pdftotext", project.root / f"build/{BROKEN}-en.pdf", "-"], text=True
    )
    assert "Zhanghe" in text
    result, calls = project.make()
    assert result.returncode == 0 and calls == []
    assert project.log.read_text() == ""
