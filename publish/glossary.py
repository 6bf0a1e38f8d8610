"""The glossary, locales/glossary.csv: each name or term in English and its rendering per locale.

The one reader of the file: the checks compare translations with it, and the bilingual
PDFs print it as their table of names.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError


@dataclass(frozen=True)
class Term:
    """A glossary row: an English name or term and its rendering per locale."""

    english: str
    renderings: dict[str, str]
    line: int


def read_glossary(path: Path) -> tuple[Term, ...]:
    """locales/glossary.csv: columns ``en``, one per locale, and ``note``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except UnicodeDecodeError:
        raise PublishError("not valid UTF-8", path) from None
    rows = csv.reader(io.StringIO(text))
    columns = next(rows, None)
    if not columns or columns[0] != "en":
        raise PublishError("the first column of a glossary must be 'en'", path, 1)
    locales = [c for c in columns[1:] if c != "note"]
    terms = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if not row or not row[0].strip():
            continue
        if len(row) != len(columns):
            raise PublishError(f"{len(row)} fields where the header has {len(columns)}", path, line)
        if row[0].strip().lower() in seen:
            first = seen[row[0].strip().lower()]
            raise PublishError(
                f"{row[0].strip()!r} is in the glossary twice (line {first})", path, line
            )
        seen[row[0].strip().lower()] = line
        values = dict(zip(columns, row, strict=True))
        renderings = {
            locale: values[locale].strip() for locale in locales if values[locale].strip()
        }
        terms.append(Term(row[0].strip(), renderings, line))
    return tuple(terms)
