"""Markup and addresses the same as the English's, as translate-toolkit's pofilter compares them:
the markup and urls checks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import polib

from publish.checks.context import Catalogue, is_translated

MARKUP = re.compile(
    r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>|<!--.*?-->|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"
)
# ASCII only: Chinese text runs on without a space after an address.
URL = re.compile(
    r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+|www\.[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+"
    r"|[A-Za-z0-9.+_-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
URL_TRAILING = ".,;:!?)]}'’。，；：！？、"


def _added_and_lost(english: list[str], text: list[str], what: str) -> Iterator[str]:
    want, got = Counter(english), Counter(text)
    for item in want - got:
        yield f"{what} {item!r} of the English is not in the translation"
    for item in got - want:
        yield f"{what} {item!r} of the translation is not in the English"


def markup(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Markup tags and entities the same as the English's: none added, none lost."""
    if not is_translated(entry):
        return
    for english, text in catalogue.pairs(entry):
        yield from _added_and_lost(MARKUP.findall(english), MARKUP.findall(text), "markup")


def _urls(text: str) -> list[str]:
    return [match.rstrip(URL_TRAILING) for match in URL.findall(text)]


def urls(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Web addresses and e-mail addresses the same as the English's: none added, none lost."""
    if not is_translated(entry):
        return
    for english, text in catalogue.pairs(entry):
        yield from _added_and_lost(_urls(english), _urls(text), "address")
