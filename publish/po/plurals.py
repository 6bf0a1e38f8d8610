"""The Plural-Forms header: parsed and judged once, as ``msgfmt -c`` judges it.

``parse`` turns a header value such as ``nplurals=2; plural=(n != 1);`` into ``PluralForms``
(the count, the expression and the function that picks a form for a number), or refuses it
with ``PluralFormsError``.  The reader refuses a catalogue whose header fails; the checks use
the same parse for what they say of plural entries.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

MSGFMT_SAMPLE = range(1001)
"""The numbers ``msgfmt -c`` evaluates a plural expression for: 0 to 1000."""

_SHAPE = re.compile(r"\s*nplurals\s*=\s*([0-9]+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?\s*")


class PluralFormsError(ValueError):
    """A Plural-Forms value that gettext cannot use; the message says why."""


@dataclass(frozen=True)
class PluralForms:
    nplurals: int
    expression: str
    select: Callable[[int], int] = field(compare=False, repr=False)
    """The index of the form used for a number."""

    @cached_property
    def forms_selected_once(self) -> frozenset[int]:
        """Forms that only one number selects (``n == 1`` in English), so may omit the number."""
        counts: dict[int, int] = {}
        for n in MSGFMT_SAMPLE:
            index = self.select(n)
            counts[index] = counts.get(index, 0) + 1
        return frozenset(index for index, count in counts.items() if count == 1)


def is_placeholder(value: str) -> bool:
    """Whether ``value`` is the ``nplurals=INTEGER; plural=EXPRESSION;`` a template carries."""
    return "INTEGER" in value or "EXPRESSION" in value


@lru_cache(maxsize=64)
def parse(value: str | None) -> PluralForms | None:
    """The plural forms a header value declares; None when absent or a template's placeholder.

    Raises ``PluralFormsError`` where ``msgfmt -c`` would: a value of another shape, no forms,
    an expression that is not C or fails for a number, or one that selects a form beyond
    ``nplurals``.
    """
    if value is None or is_placeholder(value):
        return None  # msgmerge reads the placeholder as no Plural-Forms
    found = _SHAPE.fullmatch(value)
    if not found:
        raise PluralFormsError(
            f"invalid Plural-Forms {value!r}: expected 'nplurals=N; plural=EXPRESSION;'"
        )
    nplurals, expression = int(found.group(1)), found.group(2)
    if nplurals < 1:
        raise PluralFormsError("nplurals must be at least 1")
    try:
        select = gettext.c2py(expression)
        largest = max(select(n) for n in MSGFMT_SAMPLE)
    except (ValueError, ZeroDivisionError, RecursionError) as error:
        raise PluralFormsError(f"invalid plural expression {expression!r}: {error}") from None
    if largest >= nplurals:
        raise PluralFormsError(
            f"nplurals = {nplurals} but the plural expression can produce values as large as "
            f"{largest}"
        )
    return PluralForms(nplurals, expression, select)
