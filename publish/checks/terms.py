"""The glossary check: a name or term of locales/glossary.csv rendered as the glossary says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import polib

from publish.checks.context import Catalogue, is_translated
from publish.glossary import Term


def _rendering(term: Term, language: str) -> str | None:
    if language in term.renderings:
        return term.renderings[language]
    base = language.split("_")[0]
    same = [text for locale, text in term.renderings.items() if locale.split("_")[0] == base]
    return same[0] if len(same) == 1 else None


@cache
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first: at each place the longest term wins, and the terms it contains are not
    # asked for again ("Greater Bay Area" inside "Guangdong-Hong Kong-Macao Greater Bay Area").
    ordered = sorted(terms, key=len, reverse=True)
    alternatives = "|".join(re.escape(term) for term in ordered)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", re.IGNORECASE)


def glossary_terms(english: str, terms: tuple[Term, ...]) -> list[Term]:
    """The glossary terms in an English text, the longest where they overlap."""
    if not terms:
        return []
    by_text = {term.english.lower(): term for term in terms}
    pattern = _terms_pattern(tuple(term.english for term in terms))
    return [by_text[match.group(0).lower()] for match in pattern.finditer(english)]


def glossary(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """A name or term of the glossary in the English is rendered as the glossary says."""
    if not catalogue.glossary or catalogue.is_english or not is_translated(entry):
        return
    for english, text in catalogue.pairs(entry):
        seen = set()
        for term in glossary_terms(english, catalogue.glossary):
            rendering = _rendering(term, catalogue.language)
            if rendering and rendering not in text and term.english not in seen:
                seen.add(term.english)
                yield f"{term.english!r} is {rendering} in the glossary, not found here"
