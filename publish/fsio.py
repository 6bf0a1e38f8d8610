"""File output that never leaves a half-written file at its target path.

Every output is written to a hidden temporary file in the target's folder
(``.<name>.<pid>.<random>.tmp``), flushed and fsynced, renamed over the target,
and the folder is fsynced so that the rename itself survives a crash.  A process
killed before the rename leaves the target as it was and at most one hidden
temporary file, which the next write of the same target removes.

A writer holds an advisory lock (``flock``) on its temporary file from the moment
the file has its name until it is renamed; the kernel drops the lock when the
writer dies, however it dies.  So a temporary file whose lock can be taken is a
leftover, and one whose lock is held belongs to a live writer (of this machine or,
on a shared folder, another) and is never touched.  Process ids are not trusted:
they are reused, and a live pid may be some other program.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from publish.errors import STOP_SIGNALS, PublishError


def temp_prefix(target: Path) -> str:
    return f".{target.name}.{os.getpid()}."


def temp_files(target: Path) -> list[Path]:
    """Every temporary file of ``target``, whoever writes it."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[0-9]+\.[^.]+\.tmp")
    with contextlib.suppress(FileNotFoundError):
        return [
            Path(entry.path) for entry in os.scandir(target.parent) if pattern.fullmatch(entry.name)
        ]
    return []


def remove_if_abandoned(path: Path) -> bool:
    """Remove ``path`` if its writer is gone; True when it was removed.

    The lock is held across the removal and the name checked against the locked
    file, so a writer that has just created a file of that name is never robbed of it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if not names_file(path, fd):
            return False
        os.unlink(path)
        return True
    except FileNotFoundError:
        return False
    finally:
        os.close(fd)


def names_file(path: Path | str, fd: int) -> bool:
    """Whether ``path`` is still a name of the open file ``fd``."""
    try:
        named = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def remove_leftovers(target: Path) -> None:
    for path in temp_files(target):
        remove_if_abandoned(path)


def locked_temp_file(target: Path) -> tuple[int, str]:
    """A new temporary file for ``target``, locked by this process, as (fd, name)."""
    while True:
        fd, name = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".tmp", dir=target.parent)
        # Between mkstemp and the lock, another writer's clean-up may take the file for a
        # leftover; it holds the lock while it removes it, so once ours is granted the name
        # tells whether the file is still ours.
        fcntl.flock(fd, fcntl.LOCK_EX)
        if names_file(name, fd):
            return fd, name
        os.close(fd)


def fsync_directory(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_output(target: Path, unchanged_since: FileStamp | None = None) -> Iterator[BinaryIO]:
    """Yield a file in the target's folder; on success fsync it and rename it over the target.

    On any error the temporary file is removed and the target is left as it was. With
    ``unchanged_since`` (the stamp of the target when its content was read), a target that
    another program saved in the meantime is not replaced: the write is refused in one line,
    so that a translator's save made while publish was working is never overwritten.
    """
    target = Path(target)
    tmp_name = None
    try:
        # A stop signal between the temporary file's creation and the moment its name is
        # known here would leave the file behind: hold the signals until then.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(target)
            fd, tmp_name = locked_temp_file(target)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        # The lock lives as long as this descriptor: it is closed only after the rename.
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
            if unchanged_since is not None and file_stamp(target) != unchanged_since:
                raise PublishError(
                    "changed by another program while publish was working on it; nothing was "
                    "written: run the command again",
                    target,
                )
            os.replace(tmp_name, target)
    except BaseException as error:
        if tmp_name is not None:
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


FileStamp = tuple[int, int, int]
"""A file's identity and version as ``stat`` tells it: inode, size, modification time (ns)."""


def file_stamp(path: Path) -> FileStamp | None:
    """The stamp of ``path``, or None when there is no such file."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def write_bytes_atomic(target: Path, data: bytes, unchanged_since: FileStamp | None = None) -> None:
    with atomic_output(target, unchanged_since) as handle:
        handle.write(data)


def write_if_changed(target: Path, data: bytes, unchanged_since: FileStamp | None = None) -> bool:
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
    write_bytes_atomic(target, data, unchanged_since)
    return True
