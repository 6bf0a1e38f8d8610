"""Failures of input and of the machine: exit status 2, one line ``path[:line]: message``, no
traceback, and no file changed.

The machine's failures (a full disk, a read-only folder) are injected where files are written:
the tests run as root, for whom a read-only mode bit changes nothing.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

import pytest

from publish import fsio
from tests.conftest import METADATA, ROOT, run_publish

ARTICLE = """By Staff Reporter

The science forum opened in Qianhai on Thursday, with speakers from Hong Kong and Macao.

Researchers said the new laboratories would open next year.
"""
DOC = "forum"
ONE_LINE = re.compile(r"publish: [^\n:]+(?::\d+)?: [^\n]+\n")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run(*args: str) -> str:
    """The command's stderr, after checking it failed with exit status 2 and said nothing else."""
    result = run_publish(*args)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert ONE_LINE.fullmatch(result.stderr), result.stderr
    return result.stderr


@pytest.fixture
def project(tmp_path) -> Path:
    """A small project with its template and catalogues made."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / f"{DOC}.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "seeds" / f"{DOC}.toml").write_text(METADATA, encoding="utf-8")
    for locale in ("en", "zh_CN"):
        (root / "locales" / locale / "LC_MESSAGES").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", root / "templates")
    run_publish("-C", str(root), "extract", check=True)
    run_publish("-C", str(root), "update", check=True)
    return root


def translate_first_entry(root: Path, msgstr: str) -> Path:
    """Give the first translatable entry of the Chinese catalogue ``msgstr`` (a PO string body)."""
    path = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    text = path.read_text(encoding="utf-8")
    header_end = text.index("\n\n")
    first = text.index('msgstr ""', header_end)
    path.write_text(f'{text[:first]}msgstr "{msgstr}"{text[first + 9 :]}', encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["update", "stats", "check"])
@pytest.mark.parametrize("escape", [r"\004", r"\000", r"\x00", r"\x104"])
def test_an_escaped_nul_or_eot_in_a_msgstr_is_refused(project, command, escape):
    path = translate_first_entry(project, f"科技{escape}论坛")
    line = path.read_text(encoding="utf-8").splitlines().index(f'msgstr "科技{escape}论坛"') + 1
    before = snapshot(project)
    err = run("-C", str(project), command)
    assert err.startswith(f"publish: {path}:{line}: escape sequence {escape} at column ")
    assert snapshot(project) == before


@pytest.mark.parametrize("character", ["\x04", "\x01", "\x1b", "\x7f", "\x85"])
def test_a_control_character_in_a_seed_is_refused(project, character):
    seed = project / "seeds" / f"{DOC}.txt"
    seed.write_text(ARTICLE.replace("science", f"sci{character}ence"), encoding="utf-8")
    before = snapshot(project)
    for command in ("extract", "repairs"):
        err = run("-C", str(project), command)
        assert err.startswith(f"publish: {seed}:3: control character U+{ord(character):04X} ")
    assert snapshot(project) == before


def test_form_feeds_and_vertical_tabs_stay_whitespace(project):
    seed = project / "seeds" / f"{DOC}.txt"
    seed.write_text(ARTICLE.replace("science forum", "science\x0bforum\x0c"), encoding="utf-8")
    run_publish("-C", str(project), "extract", check=True)
    assert "science forum" in (project / "locales" / f"{DOC}.pot").read_text(encoding="utf-8")


def failing_at_the_write_layer(monkeypatch, code: int) -> None:
    """Make every output fail as a full disk or a read-only folder makes it fail."""
    real_fdopen = os.fdopen

    class FailingFile:
        def __init__(self, fd: int, *args, **kwargs) -> None:
            self.file = real_fdopen(fd, *args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data: bytes) -> int:
            raise OSError(code, os.strerror(code))

        def __getattr__(self, name: str):
            return getattr(self.file, name)

    if code == errno.ENOSPC:
        monkeypatch.setattr(fsio.os, "fdopen", FailingFile)
    else:

        def refuse(*args, dir: str, **kwargs):
            raise OSError(code, os.strerror(code), os.path.join(dir, ".x.tmp"))

        monkeypatch.setattr(fsio.tempfile, "mkstemp", refuse)


@pytest.mark.parametrize("command", ["extract", "update"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_catalogue_that_cannot_be_written_is_left_as_it_was(project, monkeypatch, code, command):
    # Work for both commands: a template behind its source, catalogues behind their template.
    (project / "seeds" / f"{DOC}.txt").write_text(ARTICLE + "\nA new paragraph.\n")
    if command == "update":
        run_publish("-C", str(project), "extract", check=True)
    before = snapshot(project)
    failing_at_the_write_layer(monkeypatch, code)
    err = run("-C", str(project), command)
    assert f"cannot write: {os.strerror(code)}; the file is unchanged" in err
    assert snapshot(project) == before


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_pdf_that_cannot_be_written_leaves_build_as_it_was(project, monkeypatch, code):
    (project / "build").mkdir()
    before = snapshot(project)
    failing_at_the_write_layer(monkeypatch, code)
    target = project / "build" / f"{DOC}-zh_CN.pdf"
    err = run("-C", str(project), "build", "--jobs", "1", str(target))
    assert err == f"publish: {target}: cannot write: {os.strerror(code)}; the file is unchanged\n"
    assert snapshot(project) == before
    assert list((project / "build").iterdir()) == []


@pytest.mark.parametrize("value", ["abc", "", "1e9", "-5", "99999999999999999999"])
@pytest.mark.parametrize("command", ["extract", "update", "build"])
def test_a_bad_source_date_epoch_is_refused_before_anything_is_written(
    project, monkeypatch, value, command
):
    (project / "seeds" / f"{DOC}.txt").write_text(ARTICLE + "\nA new paragraph.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    before = snapshot(project)
    err = run("-C", str(project), command)
    assert err.startswith(
        f"publish: SOURCE_DATE_EPOCH: not a whole number of seconds since 1970: {value!r}"
    )
    assert snapshot(project) == before


@pytest.mark.parametrize(
    "command", ["build", "extract", "update", "check", "stats", "repairs", "init de"]
)
def test_outside_a_project_every_command_says_so(tmp_path, command):
    err = run("-C", str(tmp_path), *command.split())
    assert "not a project folder?" in err
    assert list(tmp_path.iterdir()) == []
