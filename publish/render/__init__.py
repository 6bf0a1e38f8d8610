"""Render: typeset a document and its catalogues into a briefing, HTML first, then PDF.

- html.py: the columns, labels and back matter as the template's context; Jinja2 to HTML
- pdf.py: WeasyPrint from HTML to PDF, with a fetcher confined to templates/ and its log watched
- subset.py: the large faces the stylesheets name, cut to the HTML's characters before layout
- tags.py: WeasyPrint's PDF tags completed: each part's language, page furniture as artifacts
"""

from publish.render.html import Column, back_matter, load_labels, render_html
from publish.render.pdf import font_configuration, pdf_date, preload, write_pdf

__all__ = [
    "Column",
    "back_matter",
    "font_configuration",
    "load_labels",
    "pdf_date",
    "preload",
    "render_html",
    "write_pdf",
]
