"""Pitch-angle scattering: the Fokker–Planck operator, its Itô stochastic equivalent, and the
particle SDE of focused transport (streaming, mirror force, scattering).

Seed 000, eq. (6) (scattering part): df/dt = d/dmu [ (1 - mu^2) D(mu) df/dmu ].  The
forward-Kolmogorov equation of the Itô process dmu = a dt + b dW is
dp/dt = -d(a p)/dmu + 1/2 d^2(b^2 p)/dmu^2, which equals the scattering operator for

    a(mu) = d/dmu [(1 - mu^2) D(mu)],     b(mu) = sqrt(2 (1 - mu^2) D(mu)).

>>> import sympy as sp
>>> drift, amplitude = ito_coefficients(sp.Integer(1))
>>> drift
-2*mu
"""
from __future__ import annotations

import sympy as sp

mu = sp.Symbol("mu", real=True)
q = sp.Symbol("q", positive=True)
z = sp.Symbol("z", real=True)
sigma = sp.Symbol("sigma", real=True)       # focusing: -d ln B/dz (seed 000 eq. 6)
eps = sp.Symbol("epsilon", positive=True)   # v/(l nu)


def signed_power(x: sp.Expr, p: sp.Expr) -> sp.Expr:
    """sign(x) |x|^p: the real odd power (x**p of a negative float would be NaN)."""
    return sp.sign(x) * sp.Abs(x) ** p


def isotropic_scattering() -> sp.Expr:
    """D(mu) = 1."""
    return sp.Integer(1)


def quasilinear_scattering(index: sp.Expr = q) -> sp.Expr:
    """Quasi-linear D(mu) = |mu|^(q-1) for a turbulence spectrum k^-q (seed 000, Sec. III)."""
    return sp.Abs(mu) ** (sp.sympify(index) - 1)  # safe-input-checked: a number or sympy object


def scattering_operator(f: sp.Expr, D: sp.Expr) -> sp.Expr:
    """d/dmu [(1 - mu^2) D df/dmu] (seed 000 eq. 6, left-hand side moved to the right)."""
    return sp.diff((1 - mu**2) * D * sp.diff(f, mu), mu)


def ito_coefficients(D: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Drift a(mu) and amplitude b(mu) of the Itô SDE whose Fokker–Planck operator is
    :func:`scattering_operator` (derivatives of |mu| written as sign(mu) |mu|^p)."""
    # Product rule kept explicit; d|mu|/dmu = sign(mu).  No simplify(): it folds |mu|^p into
    # |mu^p|, which is complex for mu < 0.
    drift = (1 - mu**2) * sp.powsimp(sp.diff(D, mu)) - 2 * mu * D
    amplitude = sp.sqrt(2 * (1 - mu**2) * D)
    return drift, amplitude


def fokker_planck_of_ito(drift: sp.Expr, amplitude: sp.Expr, p: sp.Expr) -> sp.Expr:
    """Right-hand side -d(a p)/dmu + 1/2 d^2(b^2 p)/dmu^2 of the forward-Kolmogorov equation."""
    return -sp.diff(drift * p, mu) + sp.diff(amplitude**2 * p, mu, 2) / 2


# --------------------------------------------------------------------------- focused transport


def focused_transport_sde(D: sp.Expr, sigma: sp.Expr = sigma, eps: sp.Expr = eps):
    """Itô SDE of one particle for seed 000 eq. (6): returns (a_mu, b_mu, v_z) with

        dmu = a_mu dt + b_mu dW,   dz = v_z dt.

    Eq. (6) is written for the phase-space density f; the number density of particles along
    the flux tube (cross-section ~ 1/B ~ e^{sigma z}) is n = f e^{sigma z}, and n obeys the
    forward (Fokker–Planck) equation of this SDE: streaming v_z = eps mu, mirror force
    eps sigma/2 (1 - mu^2), scattering as in :func:`ito_coefficients` (see
    :func:`focused_forward_equation`; the identity is checked by ``cranisotropy verify``).

    >>> focused_transport_sde(sp.Integer(1), sigma=0)
    (-2*mu, sqrt(2 - 2*mu**2), epsilon*mu)
    """
    drift, amplitude = ito_coefficients(D)
    return drift + eps * sigma / 2 * (1 - mu**2), amplitude, eps * mu  # seed 000 eq. (6)


def focused_forward_equation(a_mu, b_mu, v_z, n: sp.Expr) -> sp.Expr:
    """dn/dt of the forward equation of (dmu = a dt + b dW, dz = v dt) for a density n(mu, z)."""
    return fokker_planck_of_ito(a_mu, b_mu, n) - sp.diff(v_z * n, z)
