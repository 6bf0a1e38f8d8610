"""File output that never leaves a half-written file at its target path."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[BinaryIO]:
    """Yield a file in the target's folder; on success fsync it and rename it over the target.

    On any error the temporary file is removed and the target is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_output(target) as handle:
        handle.write(data)


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the target already holds exactly it.

    Returns True when the file was written. An unchanged file still gets its
    modification time refreshed, so that make sees it as up to date.
    """
    target = Path(target)
    try:
        if target.read_bytes() == data:
            os.utime(target)
            return False
    except FileNotFoundError:
        pass
    write_bytes_atomic(target, data)
    return True
