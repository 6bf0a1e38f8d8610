"""Interrupted runs: a process killed at any moment leaves each target old or complete, never cut.

Leftover temporary files are hidden (``.<name>.<pid>.<random>.tmp``) beside their target and are
removed by the next write of that target once the process that made them is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publish import cli, fsio
from tests.conftest import DOC, copy_project

TEMP = re.compile(r"\.(.+)\.([0-9]+)\.[a-z0-9_]+\.tmp")
PDF_TARGETS = [f"build/{DOC}-en.pdf"]
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1656547200"}


def start(root: Path, command: list[str]) -> subprocess.Popen:
    # PDF targets are named as make names them, relative to the project folder.
    return subprocess.Popen(
        [sys.executable, "-m", "publish", "-C", str(root), *command],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )


def targets_of(root: Path, command: str) -> list[Path]:
    if command == "extract":
        return [root / "locales" / f"{DOC}.pot"]
    if command == "update":
        return sorted((root / "locales").glob(f"*/LC_MESSAGES/{DOC}.po"))
    return [root / t for t in PDF_TARGETS]


def hidden_temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*.tmp") if p.is_file()]


@pytest.fixture
def changed_project(tmp_path, built, monkeypatch) -> Path:
    """A project whose metadata changed since its POT, catalogues and PDFs were made."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", ENV["SOURCE_DATE_EPOCH"])
    root = copy_project(tmp_path / "project")
    out, _ = built
    shutil.copytree(out, root / "build")
    toml = root / "seeds" / f"{DOC}.toml"
    toml.write_text(
        toml.read_text().replace(
            'short_title = "Greater Bay Area science and technology forum"',
            'short_title = "Greater Bay Area science and technology forum, 2022"',
        )
    )
    return root


COMMANDS = {
    "extract": (["extract"], []),
    "update": (["update"], [["extract"]]),
    "build": (["build", *PDF_TARGETS], [["extract"], ["update"]]),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_killed_run_leaves_old_or_complete_files(changed_project, tmp_path, name):
    command, before = COMMANDS[name]
    root = changed_project
    for step in before:
        assert cli.main(["-C", str(root), *step]) == 0
    old = {p: p.read_bytes() for p in targets_of(root, name)}
    reference = tmp_path / "reference"
    shutil.copytree(root, reference)
    started = time.monotonic()
    assert start(reference, command).wait() == 0
    duration = time.monotonic() - started
    new = {root / p.relative_to(reference): p.read_bytes() for p in targets_of(reference, name)}
    assert new.keys() == old.keys() and new != old, "the run must rewrite its targets"

    # Kill at spread moments over a full run, and once the first temporary file appears.
    fractions = (0.25, 0.5, 0.75) if name == "build" else (0.1, 0.25, 0.4, 0.55, 0.7, 0.85)
    delays = [duration * f for f in fractions]
    kills = 0
    left_behind = False
    for delay in [None, *delays]:
        process = start(root, command)
        deadline = time.monotonic() + (delay if delay is not None else duration * 2)
        while time.monotonic() < deadline and process.poll() is None:
            if delay is None and hidden_temp_files(root):
                break
            time.sleep(0.002)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        for target in old:
            data = target.read_bytes()
            assert data in (old[target], new[target]), f"{target.name} is neither old nor new"
        for temp in hidden_temp_files(root):
            left_behind = True
            matched = TEMP.fullmatch(temp.name)
            assert matched and (temp.parent / matched.group(1)) in old, temp
    assert kills >= 3, "too few runs were killed to prove anything"
    # A PDF takes long enough to write that the kill on its first temporary file leaves it.
    assert left_behind or name != "build"

    # The next complete run writes the new files and removes what the killed runs left.
    assert start(root, command).wait() == 0
    assert {t: t.read_bytes() for t in old} == new
    assert hidden_temp_files(root) == []


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
