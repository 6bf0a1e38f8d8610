"""The segmenter on the seed article."""

from __future__ import annotations

from publish.model import Role
from publish.segment import read_document
from tests.conftest import DOC, ROOT


def seed():
    return read_document(ROOT / "seeds" / f"{DOC}.txt", ROOT)


def test_no_segment_ends_mid_sentence():
    for segment in seed().body:
        if segment.role == Role.PARAGRAPH:
            assert segment.text[-1] in '.!?"”', segment.text[-40:]
            assert not segment.text.endswith((" The", " At the"))


def test_byline_is_its_own_segment():
    byline = seed().segments_of(Role.BYLINE)
    assert [s.text for s in byline] == ["Text/Yangcheng Evening News All-Media Reporter Li Yige"]


def test_both_subheadings_are_recognised():
    subheadings = [s.text for s in seed().segments_of(Role.SUBHEADING)]
    assert len(subheadings) == 2
    assert subheadings[1] == "Qianhai and University of Hong Kong carry out strategic cooperation"


def test_segmentation_is_deterministic():
    assert seed().segments == seed().segments
