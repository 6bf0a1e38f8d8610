"""Typeset a briefing's HTML into a PDF with WeasyPrint: the fetcher, the log, fonts and dates.

WeasyPrint is imported only inside the functions that write PDFs, so that the
commands that do not render stay quick to start.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from publish.dates import source_date
from publish.errors import PublishError
from publish.fsio import atomic_output
from publish.model import Document
from publish.render.fonts import compact_fonts

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

FATAL_LOG_MARKERS = ("fontTools", ".notdef", "glyphs missing", "Too many glyphs")


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
def weasyprint_log(level: int = logging.WARNING) -> Iterator[list[logging.LogRecord]]:
    """The records WeasyPrint logs at ``level`` or above while the block runs."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(level=level)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def preload() -> None:
    """Import WeasyPrint now, once, so that worker processes forked later share it."""
    import weasyprint  # noqa: F401


@functools.cache
def font_configuration() -> FontConfiguration:
    """One font configuration per process, reused by every PDF it writes."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def pdf_date(document: Document) -> str | None:
    """The PDF's date: SOURCE_DATE_EPOCH when set, else the event date, else none; never the
    clock."""
    moment = source_date()
    if moment is None:
        if document.metadata.event_date is None:
            return None
        moment = dt.datetime.combine(document.metadata.event_date, dt.time(0, 0), tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_pdf(
    html: str,
    target: Path,
    templates: Path,
    created: str | None,
    font_config: FontConfiguration | None = None,
) -> None:
    """Typeset ``html`` into ``target``, failing on any font fallback or missing glyph."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from publish.render.tags import completing_tags

    font_config = font_config or FontConfiguration()
    fetcher = template_only_fetcher(templates)
    if created is not None:
        html = html.replace(
            "</head>",
            f'<meta name="dcterms.created" content="{created}">\n'
            f'<meta name="dcterms.modified" content="{created}">\n</head>',
            1,
        )
    with weasyprint_log() as records, atomic_output(target) as handle:
        typeset = io.BytesIO()
        typeset_document = HTML(
            string=html, base_url=str(templates.resolve()) + "/", url_fetcher=fetcher
        ).render(
            font_config=font_config,
            stylesheets=[CSS(string="", font_config=font_config, url_fetcher=fetcher)],
            presentational_hints=False,
        )
        with completing_tags(typeset_document):
            typeset_document.write_pdf(typeset, pdf_variant="pdf/ua-1")
        fatal = [
            r.getMessage() for r in records if any(m in r.getMessage() for m in FATAL_LOG_MARKERS)
        ]
        if fatal:
            raise PublishError(f"font problem while typesetting: {fatal[0]}", target)
        if fetcher.refused:
            # Only the templates can ask for a resource (translations are escaped text), so a
            # refusal is a template pointing outside templates/: stop rather than lose it silently.
            raise PublishError(
                f"templates may use only files under templates/; refused {fetcher.refused[0]}",
                templates,
            )
        handle.write(compact_fonts(typeset.getvalue()))
