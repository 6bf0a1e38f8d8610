"""Roles the editors give segments with a ``role:`` translator comment line: the check roles."""

from __future__ import annotations

from collections.abc import Iterator

import polib

from publish.catalogue.roles import (
    RoleLineError,
    extracted_role,
    role_override,
    split_role_lines,
)
from publish.checks.context import Catalogue


def roles(catalogue: Catalogue, entry: polib.POEntry) -> Iterator[str]:
    """A 'role:' comment line the reader editions cannot apply: only 'role: subheading' (with
    an optional '(reconstructed)') and 'role: paragraph', in the English catalogue, on the
    article's text."""
    lines, _ = split_role_lines(entry.tcomment)
    if not lines:
        return
    if not catalogue.is_english:
        yield f"{lines[0]!r} has no effect here: roles are given in the English catalogue"
        return
    try:
        role_override(entry.tcomment, extracted_role(entry.comment))
    except RoleLineError as error:
        yield str(error)
