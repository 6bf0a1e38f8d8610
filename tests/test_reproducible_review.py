"""The review edition is reproducible as the reader editions are: without SOURCE_DATE_EPOCH it
prints no build time and carries the article's date, so two builds of the same inputs, in two
folders, are the same bytes; with it, the page and the PDF's dates say that moment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pikepdf
import pytest

from tests import pdfread
from tests.conftest import DOC, copy_project, run_publish

REVIEW = f"build/{DOC}-review.pdf"
EVENT_DATE = dt.datetime(2022, 6, 30, tzinfo=dt.UTC)


def pdf_dates(path: Path) -> set[str]:
    """The creation and modification dates of the document information and of the XMP."""
    with pikepdf.open(path) as pdf:
        info = {str(pdf.docinfo[k]) for k in ("/CreationDate", "/ModDate") if k in pdf.docinfo}
        meta = pdf.open_metadata()
        xmp = {meta[k] for k in ("xmp:CreateDate", "xmp:ModifyDate") if k in meta}
    return info | xmp


def expected_dates(moment: dt.datetime) -> set[str]:
    return {moment.strftime("D:%Y%m%d%H%M%SZ"), moment.strftime("%Y-%m-%dT%H:%M:%SZ")}


def first_page(path: Path) -> str:
    return " ".join(pdfread.pdftotext(path, 1).split())


def build_review(root: Path) -> Path:
    result = run_publish("build", REVIEW, cwd=root)
    assert result.returncode == 0, result.stderr
    return root / REVIEW


@pytest.fixture(scope="module")
def two_reviews(tmp_path_factory) -> tuple[Path, Path]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        first = build_review(copy_project(tmp_path_factory.mktemp("review-a")))
        second = build_review(copy_project(tmp_path_factory.mktemp("another-review") / "b"))
    return first, second


def test_two_builds_of_the_same_inputs_are_byte_identical(two_reviews):
    first, second = two_reviews
    assert first.read_bytes() == second.read_bytes()


def test_without_source_date_epoch_the_pdf_carries_the_articles_date(two_reviews):
    first, _ = two_reviews
    assert pdf_dates(first) == expected_dates(EVENT_DATE)


def test_without_source_date_epoch_the_page_says_it_prints_no_build_time(two_reviews):
    first, _ = two_reviews
    page = first_page(first)
    assert "No build time: set SOURCE_DATE_EPOCH to print one" in page
    assert "Built " not in page


def test_with_source_date_epoch_the_page_and_the_pdf_say_that_moment(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    review = build_review(copy_project(tmp_path))
    moment = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    assert "Built 2023-11-14 22:13 UTC (SOURCE_DATE_EPOCH)" in first_page(review)
    assert pdf_dates(review) == expected_dates(moment)
