"""The review edition, build/<doc>-review.pdf: built through the command line on a copy of the seed
whose catalogues the tests put in every state, and read back from the PDF as text; built by make,
and reproducible."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import polib
import pytest

from publish.checks.terms import glossary_terms
from publish.glossary import read_glossary
from publish.pipeline import build_plan
from publish.po import reader
from publish.project import Project
from publish.render.review import split_notes
from tests import pdfread
from tests.conftest import DOC, MakeProject, copy_project, run_publish

REVIEW = f"build/{DOC}-review.pdf"
EN = f"locales/en/LC_MESSAGES/{DOC}.po"
ZH = f"locales/zh_CN/LC_MESSAGES/{DOC}.po"
EPOCH = "1000000000"
EPOCH_MOMENT = dt.datetime(2001, 9, 9, 1, 46, 40, tzinfo=dt.UTC)
EVENT_DATE = dt.datetime(2022, 6, 30, tzinfo=dt.UTC)
RUNNING_HEAD = f"Review edition — {DOC} — not for publication"
HAN = re.compile(r"[\u4e00-\u9fff]")
QUOTED = "深港合作"
READERS_NOTE = "Figures as the organisers gave them."


def squeeze(text: str) -> str:
    """Text without the spaces, line ends and hyphens that typesetting adds or moves."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def pdftotext(path: Path) -> list[str]:
    """The text of each page."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def paragraphs(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete and "type: paragraph" in e.comment]


@dataclass(frozen=True)
class Reviewed:
    root: Path
    pages: list[str]
    rows: list[str]
    en: list[polib.POEntry]
    """The English catalogue's entries as the build read them (``linenum`` at the msgid)."""
    zh: list[polib.POEntry]
    fuzzy: polib.POEntry
    untranslated: polib.POEntry
    wrong_number: polib.POEntry
    doubled_space: polib.POEntry
    not_edited: polib.POEntry

    @property
    def text(self) -> str:
        return squeeze("".join(self.pages))

    def row(self, catalogue: str, entry: polib.POEntry) -> str:
        """The row the PDF prints for an entry: the one that ends with the entry's location."""
        (found,) = [r for r in self.rows if r.endswith(squeeze(f"{catalogue}:{entry.linenum}"))]
        return found


def table_rows(path: Path) -> list[str]:
    """The text of each table row, read from the tagged PDF's structure, whatever the order in
    which a text extractor meets the cells' lines."""
    rows: dict[tuple[int, int], list[str]] = {}
    with pikepdf.open(path) as pdf:
        for leaf in pdfread.leaves(pdf):
            row = next((e for e in reversed(leaf.path) if e.get("/S") == "/TR"), None)
            if row is not None:
                rows.setdefault(row.objgen, []).append(leaf.text)
    return [squeeze("".join(texts)) for texts in rows.values()]


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Reviewed:
    """A review edition of the seed with one Chinese entry of each kind under test: fuzzy,
    untranslated, with a wrong number, with a doubled space; one correction not yet edited, and
    one with a note for readers."""
    root = copy_project(tmp_path_factory.mktemp("review"))
    zh_po = polib.pofile(str(root / ZH))
    first, second, third, fourth, fifth = paragraphs(zh_po)[:5]
    assert QUOTED not in "".join(e.msgstr for e in zh_po)
    second.flags.append("fuzzy")
    third.msgstr = ""
    assert "6月30日" in first.msgstr
    first.msgstr = first.msgstr.replace("6月30日", "6月31日")
    assert "，" in fourth.msgstr
    fourth.msgstr = fourth.msgstr.replace("，", "，  ", 1)
    zh_po.save(str(root / ZH))
    en_po = polib.pofile(str(root / EN))
    en_paragraphs = paragraphs(en_po)
    en_paragraphs[0].tcomment += f"\nreader: {READERS_NOTE}"
    en_paragraphs[1].tcomment += f"\nThe source's {QUOTED} is rendered as cooperation."
    not_edited = next(e for e in en_paragraphs if e.msgid == fifth.msgid)
    not_edited.msgstr = ""
    en_po.save(str(root / EN))

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        result = run_publish("build", REVIEW, cwd=root)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    assert result.returncode == 0, result.stderr
    read_en = [e for e in reader.load(root / EN) if not e.obsolete]
    read_zh = {e.msgid: e for e in reader.load(root / ZH) if not e.obsolete}
    return Reviewed(
        root,
        pdftotext(root / REVIEW),
        table_rows(root / REVIEW),
        read_en,
        list(read_zh.values()),
        fuzzy=read_zh[second.msgid],
        untranslated=read_zh[third.msgid],
        wrong_number=read_zh[first.msgid],
        doubled_space=read_zh[fourth.msgid],
        not_edited=next(e for e in read_en if e.msgid == fifth.msgid),
    )


def test_every_page_has_the_running_head_and_a_page_number(reviewed):
    assert len(reviewed.pages) > 1
    for number, page in enumerate(reviewed.pages, start=1):
        assert RUNNING_HEAD in page
        assert f"Page {number} of {len(reviewed.pages)}" in page


def test_every_segment_shows_its_source_wording_and_location_in_reading_order(reviewed):
    document = Project(reviewed.root).document(reviewed.root / "seeds" / f"{DOC}.txt")
    places = []
    for segment in document.segments:
        location = squeeze(f"{segment.path}:{segment.line}")
        at = reviewed.text.index(location, places[-1] if places else 0)
        places.append(at)
        assert squeeze(segment.text) in reviewed.text[at:]


def test_a_correction_shows_with_the_editors_notes_both_labelled(reviewed):
    corrected = next(e for e in reviewed.en if e.msgstr and e.msgstr != e.msgid)
    assert squeeze(corrected.msgstr) in reviewed.text
    flat = " ".join(" ".join(reviewed.pages).split())
    assert "EDITORS’ NOTE" in flat and "NOTE FOR READERS" in flat
    assert squeeze(f"NOTE FOR READERS {READERS_NOTE}") in reviewed.text
    # The readers' line is not repeated in the editors' note.
    assert reviewed.text.count(squeeze(READERS_NOTE)) == 1


def test_a_correction_not_yet_edited_is_marked(reviewed):
    row = reviewed.row(EN, reviewed.not_edited)
    assert "Correction" in row and "notyetedited" in row
    assert squeeze("WARNING [untranslated]") in row
    edited = reviewed.row(EN, next(e for e in reviewed.en if e.msgstr))
    assert "notyetedited" not in edited and "edited" in edited


def test_a_fuzzy_translation_is_marked_needs_review(reviewed):
    row = reviewed.row(ZH, reviewed.fuzzy)
    assert "zh_CN" in row and "needsreview" in row
    assert squeeze(reviewed.fuzzy.msgstr) in row


def test_an_untranslated_entry_is_marked(reviewed):
    line = reviewed.untranslated.linenum
    row = reviewed.row(ZH, reviewed.untranslated)
    assert row == squeeze(f"zh_CN untranslated WARNING [untranslated] not translated {ZH}:{line}")


def test_check_findings_are_printed_next_to_their_entry(reviewed):
    wrong = reviewed.row(ZH, reviewed.wrong_number)
    assert "translated" in wrong
    assert squeeze("ERROR [numbers]") in wrong and "31" in wrong
    spaced = reviewed.row(ZH, reviewed.doubled_space)
    assert squeeze("WARNING [doubled-spaces]") in spaced
    assert "[numbers]" not in spaced
    untouched = next(
        e
        for e in reviewed.zh
        if e.msgstr
        and e not in (reviewed.wrong_number, reviewed.doubled_space, reviewed.fuzzy)
        and "type: paragraph" in e.comment
    )
    assert "[" not in reviewed.row(ZH, untouched).replace(squeeze(untouched.msgstr), "")


def test_the_summary_counts_states_and_findings_as_publish_check_does(reviewed):
    check = run_publish("check", "--json", cwd=reviewed.root)
    summary = json.loads(check.stdout)["summary"]
    assert summary["errors"] > 0 and summary["warnings"] > 0
    first = " ".join(reviewed.pages[0].split())
    assert f"Check findings: {summary['errors']} errors, {summary['warnings']} warnings" in first
    assert "Built 2001-09-09 01:46 UTC (SOURCE_DATE_EPOCH)" in first

    def counts(path: str) -> str:
        """Errors and warnings of one catalogue, as publish check reports them."""
        found = [f for f in json.loads(check.stdout)["findings"] if f["path"] == path]
        errors = sum(f["severity"] == "error" for f in found)
        return f"{errors}{len(found) - errors}"

    segments = len(reviewed.en)
    # Done, needs review, not done, not in the catalogue, errors, warnings.
    # zh_CN: one fuzzy, one untranslated; en: one not yet edited.
    (zh_row,) = [r for r in reviewed.rows if r.startswith("zh_CNtranslation")]
    assert zh_row == squeeze(f"zh_CN translation {ZH}") + f"{segments - 2}110" + counts(ZH)
    (en_row,) = [r for r in reviewed.rows if r.startswith("encorrections")]
    assert en_row == squeeze(f"en corrections {EN}") + f"{segments - 1}010" + counts(EN)


def test_with_source_date_epoch_the_page_and_the_pdf_say_that_moment(reviewed):
    assert "Built 2001-09-09 01:46 UTC (SOURCE_DATE_EPOCH)" in " ".join(reviewed.pages[0].split())
    assert pdfread.pdf_dates(reviewed.root / REVIEW) == pdfread.dates_of(EPOCH_MOMENT)


def test_unverified_names_are_marked_and_counted(reviewed):
    first = " ".join(reviewed.pages[0].split())
    count = int(re.search(r"Unverified names \((\d+)\)", first).group(1))
    # Which names are unverified is the glossary's word, for the names the catalogue uses.
    en_po = polib.pofile(str(reviewed.root / EN))
    english = "\n".join(t for e in en_po if not e.obsolete for t in (e.msgid, e.msgstr))
    glossary = read_glossary(reviewed.root / "locales" / "glossary.csv")
    used = {term.english: term for term in glossary_terms(english, glossary)}
    assert count == len([term for term in used.values() if not term.verified])
    for term in used.values():
        rendering = f" = {term.name('zh_CN')}" if term.name("zh_CN") else ""
        marked = squeeze(f"{term.english}{rendering} unverified") in reviewed.text
        assert marked != term.verified, term.english
        if not term.verified:
            assert squeeze(term.english) in squeeze(first), term.english


def test_every_repair_is_printed(reviewed):
    document = Project(reviewed.root).document(reviewed.root / "seeds" / f"{DOC}.txt")
    assert document.repairs
    for repair in document.repairs:
        assert squeeze(f"{repair.location}:") in reviewed.text


def test_chinese_copies_out_and_is_tagged_simplified_chinese(reviewed):
    translated = [e.msgstr for e in reviewed.zh if e.msgstr and "type: paragraph" in e.comment]
    for text in translated:
        assert squeeze(text) in reviewed.text
    chinese = squeeze("".join(translated))
    with pikepdf.open(reviewed.root / REVIEW) as pdf:
        leaves = pdfread.leaves(pdf)
        langs = {
            pdfread.effective_lang(leaf, "en")
            for leaf in leaves
            if HAN.search(leaf.text)
            and len(squeeze(leaf.text)) > 3
            and squeeze(leaf.text) in chinese
        }
    assert langs == {"zh-Hans"}
    # The Chinese an English note quotes is marked too.
    quoted = [leaf for leaf in leaves if squeeze(leaf.text) == QUOTED]
    assert quoted and {pdfread.effective_lang(leaf, "en") for leaf in quoted} == {"zh-Hans"}


def test_a_build_without_targets_plans_no_review(reviewed):
    project = Project(reviewed.root)
    plan = build_plan(project, [], reviewed.root / "build")
    assert plan and all(job.kind == "briefing" for job in plan)
    (job,) = build_plan(project, [REVIEW], reviewed.root / "build")
    assert job.kind == "review" and job.locales == ("en", "zh_CN")


def test_a_review_of_an_unknown_document_is_refused_in_one_line(tmp_path):
    copy_project(tmp_path)
    result = run_publish("build", "build/no-such-review.pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "<doc>-review.pdf" in result.stderr
    assert not (tmp_path / "build").exists()


@dataclass(frozen=True)
class MadeReview:
    """``make review`` in a copy of the seed, without SOURCE_DATE_EPOCH."""

    project: MakeProject
    result: subprocess.CompletedProcess
    calls: list[list[str]]
    pdfs: list[str]
    """The PDFs the make left in build/."""
    review: Path
    """A copy of the review it built (the project changes later)."""
    inputs: Path
    """A copy of the project's inputs as the make left them, in a folder of its own."""


@pytest.fixture(scope="module")
def made_review(tmp_path_factory) -> MadeReview:
    project = MakeProject(tmp_path_factory.mktemp("make-review"))
    result, calls = project.make("review")
    pdfs = sorted(p.name for p in (project.root / "build").glob("*.pdf"))
    kept = tmp_path_factory.mktemp("made-review") / "review.pdf"
    if (project.root / REVIEW).exists():
        shutil.copy2(project.root / REVIEW, kept)
    inputs = tmp_path_factory.mktemp("another-review") / "b"
    for name in ("seeds", "locales", "templates"):
        shutil.copytree(project.root / name, inputs / name, copy_function=shutil.copy2)
    return MadeReview(project, result, calls, pdfs, kept, inputs)


def test_make_review_builds_only_the_review_and_then_nothing(made_review):
    project, root = made_review.project, made_review.project.root
    assert made_review.result.returncode == 0, made_review.result.stderr
    assert made_review.calls == [[REVIEW]]
    assert made_review.pdfs == [f"{DOC}-review.pdf"]
    result, calls = project.make("review")
    assert result.returncode == 0 and calls == []
    moment = (root / REVIEW).stat().st_mtime_ns + 1_000_000
    os.utime(root / ZH, ns=(moment, moment))
    result, calls = project.make("review")
    assert result.returncode == 0 and calls == [[REVIEW]]
    helped = subprocess.run(["make", "help"], cwd=root, capture_output=True, text=True)
    assert "make review" in helped.stdout


# --- reproducible as the reader editions are ------------------------------------------------
# Without SOURCE_DATE_EPOCH the review prints no build time and carries the article's date, so
# two builds of the same inputs, in two folders, are the same bytes: make's, and one through the
# command line from a copy of the inputs make read. (With it, the page and the PDF's dates say
# that moment: test_with_source_date_epoch_the_page_and_the_pdf_say_that_moment.)


@pytest.fixture(scope="module")
def two_reviews(made_review) -> tuple[Path, Path]:
    assert made_review.result.returncode == 0, made_review.result.stderr
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        result = run_publish("build", REVIEW, cwd=made_review.inputs)
    assert result.returncode == 0, result.stderr
    return made_review.review, made_review.inputs / REVIEW


def test_two_builds_of_the_same_inputs_are_byte_identical(two_reviews):
    first, second = two_reviews
    assert first.read_bytes() == second.read_bytes()


def test_without_source_date_epoch_the_pdf_carries_the_articles_date(two_reviews):
    first, _ = two_reviews
    assert pdfread.pdf_dates(first) == pdfread.dates_of(EVENT_DATE)


def test_without_source_date_epoch_the_page_says_it_prints_no_build_time(two_reviews):
    first, _ = two_reviews
    page = " ".join(pdfread.pdftotext(first, 1).split())
    assert "No build time: set SOURCE_DATE_EPOCH to print one" in page
    assert "Built " not in page


def test_a_broken_catalogue_stops_the_review_in_one_line_and_writes_nothing(tmp_path):
    copy_project(tmp_path)
    with open(tmp_path / ZH, "a", encoding="utf-8") as handle:
        handle.write('\nmsgid "unterminated\nmsgstr ""\n')
    result = run_publish("build", REVIEW, cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert re.match(rf"publish: {re.escape(ZH)}:\d+: ", line), line
    assert not list(tmp_path.glob("build/*.pdf"))


def test_a_wrapped_reader_note_stays_whole_as_in_the_reader_editions():
    comment = "Stray hyphen removed;\nname checked.\nreader: The forum's name was cut\nin two."
    assert split_notes(comment) == (
        "Stray hyphen removed; name checked.",
        "The forum's name was cut in two.",
    )
