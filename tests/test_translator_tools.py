"""Catalogues that translators' tools load and save: nothing changes by accident.

Each tool (polib, Babel, translate-toolkit, msgcat --width=77 as Weblate writes, plain
msgmerge as Weblate's add-on runs it) loads and saves both catalogues of a copy of the
project; after `publish update` every entry's state (msgfmt --statistics), every finding of
`publish check` and everything a PDF shows (the HTML the renderer typesets) is as before,
and no catalogue was rewritten just to rewrap it.  `make` then brings zh_CN up to date by
content, whichever catalogue was saved last, and its PDFs are those of the committed files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po, write_po

from publish import checks, pipeline
from publish.catalogue import BuildPolicy, split_pivot_comment
from publish.glossary import read_glossary
from publish.po import reader
from publish.project import PdfJob, Project
from tests.conftest import DOC, ROOT, MakeProject, copy_project, msgfmt_statistics

LOCALES = ("en", "zh_CN")
VARIANTS = {
    f"{DOC}-en.pdf": ["en"],
    f"{DOC}-zh_CN.pdf": ["zh_CN"],
    f"{DOC}-en-zh_CN.pdf": ["en", "zh_CN"],
}
# A translation error planted in the copy, so that the checks have a finding to keep.
WRONG_YEAR = ("回归祖国25周年", "回归祖国26周年")


def po_path(root: Path, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"


# --- the tools -------------------------------------------------------------------------------


def save_with_polib(path: Path) -> None:
    polib.pofile(str(path)).save()


def save_with_babel(path: Path) -> None:
    with path.open("rb") as stream:
        messages = read_po(stream)
    with path.open("wb") as stream:
        write_po(stream, messages)


def save_with_translate_toolkit(path: Path) -> None:
    from translate.storage import factory

    store = factory.getobject(str(path))
    store.savefile(str(path))


def rewrap_with_msgcat(path: Path) -> None:
    subprocess.run(["msgcat", "--width=77", "-o", str(path), str(path)], check=True)


def merge_with_plain_msgmerge(path: Path) -> None:
    pot = path.parents[2] / f"{DOC}.pot"
    subprocess.run(["msgmerge", "--quiet", "-o", str(path), str(path), str(pot)], check=True)


TOOLS = {
    "polib": save_with_polib,
    "babel": save_with_babel,
    "translate-toolkit": save_with_translate_toolkit,
    "msgcat-width-77": rewrap_with_msgcat,
    "plain-msgmerge": merge_with_plain_msgmerge,
}


# --- what a catalogue means to the build ------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    statistics: dict[str, dict[str, int]]
    findings: list[tuple]
    html: dict[str, str]


def findings_by_entry(root: Path) -> list[tuple]:
    """Every finding of `publish check`, by entry rather than by line (tools move lines)."""
    project = Project(root)
    glossary = read_glossary(root / "locales" / "glossary.csv")
    found = []
    for locale in LOCALES:
        path = po_path(root, locale)
        po = reader.load(path)
        text = path.read_text(encoding="utf-8")
        pivot = None if locale == "en" else pipeline.project_pivot(project, path)
        findings, _ = checks.check_catalogue(po, text, locale, locale, glossary, pivot=pivot)
        keys = {e.linenum: (e.msgctxt, e.msgid) for e in po}
        found += [(locale, keys.get(f.line), f.check, f.severity, f.message) for f in findings]
    return sorted(found, key=repr)


def observe(root: Path) -> Observation:
    project = Project(root)
    return Observation(
        statistics={locale: msgfmt_statistics(po_path(root, locale)) for locale in LOCALES},
        findings=findings_by_entry(root),
        html={
            name: pipeline.pdf_html(
                project, PdfJob(DOC, tuple(locales), root / "build" / name), BuildPolicy()
            )[0]
            for name, locales in VARIANTS.items()
        },
    )


def records(root: Path) -> dict[tuple, tuple]:
    """Each Chinese entry's translation, flags and recorded English, in whatever layout."""
    po = reader.load(po_path(root, "zh_CN"))
    return {
        (e.msgctxt, e.msgid): (e.msgstr, sorted(e.flags), split_pivot_comment(e.comment)[1])
        for e in po
    }


def files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Each catalogue's bytes and modification time."""
    paths = [root / "locales" / f"{DOC}.pot", *(po_path(root, locale) for locale in LOCALES)]
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}


def update(root: Path) -> None:
    pipeline.update(Project(root), [], None)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> tuple[Path, Observation]:
    root = copy_project(tmp_path_factory.mktemp("baseline"))
    zh = po_path(root, "zh_CN")
    text = zh.read_text(encoding="utf-8")
    assert WRONG_YEAR[0] in text
    zh.write_text(text.replace(*WRONG_YEAR, 1), encoding="utf-8")
    # A note for readers, which the reader editions print, long enough for tools to wrap.
    en = po_path(root, "en")
    text = en.read_text(encoding="utf-8")
    assert "# Subheading: dummy-subject" in text
    en.write_text(
        text.replace("# Subheading: dummy-subject", "# reader: dummy-subject"),
        encoding="utf-8",
    )
    return root, observe(root)


def committed_entries() -> int:
    """The entries of the seed's committed English catalogue (every one of them is translated)."""
    return len([e for e in polib.pofile(str(po_path(ROOT, "en"))) if not e.obsolete])


def test_the_baseline_has_findings_and_translations_to_lose(baseline):
    _, seen = baseline
    entries = committed_entries()
    assert entries > 10
    assert seen.statistics == {
        locale: {"translated": entries, "fuzzy": 0, "untranslated": 0} for locale in ("en", "zh_CN")
    }
    assert any(f[2] == "numbers" and "26" in f[4] for f in seen.findings), seen.findings
    assert "subject-first" in seen.html[f"{DOC}-en.pdf"]


@pytest.mark.parametrize("tool", TOOLS)
def test_a_tool_that_loads_and_saves_changes_nothing(tmp_path, baseline, tool):
    source, expected = baseline
    root = tmp_path / "project"
    shutil.copytree(source, root)
    for locale in LOCALES:
        TOOLS[tool](po_path(root, locale))
    saved = files(root)
    if tool == "plain-msgmerge":
        assert "#. en:" not in po_path(root, "zh_CN").read_text(encoding="utf-8")
    elif tool != "translate-toolkit":  # it writes these catalogues back byte for byte
        assert saved != files(source), "the tool changed nothing: the test proves nothing"

    update(root)

    if tool == "plain-msgmerge":
        # The stripped #. en: records are restored as they were, translations untouched.
        assert records(root) == records(source)
        assert "#. en:" in po_path(root, "zh_CN").read_text(encoding="utf-8")
    else:
        assert files(root) == saved, "update rewrote a catalogue whose content had not changed"
    assert observe(root) == expected
    update(root)
    assert observe(root) == expected


def test_a_polib_rewrapped_translator_comment_reads_as_written(tmp_path, baseline):
    source, _ = baseline
    root = tmp_path / "project"
    shutil.copytree(source, root)
    save_with_polib(po_path(root, "en"))
    assert "recast subject-\n# first" in po_path(root, "en").read_text(encoding="utf-8")
    html = observe(root).html[f"{DOC}-en.pdf"]
    assert "subject-first" in html and "subject- first" not in html


def test_a_change_after_a_save_at_another_width_keeps_that_width(tmp_path, baseline):
    source, _ = baseline
    root = tmp_path / "project"
    shutil.copytree(source, root)
    for locale in LOCALES:
        rewrap_with_msgcat(po_path(root, locale))
    en = reader.load(po_path(root, "en"))
    [entry] = [e for e in en if e.comment.startswith("type: short title")]
    rewritten = (
        po_path(root, "en")
        .read_text(encoding="utf-8")
        .replace(
            'msgstr "Greater Bay Area science and technology forum"',
            'msgstr "Greater Bay Area sci-tech forum"',
        )
    )
    po_path(root, "en").write_text(rewritten, encoding="utf-8")
    update(root)
    zh = po_path(root, "zh_CN")
    result = subprocess.run(
        ["msgcat", "--width=77", str(zh)], capture_output=True, text=True, check=True
    )
    assert result.stdout == zh.read_text(encoding="utf-8"), "not written at width 77"
    po = reader.load(zh)
    assert [e.msgid for e in po if "fuzzy" in e.flags] == [entry.msgid]


def test_nothing_is_rewritten_when_nothing_changed(tmp_path):
    root = copy_project(tmp_path)
    before = files(root)
    time.sleep(0.01)
    project = Project(root)
    pipeline.extract(project, [])
    update(root)
    assert files(root) == before


def test_previous_source_lines_are_those_of_msgmerge_previous(tmp_path):
    """After a source edit the English catalogue is byte for byte what msgmerge --previous
    writes, and no `#| msgid_plural` appears where there is no plural."""
    root = copy_project(tmp_path)
    old_en = tmp_path / "old-en.po"
    shutil.copy(po_path(root, "en"), old_en)
    seed = root / "seeds" / f"{DOC}.txt"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("aims to promote the reform", "aims to advance the reform"))
    pipeline.extract(Project(root), [])
    update(root)
    expected = subprocess.run(
        [
            "msgmerge",
            "--quiet",
            "--previous",
            "-o",
            "-",
            str(old_en),
            str(root / "locales" / f"{DOC}.pot"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert po_path(root, "en").read_text(encoding="utf-8") == expected
    zh = po_path(root, "zh_CN").read_text(encoding="utf-8")
    assert "#| msgid " in zh and "#| msgid_plural" not in zh
    from translate.storage import factory

    units = [u for u in factory.getobject(str(po_path(root, "zh_CN"))).units if u.isfuzzy()]
    assert units and not any(u.hasplural() for u in units)
    # A previous source with "#| msgid_plural" reads as a multistring of two forms.
    assert all(len(getattr(u.prev_source, "strings", [u.prev_source])) == 1 for u in units)
    assert any(u.prev_source.startswith("The forum aims to promote the reform") for u in units)


# --- make, whichever catalogue was saved last ------------------------------------------------


def later(path: Path, than: Path) -> None:
    """Give ``path`` a modification time after ``than``'s, whatever the clock's resolution."""
    moment = than.stat().st_mtime_ns + 10_000_000
    os.utime(path, ns=(moment, moment))


def test_make_brings_zh_up_to_date_whichever_catalogue_was_saved_last(tmp_path, built):
    project = MakeProject(tmp_path)
    root = project.root
    en, zh = po_path(root, "en"), po_path(root, "zh_CN")
    for first, second in ((en, zh), (zh, en)):
        save_with_polib(first)
        save_with_polib(second)
        later(second, first)
        saved = files(root)
        result, _ = project.make("update-po")
        assert result.returncode == 0, result.stderr
        assert files(root) == saved
        for locale in LOCALES:
            assert msgfmt_statistics(po_path(root, locale))["translated"] == committed_entries()

    result, _ = project.make()
    assert result.returncode == 0, result.stderr
    out, _ = built
    for name in VARIANTS:
        assert (root / "build" / name).read_bytes() == (out / name).read_bytes(), name
    # Now nothing is out of date: make has no recipe to run (-q) and starts no publish.
    assert project.make("-q")[0].returncode == 0
    result, _ = project.make()
    assert result.returncode == 0 and project.log.read_text() == ""

    # The editors change a correction; the translators save after them, before any make.
    for editors_first in (True, False):
        for path in (en, zh):
            shutil.copy(ROOT / path.relative_to(root), path)
        text = en.read_text(encoding="utf-8")
        changed = text.replace(
            'msgstr "Greater Bay Area science and technology forum"',
            'msgstr "Greater Bay Area sci-tech forum"',
        )
        assert changed != text
        if editors_first:
            en.write_text(changed, encoding="utf-8")
            save_with_polib(zh)
            later(zh, en)
        else:
            save_with_polib(zh)
            en.write_text(changed, encoding="utf-8")
            later(en, zh)
        result, _ = project.make("update-po")
        assert result.returncode == 0, result.stderr
        fuzzy = [e.msgid for e in reader.load(zh) if "fuzzy" in e.flags]
        assert fuzzy == ["Greater Bay Area science and technology forum"], editors_first
