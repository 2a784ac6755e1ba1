"""Seed 001 derivations (derivations/beam/{scattering,outer,inner}.py): symbolic identities, and
closed forms checked against an independent evaluation (mpmath quadrature, finite differences)."""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from cranisotropy.derivations.beam import inner as bi
from cranisotropy.derivations.beam import outer as bo
from cranisotropy.derivations.beam import scattering as bs


def test_gs_spectrum_is_normalised_to_one():
    assert sp.simplify(bs.spectrum_normalisation() - 1) == 0


def test_resonance_function_is_the_lorentzian():
    D, tau = sp.Symbol("Delta"), sp.Symbol("tau_k")
    assert sp.simplify(bs.resonance_function() - tau / (1 + D**2 * tau**2)) == 0


def test_magnetostatic_prefactor_and_peak_normalisation():
    assert sp.simplify(bs.magnetostatic_prefactor() - sp.pi / 2 * bs.mu * (1 - bs.mu**2)) == 0
    # G(0) = 1/4 = (J1(y)/y)^2 at y = 0: the pi/2 of eq. (4)
    assert bs.peak_profile_expansion()[0] == sp.Rational(1, 4)


def test_peak_correction_r_is_the_continued_mellin_transform_of_dlmf():
    """r = (4/3) M(13/3) with M(l) = int_0^oo z^-l J_1^2 dz continued in l: DLMF 10.22.57 gives
    M(l) = Gamma(l) Gamma((3-l)/2) / (2^l Gamma((1+l)/2)^2 Gamma((3+l)/2))."""
    lam = mp.mpf(13) / 3
    M = mp.gamma(lam) * mp.gamma((3 - lam) / 2) / (2**lam * mp.gamma((1 + lam) / 2) ** 2 * mp.gamma((3 + lam) / 2))
    assert float(bs.peak_correction_coefficient()) == pytest.approx(float(4 * M / 3), rel=1e-13)


def test_bessel_log_constant_against_quadrature():
    """int_x^oo J1^2/z^3 dz = ln(1/x)/4 + C_J + O(x^2 ln x): scipy quadrature over periods of
    J_1 up to z = 2000, beyond it the mean J_1^2 ~ 1/(pi z) integrated exactly."""
    from scipy.integrate import quad
    from scipy.special import j1

    x = 1e-4
    edges = [x, 1.0, *np.arange(1.0 + np.pi, 2000.0, np.pi)]
    integral = sum(quad(lambda t: j1(t) ** 2 / t**3, lo, hi, epsabs=0, epsrel=1e-12)[0]
                   for lo, hi in zip(edges[:-1], edges[1:]))
    integral += 1 / (3 * np.pi * edges[-1] ** 3)
    C = float(bs.bessel_log_constant())
    assert integral - math.log(1 / x) / 4 == pytest.approx(C, abs=1e-7)
    assert 4 * C == pytest.approx(0.25 + math.log(2) - float(mp.euler), rel=1e-14)


def test_equations_6_to_11_symbolically():
    assert bo.dimensional_transport_residual() == 0
    assert bo.separated_mode_residual() == 0
    assert bo.weighted_norm_identity() == 0
    assert bo.indicial_exponents() == (0, 0)
    assert bo.first_order_solution_residual() == 0
    assert bo.confirm_legendre_galerkin_elements(6)


def test_first_order_start_solves_eq10_at_minus_one():
    """Psi1 = c (1 + mu) + d (1 + mu)^2 in eq. (10) with Phi = Phi(-1) + Phi'(-1)(1 + mu): the
    (1 + mu)^0 term vanishes only for the derived c."""
    c, d, p0, p1 = sp.symbols("c d p0 p1")
    x = 1 + bo.mu
    residual = bo.first_order_equation().subs({bo.Psi1(bo.mu): c * x + d * x**2,
                                               bo.Phi(bo.mu): p0 + p1 * x}).doit()
    lowest = sp.expand(residual).subs(bo.mu, -1)
    assert sp.simplify(lowest.subs(c, bo.first_order_start().subs(sp.Symbol("Phi_m1"), p0))) == 0


def test_frobenius_relations_of_the_text():
    rel = bo.frobenius_relations(2, u=0)
    assert rel[1] == bo.lam / 2 and rel[2] == bo.lam / 4
    # lambda = 0: Psi = const, so every a_k with k >= 1 vanishes
    coeffs = bo.frobenius_coefficients(6, 0)
    assert all(sp.simplify(c.subs(bo.lam, 0)) == 0 for k, c in coeffs.items() if k > 0)


def test_inner_equation_and_matching_symbolically():
    assert bi.inner_equation_residual() == 0
    m = bi.matching()
    assert m["w2_residual"] == 0 and m["w0_residual"] == 0
    text = bi.b**2 * bi.lam**2 * bi.Phi1**2 / (4 * bi.U1)
    assert sp.simplify(bi.eigenvalue_shift(False).subs(bi.u, 0) - text) == 0
    assert sp.simplify(m["C"].subs({bi.w0: 1, bi.u: 0}) - bi.Phi1 / (1 + bi.lam * bi.b / 2)) == 0
    assert bi.outer_constants()["G1"] == sp.Rational(1, 2) - sp.Symbol("I_a")


def test_peak_edge_curvature_against_finite_differences():
    from cranisotropy.kernels.generated.beam_peak_profile import beam_peak_profile

    c = float(bi.peak_edge_curvature().subs(bi.j1, bi.j1_value(20)))
    h = 1e-3
    fd = (beam_peak_profile(1 + h) - 2 * beam_peak_profile(1.0) + beam_peak_profile(1 - h)) / h**2 / 2
    assert c == pytest.approx(fd, rel=1e-5)


def test_beam_characteristics_are_the_printed_forms():
    """Eqs. (13)-(15) as the text prints them (the claims, typed from the paper)."""
    assert bi.width_parameter() == bi.j1**2 * bi.eps / 2
    assert sp.simplify(bi.threshold_constant() - 8 / (bi.lam * bi.j1**4 * (bi.qc - 2))) == 0
    Asym = sp.Symbol("A", positive=True)
    assert sp.simplify(bi.maximum_momentum() - sp.sqrt(bi.delta * Asym / bi.alpha) / bi.K) == 0
    assert sp.simplify(bi.beam_distribution() - bi.lam * bi.j1**4 * bi.eps**2 * bi.F0 / 8) == 0


def test_finite_a_leading_form_is_half_a_lorentzian_at_the_peak_edge():
    """g(1), I_a ~ (pi/2) sqrt(a/c) with c = F''(1)/2 = (pi/8) J_0(j1)^2: sqrt(2 pi a)/|J_0(j1)|."""
    j1 = mp.besseljzero(1, 1)
    lead = float(bi.finite_a_leading().subs({bi.a: 1, bi.j1: bi.j1_value(20)}))
    assert lead == pytest.approx(math.sqrt(2 * math.pi) / abs(float(mp.besselj(0, j1))), rel=1e-14)
