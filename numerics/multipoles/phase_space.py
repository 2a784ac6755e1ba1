"""Charged-particle trajectories integrated numerically: Liouville and the rotation operator.

Independent numerical methods behind seed 003 eqs. 1, 2, 7 and seed 004 eqs. 33, 35, 63
(speed c = 1, dx/dt = p/|p|, dp/dt = p x B(x)/|p|):

- :func:`random_static_field` -- a smooth divergence-free field B0 e_z + sum of Fourier modes;
- :func:`flow_jacobian_determinant` -- det of the 6-D flow map's Jacobian (Liouville: 1);
- :func:`backtrack_direction` -- p(-t) for a uniform rotation vector Omega, by integration;
- :func:`rotation_generator_error` -- d_t f(t, p) = f0(p(-t)) at t = 0 against i Omega.L f0.

>>> p = backtrack_direction(np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0]), np.pi / 2)
>>> (np.round(p, 6) + 0.0).tolist()   # dp/dt = p x Omega run backwards for a quarter turn
[0.0, -1.0, 0.0]
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from scipy.integrate import solve_ivp

__all__ = ["random_static_field", "flow_jacobian_determinant", "backtrack_direction",
           "rotation_generator_error"]


def random_static_field(rng: np.random.Generator, modes: int = 4) -> Callable[[np.ndarray], np.ndarray]:
    """B(x) = e_z + sum_n b_n cos(k_n.x + beta_n) with b_n perpendicular to k_n (div B = 0)."""
    k = rng.normal(size=(modes, 3))
    b = np.cross(k, rng.normal(size=(modes, 3)))
    beta = rng.uniform(0, 2 * np.pi, modes)
    b0 = np.array([0.0, 0.0, 1.0])
    return lambda x: b0 + (b * np.cos(k @ x + beta)[:, None]).sum(axis=0)


def flow_jacobian_determinant(duration: float = 3.0, *, step: float = 1e-5, seed: int = 20261122) -> float:
    """det d(x, p)(t)/d(x, p)(0) of a charged particle in a random static field.

    Central differences (``step``) of DOP853 trajectories (rtol = atol = 1e-13) from a random
    phase-space point; Liouville's theorem (seed 003 eq. 1, 004 eq. 33) says the result is 1.
    """
    rng = np.random.default_rng(seed)
    field = random_static_field(rng)

    def rhs(_t, y):
        x, p = y[:3], y[3:]
        return np.concatenate([p / np.linalg.norm(p), np.cross(p, field(x)) / np.linalg.norm(p)])

    y0 = np.concatenate([rng.normal(size=3), rng.normal(size=3)])

    def flow(y):
        return solve_ivp(rhs, (0, duration), y, method="DOP853", rtol=1e-13, atol=1e-13).y[:, -1]

    J = np.empty((6, 6))
    for i in range(6):
        e = np.zeros(6)
        e[i] = step
        J[:, i] = (flow(y0 + e) - flow(y0 - e)) / (2 * step)
    return float(np.linalg.det(J))


def backtrack_direction(p0: np.ndarray, omega: np.ndarray, t: float) -> np.ndarray:
    """p(-t) of dp/dt = p x Omega ending at p(0) = ``p0`` (``t`` < 0 integrates forward).

    Numerical integration (RK45, rtol = atol = 1e-13) of the equation of motion backwards.
    """
    sign = 1.0 if t >= 0 else -1.0
    return solve_ivp(lambda _s, p: -sign * np.cross(p, omega), (0, abs(t)), p0, rtol=1e-13, atol=1e-13).y[:, -1]


def rotation_generator_error(*, step: float = 1e-4, seed: int = 20261122) -> float:
    """Relative difference of d_t f and i Omega.L f0 = Omega.(p x grad_p f0) at t = 0.

    f(t, p) = f0(p(-t)) is transported by the uniform rotation of :func:`backtrack_direction`
    (random Omega, p, smooth f0); d_t f by central differences in t, grad_p f0 by central
    differences.  Seed 003 eq. 2 and 004 eq. 35 fix the sign of the rotation term by this.
    """
    rng = np.random.default_rng(seed)
    omega = rng.normal(size=3)
    a, c = rng.normal(size=3), rng.normal(size=(3, 3))
    f0 = lambda p: np.sin(a @ p) + p @ c @ p  # noqa: E731
    p0 = rng.normal(size=3)
    p0 /= np.linalg.norm(p0)
    dfdt = (f0(backtrack_direction(p0, omega, step)) - f0(backtrack_direction(p0, omega, -step))) / (2 * step)
    grad = np.array([(f0(p0 + step * e) - f0(p0 - step * e)) / (2 * step) for e in np.eye(3)])
    i_omega_l = omega @ np.cross(p0, grad)
    return float(abs(dfdt - i_omega_l) / abs(i_omega_l))
