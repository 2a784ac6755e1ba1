"""numerics/beam/full.py: the peaked eigenproblem (8) by spectral elements, without asymptotics."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

import cranisotropy as c


@pytest.fixture(scope="module")
def mode():
    return c.outer_mode(0.0)


def test_degree_refinement_and_agreement_with_the_matched_expansion(mode):
    s16 = c.peaked_eigenproblem(2e-3, 2e-3, mode=mode)
    s24 = c.peaked_eigenproblem(2e-3, 2e-3, degree=24, mode=mode)
    assert s16.eigenvalue == pytest.approx(s24.eigenvalue, rel=1e-12)
    pred = c.matched_expansion(2e-3, 2e-3, mode=mode)
    # the residual of the finite-a matched shift is O(b): about 1.6 % here (validate beam)
    assert s24.dlambda_over_b2 == pytest.approx(pred.dlambda_over_b2, rel=0.03)
    assert s24.excess == pytest.approx(pred.excess, rel=0.03)
    assert s24(-1.0)[0] == pytest.approx(mode(-1.0), rel=1e-14)


def test_without_the_peak_the_outer_eigenvalue_comes_back(mode):
    """A tiny peak (a large, b small) leaves lambda1 unchanged to O(b^2)."""
    sol = c.peaked_eigenproblem(1e-4, 0.5, mode=mode)
    assert sol.eigenvalue == pytest.approx(mode.eigenvalue, rel=1e-6)
    mu = np.linspace(-1, 0.9, 7)
    assert sol(mu) == pytest.approx(mode(mu), rel=1e-5, abs=1e-6)


def test_drift_uses_the_mode_of_its_u():
    m = c.outer_mode(0.05)
    sol = c.peaked_eigenproblem(2e-3, 2e-3, mode=m)
    assert sol.u == 0.05 and sol.eigenvalue > m.eigenvalue  # the peak stiffens the problem


def test_solution_is_a_picklable_result(mode):
    sol = c.peaked_eigenproblem(2e-3, 2e-3, mode=mode)
    again = pickle.loads(pickle.dumps(sol))
    assert again.eigenvalue == sol.eigenvalue and set(sol.to_dict()) >= {"b", "a", "eigenvalue", "values"}


@pytest.mark.parametrize("kwargs, fragment", [
    ({"b": 0.6, "a": 1e-3}, "b"), ({"b": 1e-3, "a": 0.0}, "a"), ({"b": 1e-3, "a": 1e-3, "degree": 2}, "degree"),
])
def test_bad_input_is_a_usage_error_naming_the_value(kwargs, fragment):
    with pytest.raises(c.UsageError, match=fragment):
        c.peaked_eigenproblem(**kwargs)
