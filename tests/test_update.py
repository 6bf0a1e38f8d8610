"""`publish update` against GNU msgmerge --previous as the oracle, and what it must never lose."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish import catalogue
from publish.catalogue.stats import STATES, state
from publish.catalogue.template import TEMPLATE_HEADER
from publish.po import reader, writer
from tests.conftest import DOC, ROOT, copy_project, run_publish
from tests.test_stats import system_catalogue

POT = ROOT / "locales" / f"{DOC}.pot"
ZH = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
EN = ROOT / "locales" / "en" / "LC_MESSAGES" / f"{DOC}.po"


# --- helpers -------------------------------------------------------------------------


def source_texts() -> list[str]:
    return [entry.msgid for entry in polib.pofile(str(POT))]


def template(texts: list[str], date: str = "2026-01-02 03:04+0000") -> polib.POFile:
    """A POT with one paragraph entry per text, as `publish extract` writes them."""
    pot = polib.POFile(wrapwidth=79)
    pot.header = "Test template."
    pot.metadata = {**TEMPLATE_HEADER, "Project-Id-Version": "test", "POT-Creation-Date": date}
    for number, text in enumerate(texts, 1):
        pot.append(
            polib.POEntry(
                msgid=text,
                comment=f"type: paragraph\nparagraph {number}",
                occurrences=[("seeds/test.txt", str(number * 2))],
            )
        )
    return pot


def write(path: Path, po: polib.POFile) -> Path:
    path.write_text(writer.dumps(po), encoding="utf-8")
    return path


def states(po: polib.POFile) -> dict[str, set[tuple]]:
    result: dict[str, set[tuple]] = {name: set() for name in STATES}
    for entry in po:
        if entry.msgid:
            result[state(entry)].add((entry.msgctxt, entry.msgid))
    return result


def translations_of(po: polib.POFile) -> dict[tuple, tuple]:
    """For each entry: its state, translation and previous msgid/msgctxt (shown in `#|`)."""
    return {
        (e.msgctxt, e.msgid, e.obsolete): (
            state(e),
            e.msgstr,
            e.previous_msgctxt,
            e.previous_msgid if not e.obsolete else None,
        )
        for e in po
        if e.msgid
    }


def msgmerge(old: Path, pot: Path, out: Path) -> polib.POFile:
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(out), str(old), str(pot)], check=True
    )
    return polib.pofile(str(out))


def msgfmt_check(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def ours(old: Path, pot: Path, out: Path) -> polib.POFile:
    merged = catalogue.merge(reader.load(pot), reader.load(old))
    write(out, merged)
    msgfmt_check(out)
    return polib.pofile(str(out))


# --- source edits ----------------------------------------------------------------------


def insert(texts: list[str]) -> list[str]:
    return [*texts[:3], "A new paragraph about the signing ceremony in Qianhai.", *texts[3:]]


def delete(texts: list[str]) -> list[str]:
    return texts[:5] + texts[6:]


def reword_slightly(texts: list[str]) -> list[str]:
    changed = list(texts)
    number = next(n for n, text in enumerate(texts) if n >= 5 and "promote" in text)
    changed[number] = changed[number].replace("promote", "advance", 1).replace(", and", " and", 1)
    return changed


def reword_heavily(texts: list[str]) -> list[str]:
    changed = list(texts)
    changed[7] = "Delegates toured laboratories and a start-up incubator after the speeches."
    return changed


def reorder(texts: list[str]) -> list[str]:
    changed = list(texts)
    changed[6], changed[9] = changed[9], changed[6]
    return changed


def split(texts: list[str]) -> list[str]:
    text = texts[8]
    cut = text.index(". ", len(text) // 3) + 1 if ". " in text[len(text) // 3 :] else len(text) // 2
    return [*texts[:8], text[:cut].strip(), text[cut:].strip(), *texts[9:]]


def join(texts: list[str]) -> list[str]:
    return [*texts[:10], texts[10] + " " + texts[11], *texts[12:]]


EDITS = [insert, delete, reword_slightly, reword_heavily, reorder, split, join]


def edited(texts: list[str], steps) -> list[str]:
    """The texts after each edit of ``steps`` in turn."""
    for step in steps:
        texts = step(texts)
    return texts


def translated_catalogue(texts: list[str]) -> polib.POFile:
    """The committed Chinese catalogue, limited to ``texts``; some entries left untranslated."""
    zh = {e.msgid: e.msgstr for e in polib.pofile(str(ZH))}
    po = catalogue.new_catalogue(template(texts, "2025-12-01 00:00+0000"), "zh_CN")
    for number, entry in enumerate(po):
        if number % 7 != 3:
            entry.msgstr = zh.get(entry.msgid, f"译文 {number}")
    return po


@pytest.mark.parametrize("edit", [*EDITS, "all"], ids=lambda e: getattr(e, "__name__", e))
def test_merge_agrees_with_msgmerge_previous(tmp_path, edit):
    texts = source_texts()
    old = write(tmp_path / "old.po", translated_catalogue(texts))
    changed = edited(texts, EDITS if edit == "all" else [edit])
    assert changed != texts
    pot = write(tmp_path / "new.pot", template(changed))
    expected = msgmerge(old, pot, tmp_path / "oracle.po")
    got = ours(old, pot, tmp_path / "ours.po")
    assert states(got) == states(expected)
    assert translations_of(got) == translations_of(expected)
    assert got.metadata["POT-Creation-Date"] == "2026-01-02 03:04+0000"
    assert list(got.metadata.items()) == list(expected.metadata.items())


def test_edits_produce_every_state(tmp_path):
    """The fixtures exercise what they claim: fuzzy matches, new entries and obsolete ones."""
    texts = source_texts()
    old = write(tmp_path / "old.po", translated_catalogue(texts))
    changed = edited(texts, EDITS)
    got = ours(old, write(tmp_path / "new.pot", template(changed)), tmp_path / "ours.po")
    counts = {name: len(keys) for name, keys in states(got).items()}
    assert all(counts[name] > 0 for name in STATES), counts
    assert any(e.previous_msgid for e in got if "fuzzy" in e.flags)


def test_fuzzy_matching_follows_msgmerge_on_edge_cases(tmp_path):
    """Context bonus, short strings, obsolete entries as candidates, already-fuzzy entries."""
    old = template(["x"])
    del old[0]
    # A header a translator or another tool reordered: msgmerge puts the known fields back in order.
    old.metadata = {
        "X-Poedit-Bookmarks": "1",
        "Language": "zh_CN",
        "Project-Id-Version": "test 0.9",
        "Content-Type": "text/plain; charset=UTF-8",
        "POT-Creation-Date": "2020-01-01 00:00+0000",
        "Last-Translator": "Wang Fang <wang@example.org>",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    entries = [
        ("Alpha beta gamma delta one", "甲", ["fuzzy"], "Alpha beta gamma delta zero", None),
        ("Obsolete paragraph about the forum in Qianhai", "旧", [], None, None),
        ("Same text", "同A", [], None, "a"),
        ("Same text", "同B", [], None, None),
        ("abc", "短", [], None, None),
        ("Gone and untranslated", "", [], None, None),
        ("Gone but translated", "留", [], None, None),
        ("Kept", "留下", ["no-wrap"], None, None),
        ("The delegates visited the new laboratory in Qianhai", "参观", [], None, None),
        ("A paragraph deleted once and now restored.", "恢复", [], None, None),
    ]
    for msgid, msgstr, flags, previous, context in entries:
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags))
        entry.previous_msgid = previous
        if context is not None:
            entry.msgctxt = context
        old.append(entry)
    old[1].obsolete = True
    old[-1].obsolete = True
    old_path = write(tmp_path / "old.po", old)
    new = template(
        [
            "Alpha beta gamma delta two",
            "Obsolete paragraph about the forum in Qianhai!",
            "Same texts",
            "abd",
            "Kept",
            "Entirely unrelated words",
            # 0.62 and 0.51 similar to the old laboratory sentence: msgmerge takes only the first.
            "Observers visited the old laboratory there",
            "Some officials visited a new lab",
            "A paragraph deleted once and now restored.",
        ]
    )
    pot = write(tmp_path / "new.pot", new)
    expected = msgmerge(old_path, pot, tmp_path / "oracle.po")
    got = ours(old_path, pot, tmp_path / "ours.po")
    assert list(got.metadata.items()) == list(expected.metadata.items())
    assert translations_of(got) == translations_of(expected)
    assert states(got)["fuzzy"] == {
        (None, "Alpha beta gamma delta two"),
        (None, "Obsolete paragraph about the forum in Qianhai!"),
        (None, "Same texts"),
        (None, "abd"),
        (None, "Observers visited the old laboratory there"),
    }
    assert (None, "Some officials visited a new lab") in states(got)["untranslated"]
    assert (None, "A paragraph deleted once and now restored.") in states(got)["translated"]


# --- nothing written by a translator is lost -----------------------------------------------

WORDS = [
    "forum",
    "Qianhai",
    "science",
    "innovation",
    "cooperation",
    "Hong",
    "Kong",
    "Macao",
    "Guangdong",
    "the",
    "of",
    "and",
    "in",
]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)

edit_steps = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 30), sentences),
    st.tuples(st.just("delete"), st.integers(0, 30), st.just("")),
    st.tuples(st.just("reword"), st.integers(0, 30), sentences),
    st.tuples(st.just("append"), st.integers(0, 30), sentences),
    st.tuples(st.just("swap"), st.integers(0, 30), st.just("")),
    st.tuples(st.just("translate"), st.integers(0, 30), st.just("")),
    st.tuples(st.just("review"), st.integers(0, 30), st.just("")),
)


def apply_edit(texts: list[str], step: tuple[str, int, str]) -> list[str]:
    kind, position, words = step
    texts = list(texts)
    index = position % len(texts) if texts else 0
    if kind == "insert":
        texts.insert(index, words)
    elif kind == "delete" and len(texts) > 1:
        del texts[index]
    elif kind == "reword" and texts:
        texts[index] = words
    elif kind == "append" and texts:
        texts[index] = f"{texts[index]} {words}"
    elif kind == "swap" and len(texts) > 1:
        texts[index], texts[-1] = texts[-1], texts[index]
    # Duplicate msgids would need msgctxt, which the segmenter adds; keep texts distinct here.
    return list(dict.fromkeys(texts))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=st.lists(sentences, min_size=1, max_size=6, unique=True),
    steps=st.lists(edit_steps, min_size=1, max_size=10),
)
def test_no_translation_is_ever_lost(tmp_path, start, steps):
    """Random source edits, updates, translations and reviews: every msgstr a translator wrote
    stays in the catalogue (active, fuzzy or obsolete), msgfmt -c accepts every file, and a
    second update changes nothing."""
    texts = list(start)
    po = catalogue.new_catalogue(template(texts), "zh_CN")
    written: set[str] = set()
    path = tmp_path / "zh.po"
    for counter, step in enumerate(steps):
        kind, position, _ = step
        active = [e for e in po if not e.obsolete]
        if kind == "translate":
            empty = [e for e in active if not e.msgstr]
            if empty:
                entry = empty[position % len(empty)]
                entry.msgstr = f"译文{counter}"
                written.add(entry.msgstr)
            continue
        if kind == "review":
            for entry in active:
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                    entry.previous_msgid = None
                    break
            continue
        texts = apply_edit(texts, step)
        po = catalogue.merge(template(texts), po)
        write(path, po)
        msgfmt_check(path)
        po = reader.load(path)
        again = writer.dumps(catalogue.merge(template(texts), po))
        assert again == path.read_text(encoding="utf-8"), "a second update changed the file"
        kept = {e.msgstr for e in po}
        assert written <= kept, written - kept
        assert [e.msgid for e in po if not e.obsolete] == texts


# --- what the translator edited by hand survives --------------------------------------------


def test_hand_edits_survive_update(tmp_path):
    root = copy_project(tmp_path)
    path = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    po = reader.load(path)
    po.header = "Chinese translation of the Qianhai briefing.\nCopyright notice kept by hand."
    po.metadata["Last-Translator"] = "Wang Fang <wang@example.org>"
    po.metadata["PO-Revision-Date"] = "2026-11-20 10:00+0800"
    po.metadata["X-Poedit-Bookmarks"] = "1,3"
    entries = [e for e in po if not e.obsolete]
    entries[0].tcomment = "Headline checked against the print edition."
    entries[1].flags.append("no-wrap")
    entries[2].flags.append("c-format")
    entries[3].flags.append("my-custom-flag")
    entries[4].msgstr = "译者改过的译文。"
    write(path, po)
    before = polib.pofile(str(path))
    run_publish("-C", str(root), "update", check=True)
    after = polib.pofile(str(path))
    assert after.header == before.header
    assert after.metadata == before.metadata
    assert list(after.metadata) == list(before.metadata)
    assert [(e.msgid, e.msgstr, e.tcomment, e.flags, e.comment) for e in after] == [
        (e.msgid, e.msgstr, e.tcomment, e.flags, e.comment) for e in before
    ]
    msgfmt_check(path)


def test_update_keeps_the_committed_translations(tmp_path):
    root = copy_project(tmp_path)
    run_publish("-C", str(root), "update", check=True)
    for locale in ("en", "zh_CN"):
        committed = polib.pofile(str(ROOT / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"))
        updated = polib.pofile(str(root / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"))
        assert catalogue.statistics(updated).entries["translated"] == len(committed)
        assert [(e.msgid, e.msgstr) for e in updated] == [(e.msgid, e.msgstr) for e in committed]
        assert not [e for e in updated if e.obsolete or "fuzzy" in e.flags]


def test_a_changed_source_leaves_the_old_translation_fuzzy_through_the_command(tmp_path):
    root = copy_project(tmp_path)
    seed = root / "seeds" / f"{DOC}.txt"
    text = seed.read_text(encoding="utf-8")
    original = "forum aims to promote the reform"
    assert original in text
    seed.write_text(text.replace(original, "forum aims to advance the reform"), "utf-8")
    run_publish("-C", str(root), "extract", check=True)
    run_publish("-C", str(root), "update", check=True)
    zh = reader.load(root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po")
    [entry] = [e for e in zh if e.msgid.startswith("The forum aims to advance")]
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid.startswith("The " + original)
    assert entry.msgstr.startswith("论坛旨在推动")
    assert not [e for e in zh if e.obsolete]
    for path in (root / "locales").glob("*/LC_MESSAGES/*.po"):
        msgfmt_check(path)


# --- the pivot: zh follows the corrected English -------------------------------------------


def pivot_pair(english: str, chinese: str = "中文译文", english_fuzzy: bool = False):
    pot = template(["Garbled source sentence about the forum."])
    en = catalogue.new_catalogue(pot, "en")
    en[0].msgstr = english
    if english_fuzzy:
        en[0].flags.append("fuzzy")
    zh = catalogue.new_catalogue(pot, "zh_CN")
    zh[0].msgstr = chinese
    return pot, en, zh


def update_zh(pot, en, zh) -> polib.POFile:
    return catalogue.set_pivot(catalogue.merge(pot, zh), en)


def pivot_lines(entry: polib.POEntry) -> list[str]:
    return [line for line in entry.comment.split("\n") if line.startswith("en")]


def test_a_changed_correction_makes_the_translation_fuzzy_until_reviewed():
    pot, en, zh = pivot_pair("The forum was held.")
    zh = update_zh(pot, en, zh)
    assert pivot_lines(zh[0]) == ["en: The forum was held."]
    assert "fuzzy" not in zh[0].flags

    en[0].msgstr = "The forum took place in Qianhai."
    zh = update_zh(pot, en, zh)
    assert "fuzzy" in zh[0].flags
    assert pivot_lines(zh[0]) == [
        "en: The forum took place in Qianhai.",
        "en (was): The forum was held.",
    ]
    assert zh[0].msgstr == "中文译文"
    once = writer.dumps(zh)
    assert writer.dumps(update_zh(pot, en, polib.pofile(once))) == once

    # A second correction before the review: the translation was still made from the first.
    en[0].msgstr = "The forum took place in Qianhai, Shenzhen."
    zh = update_zh(pot, en, zh)
    assert pivot_lines(zh[0])[1] == "en (was): The forum was held."

    # The translator reviews in Poedit: clearing the fuzzy flag is all it takes.
    reviewed = polib.pofile(writer.dumps(zh))
    reviewed[0].flags.remove("fuzzy")
    zh = update_zh(pot, en, reviewed)
    assert "fuzzy" not in zh[0].flags
    assert pivot_lines(zh[0]) == ["en: The forum took place in Qianhai, Shenzhen."]
    settled = writer.dumps(zh)
    assert writer.dumps(update_zh(pot, en, polib.pofile(settled))) == settled


def test_a_correction_under_review_does_not_disturb_translators():
    pot, en, zh = pivot_pair("The forum was held.")
    zh = update_zh(pot, en, zh)
    en[0].msgstr = "A proposal the editors have not accepted yet."
    en[0].flags.append("fuzzy")
    zh = update_zh(pot, en, zh)
    assert "fuzzy" not in zh[0].flags
    assert pivot_lines(zh[0]) == ["en: The forum was held."]


def test_a_pivot_catalogue_not_yet_updated_does_not_disturb_translators():
    pot, en, zh = pivot_pair("The forum was held.")
    zh = update_zh(pot, en, zh)
    changed = template(["Garbled source sentence about the forum, reworded."])
    zh = update_zh(changed, en, zh)
    assert zh[0].previous_msgid == "Garbled source sentence about the forum."
    assert pivot_lines(zh[0]) == ["en: The forum was held."]


def test_an_untranslated_entry_just_follows_the_correction():
    pot, en, zh = pivot_pair("The forum was held.", chinese="")
    zh = update_zh(pot, en, zh)
    en[0].msgstr = "The forum took place."
    zh = update_zh(pot, en, zh)
    assert "fuzzy" not in zh[0].flags
    assert pivot_lines(zh[0]) == ["en: The forum took place."]


def test_without_a_correction_the_pivot_is_the_source():
    pot, en, zh = pivot_pair("", chinese="")
    zh = update_zh(pot, en, zh)
    assert pivot_lines(zh[0]) == ["en: Garbled source sentence about the forum."]


def test_the_pivot_survives_as_a_comment_of_obsolete_entries(tmp_path):
    pot, en, zh = pivot_pair("The forum was held.")
    zh = update_zh(pot, en, zh)
    gone = catalogue.merge(template(["Something else entirely, nothing alike."]), zh)
    [obsolete] = [e for e in gone if e.obsolete]
    assert pivot_lines(obsolete) == ["en: The forum was held."]
    assert obsolete.msgstr == "中文译文"
    back = update_zh(pot, en, gone)
    assert back[0].msgstr == "中文译文" and "fuzzy" not in back[0].flags
    msgfmt_check(write(tmp_path / "zh.po", back))


def test_a_changed_correction_in_the_project_flags_only_that_entry(tmp_path):
    root = copy_project(tmp_path)
    en_path = root / "locales" / "en" / "LC_MESSAGES" / f"{DOC}.po"
    en = reader.load(en_path)
    [target] = [e for e in en if e.comment.startswith("type: short title")]
    old_english = target.msgstr
    target.msgstr = "Greater Bay Area innovation forum"
    write(en_path, en)
    run_publish("-C", str(root), "update", check=True)
    zh_path = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    zh = reader.load(zh_path)
    fuzzy = [e for e in zh if "fuzzy" in e.flags]
    assert [e.msgid for e in fuzzy] == [target.msgid]
    assert f"en (was): {old_english}" in fuzzy[0].comment
    assert "en: Greater Bay Area innovation forum" in fuzzy[0].comment
    text = zh_path.read_text(encoding="utf-8")
    assert "#. en (was): " + old_english in text
    before = zh_path.read_bytes()
    run_publish("-C", str(root), "update", check=True)
    assert zh_path.read_bytes() == before
    msgfmt_check(zh_path)


# --- a new locale ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "plural_forms", "team"),
    [
        ("de", "nplurals=2; plural=(n != 1);", "German"),
        ("zh_TW", "nplurals=1; plural=0;", "Chinese (Traditional, Taiwan)"),
        # CLDR's Russian rule; msgfmt -c below checks that it is well formed for 3 forms.
        ("ru", "nplurals=3; ", "Russian"),
    ],
)
def test_init_writes_a_complete_header_and_the_pivot(
    tmp_path, monkeypatch, locale, plural_forms, team
):
    root = copy_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run_publish("-C", str(root), "init", locale, check=True)
    path = root / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"
    po = reader.load(path)
    assert po.metadata["Language"] == locale
    assert po.metadata["Plural-Forms"].startswith(plural_forms)
    assert po.metadata["Language-Team"] == team
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Content-Transfer-Encoding"] == "8bit"
    assert po.metadata["PO-Revision-Date"] == "2023-11-14 22:13+0000"
    assert po.metadata["Last-Translator"] == "FULL NAME <EMAIL@ADDRESS>"
    assert po.metadata["POT-Creation-Date"] == reader.load(POT).metadata["POT-Creation-Date"]
    english = {e.msgid: e.msgstr for e in reader.load(EN)}
    assert [pivot_lines(e) for e in po] == [[f"en: {english[e.msgid]}"] for e in po]
    assert all(e.msgstr == "" for e in po)
    msgfmt_check(path)
    before = path.read_bytes()
    run_publish("-C", str(root), "update", check=True)
    assert path.read_bytes() == before


def test_merge_agrees_with_msgmerge_on_a_real_catalogue(tmp_path):
    """A real catalogue with plurals: the source keeps its first 800 entries, a fifth of them
    deleted and a fourth retyped."""
    real = system_catalogue(tmp_path)
    po = reader.load(real)
    pot = template([])
    rng = random.Random(4)
    for number, entry in enumerate(po[:800]):
        if number % 5 == 0:
            continue
        msgid = entry.msgid
        if number % 4 == 0 and len(msgid) > 4:
            cut = rng.randrange(len(msgid))
            msgid = msgid[:cut] + "x" + msgid[cut + 1 :]
        new = polib.POEntry(msgid=msgid, msgctxt=entry.msgctxt)
        if entry.msgid_plural:
            new.msgid_plural = entry.msgid_plural
            new.msgstr_plural = {0: "", 1: ""}
        pot.append(new)
    pot_path = write(tmp_path / "new.pot", pot)
    expected = msgmerge(real, pot_path, tmp_path / "oracle.po")
    got = ours(real, pot_path, tmp_path / "ours.po")
    assert translations_of(got) == translations_of(expected)
    assert {e.msgid: e.msgstr_plural for e in got} == {e.msgid: e.msgstr_plural for e in expected}
    counts = {name: len(keys) for name, keys in states(got).items()}
    assert counts["fuzzy"] > 100 and counts["obsolete"] > 100, counts


def test_a_second_update_changes_nothing_even_after_fuzzy_entries_go_obsolete(tmp_path):
    texts = source_texts()
    old = write(tmp_path / "old.po", translated_catalogue(texts))
    changed = edited(texts, EDITS)
    first = tmp_path / "first.po"
    merged = ours(old, write(tmp_path / "new.pot", template(changed)), first)
    fuzzy = {e.msgid for e in merged if "fuzzy" in e.flags}
    assert fuzzy and all(e.previous_msgid for e in merged if e.msgid in fuzzy)
    # The reworded segments are deleted in turn: their fuzzy entries become obsolete.
    pot = write(tmp_path / "newer.pot", template([t for t in changed if t not in fuzzy]))
    second = tmp_path / "second.po"
    after = ours(first, pot, second)
    assert {e.msgid for e in after if e.obsolete} >= fuzzy
    third = tmp_path / "third.po"
    ours(second, pot, third)
    assert third.read_bytes() == second.read_bytes()


def test_a_record_a_tool_rewrapped_or_stripped_leaves_the_translation_as_it_was():
    english = (
        "Promoting science and technology innovation cooperation among Guangdong, Hong Kong "
        "and Macao has become a subject-first consensus"
    )
    pot, en, zh = pivot_pair(english)
    zh = update_zh(pot, en, zh)
    settled = writer.dumps(zh)
    # polib and Babel wrap the comment with textwrap; plain msgmerge drops every #. line.
    rewrapped = polib.pofile(settled, wrapwidth=40)
    rewrapped = polib.pofile(rewrapped.__unicode__())
    assert len(rewrapped[0].comment.split("\n")) > 4
    stripped = polib.pofile(settled)
    stripped[0].comment = ""
    for tool_output in (rewrapped, stripped):
        again = update_zh(pot, en, tool_output)
        assert "fuzzy" not in again[0].flags
        assert writer.dumps(again) == settled
    # A change of the English is still seen through the wrapping.
    en[0].msgstr = english.replace("consensus", "shared view")
    again = update_zh(pot, en, polib.pofile(rewrapped.__unicode__()))
    assert "fuzzy" in again[0].flags
    assert pivot_lines(again[0])[1] == f"en (was): {english}"
