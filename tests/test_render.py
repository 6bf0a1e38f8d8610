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
    # Each note as one line, however a tool wrapped the comment (test_translator_tools reads them).
    assert [(c.before, c.after, c.note) for c in back.corrections] == [
        (e.msgid, e.msgstr, render.html.note(e.tcomment)) for e in changed
    ]
    data = render.html.context(document, columns, back)["back"]
    assert len(data["corrections"]["entries"]) == len(changed)
    assert len(data["repairs"]["entries"]) == len(document.repairs)
    assert data["glossary"] is None and data["note"] is None


def test_the_chinese_briefing_says_what_it_was_translated_from():
    document, columns, back = columns_for(["zh_CN"])
    data = render.html.context(document, columns, back)["back"]
    assert data["corrections"] is None and data["repairs"] is None
    note = data["note"]["text"]
    assert note["lang"] == "zh-Hans"
    assert str(len(back.corrections)) in note["text"] and HAN.search(note["text"])


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
    cells = [row["cells"][1]["blocks"][-1] for row in data["rows"]]
    marked = [cell for cell in cells if cell["status"] == "untranslated"]
    assert len(marked) == len(emptied)
    for cell in marked:
        assert cell["lang"] == "en"
        assert cell["mark"] == {"lang": "zh-Hans", "text": "未翻译"}
    html = render.render_html(document, columns, project / "templates", back)
    assert html.count('class="mark" lang="zh-Hans">未翻译<') == len(emptied)
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
