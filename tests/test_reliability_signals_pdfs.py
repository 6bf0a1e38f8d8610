"""Ctrl-C, SIGTERM and SIGKILL at any point of a `make` that typesets PDFs lose nothing and leave
no temporary file: each PDF is complete or absent (how the runs are cut: tests/signalling.py)."""

from __future__ import annotations

import subprocess

import pytest

from tests.signalling import (
    PDFS,
    SIGNALS,
    Project,
    assert_clean,
    check_run,
    interrupted_make,
    made_project,
)

kills = 0


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return made_project(tmp_path_factory)


@pytest.mark.parametrize(("signum", "to_group"), [SIGNALS[0], SIGNALS[2], SIGNALS[4]])
def test_signals_while_the_pdfs_are_typeset_lose_nothing_and_leave_no_temporary_file(
    project, signum, to_group
):
    global kills
    project.reword()
    before = project.msgstrs()
    assert project.make("update-po").returncode == 0
    for point in ("running", "typesetting", "written"):
        if project.up_to_date("all"):
            break
        log = interrupted_make(project, point, signum, to_group)
        kills += 1
        check_run(project, before, log, signum)
    result = project.make()
    assert result.returncode == 0, result.stderr
    assert project.msgstrs().keys() == before.keys()
    for name in PDFS:
        info = subprocess.run(["pdfinfo", project.root / name], capture_output=True, text=True)
        assert info.returncode == 0 and "Pages:" in info.stdout, (name, info.stderr)
    assert_clean(project)


def test_enough_points_were_interrupted():
    # With the catalogue stage's 34 or more (tests/test_reliability_signals_catalogues.py), 40.
    assert kills >= 6, kills
