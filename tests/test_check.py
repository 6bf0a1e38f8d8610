"""`publish check`: every check against a failing and a passing fixture, msgfmt -c as the
reference for what is invalid, real-world catalogues, and the command line as users meet it.

The fixtures under tests/data/check/ form a small project (a glossary and catalogues); in the
``bad`` catalogues a translator comment ``# expect: NAME`` marks what each entry must trigger.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
from collections import Counter
from fractions import Fraction
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publish import checks
from publish.checks.context import Catalogue, pivot_english
from publish.checks.numbers import chinese_numbers, chinese_numeral_value, english_numbers
from publish.glossary import read_glossary
from publish.po import reader
from tests.conftest import (
    DOC,
    ROOT,
    SYSTEM_CATALOGUES,
    Run,
    copy_project,
    run_publish,
)

DATA = Path(__file__).parent / "data" / "check"
ZH = DATA / "locales" / "zh_CN" / "LC_MESSAGES"
HK = DATA / "locales" / "zh_HK" / "LC_MESSAGES"
EN = DATA / "locales" / "en" / "LC_MESSAGES"
BAD = [ZH / "bad.po", HK / "bad.po", EN / "bad.po"]
GOOD = [ZH / "good.po", HK / "good.po", EN / "good.po"]
MSGFMT = DATA / "msgfmt"

# Written out rather than read from the registry: dropping a check must fail a test.
CHECK_NAMES = [
    "invalid",
    "untranslated",
    "fuzzy",
    "unchanged",
    "numbers",
    "chinese-punctuation",
    "doubled-chinese",
    "brackets",
    "doubled-words",
    "punctuation-spacing",
    "whitespace",
    "doubled-spaces",
    "line-breaks",
    "length-ratio",
    "glossary",
    "glossary-suggestion",
    "simplified-characters",
    "markup",
    "urls",
    "invisible-characters",
    "roles",
    "missing-glyphs",
]


def expectations(path: Path) -> set[tuple[int, str]]:
    """(msgid line, check name) for every ``# expect:`` comment of a fixture."""
    expected: set[tuple[int, str]] = set()
    pending: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("# expect:"):
            pending += [name.strip() for name in line.split(":", 1)[1].split(",")]
        elif line.startswith("msgid ") and pending:
            expected |= {(number, name) for name in pending}
            pending = []
    return expected


def run_check(*args: str, root: Path = DATA) -> Run:
    """``publish -C root check ARGS``."""
    return run_publish("-C", str(root), "check", *args)


@functools.cache
def findings_of(*paths: Path, root: Path = DATA) -> tuple[list[dict], int]:
    result = run_check("--json", *map(str, paths), root=root)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"], result.returncode


# --- every check fails its bad fixture and passes its good one ------------------------------


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.parent.parent.name)
def test_bad_fixture_gives_exactly_the_expected_findings(path):
    findings, status = findings_of(path)
    assert {(f["line"], f["check"]) for f in findings} == expectations(path)
    assert status == 1


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_each_check_reports_its_failing_fixture(name):
    marked = {
        (path, line)
        for path in BAD
        for line, check_name in expectations(path)
        if check_name == name
    }
    assert marked, f"no fixture entry expects [{name}]"
    for path in {path for path, _ in marked}:
        findings, _ = findings_of(path)
        reported = {f["line"] for f in findings if f["check"] == name}
        assert {line for p, line in marked if p == path} <= reported


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.parent.parent.name)
def test_good_fixture_passes_every_check(path):
    result = run_check(str(path))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [result.stdout.splitlines()[-1]]
    assert result.stdout.startswith("0 errors, 0 warnings in 1 catalogue")


def test_the_registry_holds_exactly_the_tested_checks():
    assert [c.name for c in checks.CHECKS] == CHECK_NAMES
    for item in checks.CHECKS:
        assert item.severity in (checks.ERROR, checks.WARNING, checks.INFO)
        assert item.description and "\n" not in item.description
    listing = run_publish("check", "--list", check=True).stdout.splitlines()
    assert [line.split()[0] for line in listing] == CHECK_NAMES


def test_severities_decide_the_exit_status(tmp_path):
    errors = {c.name for c in checks.CHECKS if c.severity == checks.ERROR}
    assert {"invalid", "numbers", "glossary", "invisible-characters"} <= errors
    good = (EN / "good.po").read_text(encoding="utf-8")
    with_a_warning = good.replace('msgstr "In 2022, the 25th', 'msgstr "In 2022 , the 25th')
    assert with_a_warning != good
    path = tmp_path / "en.po"
    path.write_text(with_a_warning, encoding="utf-8")
    plain, strict = run_check(str(path)), run_check("--strict", str(path))
    assert "[punctuation-spacing]" in plain.stdout
    assert (plain.returncode, strict.returncode) == (0, 1)


# --- what each entry is compared with ---------------------------------------------------


def test_lines_point_at_the_msgid_of_the_entry():
    for path in BAD:
        lines = path.read_text(encoding="utf-8").splitlines()
        findings, _ = findings_of(path)
        assert findings
        for finding in findings:
            assert lines[finding["line"] - 1].startswith("msgid "), finding


def test_a_chinese_entry_is_compared_with_the_corrected_english(tmp_path):
    good = (ZH / "good.po").read_text(encoding="utf-8")
    pivot = "#. en: The 25 members of the Qianhai Authority signed the agreement.\n"
    assert pivot in good  # the garbled msgid says 24 members, the translation 25
    without_pivot = tmp_path / "zh_CN.po"
    without_pivot.write_text(good.replace(pivot, ""), encoding="utf-8")
    findings, status = findings_of(without_pivot)
    assert status == 1
    assert {f["check"] for f in findings} == {"numbers"}
    assert any("'24'" in f["message"] for f in findings)


def test_the_pivot_is_the_current_correction_with_its_line_breaks():
    entry = polib.POEntry(
        msgid="garbled",
        comment="type: paragraph\nen: First line\\nsecond line\nen (was): Older text",
    )
    assert pivot_english(entry) == "First line\nsecond line"
    assert pivot_english(polib.POEntry(msgid="garbled", comment="type: paragraph")) == "garbled"


def test_the_english_catalogue_is_checked_on_its_corrections_not_the_garbled_source():
    good = (EN / "good.po").read_text(encoding="utf-8")
    assert "exchanges and exchanges" in good and "places , and" in good  # in a msgid
    findings, status = findings_of(EN / "good.po")
    assert findings == [] and status == 0


# --- numbers across number systems ------------------------------------------------------


@pytest.mark.parametrize(
    ("numerals", "value"),
    [
        ("五", 5),
        ("十", 10),
        ("十五", 15),
        ("二十五", 25),
        ("一百零五", 105),
        ("两千", 2000),
        ("二〇二二", 2022),
        ("三千五百万", 35_000_000),
        ("十五亿", 1_500_000_000),
        ("一亿二千万", 120_000_000),
    ],
)
def test_chinese_numerals(numerals, value):
    assert chinese_numeral_value(numerals) == value


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("the 25th anniversary", "二十五周年"),
        ("the 25th anniversary", "25周年"),
        ("On June 30", "6月30日"),
        ("on 30 June", "六月三十日"),
        ("in 2022", "二〇二二年"),
        ("in 2022", "2022年"),
        ("1.5 billion yuan", "15亿元"),
        ("10,000 people", "1万人"),
        ("twenty-five years", "二十五年"),
        ("Oct", "十月"),
        ("1.5 trillion yuan", "1.5万亿元"),
    ],
)
def test_numbers_match_across_number_systems(english, chinese):
    source = {(n.kind, n.value) for n in english_numbers(english)}
    target = {(n.kind, n.value) for n in chinese_numbers(chinese)}
    assert source and source <= target
    required = {(n.kind, n.value) for n in chinese_numbers(chinese) if n.required}
    assert required <= source


def test_words_that_look_like_numbers_are_not_required():
    # 十分 is "very", 一起 "together", 万一 "in case": none asks for a number in the English.
    assert not [n for n in chinese_numbers("十分重要，一起合作，万一失败") if n.required]
    assert {n.value for n in english_numbers("May 2022")} == {Fraction(5), Fraction(2022)}
    assert not english_numbers("You may go")


# --- msgfmt -c is the reference for invalid -------------------------------------------


def msgfmt_rejects(path: Path) -> set[int]:
    """msgid lines of the entries ``msgfmt -c`` reports an error at (the header's is 1)."""
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [n for n, line in enumerate(lines, start=1) if re.match(r"msgid ", line)]
    rejected = set()
    for match in re.finditer(
        rf"^{re.escape(str(path))}:(\d+): (?!warning)(.*)$", result.stderr, re.M
    ):
        if "location of the first definition" in match.group(2):
            continue  # the error is the second definition, reported just before
        line = int(match.group(1))
        rejected.add(max(start for start in starts if start <= line))
    assert (result.returncode != 0) == bool(rejected), result.stderr
    return rejected


def invalid_lines(path: Path) -> set[int]:
    """Lines of the ``invalid`` findings in a catalogue, read as ``publish check`` reads it."""
    po = reader.load(path)
    invalid = [c for c in checks.CHECKS if c.name == "invalid"]
    findings, _ = checks.check_catalogue(
        po, path.read_text(encoding="utf-8"), str(path), checks.language_of(po, path), (), invalid
    )
    return {f.line for f in findings}


# What the reader refuses before any check runs, with its one line (msgfmt -c rejects them too).
REFUSED = {
    "duplicate": "duplicate.po:21: duplicate message definition: the same msgid as on line 15",
    "no-plural-forms": "no-plural-forms.po:14: a plural message, but the header has no "
    "Plural-Forms",
    "plural-out-of-range": "plural-out-of-range.po:13: nplurals = 2 but the plural expression can "
    "produce values as large as 2",
    "plural-count": "plural-count.po:15: 1 plural forms, but the header says nplurals = 2",
}


@pytest.mark.parametrize("path", sorted(MSGFMT.glob("*.po")), ids=lambda p: p.stem)
def test_invalid_agrees_with_msgfmt(path):
    expected = msgfmt_rejects(path)
    if path.stem.startswith("valid"):
        assert not expected
    else:
        assert expected
    if path.stem in REFUSED:
        result = run_publish("check", str(path))
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and REFUSED[path.stem] in result.stderr
    else:
        assert invalid_lines(path) == expected


# --- real-world catalogues ---------------------------------------------------------------


@pytest.fixture(scope="module")
def real_catalogues(system_catalogues) -> list[Path]:
    """Every third of the system's Chinese catalogues of moderate size."""
    sizes = range(20_000, 120_000)
    chosen = [
        path
        for path in system_catalogues
        if (SYSTEM_CATALOGUES / f"{path.stem}.mo").stat().st_size in sizes
    ][::3]
    assert len(chosen) >= 8, f"too few catalogues in {SYSTEM_CATALOGUES}"
    return chosen


def test_real_world_catalogues_are_checked_without_crashing(system_catalogues):
    """Every one of them: findings (exit 1) are fine, an error (exit 2) or a crash is not."""
    assert sum("msgid_plural" in p.read_text(encoding="utf-8") for p in system_catalogues) >= 3
    result = run_check("--locale", "zh_CN", *map(str, system_catalogues), root=ROOT)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    summary = result.stdout.splitlines()[-1]
    assert f"in {len(system_catalogues)} catalogues" in summary
    for line in result.stdout.splitlines()[:-1]:
        assert re.match(r"^\S+\.po:\d+: (error|warning): \[[a-z-]+\] \S", line), line


def test_real_world_format_strings_agree_with_msgfmt(real_catalogues, tmp_path):
    """With every msgid that holds a % marked c-format, both reject the same entries."""
    checked = 0
    for source in real_catalogues:
        po = polib.pofile(str(source))
        for entry in po:
            if "%" in entry.msgid and "c-format" not in entry.flags:
                entry.flags.append("c-format")
                checked += 1
        path = tmp_path / source.name
        po.save(str(path))
        assert invalid_lines(path) == msgfmt_rejects(path), path.name
    assert checked > 500


# --- the command line ------------------------------------------------------------------


def test_json_has_the_findings_and_a_summary():
    result = run_check("--json", str(ZH / "bad.po"))
    report = json.loads(result.stdout)
    assert set(report["findings"][0]) == {"path", "line", "severity", "check", "message"}
    summary = report["summary"]
    assert summary["errors"] == sum(f["severity"] == "error" for f in report["findings"])
    assert summary["warnings"] == sum(f["severity"] == "warning" for f in report["findings"])
    assert (summary["catalogues"], summary["entries"]) == (1, 26)


def test_text_output_is_one_line_per_finding_then_a_summary():
    result = run_check(str(ZH / "bad.po"))
    *findings, summary = result.stdout.splitlines()
    assert len(findings) == len(
        json.loads(run_check("--json", str(ZH / "bad.po")).stdout)["findings"]
    )
    assert findings[0].startswith("locales/zh_CN/LC_MESSAGES/bad.po:")
    assert re.fullmatch(r"\d+ errors, \d+ warnings in 1 catalogue \(26 entries\)", summary)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such catalogue"),
        (b'msgid "a"\nmsgstr "b"\nmsgfoo "c"\n', "Syntax error"),
        (b'msgid "a"\nmsgstr "\xff"\n', "not valid UTF-8"),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "broken.po"
    if content is not None:
        path.write_bytes(content)
    result = run_publish("check", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert str(path) in result.stderr and "Traceback" not in result.stderr


# --- the project's own catalogues ------------------------------------------------------


# --- characters the fonts lack -----------------------------------------------------------


def write_catalogue(path: Path, translations: dict[str, str]) -> Path:
    po = polib.POFile()
    po.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    for english, chinese in translations.items():
        po.append(polib.POEntry(msgid=english, msgstr=chinese, comment=f"en: {english}"))
    path.write_text(str(po), encoding="utf-8")
    return path


def test_characters_no_font_has_are_named_with_their_entry(tmp_path):
    path = write_catalogue(
        tmp_path / "zh_CN.po",
        {
            "The forum opened.": "论坛开幕了😀。",
            "The forum closed.": "论坛闭幕了。",
            "A rare name.": "罕见的名字𠀀。",
        },
    )
    findings, _ = findings_of(path)
    lines = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if "msgid" in line]
    assert [(f["line"], f["check"], f["message"]) for f in findings] == [
        (
            lines[1],
            "missing-glyphs",
            "no font of the stylesheet has U+1F600 GRINNING FACE: the build would stop here",
        ),
        (
            lines[3],
            "missing-glyphs",
            "no font of the stylesheet has U+20000 CJK UNIFIED IDEOGRAPH-20000: "
            "the build would stop here",
        ),
    ]
    text = run_check(str(path)).stdout
    assert f"{path}:{lines[1]}: warning: [missing-glyphs] " in text


def test_ordinary_chinese_and_english_need_no_other_font(tmp_path):
    path = write_catalogue(
        tmp_path / "zh_CN.po",
        {
            "The “Qianhai” forum — 25th edition… (2022): ¥5, €3; ok?": (
                "“前海”论坛——第二十五届……（2022年）：¥5、€3；好吗？《深港》·「合作」"
            ),
            "Line one\nline two\tend": "第一行\n第二行\t完",
        },
    )
    assert [f for f in findings_of(path)[0] if f["check"] == "missing-glyphs"] == []


def test_fonts_that_cannot_be_inspected_are_said_once(tmp_path, monkeypatch):
    from publish import fontcoverage

    monkeypatch.setattr(fontcoverage.shutil, "which", lambda name: None)
    fontcoverage.coverage.cache_clear()
    try:
        findings = json.loads(run_check("--json", str(ZH / "bad.po")).stdout)["findings"]
    finally:
        fontcoverage.coverage.cache_clear()
    glyphs = [f for f in findings if f["check"] == "missing-glyphs"]
    assert len(glyphs) == 1 and glyphs[0]["severity"] == "warning"
    assert "not checked against the fonts" in glyphs[0]["message"]
    assert "fc-list is not installed" in glyphs[0]["message"]


def test_coverage_is_the_union_of_the_faces_ranges():
    from publish.fontcoverage import merge, parse_charset

    coverage = merge(parse_charset("20-7e a0 4e00-9fff") + parse_charset("7f-9f 3000"))
    assert coverage.starts == (0x20, 0x3000, 0x4E00)
    assert all(coverage.covers(c) for c in " ~\x7f\xa0中\u3000")
    assert not any(coverage.covers(c) for c in "\x1f\xa1\u3001\ua000")
    assert coverage.missing("a\n中😀b😀\ufe0f") == ["😀"]


def test_the_committed_catalogues_pass():
    result = run_publish("check", check=True)
    summary = result.stdout.splitlines()[-1]
    catalogues = len(list(ROOT.glob("locales/*/LC_MESSAGES/*.po")))
    assert re.fullmatch(
        rf"0 errors, \d+ warnings? in {catalogues} catalogues \(\d+ entries\)", summary
    )


def test_a_document_and_a_locale_can_be_chosen():
    result = run_publish("check", DOC, "--locale", "zh_CN", check=True)
    assert "in 1 catalogue " in result.stdout


def test_broken_name_or_number_in_the_project_fails(tmp_path):
    root = copy_project(tmp_path)
    path = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    text = path.read_text(encoding="utf-8")
    assert text.count("25周年") >= 1 and "前海管理局" in text
    path.write_text(text.replace("25周年", "26周年").replace("前海管理局", "前海管理部门"), "utf-8")
    result = run_check(root=root)
    assert result.returncode == 1
    assert "[numbers] '25th' of the English is not in the translation" in result.stdout
    assert "[glossary] 'Qianhai Authority' is 前海管理局 in the glossary" in result.stdout


def test_an_ignore_flag_silences_one_check_on_one_entry(tmp_path):
    bad = (ZH / "bad.po").read_text(encoding="utf-8")
    marked = bad.replace(
        "#. en: The 25th anniversary of Hong Kong's return.\n",
        "#. en: The 25th anniversary of Hong Kong's return.\n#, ignore-numbers\n",
    )
    assert marked != bad
    path = tmp_path / "zh_CN.po"
    path.write_text(marked, encoding="utf-8")
    before = Counter((f["check"], f["message"]) for f in findings_of(ZH / "bad.po")[0])
    after = Counter((f["check"], f["message"]) for f in findings_of(path)[0])
    assert not after - before
    assert sorted(before - after) == [
        ("numbers", "'25th' of the English is not in the translation"),
        ("numbers", "'二十六' of the translation is not in the English"),
    ]


def test_a_glossary_with_a_term_twice_is_refused(tmp_path):
    root = tmp_path
    (root / "locales").mkdir()
    (root / "locales" / "glossary.csv").write_text(
        "en,zh_CN,note\nQianhai,前海,place\nShenzhen,深圳,place\nqianhai,钱海,typo\n", "utf-8"
    )
    result = run_publish("-C", str(root), "check", str(ZH / "good.po"))
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "glossary.csv:4: 'qianhai' is in the glossary twice (line 2)"
    )


@settings(max_examples=150, deadline=None)
@given(
    english=st.text(
        alphabet=st.sampled_from(list('ab %sd1$.,"()“”《》 \n年月日二十五〇June')), max_size=40
    ),
    chinese=st.text(
        alphabet=st.sampled_from(list('前海论坛 %sd1$.,"()“”《》，。\n年月日二十五〇两万亿')),
        max_size=40,
    ),
    flags=st.sets(st.sampled_from(["c-format", "python-format", "fuzzy"])),
    plural=st.booleans(),
    language=st.sampled_from(["zh_CN", "en", "de", ""]),
)
def test_no_text_makes_a_check_fail(english, chinese, flags, plural, language):
    entry = polib.POEntry(msgid=english, flags=sorted(flags), linenum=3)
    if plural:
        entry.msgid_plural = english + "s"
        entry.msgstr_plural = {0: chinese, 1: chinese}
    else:
        entry.msgstr = chinese
    header = "nplurals=2; plural=(n != 1);" if plural else ""
    catalogue = Catalogue(
        "x.po",
        language,
        1,
        {"Plural-Forms": header},
        glossary=read_glossary(DATA / "locales" / "glossary.csv"),
    )
    for item in checks.CHECKS:
        for message in item.function(catalogue, entry):
            assert isinstance(message, str) and message and "\n" not in message


def test_a_relative_path_is_under_the_project_folder_like_make_c():
    result = run_publish("-C", str(DATA), "check", "locales/zh_CN/LC_MESSAGES/bad.po", cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout.startswith("locales/zh_CN/LC_MESSAGES/bad.po:")


def test_the_pivot_of_a_comment_a_tool_wrapped_is_read_whole():
    wrapped = polib.POEntry(
        msgid="garbled",
        comment="type: paragraph\nen: The forum, recast subject-\nfirst, was held\nin Qianhai.",
    )
    assert pivot_english(wrapped) == "The forum, recast subject-first, was held in Qianhai."
    # A document's catalogue is compared with its English catalogue, not with the comment.
    pivot = {(None, "garbled"): "The English catalogue's text."}
    assert pivot_english(wrapped, pivot) == "The English catalogue's text."
