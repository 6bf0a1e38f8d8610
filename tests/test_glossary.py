"""locales/glossary.csv read by its headers: names per locale, status, source, note."""

from __future__ import annotations

import pytest

from publish.errors import PublishError
from publish.glossary import read_glossary
from tests.conftest import DOC, copy_project, run_publish


def test_columns_are_read_by_their_header_in_any_order(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text(
        "note,zh_HK,status,en,zh_CN,source,kind\n"
        "editors only,薛永恆,verified,Alfred Sit Wing-hang,薛永恒,HKSAR Gazette,person\n"
        ",,,Chen Weiguo,陈炜国,,person\n",
        encoding="utf-8",
    )
    sit, chen = read_glossary(path)
    assert sit.name("en") == "Alfred Sit Wing-hang"
    assert sit.name("zh_CN") == "薛永恒" and sit.name("zh_HK") == "薛永恆"
    assert sit.name("zh_TW") is None
    assert (sit.status, sit.source, sit.note) == ("verified", "HKSAR Gazette", "editors only")
    assert sit.verified and not chen.verified
    # A missing or empty status is unverified.
    assert chen.status == "unverified" and chen.name("zh_HK") is None
    # The checks' view of the same row is unchanged.
    assert sit.english == "Alfred Sit Wing-hang"
    assert sit.renderings == {"zh_HK": "薛永恆", "zh_CN": "薛永恒"}


def test_the_two_column_glossary_still_reads(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text("en,zh_CN,note\nQianhai,前海,place\n", encoding="utf-8")
    (term,) = read_glossary(path)
    assert (term.name("en"), term.name("zh_CN"), term.status, term.source) == (
        "Qianhai",
        "前海",
        "unverified",
        "",
    )


def test_an_unknown_status_is_a_one_line_error_naming_the_line(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text("en,zh_CN,status\nQianhai,前海,verified\nShenzhen,深圳,maybe\n")
    with pytest.raises(PublishError) as raised:
        read_glossary(path)
    assert raised.value.line == 3 and "maybe" in str(raised.value)


def test_a_glossary_without_english_is_refused_through_the_command_line(tmp_path):
    copy_project(tmp_path)
    (tmp_path / "locales" / "glossary.csv").write_text("zh_CN,note\n前海,place\n")
    result = run_publish("-C", str(tmp_path), "build", f"build/{DOC}-en.pdf")
    assert result.returncode != 0
    assert "glossary.csv:1: a glossary needs a column 'en'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "build" / f"{DOC}-en.pdf").exists()
