"""`publish stats`: counts that agree with `msgfmt --statistics`, as a table and as JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib

from publish import catalogue
from publish.catalogue.stats import STATES
from publish.po import reader, writer
from tests.conftest import DOC, copy_project, msgfmt_statistics, run_publish

SYSTEM_CATALOGUES = Path("/usr/share/locale/zh_CN/LC_MESSAGES")


def entry_counts(path: Path) -> dict[str, int]:
    counts = catalogue.statistics(reader.load(path)).entries
    return {name: counts[name] for name in ("translated", "fuzzy", "untranslated")}


def test_counts_agree_with_msgfmt_on_every_kind_of_entry(tmp_path):
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.append(polib.POEntry(msgid="fuzzy but empty", msgstr="", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="fuzzy", msgstr="模糊", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="done", msgstr="完成"))
    po.append(polib.POEntry(msgid="open", msgstr=""))
    po.append(
        polib.POEntry(msgid="one file", msgid_plural="%d files", msgstr_plural={0: "x", 1: ""})
    )
    po.append(polib.POEntry(msgid="one day", msgid_plural="%d days", msgstr_plural={0: "", 1: "y"}))
    po.append(polib.POEntry(msgid="gone", msgstr="走了", obsolete=True))
    path = tmp_path / "kinds.po"
    path.write_text(writer.dumps(po), encoding="utf-8")
    assert (
        entry_counts(path)
        == msgfmt_statistics(path)
        == {
            "translated": 2,
            "fuzzy": 1,
            "untranslated": 3,
        }
    )
    stats = catalogue.statistics(reader.load(path))
    assert stats.entries["obsolete"] == 1
    assert stats.words["obsolete"] == 1
    assert stats.words["untranslated"] == 6  # "fuzzy but empty", "open", "one day"


def system_catalogue(tmp_path: Path) -> Path:
    """A real, large Chinese catalogue decompiled from the system's locale data."""
    candidates = [SYSTEM_CATALOGUES / f"{name}.mo" for name in ("coreutils", "bash", "apt")]
    candidates += sorted(SYSTEM_CATALOGUES.glob("*.mo"))
    mo = next(path for path in candidates if path.exists())
    target = tmp_path / f"{mo.stem}.po"
    subprocess.run(["msgunfmt", "-o", str(target), str(mo)], check=True)
    return target


def test_counts_agree_with_msgfmt_on_a_real_catalogue(tmp_path):
    real = system_catalogue(tmp_path)
    assert entry_counts(real) == msgfmt_statistics(real)
    assert entry_counts(real)["translated"] > 50
    # The same catalogue with review work left: every 5th entry fuzzy, every 7th emptied.
    po = reader.load(real)
    for number, entry in enumerate(po):
        if number % 5 == 0:
            entry.flags.append("fuzzy")
        if number % 7 == 0:
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
    edited = tmp_path / "edited.po"
    edited.write_text(writer.dumps(po), encoding="utf-8")
    counts = entry_counts(edited)
    assert counts == msgfmt_statistics(edited)
    assert counts["fuzzy"] > 0 and counts["untranslated"] > 0


def test_stats_command_prints_an_aligned_table_and_matching_json(tmp_path):
    root = copy_project(tmp_path)
    zh = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    po = reader.load(zh)
    entries = [e for e in po if not e.obsolete]
    entries[3].msgstr = ""
    entries[4].flags.append("fuzzy")
    zh.write_text(writer.dumps(po), encoding="utf-8")

    table = run_publish("-C", str(root), "stats", check=True).stdout.splitlines()
    assert table[0].split() == [
        "document",
        "locale",
        "count",
        "translated",
        "fuzzy",
        "untranslated",
        "obsolete",
        "done",
    ]
    assert len(table) == 5
    # Right-aligned numbers: every column ends where its heading ends.
    for heading in ("translated", "fuzzy", "untranslated", "obsolete"):
        end = table[0].index(heading) + len(heading)
        for line in table[1:]:
            assert line[end - 1].isdigit() and (len(line) == end or line[end] == " "), line

    rows = json.loads(run_publish("-C", str(root), "stats", "--json", check=True).stdout)
    by_locale = {row["locale"]: row for row in rows}
    assert set(by_locale) == {"en", "zh_CN"}
    # Counted from the catalogue as written: whatever the seed, one entry emptied, one fuzzy.
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    empty = [e for e in entries if not e.msgstr and e not in fuzzy]
    assert entries[3] in empty and entries[4] in fuzzy
    assert by_locale["zh_CN"]["entries"] == {
        "translated": len(entries) - len(fuzzy) - len(empty),
        "fuzzy": len(fuzzy),
        "untranslated": len(empty),
        "obsolete": 0,
    }
    assert {k: v for k, v in by_locale["zh_CN"]["entries"].items() if k != "obsolete"} == (
        msgfmt_statistics(zh)
    )
    words = by_locale["zh_CN"]["words"]
    assert words["untranslated"] == len(entries[3].msgid.split())
    assert words["fuzzy"] == len(entries[4].msgid.split())
    zh_line = next(line for line in table if " zh_CN " in line and " words " in line)
    assert zh_line.split()[3:7] == [str(words[k]) for k in STATES]
    assert zh_line.endswith(f"{int(by_locale['zh_CN']['percent_translated'])}%")

    one = json.loads(run_publish("-C", str(root), "stats", "--json", str(zh), check=True).stdout)
    assert [row["locale"] for row in one] == ["zh_CN"]
