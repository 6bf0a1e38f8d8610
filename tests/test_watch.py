"""`publish watch` as a translator uses it: one real process, saves as editors make them (a
temporary file renamed over the old one), and after each the files `make` would write from the
same inputs, byte for byte.

Two copies of a small project (a six-sentence article, an `en` and a `zh_CN` catalogue: what is
tested is the watch, not the typesetting of a long briefing): the watched one, and one where
`make` runs from the same files.
Waits are on the watch's own lines; the timeouts are only safety nets.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import threading
from pathlib import Path

import polib
import pytest

from tests.conftest import (
    PUBLISH_COMMAND,
    SMALL_DOC,
    SMALL_PDFS,
    MakeProject,
    copy_make_setup,
    write_small_project,
)

# Far above what a rebuild takes even on a busy machine: a hang fails, a slow machine does not.
SAFETY_NET = 240
EPOCH = "1656633600"
DOC, PDFS = SMALL_DOC, SMALL_PDFS
ZH = f"locales/zh_CN/LC_MESSAGES/{DOC}.po"
EN = f"locales/en/LC_MESSAGES/{DOC}.po"
ALL = set(PDFS)
WITH_ZH = {f"build/{DOC}-zh_CN.pdf", f"build/{DOC}-en-zh_CN.pdf"}


def environment() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


class Watching:
    """A running `publish watch`, its stdout and stderr read line by line."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [*PUBLISH_COMMAND, "watch"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment(),
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self) -> str:
        try:
            line = self.lines.get(timeout=SAFETY_NET)
        except queue.Empty:
            raise AssertionError(
                "no output from publish watch:\n" + "\n".join(self.output)
            ) from None
        if line is None:
            raise AssertionError("publish watch ended:\n" + "\n".join(self.output))
        self.output.append(line)
        return line

    def wait_for(self, pattern: str) -> re.Match[str]:
        while True:
            line = self.next_line()
            if match := re.fullmatch(pattern, line):
                return match
            assert not line.startswith(("publish:", "Traceback")), "\n".join(self.output)

    def wait_rebuilt(self, expected: set[str]) -> None:
        """Until every PDF of ``expected`` is reported rebuilt; another one would be a mistake."""
        rebuilt: set[str] = set()
        while rebuilt != expected:
            name = self.wait_for(r"rebuilt (\S+) in [0-9.]+ s").group(1)
            assert name in expected, "\n".join(self.output)
            rebuilt.add(name)


def save_as_editor(path: Path, data: bytes) -> None:
    """As editors save: a temporary file beside the target, renamed over it."""
    temporary = path.with_name(f".{path.name}.swp-save")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def save_po(path: Path, edit) -> polib.POFile:
    po = polib.pofile(str(path))
    edit(po)
    save_as_editor(path, str(po).encode("utf-8"))
    return po


def outputs(root: Path, pattern_sets=("build/*.pdf", "locales/*.pot", "locales/*/*/*.po")):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for pattern in pattern_sets
        for path in sorted(root.glob(pattern))
    }


def catalogues(root: Path) -> dict[str, bytes]:
    return outputs(root, ("locales/*.pot", "locales/*/*/*.po"))


def times(root: Path) -> dict[str, int]:
    return {
        path.relative_to(root).as_posix(): path.stat().st_mtime_ns
        for path in [*root.glob("build/*.pdf"), *root.glob("locales/**/*.po*")]
    }


class Twin:
    """The same inputs in another folder, made by `make`."""

    def __init__(self, root: Path) -> None:
        self.root = copy_make_setup(root)

    def copy_inputs(self, source: Path) -> None:
        for name in ("seeds", "templates", "locales"):
            shutil.rmtree(self.root / name, ignore_errors=True)
            shutil.copytree(source / name, self.root / name)
        shutil.rmtree(self.root / "build", ignore_errors=True)

    def make(self, *goals: str) -> None:
        result = subprocess.run(
            ["make", "--no-print-directory", *goals],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=environment(),
        )
        assert result.returncode == 0, result.stderr


def assert_make_does_nothing(project: MakeProject) -> None:
    """A `make` after the watch has nothing to do: no step runs, no file changes."""
    before_bytes, before_times = outputs(project.root), times(project.root)
    result, _ = project.make()
    assert result.returncode == 0, result.stderr
    assert project.log.read_text() == "", project.log.read_text()
    assert (outputs(project.root), times(project.root)) == (before_bytes, before_times)


def temporary_files(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*.tmp") if ".venv" not in p.parts]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_watch_rebuilds_what_make_would_on_every_save(tmp_path):
    root = copy_make_setup(tmp_path / "watched")
    write_small_project(root, corrected=False)
    watched = MakeProject(root, set_up=False)
    twin = Twin(tmp_path / "make")
    watch = Watching(root)
    try:
        # Nothing built yet: everything is out of date.
        watch.wait_rebuilt(ALL)
        watch.wait_for(r"watching .*")
        twin.copy_inputs(root)  # the inputs as the watch read them (its updates changed none)
        assert_make_does_nothing(watched)

        def step(edit, expected: set[str]) -> None:
            """Apply ``edit`` to both copies, wait for the watch; the catalogues must be make's."""
            twin.copy_inputs(root)
            edit(twin.root)
            edit(root)
            watch.wait_rebuilt(expected)
            twin.make("pot", "update-po")
            assert catalogues(root) == catalogues(twin.root)
            assert_make_does_nothing(watched)

        # A translator changes one Chinese entry.
        def translate(folder: Path) -> None:
            def change(po: polib.POFile) -> None:
                entry = next(e for e in po if e.msgstr and not e.fuzzy)
                entry.msgstr += "（修订）"

            save_po(folder / ZH, change)

        step(translate, WITH_ZH)

        # An editor corrects the English of an entry the Chinese translates: the Chinese entry
        # goes fuzzy (the update records the English it was translated from).
        chinese = {e.msgid: e for e in polib.pofile(str(root / ZH)) if e.msgstr and not e.fuzzy}

        def correct(folder: Path) -> None:
            def change(po: polib.POFile) -> None:
                entry = next(e for e in po if e.msgid in chinese and e.msgid != "")
                entry.msgstr = (entry.msgstr or entry.msgid) + " (corrected)"

            save_po(folder / EN, change)

        step(correct, ALL)
        assert any(e.fuzzy for e in polib.pofile(str(root / ZH)))

        # The source gains a paragraph: a new segment, extracted and merged.
        def add_paragraph(folder: Path) -> None:
            source = folder / "seeds" / f"{DOC}.txt"
            text = source.read_text(encoding="utf-8").rstrip("\n")
            save_as_editor(source, (text + "\n\nMore events will follow next year.\n").encode())

        step(add_paragraph, ALL)
        assert "More events will follow next year." in (root / EN).read_text(encoding="utf-8")

        # A restyling.
        def restyle(folder: Path) -> None:
            css = folder / "templates" / "briefing.css"
            save_as_editor(css, css.read_bytes() + b"\n/* a restyling */\n")

        # A restyling, and a translation saved while its PDFs are typeset: that save is not lost,
        # the next rebuild starts from it.
        twin.copy_inputs(root)
        restyle(twin.root)
        translate(twin.root)
        restyle(root)
        watch.wait_for(r"typesetting .*")
        translate(root)
        watch.wait_rebuilt(ALL)
        watch.wait_rebuilt(WITH_ZH)
        twin.make("pot", "update-po")
        assert catalogues(root) == catalogues(twin.root)
        assert_make_does_nothing(watched)

        # The PDFs are those `make` typesets from the same files.
        twin.copy_inputs(root)
        twin.make()
        assert outputs(root) == outputs(twin.root)

        # A broken save: one line naming file and line; the PDFs stay as they were.
        pdfs = {name: (root / name).read_bytes() for name in PDFS}
        pdf_times = {name: (root / name).stat().st_mtime_ns for name in PDFS}
        good = (root / ZH).read_bytes()
        save_as_editor(root / ZH, good + b'\nmsgid "unterminated\nmsgstr ""\n')
        error = watch.wait_for(r"publish: (\S+):(\d+): .*")
        assert error.group(1).endswith(ZH), error.group(0)
        assert pdfs == {name: (root / name).read_bytes() for name in PDFS}
        assert pdf_times == {name: (root / name).stat().st_mtime_ns for name in PDFS}

        # Repaired, then Ctrl-C while its PDFs are typeset: nothing half-written, no temporary
        # file, the catalogues as the translator left them.
        save_as_editor(root / ZH, good)
        watch.wait_for(r"typesetting .*")
        before = catalogues(root)
        watch.process.send_signal(signal.SIGINT)
        assert watch.process.wait(timeout=SAFETY_NET) == -signal.SIGINT
        while watch.lines.get(timeout=SAFETY_NET) is not None:
            pass
        assert temporary_files(root) == []
        assert catalogues(root) == before
        assert (root / ZH).read_bytes() == good
        assert not any("Traceback" in line for line in watch.output), "\n".join(watch.output)
    finally:
        if watch.process.poll() is None:
            watch.process.kill()
            watch.process.wait()


def test_only_inputs_start_a_look(tmp_path):
    """What make reads starts a look; what editors, Poedit and publish write beside it does not."""
    from publish.watch import is_input

    inputs = [
        "seeds/a.txt",
        "seeds/a.toml",
        "templates/briefing.css",
        "templates/labels.toml",
        "locales/a.pot",
        "locales/glossary.csv",
        "locales/zh_CN/LC_MESSAGES/a.po",
        "locales/de",
    ]
    others = [
        "locales/zh_CN/LC_MESSAGES/a.mo",
        "locales/zh_CN/LC_MESSAGES/.a.po.4242.k2j4h1.tmp",
        "locales/zh_CN/LC_MESSAGES/.a.po.swp",
        "locales/zh_CN/LC_MESSAGES/a.po~",
        "templates/#briefing.css#",
        "seeds/notes.md",
        "build/a-en.pdf",
        "build/.stamps/a.pot",
        "README.md",
    ]
    assert [name for name in inputs if not is_input(tmp_path, tmp_path / name)] == []
    assert [name for name in others if is_input(tmp_path, tmp_path / name)] == []
    assert not is_input(tmp_path, tmp_path.parent / "seeds" / "a.txt")
