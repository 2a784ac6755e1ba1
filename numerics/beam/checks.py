"""Verify entries for the beam paper (seed 001, eqs. 1–15 and its quoted numbers) and the beam
summary of seed 000 Sec. IV.

The OCR of seed 001 lost fraction bars and symbols; each ``claim`` below is our reading of the
printed text, and every ``detail`` says what had to be reconstructed.  The independent methods are
functions of this package (quadratures, the mpmath Frobenius solver, the full peaked
eigenproblem); the heavy convergence study is ``cranisotropy validate beam``.
"""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import sympy as sp
from scipy.optimize import brentq

from cranisotropy.core.registry import (check, confirm, differs, failed, register_equation,
    register_out_of_scope, within)
from cranisotropy.derivations.beam import inner as bi
from cranisotropy.derivations.beam import outer as bo
from cranisotropy.derivations.beam import scattering as bs
from cranisotropy.numerics.evidence import (convergence_order, digits, of_order, rel_error,
                                            rounds_to, same_expression, spans)

SEED, SUMMARY = "001", "000"
_DER = "cranisotropy.derivations.beam."

#: what the verdicts on eqs. (2)-(5) and r rest on: eq. (2) is illegible in the extracted text
EQ2_RECONSTRUCTION = (
    "001 eq. 2 (illegible in the extracted text beyond 'D_mumu = pi/3 delta') reconstructed as the "
    "quasi-linear D_mumu of the eq. (1) spectrum: n = +-1 gyro-resonances, Lorentzian resonance broadening "
    "1/tau_k, the k_par integral over the GS cone done exactly (cranisotropy.derivations.beam.scattering."
    "general_coefficient)")


def _nb():
    """The beam numerics (imported on first use: registering the checks stays light)."""
    from cranisotropy.numerics import beam

    return beam


def _j1() -> float:
    return float(bi.j1_value(20))


def _lambda1(digits_: int = 30) -> mp.mpf:
    return _nb().outer_eigenvalue(1, 0, digits=digits_)


def _at(expr: sp.Expr, values: dict) -> float:
    """A derived expression of the inner problem evaluated at j1 and ``values``."""
    return float(expr.subs({bi.j1: bi.j1_value(20), **values}))


def _eq(equation: str, title: str, claim: str, derivation: str, numerical_check: str, seed: str = SEED,
        restored: str | None = None):
    return register_equation(seed=seed, equation=equation, title=title, claim=claim,
                             derivation=derivation, numerical_check=numerical_check, restored=restored)


def _quoted(equation: str, title: str, claim: str, derivation: str, numerical_check: str, quoted: str,
            detail: str, restored: str | None = None):
    """Register a number the text quotes: the function returns {name: value}; reproduced when every
    value rounds to ``quoted`` (:func:`~cranisotropy.numerics.evidence.rounds_to`)."""
    def wrap(values):
        def check():
            found = values()
            return confirm(all(rounds_to(v, quoted) for v in found.values()), detail.format(**found), **found)
        _eq(equation, title, claim, derivation, numerical_check, restored=restored)(check)
        return check
    return wrap


# --------------------------------------------------------------------------- eqs. (1)-(5)

@check("001", "1", "Goldreich-Sridhar spectrum and its normalisation")
def _eq1():
    """I = (1/(6 pi)) k_perp^(-10/3) l^(-1/3) g(k_par l^(1/3)/k_perp^(2/3)) e^(-tau/tau_k), g(x) =
    H(1-|x|), tau_k = (l/V_A)(k_perp l)^(-2/3)

    Derivation: cranisotropy.derivations.beam.scattering.gs_spectrum, spectrum_normalisation
    Evidence: 2-D quadrature of the generated kernel beam_gs_spectrum over k_perp >= 1/l
    """
    from cranisotropy.kernels.generated.beam_gs_spectrum import beam_gs_spectrum
    from cranisotropy.numerics.beam.scattering import gs_spectrum_integral

    if not same_expression(bs.spectrum_normalisation(), 1):
        return failed(f"int I d^3k = {bs.spectrum_normalisation()}, expected 1")
    ell, va, kp = 1.7, 0.3, 3.0
    total = gs_spectrum_integral(ell, va)
    tau_k = float(bs.correlation_time().subs({bs.l: ell, bs.V_A: va, bs.k_perp: kp}))
    decay = beam_gs_spectrum(kp, 0.1, ell, 1.0, va) / beam_gs_spectrum(kp, 0.1, ell, 0.0, va)
    return confirm(
        abs(total - 1) < 1e-8 and rel_error(decay, math.exp(-1 / tau_k)) < 1e-13,
        "The 1/(6 pi) normalises int I d^3k to exactly 1 over k_perp >= 1/l (sympy); the kernel, "
        "integrated numerically, gives 1 (to 1e-8) and decays as e^(-tau/tau_k). The lower cut-off "
        "k_perp = 1/l (outer scale) is implied, not printed.", quadrature=total, decay_ratio=decay)


@check("001", "2", "general D_mumu for the GS spectrum (reconstructed)", rests_on=EQ2_RECONSTRUCTION,
       restored="the whole integrand (only 'D_mumu = pi/3 delta' is legible), reconstructed as the quasi-linear "
                "form the text cites (its ref. 3) for the eq. (1) spectrum. Not forced by the extracted text: "
                "it is supported by reproducing exactly eq. (4), the peak the text derives from it")
def _eq2():
    """illegible in the OCR: only 'D_mumu = pi/3 delta ...' survives (integrand and fraction bars lost)

    Derivation: cranisotropy.derivations.beam.scattering.general_integrand (QLT, n = +-1, Lorentzian
    resonance)
    Evidence: kappa-quadrature of the generated integrand at delta -> 0 against the z-quadrature of
    G(y); mu -> 1 limit against eq. (4)
    """
    nb, eps, mu1 = _nb(), 1e-6, 1 - 1e-12
    if not same_expression(bs.magnetostatic_prefactor(), sp.pi / 2 * bs.mu * (1 - bs.mu**2)):
        return failed(f"magnetostatic prefactor {bs.magnetostatic_prefactor()}")
    P = sp.lambdify(bs.mu, bs.magnetostatic_prefactor(), "math")
    y = sp.lambdify((bs.mu, bs.eps), bs.magnetostatic_argument(), "math")
    worst = max(rel_error(nb.gs_scattering_coefficient(mu, eps, 0.0), P(mu) * nb.gs_peak_profile(y(mu, eps)))
                for mu in (1 - 1e-10, 1 - 1e-7, 0.99))
    peak = nb.gs_scattering_coefficient(mu1, eps, 0.0) / float(nb.gs_scattering_forms(mu1, eps, 0.0).bessel_peak)
    return confirm(
        worst < 1e-7 and abs(peak - 1) < 8e-3,
        "Reconstructed from quasi-linear theory with the eq. (1) spectrum: n = +-1 gyro-resonances, "
        "Lorentzian broadening 1/tau_k, the k_par integral done exactly (arctangents, combined into "
        "one atan2). Its delta -> 0 limit is (pi/2) mu (1-mu^2) G(y), G(0) = 1/4, i.e. exactly the "
        "normalisation of eq. (4); its small-delta part gives eq. (3) with coefficient 1/3 (see eq. 3). "
        "The printed form cannot be compared (illegible).",
        max_rel_error_kappa_vs_z_quadrature=worst, peak_over_eq4=peak)


@check("001", "3", "small-delta D_mumu away from the peak", rests_on=EQ2_RECONSTRUCTION)
def _eq3():
    """D_mumu ~ (1/6)(v/l) delta [ln(1/eps) - (1/2) ln(1-mu^2)] (1-mu^2)

    Derivation: cranisotropy.derivations.beam.scattering.small_delta_coefficient
    Evidence: [D(delta) - D(0)] of the reconstructed eq. (2) by quadrature, mu = 0.5, 0.2
    """
    nb = _nb()
    ratios, printed = [], []
    for mu, eps, delta in ((0.5, 1e-8, 1e-8), (0.2, 1e-8, 1e-8), (0.5, 1e-6, 1e-7)):
        numeric = nb.gs_scattering_coefficient(mu, eps, delta) - nb.gs_scattering_coefficient(mu, eps, 0.0)
        ratios.append(numeric / float(nb.gs_scattering_forms(mu, eps, delta).small_delta))
        printed.append(numeric / (delta / 6 * (math.log(1 / eps) - math.log(1 - mu * mu) / 2) * (1 - mu * mu)))
    if rel_error(ratios, np.ones(3)) > 1e-5:
        return failed(f"quadrature / derived form = {ratios}")
    return differs(
        "Eqs. (3) and (4) cannot both be limits of one eq. (2): relative to eq. (4)'s normalisation (pi/2, "
        "which the reconstructed eq. 2 reproduces exactly) the delta term has coefficient 1/3, not 1/6, plus a "
        "constant 1/4 + ln 2 - gamma_E = 0.366 in the bracket (z-integral of (J_1/z)^2/z, Mellin transform); "
        "the ratio of the two does not depend on the spectrum's normalisation. Readings: (a) eq. (4) as "
        "printed and eq. (3) with 1/3; (b) eq. (3) as printed and eq. (4) with pi/4 instead of pi/2.",
        derived=str(bs.small_delta_coefficient()), kind="inconsistent",
        effect="factor 2 in the delta (resonance-broadening) part of D_mumu away from the peak, plus a missing "
               "constant (6 % at eps = 2e-3); through nu_theta of eq. (5) (a note there, not a finding of its "
               "own) it sets a = nu_theta l/v. The beam's width, excess and p_max do not depend on a at leading "
               "order; the finite-a correction moves the Milagro excess from 0.094 to 0.092. No conclusion "
               "changes",
        impact="factor", quadrature_over_derived=ratios, quadrature_over_printed=printed)


@check("001", "4", "GS peak of D_mumu near |mu| = 1 (Bessel form)", rests_on=EQ2_RECONSTRUCTION)
def _eq4():
    """D_mumu = (pi/2)(v/l)(1-mu^2)[J_1^2(y)/y^2 + r y^(4/3)], y = sqrt((1-mu^2)/eps), r ~ 1e-2

    Derivation: cranisotropy.derivations.beam.scattering.bessel_peak_coefficient,
    magnetostatic_peak_profile
    Evidence: quadrature of the reconstructed eq. (2) at delta = 0 as y -> 0
    """
    nb, eps = _nb(), 1e-6
    mus = 1 - np.array([1e-9, 1e-11, 1e-13])
    ys = np.sqrt((1 - mus**2) / eps)  # y of the claim
    deviation = np.abs(nb.gs_scattering_coefficient(mus, eps, 0.0) / nb.gs_scattering_forms(mus, eps, 0.0).bessel_peak - 1)
    exponent = convergence_order(ys, deviation)
    return confirm(
        deviation[-1] < 3e-4 and abs(exponent - 4 / 3) < 0.05,
        "The leading term (pi/2)(1-mu^2) J_1(y)^2/y^2 is the mu -> 1 form of the magnetostatic limit "
        "of eq. (2): same value at y = 0 (prefactor pi/2 exact), relative difference ~ 4 r y^(4/3) "
        "(observed exponent 4/3 within 0.05). The correction coefficient r is checked separately (num:r).",
        ratio_minus_1=deviation, y=ys, observed_exponent=exponent)


@check("001", "num:r", "coefficient r of the y^(4/3) term in eq. (4)", rests_on=EQ2_RECONSTRUCTION)
def _num_r():
    """r ~ 1e-2

    Derivation: cranisotropy.derivations.beam.scattering.peak_correction_coefficient
    Evidence: (G(y) - (J_1(y)/y)^2)/y^(4/3) by quadrature at small y
    """
    r, y = float(bs.peak_correction_coefficient()), 1e-3
    # G(y) by quadrature, minus every other term of the derived small-y expansion
    others = sum(float(c) * y ** float(p) for p, c in bs.peak_profile_expansion().items() if p != sp.Rational(4, 3))
    numeric = (_nb().gs_peak_profile(y) - others) / y ** (4 / 3)
    if abs(numeric - r) > 1e-4:
        return failed(f"quadrature {numeric} vs derived r = {r}")
    from scipy.special import j1 as J1

    below = {yy: 1 - _nb().gs_peak_profile(yy) / (J1(yy) / yy) ** 2 for yy in (0.3, 1.0)}
    return differs(
        "In the model behind eq. (4) (QLT, magnetostatic n = +-1) the exact small-y expansion is G(y) = 1/4 "
        f"+ r y^(4/3) + y^2/8 + ..., r = (4/3) M(13/3) with M the analytically continued Mellin transform of "
        f"J_1^2: r = {r:.4f} (negative, {abs(r) / 1e-2:.0f} times the quoted magnitude).",
        derived=str(bs.peak_correction_coefficient()),
        effect=f"r = {r:.3f} instead of ~1e-2: inside the peak the reconstructed QLT profile lies below the "
               f"Bessel form by {100 * below[0.3]:.0f} % at y = 0.3 and {100 * below[1.0]:.0f} % at y = 1, so "
               "'we can neglect the small second term' is not justified by the term's size. The beam results "
               "are computed within the Bessel model (F of eq. 12) and follow from it; how the full profile "
               "(which has no zero at y = j1) would move the width b = j1^2 eps/2 is not evaluated here",
        impact="justification", r_derived=r, r_quadrature=numeric,
        profile_below_bessel_form={f"y={yy:g}": v for yy, v in below.items()})


@check("001", "num:j1", "first zero of J_1")
def _num_j1():
    """j1 ~ 3.8

    Derivation: mpmath.besseljzero(1, 1)
    Evidence: root of the pure-numba J_1 (brentq)
    """
    from cranisotropy.kernels.special import j1 as J1

    root = brentq(J1, 3.0, 4.5, xtol=1e-15)
    return confirm(abs(root - _j1()) < 1e-13 and rounds_to(_j1(), "3.8"),
                   "j1 = 3.8317059702 rounds to the quoted 3.8.", j1=_j1(), brentq_root=root)


@check("001", "5", "typical scattering frequency nu_theta", rests_on=EQ2_RECONSTRUCTION)
def _eq5():
    """D_mumu/(1-mu^2) ~ nu_theta = (v/l)(delta ln(1/eps) + eps^(3/2))/6

    Derivation: cranisotropy.derivations.beam.scattering.small_delta_coefficient,
    magnetostatic_tail_coefficient
    Evidence: quadrature of the reconstructed eq. (2) at mu = 0.5, 0.8
    """
    nb = _nb()
    tail = sp.lambdify((bs.mu, bs.eps), bs.magnetostatic_tail_coefficient(), "math")
    eps, delta, mu = 1e-6, 1e-6, 0.5  # delta-dominated
    ratio_delta = (nb.gs_scattering_coefficient(mu, eps, delta) / (1 - mu * mu)
                   / nb.gs_scattering_forms(mu, eps, delta).frequency)
    eps_t = 1e-4  # magnetostatic tail only
    tails = [nb.gs_scattering_coefficient(m, eps_t, 0.0) / (1 - m * m) / tail(m, eps_t) for m in (0.5, 0.8)]
    return confirm(
        1.9 < ratio_delta < 2.3 and rel_error(tails, [1.0, 1.0]) < 0.1,
        "A defining estimate ('typical'): as a definition nu_theta is the model's normalisation (D = 1 outside "
        "the peak), which the beam numerics keep. As an estimate of D_mumu/(1-mu^2) its delta part is (1/3) "
        "delta [ln(1/eps) - ln(1-mu^2)/2 + 0.366], twice the printed delta ln(1/eps)/6 at leading order: the "
        "factor 2 of eq. (3), inherited, a note under that finding and not a finding of its own. Its eps^(3/2) "
        "part (n = +-1, oscillation-averaged) is (2/13) eps^(3/2) mu^(11/2) (1-mu^2)^(-3/2), strongly "
        "mu-dependent (0.005 at mu = 0.5, 0.21 at mu = 0.8, vs the printed 1/6): the right order only at "
        "large mu, and below the delta part for the text's delta ~ 1e-4, eps ~ 1e-3.",
        derived=f"{bs.small_delta_coefficient() / (1 - bs.mu**2)} + {bs.magnetostatic_tail_coefficient()}",
        quadrature_over_printed_delta_term=ratio_delta, tail_quadrature_over_derived=tails)


# --------------------------------------------------------------------------- eqs. (6)-(11)

def _frobenius_modes(*guesses_u):
    """Frobenius eigenfunctions (mpmath, 25 digits) of the eigenvalues near each (guess, u)."""
    from cranisotropy.numerics.beam.outer import FrobeniusMode, outer_eigenvalue_mp

    return [FrobeniusMode.build(outer_eigenvalue_mp(g, u, 25), u, 25) for g, u in guesses_u]


@check("001", "6", "steady transport along the flux tube")
def _eq6():
    """(u + mu) df/dz = d/dmu [(1-mu^2) D(mu) df/dmu], z in units c/nu_theta, D = D_mumu/(nu_theta
    (1-mu^2))

    Derivation: cranisotropy.derivations.beam.outer.dimensional_transport_residual
    Evidence: flux conservation int (u+mu) Phi dmu = 0 of Frobenius eigenfunctions (mpmath)
    """
    if bo.dimensional_transport_residual() != 0:
        return failed("dimensional reduction does not give eq. (6)")
    with mp.workdps(30):
        fluxes = [float(abs(m.weighted_product())) for m in _frobenius_modes((14.5, 0), (12.98, "0.05"))]
    return within(
        max(fluxes), 1e-22,
        "v(u+mu) df/dZ = d/dmu D_mumu df/dmu with Z = (v/nu_theta) z and D_mumu = nu_theta (1-mu^2) D "
        "is eq. (6) (sympy). Its conserved flux int (u+mu) f dmu: for every lambda != 0 mode the "
        "integral vanishes (series integrated term by term).", name="max_abs_flux")


@check("001", "7", "eigenfunction expansion")
def _eq7():
    """Psi = sum_lambda C_lambda Psi_lambda(mu) e^(-lambda z)

    Derivation: cranisotropy.derivations.beam.outer.separated_mode_residual
    Evidence: orthogonality int (u+mu) Psi_1 Psi_2 = 0 of Frobenius eigenfunctions (mpmath)
    """
    if bo.separated_mode_residual() != 0 or bo.separated_mode_residual(bo.Dfun(bo.mu)) != 0:
        return failed("separated mode does not satisfy eq. (6) iff eq. (8)")
    with mp.workdps(30):
        m1, m2, mneg = _frobenius_modes((14.5, 0), (42.0, 0), (-14.5, 0))
        cross = [float(abs(m1.weighted_product(m2))), float(abs(m1.weighted_product(mneg)))]
        norm = float(m1.weighted_product(m1))
    return within(
        max(cross) / norm, 1e-20,
        "Psi_lambda(mu) e^(-lambda z) solves eq. (6) exactly when Psi_lambda solves eq. (8) (sympy); "
        "eigenfunctions of different lambda are orthogonal in the indefinite weight u + mu.",
        name="max_cross_product_over_norm", cross_products=cross, norm_U1=norm)


@check("001", "8", "spectral problem with the weight (u + mu)")
def _eq8():
    """d/dmu (1-mu^2) D(mu) dPsi/dmu + lambda (u + mu) Psi = 0, regular at mu = +-1

    Derivation: cranisotropy.derivations.beam.outer.eigen_operator
    Evidence: lambda1(u = 0.05): Legendre-Galerkin (double) vs Frobenius-Wronskian (mpmath)
    """
    nb = _nb()
    double, ref = nb.outer_spectrum(0.05, 3).lambda1, nb.outer_eigenvalue(1, "0.05", digits=30)
    err = rel_error(double, float(ref))
    small = nb.outer_spectrum(1e-5, 1).diffusive / 1e-5
    return confirm(
        err < 1e-13 and abs(small + 6) < 1e-3,
        "Two independent solvers agree (to 1e-13); the spectrum (indefinite weight) also has lambda = 0 "
        "and a diffusive eigenvalue ~ -6u (given), which the text's 'first positive eigenvalue' "
        "excludes at u > 0.", lambda1_u005_double=double, lambda1_u005_mp=mp.nstr(ref, 30),
        rel_diff=err, diffusive_over_u=small)


@check("001", "9", "outer eigenproblem (D = 1, u = 0)")
def _eq9():
    """d/dmu (1-mu^2) dPsi0/dmu + lambda0 mu Psi0 = 0, regular at both mu = +-1

    Derivation: cranisotropy.derivations.beam.outer.eigen_operator (D = 1, u = 0),
    frobenius_recurrence
    Evidence: Legendre-Galerkin (double) vs Frobenius-Wronskian at 30 and 50 digits
    """
    double = _nb().outer_spectrum(0.0, 5)
    mp30, mp50 = _lambda1(30), _lambda1(50)
    agree = -math.log10(max(float(abs(mp30 - mp50) / mp50), 1e-60))
    err = rel_error(double.lambda1, float(mp50))
    return confirm(
        err < 1e-13 and agree > 28 and rel_error(double.positive, -double.negative) < 1e-13,
        "The regular-at-both-ends eigenvalues are +-lambda_k (mu -> -mu symmetry); lambda1 = "
        f"{mp.nstr(mp50, 30)} (quoted value: see num:lambda1).",
        lambda1_mp=mp.nstr(mp50, 40), lambda1_double=double.lambda1, double_rel_error=err,
        mp30_vs_mp50_digits=agree, next_eigenvalues=double.positive[1:])


@check("001", "num:lambda1", "first positive eigenvalue of eq. (9)")
def _num_lambda1():
    """lambda1 ~ 14.54

    Derivation: cranisotropy.derivations.beam.outer (see eq. 9)
    Evidence: Frobenius-Wronskian root (mpmath) confirmed by Legendre-Galerkin
    """
    lam, double = _lambda1(30), _nb().outer_spectrum(0.0, 1).lambda1
    if digits(double, float(lam)) < 13 or rounds_to(float(lam), "14.54"):
        return failed(f"lambda1 = {mp.nstr(lam, 20)} (mpmath), {double!r} (double)")
    high = (14.54 - float(lam)) / float(lam)
    return differs(
        "lambda1 = 14.52800 (two independent methods agree to 13 digits or more); the quoted 14.54 is "
        f"{100 * high:.2f} % high, outside its last quoted digit (14.528 rounds to 14.53); the cause is not "
        "stated (a coarse numerical integration would explain it).", derived=mp.nstr(lam, 30),
        effect=f"{100 * high:.2f} %: the excess lambda1 j1^2/4 eps is 53.3 eps, not the text's 53.4 eps (which "
               "follows from 14.54: a note under this entry, see num:excess); A ~ 1/lambda1 and p_max ~ "
               f"sqrt(A) move by {100 * high:.2f} % and {50 * high:.2f} %. No conclusion changes",
        impact="rounding", lambda1=float(lam), rel_diff_quoted=high)


@check("001", "num:frobenius", "Frobenius relations at mu = 1")
def _num_frobenius():
    """Phi'(1) = lambda Phi(1)/2, Phi''(1) = lambda Phi'(1)/4

    Derivation: cranisotropy.derivations.beam.outer.frobenius_relations (any order)
    Evidence: derivatives of the Legendre-Galerkin eigenfunction at mu = 1
    """
    rel = bo.frobenius_relations(3, u=0)
    if rel[1] != bo.lam / 2 or rel[2] != bo.lam / 4:
        return failed(f"derived relations {rel}")
    mode = _nb().outer_mode(0.0)
    ratios = [mode.derivative(1.0, m) / mode.derivative(1.0, m - 1) / float(rel[m].subs(bo.lam, mode.eigenvalue))
              for m in (1, 2, 3)]
    return within(
        rel_error(ratios, np.ones(3)), 1e-11,
        "Exponents 0, 0 at mu = 1 (regular + log); recurrence a_{k+1} = [(k(k+1) - lambda(1+u)) a_k "
        "+ lambda a_{k-1}]/(2(k+1)^2); next relation Phi'''(1) = (lambda + 2) Phi''(1)/6 (u = 0).",
        name="max_rel_error", ratios=ratios, third_relation=str(rel[3]))


@check("001", "10", "first-order outer correction")
def _eq10():
    """d/dmu (1-mu^2) dPsi1/dmu + lambda0 mu Psi1 = -mu Psi0

    Derivation: cranisotropy.derivations.beam.outer.first_order_equation
    Evidence: d/dlambda of the Frobenius solution regular at -1 vs Psi1 integrated from eq. (10)
    """
    from cranisotropy.numerics.beam.outer import outer_correction_by_differentiation

    claim = -bo.scattering_operator(bo.Psi1(bo.mu)) - bo.lam * bo.mu * bo.Psi1(bo.mu) - bo.mu * bo.Phi(bo.mu)
    derived = bo.first_order_equation().subs({sp.Symbol("lambda0"): bo.lam, bo.u: 0})
    if not same_expression(derived, -claim):
        return failed(f"derived {derived}")
    mode = _nb().outer_mode(0.0)
    mus = (-0.5, 0.0, 0.6)
    return within(
        rel_error(_nb().outer_correction(mode)(mus), [outer_correction_by_differentiation(mode, m) for m in mus]),
        1e-6, "Expanding eq. (8) (D = 1) to O(delta lambda) gives eq. (10) (general u: -(u + mu) Psi0). "
        "Psi1 regular at -1 equals d Psi/d lambda at fixed Psi(-1) (finite difference of the series).",
        name="max_rel_error")


@check("001", "11", "solution Psi1 by reduction of order")
def _eq11():
    """Psi1 = -Phi int_{-1}^{mu} U dmu'/(Phi^2 (1-mu'^2)), U = int_{-1}^{mu} mu' Phi^2 dmu'

    Derivation: cranisotropy.derivations.beam.outer.first_order_solution, endpoint_log_coefficient
    Evidence: quadrature of eq. (11) vs the ODE (10) from mu = -1; log coefficient at mu -> 1
    """
    from cranisotropy.numerics.beam.outer import outer_correction_quadrature

    if bo.first_order_solution_residual() != 0:
        return failed("eq. (11) does not solve eq. (10)")
    mode = _nb().outer_mode(0.0)
    corr = _nb().outer_correction(mode)
    mus, (x1, x2) = (-0.5, 0.0, 0.5), (1e-8, 1e-6)
    err = rel_error([outer_correction_quadrature(mode, m) for m in mus], corr(mus))
    slope = float(corr(1 - x1) - corr(1 - x2)) / math.log(x1 / x2)  # Psi1 - c ln(1-mu) -> const
    return confirm(
        err < 1e-8 and rel_error(slope, corr.log_coefficient) < 1e-3,
        "Reduction of order (sympy residual 0); its quadrature agrees with the ODE (10) to 1e-8. As "
        f"printed the integral diverges at the zero mu0 of Phi (mu0 = {brentq(mode, 0.0, 0.999):.4f} for "
        "lambda1) and must be read as a Hadamard finite part beyond it (Phi times it stays smooth); near "
        "mu = 1, Psi1 ~ [U(1)/(2 Phi(1))] ln(1-mu): the logarithm of Fig. 2's inset.",
        rel_error_vs_ode=err, log_slope_fit=slope, log_coefficient_derived=corr.log_coefficient)


# --------------------------------------------------------------------------- eq. (12), matching

@check("001", "12", "stretched inner problem",
       restored="F(w) = (pi/(2 j1^2 w)) J_1^2(j1 sqrt w) (extracted '(pi/2 j2 1w) J2 1 (j1 sqrt w)': the fraction "
                "bar lost). Forced: it is eq. (4)'s peak (pi/2) J_1^2(y)/y^2 at y^2 = (1-mu^2)/eps ~ j1^2 w "
                "(mu = 1 - b w, b = eps j1^2/2), in the units of D = F/a + 1 the text defines")
def _eq12():
    """d/dw [F(w) + a](2 - b w) w dPsi/dw + b a lambda (1 - b w) Psi = 0, w = (1-mu)/b, D = F/a + 1, F
    = (pi/(2 j1^2 w)) J_1^2(j1 sqrt w), b = eps j1^2/2

    Derivation: cranisotropy.derivations.beam.inner.inner_equation_residual, peak_profile
    Evidence: full eigenproblem (spectral elements) inside the peak vs the inner solution C (1 -
    beta g(w))
    """
    if bi.inner_equation_residual() != 0:
        return failed("eq. (8) in w does not give eq. (12)")
    nb, b, a, w = _nb(), 2e-3, 1e-3, np.array([0.25, 0.5, 0.9, 1.0])
    mode = nb.outer_mode(0.0)
    sol = nb.peaked_eigenproblem(b, a, mode=mode)
    inner = nb.inner_solution(w, b, a, psi0=sol.psi_at_1, mode=mode)
    return within(
        np.max(np.abs(sol(1 - b * w) - inner)) / (mode.eigenvalue * b) ** 2, 5,
        "Exact substitution of mu = 1 - b w into eq. (8) (sympy); general u: lambda (1 + u - b w). "
        f"Reconstructed: F from eq. (4) with y^2 = (1-mu^2)/eps = {bi.peak_argument_squared()}, of "
        "which the model keeps j1^2 w (the text's y = j1 sqrt w); the OCR lost the fraction in F. "
        "Inside the peak the full numerical eigenfunction follows the first-order inner solution to "
        "O(b^2).", name="max_error_over_lambda_b_squared", b=b, a=a)


@check("001", "num:inner_first_order", "first-order inner equation (unnumbered)",
       restored="h, which the extracted text uses without defining it, read as h = int_0^w g dw'. Forced: "
                "integrating eq. (12) once from the regular end to O(b^2) gives the printed form with exactly "
                "this h (and g' = 1/D)")
def _num_inner_first_order():
    """dPsi/dw + (lambda b/2) g' [1 - (lambda b/2)(h/w - g)] Psi = 0

    Derivation: cranisotropy.derivations.beam.inner.inner_first_order
    Evidence: see eq. 12 (full eigenfunction inside the peak)
    """
    gp, g, G = sp.symbols("gprime g G")
    lam, b, w = bi.lam, bi.b, bi.w
    text = -(lam * b / 2) * gp * (1 - (lam * b / 2) * (G / w - g)) * bi.C * (1 - lam * b / 2 * g)  # h := G
    diff = sp.expand(sp.series(sp.expand(bi.inner_first_order().subs(bi.u, 0) - text), b, 0, 3).removeO())
    return confirm(
        diff == 0,
        "Integrating eq. (12) once from the regular end and expanding to O(b^2) gives the text's form "
        "with g' = 1/D and h = int_0^w g dw' (h is not defined in the text). General u: "
        f"{bi.inner_first_order()}.", difference=str(diff))


def _peaked(b, a):
    """The full solution and the matched predictions (finite a, a -> 0) at (b, a), u = 0."""
    nb = _nb()
    mode = nb.outer_mode(0.0)
    return (nb.peaked_eigenproblem(b, a, mode=mode), nb.matched_expansion(b, a, mode=mode),
            nb.matched_expansion(b, None, mode=mode))


@check("001", "num:dlambda", "eigenvalue shift from matching")
def _num_dlambda():
    """delta lambda = b^2 lambda^2 Phi^2(1)/(4 U(1))

    Derivation: cranisotropy.derivations.beam.inner.matching, eigenvalue_shift
    Evidence: full eigenproblem with the peak (spectral elements), b = 2.5e-4, a = 1e-6
    """
    m = bi.matching()
    if m["w2_residual"] != 0 or m["w0_residual"] != 0:
        return failed("w^2 / w^0 terms do not match automatically")
    if not same_expression(bi.eigenvalue_shift(False).subs(bi.u, 0), bi.b**2 * bi.lam**2 * bi.Phi1**2 / (4 * bi.U1)):
        return failed(f"derived {bi.eigenvalue_shift(False)}")
    sol, finite, limit = _peaked(2.5e-4, 1e-6)
    rel_finite = rel_error(sol.dlambda_over_b2, finite.dlambda_over_b2)
    rel_limit = rel_error(sol.dlambda_over_b2, limit.dlambda_over_b2)
    return confirm(
        rel_finite < 5e-3 and rel_limit < 3e-2,  # residuals O(b) and O(sqrt a) (validate beam)
        "Coefficient of ln w in the matching (sympy); w and w^2 terms match automatically. With a "
        "finite a the bracket is (1 - 2 I_a), I_a = int_0^1 w dw/D ~ sqrt(2 pi a)/|J_0(j1)|. "
        "Convergence of the full problem to this value: `cranisotropy validate beam`.",
        dlambda_over_b2_full=sol.dlambda_over_b2, matched_finite_a=finite.dlambda_over_b2,
        matched_limit=limit.dlambda_over_b2, rel_diff_finite_a=rel_finite, rel_diff_limit=rel_limit)


@check("001", "num:inner_constant", "inner constant from matching")
def _num_inner_constant():
    """Psi_i(0) ~ Phi(1)/(1 + lambda b/2)

    Derivation: cranisotropy.derivations.beam.inner.matching
    Evidence: Psi(1)/Phi(1) of the full eigenproblem, b = 1e-3, a = 1e-6
    """
    C = bi.matching()["C"]
    if not same_expression(C.subs({bi.w0: 1, bi.u: 0}), bi.Phi1 / (1 + bi.lam * bi.b / 2)):
        return failed(f"derived {C}")
    b = 1e-3
    sol, finite, limit = _peaked(b, 1e-6)
    err_text, err_finite = abs(sol.excess - limit.excess) / b, abs(sol.excess - finite.excess) / b
    return confirm(
        err_finite < 0.05 and err_text < 0.05,
        "Matching the w-linear terms at O(b^2) gives C = Phi(1)(1 - beta w0) = Phi(1)/(1 + beta w0) + "
        "O(b^2), beta = lambda(1+u) b/2, w0 = 1 - int_0^1 dw/D -> 1 (a -> 0); the next term is "
        "delta_lambda U(1) ln(b)/(2 Phi(1)). Errors are per unit b.",
        psi1_full=sol.psi_at_1, text_form=1 - limit.excess, err_over_b_text_form=err_text,
        err_over_b_finite_a=err_finite)


# --------------------------------------------------------------------------- beam characteristics

@check("001", "num:width", "beam width parameter")
def _num_width():
    """b = j1^2 eps/2 ~ 7.3 eps

    Derivation: cranisotropy.derivations.beam.inner.width_parameter
    Evidence: F(w) of the kernel vanishes at w = 1
    """
    from cranisotropy.kernels.generated.beam_peak_profile import beam_peak_profile

    coeff = _at(bi.width_parameter(), {bi.eps: 1})
    return confirm(rounds_to(coeff, "7.3") and abs(beam_peak_profile(1.0)) < 1e-15,
                   "y = sqrt(2(1-mu)/eps) = j1 at 1 - mu = j1^2 eps/2 = 7.341 eps (D = 1 there).",
                   b_over_eps=coeff, F_at_w1=beam_peak_profile(1.0))


@check("001", "num:excess", "fractional beam excess")
def _num_excess():
    """delta Phi(1)/Phi(1) ~ lambda1 b/2 ~ 53.4 eps

    Derivation: cranisotropy.derivations.beam.inner.leading_excess
    Evidence: full eigenproblem: excess/b -> lambda1/2 (validate beam); value from lambda1
    """
    lam = float(_lambda1(30))
    coeff = _at(bi.leading_excess(), {bi.eps: 1, bi.u: 0, bi.lam: lam})
    text = _at(bi.lam * bi.width_parameter() / 2, {bi.lam: lam, bi.eps: 1})  # the claim lambda1 b/2
    quoted_lambda = _at(bi.leading_excess(), {bi.eps: 1, bi.u: 0, bi.lam: 14.54})
    return confirm(
        rel_error(coeff, text) < 1e-12 and rounds_to(quoted_lambda, "53.4") and not rounds_to(coeff, "53.4"),
        f"lambda1 b/2 = lambda1 j1^2/4 eps: with the text's lambda1 = 14.54 this is {quoted_lambda:.2f} eps, the "
        f"quoted 53.4 eps; with lambda1 = 14.528 it is {coeff:.3f} eps. The 0.08 % of lambda1 carried over (a "
        "note under num:lambda1, not a finding of its own). Also: the excess is the flattening of |Psi| inside "
        "the peak, an excess of particles because Phi(1) < 0 relative to the bulk (mu = 1 is the minimum of the "
        "large-scale part).", excess_over_eps=coeff, excess_with_quoted_lambda1=quoted_lambda, quoted=53.4)


@check("001", "num:dtheta", "angular width")
def _num_dtheta():
    """Delta theta ~ acos(1 - b) ~ sqrt(2b) = j1 sqrt(eps)

    Derivation: cranisotropy.derivations.beam.inner.angular_width
    Evidence: acos vs small-angle form at eps = 1e-6
    """
    from cranisotropy.kernels.generated.beam_characteristics import beam_characteristics

    series = sp.series(bi.angular_width(True), bi.eps, 0, 1).removeO()
    _, exact, small, _, _ = beam_characteristics(1e-6, 14.528, 0.0, 4.65)
    return confirm(same_expression(sp.powsimp(series - bi.angular_width(False), force=True), 0)
                   and abs(exact / small - 1) < 1e-6, "Leading term of acos(1 - j1^2 eps/2).", ratio=exact / small)


@_quoted("num:eps_milagro", "eps from the 10 degree Milagro width",
         "eps ~ Delta theta^2/j1^2 ~ 2.1e-3 (extracted: 'Delta theta 2/ j1')", _DER + "inner.eps_from_width",
         "exact and small-angle inversions", "2.1e-3",
         "eps = {eps_exact:.3g} (exact inversion of acos(1 - b)), {eps_small_angle:.3g} (small angle); "
         "Delta theta^2/j1 would give 8e-3.",
         restored="'Delta theta 2/ j1' read as Delta theta^2/j1^2 (a superscript lost). Forced: the text's own "
                  "Delta theta ~ sqrt(2b) = j1 sqrt(eps), printed just before, inverts to it, and the quoted "
                  "2.1e-3 needs it")
def _num_eps_milagro():
    dtheta = {sp.Symbol("Delta_theta", positive=True): math.radians(10.0)}
    return {"eps_exact": _at(bi.eps_from_width(True), dtheta), "eps_small_angle": _at(bi.eps_from_width(False), dtheta)}


@_quoted("num:strength", "beam strength for Milagro spot A", "~ 0.1", _DER + "inner.leading_excess, fractional_excess",
         "leading and finite-a matched excess at eps(10 deg), V_A/c = 1e-4", "0.1",
         "53.3 eps = {excess:.2f} at eps = 2.07e-3 ({excess_finite_a:.3f} with the finite-a correction for a = 1.2e-4).")
def _num_strength():
    r = _nb().beam(width_deg=10, va_over_c=1e-4)
    return {"excess": r.excess, "excess_finite_a": r.finite_a.excess}


@check("001", "13", "beam distribution")
def _eq13():
    """F_B(p_par) = (lambda1 b^2/2) F0(p_par) = (1/8) lambda1 j1^4 eps^2 F0(p_par)

    Derivation: cranisotropy.derivations.beam.inner.beam_distribution
    Evidence: both printed forms at random eps
    """
    form1 = bi.lam * bi.width_parameter() ** 2 / 2 * bi.F0
    form2 = bi.lam * bi.j1**4 * bi.eps**2 * bi.F0 / 8
    values = {bi.lam: 14.528, bi.j1: 3.8317, bi.F0: 1}
    gap = max(abs(float((form1 - form2).subs({**values, bi.eps: e})))
              for e in np.random.default_rng(13).uniform(1e-4, 1e-2, 5))
    return confirm(
        same_expression(bi.beam_distribution(), form1) and same_expression(form1, form2) and gap < 1e-15,
        "Amplitude lambda1 b/2 times width b times F0; the two printed forms agree. (Integrated over mu "
        "the triangular excess profile (lambda b/2)(1 - w) gives half of this: eq. 13 is a "
        "width x amplitude estimate.)", max_abs_difference=gap)


@check("001", "14", "beam sustainability bound")
def _eq14():
    """F0(p) <= A (V_A/c)(l^2/r_g^2) F_C(p), A = 8/(lambda1 j1^4 (q_c - 2))

    Derivation: cranisotropy.derivations.beam.inner.threshold_constant
    Evidence: bisection of F_B(F0) = F_th at sample parameters
    """
    A = bi.threshold_constant()
    if not same_expression(A, 8 / (bi.lam * bi.j1**4 * (bi.qc - 2))):
        return failed(f"derived A = {A}")
    lam, j1, qc, delta, eps = 14.528, _j1(), 4.65, 1e-4, 2e-3
    FB = sp.lambdify((bi.F0,), bi.beam_distribution().subs({bi.lam: lam, bi.j1: j1, bi.eps: eps}))
    root = brentq(lambda f0: FB(f0) - delta / (qc - 2), 0.0, 1e6, xtol=1e-14, rtol=1e-14)
    predicted = float(A.subs({bi.lam: lam, bi.j1: j1, bi.qc: qc})) * delta / eps**2
    return within(rel_error(root, predicted), 1e-12, "Solving F_B <= delta F_C/(q_c - 2) for F0 with eps = r_g/l.",
                  name="rel_error", F0_bisection=root, F0_formula=predicted)


@_quoted("num:A", "threshold constant", "A ~ 1e-3 (q_c = 4.6-4.7)", _DER + "inner.threshold_constant",
         "evaluated with lambda1 (mpmath)", "1e-3", "A = {A_qc_4_6:.1e} (q_c = 4.6) to {A_qc_4_7:.1e} (q_c = 4.7).")
def _num_A():
    lam = float(_lambda1(30))
    return {f"A_qc_{q}".replace(".", "_"): _at(bi.threshold_constant(), {bi.qc: q, bi.lam: lam}) for q in (4.6, 4.7)}


@check("001", "15", "maximum beam momentum")
def _eq15():
    """p_Bmax/(m c) ~ (1/K) sqrt((V_A/c) A/alpha), K = c/(l omega_c) = eps m c/p

    Derivation: cranisotropy.derivations.beam.inner.maximum_momentum
    Evidence: eq. (14) with F0 = alpha F_C holds with equality at p_max
    """
    Asym, pm = sp.Symbol("A", positive=True), bi.maximum_momentum()
    if not same_expression(pm, sp.sqrt(bi.delta * Asym / bi.alpha) / bi.K):
        return failed(f"derived p_max/(m c) = {pm}")
    A, delta, alpha, K = 9.6e-4, 1e-4, 1e-3, 1e-6
    eps = K * float(pm.subs({Asym: A, bi.delta: delta, bi.alpha: alpha, bi.K: K}))  # eps = K p/(m c)
    return within(alpha / (A * delta / eps**2) - 1, 1e-12,  # F0/F_C over the bound of eq. (14)
                  "alpha = F0/F_C (F0 not steeper than F_C) and eps = r_g/l = K p/(m c) in eq. (14).",
                  name="bound_ratio_minus_1", eps_at_p_max=eps)


@_quoted("num:K", "small parameter K at 1 TeV", "K ~ 1e-6 (eps ~ 1e-3 at 1 TeV)", "K = eps m c/p",
         "m_p c^2 = 0.938 GeV", "1e-6", "K = {K:.1e}.")
def _num_K():
    return {"K": _nb().beam(eps=1e-3, p_ref_tev=1.0, count=1).p_max.K}


@_quoted("num:pmax", "maximum beam momentum for Milagro", "p_Bmax ~ 10 TeV (V_A/c ~ 1e-4, alpha ~ A ~ 1e-3, K ~ 1e-6)",
         _DER + "inner.maximum_momentum", "beam(), eps = 1e-3 at 1 TeV", "1e1", "p_max = {p_max_TeV:.1f} TeV/c.")
def _num_pmax():
    return {"p_max_TeV": _nb().beam(eps=1e-3, qc=4.65, va_over_c=1e-4, alpha=1e-3, p_ref_tev=1.0).p_max.p_max_TeV}


@check("001", "num:rg", "gyroradius of beam protons")
def _num_rg():
    """r_g ~ 1e16 cm at p c ~ 10 TeV, B of a few muG

    Derivation: r_g = pc/(e B)
    Evidence: CGS evaluation for B = 2-5 muG
    """
    m = _nb().matched
    cm = [m.gyroradius_pc(10.0, B) * m.PARSEC_CM for B in (2.0, 5.0)]
    return confirm(all(of_order(x, 1e16) for x in cm), "r_g(10 TeV) = 0.7-1.7e16 cm for B = 5-2 muG.", r_g_cm=cm)


@_eq("num:l_1pc", "turbulence scale from the beam", "l ~ 1 pc", "l = r_g(E)/eps",
     "eps(10 deg) with E = 1-2 TeV, B = 1-4 muG; knee r_g(3 PeV)")
def _num_l():
    rg = _nb().matched.gyroradius_pc
    ls, knee = [rg(E, B) / 2.07e-3 for E in (1.0, 2.0) for B in (1.0, 4.0)], rg(3000.0, 3.0)
    return confirm(
        spans(ls, 1.0) and of_order(knee, 1.0),
        f"Order of magnitude: l = r_g/eps = {min(ls):.2f}-{max(ls):.2f} pc; r_g(3 PeV, 3 muG) = {knee:.2f} pc.",
        l_pc=ls, knee_rg_pc=knee)


@_quoted("num:4sqrt_eps", "summary: angular width", "Delta theta ~ 4 sqrt(eps)", _DER + "inner.angular_width",
         "j1 = 3.83", "4", "j1 sqrt(eps), j1 = {j1:.2f} ~ 4.")
def _num_4sqrt():
    return {"j1": _j1()}


@_quoted("num:50eps", "summary: fractional excess", "excess ~ 50 eps", _DER + "inner.leading_excess",
         "lambda1 j1^2/4 (mpmath lambda1)", "5e1", "{excess_over_eps:.2f} eps, i.e. ~ 50 eps.")
def _num_50():
    return {"excess_over_eps": _at(bi.leading_excess(), {bi.eps: 1, bi.u: 0, bi.lam: float(_lambda1(25))})}


@_eq("num:scaling", "momentum scaling of width and excess", "width ~ sqrt(p), excess ~ p (eps ~ p)",
     _DER + "inner", "d ln/d ln eps of the derived forms")
def _num_scaling():
    e = bi.eps
    w_exp = sp.simplify(e * sp.diff(sp.log(bi.angular_width(False)), e))
    x_exp = sp.simplify(e * sp.diff(sp.log(bi.leading_excess()), e))
    return confirm(w_exp == sp.Rational(1, 2) and x_exp == 1, "Exponents 1/2 and 1 in eps = r_g/l ~ p.",
                   width_exponent=str(w_exp), excess_exponent=str(x_exp))


for _label, _reason in (
        ("num:anisotropy", "observational input (large-scale anisotropy ~1e-3 at the Earth), not produced by a formula"),
        ("num:distance", "source distance 'within a few 100 pc' needs the source model of the full ApJ paper, not in the seed"),
        ("num:milagro", "observed Milagro/IceCube quantities (10 deg, 10 TeV, cut-off energy) are inputs, not results"),
):
    register_out_of_scope(SEED, _label, _reason)


# --------------------------------------------------------------------------- seed 000, Sec. IV

for _label, _title, _claim, _derivation, _method, _check in (  # restatements of seed 001 results
        ("num:beam_4sqrt_eps", "Sec. IV: beam angular width", "Delta theta ~ 4 sqrt(eps), eps = r_g(p)/l",
         _DER + "inner.angular_width", "j1 = 3.83", _num_4sqrt),
        ("num:beam_50eps", "Sec. IV: fractional beam excess", "~ 50 eps", _DER + "inner.leading_excess",
         "lambda1 j1^2/4 (mpmath lambda1)", _num_50),
        ("num:beam_pmax", "Sec. IV: maximum momentum", "p_max ~ 10 TeV/c", _DER + "inner.maximum_momentum",
         "as seed 001 num:pmax", _num_pmax),
        ("num:beam_l_1pc", "Sec. IV: turbulence scale", "l ~ 1 pc", "l = r_g/eps", "as seed 001 num:l_1pc", _num_l),
        ("num:beam_scaling", "Sec. IV: momentum scaling", "width ~ sqrt(p), excess ~ p", _DER + "inner",
         "as seed 001 num:scaling", _num_scaling),
):
    _eq(_label, _title, _claim, _derivation, _method, seed=SUMMARY)(_check)


@check("000", "num:beam_tau", "Sec. IV: variability time of the lensing picture")
def _s_tau():
    """tau ~ r_g/(V_A + U_HS) <= 10 yr for 1 TeV, V_A + U_HS ~ 50 km/s, B = 4 muG

    Derivation: tau = r_g/V
    Evidence: CGS evaluation
    """
    m = _nb().matched
    years = m.gyroradius_pc(1.0, 4.0) * m.PARSEC_CM / 50e5 / 3.15576e7
    return confirm(years <= 10, f"tau = {years:.1f} yr.", tau_years=years)


@check("000", "num:beam_knee", "Sec. IV: knee protons set the outer scale")
def _s_knee():
    """r_g(3 PeV) ~ l ~ 1 pc

    Derivation: r_g = pc/(eB)
    Evidence: B = 1-4 muG
    """
    r = [_nb().matched.gyroradius_pc(3000.0, B) for B in (1.0, 4.0)]
    return confirm(spans(r, 1.0), f"r_g(3 PeV) = {min(r):.2f}-{max(r):.2f} pc for B = 4-1 muG.", r_g_pc=r)


for _label, _reason in (
        ("num:beam_lS", "source distance l_S ~ 100-200 pc needs the source model of the full ApJ paper, not in the seeds"),
        ("num:beam_10deg", "observed beam width (~10 deg) is an input, not a result"),
        ("num:beam_E_1_2TeV", "'match Milagro at E ~ 1-2 TeV' depends on an unquoted field B (see num:beam_l_1pc)"),
):
    register_out_of_scope(SUMMARY, _label, _reason)
