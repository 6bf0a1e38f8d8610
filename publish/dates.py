"""Dates, in one place: SOURCE_DATE_EPOCH, the date a reproducible build stamps on what it makes
(the catalogues' header dates, the PDFs' creation date), and the English month names the
segmenter and the checks read dates with.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache

from babel.dates import get_month_names

from publish.errors import PublishError


def source_date() -> dt.datetime | None:
    """The moment SOURCE_DATE_EPOCH names, or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return None
    try:
        if not epoch.strip().isdigit():
            raise ValueError(epoch)
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise PublishError(
            f"not a whole number of seconds since 1970: {epoch!r} "
            "(reproducible builds set it to the date of the last change, e.g. $(date +%s))",
            "SOURCE_DATE_EPOCH",
        ) from None


@cache
def english_months() -> dict[str, int]:
    """January and Jan ... -> month number, from the CLDR data babel carries, and Sept, which its
    English lacks."""
    months = {"Sept": 9}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="en").items():
            months[name] = number
    return months
