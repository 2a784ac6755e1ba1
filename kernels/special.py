"""Bessel functions J0 and J1 in pure numba (so kernels that call them stay disk-cacheable).

Three algorithms, chosen by |x|:

- |x| <= 1.5: the power series sum_k (-1)^k (x/2)^(2k+n) / (k! (k+n)!) (cancellation <= 3x);
- 1.5 < |x| < 25: Miller's backward recurrence J_{n-1} = (2n/x) J_n - J_{n+1}, normalised by
  J_0 + 2 sum_k J_{2k} = 1 (DLMF 10.12.4);
- |x| >= 25: Hankel's asymptotic expansion (DLMF 10.17.3) with cos/sin of x itself, so the
  phase x - pi/4 - n pi/2 never loses digits to a rounded pi.

Absolute error <= 1e-16 * max(1, |J|) against mpmath (tests/test_special.py); near a zero of
J_n the *relative* error grows as it must for any method with absolute accuracy.
"""
from __future__ import annotations

import math

from numba import njit

_SERIES_MAX = 1.5
_ASYMPTOTIC_MIN = 25.0


@njit(cache=True)
def _series(n, x):
    half = 0.5 * x
    term = 1.0 if n == 0 else half
    total = term
    q = -half * half
    for k in range(1, 40):
        term *= q / (k * (k + n))
        total += term
        if abs(term) < 1e-17 * abs(total):
            break
    return total


@njit(cache=True)
def _miller(x):
    """(J0(x), J1(x)) for 0 < x < 25 by backward recurrence."""
    start = int(x + 12.0 * x ** (1.0 / 3.0) + 30.0)
    start += start % 2
    j_next = 0.0  # J_{n+1}
    j_n = 1e-30  # J_n, n = start
    total = 0.0  # 2 * sum of even-order terms, n >= 2
    j1 = 0.0
    for n in range(start, 0, -1):
        j_prev = (2.0 * n / x) * j_n - j_next
        j_next, j_n = j_n, j_prev
        if n - 1 == 1:
            j1 = j_n
        if (n - 1) % 2 == 0 and n - 1 > 0:
            total += 2.0 * j_n
        if abs(j_n) > 1e250:  # rescale to avoid overflow
            j_n *= 1e-250
            j_next *= 1e-250
            total *= 1e-250
            j1 *= 1e-250
    norm = j_n + total
    return j_n / norm, j1 / norm


@njit(cache=True)
def _hankel(n, x):
    """J_n(x), n in {0, 1}, for x >= 25 from P, Q of DLMF 10.17.3."""
    mu4 = 4.0 * n * n
    p = 1.0
    q = 0.0
    term = 1.0
    inv8x = 1.0 / (8.0 * x)
    last = 1e300
    for k in range(1, 60):
        term *= (mu4 - (2 * k - 1) ** 2) * inv8x / k
        if abs(term) > last:  # asymptotic series: stop before it diverges
            break
        last = abs(term)
        if k % 2 == 1:
            q += term if (k // 2) % 2 == 0 else -term
        else:
            p += term if (k // 2) % 2 == 0 else -term
        if abs(term) < 1e-18:
            break
    c, s = math.cos(x), math.sin(x)
    if n == 0:  # chi = x - pi/4
        cos_chi, sin_chi = (c + s), (s - c)
    else:  # chi = x - 3 pi/4
        cos_chi, sin_chi = (s - c), -(s + c)
    return math.sqrt(1.0 / (math.pi * x)) * (p * cos_chi - q * sin_chi)


@njit(cache=True)
def j0(x):
    """Bessel function of the first kind of order 0 (float64 in, float64 out)."""
    ax = abs(x)
    if ax <= _SERIES_MAX:
        return _series(0, ax)
    if ax < _ASYMPTOTIC_MIN:
        return _miller(ax)[0]
    if math.isinf(ax):
        return 0.0
    return _hankel(0, ax)


@njit(cache=True)
def j1(x):
    """Bessel function of the first kind of order 1 (float64 in, float64 out)."""
    ax = abs(x)
    if ax <= _SERIES_MAX:
        value = _series(1, ax)
    elif ax < _ASYMPTOTIC_MIN:
        value = _miller(ax)[1]
    elif math.isinf(ax):
        value = 0.0
    else:
        value = _hankel(1, ax)
    return -value if x < 0 else value
