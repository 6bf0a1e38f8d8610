from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = "qianhai-forum"
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


def run_publish(*args: str, cwd: Path = ROOT, check: bool = False) -> subprocess.CompletedProcess:
    """Run the command line as a user would, in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-m", "publish", *args], cwd=cwd, capture_output=True, text=True
    )
    if check and result.returncode != 0:
        raise AssertionError(f"publish {' '.join(args)} failed:\n{result.stderr}")
    return result


def copy_project(target: Path) -> Path:
    """A copy of the project's inputs (seeds, locales, templates), to change freely."""
    for name in ("seeds", "locales", "templates"):
        shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, list[logging.LogRecord]]:
    """The seed's PDFs built once, in process, with WeasyPrint's log captured."""
    from publish.pipeline import build
    from publish.project import Project
    from publish.render.pdf import weasyprint_log

    out = tmp_path_factory.mktemp("build")
    with weasyprint_log(logging.DEBUG) as records:
        build(Project(ROOT), [], out, allow_fuzzy=False)
    return out, records
