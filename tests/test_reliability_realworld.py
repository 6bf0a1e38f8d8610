"""Real-world catalogues: the system's Chinese translations, decompiled with msgunfmt.

They are valid by GNU's rules, so the strict reader must accept every one and count its
messages as ``msgfmt --statistics`` does, and ``stats`` must run on them without error
(``check`` runs on them in test_check.py).
"""

from __future__ import annotations

from publish.po import reader
from tests.conftest import msgfmt_statistics, run_publish


def test_the_machine_has_chinese_catalogues_to_try(system_catalogues):
    assert len(system_catalogues) >= 10


def test_the_strict_reader_accepts_them_and_counts_as_msgfmt_does(system_catalogues):
    for path in system_catalogues:
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


def test_stats_reads_them(system_catalogues):
    result = run_publish("stats", *map(str, system_catalogues))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
