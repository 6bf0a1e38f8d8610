"""Embed each CID-keyed CFF font with only the glyphs the PDF shows.

WeasyPrint subsets a font but keeps every glyph id up to the highest one used, so that the codes
in its text can stay glyph ids. A Chinese text reaches glyph ids near 60,000 in the Noto CJK
faces, and each face then carries some 60,000 empty glyph slots: more than 100 KiB per face
even when it sets a single running head. In a CID-keyed CFF font the charset maps each glyph to
its CID, and a PDF viewer finds a glyph by the CID its text shows, through that charset. So the
font can hold just the glyphs used, each keeping its CID, and the text, its widths and its
ToUnicode map stay exactly as they are. The font is embedded as a bare CFF program
(``/CIDFontType0C``), the form every PDF reader has looked CIDs up in since PDF 1.3.

HarfBuzz's subsetter does the cutting (a few milliseconds a face): for a CID-keyed font it
renumbers the glyphs but writes each one's original CID into the charset.
"""

from __future__ import annotations

import io

import pikepdf
import uharfbuzz
from fontTools.cffLib import CFFFontSet

CFF_TAG = "CFF "


def _widths_cids(font: pikepdf.Dictionary) -> set[int]:
    """The CIDs a CIDFont gives widths for: WeasyPrint lists every glyph it sets in ``/W``."""
    widths = list(font.get("/W", pikepdf.Array()))
    cids: set[int] = set()
    index = 0
    while index < len(widths):
        first = int(widths[index])
        if isinstance(widths[index + 1], pikepdf.Array):
            cids.update(range(first, first + len(widths[index + 1])))
            index += 2
        else:
            cids.update(range(first, int(widths[index + 1]) + 1))
            index += 3
    return cids


def _is_cid_keyed(cff: bytes) -> bool:
    """Whether a CFF program is CID-keyed: its Top DICT has ROS (the glyphs are read lazily)."""
    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(cff), None)
    return hasattr(fonts.topDictIndex[0], "ROS")


def _cid_keyed_cff(program: bytes, cids: set[int]) -> bytes | None:
    """The CFF of an OpenType font cut down to the glyphs of ``cids``; None if not CID-keyed."""
    face = uharfbuzz.Face(program)
    if CFF_TAG not in face.table_tags:
        return None
    wanted = uharfbuzz.SubsetInput()
    # Glyph id and CID coincide in WeasyPrint's subsets; the charset carries the CIDs over.
    for glyph in sorted(cids | {0}):
        wanted.glyph_set.add(glyph)
    wanted.flags = uharfbuzz.SubsetFlags.NOTDEF_OUTLINE
    compact = uharfbuzz.subset(face, wanted)
    if compact is None:
        return None
    cff = compact.reference_table(CFF_TAG).data
    # A name-keyed CFF finds glyphs by glyph id, which the subsetter has just renumbered.
    return cff if _is_cid_keyed(cff) else None


def compact_cid_fonts(pdf: pikepdf.Pdf) -> None:
    """Replace every embedded CID-keyed OpenType CFF font by a CFF of just the glyphs used."""
    users: dict[tuple[int, int], list[pikepdf.Dictionary]] = {}
    for candidate in pdf.objects:
        if not isinstance(candidate, pikepdf.Dictionary) or candidate.get("/Type") != "/Font":
            continue
        if candidate.get("/Subtype") != "/CIDFontType0":
            continue
        program = candidate.get("/FontDescriptor", pikepdf.Dictionary()).get("/FontFile3")
        if isinstance(program, pikepdf.Stream) and program.get("/Subtype") == "/OpenType":
            users.setdefault(program.objgen, []).append(candidate)
    for fonts in users.values():
        cids: set[int] = set()
        for font in fonts:
            cids |= _widths_cids(font)
        descriptor = fonts[0].FontDescriptor
        compact = _cid_keyed_cff(descriptor.FontFile3.read_bytes(), cids)
        if compact is None:
            continue
        stream = pdf.make_stream(compact)
        stream.Subtype = pikepdf.Name.CIDFontType0C
        for font in fonts:
            font.FontDescriptor.FontFile3 = stream
            # CIDToGIDMap belongs to TrueType CIDFonts only; a CFF font maps CIDs by its charset.
            if "/CIDToGIDMap" in font:
                del font["/CIDToGIDMap"]


def compact_fonts(data: bytes) -> bytes:
    """The PDF ``data`` with compact CJK fonts, saved compressed and with a content-derived ID."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        compact_cid_fonts(pdf)
        output = io.BytesIO()
        pdf.save(
            output,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return output.getvalue()
