"""A new Traditional Chinese catalogue seeded from a Simplified one by OpenCC.

``publish init zh_HK --from zh_CN`` converts each translation of the zh_CN catalogue, entry by
entry (msgstr and plural forms, never the msgid), with OpenCC's configuration for the target:
``s2hk`` for Hong Kong and Macao, ``s2twp`` for Taiwan (with Taiwanese vocabulary), ``s2t``
for any other Traditional Chinese.  A conversion is a proposal, not a translation: every
converted entry is fuzzy, so no PDF prints it before a person has reviewed it, and says in a
translator comment how it was made.  Each entry keeps the record of the English its source
translation was made from (``#. en:``, ``#. en (was):``), so that ``set_pivot`` judges the new
catalogue's staleness exactly as it judges the source's.
"""

from __future__ import annotations

import copy
import re
from functools import cache

import polib

from publish import cjk
from publish.catalogue.pivot import PIVOT_COMMENT, PIVOT_WAS_COMMENT, split_pivot_comment
from publish.catalogue.stats import has_translation
from publish.errors import PublishError

CONVERTED_NOTE = "converted from {source} by OpenCC {config}; review before publishing"


def opencc_config(source_locale: str, target_locale: str) -> str:
    """The OpenCC configuration that turns ``source_locale``'s text into ``target_locale``'s."""
    if not (cjk.is_simplified(source_locale) and cjk.is_traditional(target_locale)):
        raise PublishError(
            f"cannot convert {source_locale} into {target_locale}: only Simplified Chinese "
            "(zh_CN) into Traditional Chinese (zh_HK, zh_TW, zh_Hant) is converted"
        )
    _, _, territory = cjk.subtags(target_locale)
    if territory in ("HK", "MO"):
        return "s2hk"
    if territory == "TW":
        return "s2twp"
    return "s2t"


@cache
def converter(config: str):
    # Imported here: only init --from needs OpenCC.
    import opencc

    return opencc.OpenCC(config)


# OpenCC converts characters and words, not punctuation conventions.  Traditional Chinese quotes
# with 「」 and 『』 where Simplified uses “” and ‘’: four characters, mapped here.  A ’ that is
# not closing a ‘ (an apostrophe in a Latin name) is left alone.
INNER_QUOTATION = re.compile("‘([^‘’]*)’")


def quotation_marks(text: str, locale: str) -> str:
    """``text`` with Simplified Chinese quotation marks turned into ``locale``'s."""
    written = cjk.writing(locale)
    if written is None or written.quotes == "“”‘’":
        return text
    outer_open, outer_close, inner_open, inner_close = written.quotes
    text = INNER_QUOTATION.sub(lambda m: f"{inner_open}{m.group(1)}{inner_close}", text)
    return text.replace("“", outer_open).replace("”", outer_close)


def convert_text(text: str, config: str, locale: str) -> str:
    return quotation_marks(converter(config).convert(text), locale) if text else text


def convert_catalogue(
    source: polib.POFile, fresh: polib.POFile, source_locale: str, target_locale: str
) -> polib.POFile:
    """``fresh`` (a new catalogue of ``target_locale``) with ``source``'s translations converted.

    ``fresh`` is left as it was; the result is a new catalogue.  An entry ``source`` has not
    translated stays empty; every converted entry is fuzzy, with a translator comment naming the
    conversion, the pivot records of its source entry and the source's flags (``ignore-…``).
    """
    config = opencc_config(source_locale, target_locale)
    note = CONVERTED_NOTE.format(source=source_locale, config=config)
    translated = {
        (entry.msgctxt, entry.msgid): entry
        for entry in source
        if not entry.obsolete and has_translation(entry)
    }
    result = copy.deepcopy(fresh)
    for entry in result:
        origin = translated.get((entry.msgctxt, entry.msgid))
        if entry.obsolete or origin is None:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {
                index: convert_text(text, config, target_locale)
                for index, text in origin.msgstr_plural.items()
            }
        else:
            entry.msgstr = convert_text(origin.msgstr, config, target_locale)
        entry.flags = ["fuzzy", *(f for f in entry.flags if f != "fuzzy")]
        entry.flags += [f for f in origin.flags if f not in entry.flags]
        entry.tcomment = note
        entry.comment = with_pivot_records(entry.comment, origin.comment)
        if origin.previous_msgid is not None:
            entry.previous_msgid = origin.previous_msgid
            entry.previous_msgctxt = origin.previous_msgctxt
    return result


def with_pivot_records(comment: str, origin: str) -> str:
    """``comment``'s own lines, then the pivot records of ``origin``: the English the converted
    translation was made from, and the English it was made from before, if it went stale."""
    kept, _ = split_pivot_comment(comment)
    _, recorded = split_pivot_comment(origin)
    for prefix in (PIVOT_COMMENT, PIVOT_WAS_COMMENT):
        if prefix in recorded:
            kept.append(prefix + recorded[prefix])
    return "\n".join(kept)
