"""The typeset PDFs, judged from their bytes: properties, outline, tags, text, fonts and pixels."""

from __future__ import annotations

import csv
import functools
import itertools
import re
import subprocess
import tomllib

import pikepdf
import polib
import pytest
from pypdf import PdfReader

from publish.pipeline import build
from publish.project import Project
from tests import pdfread
from tests.conftest import DOC, ROOT, copy_project
from tests.pdfread import pdftotext

EN, ZH, BILINGUAL = f"{DOC}-en.pdf", f"{DOC}-zh_CN.pdf", f"{DOC}-en-zh_CN.pdf"
HAN = re.compile(r"[\u4e00-\u9fff]")
LABELS = tomllib.loads((ROOT / "templates" / "labels.toml").read_text(encoding="utf-8"))


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"))


def entries(locale: str, role: str) -> list[polib.POEntry]:
    return [e for e in catalogue(locale) if not e.obsolete and f"type: {role}" in e.comment]


def text_of(locale: str, role: str) -> list[str]:
    return [e.msgstr for e in entries(locale, role)]


def squeeze(text: str) -> str:
    """Text without the spaces, line ends and hyphens that typesetting adds or moves."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


@functools.cache
def pypdf_text(path) -> str:
    """The text as pypdf extracts it, page after page (in content-stream order)."""
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def page_count(path) -> int:
    return len(PdfReader(str(path)).pages)


# --- document properties ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "locales", "lang"),
    [(EN, ["en"], "en"), (ZH, ["zh_CN"], "zh-Hans"), (BILINGUAL, ["en", "zh_CN"], "en")],
)
def test_properties_name_the_article_in_its_languages(built, name, locales, lang):
    out, _ = built
    with pikepdf.open(out / name) as pdf:
        info = {key: str(value) for key, value in pdf.docinfo.items()}
        assert str(pdf.Root.Lang) == lang
        assert pdf.Root.MarkInfo.Marked
    for locale in locales:
        assert text_of(locale, "headline")[0] in info["/Title"]
        assert text_of(locale, "headline")[0] in info["/Subject"]
        assert text_of(locale, "short title")[0] in info["/Keywords"]
    assert text_of(locales[0], "publication")[0] in info["/Author"]
    assert "Li Yige" in info["/Author"]
    assert info["/CreationDate"].startswith("D:20220630")


def outline(path) -> list[tuple[int, str]]:
    found = []
    with pikepdf.open(path) as pdf, pdf.open_outline() as tree:

        def walk(items, depth):
            for item in items:
                found.append((depth, item.title))
                walk(item.children, depth + 1)

        walk(tree.root, 1)
    return found


def as_set(locale: str, role: str) -> list[str]:
    """The texts of a role in reading order as the reader editions set them: a `role: ` line of
    the English catalogue makes a paragraph a subheading, or a subheading a paragraph."""
    texts = {(e.msgctxt, e.msgid): e.msgstr for e in catalogue(locale) if not e.obsolete}
    found = []
    for entry in catalogue("en"):
        if entry.obsolete:
            continue
        roles = [line for line in entry.tcomment.split("\n") if line.startswith("role: ")]
        given = roles[0].removeprefix("role: ").split("(")[0].strip() if roles else None
        if given == role or (given is None and f"type: {role}" in entry.comment):
            found.append(texts[(entry.msgctxt, entry.msgid)])
    return found


def test_bookmarks_follow_the_headings_in_both_languages(built):
    out, _ = built
    en = dict(LABELS["en"])
    zh = {**en, **LABELS["zh_CN"]}
    has_key_points = bool(entries("en", "key point"))
    has_background = bool(entries("en", "background"))
    # Only corrections with a note for readers are listed, under their own heading.
    has_corrections = any(
        e.msgstr != e.msgid and "\nreader: " in "\n" + e.tcomment
        for e in catalogue("en")
        if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
    )

    def expected(labels, headline, titles, back_matter):
        return [
            (1, headline),
            *([(2, labels["key_points"])] if has_key_points else []),
            *[(2, title) for title in titles],
            *[(1, labels[name]) for name in back_matter],
            *([(1, labels["background"])] if has_background else []),
            (1, labels["names"]),
        ]

    both = {
        key: f"{en[key]} / {zh[key]}"
        for key in ("key_points", "corrections", "background", "names")
    }
    pairs = [
        f"{a} / {b}"
        for a, b in zip(as_set("en", "subheading"), as_set("zh_CN", "subheading"), strict=True)
    ]
    headline = f"{text_of('en', 'headline')[0]} / {text_of('zh_CN', 'headline')[0]}"
    corrections = ["corrections"] if has_corrections else []
    assert outline(out / BILINGUAL) == expected(both, headline, pairs, corrections)
    assert outline(out / EN) == expected(
        en, text_of("en", "headline")[0], as_set("en", "subheading"), corrections
    )
    assert outline(out / ZH) == expected(
        zh, text_of("zh_CN", "headline")[0], as_set("zh_CN", "subheading"), ["about"]
    )


# --- tags and languages -----------------------------------------------------------------------


def test_chinese_structure_elements_are_marked_simplified_chinese(built):
    """Each tagged piece of text that only the Chinese catalogue holds reads as zh-Hans, and each
    that only the English one holds reads as English, in the bilingual PDF."""
    out, _ = built
    chinese = squeeze("\n".join(e.msgstr for e in catalogue("zh_CN") if e.msgstr)).casefold()
    english = squeeze("\n".join(e.msgstr for e in catalogue("en") if e.msgstr)).casefold()
    with pikepdf.open(out / BILINGUAL) as pdf:
        marked = sum(
            1
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Lang") == "zh-Hans"
        )
        leaves = pdfread.leaves(pdf)
        langs = [
            (squeeze(leaf.text).casefold(), pdfread.effective_lang(leaf, "en")) for leaf in leaves
        ]
    only_chinese = [
        lang for text, lang in langs if len(text) > 3 and text in chinese and text not in english
    ]
    only_english = [
        lang for text, lang in langs if len(text) > 3 and text in english and text not in chinese
    ]
    assert len(only_chinese) > 50 and len(only_english) > 50
    assert set(only_chinese) == {"zh-Hans"}
    assert set(only_english) == {"en"}
    # The language is set on whole blocks (cells, paragraphs), not on every line.
    assert 0 < marked < len(only_chinese)


def test_monolingual_pdfs_carry_one_language(built):
    """The English briefing is English throughout but for the Chinese it quotes (where a name was
    verified, say), which is marked zh-Hans; the Chinese one marks as English only the English
    names its table of names gives for looking them up."""
    out, _ = built
    with open(ROOT / "locales" / "glossary.csv", encoding="utf-8", newline="") as handle:
        names = squeeze("\n".join(row["en"] for row in csv.DictReader(handle)))
    for name in (EN, ZH):
        with pikepdf.open(out / name) as pdf:
            leaves = pdfread.leaves(pdf)
            assert leaves, f"{name} has no tagged text"
            page_lang = "en" if name == EN else "zh-Hans"
            foreign = [
                leaf.text for leaf in leaves if pdfread.effective_lang(leaf, page_lang) != page_lang
            ]
            if name == EN:
                quoted = [leaf for leaf in leaves if HAN.search(leaf.text)]
                assert {pdfread.effective_lang(leaf, page_lang) for leaf in quoted} <= {"zh-Hans"}
                assert foreign == [leaf.text for leaf in quoted], f"{name} marks English as foreign"
            else:
                assert foreign
                assert [text for text in foreign if squeeze(text) not in names] == []


@pytest.mark.parametrize("name", [EN, ZH, BILINGUAL])
def test_page_furniture_is_an_artifact_and_every_element_is_in_the_tree(built, name):
    out, _ = built
    with pikepdf.open(out / name) as pdf:
        every, reached = pdfread.structure_elements(pdf)
        assert every and {element.objgen for element in every} == reached
        # A running head and a page number on every page, read as artifacts, not as text.
        assert all(count >= 2 for count in pdfread.artifact_strings(pdf))
        page_numbers = re.compile(r"Page \d+ of|第 \d+ 页")
        assert not [leaf.text for leaf in pdfread.leaves(pdf) if page_numbers.search(leaf.text)]


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "locales"), [(EN, ["en"]), (ZH, ["zh_CN"]), (BILINGUAL, ["en", "zh_CN"])]
)
def test_every_character_of_the_catalogues_is_extractable(built, name, locales):
    out, _ = built
    extracted = pypdf_text(out / name) + pdftotext(out / name)
    for locale in locales:
        wanted = {c for e in catalogue(locale) if e.msgstr and not e.obsolete for c in e.msgstr}
        missing = sorted(c for c in wanted - set(extracted) if not c.isspace())
        assert not missing, f"{locale} characters missing from {name}: {missing}"


def script_switches(text: str) -> int:
    lines = [bool(HAN.search(line)) for line in text.splitlines() if line.strip()]
    return sum(1 for a, b in itertools.pairwise(lines) if a != b)


def test_parallel_text_is_extracted_pair_by_pair_not_line_by_line(built):
    out, _ = built
    path = out / BILINGUAL
    pairs = list(zip(as_set("en", "paragraph"), as_set("zh_CN", "paragraph"), strict=True))
    pages = page_count(path)
    # Reading a pair costs two changes of script; a page break inside a pair costs two more,
    # and the running heads and back matter a few; interleaved lines would cost hundreds.
    allowed = 2 * len(pairs) + 4 * pages + 20
    heading = LABELS["en"]["names"]
    for extractor, extracted in (("pdftotext", pdftotext(path)), ("pypdf", pypdf_text(path))):
        # The article only: the glossary changes script on every line, as a table should.
        extracted = extracted[: extracted.index(heading)]
        assert script_switches(extracted) <= allowed
        flat = squeeze(extracted)
        # The key points come before the article and may open as a paragraph does.
        key_points = [
            squeeze(text) for text in (*text_of("en", "key point"), *text_of("zh_CN", "key point"))
        ]
        assert all(point in flat for point in key_points)
        body = max((flat.index(point) + len(point) for point in key_points), default=0)
        starts = []
        for en, zh in pairs:
            starts += [flat.find(squeeze(en)[:30], body), flat.find(squeeze(zh)[:12], body)]
        assert -1 not in starts
        if extractor == "pypdf":
            assert starts == sorted(starts), "paragraphs are not extracted in reading order"
        else:
            # pdftotext guesses columns from positions: at the foot of a page it may read the
            # last two English paragraphs before their Chinese. Never further apart than that.
            late = [n for n in range(1, len(starts)) if starts[n] < starts[n - 1]]
            assert all(starts[n] > starts[n - 3] for n in late) and len(late) <= pages


def test_running_heads_and_localised_page_numbers_on_every_page(built):
    out, _ = built
    for name, title, label in (
        (EN, text_of("en", "short title")[0], "Page {page} of {pages}"),
        (ZH, text_of("zh_CN", "short title")[0], "第 {page} 页，共 {pages} 页"),
        (BILINGUAL, text_of("zh_CN", "short title")[0], "Page {page} of {pages}"),
    ):
        pages = page_count(out / name)
        assert pages > 1
        for page in range(1, pages + 1):
            text = pdftotext(out / name, page)
            assert label.format(page=page, pages=pages) in text, f"{name} page {page}"
            assert title in text, f"{name} page {page} has no running head"


def test_title_block_dates_each_language_in_its_own_format(built):
    out, _ = built
    assert "June 30, 2022" in pdftotext(out / EN, 1)
    assert "2022年6月30日" in pdftotext(out / ZH, 1)
    first = pdftotext(out / BILINGUAL, 1)
    assert "June 30, 2022" in first and "2022年6月30日" in first
    for locale, name in (("en", EN), ("zh_CN", ZH)):
        assert squeeze(text_of(locale, "byline")[0]) in squeeze(pdftotext(out / name, 1))


def test_no_chinese_line_starts_with_closing_punctuation(built):
    """Break opportunities added around quotation marks must not break the line-start rules."""
    out, _ = built
    for name in (ZH, BILINGUAL):
        lines = [line.strip() for line in pdftotext(out / name).splitlines()]
        bad = [line for line in lines if line and line[0] in "，。、；：！？）》」』】”’"]
        assert not bad, f"{name}: {bad[:3]}"
        bad = [line for line in lines if line and line[-1] in "（《「『【“‘"]
        assert not bad, f"{name}: {bad[:3]}"


@pytest.mark.parametrize("name", [EN, ZH, BILINGUAL])
def test_no_page_but_the_last_ends_with_a_large_empty_area(built, name):
    """A paragraph pushed whole to the next page would leave the bottom of a page blank."""
    out, _ = built
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(out / name), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = bbox.split("<page ")[1:]
    assert len(pages) > 1
    labels = tomllib.loads((ROOT / "templates" / "labels.toml").read_text(encoding="utf-8"))
    # A back-matter section keeps its heading with its first lines, as books do: the page
    # before the one it starts may end short.
    headings = tuple(labels["en"][key] for key in ("corrections", "background", "names"))
    for number, page in enumerate(pages[:-1], start=1):
        following = [line for line in pdftotext(out / name, number + 1).splitlines() if line][:4]
        if any(line.strip().startswith(headings) for line in following):
            continue
        height = float(re.search(r'height="([\d.]+)"', page)[1])
        bottom_margin = 20 * 72 / 25.4
        lowest = max(
            y
            for y in map(float, re.findall(r'yMax="([\d.]+)"', page))
            if y < height - bottom_margin
        )
        blank = (height - bottom_margin - lowest) / height
        assert blank < 0.1, f"{name} page {number}: the last {blank:.0%} of the page is empty"


# --- back matter ------------------------------------------------------------------------------


def test_the_editors_working_notes_never_reach_readers(built):
    out, _ = built
    notes = [e.tcomment for e in catalogue("en") if e.tcomment and not e.obsolete]
    assert notes
    for name in (EN, ZH, BILINGUAL):
        text = squeeze(pdftotext(out / name))
        for note in notes:
            assert squeeze(note.split("\n")[0])[:40] not in text, name
        assert squeeze(LABELS["en"]["repairs"]) not in text


def test_names_table_gives_each_name_of_the_article_in_every_language(built):
    out, _ = built
    with open(ROOT / "locales" / "glossary.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    corrected = squeeze("\n".join(e.msgstr for e in catalogue("en") if e.msgstr)).casefold()
    used = [row for row in rows if squeeze(row["en"]).casefold() in corrected]
    assert used
    for name, keys in ((BILINGUAL, ("en", "zh_CN")), (EN, ("en",)), (ZH, ("zh_CN", "en"))):
        text = pdftotext(out / name)
        heading = LABELS["en"]["names"] if name != ZH else LABELS["zh_CN"]["names"]
        flat = squeeze(text[text.rindex(heading) :])
        for row in used:
            for key in keys:
                assert squeeze(row[key]) in flat, f"{name}: {row[key]}"


# --- fonts and pixels -------------------------------------------------------------------------


@pytest.mark.parametrize("name", [EN, ZH, BILINGUAL])
def test_fonts_are_embedded_subsets_and_chinese_only_simplified(built, name):
    out, _ = built
    lines = subprocess.run(
        ["pdffonts", str(out / name)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        font = line.split()[0]
        assert re.match(r"^[A-Z]{6}\+", font), f"not a subset: {line}"
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], f"not embedded: {line}"
        assert not re.search(r"CJK-?(JP|KR|TC|HK)|Oblique", font), f"wrong face: {line}"
    if name != EN:
        assert any("CJK-SC" in line for line in lines)


def grey_pixels(path, page: int) -> bytes:
    """Page ``page`` rendered to an 8-bit grey PGM at 30 dpi, as raw pixel bytes."""
    data = subprocess.run(
        ["pdftoppm", "-gray", "-r", "30", "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert match, "pdftoppm did not write a grey PGM"
    width, height = int(match[1]), int(match[2])
    pixels = data[match.end() :]
    assert len(pixels) == width * height
    return pixels


@pytest.mark.parametrize("name", [EN, ZH, BILINGUAL])
def test_first_page_renders_with_ink(built, name):
    out, _ = built
    pixels = grey_pixels(out / name, 1)
    inked = sum(1 for value in pixels if value < 230) / len(pixels)
    mean = sum(pixels) / len(pixels)
    variance = sum((value - mean) ** 2 for value in pixels) / len(pixels)
    assert 0.05 < inked < 0.6, f"{name}: {inked:.1%} of page 1 has ink"
    assert variance > 300


# --- build behaviour --------------------------------------------------------------------------


def test_same_input_gives_the_same_bytes(built, tmp_path):
    out, _ = built
    build(Project(ROOT), [str(tmp_path / ZH)], tmp_path)
    assert (tmp_path / ZH).read_bytes() == (out / ZH).read_bytes()


def test_draft_notice_and_status_marks_on_every_page(tmp_path):
    project = copy_project(tmp_path)
    path = project / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    po = polib.pofile(str(path))
    paragraphs = [e for e in po if "type: paragraph" in e.comment]
    for entry in paragraphs[:8]:
        entry.msgstr = ""
    po.save(str(path))
    build(Project(project), [str(project / "build" / ZH)], project / "build")
    target = project / "build" / ZH
    pages = page_count(target)
    assert pages > 1
    for page in range(1, pages + 1):
        assert "草稿：已翻译" in pdftotext(target, page), f"no draft notice on page {page}"
    text = pdftotext(target)
    assert text.count(LABELS["zh_CN"]["untranslated"]) >= 8
    # The English fallback is tagged as English inside the Chinese briefing.
    fallback = {e.msgid: e.msgstr for e in catalogue("en")}[paragraphs[0].msgid]
    with pikepdf.open(target) as pdf:
        english = [
            leaf
            for leaf in pdfread.leaves(pdf)
            if len(squeeze(leaf.text)) > 3 and squeeze(leaf.text) in squeeze(fallback)
        ]
        assert english
        assert {pdfread.effective_lang(leaf, "zh-Hans") for leaf in english} == {"en"}
