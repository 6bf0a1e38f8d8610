"""Simplified characters in a Traditional Chinese catalogue: the simplified-characters check.

The measure is OpenCC's, both ways.  The translation is converted as a whole by the locale's
character configuration (``s2hk`` for Hong Kong and Macao, ``s2tw`` for Taiwan, ``s2t``
otherwise: characters and their variants, with OpenCC's phrases to choose among one-to-many
characters, but no vocabulary), and compared character by character with what was written.  A
character the conversion changes is reported when ``t2s`` leaves it as it is: it is what
Simplified Chinese writes (发, 后 outside 皇后), not a Traditional variant of another region
(眾, which s2hk turns into Hong Kong's 衆, is turned by t2s into 众, so it is not reported).
Measured on this project: no finding in zh_CN converted by s2hk; 343 Simplified characters
(distinct in each entry) in zh_CN itself, read as if it were Traditional.  A character that is
Traditional only in a phrase OpenCC does not know (a rare 里 for 裏) can be reported wrongly:
``#, ignore-simplified-characters`` silences the check for that entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import polib

from publish.checks.context import Catalogue, is_translated


@cache
def _converter(config: str):
    # Imported here: only Traditional Chinese catalogues are checked with it.
    import opencc

    return opencc.OpenCC(config)


def traditional_config(locale: str) -> str:
    from publish import cjk

    _, _, territory = cjk.subtags(locale)
    return {"HK": "s2hk", "MO": "s2hk", "TW": "s2tw"}.get(territory or "", "s2t")


def simplified_in(text: str, config: str) -> dict[str, str]:
    """The Simplified characters of ``text``, each with what the locale writes instead."""
    converted = _converter(config).convert(text)
    if len(converted) != len(text):
        converted = "".join(_converter(config).convert(char) for char in text)
    found: dict[str, str] = {}
    for written, wanted in zip(text, converted, strict=True):
        if written != wanted and _converter("t2s").convert(written) == written:
            found.setdefault(written, wanted)
    return found


def simplified_characters(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Simplified characters in a Traditional Chinese translation (发 for 發), by OpenCC."""
    writing = catalogue.writing
    if writing is None or writing.script != "Hant" or not is_translated(entry):
        return
    config = traditional_config(catalogue.language)
    for _, text in catalogue.pairs(entry):
        found = simplified_in(text, config)
        if found:
            pairs = ", ".join(f"{s} (write {t})" for s, t in list(found.items())[:8])
            more = f" and {len(found) - 8} more" if len(found) > 8 else ""
            yield f"Simplified characters in {catalogue.language}: {pairs}{more}"
