"""Shared pytest configuration.

- Kernels built by tests go to a per-session cache folder, not the user's ~/.cache.
- ``run_cli(*args)`` runs the real console entry point in-process and returns
  (exit code, stdout, stderr).
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="session", autouse=True)
def _kernel_cache(tmp_path_factory):
    os.environ.setdefault("CRANISOTROPY_CACHE", str(tmp_path_factory.mktemp("cranisotropy-cache")))
    os.environ.setdefault("CRANISOTROPY_PROGRESS", "0")
    yield


@pytest.fixture
def run_cli(capsys):
    from cranisotropy.cli import main

    def run(*args: str):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def run_cli_subprocess():
    """The installed console script in a fresh interpreter (for stdout-purity checks)."""

    def run(*args: str, **kw):
        proc = subprocess.run([sys.executable, "-m", "cranisotropy", *map(str, args)],
                              capture_output=True, text=True, **kw)
        return proc.returncode, proc.stdout, proc.stderr

    return run
