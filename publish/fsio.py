"""File output that never leaves a half-written file at its target path.

Every output is written to a hidden temporary file in the target's folder
(``.<name>.<pid>.<random>.tmp``), flushed and fsynced, renamed over the target,
and the folder is fsynced so that the rename itself survives a crash.  A process
killed before the rename leaves the target as it was and at most one hidden
temporary file, which the next write of the same target removes once the process
that made it is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from publish.errors import PublishError


def temp_prefix(target: Path) -> str:
    return f".{target.name}.{os.getpid()}."


def leftover_temp_files(target: Path) -> list[Path]:
    """Temporary files of ``target`` whose writing process no longer runs."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.([0-9]+)\.[^.]+\.tmp")
    found = []
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(target.parent):
            matched = pattern.fullmatch(entry.name)
            if matched and not process_alive(int(matched.group(1))):
                found.append(Path(entry.path))
    return found


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(target: Path) -> None:
    for leftover in leftover_temp_files(target):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def fsync_directory(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[BinaryIO]:
    """Yield a file in the target's folder; on success fsync it and rename it over the target.

    On any error the temporary file is removed and the target is left as it was.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target)
        fd, tmp_name = tempfile.mkstemp(
            prefix=temp_prefix(target), suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise write_error(target, error) from None
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
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(error, OSError):
            raise write_error(target, error) from None
        raise
    fsync_directory(target.parent)


def write_error(target: Path, error: OSError) -> PublishError:
    """A failed write (a full disk, a read-only folder) as one line naming the target."""
    reason = error.strerror or str(error)
    if error.filename and Path(error.filename).parent != target.parent:
        reason = f"{reason}: {error.filename}"
    return PublishError(f"cannot write: {reason}; the file is unchanged", target)


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_output(target) as handle:
        handle.write(data)


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the target already holds exactly it.

    Returns True when the file was written.  An unchanged file keeps its modification
    time too: a command with nothing to change leaves no trace (make keeps its own stamps).
    """
    target = Path(target)
    try:
        if target.read_bytes() == data:
            remove_leftovers(target)
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise write_error(target, error) from None
    write_bytes_atomic(target, data)
    return True
