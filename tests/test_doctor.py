"""``publish doctor`` finds what is missing and names the command that installs it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from publish import doctor
from tests.conftest import ROOT, run_publish


def test_this_machine_has_everything(tmp_path):
    result = run_publish("doctor")
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    for what in ("Python", "WeasyPrint", "Pango", "hb-subset", "msgfmt", "pdftotext"):
        assert any(line.split()[:2] == ["ok", f"{what}:"] for line in lines), what
    assert any('font "Noto Serif CJK SC"' in line and line.split()[0] == "ok" for line in lines)
    assert lines[-1] == "publish doctor: everything the build and the tests need is here"


def test_make_doctor_runs_it():
    result = subprocess.run(["make", "-s", "doctor"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    assert "hb-subset" in result.stdout


def test_it_runs_on_the_standard_library_alone():
    """Without site-packages (no WeasyPrint, no babel) it still reports, and asks for setup."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-S", "-m", "publish", "doctor"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert "missing   WeasyPrint: not installed" in result.stdout
    assert "install: make setup" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_missing_test_tool_is_reported_without_failing():
    which = {"msgfmt": None, "pdftotext": None}
    findings = doctor.examine(
        ROOT / "templates", which=lambda tool: which.get(tool, f"/usr/bin/{tool}")
    )
    text, status = doctor.report(findings)
    assert status == 0
    assert "for tests msgfmt: not found\n            install: sudo apt-get install gettext" in text
    assert "run: sudo apt-get install gettext poppler-utils" in text


def test_missing_fontconfig_fails():
    findings = doctor.check_tools(lambda tool: None if tool == "fc-list" else f"/bin/{tool}")
    text, status = doctor.report(findings)
    assert status == 1
    assert "missing   fc-list" in text and "sudo apt-get install fontconfig" in text


def test_a_font_the_stylesheet_names_but_the_machine_lacks(tmp_path):
    (tmp_path / "briefing.css").write_text(
        'html { font-family: "Noto Serif", "Imaginary Grotesk CJK SC", serif; }\n'
    )
    findings = doctor.check_fonts(tmp_path)
    assert [(f.what, f.ok) for f in findings] == [
        ('font "Noto Serif"', True),
        ('font "Imaginary Grotesk CJK SC"', False),
        ("Simplified Chinese face", False),
    ]
    text, status = doctor.report(findings)
    assert status == 1 and "sudo apt-get install fonts-noto-cjk" in text


def test_a_stylesheet_without_a_simplified_chinese_face(tmp_path):
    (tmp_path / "briefing.css").write_text('html { font-family: "Noto Serif", serif; }\n')
    findings = doctor.check_fonts(tmp_path)
    assert [f.what for f in findings if not f.ok] == ["Simplified Chinese face"]


def test_hb_subset_is_found_as_weasyprint_finds_it(monkeypatch):
    from weasyprint.text import ffi

    assert {f.what: f.ok for f in doctor.check_weasyprint()}["hb-subset"] is True
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    findings = {f.what: f for f in doctor.check_weasyprint()}
    assert findings["hb-subset"].ok is False
    assert findings["hb-subset"].fix == "sudo apt-get install libharfbuzz-subset0"
    assert doctor.report(list(findings.values()))[1] == 1


def test_a_weasyprint_that_builds_its_structure_tree_otherwise_is_reported(monkeypatch):
    from weasyprint.pdf import tags

    assert {f.what: f.ok for f in doctor.check_weasyprint()}["PDF tags"] is True
    monkeypatch.delattr(tags, "_build_box_tree")
    findings = {f.what: f for f in doctor.check_weasyprint()}
    assert findings["PDF tags"].ok is False
    assert doctor.report(list(findings.values()))[1] == 1


@pytest.mark.parametrize(("version", "ok"), [((3, 11, 0), True), ((3, 10, 12), False)])
def test_python_version(version, ok):
    assert doctor.check_python(version).ok is ok
