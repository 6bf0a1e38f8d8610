"""How `make` and `publish build` schedule PDFs: only the stale ones, all in one process tree.

The make tests run in order on one copy of the project, each starting from the
state the previous one left, as an editor's successive `make` runs would.
"""

from __future__ import annotations

import os
import subprocess
import time
from functools import partial
from pathlib import Path

import polib
import pytest

from publish import workers
from publish.errors import PublishError
from tests.conftest import DOC, PDFS, PUBLISH_COMMAND, MakeProject, copy_project, run_publish

ZH_PO = f"locales/zh_CN/LC_MESSAGES/{DOC}.po"


@pytest.fixture(scope="module")
def project(clean_make) -> MakeProject:
    return clean_make.project


@pytest.fixture(scope="module")
def first_build(clean_make) -> dict[str, bytes]:
    return {name: clean_make.outputs[name] for name in PDFS}


def test_a_clean_make_typesets_every_pdf_in_a_single_publish_build(clean_make, first_build):
    calls = clean_make.calls
    assert len(calls) == 1, calls
    assert sorted(calls[0]) == sorted(PDFS)
    for data in first_build.values():
        assert data.startswith(b"%PDF-")


def test_a_second_make_starts_no_publish_and_writes_nothing(project, first_build):
    before = project.pdf_times()
    result, calls = project.make()
    assert result.returncode == 0
    assert project.log.read_text() == ""
    assert calls == []
    assert project.pdf_times() == before


def test_a_chinese_catalogue_rebuilds_only_the_pdfs_that_use_it(project, first_build):
    before = project.pdf_times()
    project.touch_after_pdfs(ZH_PO)
    result, calls = project.make("JOBS=1")
    assert result.returncode == 0, result.stderr
    rebuilt = [f"build/{DOC}-zh_CN.pdf", f"build/{DOC}-en-zh_CN.pdf"]
    assert len(calls) == 1 and sorted(p for p in calls[0] if p.endswith(".pdf")) == sorted(rebuilt)
    after = project.pdf_times()
    assert after[PDFS[0]] == before[PDFS[0]]
    assert all(after[name] > before[name] for name in rebuilt)
    # Typeset in this one process rather than in workers: the same bytes.
    assert project.pdf_bytes() == first_build


def test_a_template_rebuilds_everything_in_one_publish_build_under_make_j4(project, first_build):
    # That make -j4 gives the same bytes as -j1 is test_reproducible's.
    before = project.pdf_times()
    project.touch_after_pdfs("templates/briefing.css")
    result, calls = project.make("-j4")
    assert result.returncode == 0, result.stderr
    assert len(calls) == 1 and sorted(calls[0]) == sorted(PDFS)
    assert all(project.pdf_times()[name] > before[name] for name in PDFS)


def test_a_pdf_named_on_the_command_line_is_built_alone(project, first_build):
    target = f"build/{DOC}-en.pdf"
    project.touch_after_pdfs(f"locales/en/LC_MESSAGES/{DOC}.po")
    result, calls = project.make(target)
    assert result.returncode == 0, result.stderr
    assert calls == [[target]]
    assert project.pdf_bytes()[target] == first_build[target]


def test_a_deleted_template_is_extracted_again(project):
    # Its stamp under build/.stamps still stands: the file itself must be what counts.
    pot = project.root / "locales" / f"{DOC}.pot"
    before = [(e.msgctxt, e.msgid, e.comment) for e in polib.pofile(str(pot))]
    pot.unlink()
    result, _ = project.make()
    assert result.returncode == 0, result.stderr
    # The same entries; only its creation date is new.
    assert [(e.msgctxt, e.msgid, e.comment) for e in polib.pofile(str(pot))] == before


def test_a_broken_catalogue_fails_the_parallel_build_in_one_line_leaving_no_partial_file(
    tmp_path, first_build
):
    root = copy_project(tmp_path)
    (root / "build").mkdir()
    for name, data in first_build.items():
        (root / name).write_bytes(data)
    po = root / ZH_PO
    po.write_bytes(po.read_bytes() + b"\n# a stray Latin-1 byte: \xe9\n")
    result = run_publish("-C", str(root), "build", "--jobs", "2", *PDFS)
    assert result.returncode == 2
    assert result.stderr.startswith("publish: ") and f"{ZH_PO}:" in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in (root / "build").iterdir() if p.suffix != ".pdf"] == []
    for name in PDFS[1:]:
        assert (root / name).read_bytes() == first_build[name]


# --- the scheduler ------------------------------------------------------------------


def record_pid(folder: Path, name: str) -> None:
    (folder / name).write_text(str(os.getpid()))


def fail(name: str) -> None:
    raise PublishError(f"cannot typeset {name}", Path(name), 7)


def test_a_single_job_runs_in_this_process(tmp_path):
    jobs = [workers.Job("one", partial(record_pid, tmp_path, "one"))]
    workers.run_jobs(jobs, processes=4)
    assert (tmp_path / "one").read_text() == str(os.getpid())


def test_many_jobs_run_in_at_most_the_requested_worker_processes(tmp_path):
    names = [f"job{i}" for i in range(6)]
    done: list[str] = []
    jobs = [workers.Job(n, partial(record_pid, tmp_path, n), cost=i) for i, n in enumerate(names)]
    workers.run_jobs(jobs, processes=2, done=lambda job: done.append(job.label))
    pids = {(tmp_path / n).read_text() for n in names}
    assert str(os.getpid()) not in pids
    assert 1 <= len(pids) <= 2
    assert sorted(done) == sorted(names)


def test_worker_count_never_exceeds_the_jobs_or_the_cores():
    assert workers.worker_count(0) == 0
    assert workers.worker_count(1) == 1
    assert workers.worker_count(3, requested=1) == 1
    assert workers.worker_count(3, requested=8) == 3
    assert workers.worker_count(1000) == workers.available_cores()


def test_an_error_in_a_worker_keeps_its_path_and_line():
    jobs = [workers.Job("a.pdf", partial(fail, "a.pdf")), workers.Job("b.pdf", print)]
    with pytest.raises(PublishError) as caught:
        workers.run_jobs(jobs, processes=2)
    assert str(caught.value) == "a.pdf:7: cannot typeset a.pdf"


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_workers_of_a_killed_build_stop_and_leave_no_temporary_file(tmp_path):
    root = copy_project(tmp_path)
    build = subprocess.Popen(
        [*PUBLISH_COMMAND, "-C", str(root), "build", "--jobs", "2"],
        stderr=subprocess.DEVNULL,
    )
    children: list[int] = []
    deadline = time.monotonic() + 120  # a guard only: the loops end on events
    while len(children) < 2 and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.05)
        tasks = Path(f"/proc/{build.pid}/task/{build.pid}/children")
        children = [int(pid) for pid in tasks.read_text().split()] if tasks.exists() else []
    assert len(children) == 2, "the build never started its two workers"
    # Into the middle of typesetting: a worker has opened its temporary PDF.
    while not list((root / "build").glob(".*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.002)
    assert list((root / "build").glob(".*.tmp")), "no PDF was being written"
    build.kill()
    build.wait()
    deadline = time.monotonic() + 120
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in children if alive(pid)]
    # The cut faces' cache stays, with whole faces only.
    left = [p.name for p in (root / "build").glob("*") if p.suffix != ".pdf" and p.name != ".fonts"]
    assert left == []
    assert [p.name for p in (root / "build" / ".fonts").glob("*") if p.suffix != ".otf"] == []
    for pdf in (root / "build").glob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
