"""``seeds/<doc>.toml`` is optional and so is every key in it: what is left out is taken from the
article when it says so unambiguously, else unknown; a value of the wrong type is a one-line
error naming its line, an unknown key a one-line warning."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pikepdf
import polib
import pytest

from publish.segment import read_document
from tests.conftest import ROOT, run_publish

LEAD = (
    "On June 30, 2022, the forum on science and technology cooperation was held in Qianhai, "
    "and more than two hundred scientists from the region attended it.\n\n"
    "The forum will be held again next year, its organisers said.\n"
)
TITLED = "Scientists meet in Qianhai to talk about cooperation\n\n" + LEAD
FULL = """original_file = "000_example.txt"
reporter = "Li Ming"
event_date = 2022-07-01

[translatable]
headline = "Editors' headline"
short_title = "Forum"
publication = "Evening News"
key_points = [
  "Scientists met in Qianhai.",
  "The forum returns next year.",
]
background = "Qianhai is a zone of Shenzhen."
"""
TOML = "seeds/doc.toml"
NEEDS = "[translatable] needs a non-empty string"
LIST = "[translatable] key_points must be a list"
TRANSLATABLE_ROLES = {
    "headline": "headline",
    "short_title": "short title",
    "publication": "publication",
    "key_points": "key point",
    "background": "background",
}


def project(tmp_path: Path, text: str, metadata: str | None) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "locales").mkdir()
    (tmp_path / "seeds" / "doc.txt").write_text(text, encoding="utf-8")
    if metadata is not None:
        (tmp_path / "seeds" / "doc.toml").write_text(metadata, encoding="utf-8")
    return tmp_path


def extracted(root: Path) -> list[polib.POEntry]:
    result = run_publish("-C", str(root), "extract", "doc")
    assert result.returncode == 0, result.stderr
    return list(polib.pofile(str(root / "locales" / "doc.pot")))


def roles(entries: list[polib.POEntry]) -> list[str]:
    return [e.comment.split("\n")[0].removeprefix("type: ") for e in entries]


def without(metadata: str, key: str) -> str:
    """The metadata with one key's lines left out (a list's continuation lines too)."""
    lines = metadata.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key} ="))
    end = start + 1
    if lines[start].rstrip().endswith("["):
        end = next(i for i in range(start, len(lines)) if lines[i].startswith("]")) + 1
    return "\n".join(lines[:start] + lines[end:])


@pytest.mark.parametrize("metadata", [None, "", "# nothing to say\n"])
def test_no_metadata_or_an_empty_file_builds_from_the_article_alone(tmp_path, metadata):
    root = project(tmp_path, LEAD, metadata)
    entries = extracted(root)
    assert roles(entries) == ["paragraph", "paragraph"]
    document = read_document(root / "seeds" / "doc.txt", root)
    assert document.headline is None and document.headline_source is None
    assert document.metadata.reporter is None
    assert document.metadata.original_file is None
    # The lead names one full date: that is the event's.
    assert document.metadata.event_date == dt.date(2022, 6, 30)


def test_the_articles_title_line_is_the_headline_when_the_editors_wrote_none(tmp_path):
    root = project(tmp_path, TITLED, None)
    entries = extracted(root)
    assert roles(entries) == ["headline", "paragraph", "paragraph"]
    assert entries[0].msgid == "Scientists meet in Qianhai to talk about cooperation"
    document = read_document(root / "seeds" / "doc.txt", root)
    assert document.headline_source == "article"
    assert document.headline.text == entries[0].msgid


def test_the_editors_headline_prints_and_the_articles_title_is_kept_as_source_title(tmp_path):
    root = project(tmp_path, TITLED, FULL)
    entries = extracted(root)
    assert roles(entries) == [
        "headline",
        "short title",
        "publication",
        "background",
        "key point",
        "key point",
        "source title",
        "paragraph",
        "paragraph",
    ]
    document = read_document(root / "seeds" / "doc.txt", root)
    assert document.headline.text == "Editors' headline"
    assert document.headline_source == "editors"
    assert document.source_title.text == "Scientists meet in Qianhai to talk about cooperation"
    assert [p.text for p in document.body] == LEAD.replace("\n\n", "\n").split("\n")[:2]


def test_key_points_are_numbered_entries_with_their_own_lines(tmp_path):
    root = project(tmp_path, LEAD, FULL)
    points = [e for e in extracted(root) if e.comment.startswith("type: key point")]
    assert [(e.msgid, e.comment, e.occurrences) for e in points] == [
        ("Scientists met in Qianhai.", "type: key point\nkey point 1", [(TOML, "10")]),
        ("The forum returns next year.", "type: key point\nkey point 2", [(TOML, "11")]),
    ]
    document = read_document(root / "seeds" / "doc.txt", root)
    assert [p.text for p in document.key_points] == [e.msgid for e in points]
    assert document.background.text == "Qianhai is a zone of Shenzhen."
    assert all(s.role not in ("key point", "background") for s in document.body)


@pytest.mark.parametrize("key", list(TRANSLATABLE_ROLES))
def test_each_translatable_key_may_be_left_out(tmp_path, key):
    root = project(tmp_path, LEAD, without(FULL, key))
    present = set(roles(extracted(root)))
    assert TRANSLATABLE_ROLES[key] not in present
    assert {r for k, r in TRANSLATABLE_ROLES.items() if k != key} <= present


@pytest.mark.parametrize("key", ["reporter", "event_date", "original_file"])
def test_each_fact_may_be_left_out(tmp_path, key):
    text = "By Zhang Wei\n\n" + LEAD
    root = project(tmp_path, text, without(FULL, key))
    extracted(root)
    metadata = read_document(root / "seeds" / "doc.txt", root).metadata
    expected = {
        "reporter": "Zhang Wei",  # from the byline
        "event_date": dt.date(2022, 6, 30),  # from the lead
        "original_file": None,
    }
    assert getattr(metadata, key) == expected[key]


def test_the_metadata_wins_over_what_the_article_says(tmp_path):
    root = project(tmp_path, "By Zhang Wei\n\n" + LEAD, FULL)
    metadata = read_document(root / "seeds" / "doc.txt", root).metadata
    assert (metadata.reporter, metadata.event_date) == ("Li Ming", dt.date(2022, 7, 1))


def test_the_reporter_is_the_name_a_run_in_byline_gives(tmp_path):
    text = "Text/Evening News All-Media Reporter Li Ming " + LEAD
    root = project(tmp_path, text, None)
    assert read_document(root / "seeds" / "doc.txt", root).metadata.reporter == "Li Ming"


@pytest.mark.parametrize(
    "lead",
    [
        "On June 30, the forum was held in Qianhai with scientists from the region.\n",
        "The forum, held from June 30, 2022 to July 2, 2022, brought scientists together.\n",
    ],
    ids=["no year", "two dates"],
)
def test_no_event_date_is_guessed_when_the_lead_does_not_name_one_date(tmp_path, lead):
    root = project(tmp_path, lead, None)
    assert read_document(root / "seeds" / "doc.txt", root).metadata.event_date is None


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ('reporter = "x\n', "doc.toml:1: invalid TOML"),
        ("reporter = 3\n", "doc.toml:1: reporter must be a non-empty string"),
        ('\nreporter = ""\n', "doc.toml:2: reporter must be a non-empty string"),
        ('event_date = "soon"\n', "doc.toml:1: event_date must be a date"),
        ("event_date = 2022-07-01T10:00:00\n", "doc.toml:1: event_date must be a date"),
        ("original_file = []\n", "doc.toml:1: original_file must be a non-empty string"),
        ("translatable = 3\n", "doc.toml:1: 'translatable' must be a table"),
        ('[translatable]\nheadline = ""\n', f"doc.toml:2: {NEEDS} 'headline'"),
        ("[translatable]\nshort_title = 1\n", f"doc.toml:2: {NEEDS} 'short_title'"),
        ('[translatable]\nbackground = ["a"]\n', f"doc.toml:2: {NEEDS} 'background'"),
        ('[translatable]\nkey_points = "one"\n', f"doc.toml:2: {LIST}"),
        ('[translatable]\n\nkey_points = ["one", 2]\n', f"doc.toml:3: {LIST}"),
        ('[translatable]\nkey_points = [" "]\n', f"doc.toml:2: {LIST}"),
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_type_is_a_one_line_error_naming_its_line(
    tmp_path, metadata, expected
):
    root = project(tmp_path, LEAD, metadata)
    result = run_publish("-C", str(root), "extract", "doc")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("publish: ") and expected in result.stderr, result.stderr
    assert not (root / "locales" / "doc.pot").exists()


def test_an_unknown_key_is_a_one_line_warning_naming_its_line(tmp_path):
    metadata = 'reportr = "Li Ming"\n\n[translatable]\nheadlin = "A headline"\n'
    root = project(tmp_path, LEAD, metadata)
    result = run_publish("-C", str(root), "extract", "doc")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 2, result.stderr
    assert "doc.toml:1: warning: unknown key 'reportr'" in warnings[0]
    assert "doc.toml:4: warning: [translatable] unknown key 'headlin'" in warnings[1]
    # The misspelt keys count for nothing.
    assert roles(polib.pofile(str(root / "locales" / "doc.pot"))) == ["paragraph", "paragraph"]


def test_an_article_without_metadata_or_title_builds_a_pdf_named_after_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = project(tmp_path, "On June 30, the forum was held.\n\nIt ended on Sunday.\n", None)
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "locales" / "en" / "LC_MESSAGES").mkdir(parents=True)
    for args in (["extract", "doc"], ["update", "--locale", "en", "doc"]):
        result = run_publish("-C", str(root), *args)
        assert result.returncode == 0, result.stderr
    result = run_publish("-C", str(root), "build", "build/doc-en.pdf")
    assert result.returncode == 0, result.stderr
    with pikepdf.open(root / "build" / "doc-en.pdf") as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
    assert info["/Title"] == "doc"
    # No reporter and no publication: no author at all, rather than a stray comma.
    assert "/Author" not in info
    # No date is known: the PDF claims none.
    assert "/CreationDate" not in info
