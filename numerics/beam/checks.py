"""Verify entries for the beam paper (seed 001, eqs. 1–15 and its quoted numbers) and the beam
summary of seed 000 Sec. IV.

The OCR of seed 001 lost fraction bars and symbols; each ``claim`` below is our reading of the
printed text, and every ``detail`` says what had to be reconstructed.  Heavy numerics (the full
eigenproblem convergence study) live in ``cranisotropy validate beam``; the checks here use a
few quick solves.
"""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import sympy as sp
from scipy.integrate import quad
from scipy.optimize import brentq

from cranisotropy.derivations.beam import inner as bi
from cranisotropy.derivations.beam import outer as bo
from cranisotropy.derivations.beam import scattering as bs
from cranisotropy.core.registry import differs, failed, register_equation, register_out_of_scope, reproduced

SEED = "001"
SUMMARY = "000"
_DER = "cranisotropy.derivations."


def _nb():
    from cranisotropy.numerics.beam import matched as beam

    return beam


def _lambda1_reference(dps: int = 30) -> mp.mpf:
    """lambda1 at u = 0 by the Frobenius/Wronskian method (mpmath)."""
    return _nb().outer_eigenvalue_mp(14.5, 0, dps)


def _rel(x, y) -> float:
    return float(abs(x - y) / abs(y))


# --------------------------------------------------------------------------- eqs. (1)-(5)

@register_equation(
    seed=SEED, equation="1", title="Goldreich-Sridhar spectrum and its normalisation",
    claim="I = (1/(6 pi)) k_perp^(-10/3) l^(-1/3) g(k_par l^(1/3)/k_perp^(2/3)) e^(-tau/tau_k), "
          "g(x) = H(1-|x|), tau_k = (l/V_A)(k_perp l)^(-2/3)",
    derivation=_DER + "beam_scattering.gs_spectrum, spectrum_normalisation",
    numerical_check="2-D quadrature of the generated kernel beam_gs_spectrum over k_perp >= 1/l")
def _eq1():
    exact = bs.spectrum_normalisation()
    if sp.simplify(exact - 1) != 0:
        return failed(f"int I d^3k = {exact}, expected 1")
    from cranisotropy.kernels.generated.beam_gs_spectrum import beam_gs_spectrum

    ell, va = 1.7, 0.3

    def radial(t):  # k_perp = e^t / l, k_par over a box wider than the GS cone
        kp = math.exp(t) / ell
        cone = kp ** (2 / 3) * ell ** (-1 / 3)
        inner = quad(lambda kq: beam_gs_spectrum(kp, kq, ell, 0.0, va), -1.5 * cone, 1.5 * cone,
                     points=[-cone, cone], epsabs=0.0, epsrel=1e-12, limit=200)[0]
        return 2 * math.pi * kp * inner * kp

    total = quad(radial, 0.0, 60.0, epsabs=0.0, epsrel=1e-11, limit=400)[0]
    kp = 3.0
    decay = beam_gs_spectrum(kp, 0.1, ell, 1.0, va) / beam_gs_spectrum(kp, 0.1, ell, 0.0, va)
    tau_k = (ell / va) * (kp * ell) ** (-2 / 3)
    ok = abs(total - 1) < 1e-8 and abs(decay - math.exp(-1 / tau_k)) < 1e-14
    return (reproduced if ok else failed)(
        "The 1/(6 pi) normalises int I d^3k to exactly 1 over k_perp >= 1/l (sympy); the kernel, "
        "integrated numerically, gives 1 and decays as e^(-tau/tau_k). The lower cut-off k_perp = 1/l "
        "(outer scale) is implied, not printed.", quadrature=total, decay_ratio=decay)


@register_equation(
    seed=SEED, equation="2", title="general D_mumu for the GS spectrum (reconstructed)",
    claim="illegible in the OCR: only 'D_mumu = pi/3 delta ...' survives (integrand and fraction "
          "bars lost)",
    derivation=_DER + "beam_scattering.general_integrand (QLT, n = +-1, Lorentzian resonance)",
    numerical_check="kappa-quadrature of the generated integrand at delta -> 0 against the "
                    "z-quadrature of G(y); mu -> 1 limit against eq. (4)")
def _eq2():
    nb = _nb()
    eps = 1e-6
    P = sp.lambdify(bs.mu, bs.magnetostatic_prefactor(), "math")
    if sp.simplify(bs.magnetostatic_prefactor() - sp.pi / 2 * bs.mu * (1 - bs.mu**2)) != 0:
        return failed(f"magnetostatic prefactor {bs.magnetostatic_prefactor()}")
    worst = 0.0
    for mu in (1 - 1e-10, 1 - 1e-7, 0.99):
        y = math.sqrt(1 - mu * mu) / (math.sqrt(eps) * mu**1.5)
        worst = max(worst, _rel(nb.scattering_coefficient(mu, eps, 0.0), P(mu) * nb.magnetostatic_profile(y)))
    peak = nb.scattering_coefficient(1 - 1e-12, eps, 0.0) / (math.pi / 2 * (1 - (1 - 1e-12) ** 2))
    ok = worst < 1e-7 and abs(peak - 0.25) < 2e-3
    return (reproduced if ok else failed)(
        "Reconstructed from quasi-linear theory with the eq. (1) spectrum: n = +-1 gyro-resonances, "
        "Lorentzian broadening 1/tau_k, the k_par integral done exactly (arctangents, combined into "
        "one atan2). Its delta -> 0 limit is (pi/2) mu (1-mu^2) G(y), G(0) = 1/4, i.e. exactly the "
        "normalisation of eq. (4); its small-delta part gives eq. (3) with coefficient 1/3 (see eq. 3). "
        "The printed form cannot be compared (illegible).",
        max_rel_error_kappa_vs_z_quadrature=worst, peak_over_pi_half_1_minus_mu2=peak)


@register_equation(
    seed=SEED, equation="3", title="small-delta D_mumu away from the peak",
    claim="D_mumu ~ (1/6)(v/l) delta [ln(1/eps) - (1/2) ln(1-mu^2)] (1-mu^2)",
    derivation=_DER + "beam_scattering.small_delta_coefficient",
    numerical_check="[D(delta) - D(0)] of the reconstructed eq. (2) by quadrature, mu = 0.5, 0.2")
def _eq3():
    from cranisotropy.kernels.generated.beam_small_delta import beam_small_delta

    nb = _nb()
    ratios, printed = [], []
    for mu, eps, delta in ((0.5, 1e-8, 1e-8), (0.2, 1e-8, 1e-8), (0.5, 1e-6, 1e-7)):
        numeric = nb.scattering_coefficient(mu, eps, delta) - nb.scattering_coefficient(mu, eps, 0.0)
        ratios.append(numeric / beam_small_delta(mu, eps, delta))
        printed.append(numeric / (delta / 6 * (math.log(1 / eps) - math.log(1 - mu * mu) / 2) * (1 - mu * mu)))
    if max(abs(r - 1) for r in ratios) > 1e-5:
        return failed(f"quadrature / derived form = {ratios}")
    return differs(
        "Relative to eq. (4)'s normalisation (which the same QLT reproduces exactly) the delta term "
        "has coefficient 1/3, not 1/6, plus a constant 1/4 + ln 2 - gamma_E in the bracket "
        "(z-integral of (J_1/z)^2/z, Mellin transform). Eqs. (3) and (4) are mutually inconsistent "
        "by a factor 2 whatever the spectrum normalisation convention.",
        derived=str(bs.small_delta_coefficient()),
        quadrature_over_derived=ratios, quadrature_over_printed=printed)


@register_equation(
    seed=SEED, equation="4", title="GS peak of D_mumu near |mu| = 1 (Bessel form)",
    claim="D_mumu = (pi/2)(v/l)(1-mu^2)[J_1^2(y)/y^2 + r y^(4/3)], y = sqrt((1-mu^2)/eps), r ~ 1e-2",
    derivation=_DER + "beam_scattering.bessel_peak_coefficient, magnetostatic_peak_profile",
    numerical_check="quadrature of the reconstructed eq. (2) at delta = 0 as y -> 0")
def _eq4():
    from cranisotropy.kernels.generated.beam_bessel_peak import beam_bessel_peak

    nb = _nb()
    eps = 1e-6
    rows = []
    for one_minus_mu in (1e-9, 1e-11, 1e-13):
        mu = 1 - one_minus_mu
        y = math.sqrt((1 - mu * mu) / eps)
        rows.append((y, nb.scattering_coefficient(mu, eps, 0.0) / beam_bessel_peak(mu, eps) - 1))
    slope = math.log(abs(rows[-1][1] / rows[0][1])) / math.log(rows[-1][0] / rows[0][0])
    ok = abs(rows[-1][1]) < 3e-4 and abs(slope - 4 / 3) < 0.05
    return (reproduced if ok else failed)(
        "The leading term (pi/2)(1-mu^2) J_1(y)^2/y^2 is the mu -> 1 form of the magnetostatic limit "
        "of eq. (2): same value at y = 0 (prefactor pi/2 exact), relative difference ~ 4 r y^(4/3) "
        "(observed exponent given). The correction coefficient r is checked separately (num:r).",
        ratio_minus_1=[r[1] for r in rows], y=[r[0] for r in rows], observed_exponent=slope)


@register_equation(
    seed=SEED, equation="num:r", title="coefficient r of the y^(4/3) term in eq. (4)",
    claim="r ~ 1e-2", derivation=_DER + "beam_scattering.peak_correction_coefficient",
    numerical_check="(G(y) - (J_1(y)/y)^2)/y^(4/3) by quadrature at small y")
def _num_r():
    nb = _nb()
    r = float(bs.peak_correction_coefficient())
    expansion = bs.peak_profile_expansion()
    y = 1e-3
    numeric = (nb.magnetostatic_profile(y) - (2 * mp.besselj(1, y) / y) ** 2 / 4) / y ** (4 / 3)
    # the next terms, y^2/8 - (-y^2/16), are O(y^(2/3)) relative: remove them
    numeric = float(numeric) - (float(expansion[2]) + 1 / 16) * y ** (2 / 3)
    if abs(numeric - r) > 1e-4:
        return failed(f"quadrature {numeric} vs derived r = {r}")
    return differs(
        "In the model behind eq. (4) (QLT, magnetostatic n = +-1) the exact small-y expansion is "
        "G(y) = 1/4 + r y^(4/3) + y^2/8 + ..., r = (4/3) M(13/3) with M the analytically continued "
        "Mellin transform of J_1^2: r = -0.2710 (negative, 27 times the quoted magnitude). The "
        "text neglects the term, so nothing downstream depends on it.",
        derived=str(bs.peak_correction_coefficient()), r_derived=r, r_quadrature=numeric)


@register_equation(
    seed=SEED, equation="num:j1", title="first zero of J_1", claim="j1 ~ 3.8",
    derivation="mpmath.besseljzero(1, 1)", numerical_check="root of the pure-numba J_1 (brentq)")
def _num_j1():
    from cranisotropy.kernels.special import j1 as J1

    root = brentq(J1, 3.0, 4.5, xtol=1e-15)
    ref = float(bi.j1_value(20))
    ok = abs(root - ref) < 1e-13 and round(ref, 1) == 3.8
    return (reproduced if ok else failed)("j1 = 3.8317059702 rounds to the quoted 3.8.",
                                          j1=ref, brentq_root=root)


@register_equation(
    seed=SEED, equation="5", title="typical scattering frequency nu_theta",
    claim="D_mumu/(1-mu^2) ~ nu_theta = (v/l)(delta ln(1/eps) + eps^(3/2))/6",
    derivation=_DER + "beam_scattering.small_delta_coefficient, magnetostatic_tail_coefficient",
    numerical_check="quadrature of the reconstructed eq. (2) at mu = 0.5, 0.8")
def _eq5():
    nb = _nb()
    tail = sp.lambdify((bs.mu, bs.eps), bs.magnetostatic_tail_coefficient(), "math")
    a_printed = sp.lambdify((bs.eps, bs.delta), bs.scattering_frequency(), "math")
    eps, delta, mu = 1e-6, 1e-6, 0.5  # delta-dominated
    ratio_delta = nb.scattering_coefficient(mu, eps, delta) / (1 - mu * mu) / a_printed(eps, delta)
    eps_t = 1e-4  # magnetostatic tail only
    tails = {m: nb.scattering_coefficient(m, eps_t, 0.0) / (1 - m * m) / tail(m, eps_t) for m in (0.5, 0.8)}
    if not (1.9 < ratio_delta < 2.3 and all(abs(v - 1) < 0.1 for v in tails.values())):
        return failed(f"ratios {ratio_delta}, {tails}")
    return differs(
        "As a definition nu_theta is the model's normalisation (kept: D = 1 outside the peak). As an "
        "estimate of D_mumu/(1-mu^2): the delta part is (1/3) delta [ln(1/eps) - ln(1-mu^2)/2 + "
        "0.366], twice the printed delta ln(1/eps)/6 at leading order (same factor 2 as eq. 3); the "
        "eps^(3/2) part (n = +-1, oscillation-averaged) is (2/13) eps^(3/2) mu^(11/2) (1-mu^2)^(-3/2), "
        "strongly mu-dependent (0.005 at mu = 0.5, 0.21 at mu = 0.8, vs 1/6).",
        derived=f"{bs.small_delta_coefficient() / (1 - bs.mu**2)} + "
                f"{bs.magnetostatic_tail_coefficient()}",
        quadrature_over_printed_delta_term=ratio_delta,
        tail_quadrature_over_derived=list(tails.values()))


# --------------------------------------------------------------------------- eqs. (6)-(11)

@register_equation(
    seed=SEED, equation="6", title="steady transport along the flux tube",
    claim="(u + mu) df/dz = d/dmu [(1-mu^2) D(mu) df/dmu], z in units c/nu_theta, "
          "D = D_mumu/(nu_theta (1-mu^2))",
    derivation=_DER + "beam_outer.dimensional_transport_residual",
    numerical_check="flux conservation int (u+mu) Phi dmu = 0 of Frobenius eigenfunctions (mpmath)")
def _eq6():
    if bo.dimensional_transport_residual() != 0:
        return failed("dimensional reduction does not give eq. (6)")
    nb = _nb()
    with mp.workdps(30):
        fluxes = []
        for u, guess in ((0, 14.5), (mp.mpf("0.05"), 12.98)):
            lam = nb.outer_eigenvalue_mp(guess, u, 25)
            fluxes.append(float(abs(nb.FrobeniusMode.build(lam, u, 25).weighted_product())))
    ok = max(fluxes) < 1e-22
    return (reproduced if ok else failed)(
        "v(u+mu) df/dZ = d/dmu D_mumu df/dmu with Z = (v/nu_theta) z and D_mumu = nu_theta (1-mu^2) D "
        "is eq. (6) (sympy). Its conserved flux int (u+mu) f dmu: for every lambda != 0 mode the "
        "integral vanishes (series integrated term by term).", max_abs_flux=max(fluxes))


@register_equation(
    seed=SEED, equation="7", title="eigenfunction expansion",
    claim="Psi = sum_lambda C_lambda Psi_lambda(mu) e^(-lambda z)",
    derivation=_DER + "beam_outer.separated_mode_residual",
    numerical_check="orthogonality int (u+mu) Psi_1 Psi_2 = 0 of Frobenius eigenfunctions (mpmath)")
def _eq7():
    if bo.separated_mode_residual() != 0 or bo.separated_mode_residual(bo.Dfun(bo.mu)) != 0:
        return failed("separated mode does not satisfy eq. (6) iff eq. (8)")
    nb = _nb()
    with mp.workdps(30):
        m1 = nb.FrobeniusMode.build(nb.outer_eigenvalue_mp(14.5, 0, 25), 0, 25)
        m2 = nb.FrobeniusMode.build(nb.outer_eigenvalue_mp(42.0, 0, 25), 0, 25)
        mneg = nb.FrobeniusMode.build(nb.outer_eigenvalue_mp(-14.5, 0, 25), 0, 25)
        cross = [float(abs(m1.weighted_product(m2))), float(abs(m1.weighted_product(mneg)))]
        norm = float(m1.weighted_product(m1))
    ok = max(cross) < 1e-20 * norm
    return (reproduced if ok else failed)(
        "Psi_lambda(mu) e^(-lambda z) solves eq. (6) exactly when Psi_lambda solves eq. (8) (sympy); "
        "eigenfunctions of different lambda are orthogonal in the indefinite weight u + mu.",
        cross_products=cross, norm_U1=norm)


@register_equation(
    seed=SEED, equation="8", title="spectral problem with the weight (u + mu)",
    claim="d/dmu (1-mu^2) D(mu) dPsi/dmu + lambda (u + mu) Psi = 0, regular at mu = +-1",
    derivation=_DER + "beam_outer.eigen_operator",
    numerical_check="lambda1(u = 0.05): Legendre-Galerkin (double) vs Frobenius-Wronskian (mpmath)")
def _eq8():
    nb = _nb()
    spec = nb.outer_spectrum(0.05, 3)
    ref = nb.outer_eigenvalue_mp(spec.lambda1, "0.05", 30)
    err = _rel(spec.lambda1, float(ref))
    small = nb.outer_spectrum(1e-5, 1).diffusive / 1e-5
    ok = err < 1e-13 and abs(small + 6) < 1e-3
    return (reproduced if ok else failed)(
        "Two independent solvers agree; the spectrum (indefinite weight) also has lambda = 0 and a "
        "diffusive eigenvalue ~ -6u (given), which the text's 'first positive eigenvalue' excludes "
        "at u > 0.", lambda1_u005_double=spec.lambda1, lambda1_u005_mp=mp.nstr(ref, 30),
        rel_diff=err, diffusive_over_u=small)


@register_equation(
    seed=SEED, equation="9", title="outer eigenproblem (D = 1, u = 0)",
    claim="d/dmu (1-mu^2) dPsi0/dmu + lambda0 mu Psi0 = 0, regular at both mu = +-1",
    derivation=_DER + "beam_outer.eigen_operator (D = 1, u = 0), frobenius_recurrence",
    numerical_check="Legendre-Galerkin (double) vs Frobenius-Wronskian at 30 and 50 digits")
def _eq9():
    nb = _nb()
    double = nb.outer_spectrum(0.0, 5)
    mp30, mp50 = _lambda1_reference(30), _lambda1_reference(50)
    agree_digits = -math.log10(max(float(abs(mp30 - mp50) / mp50), 1e-60))
    err = _rel(double.lambda1, float(mp50))
    ok = err < 1e-13 and agree_digits > 28 and np.allclose(double.positive, -double.negative, rtol=1e-13)
    return (reproduced if ok else failed)(
        "The regular-at-both-ends eigenvalues are +-lambda_k (mu -> -mu symmetry); lambda1 = "
        f"{mp.nstr(mp50, 30)} (quoted value: see num:lambda1).",
        lambda1_mp=mp.nstr(mp50, 40), lambda1_double=double.lambda1, double_rel_error=err,
        mp30_vs_mp50_digits=agree_digits, next_eigenvalues=[float(x) for x in double.positive[1:]])


@register_equation(
    seed=SEED, equation="num:lambda1", title="first positive eigenvalue of eq. (9)",
    claim="lambda1 ~ 14.54", derivation=_DER + "beam_outer (see eq. 9)",
    numerical_check="Frobenius-Wronskian root (mpmath) confirmed by Legendre-Galerkin")
def _num_lambda1():
    lam = float(_lambda1_reference(30))
    return differs(
        "lambda1 = 14.52800 (two independent methods agree to 15 digits); the quoted 14.54 is 0.08 % "
        "high, outside its last quoted digit (14.528 rounds to 14.53); the cause is not stated "
        "(a coarse numerical integration would explain it).", derived="14.528003409361438088856979997", lambda1=lam,
        rel_diff_quoted=(14.54 - lam) / lam)


@register_equation(
    seed=SEED, equation="num:frobenius", title="Frobenius relations at mu = 1",
    claim="Phi'(1) = lambda Phi(1)/2, Phi''(1) = lambda Phi'(1)/4",
    derivation=_DER + "beam_outer.frobenius_relations (any order)",
    numerical_check="derivatives of the Legendre-Galerkin eigenfunction at mu = 1")
def _num_frobenius():
    rel = bo.frobenius_relations(3, u=0)
    if rel[1] != bo.lam / 2 or rel[2] != bo.lam / 4:
        return failed(f"derived relations {rel}")
    mode = _nb().outer_mode(0.0)
    lam = mode.eigenvalue
    r1 = mode.derivative(1.0) / mode(1.0) / (lam / 2)
    r2 = mode.derivative(1.0, 2) / mode.derivative(1.0) / (lam / 4)
    r3 = mode.derivative(1.0, 3) / mode.derivative(1.0, 2) / float(rel[3].subs(bo.lam, lam))
    ok = max(abs(r1 - 1), abs(r2 - 1), abs(r3 - 1)) < 1e-11
    return (reproduced if ok else failed)(
        "Exponents 0, 0 at mu = 1 (regular + log); recurrence a_{k+1} = [(k(k+1) - lambda(1+u)) a_k "
        "+ lambda a_{k-1}]/(2(k+1)^2); next relation Phi'''(1) = (lambda + 2) Phi''(1)/6 (u = 0).",
        ratios=[r1, r2, r3], third_relation=str(rel[3]))


@register_equation(
    seed=SEED, equation="10", title="first-order outer correction",
    claim="d/dmu (1-mu^2) dPsi1/dmu + lambda0 mu Psi1 = -mu Psi0",
    derivation=_DER + "beam_outer.first_order_equation",
    numerical_check="d/dlambda of the Frobenius solution regular at -1 vs Psi1 integrated from eq. (10)")
def _eq10():
    claim = -bo.scattering_operator(bo.Psi1(bo.mu)) - bo.lam * bo.mu * bo.Psi1(bo.mu) - bo.mu * bo.Phi(bo.mu)
    derived = bo.first_order_equation().subs({sp.Symbol("lambda0"): bo.lam, bo.u: 0})
    if sp.simplify(derived + claim) != 0:
        return failed(f"derived {derived}")
    nb = _nb()
    mode = nb.outer_mode(0.0)
    corr = nb.first_order_correction(mode)
    lam, h = mode.eigenvalue, 1e-8
    errs = []
    with mp.workdps(40):
        for mu in (-0.5, 0.0, 0.6):
            d = (nb.solution_regular_at_minus1(lam + h, 0, mu) - nb.solution_regular_at_minus1(lam - h, 0, mu)) / (2 * h)
            fd = float(d) * mode(-1.0)  # normalised to Psi(-1) = Phi(-1): Psi1(-1) = 0
            errs.append(abs(fd - float(corr(mu))) / abs(fd))
    ok = max(errs) < 1e-6
    return (reproduced if ok else failed)(
        "Expanding eq. (8) (D = 1) to O(delta lambda) gives eq. (10) (general u: -(u + mu) Psi0). "
        "Psi1 regular at -1 equals d Psi/d lambda at fixed Psi(-1) (finite difference of the series).",
        rel_errors=errs)


@register_equation(
    seed=SEED, equation="11", title="solution Psi1 by reduction of order",
    claim="Psi1 = -Phi int_{-1}^{mu} U dmu'/(Phi^2 (1-mu'^2)), U = int_{-1}^{mu} mu' Phi^2 dmu'",
    derivation=_DER + "beam_outer.first_order_solution, endpoint_log_coefficient",
    numerical_check="quadrature of eq. (11) vs the ODE (10) from mu = -1; log coefficient at mu -> 1")
def _eq11():
    if bo.first_order_solution_residual() != 0:
        return failed("eq. (11) does not solve eq. (10)")
    nb = _nb()
    mode = nb.outer_mode(0.0)
    corr = nb.first_order_correction(mode)
    zero = brentq(mode, 0.0, 0.999)
    errs = [abs(nb.eq11_quadrature(mode, m) - float(corr(m))) / abs(float(corr(m)))
            for m in (-0.5, 0.0, 0.5)]
    # the log: Psi1(mu) - c ln(1-mu) tends to a constant as mu -> 1
    x1, x2 = 1e-8, 1e-6
    slope = float(corr(1 - x1) - corr(1 - x2)) / math.log(x1 / x2)
    ok = max(errs) < 1e-8 and _rel(slope, corr.log_coefficient) < 1e-3
    return (reproduced if ok else failed)(
        "Reduction of order (sympy residual 0). As printed the integral diverges at the zero mu0 of "
        f"Phi (mu0 = {zero:.4f} for lambda1) and must be read as a Hadamard finite part beyond it "
        "(Phi times it stays smooth); near mu = 1, Psi1 ~ [U(1)/(2 Phi(1))] ln(1-mu): the logarithm "
        "of Fig. 2's inset.", rel_errors_vs_ode=errs, zero_of_Phi=zero, log_slope_fit=slope,
        log_coefficient_derived=corr.log_coefficient)


# --------------------------------------------------------------------------- eq. (12), matching

@register_equation(
    seed=SEED, equation="12", title="stretched inner problem",
    claim="d/dw [F(w) + a](2 - b w) w dPsi/dw + b a lambda (1 - b w) Psi = 0, w = (1-mu)/b, "
          "D = F/a + 1, F = (pi/(2 j1^2 w)) J_1^2(j1 sqrt w), b = eps j1^2/2",
    derivation=_DER + "beam_inner.inner_equation_residual, peak_profile",
    numerical_check="full eigenproblem (spectral elements) inside the peak vs the inner solution "
                    "C (1 - beta g(w))")
def _eq12():
    if bi.inner_equation_residual() != 0:
        return failed("eq. (8) in w does not give eq. (12)")
    y2 = bi.peak_argument_squared()
    from cranisotropy.numerics.beam.full import solve_peaked

    nb = _nb()
    b, a = 2e-3, 1e-3
    mode = nb.outer_mode(0.0)
    sol = solve_peaked(b, a, 0.0, 16, mode)
    from cranisotropy.kernels.generated.beam_peak_diffusion import beam_peak_diffusion

    errs = []
    for w in (0.25, 0.5, 0.9, 1.0):
        g = quad(lambda s: 1 / beam_peak_diffusion(1 - s, 1.0, a), 0, w, epsabs=0, epsrel=1e-12, limit=200)[0]
        inner = sol.psi_at_1 * (1 - mode.eigenvalue * b / 2 * g)
        errs.append(abs(float(sol(1 - b * w)[0]) - inner))
    ok = max(errs) < 5 * (mode.eigenvalue * b) ** 2
    return (reproduced if ok else failed)(
        "Exact substitution of mu = 1 - b w into eq. (8) (sympy); general u: lambda (1 + u - b w). "
        f"Reconstructed: F from eq. (4) with y^2 = (1-mu^2)/eps = {y2}, of which the model keeps j1^2 w "
        "(the text's y = j1 sqrt w); the OCR lost the fraction in F. Inside the peak the full "
        "numerical eigenfunction follows the first-order inner solution to O(b^2).",
        max_abs_error_inner=max(errs), b=b, a=a)


@register_equation(
    seed=SEED, equation="num:inner_first_order", title="first-order inner equation (unnumbered)",
    claim="dPsi/dw + (lambda b/2) g' [1 - (lambda b/2)(h/w - g)] Psi = 0",
    derivation=_DER + "beam_inner.inner_first_order",
    numerical_check="see eq. 12 (full eigenfunction inside the peak)")
def _num_inner_first_order():
    gp, g, G, C = sp.Symbol("gprime"), sp.Symbol("g"), sp.Symbol("G"), bi.C
    lam, b, w = bi.lam, bi.b, bi.w
    ours = bi.inner_first_order().subs(bi.u, 0)
    psi = C * (1 - lam * b / 2 * g)
    text = -(lam * b / 2) * gp * (1 - (lam * b / 2) * (G / w - g)) * psi  # h := G = int_0^w g
    diff = sp.expand(sp.series(sp.expand(ours - text), b, 0, 3).removeO())
    ok = diff == 0
    return (reproduced if ok else failed)(
        "Integrating eq. (12) once from the regular end and expanding to O(b^2) gives the text's form "
        "with g' = 1/D and h = int_0^w g dw' (h is not defined in the text). General u: "
        f"{bi.inner_first_order()}.", difference=str(diff))


def _peaked(b, a):
    from cranisotropy.numerics.beam.full import solve_peaked

    nb = _nb()
    mode = nb.outer_mode(0.0)
    return mode, solve_peaked(b, a, 0.0, 16, mode), nb.matched_prediction(mode, b, a), nb.matched_prediction(mode, b, None)


@register_equation(
    seed=SEED, equation="num:dlambda", title="eigenvalue shift from matching",
    claim="delta lambda = b^2 lambda^2 Phi^2(1)/(4 U(1))",
    derivation=_DER + "beam_inner.matching, eigenvalue_shift",
    numerical_check="full eigenproblem with the peak (spectral elements), b = 2.5e-4, a = 1e-6")
def _num_dlambda():
    m = bi.matching()
    if m["w2_residual"] != 0 or m["w0_residual"] != 0:
        return failed("w^2 / w^0 terms do not match automatically")
    text = bi.b**2 * bi.lam**2 * bi.Phi1**2 / (4 * bi.U1)
    if sp.simplify(bi.eigenvalue_shift(False).subs(bi.u, 0) - text) != 0:
        return failed(f"derived {bi.eigenvalue_shift(False)}")
    mode, sol, finite, limit = _peaked(2.5e-4, 1e-6)
    rel_finite = _rel(sol.dlambda_over_b2, finite["dlambda_over_b2"])
    rel_limit = _rel(sol.dlambda_over_b2, limit["dlambda_over_b2"])
    ok = rel_finite < 5e-3 and rel_limit < 3e-2  # residuals O(b) and O(sqrt a) (validate beam)
    return (reproduced if ok else failed)(
        "Coefficient of ln w in the matching (sympy); w and w^2 terms match automatically. With a "
        "finite a the bracket is (1 - 2 I_a), I_a = int_0^1 w dw/D ~ sqrt(2 pi a)/|J_0(j1)|. "
        "Convergence of the full problem to this value: `cranisotropy validate beam`.",
        dlambda_over_b2_full=sol.dlambda_over_b2, matched_finite_a=finite["dlambda_over_b2"],
        matched_limit=limit["dlambda_over_b2"], rel_diff_finite_a=rel_finite, rel_diff_limit=rel_limit)


@register_equation(
    seed=SEED, equation="num:inner_constant", title="inner constant from matching",
    claim="Psi_i(0) ~ Phi(1)/(1 + lambda b/2)", derivation=_DER + "beam_inner.matching",
    numerical_check="Psi(1)/Phi(1) of the full eigenproblem, b = 1e-3, a = 1e-6")
def _num_inner_constant():
    m = bi.matching()
    if sp.simplify(m["C"].subs({bi.w0: 1, bi.u: 0}) - bi.Phi1 / (1 + bi.lam * bi.b / 2)) != 0:
        return failed(f"derived {m['C']}")
    b = 1e-3
    mode, sol, finite, limit = _peaked(b, 1e-6)
    err_text = abs(sol.excess - limit["excess"]) / b
    err_finite = abs(sol.excess - finite["excess"]) / b
    ok = err_finite < 0.05 and err_text < 0.05
    return (reproduced if ok else failed)(
        "Matching the w-linear terms at O(b^2) gives C = Phi(1)(1 - beta w0) = Phi(1)/(1 + beta w0) + "
        "O(b^2), beta = lambda(1+u) b/2, w0 = 1 - int_0^1 dw/D -> 1 (a -> 0); the next term is "
        "delta_lambda U(1) ln(b)/(2 Phi(1)). Errors are per unit b.",
        psi1_full=sol.psi_at_1, text_form=1 / (1 + mode.eigenvalue * b / 2),
        err_over_b_text_form=err_text, err_over_b_finite_a=err_finite)


# --------------------------------------------------------------------------- beam characteristics

def _j1() -> float:
    return float(bi.j1_value(20))


@register_equation(
    seed=SEED, equation="num:width", title="beam width parameter", claim="b = j1^2 eps/2 ~ 7.3 eps",
    derivation=_DER + "beam_inner.width_parameter", numerical_check="F(w) of the kernel vanishes at w = 1")
def _num_width():
    from cranisotropy.kernels.generated.beam_peak_profile import beam_peak_profile

    coeff = float(bi.width_parameter().subs({bi.eps: 1, bi.j1: bi.j1_value(20)}))
    ok = round(coeff, 1) == 7.3 and abs(beam_peak_profile(1.0)) < 1e-30 + 1e-16
    return (reproduced if ok else failed)(
        "y = sqrt(2(1-mu)/eps) = j1 at 1 - mu = j1^2 eps/2 = 7.341 eps (D = 1 there).",
        b_over_eps=coeff, F_at_w1=beam_peak_profile(1.0))


@register_equation(
    seed=SEED, equation="num:excess", title="fractional beam excess",
    claim="delta Phi(1)/Phi(1) ~ lambda1 b/2 ~ 53.4 eps", derivation=_DER + "beam_inner.leading_excess",
    numerical_check="full eigenproblem: excess/b -> lambda1/2 (validate beam); value from lambda1")
def _num_excess():
    lam = float(_lambda1_reference(30))
    coeff = float(bi.leading_excess().subs({bi.eps: 1, bi.u: 0, bi.lam: lam, bi.j1: bi.j1_value(20)}))
    if abs(coeff - lam * _j1() ** 2 / 4) > 1e-12:
        return failed(f"leading excess coefficient {coeff}")
    return differs(
        "lambda1 j1^2/4 = 53.325 eps with the correct lambda1 = 14.528 (53.4 follows from the text's "
        "14.54). Also: the excess is the flattening of |Psi| inside the peak, an excess of particles "
        "because Phi(1) < 0 relative to the bulk (mu = 1 is the minimum of the large-scale part).",
        derived=str(bi.leading_excess().subs(bi.u, 0)), excess_over_eps=coeff, quoted=53.4)


@register_equation(
    seed=SEED, equation="num:dtheta", title="angular width", claim="Delta theta ~ acos(1 - b) ~ sqrt(2b) = j1 sqrt(eps)",
    derivation=_DER + "beam_inner.angular_width", numerical_check="acos vs small-angle form at eps = 1e-6")
def _num_dtheta():
    series = sp.series(bi.angular_width(True), bi.eps, 0, 1).removeO()
    ok_sym = sp.simplify(sp.powsimp(series - bi.angular_width(False), force=True)) == 0
    eps = 1e-6
    exact = math.acos(1 - _j1() ** 2 * eps / 2)
    ok = ok_sym and _rel(exact, _j1() * math.sqrt(eps)) < 1e-6
    return (reproduced if ok else failed)("Leading term of acos(1 - j1^2 eps/2).",
                                          ratio=exact / (_j1() * math.sqrt(eps)))


@register_equation(
    seed=SEED, equation="num:eps_milagro", title="eps from the 10 degree Milagro width",
    claim="eps ~ Delta theta^2/j1^2 ~ 2.1e-3 (OCR: 'Delta theta 2/ j1')",
    derivation=_DER + "beam_inner.eps_from_width", numerical_check="exact and small-angle inversions")
def _num_eps_milagro():
    dtheta = math.radians(10.0)
    exact = float(bi.eps_from_width(True).subs({sp.Symbol("Delta_theta", positive=True): dtheta, bi.j1: bi.j1_value(20)}))
    small = float(bi.eps_from_width(False).subs({sp.Symbol("Delta_theta", positive=True): dtheta, bi.j1: bi.j1_value(20)}))
    ok = round(exact, 4) == 0.0021 and round(small, 4) == 0.0021
    return (reproduced if ok else failed)(
        "Reconstructed 'Delta theta 2/ j1' as Delta theta^2/j1^2 (Delta theta^2/j1 would give 8e-3).",
        eps_exact=exact, eps_small_angle=small)


@register_equation(
    seed=SEED, equation="num:strength", title="beam strength for Milagro spot A", claim="~ 0.1",
    derivation=_DER + "beam_inner.leading_excess, fractional_excess",
    numerical_check="leading and finite-a matched excess at eps(10 deg), V_A/c = 1e-4")
def _num_strength():
    nb = _nb()
    eps = float(bi.eps_from_width(True).subs({sp.Symbol("Delta_theta", positive=True): math.radians(10),
                                              bi.j1: bi.j1_value(20)}))
    ch = nb.beam_characteristics(eps, va_over_c=1e-4)
    ok = 0.05 < ch["excess"] < 0.2 and 0.05 < ch["finite_a"]["excess"] < 0.2
    return (reproduced if ok else failed)("53.3 eps = 0.11 at eps = 2.07e-3 (0.094 with the finite-a "
                                          "correction for a = 1.2e-4).", excess=ch["excess"],
                                          excess_finite_a=ch["finite_a"]["excess"])


@register_equation(
    seed=SEED, equation="13", title="beam distribution",
    claim="F_B(p_par) = (lambda1 b^2/2) F0(p_par) = (1/8) lambda1 j1^4 eps^2 F0(p_par)",
    derivation=_DER + "beam_inner.beam_distribution", numerical_check="both printed forms at random eps")
def _eq13():
    lam = bi.lam
    form1 = lam * bi.width_parameter() ** 2 / 2 * bi.F0
    form2 = lam * bi.j1**4 * bi.eps**2 * bi.F0 / 8
    ok = sp.simplify(bi.beam_distribution() - form1) == 0 and sp.simplify(form1 - form2) == 0
    rng = np.random.default_rng(13)
    vals = [float((form1 - form2).subs({bi.eps: e, lam: 14.528, bi.j1: 3.8317, bi.F0: 1})) for e in rng.uniform(1e-4, 1e-2, 5)]
    ok = ok and max(map(abs, vals)) < 1e-15
    return (reproduced if ok else failed)(
        "Amplitude lambda1 b/2 times width b times F0; the two printed forms agree. (Integrated over mu "
        "the triangular excess profile (lambda b/2)(1 - w) gives half of this: eq. 13 is a "
        "width x amplitude estimate.)", max_abs_difference=max(map(abs, vals)))


@register_equation(
    seed=SEED, equation="14", title="beam sustainability bound",
    claim="F0(p) <= A (V_A/c)(l^2/r_g^2) F_C(p), A = 8/(lambda1 j1^4 (q_c - 2))",
    derivation=_DER + "beam_inner.threshold_constant",
    numerical_check="bisection of F_B(F0) = F_th at sample parameters")
def _eq14():
    A = bi.threshold_constant()
    ok = sp.simplify(A - 8 / (bi.lam * bi.j1**4 * (bi.qc - 2))) == 0
    lam, j1, qc, delta, eps = 14.528, _j1(), 4.65, 1e-4, 2e-3
    FB = sp.lambdify((bi.F0,), bi.beam_distribution().subs({bi.lam: lam, bi.j1: j1, bi.eps: eps}))
    threshold = delta * 1.0 / (qc - 2)
    root = brentq(lambda f0: FB(f0) - threshold, 0.0, 1e6, xtol=1e-14, rtol=1e-14)
    predicted = float(A.subs({bi.lam: lam, bi.j1: j1, bi.qc: qc})) * delta / eps**2
    ok = ok and _rel(root, predicted) < 1e-12
    return (reproduced if ok else failed)("Solving F_B <= delta F_C/(q_c - 2) for F0 with eps = r_g/l.",
                                          F0_bisection=root, F0_formula=predicted)


@register_equation(
    seed=SEED, equation="num:A", title="threshold constant", claim="A ~ 1e-3 (q_c = 4.6-4.7)",
    derivation=_DER + "beam_inner.threshold_constant", numerical_check="evaluated with lambda1 (mpmath)")
def _num_A():
    lam = float(_lambda1_reference(30))
    vals = [float(bi.threshold_constant().subs({bi.lam: lam, bi.j1: bi.j1_value(20), bi.qc: q})) for q in (4.6, 4.7)]
    ok = all(0.5e-3 < v < 2e-3 for v in vals)
    return (reproduced if ok else failed)("A = 9.8e-4 (q_c = 4.6) to 9.4e-4 (q_c = 4.7).", A=vals)


@register_equation(
    seed=SEED, equation="15", title="maximum beam momentum",
    claim="p_Bmax/(m c) ~ (1/K) sqrt((V_A/c) A/alpha), K = c/(l omega_c) = eps m c/p",
    derivation=_DER + "beam_inner.maximum_momentum",
    numerical_check="eq. (14) with F0 = alpha F_C holds with equality at p_max")
def _eq15():
    Asym = sp.Symbol("A", positive=True)
    pm = bi.maximum_momentum()
    ok = sp.simplify(pm - sp.sqrt(bi.delta * Asym / bi.alpha) / bi.K) == 0
    A, delta, alpha, K = 9.6e-4, 1e-4, 1e-3, 1e-6
    p_over_mc = float(pm.subs({Asym: A, bi.delta: delta, bi.alpha: alpha, bi.K: K}))
    eps = K * p_over_mc  # eps = K p/(m c)
    balance = alpha / (A * delta / eps**2)  # F0/F_C over the bound of eq. (14)
    ok = ok and abs(balance - 1) < 1e-12
    return (reproduced if ok else failed)(
        "alpha = F0/F_C (F0 not steeper than F_C) and eps = r_g/l = K p/(m c) in eq. (14).",
        p_over_mc=p_over_mc, bound_ratio=balance)


@register_equation(
    seed=SEED, equation="num:K", title="small parameter K at 1 TeV", claim="K ~ 1e-6 (eps ~ 1e-3 at 1 TeV)",
    derivation="K = eps m c/p", numerical_check="m_p c^2 = 0.938 GeV")
def _num_K():
    K = 1e-3 * _nb().PROTON_REST_ENERGY_TEV / 1.0
    return (reproduced if 0.5e-6 < K < 2e-6 else failed)("K = 9.4e-7.", K=K)


@register_equation(
    seed=SEED, equation="num:pmax", title="maximum beam momentum for Milagro",
    claim="p_Bmax ~ 10 TeV (V_A/c ~ 1e-4, alpha ~ A ~ 1e-3, K ~ 1e-6)",
    derivation=_DER + "beam_inner.maximum_momentum", numerical_check="beam_characteristics, eps = 1e-3 at 1 TeV")
def _num_pmax():
    ch = _nb().beam_characteristics(1e-3, qc=4.65, va_over_c=1e-4, alpha=1e-3, p_ref_tev=1.0)
    p = ch["p_max"]["p_max_TeV"]
    return (reproduced if 5 < p < 20 else failed)(f"p_max = {p:.1f} TeV/c with A = {ch['A']:.2e}.",
                                                 p_max_TeV=p, A=ch["A"])


@register_equation(
    seed=SEED, equation="num:rg", title="gyroradius of beam protons", claim="r_g ~ 1e16 cm at p c ~ 10 TeV, B of a few muG",
    derivation="r_g = pc/(e B)", numerical_check="CGS evaluation for B = 2-5 muG")
def _num_rg():
    nb = _nb()
    cm = [nb.gyroradius_pc(10.0, B) * 3.0856775814913673e18 for B in (2.0, 5.0)]
    ok = all(3e15 < x < 3e16 for x in cm)
    return (reproduced if ok else failed)("r_g(10 TeV) = 0.7-1.7e16 cm for B = 5-2 muG.", r_g_cm=cm)


@register_equation(
    seed=SEED, equation="num:l_1pc", title="turbulence scale from the beam", claim="l ~ 1 pc",
    derivation="l = r_g(E)/eps", numerical_check="eps(10 deg) with E = 1-2 TeV, B = 1-4 muG; knee r_g(3 PeV)")
def _num_l():
    nb = _nb()
    eps = 2.07e-3
    ls = [nb.gyroradius_pc(E, B) / eps for E in (1.0, 2.0) for B in (1.0, 4.0)]
    knee = nb.gyroradius_pc(3000.0, 3.0)
    ok = min(ls) > 0.05 and max(ls) < 3 and 0.3 < knee < 3
    return (reproduced if ok else failed)(
        f"Order of magnitude: l = r_g/eps = {min(ls):.2f}-{max(ls):.2f} pc; r_g(3 PeV, 3 muG) = {knee:.2f} pc.",
        l_pc=ls, knee_rg_pc=knee)


@register_equation(
    seed=SEED, equation="num:4sqrt_eps", title="summary: angular width", claim="Delta theta ~ 4 sqrt(eps)",
    derivation=_DER + "beam_inner.angular_width", numerical_check="j1 = 3.83")
def _num_4sqrt():
    j1 = _j1()
    return (reproduced if round(j1) == 4 else failed)("j1 sqrt(eps), j1 = 3.83 ~ 4.", j1=j1)


@register_equation(
    seed=SEED, equation="num:50eps", title="summary: fractional excess", claim="excess ~ 50 eps",
    derivation=_DER + "beam_inner.leading_excess", numerical_check="lambda1 j1^2/4 (mpmath lambda1)")
def _num_50():
    c = float(_lambda1_reference(25)) * _j1() ** 2 / 4
    return (reproduced if 45 < c < 60 else failed)(f"{c:.2f} eps, i.e. ~ 50 eps.", excess_over_eps=c)


@register_equation(
    seed=SEED, equation="num:scaling", title="momentum scaling of width and excess",
    claim="width ~ sqrt(p), excess ~ p (eps ~ p)", derivation=_DER + "beam_inner",
    numerical_check="d ln/d ln eps of the derived forms")
def _num_scaling():
    e = bi.eps
    w_exp = sp.simplify(e * sp.diff(sp.log(bi.angular_width(False)), e))
    x_exp = sp.simplify(e * sp.diff(sp.log(bi.leading_excess()), e))
    ok = w_exp == sp.Rational(1, 2) and x_exp == 1
    return (reproduced if ok else failed)("Exponents 1/2 and 1 in eps = r_g/l ~ p.",
                                          width_exponent=str(w_exp), excess_exponent=str(x_exp))


for _label, _reason in (
        ("num:anisotropy", "observational input (large-scale anisotropy ~1e-3 at the Earth), not produced by a formula"),
        ("num:distance", "source distance 'within a few 100 pc' needs the source model of the full ApJ paper, not in the seed"),
        ("num:milagro", "observed Milagro/IceCube quantities (10 deg, 10 TeV, cut-off energy) are inputs, not results"),
):
    register_out_of_scope(SEED, _label, _reason)


# --------------------------------------------------------------------------- seed 000, Sec. IV

@register_equation(
    seed=SUMMARY, equation="num:beam_4sqrt_eps", title="Sec. IV: beam angular width",
    claim="Delta theta ~ 4 sqrt(eps), eps = r_g(p)/l", derivation=_DER + "beam_inner.angular_width",
    numerical_check="j1 = 3.83")
def _s_width():
    return _num_4sqrt()


@register_equation(
    seed=SUMMARY, equation="num:beam_50eps", title="Sec. IV: fractional beam excess", claim="~ 50 eps",
    derivation=_DER + "beam_inner.leading_excess", numerical_check="lambda1 j1^2/4 (mpmath lambda1)")
def _s_excess():
    return _num_50()


@register_equation(
    seed=SUMMARY, equation="num:beam_pmax", title="Sec. IV: maximum momentum", claim="p_max ~ 10 TeV/c",
    derivation=_DER + "beam_inner.maximum_momentum", numerical_check="as seed 001 num:pmax")
def _s_pmax():
    return _num_pmax()


@register_equation(
    seed=SUMMARY, equation="num:beam_l_1pc", title="Sec. IV: turbulence scale", claim="l ~ 1 pc",
    derivation="l = r_g/eps", numerical_check="as seed 001 num:l_1pc")
def _s_l():
    return _num_l()


@register_equation(
    seed=SUMMARY, equation="num:beam_scaling", title="Sec. IV: momentum scaling",
    claim="width ~ sqrt(p), excess ~ p", derivation=_DER + "beam_inner", numerical_check="as seed 001 num:scaling")
def _s_scaling():
    return _num_scaling()


@register_equation(
    seed=SUMMARY, equation="num:beam_tau", title="Sec. IV: variability time of the lensing picture",
    claim="tau ~ r_g/(V_A + U_HS) <= 10 yr for 1 TeV, V_A + U_HS ~ 50 km/s, B = 4 muG",
    derivation="tau = r_g/V", numerical_check="CGS evaluation")
def _s_tau():
    r_cm = _nb().gyroradius_pc(1.0, 4.0) * 3.0856775814913673e18
    years = r_cm / 50e5 / 3.15576e7
    return (reproduced if years <= 10 else failed)(f"tau = {years:.1f} yr.", tau_years=years)


@register_equation(
    seed=SUMMARY, equation="num:beam_knee", title="Sec. IV: knee protons set the outer scale",
    claim="r_g(3 PeV) ~ l ~ 1 pc", derivation="r_g = pc/(eB)", numerical_check="B = 1-4 muG")
def _s_knee():
    nb = _nb()
    r = [nb.gyroradius_pc(3000.0, B) for B in (1.0, 4.0)]
    return (reproduced if 0.5 < min(r) and max(r) < 4 else failed)(
        f"r_g(3 PeV) = {min(r):.2f}-{max(r):.2f} pc for B = 4-1 muG.", r_g_pc=r)


for _label, _reason in (
        ("num:beam_lS", "source distance l_S ~ 100-200 pc needs the source model of the full ApJ paper, not in the seeds"),
        ("num:beam_10deg", "observed beam width (~10 deg) is an input, not a result"),
        ("num:beam_E_1_2TeV", "'match Milagro at E ~ 1-2 TeV' depends on an unquoted field B (see num:beam_l_1pc)"),
):
    register_out_of_scope(SUMMARY, _label, _reason)
