"""What the tests of Ctrl-C, SIGTERM and SIGKILL during a `make` share
(tests/test_reliability_signals_catalogues.py and tests/test_reliability_signals_pdfs.py, two
files so that the two stages' runs can go to two test workers).

A small project (a six-sentence article, an `en` and a `zh_CN` catalogue with every entry
written) is rebuilt after each rewording of its source, which rewrites the template, both
catalogues and the three PDFs. Each `make` is stopped at an event of its own run, never after
a delay, so the points do not move with the machine's load:

- *running*: a `publish` step has started and runs its own code (extract, update, build);
  for the PDFs, a worker's temporary PDF has appeared, i.e. typesetting is under way;
- *written*: just after the run's first `wrote` (a catalogue renamed into place) or `pdf`
  line, where make used to delete the catalogue it had just seen written.

The two kinds alternate until the stage is done, each run resuming what the one before left,
so every step is cut both in its middle and just after its write. The signal goes to make
alone (make forwards or waits) or to its whole process group (as Ctrl-C and a hang-up do).
At the moment of the signal the group is frozen (SIGSTOP) where every Python process runs
publish's code: CPython's own start-up, before the first line of publish, is the one moment
no program can handle a signal in.

After each run, every catalogue holds every msgstr it held before and each PDF is complete or
absent; after the last, one complete run (`make update-po`, cheap, for the catalogue stage;
`make` and `pdfinfo` for the PDF stage) leaves no temporary file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import polib
import pytest

from tests.conftest import (
    SMALL_CATALOGUES,
    SMALL_DOC,
    SMALL_PDFS,
    copy_make_setup,
    write_small_project,
)

DOC, CATALOGUES, PDFS = SMALL_DOC, SMALL_CATALOGUES, SMALL_PDFS

WORDINGS = ("officials said on Thursday", "officials said on Friday")
# Only a guard against a hung build: every wait below ends on an event.
GUARD = 600


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        copy_make_setup(root)
        write_small_project(root)
        self.generation = 0

    def reword(self) -> None:
        """Change one sentence of the source, so that the next make rewrites everything."""
        seed = self.root / "seeds" / f"{DOC}.txt"
        old, new = WORDINGS if self.generation % 2 == 0 else WORDINGS[::-1]
        text = seed.read_text()
        assert old in text
        seed.write_text(text.replace(old, new))
        self.generation += 1

    def msgstrs(self) -> dict[str, set[str]]:
        found = {}
        for path in CATALOGUES:
            po = polib.pofile(str(self.root / path))
            found[path] = {e.msgstr for e in po if e.msgstr} | {
                e.msgstr for e in po.obsolete_entries() if e.msgstr
            }
        return found

    def make(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["make", "--no-print-directory", *args], cwd=self.root, capture_output=True, text=True
        )

    def up_to_date(self, goal: str) -> bool:
        return self.make("-q", goal).returncode == 0

    def temp_files(self) -> list[Path]:
        return [p for p in self.root.rglob(".*.tmp") if ".venv" not in p.parts]


def group_members(pgid: int) -> dict[int, str]:
    """The live processes of a process group, with their state letter."""
    members = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[2]) == pgid and fields[0] not in "ZX":
            members[int(entry.name)] = fields[0]
    return members


def is_python(pid: int) -> bool:
    try:
        return "python" in os.readlink(f"/proc/{pid}/exe")
    except (FileNotFoundError, ProcessLookupError):
        return False


def handles_sigterm(pid: int) -> bool:
    """Whether the process has its own SIGTERM handler: publish sets it first thing."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) >> (signal.SIGTERM - 1) & 1)


def in_interpreter_start_up(pid: int) -> bool:
    return is_python(pid) and not handles_sigterm(pid)


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + GUARD
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.001)


def freeze(pgid: int) -> None:
    """Stop the whole group at a moment when each of its Python processes runs publish's code."""
    while True:
        os.killpg(pgid, signal.SIGSTOP)
        # A process in the kernel (D) stops on its way out, except a shell whose vfork child
        # stopped before its exec: it stays in D until the child goes on, and is no Python.
        wait_for(lambda: all(s in "TtD" for s in group_members(pgid).values()), "group stopped")
        starting = [pid for pid in group_members(pgid) if in_interpreter_start_up(pid)]
        if not starting:
            return
        os.killpg(pgid, signal.SIGCONT)
        wait_for(
            lambda starting=starting: not any(map(in_interpreter_start_up, starting)),
            "publish's handlers installed",
        )


def runs_publish(pid: int) -> bool:
    return is_python(pid) and handles_sigterm(pid)


def interrupted_make(project: Project, point: str, signum: int, to_group: bool) -> str:
    """Run make, send ``signum`` at ``point`` of its run, and return its error output."""
    make = subprocess.Popen(
        ["make", "--no-print-directory"],
        cwd=project.root,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines = []
    try:
        if point == "written":
            for line in make.stderr:
                lines.append(line)
                if line.split()[:1] in (["wrote"], ["pdf"]):
                    break
            else:
                pytest.fail(f"make ended before writing anything: {lines}")
        elif point == "typesetting":
            wait_for(lambda: list(project.root.glob("build/.*.tmp")), "a temporary PDF")
        else:
            wait_for(
                lambda: any(map(runs_publish, group_members(make.pid))),
                "a publish step running",
            )
        freeze(make.pid)
        if to_group:
            os.killpg(make.pid, signum)
        else:
            os.kill(make.pid, signum)
        if signum != signal.SIGKILL or not to_group:
            os.killpg(make.pid, signal.SIGCONT)
        lines.extend(make.stderr)
        make.wait()
        # make 4.3 told to stop while it reaps a recipe line sometimes ends with its own
        # "wait: No child processes.  Stop." (status 2) instead of by the signal: a race in make
        # itself; what it and publish leave behind is checked the same way either way.
        raced = make.returncode == 2 and "wait: No child processes" in "".join(lines)
        assert make.returncode == -signum or raced, "".join(lines)
        # Workers and steps orphaned by a killed make finish or stop by themselves.
        wait_for(lambda: not group_members(make.pid), "the group's processes gone")
    except BaseException:
        # A failed run must not leave a frozen group behind on the machine.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signal.SIGKILL)
            os.killpg(make.pid, signal.SIGCONT)
        raise
    return "".join(lines)


def check_run(project: Project, before: dict[str, set[str]], log: str, signum: int) -> None:
    after = project.msgstrs()
    for path, texts in before.items():
        assert texts <= after[path], f"{path} lost {sorted(texts - after[path])}"
    for name in PDFS:
        pdf = project.root / name
        if pdf.exists():
            data = pdf.read_bytes()
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), name
    for trace in ("Traceback", "Exception ignored", "KeyboardInterrupt"):
        assert trace not in log, log
    if signum == signal.SIGINT:
        assert log.count("publish: interrupted") <= 1, log


def assert_clean(project: Project) -> None:
    assert project.temp_files() == []


def made_project(tmp_path_factory) -> Project:
    """The small project, made once: every catalogue and PDF up to date."""
    project = Project(tmp_path_factory.mktemp("signals"))
    result = project.make()
    assert result.returncode == 0, result.stderr
    return project


SIGNALS = [
    (signal.SIGINT, True),  # Ctrl-C
    (signal.SIGTERM, True),
    (signal.SIGKILL, True),  # kill -9 of the whole build
    (signal.SIGINT, False),
    (signal.SIGTERM, False),
    (signal.SIGKILL, False),
]
