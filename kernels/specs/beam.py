"""Kernels from :mod:`cranisotropy.derivations.beam_scattering` and ``beam_inner`` (seed 001)."""
import sympy as sp

from cranisotropy.derivations import beam_inner as bi
from cranisotropy.derivations import beam_scattering as bs
from cranisotropy.kernels import KernelSpec, kernel

#: j1, the first zero of J_1, to 30 digits (printed as the nearest double)
J1_ZERO = bi.j1_value(30)


@kernel
def beam_gs_spectrum() -> KernelSpec:
    """Seed 001 eq. (1)."""
    return KernelSpec(
        "beam_gs_spectrum", (bs.k_perp, bs.k_par, bs.l, bs.tau, bs.V_A), (bs.gs_spectrum(),),
        doc="Goldreich-Sridhar spectral density I(k_perp, k_par; l, tau, V_A), seed 001 eq. (1); "
            "int I d^3k = 1 over k_perp >= 1/l at tau = 0.",
        source="cranisotropy.derivations.beam_scattering.gs_spectrum",
        domain=((0.5, 50.0), (-10.0, 10.0), (0.5, 2.0), (0.0, 1.0), (0.1, 1.0)))


@kernel
def beam_scattering_integrand() -> KernelSpec:
    """Integrand over kappa of the reconstructed seed 001 eq. (2)."""
    return KernelSpec(
        "beam_scattering_integrand", (bs.kappa, bs.mu, bs.eps, bs.delta), (bs.general_integrand(),),
        doc="Integrand over kappa = k_perp l of D_mumu l/v (GS spectrum, n = +-1 gyro-resonances, "
            "Lorentzian resonance broadening), seed 001 eq. (2) reconstructed; 0 < mu < 1.",
        source="cranisotropy.derivations.beam_scattering.general_integrand",
        domain=((1.0, 300.0), (0.05, 0.95), (1e-3, 3e-2), (1e-5, 1e-2)))


@kernel
def beam_scattering_envelope() -> KernelSpec:
    """The same integrand with (J_1(z)/z)^2 replaced by its period average (z >> 1)."""
    return KernelSpec(
        "beam_scattering_envelope", (bs.kappa, bs.mu, bs.eps, bs.delta), (bs.general_integrand_mean(),),
        doc="Envelope of beam_scattering_integrand for z = kappa eps sqrt(1-mu^2) >> 1: (J_1(z)/z)^2 "
            "-> 1/(pi z^3) (period average); used for the far tail of the kappa quadrature.",
        source="cranisotropy.derivations.beam_scattering.general_integrand_mean",
        domain=((1e3, 1e6), (0.05, 0.95), (1e-3, 3e-2), (1e-5, 1e-2)))


@kernel
def beam_magnetostatic_integrand() -> KernelSpec:
    """z^(-13/3) J_1(z)^2, the integrand of the magnetostatic peak profile G(y)."""
    G = bs.magnetostatic_peak_profile()
    integrand = G.atoms(sp.Integral).pop().function
    return KernelSpec(
        "beam_magnetostatic_integrand", (bs.z,), (integrand,),
        doc="Integrand z^(-13/3) J_1(z)^2 of G(y) = (4/3) y^(4/3) int_y^oo (...) dz, the delta -> 0 "
            "limit of seed 001 eq. (2) (its mu -> 1 form is eq. 4).",
        source="cranisotropy.derivations.beam_scattering.magnetostatic_peak_profile",
        domain=((0.05, 40.0),))


@kernel
def beam_bessel_peak() -> KernelSpec:
    """Seed 001 eq. (4), leading term."""
    return KernelSpec(
        "beam_bessel_peak", (bs.mu, bs.eps), (bs.bessel_peak_coefficient(),),
        doc="D_mumu l/v = (pi/2)(1-mu^2)(J_1(y)/y)^2, y = sqrt((1-mu^2)/eps): the GS peak near "
            "|mu| = 1, seed 001 eq. (4) without the r y^(4/3) term.",
        source="cranisotropy.derivations.beam_scattering.bessel_peak_coefficient",
        domain=((0.9, 1.0), (1e-3, 0.1)))


@kernel
def beam_small_delta() -> KernelSpec:
    """Seed 001 eq. (3) as derived (coefficient 1/3 and its constant)."""
    return KernelSpec(
        "beam_small_delta", (bs.mu, bs.eps, bs.delta), (bs.small_delta_coefficient(),),
        doc="Resonance-broadened part of D_mumu l/v away from the peak: (1/3) delta (1-mu^2) "
            "[ln(1/eps) - ln(1-mu^2)/2 + 1/4 + ln 2 - gamma_E] (seed 001 eq. 3 prints 1/6, no constant).",
        source="cranisotropy.derivations.beam_scattering.small_delta_coefficient",
        domain=((-0.95, 0.95), (1e-6, 1e-2), (1e-6, 1e-2)))


@kernel
def beam_scattering_frequency() -> KernelSpec:
    """a = nu_theta l/v, seed 001 eq. (5) (the model's definition)."""
    return KernelSpec(
        "beam_scattering_frequency", (bs.eps, bs.delta), (bs.scattering_frequency(),),
        doc="a = nu_theta l/v = (delta ln(1/eps) + eps^(3/2))/6, seed 001 eq. (5).",
        source="cranisotropy.derivations.beam_scattering.scattering_frequency",
        domain=((1e-5, 0.5), (1e-6, 1e-2)))


@kernel
def beam_peak_profile() -> KernelSpec:
    """F(w) of the inner problem (seed 001, text before eq. 12)."""
    return KernelSpec(
        "beam_peak_profile", (bi.w,), (bi.peak_profile().subs(bi.j1, J1_ZERO),),
        doc="F(w) = (pi/2)(J_1(j1 sqrt w)/(j1 sqrt w))^2, the GS peak in w = (1-mu)/b (zero at w = 1).",
        source="cranisotropy.derivations.beam_inner.peak_profile",
        domain=((0.0, 4.0),))


@kernel
def beam_peak_diffusion() -> KernelSpec:
    """D(mu; b, a) of the full eigenproblem (8) with the peak."""
    return KernelSpec(
        "beam_peak_diffusion", (bi.mu, bi.b, bi.a), (bi.peak_diffusion(J1_ZERO),),
        doc="D(mu) = 1 + F((1-mu)/b)/a for 1-mu < b, else 1: the peaked scattering coefficient of "
            "seed 001 eqs. (8), (12).",
        source="cranisotropy.derivations.beam_inner.peak_diffusion",
        domain=((0.9, 1.0), (1e-3, 0.1), (1e-4, 0.1)))
