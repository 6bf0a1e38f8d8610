"""Simplified characters in a Traditional Chinese catalogue: the simplified-characters check.

The measure is OpenCC's.  A character of a translation is reported when three conversions agree
that it is Simplified:

1. in context: ``s2hk`` of the whole text changes it (OpenCC's phrases choose among one-to-many
   characters, so 后 in 皇后, 里 in 公里 and 台 in 台灣 stay as they are);
2. on its own: ``s2t`` makes another character of it (发 is 發; 周 and 着 stay themselves);
3. and it is not a regional standard form of that character, by ``t2tw`` and ``t2hk`` (群 is
   Taiwan's and Hong Kong's form of OpenCC's 羣, 衆 Hong Kong's of 眾).

Measured on this project: no finding in zh_HK (converted by s2hk and reviewed, with 周年, 群,
回歸 as Hong Kong writes them); 337 Simplified characters (distinct in each entry) in zh_CN,
read as if it were Traditional.  Condition 1 alone reported 周 and 群 in zh_HK.  A character
Traditional only in a phrase OpenCC does not know (a rare 里 for 裏) can still be reported:
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


def simplified_in(text: str) -> dict[str, str]:
    """The Simplified characters of ``text``, each with OpenCC's Traditional character."""
    in_context = _converter("s2hk").convert(text)
    if len(in_context) != len(text):
        in_context = "".join(_converter("s2hk").convert(char) for char in text)
    found: dict[str, str] = {}
    for written, converted in zip(text, in_context, strict=True):
        if written == converted or written in found:
            continue
        traditional = _converter("s2t").convert(written)
        regional = {_converter(c).convert(traditional) for c in ("t2tw", "t2hk")}
        if traditional != written and written not in regional:
            found[written] = traditional
    return found


def simplified_characters(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """Simplified characters in a Traditional Chinese translation (发 for 發), by OpenCC."""
    writing = catalogue.writing
    if writing is None or writing.script != "Hant" or not is_translated(entry):
        return
    for _, text in catalogue.pairs(entry):
        found = simplified_in(text)
        if found:
            pairs = ", ".join(f"{s} (write {t})" for s, t in list(found.items())[:8])
            more = f" and {len(found) - 8} more" if len(found) > 8 else ""
            yield f"Simplified characters in {catalogue.language}: {pairs}{more}"
