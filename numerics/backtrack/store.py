"""The mechanics that keep a results directory trustworthy: one writer, durable files, clean starts.

A campaign's results directory is written by one process at a time (:class:`DirectoryLock`,
an OS file lock on ``OUT/.lock`` held for the run's lifetime and released by the kernel on any
exit, ``kill -9`` included).  Files are written durably (:func:`atomic_write`: temporary file,
fsync, rename, fsync of the folder; :func:`fsync_file` for files others wrote, such as zarr
chunks), and temporary files a killed run left behind are removed on the next start
(:func:`remove_stale_files`).  The store itself (parameters, arrays, markers) is
:class:`cranisotropy.numerics.backtrack.campaign.ResultsStore`.

Tests stop a run at a named point (:func:`test_point`): with
``CRANISOTROPY_TEST_POINT=<point>:<action>`` the process, on reaching ``<point>``, kills itself
(``kill``, i.e. SIGKILL: what a power cut or ``kill -9`` does), stops itself (``stop``, SIGSTOP:
the test resumes it with SIGCONT) or sleeps (``sleep=<seconds>``).  Without the variable the
points cost one dictionary look-up.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     with DirectoryLock(tmp) as lock:
...         holder = lock.holder()
>>> sorted(holder)
['command', 'host', 'pid', 'started']
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import sys
import time
from pathlib import Path

from cranisotropy.core.errors import UsageError

#: environment variable naming a test stop (``point:action``)
TEST_POINT_VARIABLE = "CRANISOTROPY_TEST_POINT"
#: the named points of a run, in the order a fresh run passes them
TEST_POINTS = ("locked", "staged", "created", "chunk-written", "marker-written")
LOCK_NAME = ".lock"
#: prefix of the staging folder a new store is built in (inside the results directory)
STAGING_PREFIX = ".creating"


def test_point(name: str) -> None:
    """Kill, stop or pause this process at the named point when a test asks for it.

    ``CRANISOTROPY_TEST_POINT=chunk-written:kill`` makes the run SIGKILL itself after it wrote
    a chunk and before its marker; ``...:stop`` SIGSTOPs it; ``...:sleep=2`` sleeps 2 s.
    """
    wanted = os.environ.get(TEST_POINT_VARIABLE)
    if not wanted:
        return
    point, _, action = wanted.partition(":")
    if point != name:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "stop":
        os.kill(os.getpid(), signal.SIGSTOP)
    elif action.startswith("sleep="):
        time.sleep(float(action.split("=", 1)[1]))


def fsync_file(path) -> None:
    """Flush a file's data to the disk (for files written by others, e.g. zarr chunks)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_directory(path) -> None:
    """Flush a folder's entries (renames and new files in it) to the disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically and durably (temporary file, fsync, rename, fsync
    of the folder): a reader sees the old file or the new one, never a part."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_directory(path.parent)


def file_sha256(path) -> str | None:
    """SHA-256 of a file's bytes, or None when it does not exist."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except FileNotFoundError:
        return None
    return h.hexdigest()


def remove_stale_files(directory: Path) -> list[Path]:
    """Remove what killed runs leave behind: staging folders, ``.tmp`` files of
    :func:`atomic_write` and zarr's ``.partial`` chunk files.  Call it holding the lock."""
    directory = Path(directory)
    stale = list(directory.glob(f"{STAGING_PREFIX}*"))
    stale += [p for folder in (directory, directory / "done") for p in folder.glob(".*.tmp") if p.is_file()]
    stale += [p for p in (directory / "store.zarr").rglob("*.partial") if p.is_file()]
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return stale


def _path_error(path: Path, exc: OSError, doing: str) -> UsageError:
    reason = exc.strerror or type(exc).__name__
    return UsageError(f"cannot {doing} {str(path)!r}: {reason}")


def make_results_directory(path: Path) -> bool:
    """Create the results directory ``path`` (not its parents); True when this call created it.

    Raises UsageError (one line) when the parent does not exist or is not a folder, when
    ``path`` is a file, or when the location cannot be written.
    """
    path = Path(path)
    parent = path.absolute().parent
    if not parent.exists():
        raise UsageError(f"the parent folder {str(parent)!r} of the results directory does not "
                         "exist; create it first")
    if not parent.is_dir():
        raise UsageError(f"the parent {str(parent)!r} of the results directory is not a folder")
    if path.exists() and not path.is_dir():
        raise UsageError(f"results path {str(path)!r} exists and is not a directory")
    try:
        path.mkdir()
        return True
    except FileExistsError:
        if not path.is_dir():
            raise UsageError(f"results path {str(path)!r} exists and is not a directory") from None
        return False
    except OSError as exc:
        raise _path_error(path, exc, "create the results directory") from None


def check_writable(folder: Path) -> None:
    """Raise UsageError unless a file can be created in ``folder`` (tried, not guessed)."""
    probe = Path(folder) / f".write-probe.{os.getpid()}.tmp"
    try:
        with open(probe, "w"):
            pass
        probe.unlink()
    except OSError as exc:
        raise _path_error(Path(folder), exc, "write into") from None


class DirectoryLock:
    """Exclusive lock on a results directory: an OS lock (``flock``) on ``<directory>/.lock``.

    Held from :meth:`acquire` until :meth:`release` or the end of the process (the kernel drops
    it on any exit, ``kill -9`` included).  The lock file records the holder (pid, host, start
    time, command) so that a second run can name it.

    Parameters
    ----------
    directory : str or path
        An existing folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first = DirectoryLock(tmp).acquire()
    ...     try:
    ...         DirectoryLock(tmp).acquire()
    ...     except ValueError as exc:
    ...         print(str(exc).split(" by ")[0])
    ...     first.release()
    results directory ... is in use
    """

    def __init__(self, directory):
        self.directory = Path(directory)
        self.path = self.directory / LOCK_NAME
        self.fd: int | None = None

    def acquire(self) -> "DirectoryLock":
        """Take the lock; UsageError naming the holder when another process has it."""
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise _path_error(self.directory, exc, "write into") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                holder = _read_holder(fd)
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise UsageError(f"results directory {str(self.directory)!r} is in use by "
                                     f"{_describe_holder(holder)}; wait for it to finish or "
                                     "choose another directory") from None
                raise _path_error(self.directory, exc, "lock") from None
            # the file may have been removed and re-created between open and flock
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        self.fd = fd
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "command": " ".join(sys.argv)}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        os.fsync(fd)
        return self

    def holder(self) -> dict:
        """What the lock file says about its holder (pid, host, started, command)."""
        fd = os.open(self.path, os.O_RDONLY)
        try:
            return _read_holder(fd)
        finally:
            os.close(fd)

    def release(self) -> None:
        """Drop the lock (the file stays: removing it would let two runs lock two files)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "DirectoryLock":
        return self.acquire() if self.fd is None else self

    def __exit__(self, *exc) -> None:
        self.release()


def _read_holder(fd: int) -> dict:
    try:
        return json.loads(os.pread(fd, 65536, 0).decode() or "{}")
    except (ValueError, OSError):
        return {}


def _describe_holder(holder: dict) -> str:
    if not holder:
        return "another run (it is just starting)"
    return (f"another run (pid {holder.get('pid')} on {holder.get('host')}, started "
            f"{holder.get('started')})")
