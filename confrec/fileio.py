"""Whole-file writes that never leave half a file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from confrec.errors import DatabaseError as FileError


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def prev_path(path: Path) -> Path:
    return path.with_name(path.name + ".prev")


def write_atomically(path: Path, data: str | bytes, *, keep_previous: bool = False, mode: int | None = None) -> None:
    """Write a whole file so that a crash leaves the old file or the new one.

    A new file gets ``mode`` (default 0600, for personal data); an existing
    file keeps its own mode.
    """
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(mode=0o700, parents=True)
        except OSError as e:
            raise FileError(f"cannot create folder {folder}: {e.strerror}") from None
    try:
        old_mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        old_mode = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise FileError(f"cannot write in {folder}: {e.strerror}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            if old_mode is not None:
                os.fchmod(f.fileno(), old_mode)  # keep the user's mode
            elif mode is not None:
                os.fchmod(f.fileno(), mode)
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        if keep_previous and old_mode is not None:
            _keep_previous(path)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise FileError(f"cannot write {path}: {e.strerror}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def _keep_previous(path: Path) -> None:
    """Make PATH.prev the current file, atomically: hard link, then rename."""
    prev = prev_path(path)
    link = prev.with_name(prev.name + ".tmp")
    link.unlink(missing_ok=True)
    try:
        os.link(path, link)
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        link.write_bytes(path.read_bytes())  # file systems without hard links
    os.replace(link, prev)
    # rename() between two links to one file does nothing (POSIX): that happens
    # when a killed write left PREV already linked to PATH. Drop the extra link.
    link.unlink(missing_ok=True)


