"""The mechanics of a results directory (numerics/backtrack/store.py): lock, durable writes, clean-up."""
import json
import os
import subprocess
import sys
import time

import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack import store


def test_one_lock_holder_named_to_the_next(tmp_path):
    first = store.DirectoryLock(tmp_path).acquire()
    holder = json.loads((tmp_path / ".lock").read_text())
    assert holder["pid"] == os.getpid() and holder["host"] and holder["started"]
    with pytest.raises(UsageError, match=f"in use by another run \\(pid {os.getpid()} on {holder['host']}"):
        store.DirectoryLock(tmp_path).acquire()
    first.release()
    with store.DirectoryLock(tmp_path) as again:  # released: the next run takes it
        assert again.holder()["pid"] == os.getpid()


def test_the_lock_dies_with_its_process(tmp_path):
    """A process killed with SIGKILL holds no lock (the kernel drops it)."""
    code = (f"from cranisotropy.numerics.backtrack.store import DirectoryLock; "
            f"DirectoryLock({str(tmp_path)!r}).acquire(); print('locked', flush=True); "
            "import time; time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(UsageError, match=f"pid {child.pid}"):
            store.DirectoryLock(tmp_path).acquire()
    finally:
        child.kill()
        child.wait()
    store.DirectoryLock(tmp_path).acquire().release()


def test_atomic_write_and_stale_files(tmp_path):
    store.atomic_write(tmp_path / "a.json", "{}")
    assert (tmp_path / "a.json").read_text() == "{}" and sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]
    stale = [tmp_path / ".a.json.99.tmp", tmp_path / "store.zarr" / "x" / "0.1f.partial",
             tmp_path / "done" / ".r000001.json.9.tmp", tmp_path / ".creating.9" / "run.json"]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    kept = [tmp_path / "store.zarr" / "x" / "0", tmp_path / "notes.partial", tmp_path / "figs" / ".x.tmp"]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not ours")
    assert len(store.remove_stale_files(tmp_path)) == 4
    assert not any(p.exists() for p in stale) and not (tmp_path / ".creating.9").exists()
    assert all(p.exists() for p in kept)
    assert store.file_sha256(kept[0]) != store.file_sha256(tmp_path / "a.json")
    assert store.file_sha256(stale[0]) is None


def test_results_directories_are_made_one_level_deep(tmp_path):
    assert store.make_results_directory(tmp_path / "new") is True
    assert store.make_results_directory(tmp_path / "new") is False
    (tmp_path / "file").write_text("")
    with pytest.raises(UsageError, match="does not exist; create it first"):
        store.make_results_directory(tmp_path / "a" / "b")
    with pytest.raises(UsageError, match="is not a folder"):
        store.make_results_directory(tmp_path / "file" / "b")
    with pytest.raises(UsageError, match="exists and is not a directory"):
        store.make_results_directory(tmp_path / "file")
    assert not (tmp_path / "a").exists()


def test_test_points(monkeypatch):
    store.test_point("chunk-written")  # nothing asked: nothing happens
    monkeypatch.setenv(store.TEST_POINT_VARIABLE, "chunk-written:sleep=0.2")
    start = time.perf_counter()
    store.test_point("marker-written")
    assert time.perf_counter() - start < 0.1
    store.test_point("chunk-written")
    assert time.perf_counter() - start >= 0.2
