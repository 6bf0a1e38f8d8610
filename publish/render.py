"""Typeset briefings: document and catalogues in, HTML through Jinja2, PDF through WeasyPrint.

WeasyPrint is imported only by the functions that write PDFs, so that the
commands that do not render stay quick to start.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from babel import Locale
from babel.dates import format_date

from publish.catalogue import Translation
from publish.errors import PublishError
from publish.fsio import atomic_output
from publish.model import Document, Role

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

TEMPLATE = "briefing.html.j2"
STYLESHEET = "briefing.css"
FATAL_LOG_MARKERS = ("fontTools", ".notdef", "glyphs missing", "Too many glyphs")


@dataclass(frozen=True)
class Column:
    """One language of a briefing: its locale, its texts and the words around them."""

    locale: str
    texts: dict[tuple, Translation]
    labels: dict[str, str]
    draft_percent: int | None = None

    @property
    def lang(self) -> str:
        return html_lang(self.locale)


def html_lang(locale: str) -> str:
    """BCP 47 tag for HTML ``lang``; Chinese needs its script, or Japanese glyph forms are used."""
    parsed = Locale.parse(locale)
    if parsed.language == "zh":
        script = parsed.script or Locale.parse(f"und_{parsed.territory or 'CN'}").script or "Hans"
        if parsed.territory in ("TW", "HK", "MO") and not parsed.script:
            script = "Hant"
        elif not parsed.script:
            script = "Hans"
        return f"zh-{script}"
    return parsed.language


def load_labels(templates: Path, locale: str) -> dict[str, str]:
    with open(templates / "labels.toml", "rb") as handle:
        table = tomllib.load(handle)
    labels = dict(table["en"])
    labels.update(table.get(locale, table.get(locale.split("_")[0], {})))
    return labels


def environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _cell(column: Column, key: tuple) -> dict[str, Any]:
    translation = column.texts[key]
    return {
        "text": translation.text,
        "status": translation.status,
        "lang": column.lang,
        "label_lang": column.lang,
        "mark": column.labels.get(translation.status, ""),
    }


def _page_label(labels: dict[str, str]) -> tuple[str, str, str]:
    before, rest = labels["page"].split("{page}", 1)
    middle, after = rest.split("{pages}", 1)
    return before, middle, after


def context(document: Document, columns: list[Column]) -> dict[str, Any]:
    """Everything the template needs, as plain data."""
    first = columns[0]
    headline = document.first(Role.HEADLINE)
    short_title = document.first(Role.SHORT_TITLE)
    publication = document.first(Role.PUBLICATION)
    assert headline and short_title and publication
    rows = [
        {"role": str(segment.role), "cells": [_cell(column, segment.key) for column in columns]}
        for segment in document.body
    ]
    drafts = [
        column.labels["draft"].format(percent=column.draft_percent)
        for column in columns
        if column.draft_percent is not None
    ]
    return {
        "mode": "bilingual" if len(columns) > 1 else "monolingual",
        "page_lang": first.lang,
        "title": " / ".join(c.texts[headline.key].text for c in columns),
        "short_title": " · ".join(c.texts[short_title.key].text for c in columns),
        "author": f"{document.metadata.reporter}, {first.texts[publication.key].text}",
        "description": first.texts[headline.key].text,
        "keywords": ", ".join(c.texts[short_title.key].text for c in columns),
        "page_label": _page_label(first.labels),
        "draft": " · ".join(drafts),
        "columns": [
            {
                "lang": c.lang,
                "headline": _cell(c, headline.key),
                "publication": _cell(c, publication.key),
                "date": format_date(document.metadata.event_date, "long", locale=c.locale),
            }
            for c in columns
        ],
        "rows": rows,
    }


def render_html(document: Document, columns: list[Column], templates: Path) -> str:
    return environment(templates).get_template(TEMPLATE).render(context(document, columns))


# --- PDF --------------------------------------------------------------------------


def template_only_fetcher(templates: Path):
    """A URL fetcher that serves regular files under ``templates/`` and refuses everything else.

    Translations are untrusted: were markup from one ever to reach WeasyPrint, it must not
    read local files (``file:///etc/passwd``), block on devices (``file:///dev/urandom``),
    reach the network or carry ``data:`` payloads.  A refusal is an ordinary fetch failure,
    which WeasyPrint logs and skips; ``refused`` keeps the URLs for the caller to inspect.
    """
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    root = templates.resolve()

    class TemplateOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.fetched: list[str] = []
            self.refused: list[str] = []

        def allows(self, url: str) -> bool:
            parts = urlsplit(url)
            if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
                return False
            path = Path(unquote(parts.path)).resolve()
            return path.is_relative_to(root) and path.is_file()

        def fetch(self, url, headers=None):
            if not self.allows(url):
                self.refused.append(url)
                raise ValueError(f"refused to fetch {url}: only files under templates/")
            self.fetched.append(url)
            return super().fetch(url, headers)

    return TemplateOnlyFetcher()


@contextmanager
def weasyprint_log() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def pdf_date(document: Document) -> str:
    """The PDF's date: SOURCE_DATE_EPOCH when set, else the event date; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    else:
        moment = dt.datetime.combine(document.metadata.event_date, dt.time(0, 0), tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_pdf(
    html: str,
    target: Path,
    templates: Path,
    created: str,
    font_config: FontConfiguration | None = None,
) -> None:
    """Typeset ``html`` into ``target``, failing on any font fallback or missing glyph."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = font_config or FontConfiguration()
    fetcher = template_only_fetcher(templates)
    html = html.replace(
        "</head>",
        f'<meta name="dcterms.created" content="{created}">\n'
        f'<meta name="dcterms.modified" content="{created}">\n</head>',
        1,
    )
    with weasyprint_log() as records, atomic_output(target) as handle:
        HTML(string=html, base_url=str(templates.resolve()) + "/", url_fetcher=fetcher).render(
            font_config=font_config,
            stylesheets=[CSS(string="", font_config=font_config, url_fetcher=fetcher)],
            presentational_hints=False,
        ).write_pdf(handle, pdf_variant="pdf/ua-1")
        fatal = [
            r.getMessage() for r in records if any(m in r.getMessage() for m in FATAL_LOG_MARKERS)
        ]
        if fatal:
            raise PublishError(f"font problem while typesetting: {fatal[0]}", target)
