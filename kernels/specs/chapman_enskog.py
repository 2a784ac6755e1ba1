"""Kernels from :mod:`cranisotropy.derivations.chapman_enskog.pitch_angle`.

``*_focused_sde`` kernels return the coefficients (a_mu, b_mu, v_z) of the particle SDE of
seed 000 eq. (6) (:func:`~cranisotropy.derivations.chapman_enskog.pitch_angle.focused_transport_sde`),
all with the inputs (mu, q, sigma, epsilon); the hand-written Monte Carlo loop that calls them
is :mod:`cranisotropy.kernels.drivers.chapman_enskog`.  :func:`focused_sde_spec` builds the same
kernel for any D(mu) (user formulas are compiled at run time with ``cranisotropy.kernels.build``).
"""
from __future__ import annotations

import sympy as sp

from cranisotropy.derivations.chapman_enskog import pitch_angle as pa
from cranisotropy.kernels import KernelSpec, kernel


@kernel
def quasilinear_ito_coefficients() -> KernelSpec:
    """Itô drift and amplitude of pitch-angle scattering with D = |mu|^(q-1)."""
    drift, amplitude = pa.ito_coefficients(pa.quasilinear_scattering(pa.q))
    return KernelSpec(
        "quasilinear_ito_coefficients", (pa.mu, pa.q), (drift, amplitude),
        doc="Itô SDE dmu = a dt + b dW equivalent to d/dmu[(1-mu^2)|mu|^(q-1) d/dmu] "
            "(seed 000 eq. 6, scattering part): returns (a, b).",
        source="cranisotropy.derivations.chapman_enskog.pitch_angle.ito_coefficients",
        domain=((-1.0, 1.0), (1.2, 2.0)))


def focused_sde_spec(name: str, D: sp.Expr, doc: str = "", domain=()) -> KernelSpec:
    """Kernel (mu, q, sigma, epsilon) -> (a_mu, b_mu, v_z) of the particle SDE for D(mu[, q]).

    Every focused-SDE kernel has this one signature (q is unused when D has no parameter), so
    the one compiled Monte Carlo driver
    :func:`cranisotropy.kernels.drivers.chapman_enskog.run` serves them all, user formulas
    (compiled at run time with ``cranisotropy.kernels.build``) included.
    """
    a_mu, b_mu, v_z = pa.focused_transport_sde(D)
    return KernelSpec(
        name, (pa.mu, pa.q, pa.sigma, pa.eps), (a_mu, b_mu, v_z),
        doc=doc or f"Particle SDE of seed 000 eq. (6) for D = {D}: (a_mu, b_mu, v_z) with "
                   "dmu = a_mu dt + b_mu dW, dz = v_z dt.",
        source="cranisotropy.derivations.chapman_enskog.pitch_angle.focused_transport_sde",
        domain=domain or ((-0.999, 0.999), (1.2, 2.0), (-1.0, 1.0), (0.1, 1.0)))


@kernel
def isotropic_focused_sde() -> KernelSpec:
    """D = 1: Brownian motion of the direction on the sphere, plus streaming and focusing."""
    return focused_sde_spec("isotropic_focused_sde", pa.isotropic_scattering())


@kernel
def quasilinear_focused_sde() -> KernelSpec:
    """D = |mu|^(q - 1) (quasi-linear resonance with a k^-q spectrum)."""
    return focused_sde_spec("quasilinear_focused_sde", pa.quasilinear_scattering(pa.q),
                            doc="Particle SDE of seed 000 eq. (6) for D = |mu|^(q-1): (a_mu, b_mu, v_z).")
