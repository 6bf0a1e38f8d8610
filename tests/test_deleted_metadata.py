"""Deleting seeds/<doc>.toml makes what read it out of date, for make and for publish watch alike:
the template is extracted again and the PDFs typeset again without the deleted metadata; then
neither has anything left to do."""

from __future__ import annotations

import os
import time
from pathlib import Path

import polib
import pytest

from tests import pdfread
from tests.conftest import DOC, PDFS, MakeProject, copy_of_clean_make

METADATA = f"seeds/{DOC}.toml"
POT = f"locales/{DOC}.pot"
ZH = f"locales/zh_CN/LC_MESSAGES/{DOC}.po"
# Written by the editors in the metadata only: the background paragraph's first words.
BACKGROUND = "Qianhai is a zone in Shenzhen set aside for cooperation with Hong Kong"


def background(root: Path) -> dict[str, str]:
    """The opening of the background paragraph each PDF prints: English in the English and the
    bilingual briefings, its translation in the Chinese one."""
    po = polib.pofile(str(root / ZH))
    (entry,) = [e for e in po if not e.obsolete and e.msgid.startswith(BACKGROUND)]
    assert entry.msgstr
    chinese = entry.msgstr[:20]
    return {
        name: chinese if name.endswith("-zh_CN.pdf") and "-en-" not in name else BACKGROUND
        for name in PDFS
    }


def shows_background(root: Path, expected: dict[str, str]) -> dict[str, bool]:
    return {
        name: pdfread.normalise(expected[name]) in pdfread.normalise(pdfread.pdftotext(root / name))
        for name in PDFS
    }


def times(root: Path) -> dict[str, int]:
    paths = [*root.glob("build/*.pdf"), *root.glob("locales/**/*.po*")]
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in paths}


def assert_make_does_nothing(project: MakeProject) -> None:
    before = times(project.root)
    result, _ = project.make()
    assert result.returncode == 0, result.stderr
    assert project.log.read_text() == "", project.log.read_text()
    assert times(project.root) == before


@pytest.fixture
def made(tmp_path_factory, tmp_path) -> tuple[MakeProject, dict[str, str]]:
    """The seed, made, with its metadata (a copy of the run's one clean make); what each PDF
    prints of the metadata's background."""
    project = copy_of_clean_make(tmp_path_factory, tmp_path / "project")
    assert BACKGROUND in (project.root / POT).read_text(encoding="utf-8")
    printed = background(project.root)
    assert shows_background(project.root, printed) == dict.fromkeys(PDFS, True)
    assert_make_does_nothing(project)
    return project, printed


def test_make_extracts_again_when_the_metadata_is_deleted_and_when_it_comes_back(made):
    """One copy for both ways: deleting is the first step of bringing the metadata back."""
    made, printed = made
    metadata = made.root / METADATA
    kept = metadata.read_bytes()
    metadata.unlink()
    result, calls = made.make()
    assert result.returncode == 0, result.stderr
    assert f"extract {DOC}" in made.log.read_text()
    assert BACKGROUND not in (made.root / POT).read_text(encoding="utf-8")
    assert sorted(p for call in calls for p in call if p.endswith(".pdf")) == sorted(PDFS)
    assert shows_background(made.root, printed) == dict.fromkeys(PDFS, False)
    assert_make_does_nothing(made)

    # Back with an old time (restored from a backup, say), older than everything make wrote.
    metadata.write_bytes(kept)
    old = (made.root / f"seeds/{DOC}.txt").stat().st_mtime_ns
    os.utime(metadata, ns=(old, old))
    result, _ = made.make()
    assert result.returncode == 0, result.stderr
    assert BACKGROUND in (made.root / POT).read_text(encoding="utf-8")
    assert shows_background(made.root, printed) == dict.fromkeys(PDFS, True)
    assert_make_does_nothing(made)


def test_publish_watch_rebuilds_as_make_would_when_the_metadata_is_deleted(made, monkeypatch):
    made, printed = made
    from publish.project import Project
    from publish.watch import Watch

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (made.root / METADATA).unlink()
    watch = Watch(Project(made.root), [], 1)
    rebuilt = watch.rebuild(time.perf_counter())
    assert sorted(rebuilt) == sorted(PDFS)
    assert BACKGROUND not in (made.root / POT).read_text(encoding="utf-8")
    assert shows_background(made.root, printed) == dict.fromkeys(PDFS, False)
    assert watch.rebuild(time.perf_counter()) == []
    assert_make_does_nothing(made)
