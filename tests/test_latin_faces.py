"""The English briefing without Chinese text embeds Latin faces only: every sign it prints,
the arrow between a correction's garbled words and their replacement among them, is set in a
face the stylesheet names for English, never in a CJK face fontconfig falls back to."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests import pdfread
from tests.conftest import DOC, copy_project, run_publish

EN = f"build/{DOC}-en.pdf"
HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
ARROW = "\u2192"


def embedded_faces(path: Path) -> set[str]:
    """The faces pdffonts lists, without their subset tags."""
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return {line.split()[0].split("+", 1)[-1] for line in listing if line.strip()}


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("latin-faces"))
    result = run_publish("build", EN, cwd=root)
    assert result.returncode == 0, result.stderr
    return root / EN


def test_the_corrections_list_prints_its_arrows(english):
    text = pdfread.pdftotext(english)
    assert f"” {ARROW} “" in text
    assert not HAN.search(text), "the English briefing now holds Chinese: pick another check"


def test_an_english_briefing_without_chinese_embeds_no_cjk_face(english):
    faces = embedded_faces(english)
    assert {"Noto-Serif", "Noto-Sans"} <= faces
    assert [face for face in faces if "CJK" in face] == []
