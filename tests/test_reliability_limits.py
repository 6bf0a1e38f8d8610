"""Inputs far beyond any article are refused in one line that names the limit and the variable
that raises it; what is accepted is handled in time linear in its size.

The near-limit runs are not timed: a wall-clock figure would fail on a busy machine. An alarm
stops a run that went quadratic again, long before the suite would notice.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from publish.segment.reading import segment_text
from tests.conftest import METADATA, ROOT, cpu_time_limit, run_publish

SEED = (ROOT / "seeds" / "qianhai-forum.txt").read_text(encoding="utf-8")


@pytest.fixture
def alarm() -> Iterator[None]:
    with cpu_time_limit(120):
        yield


def project(root: Path, text: str) -> Path:
    (root / "seeds").mkdir(parents=True)
    (root / "locales" / "en" / "LC_MESSAGES").mkdir(parents=True)
    (root / "seeds" / "big.txt").write_text(text, encoding="utf-8")
    (root / "seeds" / "big.toml").write_text(METADATA, encoding="utf-8")
    return root


def refused(*args: str) -> str:
    result = run_publish(*args)
    assert result.returncode == 2
    assert result.stdout == "" and result.stderr.count("\n") == 1
    return result.stderr


def test_a_source_over_a_megabyte_is_refused(tmp_path):
    root = project(tmp_path, "Words. " * 150_000)
    err = refused("-C", str(root), "extract")
    assert err == (
        f"publish: {root / 'seeds' / 'big.txt'}: this source has 1,050,000 bytes, over the limit "
        "of 1,000,000 (set PUBLISH_MAX_SOURCE_BYTES to allow more)\n"
    )
    assert not (root / "locales" / "big.pot").exists()


def test_the_variable_raises_the_limit(tmp_path, monkeypatch):
    root = project(tmp_path, "Words. " * 150_000)
    monkeypatch.setenv("PUBLISH_MAX_SOURCE_BYTES", "2000000")
    monkeypatch.setenv("PUBLISH_MAX_SEGMENT_CHARS", "2000000")
    run_publish("-C", str(root), "repairs", check=True)
    monkeypatch.setenv("PUBLISH_MAX_SOURCE_BYTES", "lots")
    assert "PUBLISH_MAX_SOURCE_BYTES: not a whole number: 'lots'" in refused(
        "-C", str(root), "repairs"
    )


def test_a_segment_over_20000_characters_is_refused_with_its_line(tmp_path):
    root = project(tmp_path, "Title.\n\nWord " + "word " * 4000 + "end.\n")
    err = refused("-C", str(root), "extract")
    assert err.startswith("publish: seeds/big.txt:3: this segment has 20,009 characters, over ")
    assert err.endswith("the limit of 20,000 (set PUBLISH_MAX_SEGMENT_CHARS to allow more)\n")


def test_paragraphs_joined_past_the_limit_are_refused_as_they_grow(alarm):
    # Each paragraph ends with a comma, so each is joined to the next: one ever longer segment.
    with pytest.raises(Exception, match="PUBLISH_MAX_SEGMENT_CHARS") as caught:
        segment_text("word word,\n\n" * 2_000, "big.txt")
    assert caught.value.line == 1


def test_a_catalogue_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "qianhai-forum.po"
    monkeypatch.setenv("PUBLISH_MAX_CATALOGUE_BYTES", "1000")
    for command in ("check", "stats"):
        err = refused(command, str(path))
        assert "over the limit of 1,000 (set PUBLISH_MAX_CATALOGUE_BYTES" in err


def test_a_source_near_the_limit_is_segmented(alarm):
    article = SEED + "\n\n"
    text = article * (900_000 // len(article.encode()))
    segments, _ = segment_text(text, "big.txt")
    assert len(segments) > 1000


def test_a_segment_near_the_limit_joined_from_many_paragraphs_is_segmented(alarm):
    text = "word word,\n\n" * 1_750 + "end.\n"
    (segment,) = segment_text(text, "big.txt")[0]
    assert 19_000 < len(segment.text) <= 20_000
