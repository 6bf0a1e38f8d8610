"""A briefing as HTML: its columns, labels and back matter as plain data, then Jinja2.

``context`` turns a document and one column per language into everything the template
needs (rows of cells, labels, corrections as word diffs, the table of names);
``render_html`` fills ``templates/briefing.html.j2`` with it.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import polib
from babel import Locale
from babel.dates import format_date
from markupsafe import Markup, escape

from publish.catalogue import PIVOT_LOCALE, Translation, unwrap
from publish.errors import PublishError
from publish.glossary import Term, read_glossary
from publish.model import Document, Repair, Role, Segment

TEMPLATE = "briefing.html.j2"


@dataclass(frozen=True)
class Column:
    """One language of a briefing: its locale, its texts and the words around them."""

    locale: str
    texts: dict[tuple, Translation]
    labels: dict[str, Any]
    draft_percent: int | None = None

    @property
    def lang(self) -> str:
        return html_lang(self.locale)


@dataclass(frozen=True)
class Correction:
    """An editorial correction of the source: the segment, its source and corrected text, why."""

    segment: Segment
    before: str
    after: str
    note: str


@dataclass(frozen=True)
class BackMatter:
    """What the briefing prints after the article: corrections, repairs and the glossary."""

    corrections: tuple[Correction, ...] = ()
    repairs: tuple[Repair, ...] = ()
    glossary: tuple[Term, ...] = ()


def html_lang(locale: str) -> str:
    """BCP 47 tag for HTML ``lang``; Chinese needs its script, or Japanese glyph forms are used."""
    parsed = Locale.parse(locale)
    if parsed.language == "zh":
        if parsed.script:
            return f"zh-{parsed.script}"
        return "zh-Hant" if parsed.territory in ("TW", "HK", "MO") else "zh-Hans"
    return parsed.language


LABELS_FILE = Path("templates") / "labels.toml"


def load_labels(templates: Path, locale: str) -> dict[str, Any]:
    """The words around the article in ``locale``, falling back key by key to English."""
    try:
        with open(templates / "labels.toml", "rb") as handle:
            table = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise PublishError(f"not valid TOML: {error}", templates / "labels.toml") from None
    labels: dict[str, Any] = {}
    for name in ("en", locale.split("_")[0], locale):
        for key, value in table.get(name, {}).items():
            if isinstance(value, dict):
                labels[key] = {**labels.get(key, {}), **value}
            else:
                labels[key] = value
    return labels


def corrections(
    document: Document, pivot_po: polib.POFile | None, pivot: dict[tuple, Translation]
) -> tuple[Correction, ...]:
    """Every segment whose corrected English, as typeset, differs from the source."""
    # A note as the editor wrote it, though polib or Babel may have rewrapped it on saving.
    notes = {} if pivot_po is None else {(e.msgctxt, e.msgid): note(e.tcomment) for e in pivot_po}
    return tuple(
        Correction(segment, segment.text, pivot[segment.key].text, notes.get(segment.key) or "")
        for segment in document.segments
        if pivot[segment.key].status != "untranslated" and pivot[segment.key].text != segment.text
    )


def note(comment: str) -> str:
    """A translator comment as one line of text, with the line breaks tools added undone."""
    return unwrap(comment.split("\n")) if comment else ""


def back_matter(
    document: Document,
    pivot_po: polib.POFile | None,
    pivot: dict[tuple, Translation],
    glossary: Path,
) -> BackMatter:
    return BackMatter(
        corrections(document, pivot_po, pivot), document.repairs, read_glossary(glossary)
    )


# Opening quotes not after an opener or a space, closing quotes not before a closer or a space.
CJK_OPENING_QUOTE = re.compile(r"(?<=[^\s（《「『【〔“‘(\[])([“‘])")
CJK_CLOSING_QUOTE = re.compile(r"([”’])(?=[^\s，。、；：！？）》」』】〕”’…—,.;:!?)\]])")


def cjk_line_breaks(text: str, lang: str) -> Markup:
    """Escaped text with break opportunities (``<wbr>``) outside Chinese quotation marks.

    Unicode line breaking treats “ and ” as ambiguous quotes and forbids a break on either side,
    so a quoted name and its neighbours move to the next line as one block, leaving a gap at the
    end of the line. Chinese allows a break before an opening and after a closing quote.
    """
    escaped = str(escape(text))
    if not lang.startswith("zh"):
        return Markup(escaped)
    escaped = CJK_OPENING_QUOTE.sub(r"<wbr>\1", escaped)
    return Markup(CJK_CLOSING_QUOTE.sub(r"\1<wbr>", escaped))


@functools.cache
def environment(templates: Path) -> jinja2.Environment:
    """One Jinja2 environment per templates folder and process: templates compile once."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["line_breaks"] = cjk_line_breaks
    return env


def _fill(column: Column, key: str, **values: Any) -> str:
    """A label of ``labels.toml`` with its placeholders filled in."""
    try:
        return str(column.labels[key]).format(**values)
    except KeyError as error:
        missing = (
            f"no label {key!r}" if key not in column.labels else f"unknown {{{error.args[0]}}}"
        )
        raise PublishError(f"{missing} for locale {column.locale}", LABELS_FILE) from None
    except (IndexError, ValueError) as error:
        raise PublishError(f"label {key!r} of {column.locale}: {error}", LABELS_FILE) from None


def _label(column: Column, key: str, **values: Any) -> dict[str, str]:
    return {"lang": column.lang, "text": _fill(column, key, **values)}


def _cell(column: Column, key: tuple, pivot_lang: str) -> dict[str, Any]:
    translation = column.texts[key]
    # An untranslated segment shows the pivot's text, which is in the pivot's language.
    lang = pivot_lang if translation.status == "untranslated" else column.lang
    return {
        "text": translation.text,
        "status": translation.status,
        "lang": lang,
        "mark": _label(column, translation.status) if translation.status != "translated" else None,
    }


def _segment_label(column: Column, segment: Segment) -> str:
    roles = column.labels.get("roles", {})
    return str(roles.get(str(segment.role), str(segment.role))).format(number=segment.number)


def _lines_label(column: Column, first: int, last: int) -> str:
    if first == last:
        return str(column.labels["line"]).format(line=first)
    return str(column.labels["lines"]).format(first=first, last=last)


def _reference(document: Document, column: Column, segment: Segment) -> str:
    """Where a segment is in the source; a segment from another file (the metadata) names it."""
    lines = _lines_label(column, segment.line, segment.last_line)
    if Path(segment.path).name == Path(document.source).name:
        return lines
    return f"{Path(segment.path).name}, {lines}"


def _split_words(text: str) -> list[str]:
    """Words, spaces and single punctuation marks: "Office)," differs from "Office" by two."""
    return re.findall(r"\w+(?:['’-]\w+)*|\s+|[^\w\s]", text)


def word_diff(before: str, after: str) -> tuple[list[dict], list[dict]]:
    """Both texts as runs of words, each run marked ``changed`` or not, for a side-by-side view."""
    old, new = _split_words(before), _split_words(after)
    left: list[dict] = []
    right: list[dict] = []

    def add(runs: list[dict], words: list[str], changed: bool) -> None:
        if not words:
            return
        text = "".join(words)
        if runs and runs[-1]["changed"] == changed:
            runs[-1]["text"] += text
        else:
            runs.append({"text": text, "changed": changed and bool(text.strip())})

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        add(left, old[i1:i2], tag != "equal")
        add(right, new[j1:j2], tag != "equal")
    return _space_inside(left), _space_inside(right)


def _space_inside(runs: list[dict]) -> list[dict]:
    """Move the space before a changed run into it.

    WeasyPrint 70 cannot break a line just before an inline element that follows a space: it
    falls back to an earlier break and leaves a line of one word. A space inside the element
    is an ordinary break opportunity.
    """
    for before, changed in itertools.pairwise(runs):
        if changed["changed"] and not before["changed"] and before["text"].endswith(" "):
            stripped = before["text"].rstrip(" ")
            changed["text"] = before["text"][len(stripped) :] + changed["text"]
            before["text"] = stripped
    return [run for run in runs if run["text"]]


def _back_context(
    document: Document, columns: list[Column], back: BackMatter, pivot: Column | None
) -> dict[str, Any]:
    """The back matter as plain data: headings in every language, content in the pivot's."""
    head = columns[0]

    def heading(key: str, **values: Any) -> list[dict[str, str]]:
        return [_label(c, key, **values) for c in columns]

    result: dict[str, Any] = {"corrections": None, "repairs": None, "glossary": None, "note": None}
    if pivot is not None:
        if back.corrections:
            items = []
            for correction in back.corrections:
                source, corrected = word_diff(correction.before, correction.after)
                items.append(
                    {
                        "where": _segment_label(pivot, correction.segment),
                        "reference": _reference(document, pivot, correction.segment),
                        "note": correction.note,
                        "before": source,
                        "after": corrected,
                    }
                )
            result["corrections"] = {
                "heading": heading("corrections"),
                "intro": _label(pivot, "corrections_intro", count=len(items)),
                "source": _label(pivot, "source"),
                "corrected": _label(pivot, "corrected"),
                "entries": items,
            }
        if back.repairs:
            kinds = pivot.labels.get("repair_kinds", {})
            result["repairs"] = {
                "heading": heading("repairs"),
                "intro": _label(pivot, "repairs_intro", count=len(back.repairs)),
                "columns": [
                    _label(pivot, key) for key in ("location", "repair", "source", "repaired")
                ],
                "entries": [
                    dict(
                        zip(
                            ("before", "after"), word_diff(repair.before, repair.after), strict=True
                        ),
                        location=_lines_label(pivot, repair.first_line, repair.last_line),
                        kind=str(kinds.get(repair.kind, repair.kind)),
                    )
                    for repair in back.repairs
                ],
            }
    else:
        result["note"] = {
            "heading": heading("about"),
            "text": _label(
                head,
                "translated_from",
                corrections=len(back.corrections),
                repairs=len(back.repairs),
            ),
        }
    # The names a bilingual briefing prints are those the glossary renders in all its languages.
    rows = []
    for term in back.glossary:
        texts = [_glossary_text(term, c.locale) for c in columns]
        if all(texts):
            rows.append(
                [{"lang": c.lang, "text": text} for c, text in zip(columns, texts, strict=True)]
            )
    if len(columns) > 1 and rows:
        result["glossary"] = {
            "heading": heading("names"),
            "columns": [_label(c, "language_name") for c in columns],
            "rows": rows,
        }
    return result


def _glossary_text(term: Term, locale: str) -> str | None:
    """A glossary term as written in ``locale``: its first column is the English."""
    return term.english if locale == "en" else term.renderings.get(locale)


def context(
    document: Document, columns: list[Column], back: BackMatter | None = None
) -> dict[str, Any]:
    """Everything the template needs, as plain data."""
    back = back or BackMatter()
    first = columns[0]
    headline = document.first(Role.HEADLINE)
    short_title = document.first(Role.SHORT_TITLE) or headline
    publication = document.first(Role.PUBLICATION)
    byline = document.first(Role.BYLINE)

    def headline_cell(column: Column) -> dict[str, Any]:
        # With no headline, the document is named by its file name.
        if headline is None:
            return {
                "text": document.name,
                "status": "translated",
                "lang": column.lang,
                "mark": None,
            }
        return _cell(column, headline.key, pivot_lang)

    def short_title_text(column: Column) -> str:
        return column.texts[short_title.key].text if short_title else document.name

    pivot = next((c for c in columns if c.locale == PIVOT_LOCALE), None)
    pivot_lang = html_lang(PIVOT_LOCALE)
    headlines = " / ".join(headline_cell(c)["text"] for c in columns)
    publications = [c.texts[publication.key].text for c in columns] if publication else []
    body = [s for s in document.body if s.role != Role.BYLINE]
    rows: list[dict[str, Any]] = []
    for segment in body:
        cells = [_cell(column, segment.key, pivot_lang) for column in columns]
        bookmark = " / ".join(c.texts[segment.key].text for c in columns)
        for cell in cells:
            cell["bookmark"] = bookmark if segment.role == Role.SUBHEADING else ""
        if rows and rows[-1]["role"] == str(Role.SUBHEADING) and not rows[-1]["blocks"][1:]:
            # A subheading shares its row with the paragraph it introduces, so they stay together.
            for row_cell, cell in zip(rows[-1]["cells"], cells, strict=True):
                row_cell["blocks"].append({"role": str(segment.role), **cell})
            rows[-1]["blocks"].append(str(segment.role))
            continue
        rows.append(
            {
                "role": str(segment.role),
                "blocks": [str(segment.role)],
                "cells": [
                    {"lang": column.lang, "blocks": [{"role": str(segment.role), **cell}]}
                    for column, cell in zip(columns, cells, strict=True)
                ],
            }
        )
    titles = [{"lang": c.lang, "text": short_title_text(c)} for c in columns]
    return {
        "mode": "bilingual" if len(columns) > 1 else "monolingual",
        "page_lang": first.lang,
        "title": headlines,
        "author": ", ".join(
            part for part in (document.metadata.reporter, *publications[:1]) if part
        ),
        "description": headlines,
        "keywords": ", ".join([t["text"] for t in titles] + publications),
        "running": [
            {
                "lang": c.lang,
                "title": short_title_text(c),
                "page": _page_label(c),
                "draft": _draft(c),
            }
            for c in columns
        ],
        "columns": [
            {
                "lang": c.lang,
                "headline": headline_cell(c),
                "publication": _cell(c, publication.key, pivot_lang) if publication else None,
                "byline": _cell(c, byline.key, pivot_lang) if byline else None,
                "date": format_date(
                    document.metadata.event_date,
                    c.labels.get("date_format", "long"),
                    locale=c.locale,
                )
                if document.metadata.event_date
                else None,
                "draft": _draft(c),
            }
            for c in columns
        ],
        "bookmarks": {"headline": headlines},
        "rows": rows,
        "back": _back_context(document, columns, back, pivot),
    }


def _draft(column: Column) -> str:
    if column.draft_percent is None:
        return ""
    return _fill(column, "draft", percent=column.draft_percent)


def _page_label(column: Column) -> tuple[str, str, str]:
    """The page label around its two numbers, which only the typesetter knows."""
    label = _fill(column, "page", page="\0", pages="\1")
    if label.count("\0") != 1 or label.count("\1") != 1 or label.index("\0") > label.index("\1"):
        raise PublishError(
            f"label 'page' of {column.locale} needs {{page}} and then {{pages}}", LABELS_FILE
        )
    before, rest = label.split("\0")
    middle, after = rest.split("\1")
    return before, middle, after


def render_html(
    document: Document, columns: list[Column], templates: Path, back: BackMatter | None = None
) -> str:
    return environment(templates).get_template(TEMPLATE).render(context(document, columns, back))
