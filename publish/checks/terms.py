"""The glossary check: a name or term of locales/glossary.csv rendered as the glossary says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import polib

from publish.checks.context import Catalogue, is_translated
from publish.glossary import Term


def _rendering(term: Term, language: str) -> str | None:
    """The glossary's rendering in the catalogue's own locale: its column, by header name.

    An empty cell means the glossary has not decided; another locale's column says nothing
    about it (zh_CN's 薛永恒 is not Hong Kong's 薛永恆), and ``glossary_suggestion`` offers a
    conversion instead.
    """
    return term.renderings.get(language.replace("-", "_"))


@cache
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first: at each place the longest term wins, and the terms it contains are not
    # asked for again ("Greater Bay Area" inside "Guangdong-Hong Kong-Macao Greater Bay Area").
    ordered = sorted(terms, key=len, reverse=True)
    alternatives = "|".join(re.escape(term) for term in ordered)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", re.IGNORECASE)


_last_lookup: list[tuple[tuple[Term, ...], tuple[dict[str, Term], re.Pattern[str]]]] = []


def _lookup(terms: tuple[Term, ...]) -> tuple[dict[str, Term], re.Pattern[str]]:
    # Once per glossary, not once per entry. A check run reads the glossary once and passes the
    # same tuple for every entry: known by identity, it is not hashed again, term by term, for
    # every entry (that hashing was a tenth of `publish check`'s time on 79 catalogues).
    if not _last_lookup or _last_lookup[0][0] is not terms:
        by_text = {term.english.lower(): term for term in terms}
        pattern = _terms_pattern(tuple(term.english for term in terms))
        _last_lookup[:] = [(terms, (by_text, pattern))]
    return _last_lookup[0][1]


def glossary_terms(english: str, terms: tuple[Term, ...]) -> list[Term]:
    """The glossary terms in an English text, the longest where they overlap."""
    if not terms:
        return []
    by_text, pattern = _lookup(terms)
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


def glossary_suggestion(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """A glossary term with no rendering in this Traditional Chinese locale: OpenCC's conversion
    of the Simplified rendering, to review and add to its column of locales/glossary.csv."""
    from publish import cjk
    from publish.catalogue.convert import convert_text, opencc_config

    language = catalogue.language.replace("-", "_")
    if not catalogue.glossary or not cjk.is_traditional(language) or not is_translated(entry):
        return
    seen = set()
    for english, _ in catalogue.pairs(entry):
        for term in glossary_terms(english, catalogue.glossary):
            if term.english in seen or _rendering(term, language):
                continue
            seen.add(term.english)
            simplified = [locale for locale in term.renderings if cjk.is_simplified(locale)]
            if simplified:
                source = "zh_CN" if "zh_CN" in simplified else simplified[0]
                config = opencc_config(source, language)
                proposal = convert_text(term.renderings[source], config, language)
                yield (
                    f"{term.english!r} has no {language} rendering in the glossary; "
                    f"{source} {term.renderings[source]} by OpenCC {config}: {proposal}"
                )
