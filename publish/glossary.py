"""The glossary, locales/glossary.csv: each name or term per locale, and whether it is verified.

The one reader of the file: the checks compare translations with it, and the PDFs print the
entries their article uses as their table of names.

Columns are read by their header, in any order: ``en`` (required) and any other locale name
(``zh_CN``, ``zh_HK``...) are the name in that locale; ``status`` is ``verified`` or
``unverified`` (empty or missing: unverified); ``source`` says where a name was verified;
``note`` is the editors' own. Other columns are ignored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError

from publish.errors import PublishError

STATUSES = ("verified", "unverified")
FIELDS = ("note", "status", "source")


@dataclass(frozen=True)
class Term:
    """A glossary row: a name or term in English and per locale, and how far it is verified."""

    english: str
    renderings: dict[str, str] = field(hash=False)
    """The name per locale (a dict is not hashable: a term hashes by its other fields)."""
    line: int = 0
    status: str = "unverified"
    source: str = ""
    note: str = ""

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    def name(self, locale: str) -> str | None:
        """The name as written in ``locale``, or None where the glossary has none."""
        if locale == "en":
            return self.english
        return self.renderings.get(locale)


def _is_locale(header: str) -> bool:
    try:
        Locale.parse(header)
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


def read_glossary(path: Path) -> tuple[Term, ...]:
    """locales/glossary.csv: ``en``, one column per locale, and optionally status, source, note."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except UnicodeDecodeError:
        raise PublishError("not valid UTF-8", path) from None
    rows = csv.reader(io.StringIO(text))
    columns = [c.strip() for c in next(rows, None) or []]
    if "en" not in columns:
        raise PublishError("a glossary needs a column 'en'", path, 1)
    locales = [c for c in columns if c != "en" and c not in FIELDS and _is_locale(c)]
    terms = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != len(columns):
            raise PublishError(f"{len(row)} fields where the header has {len(columns)}", path, line)
        values = {column: value.strip() for column, value in zip(columns, row, strict=True)}
        english = values["en"]
        if not english:
            continue
        if english.lower() in seen:
            first = seen[english.lower()]
            raise PublishError(f"{english!r} is in the glossary twice (line {first})", path, line)
        seen[english.lower()] = line
        status = values.get("status", "").lower() or "unverified"
        if status not in STATUSES:
            raise PublishError(
                f"status {values['status']!r}: write verified, unverified or nothing", path, line
            )
        renderings = {locale: values[locale] for locale in locales if values[locale]}
        terms.append(
            Term(
                english,
                renderings,
                line,
                status=status,
                source=values.get("source", ""),
                note=values.get("note", ""),
            )
        )
    return tuple(terms)
