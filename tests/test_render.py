"""The renderer's pure parts: languages, labels, line breaks, diffs and the template's context."""

from __future__ import annotations

import re

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publish import catalogue, render
from publish.catalogue import Translation
from publish.errors import PublishError
from publish.model import Role
from publish.po import reader
from publish.project import Project
from tests import pdfread
from tests.conftest import DOC, ROOT, copy_project

TEMPLATES = ROOT / "templates"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("en", "en"),
        ("zh_CN", "zh-Hans"),
        ("zh_TW", "zh-TW"),
        ("zh_Hant", "zh-Hant"),
        ("zh_Hant_HK", "zh-HK"),
        ("de_AT", "de"),
    ],
)
def test_html_lang_names_the_chinese_script(locale, lang):
    assert render.html.html_lang(locale) == lang


def test_labels_fall_back_to_english_key_by_key(tmp_path):
    (tmp_path / "labels.toml").write_text(
        '[en]\npage = "Page {page} of {pages}"\nnames = "Names"\n'
        '[en.roles]\nparagraph = "P{number}"\nbyline = "Byline"\n'
        '[zh_CN]\npage = "第 {page} 页"\n[zh_CN.roles]\nbyline = "署名"\n',
        encoding="utf-8",
    )
    labels = render.load_labels(tmp_path, "zh_CN")
    assert labels["page"] == "第 {page} 页"
    assert labels["names"] == "Names"
    assert labels["roles"] == {"paragraph": "P{number}", "byline": "署名"}
    assert render.load_labels(tmp_path, "fr")["page"] == "Page {page} of {pages}"


def test_broken_labels_file_is_a_one_line_error(tmp_path):
    (tmp_path / "labels.toml").write_text("[en\n", encoding="utf-8")
    with pytest.raises(PublishError) as raised:
        render.load_labels(tmp_path, "en")
    assert raised.value.path == tmp_path / "labels.toml"


def test_break_opportunities_only_outside_chinese_quotes():
    text = "依托“科创中国”粤港澳，进入“湾区时刻”。（“甲”）<b>"
    marked = str(render.html.cjk_line_breaks(text, "zh-Hans"))
    assert "依托<wbr>“科创中国”<wbr>粤港澳" in marked
    # Never before a closer or after an opener: those would start or end a line wrongly.
    assert "“湾区时刻”。" in marked
    assert "（“甲”）" in marked
    assert "&lt;b&gt;" in marked
    assert (
        str(render.html.cjk_line_breaks('say "hi" <now>', "en")) == "say &#34;hi&#34; &lt;now&gt;"
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["the", "forum", "论坛", ",", ".", " ", "  ", "Hong", "Kong-Macao"])),
    st.lists(st.sampled_from(["the", "forum", "论坛", ",", ".", " ", "held", "Hong", "Kong"])),
)
def test_word_diff_keeps_both_texts_and_marks_only_differences(old, new):
    before, after = "".join(old), "".join(new)
    left, right = render.html.word_diff(before, after)
    assert "".join(run["text"] for run in left) == before
    assert "".join(run["text"] for run in right) == after
    if before == after:
        assert not any(run["changed"] for run in left + right)


def test_word_diff_marks_the_replaced_words():
    left, right = render.html.word_diff("Mr Sit Wing-Wing said", "Mr Alfred Sit Wing-hang said")
    assert [r["text"].strip() for r in left if r["changed"]] == ["Wing-Wing"]
    assert [r["text"].strip() for r in right if r["changed"]] == ["Alfred", "Wing-hang"]


# --- the template's context and the HTML ------------------------------------------------------


def columns_for(locales: list[str], root=ROOT, allow_fuzzy=False):
    project = Project(root)
    document = project.document(root / "seeds" / f"{DOC}.txt")
    source = {s.key: s.text for s in document.segments}
    pivot_po = reader.load(project.po(DOC, "en"))
    pivot = catalogue.translations(document, pivot_po, source, allow_fuzzy)
    columns = []
    for locale in locales:
        if locale == "en":
            texts = pivot
        else:
            fallback = {key: t.text for key, t in pivot.items()}
            po = reader.load(project.po(DOC, locale))
            texts = catalogue.translations(document, po, fallback, allow_fuzzy)
        share = catalogue.translated_share(document, texts)
        columns.append(
            render.Column(
                locale,
                texts,
                render.load_labels(root / "templates", locale),
                None if share >= 0.8 else int(share * 100),
            )
        )
    glossary = root / "locales" / "glossary.csv"
    return document, columns, render.back_matter(document, pivot_po, pivot, glossary)


def test_every_correction_of_the_en_catalogue_is_in_the_back_matter():
    document, columns, back = columns_for(["en"])
    po = polib.pofile(str(ROOT / "locales" / "en" / "LC_MESSAGES" / f"{DOC}.po"))
    changed = [
        e
        for e in po
        if e.msgstr and e.msgstr != e.msgid and "fuzzy" not in e.flags and not e.obsolete
    ]
    # Each note as one line, however a tool wrapped the comment (test_translator_tools reads them):
    # the working note is the lines above the `reader: ` line, the reader note that line to the
    # end, and a `role: ` line belongs to neither.
    assert [(c.before, c.after) for c in back.corrections] == [(e.msgid, e.msgstr) for e in changed]

    def expected_notes(comment: str) -> tuple[str, str]:
        lines = [line for line in comment.split("\n") if not line.startswith("role: ")]
        start = next((n for n, line in enumerate(lines) if line.startswith("reader: ")), len(lines))
        reader = render.html.note("\n".join(lines[start:])).removeprefix("reader: ")
        return render.html.note("\n".join(lines[:start])), reader

    assert [(c.note, c.reader_note) for c in back.corrections] == [
        expected_notes(e.tcomment) for e in changed
    ]
    data = render.html.context(document, columns, back)["back"]
    readers = [e for e in changed if "\nreader: " in "\n" + e.tcomment]
    if readers:
        assert len(data["corrections"]["entries"]) == len(readers)
    else:
        assert data["corrections"] is None
    assert data["note"] is None


def test_a_reader_note_runs_from_its_line_to_the_end_even_when_wrapped():
    working, reader = render.html.reader_note(
        "Stray hyphen removed;\nname checked.\nreader: The forum's name was cut\nin two."
    )
    assert working == "Stray hyphen removed; name checked."
    assert reader == "The forum's name was cut in two."
    assert render.html.reader_note("only a working note") == ("only a working note", "")
    assert render.html.reader_note("") == ("", "")


def test_a_correction_quotes_the_same_stretch_of_both_texts():
    assert render.html.changed_words("Mr Sit Wing-Wing said", "Mr Alfred Sit Wing-hang said") == (
        "Sit Wing-Wing",
        "Alfred Sit Wing-hang",
    )
    assert render.html.changed_words("a b c", "a b c") == ("", "")
    long_before = " ".join(f"w{n}" for n in range(40))
    before, after = render.html.changed_words(long_before, "replaced")
    assert before.startswith("w0 w1") and " … " in before and before.endswith("w39")
    assert len(before.split()) <= render.html.QUOTE_WORDS + 1 and after == "replaced"


def test_a_correction_in_several_places_is_quoted_where_its_note_points():
    before = (
        "Mr Sit Wing-Wing said that the forum was successfully held in the city of Qianhai today."
    )
    after = "Alfred Sit Wing-hang said that the forum was held in the city of Qianhai today."
    # A note that names no changed word: from the first change to the last.
    assert render.html.changed_words(before, after, "The Secretary's name was garbled.") == (
        "Mr Sit Wing-Wing said that the forum was successfully",
        "Alfred Sit Wing-hang said that the forum was",
    )
    assert render.html.changed_words(before, after, "The word 'successfully' was filler.") == (
        "successfully",
        "",
    )
    assert render.html.changed_words(before, after, "Alfred Sit is the name.") == (
        "Mr Sit Wing-Wing",
        "Alfred Sit Wing-hang",
    )


def test_the_chinese_briefing_says_what_it_was_translated_from():
    document, columns, back = columns_for(["zh_CN"])
    data = render.html.context(document, columns, back)
    assert data["back"]["corrections"] is None
    note = data["back"]["note"]["text"]
    assert note["lang"] == "zh-Hans"
    assert str(len(back.corrections)) in note["text"] and HAN.search(note["text"])
    about = data["columns"][0]["about"]
    assert about == {"lang": "zh-Hans", "text": "本文据英文机器译稿整理回译，非《羊城晚报》原文。"}


# --- labels in plural forms -------------------------------------------------------------------


def plural_labels(tmp_path, text: str):
    (tmp_path / "labels.toml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("locale", "count", "expected"),
    [
        ("en", 1, "one repair"),
        ("en", 2, "2 repairs"),
        ("zh_CN", 1, "修复1处"),
        ("zh_CN", 2, "修复2处"),
        # A locale without the label speaks English, in English forms.
        ("fr", 1, "one repair"),
        ("fr", 0, "0 repairs"),
    ],
)
def test_a_label_takes_the_plural_form_of_its_count(tmp_path, locale, count, expected):
    templates = plural_labels(
        tmp_path,
        '[en]\nrepairs = { one = "one repair", other = "{count} repairs" }\n'
        '[zh_CN]\nrepairs = { other = "修复{count}处" }\n',
    )
    column = render.Column(locale, {}, render.load_labels(templates, locale))
    assert render.html._fill(column, "repairs", count=count) == expected


@pytest.mark.parametrize(
    ("locale", "key", "count", "expected"),
    [
        ("en", "corrections_intro", 1, "wrong in one place"),
        ("en", "corrections_intro", 2, "wrong in 2 places"),
        ("en", "pivot_corrected", 1, "corrected one passage"),
        ("en", "pivot_corrected", 2, "corrected 2 passages"),
        ("zh_CN", "pivot_corrected", 1, "作了1处更正"),
        ("zh_CN", "pivot_corrected", 2, "作了2处更正"),
        ("zh_CN", "corrections_elsewhere", 1, "其中1处"),
        ("zh_CN", "corrections_elsewhere", 2, "其中2处"),
    ],
)
def test_the_labels_agree_in_number(locale, key, count, expected):
    column = render.Column(locale, {}, render.load_labels(TEMPLATES, locale))
    text = render.html._fill(column, key, count=count)
    assert expected in text
    assert not re.search(r"\b1 (places|passages|repairs)", text)


def test_a_plural_label_is_never_merged_with_the_english_forms(tmp_path):
    templates = plural_labels(
        tmp_path,
        '[en]\nrepairs = { one = "one repair", other = "{count} repairs" }\n'
        '[ru]\nrepairs = { few = "{count} ремонта", other = "{count} ремонтов" }\n',
    )
    column = render.Column("ru", {}, render.load_labels(templates, "ru"))
    assert render.html._fill(column, "repairs", count=3) == "3 ремонта"
    # A form the locale lacks falls back to its own "other", never to English words.
    assert render.html._fill(column, "repairs", count=1) == "1 ремонтов"


def test_a_plural_label_without_other_is_a_one_line_error(tmp_path):
    templates = plural_labels(tmp_path, '[en]\nrepairs = { one = "one repair" }\n')
    with pytest.raises(PublishError, match="'repairs' of \\[en\\] needs an 'other' form"):
        render.load_labels(templates, "en")


# --- metadata, key points and background ------------------------------------------------------


def hand_built(roles_and_texts, event_date=None, reporter=None):
    """A document built by hand, with a column per locale whose texts are ``zh:`` + English."""
    import datetime as dt

    from publish.model import Document, Metadata, Segment

    numbers: dict = {}
    segments = []
    for line, (role, text, path) in enumerate(roles_and_texts, 1):
        numbers[role] = numbers.get(role, 0) + 1
        segments.append(Segment(role, text, path, line, line, numbers[role]))
    headline = next((s for s in segments if s.role == Role.HEADLINE), None)
    metadata = Metadata(
        reporter,
        None if event_date is False else event_date or dt.date(2022, 6, 30),
        None,
        headline_source=None
        if headline is None
        else "editors"
        if headline.path.endswith(".toml")
        else "article",
    )
    document = Document(
        "plain-article", ROOT / "seeds" / "plain-article.txt", metadata, tuple(segments), ()
    )
    en = {s.key: Translation(s.text, "translated") for s in document.segments}
    zh = {s.key: Translation("中文" + s.text, "translated") for s in document.segments}
    columns = [
        render.Column("en", en, render.load_labels(TEMPLATES, "en")),
        render.Column("zh_CN", zh, render.load_labels(TEMPLATES, "zh_CN")),
    ]
    return document, columns


def test_without_headline_publication_or_date_the_title_says_so_and_claims_nothing():
    document, columns = hand_built(
        [(Role.PARAGRAPH, "Only a paragraph.", "seeds/plain-article.txt")], event_date=False
    )
    html = render.render_html(document, columns, TEMPLATES)
    data = render.html.context(document, columns)
    assert data["title"] == "plain-article"
    assert data["columns"][0]["headline"]["text"] == "plain-article"
    assert data["columns"][0]["headline_note"]["text"] == "No headline: the file name is shown"
    assert data["columns"][1]["headline"] is None
    assert (
        data["columns"][0]["date"] is None and "Event date" not in html and "活动日期" not in html
    )
    assert "a Chinese newspaper report" in data["columns"][0]["about"]["text"]
    assert data["columns"][1]["about"]["text"] == "本文据英文机器译稿整理回译，非报纸原文。"
    assert 'class="publication"' not in html and "Headline by the editors" not in html


def test_a_headline_from_the_article_itself_is_not_marked_as_the_editors():
    document, columns = hand_built(
        [
            (Role.HEADLINE, "The article's own headline", "seeds/plain-article.txt"),
            (Role.PARAGRAPH, "Text.", "seeds/plain-article.txt"),
        ]
    )
    assert render.html.context(document, columns)["columns"][0]["headline_note"] is None
    document, columns = hand_built(
        [
            (Role.HEADLINE, "The editors' headline", "seeds/plain-article.toml"),
            (Role.PARAGRAPH, "Text.", "seeds/plain-article.txt"),
        ]
    )
    notes = [c["headline_note"]["text"] for c in render.html.context(document, columns)["columns"]]
    assert notes == ["Headline by the editors", "标题为编辑所拟"]


def test_key_points_and_background_are_printed_translated_only_when_present():
    article = "seeds/plain-article.txt"
    document, columns = hand_built(
        [
            (Role.HEADLINE, "Forum held", "seeds/plain-article.toml"),
            (Role.KEY_POINT, "First point.", article),
            (Role.KEY_POINT, "Second point.", article),
            (Role.KEY_POINT, "Third point.", article),
            (Role.KEY_POINT, "Fourth point.", article),
            (Role.PARAGRAPH, "The body.", article),
            (Role.BACKGROUND, "Why it matters.", article),
        ]
    )
    html = render.render_html(document, columns, TEMPLATES)
    points = html[html.index('class="key-points"') : html.index('class="parallel article"')]
    assert html.index("</header>") < html.index('class="key-points"')
    assert "First point." in points and "中文Third point." in points
    assert "Fourth point." not in html
    background = html[html.index('class="background"') :]
    assert "Why it matters." in background and "中文Why it matters." in background
    assert "Why it matters." not in html[: html.index('class="back-matter"')]
    document, columns = hand_built([(Role.PARAGRAPH, "The body.", article)])
    html = render.render_html(document, columns, TEMPLATES)
    assert 'class="key-points"' not in html and 'class="background"' not in html


def test_every_chinese_text_in_the_html_is_marked_zh_hans():
    document, columns, back = columns_for(["en", "zh_CN"])
    html = render.render_html(document, columns, TEMPLATES, back)
    article = html[: html.index('<section class="back-matter">')]
    glossary = "<body>" + html[html.index('<section class="glossary">') :]
    for part in (article, glossary):
        text, langs = pdfread.html_text(part)
        hanzi = [lang for character, lang in zip(text, langs, strict=True) if HAN.match(character)]
        assert hanzi and set(hanzi) == {"zh-Hans"}


def test_untranslated_text_is_marked_and_keeps_its_own_language(tmp_path):
    project = copy_project(tmp_path)
    path = project / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    po = polib.pofile(str(path))
    emptied = [e for e in po if "type: paragraph" in e.comment][:10]
    for entry in emptied:
        entry.msgstr = ""
    po.save(str(path))
    document, columns, back = columns_for(["en", "zh_CN"], project)
    data = render.html.context(document, columns, back)
    assert columns[1].draft_percent is not None
    assert data["columns"][1]["draft"].startswith("草稿")
    # Every block: a paragraph the editors made a subheading shares its row with the next one.
    cells = [block for row in data["rows"] for block in row["cells"][1]["blocks"]]
    marked = [cell for cell in cells if cell["status"] == "untranslated"]
    assert len(marked) == len(emptied)
    for cell in marked:
        assert cell["lang"] == "en"
        assert cell["mark"] == {"lang": "zh-Hans", "text": "未翻译"}
    html = render.render_html(document, columns, project / "templates", back)
    assert html.count('class="mark untranslated" lang="zh-Hans">未翻译<') == len(emptied)
    assert 'data-draft-2="草稿' in html


def test_a_subheading_shares_its_row_with_the_paragraph_it_introduces():
    document, columns, back = columns_for(["en", "zh_CN"])
    rows = render.html.context(document, columns, back)["rows"]
    headed = [row for row in rows if row["blocks"][0] == "subheading"]
    assert headed
    assert all(row["blocks"] == ["subheading", "paragraph"] for row in headed)
    assert all(len(cell["blocks"]) == 2 for row in headed for cell in row["cells"])


def test_bilingual_bookmark_labels_name_both_languages():
    document, columns, back = columns_for(["en", "zh_CN"])
    html = render.render_html(document, columns, TEMPLATES, back)
    key = document.first(Role.HEADLINE).key
    first, second = columns[0].texts[key].text, columns[1].texts[key].text
    assert f'data-bookmark="{first} / {second}"' in html
    assert html.count('class="headline echo"') == 1


def test_translation_status_survives_into_cells():
    column = render.Column("zh_CN", {("c", "x"): Translation("译文", "fuzzy")}, {"fuzzy": "待审校"})
    cell = render.html._cell(column, ("c", "x"), "en")
    assert cell["status"] == "fuzzy" and cell["lang"] == "zh-Hans"
    assert cell["mark"] == {"lang": "zh-Hans", "text": "待审校"}


@pytest.mark.parametrize(
    ("page", "draft"),
    [
        ("Page {page} of {pagez}", "Draft"),
        ("{pages} / {page}", "Draft"),
        ("p. {page}/{pages}", "{pc}%"),
    ],
)
def test_a_mistyped_placeholder_in_the_labels_is_a_clear_error(page, draft):
    document, columns, back = columns_for(["zh_CN"])
    labels = {**columns[0].labels, "page": page, "draft": draft}
    column = render.Column("zh_CN", columns[0].texts, labels, draft_percent=40)
    with pytest.raises(PublishError) as raised:
        render.html.context(document, [column], back)
    assert raised.value.path.name == "labels.toml"


def test_a_template_reaching_outside_templates_stops_the_build(tmp_path):
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    html = (
        '<html lang="en"><head><link rel="stylesheet" href="file:///etc/hostname"></head>'
        "<body><p>x</p></body></html>"
    )
    target = tmp_path / "out.pdf"
    with pytest.raises(PublishError, match="refused file:///etc/hostname"):
        render.write_pdf(html, target, templates, "2022-06-30T00:00:00Z")
    assert not target.exists()
