"""The Plural-Forms header as the checks read it: how many forms, and which form each number takes.

The reader (``poparse``) has already refused a header it cannot use; these functions read the
value again for what the checks ask of it."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from functools import cache


def plural_forms(header: str) -> tuple[int | None, str | None]:
    """``nplurals`` and the ``plural`` expression of a Plural-Forms header value."""
    count = re.search(r"nplurals\s*=\s*(\d+)", header)
    expression = re.search(r"plural\s*=\s*([^;]+)", header)
    return (
        int(count.group(1)) if count else None,
        expression.group(1).strip() if expression else None,
    )


@cache
def plural_count(header: str) -> int | None:
    return plural_forms(header)[0]


@cache
def plural_function(expression: str) -> Callable[[int], int] | None:
    try:
        return gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        return None


@cache
def forms_selected_once(header: str) -> frozenset[int]:
    """Plural forms that only one number selects (``n == 1`` in English), by the header."""
    nplurals, expression = plural_forms(header)
    function = plural_function(expression) if expression else None
    if function is None or nplurals is None:
        return frozenset()
    counts: dict[int, int] = {}
    for n in range(1000):
        index = function(n)
        counts[index] = counts.get(index, 0) + 1
    return frozenset(index for index, count in counts.items() if count == 1)
