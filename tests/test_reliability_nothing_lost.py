"""Nothing a translator wrote is lost by ``update``: comments, custom flags and header edits."""

from __future__ import annotations

from publish.po import reader, writer
from tests.conftest import DOC, copy_project, run_publish

HEADER_EDITS = {
    "Last-Translator": "Wang Fang <wang.fang@example.org>",
    "Language-Team": "Briefing desk <desk@example.org>",
    "PO-Revision-Date": "2026-11-20 09:30+0800",
    "X-Poedit-Basepath": "../../..",
    "X-Reviewed-By": "Chen Lei",
}


def hand_edit(path):
    """Edit a catalogue the way Poedit or a text editor would leave it."""
    po = reader.load(path)
    po.header += "\nReviewed line by line against the corrected English, November 2026."
    po.metadata.update(HEADER_EDITS)
    edited = {}
    for number, entry in enumerate(e for e in po if not e.obsolete and e.msgstr):
        entry.tcomment = "\n".join(
            filter(None, [entry.tcomment, f"Checked by the desk, note {number}.", "", "  indented"])
        )
        entry.flags = [*entry.flags, "x-reviewed", f"x-round-{number % 3}"]
        if number % 4 == 0:
            entry.flags.append("fuzzy")
        edited[(entry.msgctxt, entry.msgid)] = (entry.tcomment, sorted(entry.flags), entry.msgstr)
    path.write_text(writer.dumps(po), encoding="utf-8")
    return po, edited


def test_update_keeps_comments_custom_flags_and_the_header(tmp_path):
    root = copy_project(tmp_path)
    path = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    before, edited = hand_edit(path)
    assert len(edited) >= 5

    run_publish("-C", str(root), "update", check=True)
    after = reader.load(path)

    assert after.header == before.header
    for key, value in HEADER_EDITS.items():
        assert after.metadata.get(key) == value, key
    # Flags may be reordered (GNU writes fuzzy first); none may go.
    kept = {(e.msgctxt, e.msgid): (e.tcomment, sorted(e.flags), e.msgstr) for e in after}
    lost = {key: (old, kept.get(key)) for key, old in edited.items() if kept.get(key) != old}
    assert lost == {}


def test_update_of_a_hand_edited_catalogue_is_then_stable(tmp_path):
    root = copy_project(tmp_path)
    path = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    hand_edit(path)
    run_publish("-C", str(root), "update", check=True)
    once = path.read_bytes()
    run_publish("-C", str(root), "update", check=True)
    assert path.read_bytes() == once
