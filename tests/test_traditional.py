"""Traditional Chinese: a catalogue seeded from zh_CN by OpenCC, the faces of each region, the
Hong Kong words around the article, and the checks that know each Chinese locale."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pikepdf
import polib
import pytest
from babel import Locale, localedata
from babel.core import get_global

from publish import cjk, doctor
from publish.catalogue.pivot import PIVOT_COMMENT, PIVOT_WAS_COMMENT, split_pivot_comment
from publish.checks.characters import simplified_in
from publish.po import reader
from tests import pdfread
from tests.conftest import DOC, copy_project, run_publish

NOTE = "converted from zh_CN by OpenCC s2hk; review before publishing"
HK_FACES = {"Noto-Serif-CJK-HK", "Noto-Sans-CJK-HK-Bold"}
SC_FACES = {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC-Bold"}


def po_path(root: Path, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"


def project_without_hong_kong(root: Path) -> Path:
    """The seed project as it stood before it had a Hong Kong catalogue."""
    copy_project(root)
    assert not (root / "locales" / "zh_HK").exists()
    return root


def converted(root: Path) -> polib.POFile:
    run_publish("-C", str(root), "init", "zh_HK", "--from", "zh_CN", check=True)
    return reader.load(po_path(root, "zh_HK"))


def pivot_records(po: polib.POFile) -> dict[tuple, dict[str, str]]:
    return {(e.msgctxt, e.msgid): split_pivot_comment(e.comment)[1] for e in po if not e.obsolete}


def cjk_faces(path: Path) -> set[str]:
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    faces = {line.split()[0].split("+", 1)[1] for line in listing.splitlines()[2:]}
    return {face for face in faces if "CJK" in face}


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def chinese_languages(path: Path, catalogue: polib.POFile) -> set[str]:
    """The languages the structure tree gives to the pieces of text only the catalogue holds."""
    chinese = "".join("".join(e.msgstr.split()) for e in catalogue if e.msgstr)
    with pikepdf.open(path) as pdf:
        document_lang = str(pdf.Root.Lang)
        found = [
            pdfread.effective_lang(leaf, document_lang)
            for leaf in pdfread.leaves(pdf)
            if len(text := "".join(leaf.text.split())) > 3
            and re.search(r"[\u4e00-\u9fff]", text)
            and text in chinese
        ]
    assert len(found) > 20
    return set(found)


# --- init --from ------------------------------------------------------------------------------


def test_a_converted_catalogue_starts_fuzzy_and_says_how_it_was_made(tmp_path):
    root = project_without_hong_kong(tmp_path)
    simplified = reader.load(po_path(root, "zh_CN"))
    po = converted(root)
    assert po.metadata["Language"] == "zh_HK"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    source = {(e.msgctxt, e.msgid): e for e in simplified if not e.obsolete}
    entries = [e for e in po if not e.obsolete]
    assert [(e.msgctxt, e.msgid) for e in entries] == list(source)
    for entry in entries:
        origin = source[(entry.msgctxt, entry.msgid)]
        assert entry.msgstr and entry.msgstr != origin.msgstr
        assert "fuzzy" in entry.flags and entry.tcomment == NOTE
        assert simplified_in(entry.msgstr) == {}
        assert "“" not in entry.msgstr and "”" not in entry.msgstr
    text = "".join(e.msgstr for e in entries)
    assert "薛永恆" in text and "薛永恒" not in text
    assert "「" in text
    stats = json.loads(run_publish("-C", str(root), "stats", "--json", check=True).stdout)
    hong_kong = next(row for row in stats if row["locale"] == "zh_HK")
    assert hong_kong["entries"]["translated"] == 0
    assert hong_kong["entries"]["fuzzy"] == len(entries)


def test_a_converted_entry_goes_stale_exactly_as_its_source_does(tmp_path):
    root = project_without_hong_kong(tmp_path)
    converted(root)
    english_path = po_path(root, "en")
    english = reader.load(english_path)
    changed = next(e for e in english if e.msgstr and "Sit" in e.msgstr)
    changed.msgstr = changed.msgstr.replace("Sit", "Sit (the Secretary)", 1)
    english.save(str(english_path))
    run_publish("-C", str(root), "update", check=True)
    hong_kong = reader.load(po_path(root, "zh_HK"))
    assert pivot_records(hong_kong) == pivot_records(reader.load(po_path(root, "zh_CN")))
    stale = [e for e in hong_kong if PIVOT_WAS_COMMENT in split_pivot_comment(e.comment)[1]]
    assert [e.msgid for e in stale] == [changed.msgid]
    record = split_pivot_comment(stale[0].comment)[1]
    assert "Sit (the Secretary)" in record[PIVOT_COMMENT]
    assert "Sit (the Secretary)" not in record[PIVOT_WAS_COMMENT]


def test_converted_entries_are_not_typeset_until_reviewed(tmp_path):
    root = project_without_hong_kong(tmp_path)
    converted(root)
    pdf = root / "build" / f"{DOC}-zh_HK.pdf"
    run_publish("-C", str(root), "build", str(pdf.relative_to(root)), check=True)
    text = pdftotext(pdf)
    assert "薛永恆" not in text and "Sit Wing-hang" in text
    assert "草稿：已翻譯 0%" in text


@pytest.mark.parametrize(
    ("target", "source"),
    [("ja", "zh_CN"), ("zh_HK", "en"), ("zh_CN", "zh_CN"), ("zh_HK", "de")],
)
def test_only_simplified_into_traditional_is_converted(tmp_path, target, source):
    root = project_without_hong_kong(tmp_path)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = run_publish("-C", str(root), "init", target, "--from", source)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_make_init_po_passes_the_source_locale():
    dry = subprocess.run(
        ["make", "-n", "init-po", "LOCALE=zh_HK", "FROM=zh_CN"],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "init 'zh_HK' --from 'zh_CN'" in dry


@pytest.mark.parametrize(
    ("target", "config"), [("zh_HK", "s2hk"), ("zh_MO", "s2hk"), ("zh_TW", "s2twp")]
)
def test_each_region_gets_its_opencc_configuration(tmp_path, target, config):
    root = project_without_hong_kong(tmp_path)
    run_publish("-C", str(root), "init", target, "--from", "zh_CN", check=True)
    po = reader.load(po_path(root, target))
    assert {e.tcomment for e in po if e.msgstr} == {
        f"converted from zh_CN by OpenCC {config}; review before publishing"
    }


# --- faces, languages and words of each region ------------------------------------------------


@pytest.fixture(scope="module")
def reviewed_build(tmp_path_factory) -> Path:
    """The seed with a zh_HK catalogue converted and taken as reviewed, built."""
    root = project_without_hong_kong(tmp_path_factory.mktemp("hk"))
    converted(root)
    path = po_path(root, "zh_HK")
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    names = [f"build/{DOC}-zh_HK.pdf", f"build/{DOC}-en-zh_HK.pdf", f"build/{DOC}-zh_CN.pdf"]
    run_publish("-C", str(root), "build", *names, check=True)
    return root


@pytest.mark.parametrize("name", [f"{DOC}-zh_HK.pdf", f"{DOC}-en-zh_HK.pdf"])
def test_hong_kong_chinese_is_set_in_the_hong_kong_faces_and_tagged_zh_hk(reviewed_build, name):
    pdf = reviewed_build / "build" / name
    assert cjk_faces(pdf) == HK_FACES
    assert chinese_languages(pdf, reader.load(po_path(reviewed_build, "zh_HK"))) == {"zh-HK"}


def test_simplified_chinese_keeps_its_faces_and_tag(reviewed_build):
    pdf = reviewed_build / "build" / f"{DOC}-zh_CN.pdf"
    assert cjk_faces(pdf) == SC_FACES
    assert chinese_languages(pdf, reader.load(po_path(reviewed_build, "zh_CN"))) == {"zh-Hans"}


def test_hong_kong_words_dates_and_page_numbers(reviewed_build):
    text = pdftotext(reviewed_build / "build" / f"{DOC}-zh_HK.pdf")
    assert "2022年6月30日" in text
    pages = re.findall(r"第 (\d+) 頁，共 (\d+) 頁", text)
    assert pages and pages[0] == ("1", str(len(pages)))
    assert "薛永恆" in text and "草稿" not in text
    assert "页" not in text


def test_a_locale_without_its_own_faces_is_refused_in_one_line(tmp_path):
    root = project_without_hong_kong(tmp_path)
    converted(root)
    css = root / "templates" / "briefing.css"
    css.write_text(css.read_text().replace("Noto Serif CJK HK", "Missing Serif CJK HK"))
    result = run_publish("-C", str(root), "build", f"build/{DOC}-zh_HK.pdf")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "publish: zh_HK: no Hong Kong Chinese face installed (Missing Serif CJK HK); "
        "it would be set in another region's glyph forms; see publish doctor"
    ]
    assert not (root / "build" / f"{DOC}-zh_HK.pdf").exists()


def test_doctor_names_the_faces_each_locale_needs(tmp_path):
    css = tmp_path / "briefing.css"
    css.write_text(
        ':root { --cjk-text-face: "Noto Serif CJK SC"; }\n'
        ':lang(zh-HK) { --cjk-text-face: "Missing Serif CJK HK"; }\n'
        'html { font-family: "Noto Serif", var(--cjk-text-face); }\n'
    )
    found = {f.what: f for f in doctor.check_faces(tmp_path, ["zh_CN", "zh_HK", "zh_TW"])}
    assert found["Simplified Chinese face"].ok
    assert not found["Hong Kong Chinese face"].ok
    assert "Missing Serif CJK HK" in found["Hong Kong Chinese face"].detail
    assert not found["Traditional Chinese face"].ok
    assert "names no Traditional Chinese face" in found["Traditional Chinese face"].detail
    assert doctor.report(list(found.values()))[1] == 1


def test_the_script_of_every_chinese_locale_is_babels():
    chinese = [name for name in localedata.locale_identifiers() if name.startswith("zh")]
    assert len(chinese) > 5
    for name in chinese:
        written = cjk.writing(name)
        # Babel leaves the script of a bare "zh" open; CLDR's likely subtags give it.
        script = (
            Locale.parse(name).script or Locale.parse(get_global("likely_subtags")[name]).script
        )
        assert (written.script if written else script) == script, name
        assert (written is None) == (script not in ("Hans", "Hant")), name


# --- checks per locale ------------------------------------------------------------------------

HEADER = """msgid ""
msgstr ""
"Language: {locale}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

"""


def check_one(tmp_path: Path, locale: str, entries: list[tuple[str, str]]) -> list[dict]:
    path = tmp_path / f"{locale}.po"
    body = "".join(
        f'#. en: {english}\nmsgid "{english}"\nmsgstr "{text}"\n\n' for english, text in entries
    )
    path.write_text(HEADER.format(locale=locale) + body, encoding="utf-8")
    result = run_publish("-C", str(tmp_path), "check", "--json", str(path))
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


@pytest.mark.parametrize(
    ("locale", "wrong", "right"),
    [
        ("zh_CN", "论坛「科技篇」。", "论坛“科技篇”。"),
        ("zh_HK", "論壇“科技篇”。", "論壇「科技篇」。"),
        ("zh_TW", "論壇“科技篇”。", "論壇「科技篇」。"),
        ("zh_HK", "論壇「科技‘篇’」。", "論壇「科技『篇』」。"),
    ],
)
def test_each_chinese_locale_has_its_own_quotation_marks(tmp_path, locale, wrong, right):
    english = "The Technology Chapter forum."
    findings = check_one(tmp_path, locale, [(english, wrong)])
    assert [f["check"] for f in findings] == ["chinese-punctuation"]
    assert check_one(tmp_path, locale, [(english, right)]) == []


@pytest.mark.parametrize("locale", ["zh_HK", "zh_TW", "zh_Hant"])
def test_every_traditional_locale_is_checked_for_simplified_characters(tmp_path, locale):
    findings = check_one(tmp_path, locale, [("The forum was held.", "论坛举行。")])
    assert {f["check"] for f in findings} == {"simplified-characters"}
    assert "论 (write 論)" in findings[0]["message"]
    assert check_one(tmp_path, locale, [("The forum was held.", "論壇舉行。")]) == []
    simplified = check_one(tmp_path, "zh_CN", [("The forum was held.", "论坛举行。")])
    assert simplified == []


@pytest.mark.parametrize("locale", ["zh_CN", "zh_HK"])
def test_the_number_and_punctuation_checks_apply_to_every_chinese_locale(tmp_path, locale):
    findings = check_one(
        tmp_path,
        locale,
        [("The fund reached 30,000 yuan.", "基金達到兩萬元,目標達成。")],
    )
    assert {f["check"] for f in findings} == {"numbers", "chinese-punctuation"}


def test_the_glossary_is_read_in_each_locales_own_column(tmp_path):
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "glossary.csv").write_text(
        "en,zh_CN,zh_HK,note\n"
        "Alfred Sit Wing-hang,薛永恒,薛永恆,name\n"
        "Qianhai Authority,前海管理局,,empty for Hong Kong\n",
        encoding="utf-8",
    )
    english = "Alfred Sit Wing-hang met the Qianhai Authority."
    hong_kong = check_one(tmp_path, "zh_HK", [(english, "薛永恆與前海管理局會面。")])
    assert [(f["check"], f["severity"]) for f in hong_kong] == [("glossary-suggestion", "info")]
    assert "by OpenCC s2hk: 前海管理局" in hong_kong[0]["message"]
    simplified_name = check_one(tmp_path, "zh_HK", [(english, "薛永恒與前海管理局會面。")])
    assert ("glossary", "error") in {(f["check"], f["severity"]) for f in simplified_name}
    mainland = check_one(tmp_path, "zh_CN", [(english, "薛永恒与前海管理局会面。")])
    assert mainland == []
    result = run_publish("-C", str(tmp_path), "check", "--strict", str(tmp_path / "zh_HK.po"))
    assert result.returncode == 1  # the error above, not the suggestion
    check_one(tmp_path, "zh_HK", [(english, "薛永恆與前海管理局會面。")])
    result = run_publish("-C", str(tmp_path), "check", "--strict", str(tmp_path / "zh_HK.po"))
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1].startswith("0 errors, 0 warnings, 1 suggestion")
