"""The language marks of the structure tree, at the seam with WeasyPrint."""

from __future__ import annotations

import pytest
from weasyprint.pdf import tags

from publish import pdflang
from publish.errors import PublishError


def test_the_hook_is_undone_after_the_block():
    before = tags._build_box_tree
    with pdflang.marking_languages("en"):
        assert tags._build_box_tree is not before
    assert tags._build_box_tree is before


def test_the_hook_is_undone_when_writing_fails():
    before = tags._build_box_tree
    with pytest.raises(RuntimeError), pdflang.marking_languages("en"):
        raise RuntimeError("layout failed")
    assert tags._build_box_tree is before


def test_a_weasyprint_without_the_seam_is_refused_in_one_line(monkeypatch):
    monkeypatch.delattr(tags, "_build_box_tree")
    assert not pdflang.supported()
    with pytest.raises(PublishError, match=r"pyproject\.toml"), pdflang.marking_languages("en"):
        pass
