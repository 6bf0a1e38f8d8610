"""SOURCE_DATE_EPOCH, read in this one place: the date a reproducible build stamps on what it makes.

The catalogues take their header dates from it and the PDFs their creation date.
"""

from __future__ import annotations

import datetime as dt
import os

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
