"""The one error type the command line turns into a one-line message."""

from __future__ import annotations

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


class Interrupted(KeyboardInterrupt):
    """A stop signal (Ctrl-C, SIGTERM, SIGHUP), raised where the program was, to unwind cleanly."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
