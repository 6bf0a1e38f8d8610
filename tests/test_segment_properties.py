"""Segmentation as a pure function of the text, checked on generated articles."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from publish.segment.reading import segment_text

PIECES = [
    "The", "forum", "was", "held", "in", "Qingdao", "and", "of", "the", "At", "said", "By",
    "Text/", "Reporter", "Li", "On", "June", "30", "BEIJING,", "(Xinhua)", "--", "insti-",
    "tutes", "institutes", "cross-", "border", "科创", "中国", "Mr.", "Zhang", "Reporter:", "By",
    ",", ".", ";", ":", "?", "!", "(", ")", '"', "“", "”", "。", "，", "-", "’s", "‘", "’", "《",
    " ", " ", " ", "  ", "\t", "\u00a0", "\n", "\n\n", "\n\n", "\r\n", " \n ",
    "The forum was held in Qingdao. The\n\nforum ", "Text/City News Reporter Li Yige On June 30, ",
    "BEIJING, June 30 (Xinhua) -- ", '" Science Week " ', "“ Science Week ” ", "( Shenzhen ) ",
    "\n\nCooperation goes on\n\n", "technology , ", "agreement . ", "research insti-\ntutes ",
    "Officials from both cities agreed to build research centres and share data in the region. ",
]  # fmt: skip
articles = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def non_space(text: str) -> str:
    return re.sub(r"\s", "", text)


def check(text: str) -> None:
    segments, repairs = segment_text(text, "a.txt")
    again = segment_text(text, "a.txt")
    assert (segments, repairs) == again
    for segment in segments:
        assert segment.text.strip(), segments
        assert segment.text == segment.text.strip()
        assert "\n" not in segment.text
        assert 1 <= segment.line <= segment.last_line
    source = non_space(text.removeprefix("\ufeff"))
    result = non_space("".join(s.text for s in segments))
    dropped = sum(
        1 for r in repairs if r.kind == "hyphenation" and r.before.count("-") > r.after.count("-")
    )
    assert result.replace("-", "") == source.replace("-", "")
    assert source.count("-") - result.count("-") == dropped
    for repair in repairs:
        assert repair.first_line <= repair.last_line
        assert repair.before and repair.after and "\n" not in repair.before + repair.after


@settings(max_examples=200, deadline=None)
@given(articles)
def test_generated_articles_keep_every_character_and_give_no_empty_segment(text):
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_segmented_without_losing_characters(text):
    check(text.replace("\x00", ""))
