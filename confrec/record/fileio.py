"""Whole-file writes that never leave half a file behind, and the kept previous version.

A write of the record (under the caller's lock) goes:

1. the new content to a temp file in the same folder, fsynced;
2. a second name for the current file, ``PATH.prev.tmp`` (a hard link, or a
   copy with the same mode where links are not possible);
3. the temp file renamed over ``PATH``: the new version is in place;
4. ``PATH.prev.tmp`` renamed over ``PATH.prev``.

A kill before step 3 leaves ``PATH`` and ``PATH.prev`` as they were; after it,
``PATH.prev.tmp`` holds the version before ``PATH``, and ``recover()`` (run
under the lock before the next write or undo) finishes step 4. Either way
``PATH.prev`` is exactly one write behind ``PATH``: what ``undo`` restores.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from confrec.errors import ConfrecError, InvalidValue
from confrec.errors import DatabaseError as FileError

# The steps of a write at which a kill would leave a different state behind;
# tests set HOOK to stop a write at each of them.
WRITE_STEPS = ("written", "linked", "replaced", "kept")
HOOK: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if HOOK is not None:
        HOOK(name)


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def prev_path(path: Path) -> Path:
    return path.with_name(path.name + ".prev")


def _pending(path: Path) -> Path:
    return path.with_name(path.name + ".prev.tmp")


def make_folders(folder: Path) -> None:
    """Create a folder and any missing parents, each private (0700)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for f in reversed(missing):
        try:
            f.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError as e:
            raise FileError(f"cannot create folder {f}: {e.strerror}") from None


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


_MB = 1 << 20


def utf8_chunks(text: str | bytes | Iterable[str | bytes]) -> Iterator[bytes]:
    """Text as UTF-8 bytes: a str, bytes already UTF-8, or pieces of either
    that follow one another; a long str a megabyte at a time, as encoding a
    14 MB page at once holds a second copy of it."""
    for piece in [text] if isinstance(text, str | bytes) else text:
        if isinstance(piece, str):
            for at in range(0, len(piece), _MB):
                yield piece[at:at + _MB].encode("utf-8")
        else:
            yield piece


def write_atomically(path: Path, data: str | bytes | Iterable[Any], *, keep_previous: bool = False,
                     mode: int | None = None, force_mode: bool = False) -> None:
    """Write a whole file so that a crash leaves the old file or the new one.
    ``data``: its text, its bytes, or bytes-like pieces that follow one
    another (written as they come; if making one fails, nothing is written).

    A new file gets ``mode`` (default 0600, for personal data); an existing
    file keeps its own mode unless ``force_mode`` (private data stays private
    whatever the file was before).
    """
    folder = path.parent
    make_folders(folder)
    old_mode = _mode_of(path)
    new_mode = mode if mode is not None and (force_mode or old_mode is None) else old_mode
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise FileError(f"cannot write in {folder}: {e.strerror}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            if new_mode is not None:
                os.fchmod(f.fileno(), new_mode)
            if isinstance(data, str | bytes):
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                f.writelines(cast("Iterable[bytes]", data))
            f.flush()
            os.fsync(f.fileno())
        _step("written")
        keep = keep_previous and old_mode is not None
        if keep and old_mode is not None:
            _second_name(path, _pending(path), old_mode)
            _step("linked")
        os.replace(tmp, path)
        _step("replaced")
        if keep:
            _keep(path)
            _step("kept")
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise FileError(f"cannot write {path}: {e.strerror}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def _second_name(path: Path, name: Path, mode: int) -> None:
    """Give the current file a second name: a hard link, or a copy with its mode."""
    name.unlink(missing_ok=True)
    try:
        os.link(path, name)
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)  # (the umask narrowed the mode open gave)
            f.write(path.read_bytes())
            f.flush()
            os.fsync(f.fileno())


def _keep(path: Path) -> None:
    pending = _pending(path)
    os.replace(pending, prev_path(path))
    # rename() between two names of one file does nothing (POSIX): that is the
    # case when an older confrec, killed, left PATH.prev linked to PATH.
    pending.unlink(missing_ok=True)


def _same(a: Path, b: Path) -> bool:
    try:
        if os.path.samefile(a, b):
            return True
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def recover(path: Path) -> None:
    """Finish or forget a write that a kill interrupted (call with the lock held)."""
    pending = _pending(path)
    if not pending.exists():
        return
    try:
        if path.exists() and _same(pending, path):
            pending.unlink()  # killed before the new version was in place: nothing happened
        else:
            _keep(path)  # killed after: the version before PATH is kept
    except OSError as e:
        raise FileError(f"cannot tidy up {pending}: {e.strerror}") from None
    fsync_dir(path.parent)


def write_output(path: Path, data: str | bytes | Iterable[str | bytes], *, private: bool) -> None:
    """Write an export where the user said: a file atomically (through a
    symbolic link to its target, the link kept), a device or pipe directly.

    A file holding private data (e-mails) is 0600 whatever it was before.
    """
    try:
        st = os.stat(path)  # follows links
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise FileError(f"cannot write {path}: {e.strerror}") from None
    if (st is not None and not stat.S_ISREG(st.st_mode)) or str(path).startswith(("/dev/", "/proc/")):
        try:
            with open(path, "wb") as f:  # /dev/stdout, a FIFO, a terminal: write into it
                f.writelines(utf8_chunks(data))
        except OSError as e:
            raise FileError(f"cannot write {path}: {e.strerror}") from None
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    umask = os.umask(0)
    os.umask(umask)
    write_atomically(target, utf8_chunks(data), mode=0o600 if private else 0o666 & ~umask, force_mode=private)


def read_given(path: Path, label: str | None = None, *, error: type[ConfrecError] = InvalidValue,
               what: str = "file", missing_ok: bool = False, stdin: bool = True) -> bytes:
    """A file the user named ('-': standard input), read whole, or one clear
    error for each way that can fail: the one place such a read is worded.
    With ``missing_ok`` a missing file raises FileNotFoundError, for the
    caller to take as 'nothing yet'; the database passes that, and
    ``stdin=False``: a record named '-' is a file of that name."""
    label = label or str(path)
    try:
        return sys.stdin.buffer.read() if stdin and str(path) == "-" else path.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            raise
        raise error(f"{label}: no such file") from None
    except IsADirectoryError:
        raise error(f"{label} is a folder, not a {what}") from None
    except PermissionError:
        raise error(f"cannot read {label}: permission denied") from None
    except OSError as e:
        raise error(f"cannot read {label}: {e.strerror or e}") from None
