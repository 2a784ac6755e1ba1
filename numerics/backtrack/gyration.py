"""Gyroradius, momentum and rigidity in SI units, and an independent check by integrating the orbit.

The relations come from :mod:`derivations.backtrack.scales` (from the equations of
:mod:`derivations.backtrack.lorentz`): r_L = |p| / (|q| B) (the ``kappa = sign(q) L_c / r_L`` of
:func:`dimensionless_equations`) and E^2 = p^2 c^2 + m^2 c^4 (:func:`relativistic_lorentz_force`).  :func:`gyroradius_by_integration` measures r_L from a
numerically integrated SI orbit instead (scipy DOP853), a method independent of both.

>>> from scipy import constants as const
>>> p = momentum_for_gyroradius(const.parsec, 3e-10)  # 1 pc in 3 uG
>>> round(p * const.c / const.e / 1e15, 3)  # rigidity in PV
2.775
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from cranisotropy.core.units import constant
from cranisotropy.derivations.backtrack import lorentz, scales

#: SI constants from astropy (CODATA): elementary charge, proton mass, speed of light
E_CHARGE, PROTON_MASS, C_LIGHT = constant("e", "C"), constant("m_p", "kg"), constant("c", "m/s")

_Q = sp.Symbol("q", real=True, nonzero=True)
_C = sp.Symbol("c", positive=True)
_M = sp.Symbol("m", nonnegative=True)


@lru_cache(maxsize=None)
def _relations():
    """r_L(P, |q|, B) and P(E, m) from the derivation (:func:`derivations.backtrack.scales.physical_scales`),
    as numpy functions (SI)."""
    s = scales.physical_scales()
    return (sp.lambdify((scales.P, scales.q, scales.B_ref), s["gyroradius_momentum"]),
            sp.lambdify((scales.E, scales.m, scales.c), s["momentum"]))


def gyroradius(momentum: float, field: float, charge: float = E_CHARGE) -> float:
    """r_L = |p| / (|q| B) in metres: momentum in kg m/s, field in tesla, charge in coulomb."""
    return float(_relations()[0](momentum, charge, field))


def momentum_from_energy(total_energy: float, mass: float = PROTON_MASS) -> float:
    """|p| (kg m/s) of a particle of total energy E (J) and mass m (kg): E^2 = p^2 c^2 + m^2 c^4."""
    return float(_relations()[1](total_energy, mass, C_LIGHT))


def momentum_for_gyroradius(radius: float, field: float, charge: float = E_CHARGE) -> float:
    """|p| (kg m/s) whose gyroradius in ``field`` (T) is ``radius`` (m), inverting :func:`gyroradius`
    (r_L is linear in |p|)."""
    return radius / gyroradius(1.0, field, charge)


def gyroradius_by_integration(momentum: float, field: float, mass: float = PROTON_MASS,
                              charge: float = E_CHARGE) -> float:
    """r_L (m) measured on an orbit: integrate dx/dt = v, dp/dt = q v x B (SI, DOP853).

    The particle starts with momentum ``momentum`` perpendicular to B = (0, 0, field) and is
    followed for one gyration period 2 pi E / (|q| B c^2); r_L is half the orbit's extent.
    """
    from scipy.integrate import solve_ivp

    force = lorentz.relativistic_lorentz_force()
    p = sp.symbols("p_x p_y p_z", real=True)
    B = sp.symbols("B_x B_y B_z", real=True)
    constants = {_Q: charge, _C: C_LIGHT, _M: mass}
    velocity = sp.lambdify((p,), list(force["dx_dt"].subs(constants)), "numpy")
    dp_dt = sp.lambdify((p, B), list(force["dp_dt"].subs(constants)), "numpy")
    energy = float(force["energy"].subs(constants).subs({p[0]: momentum, p[1]: 0, p[2]: 0}))
    b = (0.0, 0.0, field)

    def rhs(_t, y):
        return np.concatenate([velocity(y[3:]), dp_dt(y[3:], b)])

    period = 2 * np.pi * energy / (abs(charge) * field * C_LIGHT**2)
    sol = solve_ivp(rhs, (0, period), [0, 0, 0, momentum, 0, 0], method="DOP853", rtol=1e-11,
                    atol=1e-30, dense_output=True)
    y = sol.sol(np.linspace(0, period, 4001))[1]
    return float(0.5 * (y.max() - y.min()))
