"""Kernels from :mod:`cranisotropy.derivations.confinement.escape` (seed 000, Sec. II)."""
import sympy as sp

from cranisotropy.derivations.confinement import escape as cf
from cranisotropy.kernels import KernelSpec, kernel


@kernel
def confinement_interpolation() -> KernelSpec:
    """Shape of the interpolation formula (5) in similarity variables."""
    return KernelSpec(
        "confinement_interpolation", (cf.xi, cf.kappa_nl, cf.kappa_ism), (cf.interpolation_shape(),),
        doc="Seed 000 eq. (5) as g5(xi) = P C_A sqrt(t)/kappa_B = 2 [xi^(5/3) + kappa_NL^(5/6)]^(-3/5) "
            "exp(-xi^2/(4 kappa_ISM)), xi = z/sqrt(t).",
        source="cranisotropy.derivations.confinement.escape.interpolation_shape",
        domain=((0.0, 20.0), (1e-6, 10.0), (0.1, 50.0)))


@kernel
def confinement_log_rates() -> KernelSpec:
    """Local rates of the coupled system (1)-(2) in I = e^L, with their Jacobian entries."""
    grad = sp.Symbol("grad_P", real=True)
    rates = cf.log_rates(grad, cf.L_wave)
    names = ("flux", "dL_dt", "dflux_dgrad", "dflux_dL", "drate_dgrad", "drate_dL")
    return KernelSpec(
        "confinement_log_rates", (grad, cf.L_wave, cf.kappa_B, cf.C_A, cf.Gamma),
        tuple(rates[n] for n in names),
        doc="Seed 000 eqs. (1)-(2), reconstructed, with I = e^L: CR flux -(kappa_B/I) dP/dz, "
            "dL/dt = -C_A dP/dz / I - Gamma, and d(flux, dL/dt)/d(dP/dz, L): returns "
            "(flux, dL_dt, dflux_dgrad, dflux_dL, drate_dgrad, drate_dL).",
        source="cranisotropy.derivations.confinement.escape.log_rates",
        domain=((-10.0, 0.0), (-5.0, 5.0), (0.1, 10.0), (0.1, 10.0), (0.0, 1.0)))
