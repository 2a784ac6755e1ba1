"""Spherical harmonics in numbers: normalised Legendre functions and multipoles by quadrature.

Seed 004 eqs. (14)-(15): Y_lm(pi/2 - delta, alpha) with the Condon–Shortley phase (as healpy,
scipy and sympy), a_lm = int dOmega conj(Y_lm) dI.  The quadrature on the sphere is
:func:`cranisotropy.numerics.multipoles.sphere.sphere_quadrature` (Gauss–Legendre in
cos(theta) times the trapezoid rule in the azimuth), exact for band-limited integrands.

>>> alm = alm_by_quadrature(lambda theta, phi: np.cos(theta), 1, nodes=4)
>>> round(alm[(1, 0)].real, 12)                      # cos(theta) = sqrt(4 pi / 3) Y_10
2.046653415893
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np


def normalized_legendre(lmax: int, m: int, x) -> np.ndarray:
    """lambda_lm(x) = Y_lm(arccos x, 0) for l = 0..lmax (rows; zero for l < m), Condon–Shortley.

    Standard stable three-term recursion in l at fixed m >= 0.

    Parameters
    ----------
    lmax, m : int
        Largest degree and the order (``0 <= m``).
    x : array_like
        cos(colatitude) = sin(declination), in [-1, 1].

    Returns
    -------
    ndarray, shape (lmax + 1, len(x))

    Examples
    --------
    >>> round(float(normalized_legendre(1, 0, [1.0])[1, 0]), 12)      # sqrt(3 / 4 pi)
    0.488602511903
    """
    x = np.atleast_1d(np.asarray(x, dtype=float))
    out = np.zeros((lmax + 1, x.size))
    if m > lmax:
        return out
    sin_theta = np.sqrt(np.clip(1.0 - x * x, 0.0, None))
    value = np.full(x.size, 1.0 / math.sqrt(4.0 * math.pi))
    for k in range(1, m + 1):
        value = -math.sqrt((2.0 * k + 1.0) / (2.0 * k)) * sin_theta * value
    out[m] = value
    if m + 1 <= lmax:
        out[m + 1] = x * math.sqrt(2.0 * m + 3.0) * value
    for l in range(m + 2, lmax + 1):
        a = math.sqrt((4.0 * l * l - 1.0) / (l * l - m * m))
        b = math.sqrt(((l - 1.0) ** 2 - m * m) / (4.0 * (l - 1.0) ** 2 - 1.0))
        out[l] = a * (x * out[l - 1] - b * out[l - 2])
    return out


def alm_by_quadrature(func: Callable, lmax: int, *, nodes: int = 40) -> dict[tuple[int, int], complex]:
    """a_lm = int dOmega conj(Y_lm) f for all l <= lmax, -l <= m <= l (seed 004 eq. 15), by quadrature.

    ``func(theta, phi)`` is evaluated on the nodes of ``sphere_quadrature(nodes)`` (colatitude
    theta, azimuth phi, radians); Y_lm from :func:`scipy.special.sph_harm_y`.  Exact when f is
    band-limited with degree below 2 ``nodes`` - lmax.

    Returns
    -------
    dict
        ``{(l, m): a_lm}``.
    """
    from scipy.special import sph_harm_y

    from cranisotropy.numerics.multipoles.sphere import sphere_quadrature

    points, weights = sphere_quadrature(nodes)
    theta = np.arccos(np.clip(points[:, 2], -1.0, 1.0))
    phi = np.arctan2(points[:, 1], points[:, 0])
    weighted = weights * func(theta, phi)
    return {(l, m): complex(np.sum(weighted * np.conj(sph_harm_y(l, m, theta, phi))))
            for l in range(lmax + 1) for m in range(-l, l + 1)}
