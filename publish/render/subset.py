"""Cut the large faces a briefing's stylesheets name to the characters its HTML shows, before
WeasyPrint loads them.

Why it exists, with its measure (the seed's three PDFs, WeasyPrint 70, 1 Dec 2026, README's
Performance section): WeasyPrint read each 19-27 MB Noto CJK collection into every process and
subset each CJK face keeping its 63,000 glyph ids, and a pass over the written PDF then cut the
fonts again (with pikepdf, 0.28 s to import): 0.94 s of font handling. Every string a PDF shows
is in its HTML or its stylesheets, so each named face is cut here, with HarfBuzz (about 15 ms a
face), to those characters, into a cache shared by builds; WeasyPrint then loads a 0.1-0.3 MB
face whose glyph ids are small, embeds compact fonts itself, and the font handling takes 0.18 s
(0.5 s with an empty cache), the build's largest process half the memory. For a whole build
that is about 5% of the CPU: layout is the rest.

Fontconfig must then find the cut face, never the installed one: a face declared with
``@font-face`` under the installed family's name loses to the installed face (which claims
the Chinese languages that the cut face, holding a few hundred characters, no longer
covers), so the PDF went on embedding the installed collection. The font configuration
built here leaves every face of a cut family out of the installed fonts and adds the cut
faces as application fonts: same family names, weights, styles and glyph forms, as the
cut face keeps the installed one's name table and layout tables.

Which faces are cut: every family a stylesheet names whose installed faces include a large
file (the CJK collections); small faces cost WeasyPrint a few milliseconds and are left as
they are. The cut keeps the glyphs the characters reach through the layout features (so
``locl`` and the other script-specific forms stay), and writes an identity charset (CID =
glyph id): WeasyPrint's text codes are glyph ids of the face it loaded, and PDF readers find
a CID-keyed glyph through the charset.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publish.errors import PublishError
from publish.fsio import write_bytes_atomic

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

# A face file this large is a collection worth cutting (the Noto CJK files are 19-27 MB;
# Latin Noto faces are under 1 MB, and WeasyPrint handles those in a few milliseconds).
LARGE_FACE_BYTES = 4 * 1024 * 1024
# Cut faces not used for this long are removed from the cache; a build never takes that long,
# so no build loses a face it is about to load.
CACHE_LIFETIME_SECONDS = 7 * 24 * 3600
# Characters a page can show that its HTML need not contain: page numbers, hyphens inserted by
# hyphenation, list markers, quotes, ellipses, spaces WeasyPrint substitutes.
SUPPLEMENT = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "\u00a0\u00ad\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2027"
)
# Bumped when the cutting changes, so that older cut faces are not reused.
CUT_VERSION = "1"

FONTCONFIG_DECLARATIONS = """
typedef struct _FcConfig FcConfig;
typedef struct _FcPattern FcPattern;
typedef struct _FcObjectSet FcObjectSet;
typedef struct _FcFontSet { int nfont; int sfont; FcPattern **fonts; } FcFontSet;
typedef int FcBool;
typedef unsigned char FcChar8;
typedef int FcResult;
FcConfig *FcInitLoadConfig(void);
FcConfig *FcInitLoadConfigAndFonts(void);
FcBool FcConfigParseAndLoadFromMemory(FcConfig *, const FcChar8 *, FcBool);
FcBool FcConfigBuildFonts(FcConfig *);
FcBool FcConfigAppFontAddFile(FcConfig *, const FcChar8 *);
void FcConfigDestroy(FcConfig *);
FcPattern *FcPatternCreate(void);
FcBool FcPatternAddString(FcPattern *, const char *, const FcChar8 *);
void FcPatternDestroy(FcPattern *);
FcResult FcPatternGetString(const FcPattern *, const char *, int, FcChar8 **);
FcResult FcPatternGetInteger(const FcPattern *, const char *, int, int *);
FcObjectSet *FcObjectSetCreate(void);
FcBool FcObjectSetAdd(FcObjectSet *, const char *);
void FcObjectSetDestroy(FcObjectSet *);
FcFontSet *FcFontList(FcConfig *, FcPattern *, FcObjectSet *);
void FcFontSetDestroy(FcFontSet *);
"""


@functools.cache
def fontconfig():
    # WeasyPrint's own bindings lack what a configuration without some installed faces needs.
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(FONTCONFIG_DECLARATIONS)
    return ffi, ffi.dlopen("libfontconfig.so.1")


@dataclass(frozen=True, order=True)
class Face:
    """One installed face: a file and its index in a collection."""

    path: str
    index: int


def named_families(stylesheets: Iterable[str]) -> list[str]:
    """Every family a stylesheet names in ``font-family``, the ``font`` shorthand or a custom
    property ``--*-face`` (used through ``var()``), in order.

    Words that are not families (``bold`` before a shorthand's size, generic families) are
    kept too: fontconfig lists no face under them, so they change nothing.
    """
    import tinycss2

    found: dict[str, None] = {}
    for text in stylesheets:
        _families_in(
            tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), found
        )
    return list(found)


def _families_in(rules: list, found: dict[str, None]) -> None:
    import tinycss2

    for rule in rules:
        # A custom property named --*-face holds families the rules use through var().
        if rule.type == "declaration" and (
            rule.lower_name in ("font-family", "font")
            or (rule.lower_name.startswith("--") and rule.lower_name.endswith("-face"))
        ):
            words: list[str] = []
            for token in [*rule.value, None]:
                if token is None or (token.type == "literal" and token.value == ","):
                    if words:
                        found.setdefault(" ".join(words), None)
                    words = []
                elif token.type == "string":
                    found.setdefault(token.value, None)
                elif token.type == "ident":
                    words.append(token.value)
                elif token.type != "whitespace":
                    words = []
        elif rule.type in ("qualified-rule", "at-rule") and rule.content:
            _families_in(
                tinycss2.parse_blocks_contents(
                    rule.content, skip_comments=True, skip_whitespace=True
                ),
                found,
            )


def installed_faces(families: Iterable[str]) -> dict[str, list[Face]]:
    """For each family, the installed faces fontconfig lists under that name."""
    ffi, fc = fontconfig()
    config = fc.FcInitLoadConfigAndFonts()
    string = ffi.new("FcChar8 **")
    integer = ffi.new("int *")
    found: dict[str, list[Face]] = {}
    try:
        for family in families:
            pattern = ffi.gc(fc.FcPatternCreate(), fc.FcPatternDestroy)
            fc.FcPatternAddString(pattern, b"family", family.encode())
            objects = ffi.gc(fc.FcObjectSetCreate(), fc.FcObjectSetDestroy)
            fc.FcObjectSetAdd(objects, b"file")
            fc.FcObjectSetAdd(objects, b"index")
            fonts = fc.FcFontList(config, pattern, objects)
            faces = set()
            if fonts != ffi.NULL:
                fonts = ffi.gc(fonts, fc.FcFontSetDestroy)
            for number in range(fonts.nfont if fonts != ffi.NULL else 0):
                font = fonts.fonts[number]
                if fc.FcPatternGetString(font, b"file", 0, string) != 0:
                    continue
                has_index = fc.FcPatternGetInteger(font, b"index", 0, integer) == 0
                faces.add(Face(os.fsdecode(ffi.string(string[0])), integer[0] if has_index else 0))
            if faces:
                found[family] = sorted(faces)
    finally:
        fc.FcConfigDestroy(config)
    return found


@functools.cache
def faces_to_cut(stylesheets: tuple[str, ...], regions: frozenset[str] | None = None) -> list[Face]:
    """The installed faces of every family the stylesheets name that has a large face; with
    ``regions``, of the CJK families only those of these regions (``SC``, ``HK``...)."""
    cut: set[Face] = set()
    for family, faces in installed_faces(named_families(stylesheets)).items():
        region = CJK_REGION.search(family)
        if regions is not None and region and region.group(1) not in regions:
            continue
        if any(_size(face.path) >= LARGE_FACE_BYTES for face in faces):
            cut.update(faces)
    return sorted(cut)


CJK_REGION = re.compile(r"\bCJK (SC|TC|HK|JP|KR)\b")
LANGUAGE_ATTRIBUTE = re.compile(r"""\blang=["']([A-Za-z0-9-]+)["']""")


def cjk_regions(html: str) -> frozenset[str]:
    """The regions of the CJK faces a page in these languages is set in: those of its CJK
    ``lang`` attributes, and SC, the stylesheet's default, when it has none.

    Cutting the faces of every region the stylesheet names (ten for five regions) cost 0.5 s
    of CPU per PDF; a PDF uses the faces of one region. A face not cut stays installed and
    usable, so a stylesheet that uses another region's face still gets the right glyphs."""
    regions = set()
    for tag in LANGUAGE_ATTRIBUTE.findall(html):
        subtags = tag.lower().split("-")
        if subtags[0] == "ja":
            regions.add("JP")
        elif subtags[0] == "ko":
            regions.add("KR")
        elif subtags[0] == "zh":
            if {"hk", "mo"} & set(subtags):
                regions.add("HK")
            elif {"tw", "hant"} & set(subtags):
                regions.add("TC")
            else:
                regions.add("SC")
    return frozenset(regions or {"SC"})


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def shown_characters(html: str, stylesheets: Iterable[str]) -> str:
    """Every character the pages can show, sorted: the HTML's (its entities decoded), the
    stylesheets' (generated content, escapes decoded), their upper and lower case
    (``text-transform``), and ``SUPPLEMENT``; control characters left out."""
    import html as html_entities

    characters = set(html) | set(html_entities.unescape(html)) | set(SUPPLEMENT)
    for text in stylesheets:
        characters |= set(text) | set(_css_strings(text))
    characters |= {c for text in characters for c in text.upper() + text.lower()}
    return "".join(sorted(c for c in characters if unicodedata.category(c) not in ("Cc", "Cs")))


@functools.cache
def _css_strings(text: str) -> str:
    """The decoded text of every string of a stylesheet (``content: "\\201C"``)."""
    import tinycss2

    found: list[str] = []

    def walk(tokens) -> None:
        for token in tokens or ():
            if token.type == "string":
                found.append(token.value)
            walk(getattr(token, "content", None) or getattr(token, "arguments", None))
            walk(getattr(token, "prelude", None))

    walk(tinycss2.parse_stylesheet(text, skip_comments=True))
    return "".join(found)


def cut_face(face: Face, characters: str, cache: Path) -> Path:
    """The cut of ``face`` to ``characters`` in ``cache``, made now unless a build made it.

    The name is a digest of the face file's identity (path, size, modification time), its
    index, the characters and ``CUT_VERSION``: a changed text or an updated font gets a new
    cut. Written atomically (two builds cutting the same face write the same bytes), and
    touched on use, so that pruning removes only faces no build has used for a week.
    """
    stat = os.stat(face.path)
    key = hashlib.sha256(
        "\0".join(
            [CUT_VERSION, face.path, str(stat.st_size), str(stat.st_mtime_ns), str(face.index)]
        ).encode()
        + b"\0"
        + characters.encode()
    ).hexdigest()[:32]
    target = cache / f"{key}.otf"
    try:
        os.utime(target)
        return target
    except PermissionError:
        if target.is_file():  # another user's cut, on a shared build/: as good as this one's
            return target
    except OSError:
        pass
    write_bytes_atomic(target, _cut(face, characters))
    prune(cache)
    return target


def _cut(face: Face, characters: str) -> bytes:
    import uharfbuzz

    source = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(face.path), face.index)
    wanted = uharfbuzz.SubsetInput()
    for character in characters:
        wanted.unicode_set.add(ord(character))
    # Every name of the face (HarfBuzz keeps only IDs 0-6 by default), so that fontconfig
    # lists it under the same family, typographic family and style.
    names = wanted.sets(uharfbuzz.SubsetInputSets.NAME_ID)
    names.clear()
    names.add_range(0, 255)
    wanted.flags = uharfbuzz.SubsetFlags.CFF_IDENTITY_CHARSET
    cut = uharfbuzz.subset(source, wanted)
    if cut is None:
        raise PublishError(f"HarfBuzz could not cut face {face.index} of this font", face.path)
    return cut.blob.data


def prune(cache: Path, now: float | None = None) -> None:
    """Remove cut faces no build has used for ``CACHE_LIFETIME_SECONDS``."""
    now = time.time() if now is None else now
    with contextlib.suppress(FileNotFoundError):
        for path in cache.glob("*.otf"):
            with contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime > CACHE_LIFETIME_SECONDS:
                    path.unlink()


def _reject_xml(faces: Iterable[Face]) -> bytes:
    def escaped(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    patterns = "".join(
        f'<pattern><patelt name="file"><string>{escaped(face.path)}</string></patelt>'
        f'<patelt name="index"><int>{face.index}</int></patelt></pattern>'
        for face in faces
    )
    return (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><selectfont><rejectfont>{patterns}</rejectfont></selectfont></fontconfig>"
    ).encode()


def font_configuration(replaced: Iterable[Face], cut_files: Iterable[Path]) -> FontConfiguration:
    """A WeasyPrint font configuration: the installed fonts without ``replaced``, and the
    ``cut_files`` in their place."""
    from weasyprint.text.ffi import ffi as weasy_ffi
    from weasyprint.text.ffi import gobject, pangoft2
    from weasyprint.text.fonts import FontConfiguration

    ffi, fc = fontconfig()

    class CutFontConfiguration(FontConfiguration):
        # WeasyPrint's own __init__ loads every installed font; this one first rejects the
        # replaced faces (fontconfig applies <rejectfont> while it builds its font list).
        def __init__(self) -> None:
            config = fc.FcInitLoadConfig()
            if not fc.FcConfigParseAndLoadFromMemory(config, _reject_xml(replaced), 1):
                raise PublishError("fontconfig refused the list of faces to replace")
            fc.FcConfigBuildFonts(config)
            for path in cut_files:
                if not fc.FcConfigAppFontAddFile(config, os.fsencode(path)):
                    raise PublishError("fontconfig could not load this cut face", path)
            self._config = weasy_ffi.cast("FcConfig *", int(ffi.cast("uintptr_t", config)))
            self.font_map = weasy_ffi.gc(pangoft2.pango_ft2_font_map_new(), gobject.g_object_unref)
            pangoft2.pango_fc_font_map_set_config(
                weasy_ffi.cast("PangoFcFontMap *", self.font_map), self._config
            )
            # The font map keeps its own reference to the configuration.
            fc.FcConfigDestroy(config)
            self._folder = None
            self.strut_layouts = {}
            self.font_features = {}

    return CutFontConfiguration()


STYLESHEET_LINK = re.compile(r"""<link\b[^>]*\brel=["']?stylesheet["']?[^>]*>""", re.IGNORECASE)
HREF = re.compile(r"""\bhref=["']?([^"'\s>]+)""", re.IGNORECASE)


def linked_stylesheets(html: str, templates: Path) -> list[str]:
    """The text of every stylesheet the HTML links to under ``templates/``."""
    texts = []
    root = templates.resolve()
    for link in STYLESHEET_LINK.findall(html):
        href = HREF.search(link)
        if href is None:
            continue
        path = (root / href.group(1)).resolve()
        if path.is_relative_to(root) and path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return texts


_configurations: dict[tuple[Path, ...], FontConfiguration] = {}


def configuration_for(html: str, templates: Path, cache: Path) -> FontConfiguration | None:
    """The font configuration that typesets ``html`` with its large faces cut; None when the
    stylesheets name no large face. One per set of cut faces is kept in this process."""
    stylesheets = linked_stylesheets(html, templates)
    stylesheets.extend(re.findall(r"<style\b[^>]*>(.*?)</style>", html, re.DOTALL | re.IGNORECASE))
    faces = faces_to_cut(tuple(stylesheets), cjk_regions(html))
    if not faces:
        return None
    characters = shown_characters(html, stylesheets)
    private = None
    try:
        cut_files = tuple(cut_face(face, characters, cache) for face in faces)
    except PublishError:
        # A cache that cannot be written (a full disk, a read-only build/) must not change the
        # PDF, nor stop it before its own write reports the problem: cut into a private
        # folder instead, which WeasyPrint removes with the configuration.
        with contextlib.suppress(OSError):
            cache.rmdir()
        private = Path(tempfile.mkdtemp(prefix="publish-faces-"))
        cut_files = tuple(private / f"{number}.otf" for number in range(len(faces)))
        for face, path in zip(faces, cut_files, strict=True):
            path.write_bytes(_cut(face, characters))
    configuration = _configurations.get(cut_files)
    if configuration is None:
        # A different text needs different cuts; the previous document's configuration
        # would only hold their memory.
        _configurations.clear()
        configuration = _configurations[cut_files] = font_configuration(faces, cut_files)
        if private is not None:
            configuration._folder = private
    return configuration
