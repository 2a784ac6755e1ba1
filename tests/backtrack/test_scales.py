"""derivations.backtrack.scales: r_L = R/(c B), Omega and Omega T from the equations of motion."""
from __future__ import annotations

import sympy as sp

from cranisotropy.derivations.backtrack import lorentz
from cranisotropy.derivations.backtrack import scales as s


def test_gyroradius_is_rigidity_over_c_b():
    derived = s.physical_scales()
    assert sp.simplify(derived["gyroradius"] - s.R / (s.c * s.B_ref)) == 0
    assert sp.simplify(derived["gyroradius_momentum"] - s.P / (sp.Abs(s.q) * s.B_ref)) == 0


def test_gyroradius_is_l_c_over_kappa_of_the_equations():
    """kappa of the dimensionless equations times r_L / L_c is the sign of the charge."""
    kappa = lorentz.dimensionless_equations()["kappa"]
    r_l = s.physical_scales()["gyroradius_momentum"]
    assert sp.simplify(kappa * r_l / s.L_c - sp.sign(s.q)) == 0


def test_omega_t_is_the_path_length_in_gyroradii():
    derived = s.physical_scales()
    # Omega T = s L_c / r_L: the campaign's Omega T = path length / gyroradius
    ratio = derived["omega_t"] / (derived["path_length"] * s.L_c / derived["gyroradius"])
    assert sp.simplify(ratio) == 1


def test_beta_and_momentum_on_the_mass_shell():
    derived = s.physical_scales()
    # E = 2 m c^2: P = sqrt(3) m c, beta = sqrt(3)/2
    p = derived["momentum"].subs(s.E, 2 * s.m * s.c**2)
    assert sp.simplify(p - sp.sqrt(3) * s.m * s.c) == 0
    assert sp.simplify(derived["beta"].subs(s.P, p) - sp.sqrt(3) / 2) == 0
