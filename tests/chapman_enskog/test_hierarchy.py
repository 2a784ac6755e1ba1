"""Chapman–Enskog derivation (seed 000, Sec. III; derivations/chapman_enskog/hierarchy.py and
iterated.py): algebras cross-checked against each other, against direct integration and
against results derived by hand."""
from __future__ import annotations

import pytest
import sympy as sp

from cranisotropy.derivations.chapman_enskog import hierarchy as ce
from cranisotropy.derivations.chapman_enskog import iterated as it
from cranisotropy.derivations.chapman_enskog.pitch_angle import scattering_operator

mu, d_z, sigma = ce.mu, ce.d_z, ce.sigma


def _direct_functionals(inverse_D):
    """kappa, <mu W^2>, A, B by plain sympy integration of their definitions (1/D polynomial)."""
    m, s = mu, sp.Symbol("s", real=True)
    r = inverse_D
    U = sp.integrate((1 - s**2) * r.subs(m, s), (s, -1, m))
    W0 = sp.integrate(r.subs(m, s), (s, -1, m))
    W = W0 - sp.integrate(W0, (m, -1, 1)) / 2
    kappa = U.subs(m, 1) / 2
    avg = lambda f: sp.integrate(sp.expand(f), (m, -1, 1)) / 2  # noqa: E731
    M = avg(m * W**2)
    A = avg(W**2 * (kappa - (1 - m**2) * r))
    B = avg(sp.cancel((kappa * (1 + m) - U) ** 2 * r / (1 - m**2)))
    return {"kappa": kappa, "M": M, "A": A, "B": B}


@pytest.mark.parametrize("inverse_D", [sp.Integer(1), 1 + mu / 2, 1 + mu**2 / 3 - mu / 5])
def test_exact_series_matches_compact_formulas_by_direct_integration(inverse_D):
    """Exact hierarchy (PolynomialAlgebra) == symbolic-D compact forms evaluated by sympy."""
    gam = ce.isotropic_equation(1 / inverse_D, 4, focusing=True)
    compact, _ = it.compact_isotropic_equation(4)
    values = {sp.Symbol(k): v for k, v in _direct_functionals(inverse_D).items()}
    for n in (2, 3, 4):
        assert sp.expand(gam[n] - it.to_operators(compact[n]).subs(values)) == 0


def test_symmetric_D_has_no_odd_orders_even_with_focusing():
    gam = ce.isotropic_equation(3 / (3 + mu**2), 7, focusing=True)
    assert all(gam[n] == 0 for n in (1, 3, 5, 7))
    assert gam[6] != 0


def test_rates_vanish_at_dz_zero_and_minus_sigma():
    """Uniform f0 is stationary; so is uniform n = f e^{sigma z} (particle conservation)."""
    for g in ce.isotropic_equation(2 / (2 + mu), 6, focusing=True).values():
        assert sp.expand(g.subs(d_z, 0)) == 0
        assert sp.expand(g.subs(d_z, -sigma)) == 0


def test_iterated_kernels_reduce_to_exact_series_for_D_equal_1():
    """Symbolic-D result (ordered iterated integrals) with D -> 1 integrated by sympy."""
    sym = it.symbolic_isotropic_equation(3)
    exact = ce.isotropic_equation(sp.Integer(1), 3, focusing=True)
    for n in (2, 3):
        concrete = sym[n].replace(it.D_function, lambda x: sp.Integer(1)).doit()
        assert sp.expand(concrete - exact[n]) == 0


def test_compact_form_structure_in_symmetric_variables():
    compact, defs = it.compact_isotropic_equation(4)
    P, S = it.P_op, it.S_op
    A, B, M, kappa = sp.symbols("A B M kappa")
    assert sp.expand(compact[2] - kappa * (P**2 - 4 * S) / 4) == 0
    assert sp.expand(compact[3] + M * P * (P**2 - 4 * S) / 4) == 0
    assert sp.expand(compact[4] + (P**2 - 4 * S) * ((2 * A - B) * P**2 + 4 * B * S) / 16) == 0
    assert set(defs) == {"kappa", "M", "A", "B"}


def test_hierarchy_equations_collect_powers_of_eps():
    eqs = ce.hierarchy_equations(2)
    ts = ce.time_scales(2)
    f0 = sp.Function("f_0")(mu, ce.z, *ts)
    assert eqs[0].rhs == 0
    assert sp.expand(eqs[1].rhs + mu * sp.diff(f0, ce.z) + sigma / 2 * (1 - mu**2) * sp.diff(f0, mu)
                     + sp.diff(f0, ts[1])) == 0


def test_asymmetric_power_law_has_eps3_term():
    D = sp.Piecewise((sp.sqrt(mu), mu > 0), (2 * sp.sqrt(-mu), True))
    v = ce.closed_form_functionals(D)
    assert v["M"] != 0 and v["kappa"] == sp.Rational(6, 5)


def test_transport_coefficients_of_D_equal_1_derived_by_hand():
    """For D = 1, L P_l = -l(l+1) P_l and mu P_l = [(l+1) P_{l+1} + l P_{l-1}]/(2l+1), so
    L - p mu is tridiagonal in the Legendre basis with E_0 = 0, E_1 = -2, E_2 = -6 and couplings
    V_01 V_10 = p^2/3, V_12 V_21 = 4 p^2/15.  Its slowest eigenvalue solves the continued fraction
    Gamma = (p^2/3) / (Gamma + 2 - (4 p^2/15) / (Gamma + 6 - ...)), hence
    Gamma = p^2/6 - (p^2/12)(p^2/6 - 2 p^2/45) + O(p^6) = p^2/6 - 11 p^4/1080 + O(p^6).
    With p = i eps k and the slow time T = eps^2 t/4 (Gamma_T = 4 Gamma/eps^2), eq. (10) reads
    Gamma_T = -kappa k^2 - eps^2 K k^4: kappa = 2/3, K = 11/270, tau/eps^2 = K/kappa^2 = 11/120,
    and the telegraph time in units of 1/nu is 4 tau/eps^2 = 11/30."""
    c = ce.series_coefficients(ce.isotropic_equation(sp.Integer(1), 4))
    assert c == {1: 0, 2: sp.Rational(1, 6), 3: 0, 4: sp.Rational(-11, 1080)}
    assert ce.transport_coefficients(c) == {
        "kappa": sp.Rational(2, 3), "hyperdiffusion": sp.Rational(11, 270),
        "tau_slow": sp.Rational(11, 120), "tau_t": sp.Rational(11, 30)}


def test_diffusion_integral_is_the_second_order_rate():
    """kappa = (1/2) int (1 - mu^2)/D equals 4 c_2 of the exact hierarchy (1/D polynomial)."""
    for D in (sp.Integer(1), 2 / (2 + mu), 3 / (3 + mu**2)):
        c2 = ce.series_coefficients(ce.isotropic_equation(D, 2))[2]
        assert ce.diffusion_integral(D).doit() == 4 * c2


def test_functionals_from_rates_equal_direct_integration_and_invert_rates_from_functionals():
    for inverse_D in (1 + mu / 2, 1 + mu**2 / 3 - mu / 5):
        gam = ce.isotropic_equation(1 / inverse_D, 4, focusing=True)
        values = it.functionals_from_rates(gam)
        assert values == {k: sp.nsimplify(v) for k, v in _direct_functionals(inverse_D).items()}
        again = it.rates_from_functionals(values)
        assert all(sp.expand(again[n] - gam[n]) == 0 for n in (2, 3, 4))


def test_telegraph_root_and_branch_point():
    """The slow root solves eq. (12) and vanishes at k = 0; at the branch point the two roots
    of tau G^2 + G + kappa k^2 coincide (double root G = -1/(2 tau))."""
    kap, tau, k, G = sp.Rational(2, 3), sp.Rational(11, 120), sp.Symbol("k", positive=True), sp.Symbol("G")
    root = ce.telegraph_dispersion(kap, tau, k)
    assert sp.simplify(ce.telegraph_polynomial(kap, tau, k, root)) == 0 and root.subs(k, 0) == 0
    kc = ce.telegraph_branch_point(kap, tau)
    poly = sp.Poly(ce.telegraph_polynomial(kap, tau, kc, G), G)
    assert sp.roots(poly) == {-1 / (2 * tau): 2}


def test_similarity_transform_symmetrises_the_focused_operator():
    """e^{-sW/4} [L - p mu - (s/2)(1-mu^2) d/dmu] e^{sW/4} = L - (p + s/2) mu - (s^2/16) U'
    (W' = 1/D, U' = (1-mu^2)/D): the reason the rates depend on d_z + sigma/2 and sigma^2 only."""
    Dm = sp.Function("D")(mu)
    x, p, s = sp.Symbol("x"), sp.Symbol("p"), sp.Symbol("s")
    W = sp.Integral(1 / sp.Function("D")(x), (x, -1, mu))
    psi = sp.Function("psi")(mu)
    h = sp.exp(s * W / 4)
    lhs = (scattering_operator(h * psi, Dm) - p * mu * h * psi - s / 2 * (1 - mu**2) * sp.diff(h * psi, mu)) / h
    rhs = scattering_operator(psi, Dm) - (p + s / 2) * mu * psi - s**2 / 16 * (1 - mu**2) / Dm * psi
    assert sp.simplify(sp.expand(lhs - rhs)) == 0
