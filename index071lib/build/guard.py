"""A build's safety on a shared output folder: one build per folder, writable before anything runs,
no staging folder left behind, no worker outliving the build.

* :class:`OutputLock`: a lock file beside the target (``outputs/.2017.lock``) held with ``flock`` and
  holding the build's PID. A second build of the same folder stops with a message naming that PID. The
  kernel releases the lock when its holder dies, so the lock of a killed build is simply taken over.
* :func:`check_writable`: the target and its parent must be folders in which a file can be created
  (tried, not guessed from permission bits), before any notebook runs.
* :func:`remove_stale_staging`: staging folders of earlier builds of the same target that were killed
  (``kill -9`` leaves them) are removed at the start of the next build, under the lock.
* :func:`die_with_parent`: the initializer of every pool worker; a worker whose build process dies
  (even by ``kill -9``) kills its own kernels and exits, by a death signal (Linux) and a watchdog thread.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from index071lib.build.notebook import NO_ROOM  # noqa: F401 (write errors no retry can fix)
from index071lib.errors import Index071Error

STAGING_PREFIX = ".build-"
#: Most worker processes a build starts (never more than it has notebooks to run).
MAX_JOBS = 32


class OutputError(Index071Error):
    """The output folder cannot be used: taken by another build, not a folder, not writable, or full."""


def describe_os_error(err: OSError) -> str:
    """``"no space left on device (outputs/2017/x.html)"``: the reason in words and the file, no exception text.

    Example:
        >>> describe_os_error(OSError(28, "No space left on device", "out/x.html"))
        'no space left on device (out/x.html)'
    """
    reason = (err.strerror or "input/output error").lower()
    return f"{reason} ({err.filename})" if err.filename else reason


def staging_prefix(target: Path) -> str:
    """Name prefix of the staging folders of ``target`` (they live beside it, on the same file system)."""
    return f"{STAGING_PREFIX}{target.name}-"


def lock_path(target: Path) -> Path:
    """The lock file of a target folder (beside it, so that it exists before the target does)."""
    return target.parent / f".{target.name}.lock"


class OutputLock:
    """Exclusive right to write one output folder, for the lifetime of a build.

    Args:
        target: The output folder (e.g. ``outputs/2017``).

    Example:
        >>> tmp = Path(tempfile.mkdtemp())
        >>> with OutputLock(tmp / "2017"):
        ...     OutputLock(tmp / "2017").acquire()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        index071lib.build.guard.OutputError: .../2017: another build (PID ...) is writing this folder; ...
    """

    def __init__(self, target: Path):
        self.target = Path(target)
        self.path = lock_path(self.target)
        self.fd: int | None = None

    def acquire(self) -> OutputLock:
        """Take the lock or raise :class:`OutputError` naming the PID of the build that holds it."""
        import fcntl

        ensure_folder(self.target.parent)
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as err:
                raise OutputError(f"{self.target.parent}: cannot create the lock file of the build: "
                                  f"{describe_os_error(err)}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise OutputError(f"{self.target}: another build (PID {holder}) is writing this folder; wait until "
                                  f"it has finished, or stop it, and build again") from None
            try:  # the previous holder may have removed the file between our open and our lock: start again
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            self.fd = fd
            return self

    def release(self) -> None:
        """Remove the lock file and let go of the lock."""
        if self.fd is None:
            return
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) or raise :class:`OutputError` saying why not."""
    for part in [folder, *folder.parents]:
        if part.exists() and not part.is_dir():
            raise OutputError(f"{part}: is a file, not a folder; choose another --output-dir")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{folder}: cannot create the output folder: {describe_os_error(err)}") from None


def check_writable(target: Path) -> None:
    """Raise :class:`OutputError` unless files can be created in ``target``, its subfolders and its parent.

    Tried with a small file, not guessed from permission bits (which say nothing for root, a read-only
    mount or a full disk).
    """
    ensure_folder(target.parent)
    folders = [target.parent] + ([target] + [d for d in target.iterdir() if d.is_dir()] if target.is_dir() else [])
    for folder in folders:
        try:
            fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
            try:
                os.write(fd, b"index071")
            finally:
                os.close(fd)
                os.unlink(probe)
        except OSError as err:
            reason = (err.strerror or "input/output error").lower()
            raise OutputError(f"{folder}: the build cannot write here ({reason}); nothing was run and the "
                              f"previous outputs are unchanged") from None


def remove_stale_staging(target: Path) -> list[Path]:
    """Remove staging folders that killed builds of ``target`` left behind (call under the lock).

    Returns:
        The folders removed.
    """
    stale = [p for p in target.parent.glob(staging_prefix(target) + "*") if p.is_dir()]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


_PARENT: int | None = None


def remember_parent() -> None:
    """Record the build process's PID before the pool forks (its workers compare it with their parent)."""
    global _PARENT
    _PARENT = os.getpid()


def _die() -> None:
    """Kill this worker's own children (notebook kernels) and exit at once."""
    try:
        import psutil

        children = psutil.Process().children(recursive=True)
        for child in children:
            try:
                child.kill()
            except psutil.Error:
                pass
    finally:
        os._exit(1)


def _watch(parent: int, interval: float) -> None:
    while os.getppid() == parent:
        time.sleep(interval)
    _die()


def die_with_parent(interval: float = 0.5) -> None:
    """Worker initializer: end this worker (and its kernels) when the build process is gone.

    On Linux the kernel sends SIGTERM when the parent dies (``prctl(PR_SET_PDEATHSIG)``); the handler kills
    the worker's kernels and exits. A watchdog thread checks the parent PID as well (other systems, and the
    moment before the signal was armed).
    """
    parent = _PARENT or os.getppid()
    signal.signal(signal.SIGTERM, lambda *_: _die())
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the build died before the signal was armed
        _die()
    threading.Thread(target=_watch, args=(parent, interval), daemon=True, name="index071-watchdog").start()
