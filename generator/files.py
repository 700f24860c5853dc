"""Reading the files users point falgen at, and replacing the few files a command edits.

A FIFO, a device such as ``/dev/zero`` or a socket would hang a reader or grow it
without end, so a file is opened without blocking and checked before anything is read.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

MIB = 1 << 20


class UnreadableFile(Exception):
    """Why a file cannot be read; the message completes "<path>: …"."""


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refused when it holds more than ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile("is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise UnreadableFile("is not a regular file (a FIFO, device or socket?); only regular files are read")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnreadableFile(f"is larger than {size(limit)}, the most falgen reads from one file")
    return data


def size(count: int) -> str:
    """A byte count as people write it: ``1 MiB``, ``512 bytes``."""
    return f"{count // MIB} MiB" if count >= MIB and count % MIB == 0 else f"{count} bytes"


def read_text(path: Path, limit: int) -> str:
    """The UTF-8 text of the regular file at ``path`` (see :func:`read_limited`)."""
    data = read_limited(path, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"is not UTF-8 text (byte {error.start})") from None


def write_files(texts: dict[Path, str]) -> None:
    """Replace a few files: each is staged beside its target, then all are renamed into place.

    A replaced file keeps its permissions; a new one gets what the umask allows.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in sorted(texts.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else default_mode(directory=False)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.chmod(name, mode)
            staged.append((Path(name), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


def default_mode(*, directory: bool) -> int:
    """The permissions a new file or directory gets from the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask
