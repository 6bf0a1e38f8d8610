from __future__ import annotations

import contextlib
import fcntl
import io
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from hypothesis import settings

# The same examples on every run, so that CI's answer depends on the change alone; to search
# for new ones, run with HYPOTHESIS_PROFILE=explore.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
# The command line in a process of its own, as a user or make starts it.
PUBLISH_COMMAND = [sys.executable, "-m", "publish"]
DOC = "qianhai-forum"
# The locales the seed's tests are written for; another locale's catalogue of the seed (zh_HK) is
# left out of their copies, and tested on its own (tests/test_traditional.py).
SEED_LOCALES = ("en", "zh_CN")
PDFS = [f"build/{DOC}-en.pdf", f"build/{DOC}-zh_CN.pdf", f"build/{DOC}-en-zh_CN.pdf"]
# Synthetic articles of the same kind as the seed, and the metadata they share.
ARTICLES = Path(__file__).parent / "data" / "articles"
SYSTEM_CATALOGUES = Path("/usr/share/locale/zh_CN/LC_MESSAGES")
METADATA = """reporter = "Staff"
event_date = 2022-07-01

[translatable]
headline = "A headline"
short_title = "Short"
publication = "Daily"
"""


def decompile(sources: list[Path], folder: Path) -> list[Path]:
    """Each compiled catalogue of ``sources`` as msgunfmt writes it back, in ``folder``."""
    paths = []
    for source in sources:
        path = folder / f"{source.stem}.po"
        subprocess.run(["msgunfmt", str(source), "-o", str(path)], check=True)
        paths.append(path)
    return paths


def msgfmt_statistics(path: Path) -> dict[str, int]:
    """Parse `msgfmt --statistics`: '3 translated messages, 1 fuzzy translation, 2 untranslated
    messages.' (parts with a zero count are left out)."""
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts


@dataclass(frozen=True)
class Run:
    """A finished command: its exit status and what it printed (named as subprocess names them)."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def run_publish(*args: str, cwd: Path = ROOT, check: bool = False) -> Run:
    """``publish ARGS`` run from ``cwd`` in this process, through ``cli.main``, its output captured.

    What the command prints and the status it exits with are those of the installed command:
    ``main`` is its entry point, and given arguments it leaves this process's signal handlers
    alone. Only where a real process is the point (signals, make, what is imported at start-up,
    the interpreter's environment) does a test start one, with ``PUBLISH_COMMAND``.
    """
    from publish import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(args))
        except SystemExit as exit:  # argparse: --help, --version and usage errors
            status = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    result = Run(args, status, out.getvalue(), err.getvalue())
    if check and result.returncode != 0:
        raise AssertionError(f"publish {' '.join(args)} failed:\n{result.stderr}")
    return result


@contextlib.contextmanager
def cpu_time_limit(seconds: float) -> Iterator[None]:
    """Stop the code inside with TimeoutError after ``seconds`` of this process's CPU time.

    A safety net against work that went quadratic, never a measure of speed: set far above what
    the code needs, and counted in CPU time, which a busy machine does not inflate as it does
    the clock's.
    """

    def stop(signum, frame):
        raise TimeoutError(f"over {seconds} CPU seconds: far slower than linear")

    previous = signal.signal(signal.SIGVTALRM, stop)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def copy_make_setup(target: Path) -> Path:
    """What ``make`` needs besides the inputs: the Makefile, the code and the set-up, done.

    The code is copied (the Makefile's rules depend on it) and the virtual environment linked;
    the set-up stamp's sources are dated 2001, so make sees nothing to install.
    """
    for name in ("templates", "publish", "scripts"):
        shutil.copytree(ROOT / name, target / name, copy_function=shutil.copy2)
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    for name in ("pyproject.toml", "scripts/ensure-system-packages"):
        os.utime(target / name, (1e9, 1e9))
    return target


def copy_seed(target: Path) -> None:
    """The seed's inputs only (seeds/<DOC>.*, its template, its en and zh_CN catalogues, the
    glossary): the project the tests of the seed expect, whatever other articles seeds/ and other
    locales locales/ hold."""
    sources = [
        *ROOT.glob(f"seeds/{DOC}.*"),
        ROOT / "locales" / f"{DOC}.pot",
        *(ROOT / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po" for locale in SEED_LOCALES),
        ROOT / "locales" / "glossary.csv",
    ]
    for source in sources:
        destination = target / source.relative_to(ROOT)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)


def copy_project(target: Path) -> Path:
    """A copy of the seed's inputs and the templates, to change freely."""
    copy_seed(target)
    shutil.copytree(ROOT / "templates", target / "templates")
    return target


# A small article (six sentences) for tests of what make and publish do with any document, where
# the seed's ten-page briefings would only cost time: each of its PDFs typesets in a fraction of
# the seed's.
SMALL_DOC = "brief"
SMALL_CATALOGUES = [f"locales/{locale}/LC_MESSAGES/{SMALL_DOC}.po" for locale in SEED_LOCALES]
SMALL_PDFS = [f"build/{SMALL_DOC}-{edition}.pdf" for edition in ("en", "zh_CN", "en-zh_CN")]


def write_small_project(root: Path, *, corrected: bool = True) -> None:
    """The small article's inputs in ``root``: its source and metadata, the glossary, and an
    ``en`` and a ``zh_CN`` catalogue with every entry written by a person (the corrections and
    the translations to keep). ``corrected=False``: the editors kept each English entry as it
    was, so the translations, made from it, are current (none goes fuzzy at the next update)."""
    (root / "seeds").mkdir(parents=True)
    (root / "locales").mkdir()
    shutil.copy2(ROOT / "locales" / "glossary.csv", root / "locales")
    source = (ARTICLES / "wire-dateline.txt").read_text()
    (root / "seeds" / f"{SMALL_DOC}.txt").write_text(source)
    (root / "seeds" / f"{SMALL_DOC}.toml").write_text(METADATA)
    for step in (["extract"], ["init", "en"], ["init", "zh_CN"]):
        run_publish("-C", str(root), *step, check=True)
    for path, text in zip(SMALL_CATALOGUES, ("{} (checked)", "译文{}。"), strict=True):
        po = polib.pofile(str(root / path))
        for number, entry in enumerate(po):
            kept = path.startswith("locales/en/") and not corrected
            entry.msgstr = entry.msgid if kept else text.format(number)
        po.save()


class MakeProject:
    """A copy of the project whose `publish` calls are logged, then run for real."""

    def __init__(self, root: Path, *, set_up: bool = True) -> None:
        """``set_up=False``: ``root`` holds such a copy already (copied, times and all)."""
        self.root = root
        if set_up:
            copy_make_setup(root)
            copy_seed(root)
        self.log = root / "publish-calls.log"
        publish = Path(sys.executable).parent / "publish"
        wrapper = root / "publish-logged"
        wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{self.log}"\nexec "{publish}" "$@"\n')
        wrapper.chmod(0o755)

    def make(self, *args: str) -> tuple[subprocess.CompletedProcess, list[list[str]]]:
        """Run make; return its result and the `publish build` calls it made."""
        self.log.write_text("")
        # The PDFs' dates come from the article, as in a checkout where nobody set the variable.
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        result = subprocess.run(
            ["make", "--no-print-directory", f"PUBLISH={self.root / 'publish-logged'}", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=env,
        )
        calls = [line.split() for line in self.log.read_text().splitlines()]
        return result, [call[1:] for call in calls if call and call[0] == "build"]

    def pdf_bytes(self) -> dict[str, bytes]:
        return {name: (self.root / name).read_bytes() for name in PDFS}

    def pdf_times(self) -> dict[str, int]:
        return {name: (self.root / name).stat().st_mtime_ns for name in PDFS}

    def touch_after_pdfs(self, name: str) -> None:
        """Make ``name`` newer than every PDF, whatever the clock's resolution."""
        moment = max(self.pdf_times().values()) + 1_000_000
        os.utime(self.root / name, ns=(moment, moment))


@dataclass(frozen=True)
class CleanMake:
    """A clean ``make`` of a copy of the project: what it printed, called and wrote."""

    project: MakeProject
    log: str
    calls: list[list[str]]
    # build/*.pdf and every catalogue, as the run left them (the copy changes later).
    outputs: dict[str, bytes]


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder ``name`` filled by ``make`` once in the whole run, then only read.

    The test workers of one run share it: the first that needs it makes it while the others
    wait, so that an expensive build costs its time once rather than once per worker.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder, done = base / name, base / f"{name}.done"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def clean_make_once(tmp_path_factory) -> Path:
    """The folder of the run's one clean make of the seed project (``project/``, and
    ``make.json``: what it printed and the builds it called); only to be read or copied."""

    def make(folder: Path) -> None:
        project = MakeProject(folder / "project")
        result, calls = project.make("-j1")
        assert result.returncode == 0, result.stderr
        (folder / "make.json").write_text(json.dumps({"log": result.stderr, "calls": calls}))

    return made_once(tmp_path_factory, "clean-make", make)


def copy_of_clean_make(tmp_path_factory, root: Path) -> MakeProject:
    """The seed project as a clean make left it, in ``root`` to change freely: a copy of the
    run's one clean make with the files' times, so that make sees what it left (typesetting it
    again in every test that needs a made project would cost each of them a full build)."""
    made = clean_make_once(tmp_path_factory)
    shutil.copytree(
        made / "project", root, symlinks=True, dirs_exist_ok=True, copy_function=shutil.copy2
    )
    return MakeProject(root, set_up=False)


@pytest.fixture(scope="session")
def clean_make(tmp_path_factory) -> CleanMake:
    """The seed project made once from nothing built, every step run; tests that go on to
    change the copy (test_build_scheduling's, in order) read ``outputs`` for what it wrote.

    Each worker gets its own copy of the made project, with the files' times, so that make
    sees what it left; the make ran once in the run."""

    made = clean_make_once(tmp_path_factory)
    project = copy_of_clean_make(tmp_path_factory, tmp_path_factory.mktemp("make"))
    root = project.root
    ran = json.loads((made / "make.json").read_text())
    written = sorted(root.glob("build/*.pdf")) + sorted(root.glob("locales/**/*.po*"))
    outputs = {p.relative_to(root).as_posix(): p.read_bytes() for p in written}
    return CleanMake(project, ran["log"], ran["calls"], outputs)


@pytest.fixture(scope="session")
def system_catalogues(tmp_path_factory) -> list[Path]:
    """Every one of the system's Chinese catalogues, as msgunfmt writes it back (once in the
    run; the folder is only to be read)."""
    sources = sorted(SYSTEM_CATALOGUES.glob("*.mo"))
    made = made_once(tmp_path_factory, "system-zh_CN", lambda folder: decompile(sources, folder))
    return [made / f"{source.stem}.po" for source in sources]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, list[logging.LogRecord]]:
    """The seed's PDFs (only its: seeds/ may hold others, locales/ other locales) built once in
    the run, in process, with WeasyPrint's log captured; the folder is only to be read."""

    def make(folder: Path) -> None:
        from publish.pipeline import build
        from publish.project import Project
        from publish.render.pdf import weasyprint_log

        project = copy_project(folder / "project")
        with weasyprint_log(logging.DEBUG) as records:
            build(Project(project), [DOC], folder / "build")
        logged = [
            {"name": r.name, "levelno": r.levelno, "levelname": r.levelname, "msg": r.getMessage()}
            for r in records
        ]
        (folder / "weasyprint-log.json").write_text(json.dumps(logged))

    made = made_once(tmp_path_factory, "built", make)
    logged = json.loads((made / "weasyprint-log.json").read_text())
    records = [logging.makeLogRecord(fields) for fields in logged]
    return made / "build", records


# The files that keep a worker longest, longest first (as measured in `make test`). `make test`
# hands out whole files in collection order: started first, they run beside the many short
# files, and the workers finish together rather than one worker running a long file alone at
# the end. The two users of the shared clean make are far apart, so that neither waits for the
# other to finish it.
LONGEST_FIRST = [
    "test_reliability_signals_catalogues.py",
    "test_watch.py",
    "test_build_scheduling.py",
    "test_translator_tools.py",
    "test_review.py",
    "test_check.py",
    "test_reader_editions.py",
    "test_reliability_signals_pdfs.py",
    "test_many_documents.py",
    "test_reproducible.py",
    "test_traditional.py",
    "test_pdf.py",
    "test_fontcache.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than there are cores. The signal tests spend much of their
    time waiting for the processes they stop and kill, and the extra worker uses that time
    (measured on this busy 2-core machine: five of the longest files in 114 s rather than 125 s).
    """
    return len(os.sched_getaffinity(0)) + 1
