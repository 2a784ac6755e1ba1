"""Multipole power spectra: the transition hierarchy C_l(T) and the generalised-BGK C_l.

Public API (stable; other topics compare against it):

- :func:`hierarchy_log_cl` / :func:`hierarchy_cl` -- <C_l>(T)/C~_1 of the consecutive
  hierarchy (seed 003 eq. 20 with nu_l = l(l+1) nu) for any l >= 1 and any nu T >= 0;
- :func:`hierarchy_ratios` -- C_l/C_1 for l = 1..lmax (``nu_t=None``: the T -> oo limit, eq. 21);
- :func:`hierarchy_total_power` -- sum_l (2l+1) C_l(T) / (3 C~_1), the quantity eq. 13 says is
  conserved (it is not, for this hierarchy: power escapes to l = oo);
- :func:`generalized_bgk_cl` / :func:`generalized_bgk_ratios` -- C_l for nu_r = nu_0 (1-x)^p,
  ``form="printed"`` (seed 002 eq. 4.7 / 004 eq. 77) or ``form="consistent"`` (the solution of
  eq. 4.6, which eq. 4.7 is not), :func:`generalized_bgk_slope`;
- mpmath references :func:`hierarchy_cl_mpmath`, :func:`generalized_bgk_cl_mpmath`.

Algorithm for C_l(T).  D_l = (2l+1) C_l/(3 C~_1) = sum_n b_{l,n} e^{-n(n+1) nu T} (derived in
:mod:`cranisotropy.derivations.multipoles.hierarchy`).  The alternating spectral sum is summed in float64
with its condition number sum|terms|/|sum| tracked; where that exceeds 100 (small nu T: the sum
cancels catastrophically, as the product-sum form of eq. 20 does everywhere) D_l is obtained
from the Laplace transform D^_l(s) = prod_{m<l} nu_m / prod_{m<=l} (s + nu_m) by a Bromwich
integral along the osculating parabola of the steepest-descent path through the real saddle
point of e^{s tau} D^_l(s).  Along that contour the integrand has no cancellation, so the
trapezoidal rule gives full relative accuracy; everything is carried in logarithms (values down
to e^-10^6 are returned by :func:`hierarchy_log_cl`).  Multipoles whose saddles lie close share
one contour, so the cost is O(lmax x groups x nodes).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numba import njit

from cranisotropy.core.errors import UsageError
from cranisotropy.kernels.generated.generalized_bgk_prefactor import generalized_bgk_prefactor
from cranisotropy.kernels.generated.generalized_bgk_step import generalized_bgk_step
from cranisotropy.kernels.generated.generalized_bgk_weight import generalized_bgk_weight
from cranisotropy.kernels.generated.generalized_bgk_weight_consistent import generalized_bgk_weight_consistent
from cranisotropy.kernels.generated.hierarchy_asymptotic_ratio import hierarchy_asymptotic_ratio_array
from cranisotropy.kernels.generated.hierarchy_bateman_first import (hierarchy_bateman_first,
                                                                     hierarchy_bateman_first_array)
from cranisotropy.kernels.generated.hierarchy_bateman_ratio import hierarchy_bateman_ratio
from cranisotropy.kernels.generated.hierarchy_escaped_power_term import hierarchy_escaped_power_term
from cranisotropy.kernels.generated.hierarchy_rate import hierarchy_rate
from cranisotropy.kernels.generated.hierarchy_total_power_term import hierarchy_total_power_term

#: largest multipole accepted by the public functions (memory/time stay small)
LMAX_LIMIT = 100_000
#: spectral sums whose condition number exceeds this go to the Laplace contour
_MAX_CONDITION = 100.0
#: allowed log-penalty for sharing one contour between multipoles (e^1 loss of headroom)
_SHARE_PENALTY = 1.0
#: trapezoid step in units of the Gaussian width of the saddle
_STEP = 0.35


# --------------------------------------------------------------------------- spectral sum

@njit(cache=True)
def _spectral_log(lmax, tau, logd, condition):
    """log(D_l e^{2 tau}) from the spectral sum, and its condition number, l = 1..lmax."""
    decay = np.empty(lmax + 1)
    for j in range(1, lmax + 1):
        decay[j] = math.exp(-(hierarchy_rate(j) - hierarchy_rate(1.0)) * tau)
    for order in range(1, lmax + 1):
        b = hierarchy_bateman_first(order)
        total = 0.0
        magnitude = 0.0
        for j in range(1, order + 1):
            term = b * decay[j]
            total += term
            magnitude += abs(term)
            if decay[j] == 0.0 or (2 * j + 1) * decay[j] < 1e-18 * abs(total):
                break  # |b_{l,n}| <= 2n+1: the remaining terms are negligible
            if j < order:
                b *= hierarchy_bateman_ratio(order, j)
        if total > 0.0:
            logd[order - 1] = math.log(total)
            condition[order - 1] = magnitude / total
        else:
            logd[order - 1] = -np.inf
            condition[order - 1] = np.inf


# --------------------------------------------------------------------------- Laplace contour

@njit(cache=True)
def _saddle(order, tau):
    """Real saddle c > -nu_1 of s tau - sum_{m<=order} log(s + nu_m): sum 1/(c + nu_m) = tau."""
    lo = 1.0 / tau - hierarchy_rate(1.0)   # 1/(c + nu_1) = tau there, so the sum exceeds tau
    hi = order / tau                       # sum < order/c = tau
    c = 0.5 * (lo + hi)
    for _ in range(300):
        f = -tau
        fp = 0.0
        for q in range(1, order + 1):
            a = c + hierarchy_rate(q)
            f += 1.0 / a
            fp -= 1.0 / (a * a)
        if f > 0.0:
            lo = c
        else:
            hi = c
        step = c - f / fp
        if not (lo < step < hi):
            step = 0.5 * (lo + hi)
        if abs(step - c) <= 4e-16 * abs(step) + 1e-300:
            return step
        c = step
    return c


@njit(cache=True)
def _log1p_complex(wr, wi):
    """log(1 + w) for complex w = wr + i wi, accurate for small |w|."""
    return 0.5 * math.log1p(2.0 * wr + wr * wr + wi * wi), math.atan2(wi, 1.0 + wr)


@njit(cache=True)
def _contour_log(lmax, tau, needed, logd):
    """log(D_l e^{2 tau}) by the Bromwich integral for every l with needed[l-1]; returns the
    number of shared contours used."""
    groups = 0
    order = 1
    while order <= lmax:
        if not needed[order - 1]:
            order += 1
            continue
        first = order
        c = _saddle(first, tau)
        s1 = 0.0
        s2 = 0.0
        for q in range(1, first + 1):
            a = c + hierarchy_rate(q)
            s1 += 1.0 / a
            s2 += 1.0 / (a * a)
        last = first
        while last < lmax and needed[last]:   # extend while the saddle penalty stays small
            a = c + hierarchy_rate(last + 1)
            t1 = s1 + 1.0 / a
            t2 = s2 + 1.0 / (a * a)
            if (t1 - tau) ** 2 / (2.0 * t2) > _SHARE_PENALTY:
                break
            s1, s2 = t1, t2
            last += 1
        groups += 1
        # osculating parabola s = c + mu (2iu - u^2) of the steepest-descent path
        p2 = 0.0
        p3 = 0.0
        for q in range(1, last + 1):
            a = c + hierarchy_rate(q)
            p2 += 1.0 / (a * a)
            p3 += 2.0 / (a * a * a)
        mu = 1.5 * p2 / p3
        h = _STEP / (2.0 * mu * math.sqrt(p2))
        width = last - first + 1
        integral = np.zeros(width)
        k = 0
        while True:
            u = k * h
            zr = -mu * u * u
            zi = 2.0 * mu * u
            dsr = -2.0 * mu * u
            dsi = 2.0 * mu
            accr = zr * tau
            acci = zi * tau
            biggest = 0.0
            for q in range(1, last + 1):
                a = c + hierarchy_rate(q)
                lr, li = _log1p_complex(zr / a, zi / a)
                accr -= lr
                acci -= li
                if q >= first:
                    mod = math.exp(accr)
                    gr = mod * math.cos(acci)
                    gi = mod * math.sin(acci)
                    # g = e^acc ds / (2 pi i); its real part
                    val = (gr * dsi + gi * dsr) / (2.0 * math.pi)
                    integral[q - first] += (1.0 if k == 0 else 2.0) * val * h
                    size = mod * math.hypot(dsr, dsi)
                    if size > biggest:
                        biggest = size
            if k > 0 and biggest < 1e-18 * 2.0 * mu:
                break
            k += 1
            if k > 200000:
                break
        # log prefactor: c tau - sum_{q<l} log(1 + c/nu_q) - log(c + nu_l), Neumaier-summed
        acc = 0.0
        comp = 0.0
        for q in range(1, last + 1):
            if q >= first and needed[q - 1]:
                base = c * tau + 2.0 * tau - math.log(c + hierarchy_rate(q))
                value = base - (acc + comp)
                logd[q - 1] = value + math.log(integral[q - first]) if integral[q - first] > 0.0 else np.nan
            term = math.log1p(c / hierarchy_rate(q))
            tot = acc + term
            if abs(acc) >= abs(term):
                comp += (acc - tot) + term
            else:
                comp += (term - tot) + acc
            acc = tot
        order = last + 1
    return groups


@njit(cache=True)
def _hierarchy_log_d(lmax, tau):
    logd = np.empty(lmax)
    condition = np.empty(lmax)
    _spectral_log(lmax, tau, logd, condition)
    needed = condition > _MAX_CONDITION
    needed[0] = False  # D_1 = e^{-2 tau} exactly
    if needed.any():
        _contour_log(lmax, tau, needed, logd)
    return logd


def _check_lmax(lmax) -> int:
    if isinstance(lmax, (bool, np.bool_)) or not isinstance(lmax, (int, np.integer)):
        raise UsageError(f"lmax must be an integer, got {lmax!r}")
    if not 1 <= lmax <= LMAX_LIMIT:
        raise UsageError(f"lmax must be in [1, {LMAX_LIMIT}], got {lmax}")
    return int(lmax)


def _check_nu_t(nu_t) -> float:
    try:
        value = float(nu_t)
    except (TypeError, ValueError):
        raise UsageError(f"nu T must be a number, got {nu_t!r}") from None
    if math.isnan(value) or value < 0:
        raise UsageError(f"nu T must be >= 0, got {nu_t!r}")
    return value


def _log_weighted_power(lmax: int, nu_t: float) -> np.ndarray:
    """log(D_l e^{2 nu T}) for l = 1..lmax, D_l = (2l+1) C_l/(3 C~_1)."""
    if nu_t == 0.0:
        out = np.full(lmax, -np.inf)
        out[0] = 0.0
        return out
    if nu_t == math.inf:
        return np.log(hierarchy_bateman_first_array(np.arange(1, lmax + 1, dtype=float)))
    return _hierarchy_log_d(lmax, nu_t)


def hierarchy_log_cl(lmax: int, nu_t: float) -> np.ndarray:
    """ln(<C_l>(T) / C~_1) for l = 1..lmax (C~_1: the initial dipole power, C~_l = 0 for l > 1).

    Valid for any nu T >= 0 (``math.inf`` allowed: then -inf, use :func:`hierarchy_ratios`).
    Accuracy: |error of ln C_l| <= 1e-12 + ~2e-16 |ln C_l|, i.e. relative accuracy of C_l better
    than 1e-12 wherever C_l is a normal float64 (|ln C_l| < 708); far below that (e.g. l = 1000
    at nu T = 1e-6, ln C_l = -7896.4) the log keeps ~15 significant digits.

    >>> import numpy as np
    >>> np.exp(hierarchy_log_cl(2, 1.0))  # e^{-2}, (3/5)(e^{-2} - e^{-6})/2
    array([0.13533528, 0.03985696])
    """
    lmax = _check_lmax(lmax)
    nu_t = _check_nu_t(nu_t)
    if nu_t == math.inf:
        return np.full(lmax, -np.inf)
    ells = np.arange(1, lmax + 1, dtype=float)
    return _log_weighted_power(lmax, nu_t) - 2.0 * nu_t + math.log(3.0) - np.log(2 * ells + 1)


def hierarchy_cl(l, nu_t: float, c1_initial: float = 1.0):
    """<C_l>(T) for multipole(s) ``l`` >= 1 after a backtracking time T (nu T = ``nu_t``).

    Seed 003 eq. 20 with nu_l = l(l+1) nu, initial condition C_1(0) = ``c1_initial``,
    C_l(0) = 0 for l >= 2.  ``l`` may be an integer or an array of integers.  Values below
    ~1e-308 underflow to 0; use :func:`hierarchy_log_cl` for them.

    >>> float(hierarchy_cl(1, 0.5))  # = e^{-2 nu T}
    0.36787944117144233
    """
    ells = np.asarray(l)
    if ells.dtype.kind not in "iu" or ells.size == 0 or ells.min() < 1:
        raise UsageError(f"multipoles l must be integers >= 1, got {l!r}")
    lmax = _check_lmax(int(ells.max()))
    logs = hierarchy_log_cl(lmax, nu_t)
    out = c1_initial * np.exp(logs[ells - 1])
    return out if ells.ndim else float(out)


def hierarchy_ratios(lmax: int, nu_t: float | None = None) -> np.ndarray:
    """<C_l>/<C_1> for l = 1..lmax at nu T = ``nu_t`` (None or inf: the T -> oo limit, eq. 21).

    >>> hierarchy_ratios(3)
    array([1.        , 0.3       , 0.12857143])
    """
    lmax = _check_lmax(lmax)
    ells = np.arange(1, lmax + 1, dtype=float)
    if nu_t is None or _check_nu_t(nu_t) == math.inf:
        return hierarchy_asymptotic_ratio_array(ells)
    nu_t = _check_nu_t(nu_t)
    logs = _log_weighted_power(lmax, nu_t)   # D_1 e^{2 nu T} = 1
    return np.exp(logs + math.log(3.0) - np.log(2 * ells + 1))


def hierarchy_asymptotic_ratios(lmax: int) -> np.ndarray:
    """lim_{T->oo} C_l/C_1 = 18/((2l+1)(l+1)(l+2)) (derived; seed 003 eq. 21)."""
    return hierarchy_ratios(lmax, None)


@njit(cache=True)
def _total_power(tau):
    if tau >= 0.5:
        total = 0.0
        j = 1
        while True:
            term = hierarchy_total_power_term(float(j), tau)
            total += term
            if abs(term) < 1e-18 * abs(total) or j > 10000:
                return total
            j += 1
    escaped = 0.0
    j = 0
    while True:
        term = hierarchy_escaped_power_term(float(j), tau)
        escaped += term
        if abs(term) <= 1e-18 * abs(escaped) or j > 10000:
            return 1.0 - escaped
        j += 1


def hierarchy_total_power(nu_t: float) -> float:
    """sum_{l>=1} (2l+1) <C_l>(T) / (3 C~_1) for the consecutive hierarchy.

    Eq. 13 (Liouville) says this stays 1; the hierarchy of eqs. 19-20 with nu_l = l(l+1) nu
    leaks power to l = oo (the pure-birth chain explodes in finite time), so it is
    sum_n (-1)^(n+1) (2n+1) e^{-n(n+1) nu T} < 1 (derived; -> 3 e^{-2 nu T} at large T).

    >>> round(hierarchy_total_power(1.0), 6)
    0.393655
    """
    tau = _check_nu_t(nu_t)
    if tau == 0.0:
        return 1.0
    if tau == math.inf:
        return 0.0
    return float(_total_power(tau))


# --------------------------------------------------------------------------- generalised BGK

def _check_p(p) -> float:
    try:
        value = float(p)
    except (TypeError, ValueError):
        raise UsageError(f"p must be a number in (0, 1), got {p!r}") from None
    if not 0.0 < value < 1.0:
        raise UsageError(f"p must lie strictly between 0 and 1, got {p!r}")
    return value


#: forms of the generalised-BGK spectrum: eq. 4.7 as printed, or the solution of eq. 4.6
BGK_FORMS = ("printed", "consistent")


@njit(cache=True)
def _generalized_bgk(lmax, p, consistent):
    """C_l nu_0/Q_1 for l = 1..lmax: prefactor * R_{l-1} * w(l, p), R by the ratio recurrence."""
    pref, ratio = generalized_bgk_prefactor(p)
    out = np.empty(lmax)
    for order in range(1, lmax + 1):
        if order > 1:
            ratio *= generalized_bgk_step(order - 2.0, p)
        weight = generalized_bgk_weight_consistent(float(order), p) if consistent \
            else generalized_bgk_weight(float(order), p)
        out[order - 1] = pref * ratio * weight
    return out


def _check_form(form: str) -> bool:
    if form not in BGK_FORMS:
        raise UsageError(f"form must be one of {', '.join(BGK_FORMS)}, got {form!r}")
    return form == "consistent"


def generalized_bgk_cl(p: float, lmax: int, q1: float = 1.0, nu0: float = 1.0, form: str = "printed") -> np.ndarray:
    """C_l, l = 1..lmax, for the relative scattering rate nu_r(x) = nu0 (1-x)^p (0 < p < 1).

    ``form="printed"``: seed 002 eq. 4.7 / 004 eq. 77 in closed form,
    C_l = (3/2)(Q_1/nu_0) 2^(1-p) Gamma(1-p)/Gamma(p) [(l+1) R_{l+1} + l R_{l-1}]/(l(l+1)(2l+1)),
    R_n = Gamma(n+p)/Gamma(n+2-p) -- what the papers plot.
    ``form="consistent"``: the actual solution of eq. 4.6 for l >= 1 (eq. 4.7 misses the
    solvability term of the growing monopole): C_l = (3/2)(Q_1/nu_0) 2^(1-p) Gamma(2-p)
    (2-2p)/((2-p) Gamma(p)) Gamma(l-1+p)/Gamma(l+3-p).
    """
    p = _check_p(p)
    lmax = _check_lmax(lmax)
    return q1 / nu0 * _generalized_bgk(lmax, p, _check_form(form))


def generalized_bgk_ratios(p: float, lmax: int, form: str = "printed") -> np.ndarray:
    """C_l/C_1, l = 1..lmax, for nu_r ~ (1-x)^p (seed 002 Fig. 3 uses p = 1/3, 1/2, 2/3).

    >>> generalized_bgk_ratios(0.5, 3).round(6)   # 1, 23/147, 47/882
    array([1.      , 0.156463, 0.053288])
    >>> generalized_bgk_ratios(0.5, 3, form="consistent").round(6)   # 1, 1/7, 1/21
    array([1.      , 0.142857, 0.047619])
    """
    cl = generalized_bgk_cl(p, lmax, form=form)
    return cl / cl[0]


def solve_two_point_equation(x, w, rate, kmax: int, q1: float = 1.0) -> np.ndarray:
    """C_1..C_kmax solving seed 002 eq. 4.6 for l = 1..kmax directly (Galerkin truncation):
    Q_1 delta_l1 = sum_k C_k k(k+1)(2k+1)/2 int nu_r P_l P_k dx, any relative rate nu_r(x).

    ``x``, ``w``: quadrature nodes and weights on [-1, 1]; ``rate``: nu_r at the nodes divided by
    the quadrature's weight function (plain nu_r for Gauss-Legendre).  Converges exponentially
    for smooth nu_r and only algebraically for nu_r ~ (1-x)^p.
    """
    x, w, rate = (np.asarray(a, dtype=float) for a in (x, w, rate))
    kmax = _check_lmax(kmax)
    if not (x.shape == w.shape == rate.shape and x.ndim == 1):
        raise UsageError("x, w and rate must be 1-D arrays of one length")
    P = np.array([np.polynomial.legendre.legval(x, np.eye(kmax + 1)[j]) for j in range(kmax + 1)])
    ks = np.arange(1, kmax + 1)
    A = (P[1:] * (w * rate)) @ P[1:].T * (ks * (ks + 1) * (2 * ks + 1) / 2)[None, :]
    rhs = np.zeros(kmax)
    rhs[0] = q1
    return np.linalg.solve(A, rhs)


def generalized_bgk_slope(p: float) -> float:
    """Large-l power-law index of C_l: d ln C_l / d ln l -> 2p - 4 (derived)."""
    from cranisotropy.derivations.multipoles.relative_diffusion import large_l_exponent, p as p_sym

    return float(large_l_exponent().subs(p_sym, _check_p(p)))


# --------------------------------------------------------------------------- references

@lru_cache(maxsize=None)
def _exact_bateman_coefficients(order: int) -> tuple:
    """b_{l,n}, n = 1..l, as exact fractions from the derived first coefficient and ratio."""
    from fractions import Fraction

    import sympy as sp

    from cranisotropy.derivations.multipoles.hierarchy import bateman_coefficient_first, bateman_coefficient_ratio
    from cranisotropy.derivations.multipoles.hierarchy import l as l_sym, n as n_sym

    first = bateman_coefficient_first().subs(l_sym, order)
    num, den = sp.fraction(sp.together(bateman_coefficient_ratio().subs(l_sym, order)))
    num_c = [int(c) for c in sp.Poly(num, n_sym).all_coeffs()]
    den_c = [int(c) for c in sp.Poly(den, n_sym).all_coeffs()]

    def horner(coeffs, x):
        acc = 0
        for c in coeffs:
            acc = acc * x + c
        return acc

    out = [Fraction(int(first.p), int(first.q))]
    for j in range(1, order):
        out.append(out[-1] * Fraction(horner(num_c, j), horner(den_c, j)))
    return tuple(out)


def _short_time_series(order: int, tau, dps: int):
    """D_l/D_1(0) for nu_l tau <~ 4: prod_{m<l} nu_m tau^(l-1) sum_k (-tau)^k h_k(nu_1..nu_l)/(l-1+k)!.

    The Bateman sum is the divided difference of e^{-tau x} at the rates, whose Taylor series
    has the complete homogeneous symmetric polynomials h_k of the rates as coefficients
    (h_k(nu_1..nu_j) = h_k(nu_1..nu_{j-1}) + nu_j h_{k-1}(nu_1..nu_j)); the terms alternate but
    shrink fast once k > nu_l tau.
    """
    import mpmath

    rates = [int(round(float(hierarchy_rate(float(q))))) for q in range(1, order + 1)]
    with mpmath.workdps(dps + 20):
        t = mpmath.mpf(tau)
        terms = int(4 * rates[-1] * float(tau)) + dps + 40
        h = [mpmath.mpf(1)] + [mpmath.mpf(0)] * terms
        for rate in rates:                         # h_k over the first j rates, j = 1..l
            for k in range(1, terms + 1):
                h[k] += rate * h[k - 1]
        series = mpmath.fsum((-t) ** k * h[k] / mpmath.factorial(order - 1 + k) for k in range(terms + 1))
        prefactor = mpmath.fprod(rates[:-1]) * t ** (order - 1)
        return prefactor * series


def hierarchy_cl_mpmath(l: int, nu_t, dps: int = 30):
    """<C_l>(T)/C~_1 with mpmath (reference; slow where the sums cancel).

    For nu_l T <= 4 the short-time Taylor series of the Bateman sum; otherwise the exact rational
    Bateman coefficients summed at a working precision raised until the result is stable to
    ``dps`` digits (needs ~ pi^2/(4 nu T ln 10) extra digits for large l, small nu T).
    """
    import mpmath

    order = int(l)
    if float(hierarchy_rate(float(order))) * float(nu_t) <= 4.0:
        with mpmath.workdps(dps + 20):
            return +(3 * _short_time_series(order, nu_t, dps) / (2 * order + 1))
    coefficients = _exact_bateman_coefficients(order)
    previous = None
    work = dps + 10
    while True:
        with mpmath.workdps(work):
            tau = mpmath.mpf(nu_t)
            total = mpmath.fsum(mpmath.mpf(c.numerator) / c.denominator * mpmath.exp(-j * (j + 1) * tau)
                                for j, c in enumerate(coefficients, 1))
            value = 3 * total / (2 * order + 1)
            if previous is not None and value != 0 and abs(value - previous) <= abs(value) * mpmath.mpf(10) ** (-dps - 3):
                return +value
            previous = value
        work *= 2


def generalized_bgk_cl_mpmath(p, l: int, dps: int = 30, form: str = "printed"):
    """C_l nu_0/Q_1 by direct tanh-sinh quadrature: (3/2)/(l(l+1)) int x P_l/(1-x)^p dx
    (eq. 4.7), minus kappa int P_l/(1-x)^p dx with kappa = int x/nu_r / int 1/nu_r for
    ``form="consistent"``."""
    import mpmath

    consistent = _check_form(form)
    with mpmath.workdps(dps + 10):
        pp = mpmath.mpf(p)
        order = int(l)
        # u = (1-x)^(1-p) removes the endpoint singularity: (1-x)^-p dx = -du/(1-p)
        top = mpmath.mpf(2) ** (1 - pp)
        nodes = mpmath.linspace(0, top, max(2, order // 2 + 2))

        def weighted(g):
            return mpmath.quad(lambda u: g(1 - u ** (1 / (1 - pp))), nodes) / (1 - pp)

        value = weighted(lambda x: x * mpmath.legendre(order, x))
        if consistent:
            kappa = weighted(lambda x: x) / weighted(lambda x: 1)
            value -= kappa * weighted(lambda x: mpmath.legendre(order, x))
        return +(mpmath.mpf(3) / 2 / (order * (order + 1)) * value)
