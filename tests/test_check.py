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

from publish import check
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
EN = DATA / "locales" / "en" / "LC_MESSAGES"
BAD = [ZH / "bad.po", EN / "bad.po"]
GOOD = [ZH / "good.po", EN / "good.po"]
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
    "markup",
    "urls",
    "invisible-characters",
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
    assert [c.name for c in check.CHECKS] == CHECK_NAMES
    for item in check.CHECKS:
        assert item.severity in (check.ERROR, check.WARNING)
        assert item.description and "\n" not in item.description
    listing = run_publish("check", "--list", check=True).stdout.splitlines()
    assert [line.split()[0] for line in listing] == CHECK_NAMES


def test_severities_decide_the_exit_status(tmp_path):
    errors = {c.name for c in check.CHECKS if c.severity == check.ERROR}
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
    assert check.pivot_english(entry) == "First line\nsecond line"
    assert (
        check.pivot_english(polib.POEntry(msgid="garbled", comment="type: paragraph")) == "garbled"
    )


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
    assert check.chinese_numeral_value(numerals) == value


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
    source = {(n.kind, n.value) for n in check.english_numbers(english)}
    target = {(n.kind, n.value) for n in check.chinese_numbers(chinese)}
    assert source and source <= target
    required = {(n.kind, n.value) for n in check.chinese_numbers(chinese) if n.required}
    assert required <= source


def test_words_that_look_like_numbers_are_not_required():
    # 十分 is "very", 一起 "together", 万一 "in case": none asks for a number in the English.
    assert not [n for n in check.chinese_numbers("十分重要，一起合作，万一失败") if n.required]
    assert {n.value for n in check.english_numbers("May 2022")} == {Fraction(5), Fraction(2022)}
    assert not check.english_numbers("You may go")


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
    text = path.read_text(encoding="utf-8")
    po = polib.pofile(text)
    invalid = [c for c in check.CHECKS if c.name == "invalid"]
    findings, _ = check.check_catalogue(
        po, text, str(path), check.language_of(po, path), (), invalid
    )
    return {f.line for f in findings}


@pytest.mark.parametrize("path", sorted(MSGFMT.glob("*.po")), ids=lambda p: p.stem)
def test_invalid_agrees_with_msgfmt(path):
    expected = msgfmt_rejects(path)
    assert invalid_lines(path) == expected
    if path.stem.startswith("valid"):
        assert not expected
    else:
        assert expected


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
    assert (summary["catalogues"], summary["entries"]) == (1, 24)


def test_text_output_is_one_line_per_finding_then_a_summary():
    result = run_check(str(ZH / "bad.po"))
    *findings, summary = result.stdout.splitlines()
    assert len(findings) == len(
        json.loads(run_check("--json", str(ZH / "bad.po")).stdout)["findings"]
    )
    assert findings[0].startswith("locales/zh_CN/LC_MESSAGES/bad.po:")
    assert re.fullmatch(r"\d+ errors, \d+ warnings in 1 catalogue \(24 entries\)", summary)


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


def test_the_committed_catalogues_pass():
    result = run_publish("check", check=True)
    summary = result.stdout.splitlines()[-1]
    assert re.fullmatch(r"0 errors, \d+ warnings? in 2 catalogues \(\d+ entries\)", summary)


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
    entry = check.Entry(
        line=3,
        msgid=english,
        msgid_plural=english + "s" if plural else "",
        forms=(chinese, chinese) if plural else (chinese,),
        flags=tuple(flags),
        english=english,
    )
    header = "nplurals=2; plural=(n != 1);" if plural else ""
    catalogue = check.Catalogue(
        "x.po",
        language,
        1,
        {"Plural-Forms": header},
        plural,
        glossary=check.read_glossary(DATA / "locales" / "glossary.csv"),
    )
    for item in check.CHECKS:
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
    assert check.pivot_english(wrapped) == "The forum, recast subject-first, was held in Qianhai."
    # A document's catalogue is compared with its English catalogue, not with the comment.
    pivot = {(None, "garbled"): "The English catalogue's text."}
    assert check.pivot_english(wrapped, pivot) == "The English catalogue's text."
