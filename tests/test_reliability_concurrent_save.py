"""A save that lands while publish updates the same catalogue is kept, never overwritten.

An editor's tool may save a catalogue at any moment, also between the moment ``publish update``
read it and the moment it replaces it: the update must then refuse to write (one line, status 2)
and leave the editor's save in place, for the next run to merge.
"""

from pathlib import Path

from conftest import DOC, copy_project, run_publish

from publish.po import writer


def make_english_stale(root: Path) -> Path:
    """Change a paragraph of the seed so that update has something to write in every catalogue."""
    source = root / "seeds" / f"{DOC}.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Qianhai", "Qian-hai", 1), encoding="utf-8")
    run_publish("-C", str(root), "extract", check=True)
    return root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"


def test_a_save_during_an_update_is_kept_and_the_update_refused(tmp_path, monkeypatch):
    root = copy_project(tmp_path)
    catalogue = make_english_stale(root)
    saved_by_the_translator = catalogue.read_bytes() + b"\n# saved by the translator\n"
    real_dumps = writer.dumps

    def dumps_while_the_translator_saves(po, *args, **kwargs):
        # The translator's tool saves the catalogue after publish read it, before it writes
        # (update --locale zh_CN writes no other catalogue).
        catalogue.write_bytes(saved_by_the_translator)
        return real_dumps(po, *args, **kwargs)

    monkeypatch.setattr(writer, "dumps", dumps_while_the_translator_saves)
    result = run_publish("-C", str(root), "update", "--locale", "zh_CN", DOC)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "changed by another program" in lines[0], lines
    assert catalogue.name in lines[0]
    assert catalogue.read_bytes() == saved_by_the_translator
    assert not [p for p in catalogue.parent.iterdir() if p.name != catalogue.name]


def test_an_update_with_no_save_in_between_writes(tmp_path):
    root = copy_project(tmp_path)
    catalogue = make_english_stale(root)
    before = catalogue.read_bytes()
    run_publish("-C", str(root), "update", "--locale", "zh_CN", DOC, check=True)
    assert catalogue.read_bytes() != before
