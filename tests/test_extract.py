"""Extraction of the template: entries, comments, contexts, and byte-for-byte reproducibility."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from publish.catalogue import build_template
from publish.po import reader, writer
from publish.segment import read_document
from tests.conftest import ARTICLES, DOC, METADATA, ROOT, run_publish


def article_project(tmp_path: Path, name: str) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "locales").mkdir()
    shutil.copy(ARTICLES / f"{name}.txt", tmp_path / "seeds" / f"{name}.txt")
    (tmp_path / "seeds" / f"{name}.toml").write_text(METADATA, encoding="utf-8")
    return tmp_path


def extract(root: Path, name: str) -> bytes:
    run_publish("-C", str(root), "extract", name, check=True)
    return (root / "locales" / f"{name}.pot").read_bytes()


def test_one_entry_per_segment_with_references_and_role_comments(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = article_project(tmp_path, "wire-dateline")
    pot = polib.pofile(extract(root, "wire-dateline").decode("utf-8"))
    document = read_document(root / "seeds" / "wire-dateline.txt", root)
    assert [e.msgid for e in pot] == [s.text for s in document.segments]
    body = [e for e in pot if e.occurrences[0][0].endswith(".txt")]
    assert [(e.comment, e.occurrences) for e in body] == [
        ("type: dateline\ndateline 1", [("seeds/wire-dateline.txt", "1")]),
        ("type: paragraph\nparagraph 1", [("seeds/wire-dateline.txt", "1")]),
        ("type: paragraph\nparagraph 2", [("seeds/wire-dateline.txt", "4")]),
        ("type: subheading\nsubheading 1", [("seeds/wire-dateline.txt", "10")]),
        ("type: paragraph\nparagraph 3", [("seeds/wire-dateline.txt", "12")]),
    ]
    assert pot[0].occurrences == [("seeds/wire-dateline.toml", "5")]


def test_msgctxt_only_where_two_segments_are_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = article_project(tmp_path, "byline-alone")
    pot = polib.pofile(extract(root, "byline-alone").decode("utf-8"))
    contexts = [(e.msgctxt, e.msgid) for e in pot if e.msgctxt is not None]
    assert contexts == [
        ("paragraph 4", "Officials said more details would follow."),
        ("paragraph 7", "Officials said more details would follow."),
    ]
    assert sum(e.msgctxt is None for e in pot) == len(pot) - 2
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", "-"], input=str(pot).encode(),
                          capture_output=True).returncode == 0  # fmt: skip


def test_re_extracting_an_unchanged_source_keeps_every_byte(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = article_project(tmp_path, "run-in-byline")
    first = extract(root, "run-in-byline")
    pot = root / "locales" / "run-in-byline.pot"
    dated = re.sub(
        rb"POT-Creation-Date: [^\\]*", b"POT-Creation-Date: 2001-02-03 04:05+0000", first
    )
    pot.write_bytes(dated)
    assert extract(root, "run-in-byline") == dated
    source = root / "seeds" / "run-in-byline.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n", "utf-8")
    changed = extract(root, "run-in-byline")
    assert b"A new paragraph." in changed and b"2001-02-03" not in changed


def test_source_date_epoch_sets_the_creation_date(tmp_path, monkeypatch):
    root = article_project(tmp_path, "press-release")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1656547200")
    first = extract(root, "press-release")
    assert b'"POT-Creation-Date: 2022-06-30 00:00+0000\\n"' in first
    (root / "locales" / "press-release.pot").unlink()
    assert extract(root, "press-release") == first


@pytest.mark.parametrize("epoch", ["yesterday", "1e9", "99999999999999999999"])
def test_bad_source_date_epoch_is_a_one_line_error(tmp_path, monkeypatch, epoch):
    root = article_project(tmp_path, "press-release")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = run_publish("-C", str(root), "extract")
    assert result.returncode == 2
    stderr = result.stderr
    assert stderr.count("\n") == 1 and "SOURCE_DATE_EPOCH" in stderr


def test_seed_template_is_reproduced_byte_for_byte(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    path = ROOT / "locales" / f"{DOC}.pot"
    document = read_document(ROOT / "seeds" / f"{DOC}.txt", ROOT)
    built = writer.dumps(build_template(document, reader.load(path)))
    assert built.encode("utf-8") == path.read_bytes()


def msgcat(path: Path) -> bytes:
    return subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout


def test_msgcat_prints_the_seed_template_unchanged():
    path = ROOT / "locales" / f"{DOC}.pot"
    assert msgcat(path) == path.read_bytes()


@pytest.mark.parametrize("name", sorted(p.stem for p in ARTICLES.glob("*.txt")))
def test_msgcat_prints_each_article_template_unchanged(tmp_path, monkeypatch, name):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    root = article_project(tmp_path, name)
    extract(root, name)
    path = root / "locales" / f"{name}.pot"
    assert msgcat(path).decode("utf-8") == path.read_text(encoding="utf-8")
