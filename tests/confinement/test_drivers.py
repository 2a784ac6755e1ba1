"""The method-of-lines loops (kernels/drivers/confinement.py): conservation and the Jacobian."""
from __future__ import annotations

import numpy as np
import pytest

from cranisotropy.kernels.drivers import confinement as drv


def _system(n=7, seed=0):
    rng = np.random.default_rng(seed)
    faces = np.concatenate(([0.0], np.cumsum(rng.uniform(0.5, 1.5, n))))
    centres = 0.5 * (faces[1:] + faces[:-1])
    y = np.concatenate((rng.uniform(0.1, 2.0, n), rng.uniform(-0.5, 2.0, n - 1)))
    return y, n, 1 / np.diff(faces), 1 / np.diff(centres), np.diff(faces)


def _rhs(y, n, inv_dx, inv_h, gamma=0.2, log_j=-0.3):
    out = np.empty_like(y)
    drv.escape_rhs(y, n, inv_dx, inv_h, gamma, log_j, out)
    return out


def test_rhs_conserves_the_cr_content():
    y, n, inv_dx, inv_h, dx = _system()
    assert abs(_rhs(y, n, inv_dx, inv_h)[:n] @ dx) < 1e-14


def test_jacobian_matches_finite_differences():
    y, n, inv_dx, inv_h, _ = _system()
    nnz = drv.NONZEROS_PER_FACE * (n - 1)
    rows, cols, vals = np.empty(nnz, np.int64), np.empty(nnz, np.int64), np.empty(nnz)
    m = drv.escape_jacobian(y, n, inv_dx, inv_h, 0.2, -0.3, rows, cols, vals)
    assert m == nnz
    jac = np.zeros((y.size, y.size))
    np.add.at(jac, (rows, cols), vals)
    step = 1e-6
    numeric = np.column_stack([(_rhs(y + step * e, n, inv_dx, inv_h) - _rhs(y - step * e, n, inv_dx, inv_h))
                               / (2 * step) for e in np.eye(y.size)])
    assert jac == pytest.approx(numeric, rel=1e-6, abs=1e-8)
