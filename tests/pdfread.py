"""Read a tagged PDF back: the text of each structure element and the language a reader gives it.

The tests check the typeset PDFs through this, independently of how they were made: the text
of each marked-content sequence is decoded through the fonts' ToUnicode maps and hung on the
structure element that owns it; the HTML text and the ``lang`` of each of its characters are read
the same way, for comparison.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pikepdf

VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
# Hyphens added at line ends, soft hyphens and spaces differ between the HTML and the PDF.
IGNORED = re.compile(r"[\s\u00ad\u2010\u2011\-]+")


def normalise(text: str) -> str:
    """Text as compared: no spaces or hyphens, case folded (CSS may uppercase a heading)."""
    return IGNORED.sub("", text).casefold()


class _HtmlText(HTMLParser):
    """The body's text, character by character, with the ``lang`` in force for each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.root_lang: str | None = None
        self.in_body = False
        self.text: list[str] = []
        self.langs: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        inherited = self.stack[-1][1] if self.stack else None
        lang = dict(attrs).get("lang") or inherited
        if tag == "html":
            self.root_lang = lang
        if tag == "body":
            self.in_body = True
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag == "body":
            self.in_body = False

    def handle_data(self, data: str) -> None:
        if not self.in_body or not self.stack or self.stack[-1][0] in ("style", "script"):
            return
        text = normalise(data)
        self.text.append(text)
        self.langs.extend([self.stack[-1][1]] * len(text))


def html_text(html: str) -> tuple[str, list[str | None]]:
    """The normalised text of an HTML body and the language of each of its characters."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return "".join(parser.text), parser.langs


# --- text of the marked content ---------------------------------------------------------------


def _hex_to_text(value: str) -> str:
    return bytes.fromhex(value).decode("utf-16-be", errors="replace")


def _to_unicode(font: pikepdf.Dictionary) -> tuple[int, dict[int, str]]:
    """A font's code width in bytes and its code-to-text map, from its ToUnicode CMap."""
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    mapping: dict[int, str] = {}
    stream = font.get("/ToUnicode")
    if not isinstance(stream, pikepdf.Stream):
        return width, mapping
    cmap = stream.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(source, 16)] = _hex_to_text(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])", block
        ):
            first, last = int(low, 16), int(high, 16)
            if target.startswith("["):
                targets = re.findall(r"<([0-9a-fA-F]*)>", target)
                for code, value in zip(range(first, last + 1), targets, strict=False):
                    mapping[code] = _hex_to_text(value)
            else:
                base = bytes.fromhex(target[1:-1])
                for offset in range(last - first + 1):
                    value = base[:-1] + bytes([base[-1] + offset]) if offset else base
                    mapping[first + offset] = value.decode("utf-16-be", errors="replace")
    return width, mapping


class _FontCache:
    def __init__(self) -> None:
        self.fonts: dict[tuple[int, int], tuple[int, dict[int, str]]] = {}

    def get(self, font: pikepdf.Dictionary) -> tuple[int, dict[int, str]]:
        key = font.objgen
        if key == (0, 0):
            return _to_unicode(font)
        if key not in self.fonts:
            self.fonts[key] = _to_unicode(font)
        return self.fonts[key]


def _decode(raw: bytes, width: int, mapping: dict[int, str]) -> str:
    if width == 2:
        # Two-byte codes (Identity-H, as WeasyPrint writes) unpacked in one call: this runs for
        # every string shown on every page.
        whole = len(raw) // 2
        codes = list(struct.unpack(f">{whole}H", raw[: whole * 2]))
        if len(raw) % 2:
            codes.append(raw[-1])
    else:
        codes = [int.from_bytes(raw[i : i + width], "big") for i in range(0, len(raw), width)]
    get = mapping.get
    return "".join([get(code, "") for code in codes])


# Only these operators matter here; pikepdf skips the others (most of a page) without
# handing them to Python.
MARKED_TEXT_OPERATORS = "BDC BMC EMC Tf Tj ' \" TJ Do"


def _marked_text(
    content: pikepdf.Object,
    resources: pikepdf.Dictionary,
    fonts: _FontCache,
    found: dict[int, list[str]],
    outer: list[int | None],
) -> None:
    """Append the text shown inside each MCID of a content stream (and its forms) to ``found``."""
    stack = list(outer)
    width, mapping = 1, {}
    font_resources = resources.get("/Font", pikepdf.Dictionary())
    for instruction in pikepdf.parse_content_stream(content, MARKED_TEXT_OPERATORS):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operator = str(instruction.operator)
        operands = instruction.operands
        if operator == "BDC":
            properties = operands[1]
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif operator == "BMC":
            stack.append(None)
        elif operator == "EMC":
            if len(stack) > len(outer):
                stack.pop()
        elif operator == "Tf":
            font = font_resources.get(str(operands[0]))
            width, mapping = fonts.get(font) if font is not None else (1, {})
        elif operator in ("Tj", "'", '"', "TJ"):
            current = next((m for m in reversed(stack) if m is not None), None)
            if current is None:
                continue
            shown = operands[-1]
            parts = shown if isinstance(shown, pikepdf.Array) else [shown]
            raw = [bytes(part) for part in parts if isinstance(part, pikepdf.String)]
            if any(len(piece) % width for piece in raw):
                text = "".join(_decode(piece, width, mapping) for piece in raw)
            else:  # whole codes in every piece: decode them in one go
                text = _decode(b"".join(raw), width, mapping)
            found.setdefault(current, []).append(text)
        elif operator == "Do":
            xobjects = resources.get("/XObject", pikepdf.Dictionary())
            form = xobjects.get(str(operands[0]))
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form":
                _marked_text(form, form.get("/Resources", resources), fonts, found, stack)


def page_texts(pdf: pikepdf.Pdf) -> dict[tuple[int, int], dict[int, str]]:
    """For each page (by object id), the text of each of its marked-content ids."""
    fonts = _FontCache()
    result: dict[tuple[int, int], dict[int, str]] = {}
    for page in pdf.pages:
        found: dict[int, list[str]] = {}
        _marked_text(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), fonts, found, [])
        result[page.obj.objgen] = {mcid: "".join(parts) for mcid, parts in found.items()}
    return result


# --- the structure tree -----------------------------------------------------------------------


@dataclass
class Leaf:
    """A structure element with marked content of its own: its text and its languages."""

    element: pikepdf.Dictionary
    path: tuple[pikepdf.Dictionary, ...]
    """The element's ancestors, the outermost first."""
    text: str


def _kids(element: pikepdf.Dictionary) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def leaves(pdf: pikepdf.Pdf) -> list[Leaf]:
    """Every structure element with marked content, in structure-tree order, with its text."""
    texts = page_texts(pdf)
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return []
    found: list[Leaf] = []

    def walk(
        element: pikepdf.Dictionary, path: tuple[pikepdf.Dictionary, ...], page: pikepdf.Object
    ) -> None:
        page = element.get("/Pg", page)
        own: list[str] = []
        for kid in _kids(element):
            if isinstance(kid, int):
                own.append(texts.get(page.objgen, {}).get(kid, "") if page is not None else "")
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                kid_page = kid.get("/Pg", page)
                own.append(texts.get(kid_page.objgen, {}).get(int(kid.MCID), ""))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, (*path, element), page)
        if own:
            found.append(Leaf(element, path, "".join(own)))

    for top in _kids(root):
        if isinstance(top, pikepdf.Dictionary):
            walk(top, (), None)
    return found


def effective_lang(leaf: Leaf, document_lang: str | None) -> str | None:
    """The language a reader of the PDF applies to a leaf: its own or its nearest ancestor's."""
    for element in (leaf.element, *reversed(leaf.path)):
        if "/Lang" in element:
            return str(element.Lang)
    return document_lang


def structure_elements(pdf: pikepdf.Pdf) -> tuple[list, set]:
    """Every structure element of the file, and the ids of those reachable from the root."""
    every = [
        o
        for o in pdf.objects
        if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"
    ]
    reached: set = set()
    pending = list(_kids(pdf.Root.StructTreeRoot))
    while pending:
        element = pending.pop()
        if (
            isinstance(element, pikepdf.Dictionary)
            and "/S" in element
            and element.objgen not in reached
        ):
            reached.add(element.objgen)
            pending.extend(_kids(element))
    return every, reached


def artifact_strings(pdf: pikepdf.Pdf) -> list[int]:
    """For each page, how many text-showing operators it runs inside /Artifact marked content."""
    counts = []
    for page in pdf.pages:
        stack: list[bool] = []
        shown = 0
        for operands, operator in pikepdf.parse_content_stream(page.obj):
            name = str(operator)
            if name in ("BMC", "BDC"):
                stack.append(str(operands[0]) == "/Artifact" or any(stack))
            elif name == "EMC" and stack:
                stack.pop()
            elif name in ("Tj", "TJ", "'", '"') and any(stack):
                shown += 1
        counts.append(shown)
    return counts


def pdftotext(path: Path | str, page: int | None = None) -> str:
    """What poppler's pdftotext copies out of a PDF (or one page of it), as UTF-8."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pdf_dates(path: Path) -> set[str]:
    """The creation and modification dates of the document information and of the XMP."""
    with pikepdf.open(path) as pdf:
        info = {str(pdf.docinfo[k]) for k in ("/CreationDate", "/ModDate") if k in pdf.docinfo}
        meta = pdf.open_metadata()
        xmp = {meta[k] for k in ("xmp:CreateDate", "xmp:ModifyDate") if k in meta}
    return info | xmp


def dates_of(moment: dt.datetime) -> set[str]:
    """``moment`` as pdf_dates reads it from both places."""
    return {moment.strftime("D:%Y%m%d%H%M%SZ"), moment.strftime("%Y-%m-%dT%H:%M:%SZ")}
