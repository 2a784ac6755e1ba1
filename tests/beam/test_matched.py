"""numerics/beam/matched.py: the matched asymptotics and beam() (seed 001 eqs. 12-15)."""
from __future__ import annotations

import math
import pickle

import mpmath as mp
import numpy as np
import pytest

import cranisotropy as c
from cranisotropy.numerics.beam.matched import inner_g

J1 = float(mp.besseljzero(1, 1))


@pytest.fixture(scope="module")
def milagro():
    return c.beam(width_deg=10)


def test_finite_a_integrals_approach_their_leading_form():
    """g(1), I_a ~ sqrt(2 pi a)/|J0(j1)| (1 + O(sqrt(a) ln a)): the half-Lorentzian of the peak
    edge, F ~ (pi/8) J0(j1)^2 (w - 1)^2, integrated by hand."""
    lead = math.sqrt(2 * math.pi) / abs(float(mp.besselj(0, J1)))
    for a in (1e-6, 1e-8, 1e-10):
        m = c.matched_expansion(0.01, a)
        tol = 5 * math.sqrt(a) * math.log(1 / a)
        assert m.g1 / math.sqrt(a) == pytest.approx(lead, rel=tol)
        assert m.I_a / math.sqrt(a) == pytest.approx(lead, rel=tol)


def test_inner_g_is_w_minus_w0_beyond_the_peak():
    a = 1e-4
    g = inner_g(np.array([1.0, 2.5, 4.0]), a)
    assert np.diff(g) == pytest.approx([1.5, 1.5], rel=1e-12)  # D = 1 for w > 1
    assert inner_g(0.0, a) == 0.0


def test_matched_limit_is_the_text_form():
    """a -> 0: delta_lambda/b^2 = lambda^2/(4 U(1)) and excess = beta/(1 + beta), beta = lambda b/2."""
    mode = c.outer_mode()
    m = c.matched_expansion(0.01, None, mode=mode)
    assert m.dlambda_over_b2 == pytest.approx(mode.eigenvalue**2 / (4 * mode.U1), rel=1e-14)
    beta = mode.eigenvalue * 0.01 / 2
    assert m.excess == pytest.approx(beta / (1 + beta), rel=1e-14)


def test_beam_milagro_values_from_independent_routes(milagro):
    lam = float(c.outer_eigenvalue(digits=25))
    U1 = float(c.outer_mode().U1)
    assert milagro.eps == pytest.approx(2 * (1 - math.cos(math.radians(10))) / J1**2, rel=1e-14)
    assert milagro.width_deg == pytest.approx(10.0, rel=1e-13)
    assert milagro.lambda1 == pytest.approx(lam, rel=1e-14)
    assert milagro.b_over_eps == pytest.approx(J1**2 / 2, rel=1e-14)
    assert milagro.excess_over_eps == pytest.approx(lam * J1**2 / 4, rel=1e-13)  # text: lambda1 b/2
    assert milagro.dlambda_over_b2 == pytest.approx(lam**2 / (4 * U1), rel=1e-12)
    assert milagro.A == pytest.approx(8 / (lam * J1**4 * (4.65 - 2)), rel=1e-13)  # eq. (14) as printed
    pm = milagro.p_max
    assert pm.eps_max == pytest.approx(math.sqrt(1e-4 * milagro.A / 1e-3), rel=1e-13)  # eq. (15)
    assert pm.p_max_over_mc == pytest.approx(pm.eps_max / pm.K, rel=1e-13)
    assert milagro.eps_source == "width 10 deg" and milagro.notes == ()


def test_beam_result_is_printable_picklable_and_its_dict_has_the_cli_keys(milagro):
    assert pickle.loads(pickle.dumps(milagro)).to_dict() == milagro.to_dict()
    assert "Delta theta = 10.0000 deg" in str(milagro)
    assert list(milagro.to_dict()) == [
        "eps", "u", "b", "b_over_eps", "width_deg", "width_small_angle_deg", "lambda1", "lambda",
        "lambda_negative", "lambda_diffusive", "U1_over_Phi1_squared", "dlambda_over_b2", "dlambda",
        "excess_over_eps", "excess", "a", "va_over_c", "finite_a", "qc", "A", "p_max", "eps_source", "notes",
        "units"]
    assert list(milagro.to_dict()["finite_a"]) == ["g1", "I_a", "dlambda_over_b2", "excess"]


def test_beam_mp_digits_and_notes():
    r = c.beam(eps=0.05, u=-0.05, count=2, mp_digits=12)
    assert r.lambda1_mp == mp.nstr(c.outer_eigenvalue(1, -0.05, digits=20), 12)
    assert len(r.eigenvalues) == 2 and len(r.notes) == 2  # b = 0.37 not small; u < 0
    assert list(r.to_dict())[-3:] == ["lambda1_mp", "notes", "units"]


@pytest.mark.parametrize("kwargs, fragment", [
    ({}, "exactly one"), ({"eps": 1e-3, "width_deg": 10}, "exactly one"),
    ({"eps": 0.0}, "eps"), ({"eps": 0.5}, "b = j1\\^2 eps/2"), ({"width_deg": 90}, "width_deg"),
    ({"eps": 1e-3, "qc": 2.0}, "qc"), ({"eps": 1e-3, "u": 1.0}, "u"),
    ({"eps": 1e-3, "va_over_c": 0.0}, "va_over_c"), ({"eps": 1e-3, "alpha": 1.5}, "alpha"),
    ({"eps": 1e-3, "count": 0}, "count"), ({"eps": float("nan")}, "eps"),
])
def test_bad_input_is_a_usage_error_naming_the_value(kwargs, fragment):
    with pytest.raises(c.UsageError, match=fragment):
        c.beam(**kwargs)


def test_inner_solution_matches_the_full_eigenfunction_inside_the_peak():
    b, a = 2e-3, 1e-3
    sol = c.peaked_eigenproblem(b, a)
    w = np.array([0.0, 0.5, 1.0, 3.0])
    inner = c.inner_solution(w, b, a)  # with the matched inner constant
    lam_b = sol.outer_eigenvalue * b
    assert np.max(np.abs(sol(1 - b * w) - inner)) < lam_b**2
