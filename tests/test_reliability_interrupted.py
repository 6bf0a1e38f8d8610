"""Interrupted writes: each target is left old or complete, never cut.

Leftover temporary files are hidden (``.<name>.<pid>.<random>.tmp``) beside their target and are
removed by the next write of that target once no process holds their lock. Signals sent to
whole builds are in test_reliability_signals_catalogues.py and _pdfs.py.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publish import fsio
from tests.conftest import PUBLISH_COMMAND, copy_project
from tests.signalling import handles_sigterm


def test_a_failed_write_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.po"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), fsio.atomic_output(target) as handle:
        handle.write(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


@contextlib.contextmanager
def writer_holding(path: Path):
    """Another live process that holds ``path`` open and locked, as a writer does."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys\n"
            "handle = open(sys.argv[1], 'ab')\n"
            "fcntl.flock(handle, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "locked\n"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait()


def test_leftovers_are_removed_and_files_of_live_writers_kept_whatever_their_pid(tmp_path):
    target = tmp_path / "briefing.pdf"
    finished = subprocess.Popen(["true"])
    finished.wait()
    # Named after a live process (this one: as if its pid had been reused), but nobody writes it.
    abandoned = tmp_path / f".briefing.pdf.{os.getpid()}.abc123.tmp"
    # Named after a dead process, yet a live writer (on a shared machine, say) holds it.
    written = tmp_path / f".briefing.pdf.{finished.pid}.def456.tmp"
    other = tmp_path / f".other.pdf.{finished.pid}.abc123.tmp"
    for path in (abandoned, written, other):
        path.write_bytes(b"partial")
    with writer_holding(written):
        fsio.write_bytes_atomic(target, b"%PDF-complete")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [target.name, written.name, other.name]
        )
    assert target.read_bytes() == b"%PDF-complete"
    # Once its writer has gone, the same file is a leftover.
    fsio.write_bytes_atomic(target, b"%PDF-again")
    assert not written.exists()


def test_a_writer_holds_the_lock_on_its_temporary_file_until_the_rename(tmp_path):
    target = tmp_path / "zh_CN.po"
    with fsio.atomic_output(target) as handle:
        handle.write(b"half")
        [temp] = fsio.temp_files(target)
        assert fsio.remove_if_abandoned(temp) is False
        assert temp.exists()
    assert target.read_bytes() == b"half"
    assert fsio.temp_files(target) == []


def test_an_unchanged_catalogue_also_clears_its_leftovers(tmp_path):
    target = tmp_path / "zh_CN.po"
    target.write_bytes(b"same")
    leftover = tmp_path / f".zh_CN.po.{os.getpid()}.xyz789.tmp"
    leftover.write_bytes(b"sa")
    assert fsio.write_if_changed(target, b"same") is False
    assert not leftover.exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_the_imports_ends_publish_in_one_line(tmp_path, signum):
    root = copy_project(tmp_path)
    build = subprocess.Popen(
        [*PUBLISH_COMMAND, "-C", str(root), "build"],
        stderr=subprocess.PIPE,
        text=True,
    )
    # publish sets its handlers first; the pipeline and WeasyPrint are imported after.
    while not handles_sigterm(build.pid):
        assert build.poll() is None, build.stderr.read()
        time.sleep(0.001)
    build.send_signal(signum)
    _, stderr = build.communicate()
    # Ended by the signal itself: a shell reports 128 + N (130 for Ctrl-C).
    assert build.returncode == -signum
    assert stderr == "publish: interrupted\n"
    assert not (root / "build").exists() or list((root / "build").iterdir()) == []
