"""The review edition is reproducible as the reader editions are: without SOURCE_DATE_EPOCH it
prints no build time and carries the article's date, so two builds of the same inputs, in two
folders, are the same bytes. (With it, the page and the PDF's dates say that moment: tested on
the review edition of tests/test_review.py, built with SOURCE_DATE_EPOCH.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests import pdfread
from tests.conftest import DOC, copy_project, run_publish

REVIEW = f"build/{DOC}-review.pdf"
EVENT_DATE = dt.datetime(2022, 6, 30, tzinfo=dt.UTC)


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
    assert pdfread.pdf_dates(first) == pdfread.dates_of(EVENT_DATE)


def test_without_source_date_epoch_the_page_says_it_prints_no_build_time(two_reviews):
    first, _ = two_reviews
    page = first_page(first)
    assert "No build time: set SOURCE_DATE_EPOCH to print one" in page
    assert "Built " not in page
