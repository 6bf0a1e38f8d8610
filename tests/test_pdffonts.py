"""The CJK fonts of the typeset PDFs: which faces, how many glyphs, and the right glyph for each."""

from __future__ import annotations

import io
import re
import subprocess

import pikepdf
import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from tests import pdfread
from tests.conftest import DOC

EN, ZH, BILINGUAL = f"{DOC}-en.pdf", f"{DOC}-zh_CN.pdf", f"{DOC}-en-zh_CN.pdf"
TEXT_FACE, DISPLAY_FACE = "Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC-Bold"
HAN = re.compile(r"[\u4e00-\u9fff]")


def cjk_fonts(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Dictionary]:
    """The CIDFonts of the PDF's CJK faces by face name, without the subset tag."""
    found = {}
    for font in pdf.objects:
        if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == "/CIDFontType0":
            found[str(font.BaseFont).split("+", 1)[1]] = font
    return found


def shown_codes(pdf: pikepdf.Pdf) -> dict[tuple[int, int], set[int]]:
    """For each font program (by object id), the two-byte codes the pages show in its fonts."""
    shown: dict[tuple[int, int], set[int]] = {}

    def walk(content: pikepdf.Object, resources: pikepdf.Dictionary) -> None:
        fonts = resources.get("/Font", pikepdf.Dictionary())
        program = None
        for operands, operator in pikepdf.parse_content_stream(content):
            if str(operator) == "Tf":
                descendant = fonts[str(operands[0])].get("/DescendantFonts")
                program = None
                if descendant is not None and descendant[0].Subtype == "/CIDFontType0":
                    program = descendant[0].FontDescriptor.FontFile3.objgen
            elif str(operator) in ("Tj", "TJ", "'", '"') and program is not None:
                shown_text = operands[-1]
                parts = shown_text if isinstance(shown_text, pikepdf.Array) else [shown_text]
                for part in parts:
                    if isinstance(part, pikepdf.String):
                        raw = bytes(part)
                        codes = (
                            int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)
                        )
                        shown.setdefault(program, set()).update(codes)
            elif str(operator) == "Do":
                form = resources.get("/XObject", pikepdf.Dictionary()).get(str(operands[0]))
                if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form":
                    walk(form, form.get("/Resources", resources))

    for page in pdf.pages:
        walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()))
    return shown


def cff_of(font: pikepdf.Dictionary) -> tuple[CFFFontSet, list[int]]:
    """The embedded CFF program of a CIDFont and the CID of each of its glyphs, in glyph order."""
    program = font.FontDescriptor.FontFile3
    assert program.Subtype in ("/CIDFontType0C", "/OpenType"), f"{font.BaseFont}: {program.Subtype}"
    if program.Subtype == "/OpenType":
        cff = TTFont(io.BytesIO(program.read_bytes()))["CFF "].cff
    else:
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(program.read_bytes()), None)
    charset = cff.topDictIndex[0].charset
    return cff, [0 if name == ".notdef" else int(name.removeprefix("cid")) for name in charset]


def latin_coverage(text: str) -> set[str]:
    """The characters of ``text`` that one of the faces the stylesheet names for Latin text has
    (the arrow of the corrections list is in Noto Sans Math); the others fall back to the CJK
    text face."""
    covered = set()
    for character in set(text):
        if character.isspace() or ord(character) < 0x80:
            covered.add(character)
            continue
        for family in ("Noto Serif", "Noto Sans", "Noto Sans Math"):
            query = f"{family}:charset={ord(character):x}"
            found = subprocess.run(["fc-list", query, "family"], capture_output=True, text=True)
            if found.stdout.strip():
                covered.add(character)
                break
    return covered


@pytest.mark.parametrize(
    "name, faces",
    # The English briefing sets no Chinese of its own; Chinese it quotes (a source's own words in
    # the glossary) and signs the Latin faces lack (→) are small regular text, so it embeds the
    # text face only, and only then.
    [(EN, None), (ZH, {TEXT_FACE, DISPLAY_FACE}), (BILINGUAL, {TEXT_FACE, DISPLAY_FACE})],
)
def test_chinese_is_set_in_one_text_face_and_one_display_face(built, name, faces):
    out, _ = built
    listing = subprocess.run(
        ["pdffonts", str(out / name)], capture_output=True, text=True, check=True
    ).stdout
    embedded = {line.split()[0].split("+", 1)[1] for line in listing.splitlines()[2:]}
    if faces is None:
        text = subprocess.run(
            ["pdftotext", str(out / name), "-"], capture_output=True, text=True, check=True
        ).stdout
        faces = {TEXT_FACE} if HAN.search(text) or set(text) - latin_coverage(text) else set()
    assert {face for face in embedded if "CJK" in face} == faces


@pytest.mark.parametrize("name", [ZH, BILINGUAL])
def test_cjk_fonts_hold_just_the_glyphs_the_pages_show(built, name):
    out, _ = built
    with pikepdf.open(out / name) as pdf:
        shown = shown_codes(pdf)
        fonts = cjk_fonts(pdf)
        assert fonts
        for face, font in fonts.items():
            cff, cids = cff_of(font)
            codes = shown[font.FontDescriptor.FontFile3.objgen]
            assert len(codes) > 10
            # Every code shown finds its glyph, and no glyph that no page shows has an outline
            # (the face was cut to the document's characters before layout: a glyph the pages
            # do not show stays as an empty slot of a few bytes).
            assert codes <= set(cids), face
            assert len(cids) == len(set(cids))
            charstrings = cff.topDictIndex[0].CharStrings
            drawn = {cid for cid in cids if outline(charstrings, cff_name(cid))}
            assert drawn <= codes | {0}, face


def installed_face(face: str) -> TTFont:
    """The installed font a face name of the PDF stands for, as fontconfig finds it."""
    family, _, style = face.partition("-SC")
    pattern = family.replace("-", " ") + " SC" + (":bold" if style == "-Bold" else "")
    located = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}", pattern], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    font = TTFont(located[0], fontNumber=int(located[1]), lazy=True)
    assert font["name"].getDebugName(4) == pattern.replace(":bold", " Bold")
    return font


def cff_name(cid: int) -> str:
    return ".notdef" if cid == 0 else f"cid{cid:05d}"


def outline(charstrings, name: str) -> list:
    pen = RecordingPen()
    charstrings[name].draw(pen)
    return pen.value


def test_each_hanzi_is_drawn_with_the_simplified_chinese_glyph_of_its_character(built):
    out, _ = built
    with pikepdf.open(out / BILINGUAL) as pdf:
        compared = 0
        for face, font in cjk_fonts(pdf).items():
            cff, cids = cff_of(font)
            embedded = cff.topDictIndex[0].CharStrings
            installed = installed_face(face)
            installed_outlines = installed["CFF "].cff.topDictIndex[0].CharStrings
            cmap = installed.getBestCmap()
            text = {}
            for type0 in pdf.objects:
                if (
                    isinstance(type0, pikepdf.Dictionary)
                    and "/DescendantFonts" in type0
                    and type0.DescendantFonts[0].objgen == font.objgen
                ):
                    text.update(pdfread._to_unicode(type0)[1])
            for cid in cids:
                character = text.get(cid, "")
                if len(character) != 1 or not HAN.match(character):
                    continue
                # The glyph drawn is the installed face's glyph for the character, whatever
                # its number in the embedded font.
                glyph = f"cid{cid:05d}"
                assert outline(embedded, glyph) == outline(
                    installed_outlines, cmap[ord(character)]
                ), f"{face}: {character}"
                compared += 1
        assert compared > 400
