"""Document names: make and publish take letters of any script, digits, '-', '_' and '.', and
refuse every other name in one line, while the documents with good names are still built. Nothing
in a file name is ever run."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import METADATA, copy_make_setup, run_publish

ARTICLE = "The science forum opened in Qianhai on Thursday.\n\nResearchers said it would grow.\n"
GOOD = ["naïve-报道", "a.b_c"]
# Each would create a file named MARK... if make, a shell or publish ran what is in it.
BAD = [
    "my doc",
    "it's",
    'say "hi"',
    "x`touch MARK1`",
    "$(touch MARK2)",
    "x;touch MARK3",
    "x$$(touch MARK4)",
    "-x",
    ".hidden",
    "50%",
    "a,b",
    "tab\tname",
]
RULE = "refused: a document name holds only letters, digits, '-', '_' and '.', and starts with "


def write_seed(root: Path, name: str) -> None:
    (root / "seeds" / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "seeds" / f"{name}.toml").write_text(METADATA, encoding="utf-8")


def markers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith("MARK")]


@pytest.fixture
def project(tmp_path) -> Path:
    """Only the English locale: one PDF per document keeps the make run short."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "locales" / "en" / "LC_MESSAGES").mkdir(parents=True)
    copy_make_setup(root)
    for name in GOOD + BAD:
        write_seed(root, name)
    return root


def test_make_builds_the_good_names_refuses_the_others_in_one_line_and_runs_nothing(project):
    result = subprocess.run(
        ["make", "--no-print-directory"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 2, result.stderr
    last = result.stderr.splitlines()[-1]
    assert RULE in last and last.endswith("the other documents are built.  Stop.")
    assert result.stderr.count(RULE) == 1
    for name in BAD:
        if not name.startswith("."):  # make's wildcard, like the shell's, skips hidden files
            # make splits a name at its spaces and tabs and joins the words with one space.
            assert " ".join(f"seeds/{name}.txt".split()) in last, name
    assert sorted(p.name for p in (project / "build").glob("*.pdf")) == sorted(
        f"{name}-en.pdf" for name in GOOD
    )
    assert sorted(p.name for p in (project / "build" / ".stamps").iterdir()) == sorted(
        f"{name}{suffix}" for name in GOOD for suffix in (".pot", "-en.po", ".toml-state")
    )
    assert markers(project.parent) == []


def test_publish_refuses_a_bad_name_in_one_line_and_writes_nothing(project):
    for name in BAD:
        result = run_publish("-C", str(project), "extract", "--", name)
        assert result.returncode == 2
        assert (
            result.stderr == f"publish: {project / 'seeds' / name}.txt: {RULE}neither '-' nor '.'\n"
        )
    # Without names, the first bad seed stops the command before it writes anything.
    for command in ("extract", "check", "build"):
        result = run_publish("-C", str(project), command)
        assert result.returncode == 2 and RULE in result.stderr
    assert list((project / "locales").rglob("*.po*")) == []
    assert markers(project.parent) == []


def test_publish_takes_the_good_names(project):
    for name in BAD:
        for suffix in (".txt", ".toml"):
            (project / "seeds" / f"{name}{suffix}").unlink()
    run_publish("-C", str(project), "extract", *GOOD, check=True)
    assert sorted(p.name for p in (project / "locales").glob("*.pot")) == sorted(
        f"{name}.pot" for name in GOOD
    )
