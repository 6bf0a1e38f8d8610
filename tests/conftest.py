from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = "qianhai-forum"
# Synthetic articles of the same kind as the seed, and the metadata they share.
ARTICLES = Path(__file__).parent / "data" / "articles"
METADATA = """reporter = "Staff"
event_date = 2022-07-01

[translatable]
headline = "A headline"
short_title = "Short"
publication = "Daily"
"""


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
    from publish.pipeline import Project, build

    out = tmp_path_factory.mktemp("build")
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(level=logging.DEBUG)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        build(Project(ROOT), [], out, allow_fuzzy=False)
    finally:
        logger.removeHandler(handler)
    return out, records
