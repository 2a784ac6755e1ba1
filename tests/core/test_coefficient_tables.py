"""docs/coefficients.md and its JSON twin: deterministic, and consistent with independent methods."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from cranisotropy.core.paths import project_root

ROOT = project_root()


@pytest.fixture(scope="module")
def catalogue():
    return json.loads((ROOT / "docs" / "coefficients.json").read_text())


def test_tables_are_byte_identical_between_runs():
    """Two renderings in this process, and a third in a process with another hash seed."""
    from cranisotropy.numerics import coefficient_tables as t

    first = t.render_json(t.catalogue())
    assert t.render_json(t.catalogue()) == first
    code = ("import sys; from cranisotropy.numerics import coefficient_tables as t; "
            "sys.stdout.write(t.render_json(t.catalogue()))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert other == first == (ROOT / "docs" / "coefficients.json").read_text()


def test_isotropic_scattering_gives_the_textbook_diffusion_coefficient(catalogue):
    """D = 1: <Delta z^2>/2t = v^2/(6 nu), i.e. kappa = 2/3 in the slow time T = eps^2 t/4."""
    iso = next(m for m in catalogue["chapman_enskog"] if m["D"] == "1")
    assert iso["kappa"]["exact"] == "2/3"
    assert iso["series"][1]["n"] == 2 and iso["series"][1]["value"] == pytest.approx(1 / 6, rel=1e-15)
    assert all(c["value"] == 0 for c in iso["series"] if c["n"] % 2)  # symmetric D: odd orders vanish


def test_beam_eigenvalue_agrees_with_the_double_precision_galerkin_solver(catalogue):
    from cranisotropy import outer_spectrum

    galerkin = outer_spectrum(0.0, 5).positive
    table = [e["value"] for e in catalogue["beam"]["lambda"]]
    assert np.allclose(table, galerkin, rtol=1e-12, atol=0)


def test_transfer_matrices_have_the_3j_symmetry(catalogue):
    """(2l+1) M_ll' = sum_m (I^m_ll')^2 is symmetric; the m = 0 filter empties row and column 0."""
    for band in catalogue["coupling"].values():
        M = np.array(band["transfer_matrix"])
        weighted = (2 * np.arange(M.shape[0]) + 1)[:, None] * M
        assert np.allclose(weighted, weighted.T, rtol=1e-13, atol=1e-16)
        assert np.all(M[0] == 0) and np.all(M[:, 0] == 0)


def test_markdown_twin_lists_every_model(catalogue):
    text = (ROOT / "docs" / "coefficients.md").read_text()
    for model in catalogue["chapman_enskog"]:
        assert f"D(mu) = {model['D']}" in text
    assert "lambda_1" in text and "IceCube" in text and "HAWC" in text
