"""The lock a writing command holds on ``PATH.lock`` for its whole
read-change-write, so that concurrent commands queue.

On POSIX it is ``fcntl.flock`` on the lock file, taken directly: the very
lock filelock takes there (so confrec versions that used filelock and this
one exclude each other), without importing filelock's machinery, which cost
every writing command 35 ms of its ~400 at 10,000 talks. Elsewhere
(Windows) filelock does it. The lock file stays when released: removing it
would let a waiting command lock a file that is no longer the one others see.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

POLL = 0.05  # seconds between tries while another command holds the lock


class LockTimeout(Exception):
    """Another command held the lock for the whole timeout."""


@contextlib.contextmanager
def held(lock_path: Path, timeout: float) -> Iterator[None]:
    """Hold the lock for the block; LockTimeout, or OSError if it cannot be taken."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        with _with_filelock(lock_path, timeout):
            yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(str(lock_path)) from None
                time.sleep(POLL)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _with_filelock(lock_path: Path, timeout: float) -> Iterator[None]:  # pragma: no cover - not POSIX
    from filelock import FileLock, Timeout

    lock = FileLock(lock_path, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeout(str(lock_path)) from None
    try:
        yield
    finally:
        lock.release()
