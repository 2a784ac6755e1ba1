"""The gallery examples (docs/examples/<topic>/plot_*.py) run, as they do in the docs build."""
from __future__ import annotations

import runpy

import pytest

from cranisotropy.core.paths import project_root

EXAMPLES = sorted((project_root() / "docs" / "examples").rglob("plot_*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[str(p.relative_to(p.parents[2])) for p in EXAMPLES])
def test_example_runs(path, tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)          # anything an example writes lands here
    try:
        runpy.run_path(str(path), run_name="__main__")
    finally:
        plt.close("all")


def test_every_topic_has_an_examples_folder():
    import cranisotropy

    folders = {p.name for p in (project_root() / "docs" / "examples").iterdir() if p.is_dir()}
    assert set(cranisotropy.TOPICS) <= folders
