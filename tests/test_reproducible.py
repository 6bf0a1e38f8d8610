"""Reproducible output: the same inputs give the same bytes, whatever the folder, jobs or clock.

Two clean ``make`` runs in different folders, one with ``-j1`` (the suite's shared clean make,
of a copy with the files' own times) and one with ``-j4`` (of a fresh checkout), run the whole
chain (extract, update, build) and must agree byte for byte. The PDFs carry dates, so they
come from ``SOURCE_DATE_EPOCH`` when it is set and from the article's date otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import DOC, ROOT, SEED_LOCALES, copy_project

VENV = Path(sys.prefix)
EVENT_DATE = dt.datetime(2022, 6, 30, tzinfo=dt.UTC)


def tracked_copy(target: Path) -> Path:
    """A clean checkout: the files git tracks, with fresh modification times, and no build/;
    of the catalogues, those of the locales the seed's tests expect (conftest's SEED_LOCALES)."""
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        parts = Path(name.decode()).parts
        if parts[0] == "locales" and len(parts) > 2 and parts[1] not in SEED_LOCALES:
            continue
        source = ROOT / name.decode()
        if source.is_file():
            (target / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name.decode())
    now = time.time()
    for path in target.rglob("*"):
        os.utime(path, (now, now))
    # Sources newer than their outputs: make must run every step, not only the PDFs.
    for path in (target / "seeds").iterdir():
        os.utime(path, (now + 5, now + 5))
    # The environment is set up already: a stamp newer than pyproject.toml stands for it.
    ready = target / ".ready"
    ready.touch()
    os.utime(ready, (now + 10, now + 10))
    return target


def outputs(root: Path) -> dict[str, bytes]:
    found = sorted(root.glob("build/*.pdf")) + sorted(root.glob("locales/**/*.po*"))
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in found}


def make(root: Path, jobs: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.Popen(
        ["make", f"-j{jobs}", f"VENV={VENV}", f"READY={root / '.ready'}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture(scope="module")
def two_builds(clean_make, tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes], str, str]:
    # The -j1 run is the shared clean make (conftest's clean_make), in a folder of its own.
    parallel = tracked_copy(tmp_path_factory.mktemp("a-folder-with-a-longer-name") / "nested")
    four = make(parallel, 4)
    four_log = four.communicate()[1]
    assert four.returncode == 0, four_log
    return clean_make.outputs, outputs(parallel), clean_make.log, four_log


def test_make_ran_every_step(two_builds):
    _, _, serial_log, parallel_log = two_builds
    for log in (serial_log, parallel_log):
        assert log.count("  pdf ") == 3, log


def test_two_clean_builds_in_different_folders_with_j1_and_j4_are_byte_identical(two_builds):
    serial, parallel, _, _ = two_builds
    assert sum(name.endswith(".pdf") for name in serial) == 3
    assert any(name.endswith(".pot") for name in serial)
    assert sum(name.endswith(".po") for name in serial) >= 2
    assert serial.keys() == parallel.keys()
    different = [name for name in serial if serial[name] != parallel[name]]
    assert different == []


def test_the_catalogues_of_a_clean_build_are_the_committed_ones(two_builds):
    serial, _, _, _ = two_builds
    for name, data in serial.items():
        if not name.endswith(".pdf"):
            assert data == (ROOT / name).read_bytes(), f"make rewrote {name}"


def pdf_dates(path: Path) -> set[str]:
    with pikepdf.open(path) as pdf:
        info = {str(pdf.docinfo[k]) for k in ("/CreationDate", "/ModDate")}
        meta = pdf.open_metadata()
        xmp = {meta["xmp:CreateDate"], meta["xmp:ModifyDate"]}
    return info | xmp


def expected_dates(moment: dt.datetime) -> set[str]:
    return {moment.strftime("D:%Y%m%d%H%M%SZ"), moment.strftime("%Y-%m-%dT%H:%M:%SZ")}


def test_pdf_dates_come_from_the_article_without_source_date_epoch(two_builds, tmp_path):
    serial, _, _, _ = two_builds
    for name, data in serial.items():
        if name.endswith(".pdf"):
            target = tmp_path / Path(name).name
            target.write_bytes(data)
            assert pdf_dates(target) == expected_dates(EVENT_DATE), name


@pytest.mark.parametrize("epoch", [1_700_000_000, 946_684_800])
def test_pdf_dates_come_from_source_date_epoch(tmp_path, monkeypatch, epoch):
    from publish.pipeline import build
    from publish.project import Project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    root = copy_project(tmp_path)
    target = root / "build" / f"{DOC}-en.pdf"
    build(Project(root), [str(target)], root / "build")
    moment = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    assert pdf_dates(target) == expected_dates(moment)
