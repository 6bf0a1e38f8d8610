"""The segmenter on the seed article, whose segments the committed catalogues are keyed on."""

from __future__ import annotations

import json
import tomllib

import polib

from publish.model import Role
from publish.segment import read_document
from tests.conftest import DOC, ROOT, run_publish


def seed():
    return read_document(ROOT / "seeds" / f"{DOC}.txt", ROOT)


def test_seed_msgids_equal_the_committed_template():
    pot = polib.pofile(str(ROOT / "locales" / f"{DOC}.pot"))
    assert [s.key for s in seed().segments] == [(e.msgctxt, e.msgid) for e in pot]


def test_seed_msgids_are_those_the_translations_are_keyed_on():
    keys = {s.key for s in seed().segments}
    for locale in ("en", "zh_CN"):
        po = polib.pofile(str(ROOT / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"))
        live = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
        assert live == keys, locale


def test_no_segment_ends_mid_sentence():
    for segment in seed().body:
        if segment.role == Role.PARAGRAPH:
            assert segment.text[-1] in '.!?"”', segment.text[-40:]
            assert not segment.text.endswith((" The", " At the"))


def test_byline_is_its_own_segment():
    document = seed()
    assert [s.text for s in document.segments_of(Role.BYLINE)] == [
        "Text/Yangcheng Evening News All-Media Reporter Li Yige"
    ]
    assert document.body[1].text.startswith("On June 30, the")
    assert document.dateline is None


def test_both_subheadings_are_recognised():
    subheadings = seed().subheadings
    assert [s.line for s in subheadings] == [5, 17]
    assert (
        subheadings[1].text == "Qianhai and University of Hong Kong carry out strategic cooperation"
    )


def test_every_structural_repair_is_listed_with_its_lines():
    repairs = [(r.kind, r.first_line, r.last_line) for r in seed().repairs]
    assert repairs == [
        ("byline", 1, 1),
        ("carry-over", 1, 3),
        ("subheading", 5, 5),
        ("punctuation spacing", 13, 13),
        ("punctuation spacing", 15, 15),
        ("quote padding", 15, 15),
        ("subheading", 17, 17),
        ("punctuation spacing", 19, 19),
        ("carry-over", 21, 23),
    ]


def test_segments_carry_their_source_lines():
    lines = [(s.role, s.line, s.last_line) for s in seed().body]
    assert lines[:4] == [
        (Role.BYLINE, 1, 1),
        (Role.PARAGRAPH, 1, 1),
        (Role.PARAGRAPH, 3, 3),
        (Role.SUBHEADING, 5, 5),
    ]
    assert lines[-2][1:] == (23, 23)


def test_segmentation_is_deterministic():
    assert seed().segments == seed().segments
    assert seed().repairs == seed().repairs


def test_repairs_command_lists_file_line_kind_before_and_after():
    result = run_publish("repairs", DOC, check=True)
    lines = result.stdout.splitlines()
    assert len(lines) == len(seed().repairs)
    assert lines[1] == (
        f"seeds/{DOC}.txt:1-3: carry-over: …was successfully held in Qianhai. The ¶ forum aims to "
        "promote the… -> …was successfully held in Qianhai. ¶ The forum aims to promote the…"
    )
    assert f"seeds/{DOC}.txt:19: punctuation spacing: " in lines[7]
    assert lines[7].endswith("agreement . Both parties will promote… -> …a strategic cooperation "
                             "framework agreement. Both parties will promote…")  # fmt: skip


def test_repairs_command_speaks_json():
    result = run_publish("repairs", "--json", DOC, check=True)
    records = json.loads(result.stdout)
    assert [r["kind"] for r in records] == [r.kind for r in seed().repairs]
    assert records[5] == {
        "kind": "quote padding",
        "path": f"seeds/{DOC}.txt",
        "first_line": 15,
        "last_line": 15,
        "before": '" Science and Technology China "',
        "after": '"Science and Technology China"',
        "description": "spaces just inside quotation marks removed",
    }


def test_the_seed_has_the_editors_headline_and_no_title_line_or_trailer_of_its_own():
    document = seed()
    assert document.headline_source == "editors"
    assert document.headline.path == f"seeds/{DOC}.toml"
    assert document.source_title is None
    assert document.trailers == ()
    # Key points and background are the editors' too: exactly those of the metadata file.
    translatable = tomllib.loads((ROOT / "seeds" / f"{DOC}.toml").read_text())["translatable"]
    assert [s.text for s in document.key_points] == translatable.get("key_points", [])
    background = document.background.text if document.background is not None else None
    assert background == translatable.get("background")
    editors = [*document.key_points, *([document.background] if document.background else [])]
    assert all(s.path == f"seeds/{DOC}.toml" for s in editors)
    assert not {"title", "run-in title", "trailer"} & {r.kind for r in document.repairs}
