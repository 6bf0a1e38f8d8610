"""The reader editions say what is true of the article, in plain words: built through the
command line from copies of the seed project, and read back from the PDFs' text."""

from __future__ import annotations

import csv
import re
import shutil
import tomllib
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from tests.conftest import DOC, ROOT, copy_project, run_publish
from tests.pdfread import pdftotext

EN, ZH, BILINGUAL = f"{DOC}-en.pdf", f"{DOC}-zh_CN.pdf", f"{DOC}-en-zh_CN.pdf"
LABELS = tomllib.loads((ROOT / "templates" / "labels.toml").read_text(encoding="utf-8"))


def squeeze(text: str) -> str:
    """Text without the spaces, line ends and hyphens that typesetting adds or moves."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def po_path(root: Path, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"


def build(root: Path, *names: str, options: tuple[str, ...] = ()) -> dict[str, str]:
    """Build the named PDFs of a project with ``publish build``; their text by name."""
    targets = [f"build/{name}" for name in names]
    run_publish("-C", str(root), "build", *options, *targets, check=True)
    return {name: pdftotext(root / "build" / name) for name in names}


def headline(root: Path) -> str:
    return tomllib.loads((root / "seeds" / f"{DOC}.toml").read_text(encoding="utf-8"))[
        "translatable"
    ]["headline"]


# --- a fresh project: nothing edited, nothing translated --------------------------------------


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The seed article with the catalogues ``publish init`` starts: every entry empty."""
    root = tmp_path_factory.mktemp("fresh")
    copy_project(root)
    shutil.rmtree(root / "locales" / "en")
    shutil.rmtree(root / "locales" / "zh_CN")
    for locale in ("en", "zh_CN"):
        run_publish("-C", str(root), "init", locale, check=True)
    return root, build(root, EN, ZH, BILINGUAL)


def test_unedited_english_is_marked_not_yet_edited_never_untranslated(fresh):
    _, texts = fresh
    english = texts[EN]
    assert LABELS["en"]["unedited"] in english
    assert squeeze(LABELS["en"]["legend_unedited"]) in squeeze(english)
    assert "Draft: 0% edited" in english
    assert "untranslated" not in english and "% translated" not in english


def test_an_empty_chinese_catalogue_does_not_claim_a_translation(fresh):
    _, texts = fresh
    chinese = squeeze(texts[ZH])
    assert squeeze(LABELS["zh_CN"]["legend_untranslated"]) in chinese
    assert "本文尚未翻译" in chinese
    assert "整理回译" not in chinese
    # Nothing was corrected, and the note says so rather than counting zero corrections.
    assert squeeze(LABELS["zh_CN"]["pivot_uncorrected"]) in chinese
    assert "草稿：已翻译0%" in chinese


def test_the_bilingual_title_shows_an_untranslated_headline_once(fresh):
    root, _ = fresh
    first_page = squeeze(pdftotext(root / "build" / BILINGUAL, 1))
    assert first_page.count(squeeze(headline(root))) == 1
    assert squeeze(LABELS["zh_CN"]["headline_untranslated"]) in first_page
    title = PdfReader(str(root / "build" / BILINGUAL)).metadata.title
    assert title == headline(root)


def test_the_legend_explains_each_column_its_own_marks(fresh):
    root, _ = fresh
    first_page = squeeze(pdftotext(root / "build" / BILINGUAL, 1))
    assert squeeze(LABELS["en"]["legend_unedited"]) in first_page
    assert squeeze(LABELS["zh_CN"]["legend_untranslated"]) in first_page
    # Marks that do not occur are not explained.
    assert squeeze(LABELS["en"]["legend_untranslated"]) not in first_page
    assert squeeze(LABELS["zh_CN"]["legend_fuzzy"]) not in first_page


# --- the seed project as it is ----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(tmp_path_factory, built) -> tuple[Path, dict[str, str]]:
    """The seed project with the PDFs the suite built of it once (conftest's ``built``)."""
    root = tmp_path_factory.mktemp("seed")
    copy_project(root)
    out, _ = built
    shutil.copytree(out, root / "build")
    return root, {name: pdftotext(root / "build" / name) for name in (EN, ZH, BILINGUAL)}


def test_page_one_says_what_each_text_is(seed):
    root, _ = seed
    english = squeeze(pdftotext(root / "build" / EN, 1))
    assert (
        squeeze(
            "The editors reconstructed this English text from a machine translation of the "
            "Chinese report in the Yangcheng Evening News. It is not the newspaper’s own English."
        )
        in english
    )
    assert squeeze("Headline by the editors") in english
    assert squeeze("Event date: June 30, 2022") in english
    chinese = squeeze(pdftotext(root / "build" / ZH, 1))
    assert "本文据英文机器译稿整理回译，非《羊城晚报》原文。" in chinese
    assert "活动日期：2022年6月30日" in chinese
    assert "标题为编辑所拟" in chinese


def test_a_finished_translation_carries_no_marks_and_no_legend(seed):
    _, texts = seed
    for label in ("untranslated", "fuzzy", "unedited"):
        assert LABELS["en"][label] not in texts[EN]
        assert LABELS["zh_CN"].get(label, "—") not in texts[ZH]
    assert "Draft:" not in texts[EN] and "草稿" not in texts[ZH]


def glossary_names(locale: str) -> list[str]:
    with open(ROOT / "locales" / "glossary.csv", encoding="utf-8", newline="") as handle:
        return [row[locale] for row in csv.DictReader(handle)]


def test_every_edition_prints_a_names_table_with_a_status(seed):
    _, texts = seed
    assert LABELS["en"]["names"] in texts[EN]
    assert LABELS["zh_CN"]["names"] in texts[ZH]
    assert (
        LABELS["en"]["names"] in texts[BILINGUAL] and LABELS["zh_CN"]["names"] in texts[BILINGUAL]
    )
    # The seed's glossary gives no status: every name is printed as not verified, and said so.
    assert texts[EN].count(LABELS["en"]["unverified"]) >= 10
    assert squeeze(LABELS["en"]["unverified_legend"]) in squeeze(texts[EN])
    assert squeeze(LABELS["zh_CN"]["unverified_legend"]) in squeeze(texts[ZH])


def test_the_comparison_and_the_repairs_are_not_in_reader_editions(seed):
    _, texts = seed
    for name in (EN, BILINGUAL):
        assert LABELS["en"]["repairs"] not in texts[name]
        assert LABELS["en"]["corrections_review"] not in texts[name]


# --- reader notes, names, fuzzy translations --------------------------------------------------


def without_reader_note(comment: str) -> str:
    """A translator comment less its note for readers (the `reader: ` line to the end), keeping
    any `role: ` line."""
    lines = comment.split("\n")
    start = next((n for n, line in enumerate(lines) if line.startswith("reader: ")), len(lines))
    return "\n".join(
        [*lines[:start], *(line for line in lines[start:] if line.startswith("role: "))]
    )


def add_reader_notes(root: Path, count: int) -> list[polib.POEntry]:
    """Leave exactly ``count`` corrected entries of the English catalogue with a reader note:
    the notes the catalogue has are taken out first, so the count is known."""
    po = polib.pofile(str(po_path(root, "en")))
    for entry in po:
        entry.tcomment = without_reader_note(entry.tcomment)
    corrected = [e for e in po if e.msgstr and e.msgstr != e.msgid and not e.obsolete]
    chosen = [e for e in corrected if e.tcomment][:count]
    for number, entry in enumerate(chosen, 1):
        entry.tcomment = f"{entry.tcomment}\nreader: Plain reason number {number} for readers."
    po.save(str(po_path(root, "en")))
    return chosen


@pytest.mark.parametrize(
    ("count", "english", "chinese"),
    [
        (1, "The machine translation was wrong in one place", "其中1处更正的说明"),
        (2, "The machine translation was wrong in 2 places", "其中2处更正的说明"),
    ],
)
def test_corrections_list_only_those_with_a_reader_note_in_plural_words(
    tmp_path, count, english, chinese
):
    root = copy_project(tmp_path)
    chosen = add_reader_notes(root, count)
    texts = build(root, EN, ZH)
    back = squeeze(texts[EN][texts[EN].index(LABELS["en"]["corrections"] + "\n") :])
    assert squeeze(english) in back
    for number, entry in enumerate(chosen, 1):
        assert squeeze(f"Plain reason number {number} for readers.") in back
        # The editors' working notes stay out of the reader editions.
        assert squeeze(entry.tcomment.split("\n")[0])[:40] not in squeeze(texts[EN])
    assert back.count("→") == count
    assert "Plain reason number" not in texts[ZH]
    assert chinese in squeeze(texts[ZH])


def test_a_correction_quotes_only_the_changed_words(tmp_path):
    root = copy_project(tmp_path)
    po = polib.pofile(str(po_path(root, "en")))
    entry = next(e for e in po if e.msgid.startswith("Qianhai and University of Hong Kong"))
    entry.msgstr = "Qianhai and University of Hong Kong sign a strategic cooperation agreement"
    entry.tcomment = "working note\nreader: The source said only that they carry out cooperation."
    po.save(str(po_path(root, "en")))
    run_publish("-C", str(root), "update", check=True)
    text = build(root, EN)[EN]
    back = text[text.index(LABELS["en"]["corrections"] + "\n") :]
    assert "“carry out strategic cooperation” → “sign a strategic cooperation agreement”" in (
        " ".join(back.split())
    )
    assert "working note" not in text


def test_names_table_lists_only_the_names_of_the_article_with_their_status(tmp_path):
    root = copy_project(tmp_path)
    glossary = root / "locales" / "glossary.csv"
    with open(glossary, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = [*rows[0], *(column for column in ("status", "source") if column not in rows[0])]
    for row in rows:
        row["status"], row["source"] = "", ""
    luo = next(row for row in rows if row["en"] == "Luo Hui")
    luo["status"], luo["source"] = "verified", "Hunan Daily, 26 June 2022"
    rows.append(
        {
            "en": "Zanzibar Ferry Board",
            "zh_CN": "桑给巴尔渡轮局",
            "note": "",
            "status": "verified",
            "source": "x",
        }
    )
    with open(glossary, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    texts = build(root, EN, ZH, BILINGUAL)
    for name, text in texts.items():
        flat = squeeze(text)
        assert "Zanzibar" not in flat and "桑给巴尔" not in flat, name
        assert squeeze("Hunan Daily, 26 June 2022") in flat, name
    names = texts[BILINGUAL][texts[BILINGUAL].index(LABELS["en"]["names"]) :]
    assert squeeze("Luo Hui") in squeeze(names) and "罗晖" in squeeze(names)
    english = texts[EN][texts[EN].index(LABELS["en"]["names"]) :]
    assert english.count(LABELS["en"]["verified"] + "\n") == 1
    assert LABELS["en"]["unverified"] in english


def test_a_fuzzy_translation_is_shown_marked_and_explained(tmp_path):
    root = copy_project(tmp_path)
    po = polib.pofile(str(po_path(root, "zh_CN")))
    entry = next(e for e in po if "type: paragraph" in e.comment and e.msgstr)
    entry.flags.append("fuzzy")
    po.save(str(po_path(root, "zh_CN")))
    text = squeeze(build(root, ZH, options=("--allow-fuzzy",))[ZH])
    assert squeeze(entry.msgstr)[:30] in text
    assert text.count(LABELS["zh_CN"]["fuzzy"]) == 2  # the mark, and the legend's
    assert squeeze(LABELS["zh_CN"]["legend_fuzzy"]) in text
    assert squeeze(LABELS["zh_CN"]["legend_untranslated"]) not in text
