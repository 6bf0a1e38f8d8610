"""The compiled-template cache saves time and is never a reason for a build to fail."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

from publish.render.html import CompiledTemplates

TEMPLATE = "page.html.j2"


def environment(templates: Path, cache: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        bytecode_cache=CompiledTemplates(str(cache)),
    )


def templates_in(folder: Path, text: str = "<p>{{ words }}</p>") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / TEMPLATE).write_text(text, encoding="utf-8")
    return folder


def test_a_compiled_template_is_kept_and_used_again(tmp_path):
    templates, cache = templates_in(tmp_path / "templates"), tmp_path / "cache"
    cache.mkdir()
    first = environment(templates, cache).get_template(TEMPLATE).render(words="a & b")
    entries = list(cache.iterdir())
    assert len(entries) == 1 and entries[0].stat().st_size > 0
    again = environment(templates, cache).get_template(TEMPLATE).render(words="a & b")
    assert again == first == "<p>a &amp; b</p>"


def test_a_changed_template_is_compiled_again(tmp_path):
    templates, cache = templates_in(tmp_path / "templates"), tmp_path / "cache"
    cache.mkdir()
    environment(templates, cache).get_template(TEMPLATE)
    templates_in(templates, "<li>{{ words }}</li>")
    assert environment(templates, cache).get_template(TEMPLATE).render(words="x") == "<li>x</li>"


def test_a_damaged_entry_is_compiled_again_and_replaced(tmp_path):
    templates, cache = templates_in(tmp_path / "templates"), tmp_path / "cache"
    cache.mkdir()
    environment(templates, cache).get_template(TEMPLATE)
    (entry,) = cache.iterdir()
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) // 3])
    assert environment(templates, cache).get_template(TEMPLATE).render(words="x") == "<p>x</p>"
    assert entry.read_bytes() == whole


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    templates, cache = templates_in(tmp_path / "templates"), tmp_path / "cache"
    cache.mkdir()
    env = environment(templates, cache)
    shutil.rmtree(cache)  # as good as a full disk: the entry cannot be written
    assert env.get_template(TEMPLATE).render(words="x") == "<p>x</p>"
    assert not cache.exists()
