"""Kernels from :mod:`cranisotropy.derivations.beam.scattering`, ``.outer`` and ``.inner`` (seed 001)."""
import sympy as sp

from cranisotropy.derivations.beam import inner as bi
from cranisotropy.derivations.beam import scattering as bs
from cranisotropy.kernels import KernelSpec, kernel

#: j1, the first zero of J_1, to 30 digits (printed as the nearest double)
J1_ZERO = bi.j1_value(30)
#: "lambda" is a Python keyword: kernels take the eigenvalue as ``lam``
LAM = sp.Symbol("lam", real=True)


@kernel
def beam_gs_spectrum() -> KernelSpec:
    """Seed 001 eq. (1)."""
    return KernelSpec(
        "beam_gs_spectrum", (bs.k_perp, bs.k_par, bs.l, bs.tau, bs.V_A), (bs.gs_spectrum(),),
        doc="Goldreich-Sridhar spectral density I(k_perp, k_par; l, tau, V_A), seed 001 eq. (1); "
            "int I d^3k = 1 over k_perp >= 1/l at tau = 0.",
        source="cranisotropy.derivations.beam.scattering.gs_spectrum",
        domain=((0.5, 50.0), (-10.0, 10.0), (0.5, 2.0), (0.0, 1.0), (0.1, 1.0)))


@kernel
def beam_scattering_integrand() -> KernelSpec:
    """Integrand over kappa of the reconstructed seed 001 eq. (2)."""
    return KernelSpec(
        "beam_scattering_integrand", (bs.kappa, bs.mu, bs.eps, bs.delta), (bs.general_integrand(),),
        doc="Integrand over kappa = k_perp l of D_mumu l/v (GS spectrum, n = +-1 gyro-resonances, "
            "Lorentzian resonance broadening), seed 001 eq. (2) reconstructed; 0 < mu < 1.",
        source="cranisotropy.derivations.beam.scattering.general_integrand",
        domain=((1.0, 300.0), (0.05, 0.95), (1e-3, 3e-2), (1e-5, 1e-2)))


@kernel
def beam_scattering_envelope() -> KernelSpec:
    """The same integrand with (J_1(z)/z)^2 replaced by its period average (z >> 1)."""
    return KernelSpec(
        "beam_scattering_envelope", (bs.kappa, bs.mu, bs.eps, bs.delta), (bs.general_integrand_mean(),),
        doc="Envelope of beam_scattering_integrand for z = kappa eps sqrt(1-mu^2) >> 1: (J_1(z)/z)^2 "
            "-> 1/(pi z^3) (period average); used for the far tail of the kappa quadrature.",
        source="cranisotropy.derivations.beam.scattering.general_integrand_mean",
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
        source="cranisotropy.derivations.beam.scattering.magnetostatic_peak_profile",
        domain=((0.05, 40.0),))


@kernel
def beam_bessel_peak() -> KernelSpec:
    """Seed 001 eq. (4), leading term."""
    return KernelSpec(
        "beam_bessel_peak", (bs.mu, bs.eps), (bs.bessel_peak_coefficient(),),
        doc="D_mumu l/v = (pi/2)(1-mu^2)(J_1(y)/y)^2, y = sqrt((1-mu^2)/eps): the GS peak near "
            "|mu| = 1, seed 001 eq. (4) without the r y^(4/3) term.",
        source="cranisotropy.derivations.beam.scattering.bessel_peak_coefficient",
        domain=((0.9, 1.0), (1e-3, 0.1)))


@kernel
def beam_small_delta() -> KernelSpec:
    """Seed 001 eq. (3) as derived (coefficient 1/3 and its constant)."""
    return KernelSpec(
        "beam_small_delta", (bs.mu, bs.eps, bs.delta), (bs.small_delta_coefficient(),),
        doc="Resonance-broadened part of D_mumu l/v away from the peak: (1/3) delta (1-mu^2) "
            "[ln(1/eps) - ln(1-mu^2)/2 + 1/4 + ln 2 - gamma_E] (seed 001 eq. 3 prints 1/6, no constant).",
        source="cranisotropy.derivations.beam.scattering.small_delta_coefficient",
        domain=((-0.95, 0.95), (1e-6, 1e-2), (1e-6, 1e-2)))


@kernel
def beam_scattering_frequency() -> KernelSpec:
    """a = nu_theta l/v, seed 001 eq. (5) (the model's definition)."""
    return KernelSpec(
        "beam_scattering_frequency", (bs.eps, bs.delta), (bs.scattering_frequency(),),
        doc="a = nu_theta l/v = (delta ln(1/eps) + eps^(3/2))/6, seed 001 eq. (5).",
        source="cranisotropy.derivations.beam.scattering.scattering_frequency",
        domain=((1e-5, 0.5), (1e-6, 1e-2)))


@kernel
def beam_peak_profile() -> KernelSpec:
    """F(w) of the inner problem (seed 001, text before eq. 12)."""
    return KernelSpec(
        "beam_peak_profile", (bi.w,), (bi.peak_profile().subs(bi.j1, J1_ZERO),),
        doc="F(w) = (pi/2)(J_1(j1 sqrt w)/(j1 sqrt w))^2, the GS peak in w = (1-mu)/b (zero at w = 1).",
        source="cranisotropy.derivations.beam.inner.peak_profile",
        domain=((0.0, 4.0),))


@kernel
def beam_peak_diffusion() -> KernelSpec:
    """D(mu; b, a) of the full eigenproblem (8) with the peak."""
    return KernelSpec(
        "beam_peak_diffusion", (bi.mu, bi.b, bi.a), (bi.peak_diffusion(J1_ZERO),),
        doc="D(mu) = 1 + F((1-mu)/b)/a for 1-mu < b, else 1: the peaked scattering coefficient of "
            "seed 001 eqs. (8), (12).",
        source="cranisotropy.derivations.beam.inner.peak_diffusion",
        domain=((0.9, 1.0), (1e-3, 0.1), (1e-4, 0.1)))


@kernel
def beam_legendre_elements() -> KernelSpec:
    """Legendre-Galerkin matrix elements of the outer problem (seed 001 eqs. 8-9)."""
    from cranisotropy.derivations.beam import outer as bo

    el = bo.legendre_galerkin_elements()
    return KernelSpec(
        "beam_legendre_elements", (bo.n,), tuple(el[k](bo.n) for k in ("stiffness", "jacobi", "value_at_1")),
        doc="For orthonormal Legendre p_n: (n(n+1), int mu p_n p_{n+1}, p_n(1)).",
        source="cranisotropy.derivations.beam.outer.legendre_galerkin_elements",
        domain=((0.0, 200.0),))


@kernel
def beam_matched() -> KernelSpec:
    """Matched-asymptotics results (seed 001, text after eq. 12), Phi(1) = 1."""
    I_a, g1 = sp.symbols("I_a g_1")
    w0 = bi.outer_constants()["w0"]
    out = (sp.simplify(bi.eigenvalue_shift() / bi.b**2).subs(bi.Phi1, 1),
           bi.fractional_excess().subs(bi.w0, w0),
           bi.fractional_excess(log_term=True).subs(bi.w0, w0))
    return KernelSpec(
        "beam_matched", (LAM, bi.u, bi.U1, bi.b, g1, I_a), tuple(o.subs(bi.lam, LAM) for o in out),
        doc="(delta_lambda/b^2, fractional excess beta w0/(1 + beta w0), the excess with the "
            "O(b^2 ln b) term) for Phi(1) = 1, U(1) = U_1, g1 = int_0^1 dw/D, I_a = int_0^1 w dw/D.",
        source="cranisotropy.derivations.beam.inner.eigenvalue_shift, fractional_excess",
        domain=((1.0, 50.0), (-0.5, 0.5), (0.01, 1.0), (1e-5, 0.1), (0.0, 0.2), (0.0, 0.2)))


@kernel
def beam_characteristics() -> KernelSpec:
    """Beam width, excess and threshold constant (seed 001 eqs. 13-14 and the text before)."""
    j1 = bi.j1_value(30)
    out = (bi.width_parameter(), bi.angular_width(True), bi.angular_width(False),
           bi.leading_excess() / bi.eps, bi.threshold_constant())
    return KernelSpec(
        "beam_characteristics", (bi.eps, LAM, bi.u, bi.qc),
        tuple(o.subs({bi.j1: j1, bi.lam: LAM}) for o in out),
        doc="(b = j1^2 eps/2, Delta theta = acos(1-b), small-angle j1 sqrt(eps), excess/eps = "
            "lambda (1+u) j1^2/4, A = 8/(lambda j1^4 (qc-2))).",
        source="cranisotropy.derivations.beam.inner",
        domain=((1e-5, 0.1), (1.0, 50.0), (-0.5, 0.5), (2.1, 6.0)))


@kernel
def beam_eps_from_width() -> KernelSpec:
    """eps from the angular width (inversion of acos(1 - j1^2 eps/2))."""
    dtheta = sp.Symbol("Delta_theta", positive=True)
    return KernelSpec(
        "beam_eps_from_width", (dtheta,), (bi.eps_from_width(True).subs(bi.j1, bi.j1_value(30)),),
        doc="eps = 2 (1 - cos Delta_theta)/j1^2.", source="cranisotropy.derivations.beam.inner.eps_from_width",
        domain=((1e-3, 1.5),))


@kernel
def beam_max_momentum() -> KernelSpec:
    """Seed 001 eq. (15)."""
    A = sp.Symbol("A", positive=True)
    return KernelSpec(
        "beam_max_momentum", (A, bi.delta, bi.alpha, bi.K), (bi.maximum_momentum(),),
        doc="p_max/(m c) = sqrt(delta A/alpha)/K, seed 001 eq. (15).",
        source="cranisotropy.derivations.beam.inner.maximum_momentum",
        domain=((1e-4, 1e-2), (1e-6, 1e-2), (1e-5, 1e-1), (1e-8, 1e-4)))
