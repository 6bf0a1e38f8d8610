"""The cut faces: made from the document's characters, reused while the text is the same, made
again when it changes, safe when several builds cut the same face at once."""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import subprocess
import time
from pathlib import Path

import pikepdf
import polib
import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from publish.render import subset
from tests.conftest import DOC, ROOT, copy_project, run_publish

ZH_PDF = f"build/{DOC}-zh_CN.pdf"
NEW_CHARACTER = "鑫"


def stylesheets() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted((ROOT / "templates").glob("*.css")))


def build(root: Path, *pdfs: str) -> None:
    run_publish("-C", str(root), "build", "--jobs", "1", *(pdfs or (ZH_PDF,)), check=True)


def cut_files(root: Path) -> dict[str, int]:
    """The cut faces in the build's cache, each with its inode (a rewrite gets a new one)."""
    return {p.name: p.stat().st_ino for p in sorted((root / "build" / ".fonts").glob("*.otf"))}


def embedded_cjk_glyph_counts(pdf_path: Path) -> dict[str, int]:
    counts = {}
    with pikepdf.open(pdf_path) as pdf:
        for font in pdf.objects:
            if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == "/CIDFontType0":
                program = TTFont(io.BytesIO(font.FontDescriptor.FontFile3.read_bytes()))
                counts[str(font.BaseFont).split("+", 1)[1]] = len(program.getGlyphOrder())
    return counts


def pdf_text(pdf_path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout


def outline(font: TTFont, glyph: str) -> list:
    pen = RecordingPen()
    font.getGlyphSet()[glyph].draw(pen)
    return pen.value


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("fontcache"))
    build(root)
    return root


def test_the_large_faces_the_stylesheets_name_are_the_ones_cut():
    faces = subset.faces_to_cut(stylesheets())
    families = set()
    for face in faces:
        installed = TTFont(face.path, fontNumber=face.index, lazy=True)
        families.add(installed["name"].getDebugName(1))
        assert os.stat(face.path).st_size >= subset.LARGE_FACE_BYTES
    # Every CJK family the house style names, and no Latin one (those are small files).
    assert {"Noto Serif CJK SC", "Noto Sans CJK SC"} <= families
    assert not families & {"Noto Serif", "Noto Sans"}


def test_a_cut_face_keeps_the_names_and_the_glyph_of_each_character(tmp_path):
    face = subset.faces_to_cut(stylesheets())[0]
    characters = subset.shown_characters("<p>粤港澳大湾区 Qianhai 2022年</p>", [])
    cut = TTFont(subset.cut_face(face, characters, tmp_path))
    installed = TTFont(face.path, fontNumber=face.index)
    for name_id in (1, 2, 4, 6):
        assert cut["name"].getDebugName(name_id) == installed["name"].getDebugName(name_id)
    assert cut["OS/2"].usWeightClass == installed["OS/2"].usWeightClass
    cut_cmap, installed_cmap = cut.getBestCmap(), installed.getBestCmap()
    assert set(cut_cmap) >= {ord(c) for c in characters} & set(installed_cmap)
    for character in "粤港澳大湾区Q2年":
        code = ord(character)
        assert outline(cut, cut_cmap[code]) == outline(installed, installed_cmap[code])
    # CID = glyph id, as WeasyPrint's text codes are the glyph ids of the face it loads.
    charset = cut["CFF "].cff.topDictIndex[0].charset
    assert charset[1:] == [f"cid{gid:05d}" for gid in range(1, len(charset))]


def test_the_pdf_embeds_the_cut_faces_and_chinese_copies_out(project):
    assert cut_files(project)
    counts = embedded_cjk_glyph_counts(project / ZH_PDF)
    assert any("CJK" in face for face in counts)
    # An installed Noto CJK face holds 65,535 glyphs, and WeasyPrint keeps every glyph id up
    # to the highest it shows: only a cut face gives a font this small.
    assert all(count < 5000 for count in counts.values()), counts
    assert "粤港澳科技创新合作论坛" in pdf_text(project / ZH_PDF).replace("\n", "")


def test_the_same_text_reuses_the_cut_faces(project):
    before = cut_files(project)
    (project / ZH_PDF).unlink()
    build(project)
    assert cut_files(project) == before


def test_a_new_character_cuts_new_faces_that_hold_it(project, tmp_path):
    root = copy_project(tmp_path / "project")
    shutil.copytree(project / "build", root / "build")
    assert NEW_CHARACTER not in pdf_text(root / ZH_PDF)
    before = cut_files(root)
    po_path = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{DOC}.po"
    catalogue = polib.pofile(str(po_path))
    entry = next(e for e in catalogue if e.msgstr and not e.obsolete and "fuzzy" not in e.flags)
    entry.msgstr += NEW_CHARACTER
    catalogue.save(str(po_path))
    build(root)
    after = cut_files(root)
    new = set(after) - set(before)
    assert new
    assert any(ord(NEW_CHARACTER) in TTFont(root / "build/.fonts" / n).getBestCmap() for n in new)
    # The faces of the old text stay, untouched, for a build of it.
    assert all(after[name] == inode for name, inode in before.items())
    assert NEW_CHARACTER in pdf_text(root / ZH_PDF)
    assert all(count < 5000 for count in embedded_cjk_glyph_counts(root / ZH_PDF).values())


def _cut_after(barrier, face, characters, cache, results) -> None:
    barrier.wait()
    results.put(str(subset.cut_face(face, characters, cache)))


def test_builds_cutting_the_same_face_at_once_agree(tmp_path):
    face = subset.faces_to_cut(stylesheets())[0]
    characters = subset.shown_characters("论坛在前海举行", [])
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(4), context.Queue()
    workers = [
        context.Process(target=_cut_after, args=(barrier, face, characters, tmp_path, results))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    paths = {results.get(timeout=120) for _ in workers}
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert len(paths) == 1
    assert [p.name for p in tmp_path.iterdir()] == [Path(paths.pop()).name]
    cut = TTFont(next(tmp_path.iterdir()))
    assert {ord(c) for c in "论坛在前海举行"} <= set(cut.getBestCmap())


def test_a_changed_font_file_is_cut_again(tmp_path):
    face = subset.faces_to_cut(stylesheets())[0]
    copy = tmp_path / "face.ttc"
    shutil.copy2(face.path, copy)
    moved = subset.Face(str(copy), face.index)
    first = subset.cut_face(moved, "前海", tmp_path / "cache")
    assert subset.cut_face(moved, "前海", tmp_path / "cache") == first
    os.utime(copy, (time.time() + 10, time.time() + 10))
    assert subset.cut_face(moved, "前海", tmp_path / "cache") != first


def test_pruning_removes_only_faces_unused_for_a_week(tmp_path):
    old, recent = tmp_path / "old.otf", tmp_path / "recent.otf"
    for path in (old, recent):
        path.write_bytes(b"OTTO")
    now = time.time()
    os.utime(old, (now - subset.CACHE_LIFETIME_SECONDS - 60,) * 2)
    os.utime(recent, (now - subset.CACHE_LIFETIME_SECONDS + 3600,) * 2)
    subset.prune(tmp_path, now)
    assert not old.exists()
    assert recent.exists()


def test_any_face_a_stylesheet_names_is_cut_and_keeps_its_glyph_forms(tmp_path):
    from publish.render.pdf import write_pdf

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.css").write_text(
        ':lang(zh-Hant) { font-family: "Noto Serif CJK TC", serif; }\n', encoding="utf-8"
    )
    html = (
        '<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="page.css"><title>骨</title></head>'
        "<body><p>骨肉相連，海峽兩岸</p></body></html>"
    )
    target = tmp_path / "build" / "tc.pdf"
    write_pdf(html, target, templates, "2022-06-30T00:00:00Z")
    assert list((tmp_path / "build" / ".fonts").glob("*.otf"))
    faces = subset.faces_to_cut(((templates / "page.css").read_text(),))
    installed = next(
        font
        for font in (TTFont(face.path, fontNumber=face.index, lazy=True) for face in faces)
        if font["name"].getDebugName(4) == "Noto Serif CJK TC"  # the regular weight
    )
    with pikepdf.open(target) as pdf:
        fonts = [
            f
            for f in pdf.objects
            if isinstance(f, pikepdf.Dictionary) and f.get("/Subtype") == "/CIDFontType0"
        ]
        assert [str(f.BaseFont).split("+", 1)[1] for f in fonts] == ["Noto-Serif-CJK-TC"]
        embedded = TTFont(io.BytesIO(fonts[0].FontDescriptor.FontFile3.read_bytes()))
    assert len(embedded.getGlyphOrder()) < 5000
    # The Traditional Chinese form of 骨, drawn from the cut face, is the installed TC glyph.
    glyph = installed.getBestCmap()[ord("骨")]
    drawn = [outline(embedded, name) for name in embedded.getGlyphOrder()]
    assert outline(installed, glyph) in drawn
    assert "骨肉相連" in pdf_text(target)


def test_the_characters_include_entities_spaces_and_generated_content():
    characters = subset.shown_characters(
        "<p>前海&nbsp;论坛\u3000&#x9F98;</p>",
        ['p::before { content: "\\201C" } @page { @top-left { content: "\\2014" } }'],
    )
    for expected in "前海论坛\u00a0\u3000\u9f98\u201c\u2014":
        assert expected in characters
    assert "\n" not in characters
    assert len(characters) == len(set(characters))


def test_a_cache_that_cannot_be_written_changes_nothing_in_the_pdf(project, tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "build").mkdir()
    (root / "build" / ".fonts").write_text("not a folder")
    build(root)
    assert (root / ZH_PDF).read_bytes() == (project / ZH_PDF).read_bytes()
    assert (root / "build" / ".fonts").read_text() == "not a folder"


def test_only_the_cjk_faces_of_the_pages_languages_are_cut():
    assert subset.cjk_regions('<p lang="en">Qianhai</p>') == {"SC"}
    assert subset.cjk_regions('<p lang="zh-Hans">前海</p><p lang="en">x</p>') == {"SC"}
    assert subset.cjk_regions('<p lang="zh-HK">前海</p>') == {"HK"}
    assert subset.cjk_regions("<p lang='zh-Hant-TW'>前海</p><p lang=\"ja\">x</p>") == {"TC", "JP"}
    hong_kong = subset.faces_to_cut(stylesheets(), subset.cjk_regions('<p lang="zh-HK">港</p>'))
    every_region = subset.faces_to_cut(stylesheets())
    assert hong_kong and set(hong_kong) < set(every_region)
    families = {
        TTFont(f.path, fontNumber=f.index, lazy=True)["name"].getDebugName(1) for f in hong_kong
    }
    assert families == {"Noto Serif CJK HK", "Noto Sans CJK HK"}, families
