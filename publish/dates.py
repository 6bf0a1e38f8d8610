"""Dates, in one place: SOURCE_DATE_EPOCH, the date a reproducible build stamps on what it makes
(the catalogues' header dates, the PDFs' creation date), and the English month names the
segmenter and the checks read dates with.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
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


def _full_dates() -> re.Pattern[str]:
    month = "|".join(sorted((re.escape(m) for m in english_months()), key=lambda m: (-len(m), m)))
    return re.compile(
        rf"\b(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})\b"
        rf"|\b(?P<d2>\d{{1,2}})\s+(?P<m2>{month})\.?,?\s+(?P<y2>\d{{4}})\b"
        r"|\b(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})\b"
        r"|(?P<y4>\d{4})\s*年\s*(?P<m4>\d{1,2})\s*月\s*(?P<d4>\d{1,2})\s*日"
    )


def dates_in(text: str) -> list[dt.date]:
    """The calendar dates written out in full (with a year) in ``text``, in order.

    "June 30, 2022", "30 June 2022", "2022-06-30", "2022年6月30日"; "On June 30," has no year
    and names no date.  Impossible dates (February 30) are not dates.
    """
    found = []
    months = english_months()
    for match in _full_date_pattern().finditer(text):
        groups = match.groupdict()
        for n in "1234":
            if groups[f"y{n}"]:
                month = groups[f"m{n}"]
                number = months[month] if month in months else int(month)
                with contextlib.suppress(ValueError):
                    found.append(dt.date(int(groups[f"y{n}"]), number, int(groups[f"d{n}"])))
                break
    return found


def unambiguous_date(text: str) -> dt.date | None:
    """The one full date ``text`` names, or None when it names none or several different ones."""
    found = set(dates_in(text))
    return found.pop() if len(found) == 1 else None


_full_date_pattern = cache(_full_dates)
