"""Pitch-angle scattering by a Goldreich–Sridhar (GS) Alfvén-wave spectrum (seed 001, eqs. 1–5).

The beam paper (Malkov, Diamond, Drury & Sagdeev 2010) needs D_mumu near |mu| = 1.  Its OCR'd
eqs. (2)–(5) are garbled, so everything here is re-derived from quasi-linear theory (QLT) with
the spectrum of eq. (1); the paper's printed forms are only compared with in
``numerics/beam/checks.py``.

Model (reconstructed; the assumptions are the paper's):

- spectrum, eq. (1): ``I = k_perp^(-10/3) l^(-1/3) g(k_par l^(1/3)/k_perp^(2/3)) e^(-tau/tau_k)/(6 pi)``
  with g(x) = H(1 - |x|), k_perp >= 1/l (the outer scale), tau_k = (l/V_A)(k_perp l)^(-2/3);
- QLT for shear-Alfvén waves (Chandran 2000), gyro-resonances n = +-1 only (the ones behind the
  J_1^2 peak of eq. 4): ``D_mumu = Omega^2 (1-mu^2) sum_n int d^3k I (J_1(z)/z)^2 R_n`` with
  z = k_perp v sqrt(1-mu^2)/Omega and the resonance function R_n = Re int_0^oo
  exp(i (k_par v mu + n Omega) t - t/tau_k) dt (a Lorentzian: resonance broadening by the
  decorrelation e^(-tau/tau_k));
- dimensionless: kappa = k_perp l, eps = v/(l Omega) = r_g/l, delta = V_A/v; D_mumu in units
  of v/l.

Results: :func:`general_coefficient` (the reconstructed eq. 2, a 1-D integral over kappa),
its magnetostatic limit :func:`magnetostatic_peak_profile` whose mu -> 1 value reproduces
eq. (4) exactly, the small-delta form :func:`small_delta_coefficient` (eq. 3: coefficient 1/3,
not the printed 1/6), and the typical frequency (eq. 5).

>>> sp.simplify(spectrum_normalisation() - 1)
0
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

# --------------------------------------------------------------------------- symbols
k_perp, k_par = sp.symbols("k_perp k_par", real=True)
l, v, Omega, V_A = sp.symbols("l v Omega V_A", positive=True)
tau = sp.Symbol("tau", nonnegative=True)
t = sp.Symbol("t", nonnegative=True)
mu = sp.Symbol("mu", real=True)
eps, delta = sp.symbols("eps delta", positive=True)
kappa, y, z = sp.symbols("kappa y z", positive=True)
s = sp.Symbol("s")  # Mellin variable


# --------------------------------------------------------------------------- eq. (1)

def gs_envelope(x: sp.Expr) -> sp.Expr:
    """g(x) = H(1 - |x|): the GS spectrum is confined to |k_par| <= k_perp^(2/3) l^(-1/3)."""
    return sp.Heaviside(1 - sp.Abs(x), 1)


def correlation_time() -> sp.Expr:
    """tau_k = (l/V_A)(k_perp l)^(-2/3), the eddy turnover (decorrelation) time."""
    return (l / V_A) * (sp.Abs(k_perp) * l) ** sp.Rational(-2, 3)


def gs_spectrum() -> sp.Expr:
    """Seed 001 eq. (1): I(k_perp, k_par, tau) of the GS cascade, normalised to int I d^3k = 1.

    >>> gs_spectrum().has(sp.Heaviside)
    True
    """
    kp = sp.Abs(k_perp)
    return (kp ** sp.Rational(-10, 3) * l ** sp.Rational(-1, 3)
            * gs_envelope(k_par * l ** sp.Rational(1, 3) / kp ** sp.Rational(2, 3))
            * sp.exp(-tau / correlation_time()) / (6 * sp.pi))


def parallel_cutoff() -> sp.Expr:
    """K(k_perp) = k_perp^(2/3) l^(-1/3): |k_par| <= K where g = 1 (solves |x| = 1)."""
    kp = sp.Symbol("k_perp", positive=True)
    root = sp.solve(sp.Eq(k_par * l ** sp.Rational(1, 3) / kp ** sp.Rational(2, 3), 1), k_par)[0]
    return root.subs(kp, k_perp)


@lru_cache(maxsize=None)
def spectrum_normalisation() -> sp.Expr:
    """int I(tau = 0) d^3k over k_perp >= 1/l: equals 1 (this fixes the 1/(6 pi) of eq. 1)."""
    kp = sp.Symbol("k_perp", positive=True)
    density = gs_spectrum().subs(tau, 0).subs(k_perp, kp)
    cutoff = parallel_cutoff().subs(k_perp, kp)
    inner = sp.integrate(density.subs(gs_envelope(k_par * l ** sp.Rational(1, 3)
                                                  / kp ** sp.Rational(2, 3)), 1),
                         (k_par, -cutoff, cutoff))
    return sp.simplify(sp.integrate(2 * sp.pi * kp * inner, (kp, 1 / l, sp.oo)))


# --------------------------------------------------------------------------- eq. (2)

@lru_cache(maxsize=None)
def resonance_function() -> sp.Expr:
    """R(Delta) = Re int_0^oo exp(i Delta t - t/tau) dt = tau/(1 + Delta^2 tau^2) (Lorentzian)."""
    Delta = sp.Symbol("Delta", real=True)
    Tau = sp.Symbol("tau_k", positive=True)
    R = sp.integrate(sp.exp(sp.I * Delta * t - t / Tau), (t, 0, sp.oo), conds="none")
    return sp.simplify(sp.re(sp.expand_complex(R))).subs({Delta: sp.Symbol("Delta"), Tau: sp.Symbol("tau_k")})


def bessel_ratio_squared(x: sp.Expr) -> sp.Expr:
    """(J_1(x)/x)^2, with its Taylor polynomial below x = 1e-2 (no 0/0 at x = 0 in kernels).

    >>> bessel_ratio_squared(sp.Integer(0))
    1/4
    """
    xs = sp.Symbol("x_", positive=True)
    taylor = sp.series((sp.besselj(1, xs) / xs) ** 2, xs, 0, 8).removeO()
    if x.is_number and x == 0:
        return taylor.subs(xs, 0)
    return sp.Piecewise((taylor.subs(xs, x), sp.Abs(x) < sp.Rational(1, 100)),
                        ((sp.besselj(1, x) / x) ** 2, True))


def _resonant_parallel_integral(n: int) -> sp.Expr:
    """int_{-K}^{K} R_n dk_par for the n-th gyro-resonance (sympy does the arctangent integral)."""
    Kc, Tau = sp.symbols("K tau_k", positive=True)
    kq = sp.Symbol("k_par", real=True)
    mu_p = sp.Symbol("mu", positive=True)
    lorentz = resonance_function().subs({sp.Symbol("Delta"): kq * v * mu_p + n * Omega,
                                         sp.Symbol("tau_k"): Tau})
    return sp.simplify(sp.integrate(lorentz, (kq, -Kc, Kc)))


#: placeholder for (J_1(z)/z)^2 in the integrand before the kernel-safe form is inserted
_BESSEL = sp.Symbol("B_z")


@lru_cache(maxsize=None)
def _general_integrand_core() -> tuple[sp.Expr, sp.Expr]:
    """(integrand with (J_1(z)/z)^2 -> B_z, z): see :func:`general_integrand`."""
    Kc, Tau = sp.symbols("K tau_k", positive=True)
    mu_p = sp.Symbol("mu", positive=True)
    par = sum(_resonant_parallel_integral(n) for n in (1, -1))  # both resonances
    # GS cone and decorrelation time in dimensionless variables
    subs = {Kc: (kappa / l) ** sp.Rational(2, 3) * l ** sp.Rational(-1, 3),
            Tau: (l / (delta * v)) * kappa ** sp.Rational(-2, 3),
            Omega: v / (eps * l)}
    par = sp.expand(par.subs(subs))
    # arctangent pair -> atan2 of the product (1 + i X1)(1 + i X2)
    atans = sorted(par.atoms(sp.atan), key=sp.default_sort_key)
    X1, X2 = (sp.simplify(a.args[0]) for a in atans)
    prod = sp.expand((1 + sp.I * X1) * (1 + sp.I * X2))
    scale = (delta * kappa ** sp.Rational(2, 3)) ** 2  # positive: does not change the angle
    combined = sp.atan2(sp.expand(sp.im(prod) * scale), sp.expand(sp.re(prod) * scale))
    coefficient = sp.simplify(par.coeff(atans[0]))
    if sp.simplify(par - coefficient * (atans[0] + atans[1])) != 0:
        raise AssertionError("resonance sum is not a multiple of the arctangent pair")
    spectrum_radial = (2 * sp.pi * (kappa / l) * (1 / l)  # 2 pi k_perp dk_perp
                       * (kappa / l) ** sp.Rational(-10, 3) * l ** sp.Rational(-1, 3) / (6 * sp.pi))
    zz = kappa * eps * sp.sqrt(1 - mu_p**2)  # k_perp r_g sin(theta)
    integrand = ((v / (eps * l)) ** 2 * (1 - mu_p**2) * spectrum_radial
                 * _BESSEL * coefficient * combined) / (v / l)
    return sp.simplify(integrand).subs(mu_p, mu), zz.subs(mu_p, mu)


def general_integrand() -> sp.Expr:
    """Integrand over kappa = k_perp l of the reconstructed eq. (2), D_mumu in units of v/l.

    Derivation: QLT with n = +-1, the k_par integral of the Lorentzian over the GS cone done
    exactly (two arctangents per resonance), then k_perp = kappa/l, Omega = v/(eps l),
    V_A = delta v.  The sum of arctangents is written as one ``atan2`` (the argument of
    (1 + i X1)(1 + i X2)), which is free of the cancellation between +-pi/2 for small delta:

        D_mumu l/v = int_1^oo 2(1-mu^2)/(3 eps^2 mu) kappa^(-7/3) (J_1(z)/z)^2
                     atan2(2 mu delta, delta^2 + kappa^(-4/3)/eps^2 - mu^2) dkappa,
        z = kappa eps sqrt(1-mu^2)    (0 < mu < 1; D is even in mu).
    """
    core, zz = _general_integrand_core()
    return core.subs(_BESSEL, bessel_ratio_squared(zz))


def bessel_square_mean(x: sp.Expr) -> sp.Expr:
    """Period average of J_1(x)^2 for x >> 1: 1/(pi x), from J_1 ~ sqrt(2/(pi x)) cos(x - 3 pi/4)
    (DLMF 10.17.3, leading term); the neglected parts are O(x^-2) or oscillate."""
    phase = sp.Symbol("phi", real=True)
    leading = 2 / (sp.pi * x) * sp.cos(phase - 3 * sp.pi / 4) ** 2
    return sp.simplify(sp.integrate(leading, (phase, 0, sp.pi)) / sp.pi)


def general_integrand_mean() -> sp.Expr:
    """:func:`general_integrand` with (J_1(z)/z)^2 replaced by its period average 1/(pi z^3):
    the envelope used beyond z ~ 1e3, where the integrand oscillates many times per e-fold."""
    core, zz = _general_integrand_core()
    return core.subs(_BESSEL, bessel_square_mean(zz) / zz**2)


def general_coefficient() -> sp.Integral:
    """Reconstructed eq. (2): D_mumu(mu; eps, delta) l/v = int_1^oo general_integrand dkappa."""
    return sp.Integral(general_integrand(), (kappa, 1, sp.oo))


# --------------------------------------------------------------------------- eq. (4)

def magnetostatic_peak_profile() -> sp.Expr:
    """G(y) = (4/3) y^(4/3) int_y^oo z^(-13/3) J_1(z)^2 dz, the delta -> 0 limit of eq. (2).

    In that limit the arctangent pair becomes pi H(mu - kappa^(-2/3)/eps): only waves with
    kappa > kappa_* = (eps mu)^(-3/2) resonate, and z = kappa eps sqrt(1-mu^2) turns the kappa
    integral into D_mumu l/v = (pi/2) mu (1-mu^2) G(y), y = sqrt(1-mu^2)/(eps^(1/2) mu^(3/2))
    (see :func:`magnetostatic_prefactor`).  G(0) = 1/4.
    """
    return sp.Rational(4, 3) * y ** sp.Rational(4, 3) * sp.Integral(
        z ** sp.Rational(-13, 3) * sp.besselj(1, z) ** 2, (z, y, sp.oo))


def magnetostatic_argument() -> sp.Expr:
    """y(mu) = sqrt(1-mu^2)/(eps^(1/2) mu^(3/2)): the lower limit kappa_* z/kappa (0 < mu <= 1)."""
    kappa_star = (eps * mu) ** sp.Rational(-3, 2)
    return kappa_star * eps * sp.sqrt(1 - mu**2)


@lru_cache(maxsize=None)
def magnetostatic_prefactor() -> sp.Expr:
    """P(mu) in D_mumu l/v = P(mu) G(y(mu)) for delta -> 0 (0 < mu < 1): P = (pi/2) mu (1-mu^2).

    Derived from the integrand: atan2(0+, X) = pi for X < 0 (the resonant waves,
    kappa > kappa_*), then kappa = z/(eps sqrt(1-mu^2)).
    """
    mu_p = sp.Symbol("mu", positive=True)
    core, zz = _general_integrand_core()
    core = core.subs(mu, mu_p)
    rho = eps * sp.sqrt(1 - mu_p**2)
    atan_term = next(iter(core.atoms(sp.atan2)))
    resonant = core.subs(atan_term, sp.pi).subs(_BESSEL, (sp.besselj(1, z) / z) ** 2)
    in_z = sp.simplify(resonant.subs(kappa, z / rho) / rho)  # dkappa = dz/rho
    integral_prefactor = sp.simplify(in_z / (z ** sp.Rational(-13, 3) * sp.besselj(1, z) ** 2))
    y_mu = magnetostatic_argument().subs(mu, mu_p)
    P = integral_prefactor / (sp.Rational(4, 3) * y_mu ** sp.Rational(4, 3))
    return sp.simplify(sp.powsimp(sp.powdenest(P, force=True), force=True)).subs(mu_p, mu)


def bessel_peak_coefficient() -> sp.Expr:
    """Eq. (4) (leading term): D_mumu l/v = (pi/2)(1-mu^2)(J_1(y)/y)^2, y = sqrt((1-mu^2)/eps).

    It is the mu -> 1 form of :func:`magnetostatic_prefactor` with G(y) replaced by
    (J_1(y)/y)^2, which has the same value 1/4 at y = 0 (see :func:`peak_profile_expansion`).
    """
    yy = sp.sqrt((1 - mu**2) / eps)
    return sp.pi / 2 * (1 - mu**2) * bessel_ratio_squared(yy)


@lru_cache(maxsize=None)
def mellin_bessel_square() -> sp.Expr:
    """M(s) = int_0^oo z^(-s) J_1(z)^2 dz (1 < s < 3), continued analytically in s."""
    zz = sp.Symbol("z", positive=True)
    sp_ = sp.Symbol("s", positive=True)
    M = sp.integrate(zz ** (-sp_) * sp.besselj(1, zz) ** 2, (zz, 0, sp.oo), conds="none")
    return sp.simplify(M).subs(sp_, s)


@lru_cache(maxsize=None)
def peak_profile_expansion(order: int = 2) -> dict[sp.Expr, sp.Expr]:
    """Small-y expansion of G(y) as {power of y: coefficient}, up to y^(2 order).

    int_y^oo z^(-13/3) J_1^2 = M(13/3) - sum_k c_k y^(2k+3-13/3)/(2k+3-13/3), with
    J_1(z)^2 = sum_k c_k z^(2k+2): valid for 1 < s < 3 and continued to s = 13/3 (both sides
    are analytic in s).  The y^(4/3) coefficient r = 4 M(13/3)/3 = -0.2710 is what eq. (4)'s
    "r y^(4/3)" correction is in this model (the text quotes r ~ 1e-2).
    """
    zz = sp.Symbol("z", positive=True)
    series = sp.series(sp.besselj(1, zz) ** 2, zz, 0, 2 * order + 4).removeO()
    poly = sp.Poly(series, zz)
    power = sp.Rational(13, 3)
    tail = -sum(c * y ** (m + 1 - power) / (m + 1 - power) for (m,), c in poly.terms())
    G = sp.expand(sp.Rational(4, 3) * y ** sp.Rational(4, 3)
                  * (mellin_bessel_square().subs(s, power) + tail))
    out: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(G):
        coeff, pw = term.as_coeff_exponent(y)
        out[pw] = sp.nsimplify(out.get(pw, 0) + coeff) if coeff.is_Rational else out.get(pw, 0) + coeff
    return dict(sorted(out.items(), key=lambda kv: float(kv[0])))


def peak_correction_coefficient() -> sp.Expr:
    """r in G(y) = (J_1(y)/y)^2 + r y^(4/3) + O(y^2): r = (4/3) M(13/3) (exact, negative)."""
    return sp.Rational(4, 3) * mellin_bessel_square().subs(s, sp.Rational(13, 3))


# --------------------------------------------------------------------------- eqs. (3), (5)

@lru_cache(maxsize=None)
def bessel_log_constant() -> sp.Expr:
    """C_J in int_x^oo J_1(z)^2/z^3 dz = ln(1/x)/4 + C_J + o(1): (1 + 4 ln 2 - 4 gamma_E)/16.

    The constant term of the Laurent series of M(3 - e) at e = 0 (the pole 1/(4e) cancels the
    x^e/(4e) of the small-z part).
    """
    e = sp.Symbol("e", positive=True)
    laurent = sp.series(mellin_bessel_square().subs(s, 3 - e), e, 0, 1).removeO()
    return sp.simplify(sp.expand(laurent).coeff(e, 0))


def small_delta_coefficient() -> sp.Expr:
    """Eq. (3) as derived: the resonance-broadened (delta) part of eq. (2) away from the peak.

    For kappa < kappa_* the Lorentzian is far off resonance, R ~ tau_k^(-1)/Omega^2, and
    (J_1(z)/z)^2 cuts the kappa integral at z ~ 1:

        D_mumu l/v = (1/3) delta (1-mu^2) [ln(1/eps) - ln(1-mu^2)/2 + 4 C_J],
        4 C_J = 1/4 + ln 2 - gamma_E.

    The text prints the coefficient 1/6 and no constant.
    """
    return (sp.Rational(1, 3) * delta * (1 - mu**2)
            * (sp.log(1 / eps) - sp.log(1 - mu**2) / 2 + 4 * bessel_log_constant()))


def magnetostatic_tail_coefficient() -> sp.Expr:
    """Large-y (mu away from 1) magnetostatic part, averaged over the J_1^2 oscillation:
    D_mumu/(1-mu^2) l/v ~ (2/13) eps^(3/2) mu^(11/2) (1-mu^2)^(-3/2) (n = +-1 only).

    J_1(z)^2 ~ (1 - sin 2z)/(pi z); the non-oscillating part gives G(y) ~ 4/(13 pi y^3).
    """
    zz = sp.Symbol("z", positive=True)
    mu_p = sp.Symbol("mu", positive=True)
    mean_G = sp.Rational(4, 3) * y ** sp.Rational(4, 3) * sp.integrate(
        zz ** sp.Rational(-13, 3) * bessel_square_mean(zz), (zz, y, sp.oo))
    expr = (magnetostatic_prefactor().subs(mu, mu_p) / (1 - mu_p**2)
            * mean_G.subs(y, magnetostatic_argument().subs(mu, mu_p)))
    return sp.simplify(sp.powdenest(sp.powsimp(expr, force=True), force=True)).subs(mu_p, mu)


def scattering_frequency() -> sp.Expr:
    """a = nu_theta l/v, the model's normalisation of D (seed 001 eq. 5, a definition):
    a = (delta ln(1/eps) + eps^(3/2))/6.  :func:`small_delta_coefficient` shows that the delta
    part of D_mumu/(1-mu^2) is (1/3) delta ln(1/eps) at leading order (twice this)."""
    return (delta * sp.log(1 / eps) + eps ** sp.Rational(3, 2)) / 6
