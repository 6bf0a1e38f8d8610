"""Real-world catalogues: the system's Chinese translations, decompiled with msgunfmt.

They are valid by GNU's rules, so the strict reader must accept every one and count its
messages as ``msgfmt --statistics`` does; ``stats`` and ``check`` (when the command line has
them) must run on them without error.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from publish import cli
from publish.po import reader
from tests.conftest import (
    DOC,
    SYSTEM_CATALOGUES,
    copy_project,
    decompile,
    msgfmt_statistics,
    run_publish,
)

LISTED = set(re.findall(r"^\s{4}(\w+)\s", cli.parser().format_help(), flags=re.M))


@pytest.fixture(scope="module")
def decompiled(tmp_path_factory) -> list[Path]:
    sources = sorted(SYSTEM_CATALOGUES.glob("*.mo"))
    return decompile(sources, tmp_path_factory.mktemp("system-zh_CN"))


def test_the_machine_has_chinese_catalogues_to_try(decompiled):
    assert len(decompiled) >= 10


def test_the_strict_reader_accepts_them_and_counts_as_msgfmt_does(decompiled):
    for path in decompiled:
        po = reader.load(path)
        live = [e for e in po if not e.obsolete]
        fuzzy = [e for e in live if "fuzzy" in e.flags]
        translated = [
            e
            for e in live
            if e not in fuzzy
            and (all(e.msgstr_plural.values()) if e.msgid_plural else bool(e.msgstr))
        ]
        untranslated = len(live) - len(fuzzy) - len(translated)
        counted = {"translated": len(translated), "fuzzy": len(fuzzy), "untranslated": untranslated}
        assert counted == msgfmt_statistics(path), path.name


def takes_paths(command: str) -> bool:
    return ".po" in run_publish(command, "--help").stdout


def test_the_catalogue_commands_on_this_branch_read_them(decompiled, tmp_path, capsys):
    """stats and check, whichever the command line lists: findings (check's exit 1) are fine,
    an error (exit 2) or a crash is not."""
    for command in [c for c in ("stats", "check") if c in LISTED]:
        if takes_paths(command):
            status = cli.main([command, *map(str, decompiled)])
            out, err = capsys.readouterr()
            assert status in (0, 1) if command == "check" else status == 0, err
            assert out.strip() or command == "check"
            continue
        root = copy_project(tmp_path / command)
        target = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
        for path in decompiled:
            shutil.copyfile(path, target)
            status = cli.main(["-C", str(root), command])
            out, err = capsys.readouterr()
            assert status in (0, 1), f"{command} on {path.name}: {err}"
