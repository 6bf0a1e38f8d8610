"""A role the editors give a segment where the segmenter could not know it.

In the English catalogue, a translator comment line ``role: subheading`` sets the segment as a
subheading in the reader editions, ``role: paragraph`` as a paragraph; ``role: subheading
(reconstructed)`` also says that the source lost the subheading and its wording is the editors'.
Translator comments are the one place every PO tool keeps, and they are the editors' own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from publish.model import Role

ROLE_LINE = "role:"
ROLE_TARGETS = (Role.SUBHEADING, Role.PARAGRAPH)
"""What a role line may make a segment: the article's body text, set differently."""
ROLE_SOURCES = (Role.SUBHEADING, Role.PARAGRAPH, Role.DATELINE, Role.TRAILER)
"""The segments a role line may change: the article's text, never the editors' own matter."""
RECONSTRUCTED = "reconstructed"
_PARTS = re.compile(r"(?P<role>[^()]*?)\s*(?:\((?P<remark>[^()]*)\))?")


class RoleLineError(ValueError):
    """A role line an editor must fix; its message says what is wrong, in plain words."""


@dataclass(frozen=True)
class RoleOverride:
    role: Role
    reconstructed: bool
    written: str
    """The line as the editor wrote it, for the review edition."""


def split_role_lines(comment: str) -> tuple[list[str], str]:
    """A translator comment's ``role:`` lines, and the comment without them."""
    lines = comment.split("\n") if comment else []
    roles = [line.strip() for line in lines if line.startswith(ROLE_LINE)]
    rest = [line for line in lines if not line.startswith(ROLE_LINE)]
    return roles, "\n".join(rest)


def role_override(comment: str, own_role: Role | str | None = None) -> RoleOverride | None:
    """The role a translator comment gives its segment, or None when it gives none.

    ``own_role``: the segment's role as the segmenter found it, when known. Raises
    RoleLineError for a line that cannot be applied.
    """
    lines, _ = split_role_lines(comment)
    if not lines:
        return None
    if len(lines) > 1:
        raise RoleLineError(f"{len(lines)} role lines; keep one ({'; '.join(lines)})")
    written = lines[0]
    match = _PARTS.fullmatch(written.removeprefix(ROLE_LINE).strip())
    if match is None:
        raise RoleLineError(f"cannot read {written!r}: write 'role: subheading (reconstructed)'")
    name = " ".join(match["role"].split())
    allowed = " or ".join(str(role) for role in ROLE_TARGETS)
    if name not in ROLE_TARGETS:
        raise RoleLineError(f"role {name!r} cannot be given: a segment may be made {allowed}")
    remark = match["remark"]
    if remark is not None and remark.strip() != RECONSTRUCTED:
        raise RoleLineError(f"unknown remark ({remark}): only (reconstructed) may follow the role")
    reconstructed = remark is not None
    if reconstructed and name != Role.SUBHEADING:
        raise RoleLineError("only a subheading can be marked (reconstructed)")
    if own_role is not None and str(own_role) not in ROLE_SOURCES:
        raise RoleLineError(
            f"a {own_role} keeps its role: role lines apply to the article's text "
            f"({', '.join(str(r) for r in ROLE_SOURCES)})"
        )
    return RoleOverride(Role(name), reconstructed, written)


TYPE_COMMENT = re.compile(r"^type: (?P<role>.+)$", re.MULTILINE)


def extracted_role(extracted_comment: str) -> str | None:
    """The segment's own role as the template records it (``#. type: paragraph``)."""
    match = TYPE_COMMENT.search(extracted_comment or "")
    return match["role"].strip() if match else None
