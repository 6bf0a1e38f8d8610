"""The one error type the command line turns into a one-line message."""

from __future__ import annotations

import os
import signal
from pathlib import Path


class PublishError(Exception):
    """Bad input or a failed step, reported as ``path:line: message``."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __reduce__(self):
        # Errors raised in a worker process travel back pickled, with their path and line.
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


# Far beyond any news article, and below what would take minutes: each can be raised by setting
# its environment variable.
SOURCE_BYTES_LIMIT = ("PUBLISH_MAX_SOURCE_BYTES", 1_000_000)
SEGMENT_CHARS_LIMIT = ("PUBLISH_MAX_SEGMENT_CHARS", 20_000)
CATALOGUE_BYTES_LIMIT = ("PUBLISH_MAX_CATALOGUE_BYTES", 20_000_000)


def enforce_limit(
    limit: tuple[str, int], size: int, what: str, path: Path | str, line: int | None = None
) -> None:
    """Refuse ``size`` over the limit, in one line that says how to raise it.

    ``what`` names the thing and its unit: "this source has {:,} bytes".
    """
    variable, default = limit
    setting = os.environ.get(variable, "")
    try:
        allowed = int(setting) if setting.strip() else default
    except ValueError:
        raise PublishError(f"not a whole number: {setting!r}", variable) from None
    if size > allowed:
        raise PublishError(
            f"{what.format(size)}, over the limit of {allowed:,} (set {variable} to allow more)",
            path,
            line,
        )


STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
"""Ctrl-C, kill and a closed terminal: the signals that stop publish cleanly."""


class Interrupted(KeyboardInterrupt):
    """A stop signal (Ctrl-C, SIGTERM, SIGHUP), raised where the program was, to unwind cleanly."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
