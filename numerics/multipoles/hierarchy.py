"""The consecutive multipole hierarchy C_l(T) (seed 003 eqs. 13, 19-21).

Public functions (re-exported by :mod:`cranisotropy.numerics.multipoles`):

- :func:`hierarchy_log_cl` / :func:`hierarchy_cl` -- <C_l>(T)/C~_1 of the consecutive
  hierarchy (seed 003 eq. 20 with nu_l = l(l+1) nu) for any l >= 1 and any nu T >= 0;
- :func:`hierarchy_ratios` -- C_l/C_1 for l = 1..lmax (``nu_t=None``: the T -> oo limit, eq. 21);
- :func:`hierarchy_total_power` -- sum_l (2l+1) C_l(T) / (3 C~_1), the quantity eq. 13 says is
  conserved (it is not, for this hierarchy: power escapes to l = oo);
- references: :func:`hierarchy_cl_mpmath` (exact rational coefficients, adaptive precision) and
  :func:`hierarchy_cl_ode` (the chain integrated by LSODA).

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
from cranisotropy.kernels.generated.hierarchy_asymptotic_ratio import hierarchy_asymptotic_ratio_array
from cranisotropy.kernels.generated.hierarchy_bateman_first import (hierarchy_bateman_first,
                                                                     hierarchy_bateman_first_array)
from cranisotropy.kernels.generated.hierarchy_bateman_ratio import hierarchy_bateman_ratio
from cranisotropy.kernels.generated.hierarchy_escaped_power_term import hierarchy_escaped_power_term
from cranisotropy.kernels.generated.hierarchy_rate import hierarchy_rate, hierarchy_rate_array
from cranisotropy.kernels.generated.hierarchy_total_power_term import hierarchy_total_power_term
from cranisotropy.numerics.multipoles import _inputs

__all__ = ["hierarchy_log_cl", "hierarchy_cl", "hierarchy_ratios", "hierarchy_total_power",
           "hierarchy_cl_mpmath", "hierarchy_cl_ode"]

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
    """Logarithm ln(<C_l>(T)/C~_1) of the hierarchy's spectrum for l = 1..lmax.

    C~_1 is the initial dipole power (C~_l = 0 for l > 1); no underflow, so values far below
    the float64 range (e.g. l = 1000 at nu T = 1e-6, ln C_l = -7896.4) are returned.

    Parameters
    ----------
    lmax : int
        Largest multipole, 1..100000.
    nu_t : float
        nu T >= 0, the backtracking time T in units of 1/nu (nu: the scattering rate of seed 003
        eq. 18); ``math.inf`` gives -inf everywhere (use :func:`hierarchy_ratios` for the limit).

    Returns
    -------
    ndarray
        ln C_l/C~_1 for l = 1..lmax.  Accuracy: ``|error of ln C_l| <= 1e-12 + 2e-16 |ln C_l|``.

    See Also
    --------
    hierarchy_cl, hierarchy_cl_mpmath

    Examples
    --------
    >>> import numpy as np
    >>> from cranisotropy import hierarchy_log_cl
    >>> np.exp(hierarchy_log_cl(2, 1.0))  # e^{-2}, (3/5)(e^{-2} - e^{-6})/2
    array([0.13533528, 0.03985696])
    """
    lmax = _inputs.lmax(lmax)
    nu_t = _inputs.nu_t(nu_t)
    if nu_t == math.inf:
        return np.full(lmax, -np.inf)
    ells = np.arange(1, lmax + 1, dtype=float)
    return _log_weighted_power(lmax, nu_t) - 2.0 * nu_t + math.log(3.0) - np.log(2 * ells + 1)


def hierarchy_cl(l, nu_t: float, c1_initial: float = 1.0):
    """Multipole power <C_l>(T) of the consecutive hierarchy after a backtracking time T.

    Seed 003 eq. 20 with nu_l = l(l+1) nu, from C_1(0) = ``c1_initial``, C_l(0) = 0 for l >= 2.

    Parameters
    ----------
    l : int or array_like of int
        Multipole(s), >= 1.
    nu_t : float
        nu T >= 0 (nu: the scattering rate of seed 003 eq. 18).
    c1_initial : float
        The initial dipole power C~_1.

    Returns
    -------
    float or ndarray
        <C_l>(T), shaped like ``l``.  Values below ~1e-308 underflow to 0; use
        :func:`hierarchy_log_cl` for them.

    Examples
    --------
    >>> from cranisotropy import hierarchy_cl
    >>> hierarchy_cl(1, 0.5)  # = e^{-2 nu T}
    0.36787944117144233
    """
    ells = np.asarray(l)
    if ells.dtype.kind not in "iu" or ells.size == 0 or ells.min() < 1:
        raise UsageError(f"multipoles l must be integers >= 1, got {l!r}")
    lmax = _inputs.lmax(int(ells.max()), "largest l")
    logs = hierarchy_log_cl(lmax, nu_t)
    out = _inputs.number("c1_initial", c1_initial) * np.exp(logs[ells - 1])
    return out if ells.ndim else float(out)


def hierarchy_ratios(lmax: int, nu_t: float | None = None) -> np.ndarray:
    """Ratios <C_l>/<C_1>, l = 1..lmax, of the consecutive hierarchy at time T.

    Parameters
    ----------
    lmax : int
        Largest multipole.
    nu_t : float or None
        nu T >= 0; None or ``math.inf``: the T -> oo limit 18/((2l+1)(l+1)(l+2)) (seed 003
        eq. 21, derived in :func:`cranisotropy.derivations.multipoles.hierarchy.asymptotic_ratio`).

    Returns
    -------
    ndarray
        C_l/C_1 for l = 1..lmax.

    Examples
    --------
    >>> from cranisotropy import hierarchy_ratios
    >>> hierarchy_ratios(3)
    array([1.        , 0.3       , 0.12857143])
    """
    lmax = _inputs.lmax(lmax)
    ells = np.arange(1, lmax + 1, dtype=float)
    if nu_t is None or _inputs.nu_t(nu_t) == math.inf:
        return hierarchy_asymptotic_ratio_array(ells)
    logs = _log_weighted_power(lmax, _inputs.nu_t(nu_t))   # D_1 e^{2 nu T} = 1
    return np.exp(logs + math.log(3.0) - np.log(2 * ells + 1))

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
    """Total power sum_{l>=1} (2l+1) <C_l>(T) / (3 C~_1) left in the consecutive hierarchy.

    Eq. 13 (Liouville) says this stays 1; the hierarchy of eqs. 19-20 with nu_l = l(l+1) nu
    leaks power to l = oo (the pure-birth chain explodes in finite time), so it is
    sum_n (-1)^(n+1) (2n+1) e^{-n(n+1) nu T} < 1 (derived; -> 3 e^{-2 nu T} at large T).

    Parameters
    ----------
    nu_t : float
        nu T >= 0.

    Returns
    -------
    float
        The fraction of the initial power, from the large-T series (nu T >= 0.5) or its
        Poisson-summed small-T form (generated kernels).

    Examples
    --------
    >>> from cranisotropy import hierarchy_total_power
    >>> round(hierarchy_total_power(1.0), 6)
    0.393655
    """
    tau = _inputs.nu_t(nu_t)
    if tau == 0.0:
        return 1.0
    if tau == math.inf:
        return 0.0
    return float(_total_power(tau))


def hierarchy_cl_ode(lmax: int, nu_t: float, *, rtol: float = 1e-11) -> np.ndarray:
    """Reference <C_l>(T)/C~_1, l = 1..lmax, by integrating the hierarchy as a stiff ODE.

    dD_l/dT = -nu_l D_l + nu_{l-1} D_{l-1} (seed 003 eq. 19, consecutive transitions,
    D_l = (2l+1) C_l, rates nu_l from the generated ``hierarchy_rate`` kernel) from D_1 = 3,
    by LSODA with the exact Jacobian; independent of the closed form of eq. 20.

    Parameters
    ----------
    lmax : int
        Largest multipole (the chain is truncated there; no feedback from higher l).
    nu_t : float
        nu T >= 0.
    rtol : float
        Relative tolerance (the absolute tolerance is 1e-20: entries below ~1e-10 carry no
        relative accuracy).

    Returns
    -------
    ndarray
        C_l/C~_1 for l = 1..lmax.

    Examples
    --------
    >>> from cranisotropy import hierarchy_cl_ode
    >>> hierarchy_cl_ode(2, 1.0).round(8)
    array([0.13533528, 0.03985696])
    """
    from scipy.integrate import solve_ivp

    lmax = _inputs.lmax(lmax)
    tau = _inputs.number("nu T", nu_t, nonnegative=True)
    rate = hierarchy_rate_array(np.arange(1, lmax + 1, dtype=float))
    J = np.diag(-rate) + np.diag(rate[:-1], -1)
    D0 = np.zeros(lmax)
    D0[0] = 3.0
    sol = solve_ivp(lambda _t, D: J @ D, (0, tau), D0, method="LSODA", jac=lambda _t, _D: J,
                    rtol=rtol, atol=1e-20)
    return sol.y[:, -1] / (2 * np.arange(1, lmax + 1) + 1)

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


def hierarchy_cl_mpmath(l: int, nu_t, *, dps: int = 30):
    """Reference <C_l>(T)/C~_1 of the hierarchy with mpmath (slow where the sums cancel).

    For nu_l T <= 4 the short-time Taylor series of the Bateman sum (complete homogeneous
    symmetric polynomials of the rates); otherwise the exact rational Bateman coefficients
    summed at a working precision raised until the result is stable to ``dps`` digits (needs
    ~ pi^2/(4 nu T ln 10) extra digits for large l, small nu T).

    Parameters
    ----------
    l : int
        Multipole, >= 1.
    nu_t : float or mpmath number
        nu T > 0.
    dps : int
        Decimal digits of the result.

    Returns
    -------
    mpmath.mpf
        <C_l>(T)/C~_1.

    Examples
    --------
    >>> from cranisotropy import hierarchy_cl_mpmath
    >>> round(float(hierarchy_cl_mpmath(2, 1.0, dps=20)), 12)   # (3/10)(e^-2 - e^-6)
    0.039856959318
    """
    import mpmath

    order = _inputs.integer("l", l, 1, _inputs.LMAX_LIMIT)
    if not float(nu_t) > 0:
        raise UsageError(f"nu T must be > 0, got {nu_t!r}")
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
