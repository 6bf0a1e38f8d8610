"""Quality checks of gettext catalogues, for English corrections and Chinese translations.

Each check is a small function ``check(catalogue, entry)`` that yields one
message per problem it sees in one entry; ``CHECKS`` registers them with a
name, a severity and a one-line description.  The checks compare a
translation with *its* English: for a Chinese catalogue that is the corrected
English (the pivot), read from the project's English catalogue, or for a
catalogue from elsewhere from the ``#. en:`` comment each entry carries, falling
back to the msgid; for the English catalogue itself the English checks read the
msgstr, the corrected text, and leave the garbled msgid alone.

Nothing here imports WeasyPrint: checking answers in a fraction of a second.

Modules, one family of checks each:
  context.py     what a check is given: the Catalogue, an entry's forms, the English it renders
  formats.py     C and Python format directives, and what msgfmt -c compares of them
  wellformed.py  invalid (what msgfmt -c rejects), untranslated, fuzzy, unchanged
  numbers.py     numbers and dates across number systems
  typography.py  punctuation, brackets, doubled words and spaces, whitespace, line breaks, length
  markup.py      markup tags and web and e-mail addresses
  terms.py       names and terms as the glossary renders them
  characters.py  Simplified characters in a Traditional Chinese catalogue
  roles.py       the roles editors give segments (role: subheading)
  glyphs.py      characters none of the stylesheet's fonts has
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from publish.checks.characters import simplified_characters
from publish.checks.context import Catalogue
from publish.checks.glyphs import fonts_unavailable, missing_glyphs
from publish.checks.markup import markup, urls
from publish.checks.numbers import numbers
from publish.checks.roles import roles
from publish.checks.terms import glossary, glossary_suggestion
from publish.checks.typography import (
    brackets,
    chinese_punctuation,
    doubled_chinese,
    doubled_spaces,
    doubled_words,
    invisible_characters,
    length_ratio,
    line_breaks,
    punctuation_spacing,
    whitespace,
)
from publish.checks.wellformed import fuzzy, header, invalid, unchanged, untranslated
from publish.fontcoverage import Coverage
from publish.glossary import Term

ERROR = "error"
WARNING = "warning"
INFO = "info"
"""A suggestion: never fails a check, not even with --strict."""


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    severity: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: [{self.check}] {self.message}"


CheckFunction = Callable[[Catalogue, polib.POEntry], Iterable[str]]
CatalogueCheckFunction = Callable[[Catalogue], Iterable[str]]


@dataclass(frozen=True)
class Check:
    """A check as ``publish check --list`` shows it: named after its function, described by the
    first paragraph of the function's docstring."""

    severity: str
    function: CheckFunction = field(repr=False)
    once: CatalogueCheckFunction | None = field(default=None, repr=False)
    """What the check finds in the catalogue as a whole, reported at its header."""

    @property
    def name(self) -> str:
        return self.function.__name__.replace("_", "-")

    @property
    def description(self) -> str:
        return " ".join((inspect.getdoc(self.function) or "").split("\n\n")[0].split())


CHECKS: list[Check] = [
    Check(ERROR, invalid, once=header),
    Check(WARNING, untranslated),
    Check(WARNING, fuzzy),
    Check(WARNING, unchanged),
    Check(ERROR, numbers),
    Check(WARNING, chinese_punctuation),
    Check(WARNING, doubled_chinese),
    Check(WARNING, brackets),
    Check(WARNING, doubled_words),
    Check(WARNING, punctuation_spacing),
    Check(WARNING, whitespace),
    Check(WARNING, doubled_spaces),
    Check(WARNING, line_breaks),
    Check(WARNING, length_ratio),
    Check(ERROR, glossary),
    Check(INFO, glossary_suggestion),
    Check(WARNING, simplified_characters),
    Check(ERROR, markup),
    Check(ERROR, urls),
    Check(ERROR, invisible_characters),
    Check(ERROR, roles),
    Check(WARNING, missing_glyphs, once=fonts_unavailable),
]


def language_of(po: polib.POFile, path: Path) -> str:
    """The catalogue's locale: its Language header, else locales/<L>/LC_MESSAGES, else <L>.po."""
    language = po.metadata.get("Language", "").strip()
    if language:
        return language
    if path.parent.name == "LC_MESSAGES":
        return path.parent.parent.name
    return path.stem if re.fullmatch(r"[a-z]{2,3}(?:_[A-Z]{2})?", path.stem) else ""


def header_line(lines: list[str]) -> int:
    for number, line in enumerate(lines, start=1):
        if line.startswith('msgid ""'):
            return number
    return 1


def check_catalogue(
    po: polib.POFile,
    text: str,
    path: str,
    language: str,
    glossary_terms: tuple[Term, ...] = (),
    checks: Iterable[Check] = CHECKS,
    pivot: dict[tuple, str | None] | None = None,
    fonts: Coverage | None = None,
) -> tuple[list[Finding], int]:
    """Every finding of ``checks`` in one parsed catalogue, and the number of entries checked.

    ``pivot``: the English catalogue's text of each entry, which a translation is compared with.
    ``fonts``: what the stylesheet's fonts cover, for ``missing_glyphs``.
    """
    live = [entry for entry in po if not entry.obsolete]
    catalogue = Catalogue(
        path=path,
        language=language,
        header_line=header_line(text.splitlines()),
        metadata=dict(po.metadata),
        glossary=glossary_terms,
        pivot=pivot,
        fonts=fonts,
    )
    checks = list(checks)
    findings = []
    for check in checks:
        if check.once is not None:
            for message in check.once(catalogue):
                findings.append(
                    Finding(path, catalogue.header_line, check.severity, check.name, message)
                )
    names = [check.name for check in checks]
    ignored_by = [f"ignore-{name}" for name in names]
    for entry in live:
        for check, name, ignore in zip(checks, names, ignored_by, strict=True):
            if ignore in entry.flags:
                continue  # the editor has looked and decided (Weblate's flag convention)
            for message in check.function(catalogue, entry):
                findings.append(Finding(path, entry.linenum, check.severity, name, message))
    order = {name: position for position, name in enumerate(names)}
    findings.sort(key=lambda f: (f.line, order[f.check]))
    return findings, len(live)


def summary(findings: list[Finding], catalogues: int, checked: int) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    infos = len(findings) - errors - warnings

    def count(n: int, singular: str, plural: str) -> str:
        return f"{n} {singular if n == 1 else plural}"

    suggestions = f", {count(infos, 'suggestion', 'suggestions')}" if infos else ""
    return (
        f"{count(errors, 'error', 'errors')}, {count(warnings, 'warning', 'warnings')}"
        f"{suggestions} in "
        f"{count(catalogues, 'catalogue', 'catalogues')} ({count(checked, 'entry', 'entries')})"
    )
