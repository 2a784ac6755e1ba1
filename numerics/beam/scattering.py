"""Pitch-angle scattering by the Goldreich–Sridhar spectrum, evaluated (seed 001, eqs. 1–5).

The formulas are those of :mod:`cranisotropy.derivations.beam.scattering`, through the kernels
printed from it: the integrand over kappa = k_perp l of the reconstructed eq. (2) and its
period-averaged envelope, the integrand of the magnetostatic peak profile G(y), and the closed
forms of eqs. (3)–(5).  This module adds the quadratures.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import quad

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result


def _oscillatory_pieces(start: float, stop: float) -> list[float]:
    """Breakpoints from ``start`` to ``stop``: every pi up to z = 100, then every 10 pi."""
    out = [start]
    while out[-1] < stop:
        out.append(min(stop, out[-1] + (math.pi if out[-1] < 100 else 10 * math.pi)))
    return out


def _check_eps_delta(eps: float, delta: float) -> None:
    if not 0 < eps < 1:
        raise UsageError(f"eps = r_g/l must lie in (0, 1), got {eps}")
    if not 0 <= delta < 1:
        raise UsageError(f"delta = V_A/v must lie in [0, 1), got {delta}")


def _coefficient(m: float, eps: float, delta: float, z_average: float) -> float:
    from cranisotropy.kernels.generated.beam_scattering_envelope import beam_scattering_envelope
    from cranisotropy.kernels.generated.beam_scattering_integrand import beam_scattering_integrand

    rho = eps * math.sqrt((1 - m) * (1 + m))  # z = kappa rho
    kappa_res = (eps * m) ** -1.5
    width = 5.0 * delta / m + 1e-12  # relative width of the resonance step in kappa
    res_breaks = [kappa_res * (1 - width), kappa_res, kappa_res * (1 + width)]

    def integrate(kernel, lo, hi, epsabs=0.0):
        if hi <= lo:
            return 0.0
        cuts = [lo, *sorted(x for x in res_breaks if lo < x < hi), hi]
        total = 0.0
        for x0, x1 in zip(cuts[:-1], cuts[1:]):
            total += quad(lambda t: kernel(math.exp(t), m, eps, delta) * math.exp(t),
                          math.log(x0), math.log(x1), limit=200, epsabs=epsabs, epsrel=1e-11)[0]
        return total

    kappa_z1 = max(1.0, 1.0 / rho)
    total = integrate(beam_scattering_integrand, 1.0, kappa_z1)
    z_avg = max(z_average, 2 * kappa_z1 * rho)
    pieces = _oscillatory_pieces(kappa_z1 * rho, z_avg)
    for z0, z1 in zip(pieces[:-1], pieces[1:]):
        total += integrate(beam_scattering_integrand, z0 / rho, z1 / rho)
    kappa_avg = z_avg / rho
    far = max(kappa_avg, kappa_res) * 1e12  # the envelope decays at least as kappa^(-10/3)
    return total + integrate(beam_scattering_envelope, kappa_avg, far, epsabs=1e-14 * abs(total))


def gs_scattering_coefficient(mu, eps: float, delta: float, *, z_average: float = 2000.0):
    """Pitch-angle diffusion coefficient D_mumu of the Goldreich–Sridhar spectrum (seed 001 eq. 2).

    Quadrature over kappa = k_perp l of the reconstructed quasi-linear integrand (gyro-resonances
    n = +-1, Lorentzian resonance broadening by the eddy decorrelation): up to z = 1 in ln kappa
    with breakpoints around the resonance kappa_* = (eps mu)^(-3/2), then in steps of pi in
    z = kappa eps sqrt(1-mu^2) (10 pi beyond z = 100) up to ``z_average``, beyond which the
    period-averaged envelope is integrated (relative error O(1/z_average) on that part only).

    Parameters
    ----------
    mu : float or array_like
        Cosine of the pitch angle, 0 < abs(mu) < 1 (D_mumu is even in mu).
    eps : float
        r_g/l, the gyroradius over the outer scale of the turbulence, in (0, 1).
    delta : float
        V_A/v, the Alfvén speed over the particle speed, in [0, 1) (0: magnetostatic limit).
    z_average : float, keyword-only
        Where the oscillating integrand is replaced by its period average.

    Returns
    -------
    float or numpy.ndarray
        D_mumu in units of v/l (same shape as ``mu``).

    See Also
    --------
    gs_peak_profile : the delta -> 0 limit near mu = 1.
    gs_scattering_forms : the closed forms of eqs. (3)-(5).

    Examples
    --------
    >>> from cranisotropy import gs_scattering_coefficient
    >>> round(gs_scattering_coefficient(0.5, 1e-3, 1e-4), 7)
    0.0001857
    """
    _check_eps_delta(eps, delta)
    m = np.abs(np.asarray(mu, dtype=float))
    if np.any(~((m > 0) & (m < 1))):
        raise UsageError(f"need 0 < |mu| < 1, got mu = {mu}")
    out = np.array([_coefficient(float(x), eps, delta, z_average) for x in m.ravel()])
    return float(out[0]) if m.ndim == 0 else out.reshape(m.shape)


def gs_peak_profile(y, *, z_max: float = 2000.0):
    """Magnetostatic peak profile G(y) = (4/3) y^(4/3) int_y^oo z^(-13/3) J_1(z)^2 dz (seed 001 eq. 4).

    In the delta -> 0 limit of eq. (2), D_mumu l/v = (pi/2) mu (1-mu^2) G(y) with
    y = sqrt(1-mu^2)/(eps^(1/2) mu^(3/2)); G(0) = 1/4 is the normalisation of eq. (4).  The
    integrand is the generated kernel; quadrature in steps of pi, and beyond ``z_max`` the mean
    J_1^2 ~ 1/(pi z) is integrated exactly.

    Parameters
    ----------
    y : float or array_like
        The argument, > 0.
    z_max : float, keyword-only
        Start of the period-averaged tail.

    Returns
    -------
    float or numpy.ndarray
        G(y), same shape as ``y``.

    Examples
    --------
    >>> from cranisotropy import gs_peak_profile
    >>> round(gs_peak_profile(1e-4), 6)
    0.249999
    """
    from cranisotropy.kernels.generated.beam_magnetostatic_integrand import (
        beam_magnetostatic_integrand)

    ys = np.asarray(y, dtype=float)
    if np.any(~(ys > 0)):
        raise UsageError(f"y must be > 0, got {y}")

    def profile(yy: float) -> float:
        top = max(z_max, 10 * yy)
        pieces = _oscillatory_pieces(yy, top)
        total = sum(quad(beam_magnetostatic_integrand, lo, hi, limit=200, epsabs=0.0, epsrel=1e-13)[0]
                    for lo, hi in zip(pieces[:-1], pieces[1:]))
        total += 3.0 / (13.0 * math.pi) * top ** (-13.0 / 3.0)  # int_top^oo z^(-13/3)/(pi z)
        return 4.0 / 3.0 * yy ** (4.0 / 3.0) * total

    out = np.array([profile(float(v)) for v in ys.ravel()])
    return float(out[0]) if ys.ndim == 0 else out.reshape(ys.shape)


@dataclass(frozen=True)
class ScatteringForms(Result):
    """The closed forms of seed 001 eqs. (3)-(5) at given mu (arrays), D_mumu in units of v/l."""

    #: eq. (4) leading term, (pi/2)(1-mu^2)(J_1(y)/y)^2, y = sqrt((1-mu^2)/eps)
    bessel_peak: np.ndarray
    #: eq. (3) as derived: (1/3) delta (1-mu^2)[ln(1/eps) - ln(1-mu^2)/2 + 1/4 + ln 2 - gamma_E]
    small_delta: np.ndarray
    #: eq. (5): a = nu_theta l/v = (delta ln(1/eps) + eps^(3/2))/6 (the model's normalisation)
    frequency: float


def gs_scattering_forms(mu, eps: float, delta: float) -> ScatteringForms:
    """The approximations of D_mumu that seed 001 uses: the Bessel peak, the small-delta form, nu_theta.

    Parameters
    ----------
    mu : float or array_like
        Cosine of the pitch angle, -1 < mu < 1.
    eps : float
        r_g/l, in (0, 1).
    delta : float
        V_A/v, in [0, 1).

    Returns
    -------
    ScatteringForms
        ``bessel_peak`` (eq. 4 without its y^(4/3) term), ``small_delta`` (eq. 3 as derived:
        coefficient 1/3, not the printed 1/6) as arrays shaped like ``mu``, and ``frequency``
        (eq. 5, a = nu_theta l/v), all in units of v/l.

    See Also
    --------
    gs_scattering_coefficient : the full quadrature these approximate.

    Examples
    --------
    >>> from cranisotropy import gs_scattering_forms
    >>> f = gs_scattering_forms(0.5, 1e-3, 1e-4)
    >>> round(float(f.small_delta), 7), round(f.frequency, 7)
    (0.0001854, 0.0001204)
    """
    from cranisotropy.kernels.generated.beam_bessel_peak import beam_bessel_peak_array
    from cranisotropy.kernels.generated.beam_scattering_frequency import beam_scattering_frequency
    from cranisotropy.kernels.generated.beam_small_delta import beam_small_delta_array

    _check_eps_delta(eps, delta)
    m = np.asarray(mu, dtype=float)
    if np.any(~(np.abs(m) < 1)):
        raise UsageError(f"need |mu| < 1, got mu = {mu}")
    flat = np.atleast_1d(m).ravel()
    peak = beam_bessel_peak_array(flat, eps).reshape(m.shape)
    small = beam_small_delta_array(flat, eps, delta).reshape(m.shape)
    return ScatteringForms(peak, small, float(beam_scattering_frequency(eps, delta)))


def gs_spectrum_integral(l_scale: float = 1.7, V_A: float = 0.3) -> float:
    """int I d^3k of the generated eq. (1) kernel by 2-D quadrature (k_perp >= 1/l, tau = 0).

    An independent check of the normalisation 1/(6 pi): the k_par integral runs over a box wider
    than the GS cone (with the cone edges as breakpoints), the k_perp integral in ln k_perp.

    >>> round(gs_spectrum_integral(), 9)
    1.0
    """
    import sympy as sp

    from cranisotropy.derivations.beam import scattering as bs
    from cranisotropy.kernels.generated.beam_gs_spectrum import beam_gs_spectrum

    cutoff = sp.lambdify((bs.k_perp, bs.l), bs.parallel_cutoff(), "math")

    def radial(t):  # k_perp = e^t / l
        kp = math.exp(t) / l_scale
        cone = cutoff(kp, l_scale)
        inner = quad(lambda kq: beam_gs_spectrum(kp, kq, l_scale, 0.0, V_A), -1.5 * cone, 1.5 * cone,
                     points=[-cone, cone], epsabs=0.0, epsrel=1e-12, limit=200)[0]
        return 2 * math.pi * kp * inner * kp

    return quad(radial, 0.0, 60.0, epsabs=0.0, epsrel=1e-11, limit=400)[0]
