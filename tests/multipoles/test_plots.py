"""multipole_figures writes readable PNGs where asked, never into the source tree by default."""
from pathlib import Path

from cranisotropy import multipole_figures
from cranisotropy.numerics.multipoles.plots import FIGURES


def test_figures_land_in_the_given_folder(tmp_path):
    files = multipole_figures(tmp_path / "out", n_particles=500).files
    assert [Path(f).name for f in files] == list(FIGURES)
    for f in files:
        assert Path(f).parent == tmp_path / "out" and Path(f).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_default_folder_is_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = multipole_figures(n_particles=200).files
    assert all(Path(f).parent == tmp_path / "cranisotropy-output" for f in files)
