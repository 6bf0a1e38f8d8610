"""The segmenter on made-up articles of the same kind, and on awkward files."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from publish.segment.reading import segment_text
from tests.conftest import ARTICLES, METADATA, PUBLISH_COMMAND, cpu_time_limit, run_publish

NAMES = sorted(p.stem for p in ARTICLES.glob("*.txt"))


def test_there_are_several_articles():
    assert len(NAMES) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_article_segments_and_repairs(name):
    source = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))
    segments, repairs = segment_text(source, f"{name}.txt")
    assert [{"role": str(s.role), "line": s.line, "text": s.text} for s in segments] == expected[
        "segments"
    ]
    assert [f"{r.kind} {r.first_line}" for r in repairs] == expected["repairs"]


def as_layout(segments):
    return [(s.role, s.text, s.line, s.last_line) for s in segments]


@pytest.mark.parametrize("name", NAMES)
def test_crlf_bom_and_trailing_spaces_change_nothing(name):
    source = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    plain, _ = segment_text(source, "a.txt")
    windows = "\ufeff" + source.replace("\n", "  \r\n")
    assert as_layout(segment_text(windows, "a.txt")[0]) == as_layout(plain)


def test_single_paragraph():
    segments, repairs = segment_text("Only one paragraph here.\n", "a.txt")
    assert as_layout(segments) == [("paragraph", "Only one paragraph here.", 1, 1)]
    assert repairs == []


def test_tabs_and_indentation():
    segments, repairs = segment_text("\tIndented lead.\n\n\tSecond\tparagraph.\n", "a.txt")
    assert [s.text for s in segments] == ["Indented lead.", "Second paragraph."]
    assert [(r.kind, r.first_line, r.before) for r in repairs] == [
        ("spacing", 3, "Second⇥paragraph.")
    ]


def project(tmp_path: Path, text: bytes, metadata: str | None = METADATA) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "locales").mkdir()
    (tmp_path / "seeds" / "doc.txt").write_bytes(text)
    if metadata is not None:
        (tmp_path / "seeds" / "doc.toml").write_text(metadata, encoding="utf-8")
    return tmp_path


def one_line_error(result) -> str:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr.strip()


def test_file_that_is_not_utf8_is_a_one_line_error_with_its_line(tmp_path):
    root = project(tmp_path, "Line one.\n\nLine three caf\u00e9.\n".encode("latin-1"))
    message = one_line_error(run_publish("-C", str(root), "extract", "doc"))
    assert message.startswith("publish: ") and "doc.txt:3: not valid UTF-8" in message
    assert not (root / "locales" / "doc.pot").exists()


def test_empty_file_is_a_one_line_error_naming_it(tmp_path):
    root = project(tmp_path, b" \n\n")
    message = one_line_error(run_publish("-C", str(root), "extract", "doc"))
    assert "doc.txt" in message and "empty" in message


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ('reporter = "x\n', "doc.toml:1: invalid TOML"),
        (METADATA.replace('"A headline"', '""'), "doc.toml:5: [translatable]"),
        (METADATA.replace("2022-07-01", '"soon"'), "doc.toml:2: event_date"),
        ('translatable = 3\nreporter = "x"\nevent_date = 2022-01-01', "doc.toml:1: 'translatable'"),
    ],
)  # fmt: skip
def test_broken_metadata_is_a_one_line_error(tmp_path, metadata, expected):
    root = project(tmp_path, b"A paragraph.\n", metadata)
    result = run_publish("-C", str(root), "extract", "doc")
    assert result.returncode == 2
    stderr = result.stderr
    assert stderr.count("\n") == 1 and expected in stderr
    assert not (root / "locales" / "doc.pot").exists()


def test_non_ascii_punctuation_and_a_bom_through_the_command_line(tmp_path):
    text = "\ufeff文/李明 On May 5, the “ 科创中国 ” programme began ， officials said。\r\n"
    root = project(tmp_path, text.encode("utf-8"))
    run_publish("-C", str(root), "extract", "doc", check=True)
    pot = (root / "locales" / "doc.pot").read_text(encoding="utf-8")
    assert 'msgid "文/李明"' in pot
    assert "“科创中国” programme began， officials said。" in pot


def test_a_long_article_is_segmented_in_linear_time(monkeypatch):
    monkeypatch.setenv("PUBLISH_MAX_SEGMENT_CHARS", "300000")
    # 10,000 sentences in one paragraph: a fraction of a second when each sentence boundary
    # costs the same, minutes when each one looks back over the text before it.
    paragraph = "It was held in a city. The " * 10_000 + "\n\nforum went on , and"
    with cpu_time_limit(10):
        segments, repairs = segment_text(paragraph + "\n\nthen it ended.\n", "a.txt")
    assert segments[-1].text == "The forum went on, and then it ended."
    assert [(r.kind, r.first_line) for r in repairs] == [
        ("carry-over", 1),
        ("punctuation spacing", 3),
        ("join", 3),
    ]


def test_segments_do_not_depend_on_hash_seed_or_locale(tmp_path):
    root = project(tmp_path, (ARTICLES / "wire-dateline.txt").read_bytes())
    outputs = set()
    for seed, locale in (("1", "C"), ("2", "C.UTF-8"), ("random", "tr_TR.UTF-8")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": locale}
        result = subprocess.run(
            [*PUBLISH_COMMAND, "-C", str(root), "repairs", "--json"],
            capture_output=True, env=env, check=True,
        )  # fmt: skip
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert b'"kind": "hyphenation"' in outputs.pop()
