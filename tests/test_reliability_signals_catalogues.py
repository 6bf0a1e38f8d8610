"""Ctrl-C, SIGTERM and SIGKILL at any point of a `make` that rewrites catalogues lose nothing:
each catalogue holds every msgstr it held before (how the runs are cut: tests/signalling.py)."""

from __future__ import annotations

import pytest

from tests.signalling import (
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


# Starting with either kind shifts which step is cut in its middle and which after its write.
@pytest.mark.parametrize("first_point", ["running", "written"])
@pytest.mark.parametrize(("signum", "to_group"), SIGNALS)
def test_signals_while_the_catalogues_are_rewritten_lose_nothing(
    project, signum, to_group, first_point
):
    global kills
    project.reword()
    points = ["running", "written"] if first_point == "running" else ["written", "running"]
    runs = 0
    while not project.up_to_date("update-po"):
        before = project.msgstrs()
        log = interrupted_make(project, points[runs % 2], signum, to_group)
        runs += 1
        kills += 1
        check_run(project, before, log, signum)
    result = project.make("update-po")
    assert result.returncode == 0, result.stderr
    assert_clean(project)


def test_enough_points_were_interrupted():
    # With the PDF stage's 6 or more (tests/test_reliability_signals_pdfs.py), 40 or more.
    assert kills >= 34, kills
