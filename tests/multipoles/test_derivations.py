"""Derivations of the multipole topic (seed 003 eqs. 19-21, seed 002 eq. 4.7): exact identities."""
import sympy as sp

from cranisotropy.derivations.multipoles import hierarchy as dm
from cranisotropy.derivations.multipoles import relative_diffusion as rd


def test_bateman_solution_general_rates_solves_the_chain():
    rates = list(sp.symbols("a1:4", positive=True))
    sol = dm.bateman_solution(3, rates)
    assert sp.simplify(sol[1].subs(dm.T, 0) - 1) == 0
    for j in range(2, 4):
        assert sp.simplify(sol[j].subs(dm.T, 0)) == 0
        residual = sp.diff(sol[j], dm.T) + rates[j - 1] * sol[j] - rates[j - 2] * sol[j - 1]
        assert sp.simplify(residual) == 0


def test_spectral_coefficients_match_general_bateman_solution():
    rates = [sp.Integer(j * (j + 1)) for j in range(1, 6)]
    sol = dm.bateman_solution(5, rates, time=dm.T * dm.nu)
    for j in range(1, 6):
        assert sp.simplify(sol[j] - dm.spectral_solution(j)) == 0


def test_chain_residual_and_initial_condition():
    assert dm.chain_residual() == 0
    b = dm.bateman_coefficient()
    for order in range(1, 25):
        total = sum(b.subs({dm.l: order, dm.n: j}) for j in range(1, order + 1))
        assert total == (1 if order == 1 else 0)


def test_asymptotic_ratio_is_derived_and_matches_eq21():
    assert sp.simplify(dm.asymptotic_ratio() - 18 / ((2 * dm.l + 1) * (dm.l + 1) * (dm.l + 2))) == 0
    assert dm.asymptotic_ratio_numeric_limit(3) == sp.Rational(9, 70)


def test_total_power_residues_agree_with_direct_sums():
    for j in (1, 2):
        assert dm.total_power_coefficient(j) == dm.total_power_residue().subs(dm.n, j)


def test_l_squared_eigenvalue_is_l_times_l_plus_one():
    """-(d/dx)(1-x^2)(d/dx) P_l = l(l+1) P_l, checked on the Legendre polynomials themselves."""
    x = sp.Symbol("x")
    for order in range(1, 6):
        P = sp.legendre(order, x)
        assert sp.expand(-sp.diff((1 - x**2) * sp.diff(P, x), x) - dm.l_squared_eigenvalue(order) * P) == 0


def test_generalized_bgk_closed_forms_against_direct_integration():
    """The Rodrigues + Beta closed forms against sympy's own integration for p = 1/2, l = 2."""
    p = sp.Rational(1, 2)
    direct = {}
    for form, derive in (("printed", rd.inverted_spectrum), ("consistent", rd.consistent_spectrum)):
        direct[form] = [derive(order, (1 - rd.x) ** p).subs(rd.Q1, 1).doit() for order in (1, 2)]
    assert sp.nsimplify(sp.simplify(direct["printed"][1] / direct["printed"][0])) == sp.Rational(23, 147)
    assert sp.nsimplify(sp.simplify(direct["consistent"][1] / direct["consistent"][0])) == sp.Rational(1, 7)
    assert rd.generalized_bgk_ratio(2, p) == sp.Rational(23, 147)
    assert rd.generalized_bgk_ratio(2, p, consistent=True) == sp.Rational(1, 7)
