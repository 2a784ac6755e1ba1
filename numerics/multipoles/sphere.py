"""Functions on the sphere of directions: quadrature, HEALPix spectra, test maps and rotations.

Independent numerical methods behind the multipole checks (seed 003 eqs. 7-18, seed 002
eqs. 1.1-2.2, 4.3, seed 004 eqs. 40-44, 65): exact quadrature rules, the healpy spectrum of a
function of direction, random band-limited and area-preserving maps, the ring average that
defines the correlation function, white-noise rotations (Brownian motion on the sphere) and
the spectrum of the Legendre operator by collocation.  Directions are unit vectors, arrays of
shape (n, 3); ``rng`` is a :class:`numpy.random.Generator`.

>>> nodes, weights = sphere_quadrature(4)
>>> round(float(weights.sum() / (4 * np.pi)), 12), round(float(weights @ nodes[:, 2]**2 * 3 / (4 * np.pi)), 12)
(1.0, 1.0)
"""
from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["sphere_quadrature", "healpix_directions", "healpix_spectrum", "random_polynomial_map",
           "twist_map", "twisted_dipole_power", "ring_correlation", "double_integral_spectrum",
           "rotational_diffusion", "legendre_moments", "legendre_operator_eigenvalues", "white_noise_spectra"]


def sphere_quadrature(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights on the unit sphere, exact for polynomials of degree < 2n.

    Gauss-Legendre in cos(theta) times the 2n-point trapezoid rule in phi.

    Parameters
    ----------
    n : int
        Number of Gauss-Legendre nodes in cos(theta).

    Returns
    -------
    nodes : ndarray, shape (2 n^2, 3)
        Unit vectors.
    weights : ndarray, shape (2 n^2,)
        Weights summing to 4 pi.
    """
    mu, w = np.polynomial.legendre.leggauss(n)
    phi = np.arange(2 * n) * np.pi / n
    Mu, Ph = np.meshgrid(mu, phi, indexing="ij")
    W = np.repeat(w[:, None], 2 * n, axis=1) * np.pi / n
    s = np.sqrt(1 - Mu**2)
    return np.stack([s * np.cos(Ph), s * np.sin(Ph), Mu], axis=-1).reshape(-1, 3), W.ravel()


def healpix_directions(nside: int) -> np.ndarray:
    """Unit vectors of the HEALPix pixel centres (RING order), shape (12 nside^2, 3).

    >>> healpix_directions(1).shape
    (12, 3)
    """
    import healpy as hp

    return np.array(hp.pix2vec(nside, np.arange(hp.nside2npix(nside)))).T


def healpix_spectrum(f: Callable[[np.ndarray], np.ndarray] | np.ndarray, nside: int = 32, lmax: int | None = None,
                     iterations: int = 3) -> np.ndarray:
    """Angular power spectrum C_l = sum_m |a_lm|^2/(2l+1) of ``f`` sampled on HEALPix pixels.

    Parameters
    ----------
    f : callable or ndarray
        Function of directions (n, 3) -> values (n,), or the map itself (12 nside^2 values, RING).
    nside : int
        HEALPix resolution.
    lmax : int, optional
        Largest multipole (default 3 nside - 1).
    iterations : int
        Jacobi iterations of ``healpy.anafast`` (3 removes most of the pixel-quadrature error).

    Returns
    -------
    ndarray
        C_0 .. C_lmax.

    >>> cl = healpix_spectrum(lambda p: p[:, 2], nside=8, lmax=2)   # p_z: C_1 = 4 pi/9
    >>> round(float(cl[1] * 9 / (4 * np.pi)), 6)
    1.0
    """
    import healpy as hp

    values = f(healpix_directions(nside)) if callable(f) else np.asarray(f, dtype=float)
    return hp.anafast(values, lmax=lmax if lmax is not None else 3 * nside - 1, iter=iterations)


def random_polynomial_map(rng: np.random.Generator, degree: int = 4) -> Callable[[np.ndarray], np.ndarray]:
    """A random real polynomial of the direction, of degree <= ``degree`` (band-limited: l <= degree).

    Each monomial p_x^a p_y^b p_z^c with a + b + c <= degree gets a standard-normal coefficient.
    """
    exps = [(a, b, c) for a in range(degree + 1) for b in range(degree + 1 - a) for c in range(degree + 1 - a - b)]
    coef = rng.normal(size=len(exps))

    def f(p):
        p = np.atleast_2d(p)
        return sum(cf * p[:, 0] ** a * p[:, 1] ** b * p[:, 2] ** c for cf, (a, b, c) in zip(coef, exps))
    return f


def _rotate(p: np.ndarray, axis: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """Rodrigues' rotation of the rows of ``p`` about unit ``axis`` (one per row or shared)."""
    angle = angle[:, None]
    return p * np.cos(angle) + np.cross(axis, p) * np.sin(angle) \
        + axis * np.sum(axis * p, axis=-1, keepdims=True) * (1 - np.cos(angle))


def twist_map(rng: np.random.Generator, twists: int = 5, strength: float = 1.2) -> Callable[[np.ndarray], np.ndarray]:
    """A random area-preserving map of the sphere (a stand-in for Liouville transport).

    Each twist rotates p about a random axis a by an angle that depends only on a.p: it keeps
    a.p and shears the circles around a, so it preserves area.

    >>> twist = twist_map(np.random.default_rng(0))
    >>> bool(np.allclose(np.linalg.norm(twist(np.eye(3)), axis=1), 1.0))
    True
    """
    axes = rng.normal(size=(twists, 3))
    axes /= np.linalg.norm(axes, axis=1, keepdims=True)
    freq = rng.uniform(1, 3, twists)
    phase = rng.uniform(0, 2 * np.pi, twists)

    def apply(p):
        p = np.array(p, dtype=float)
        for a, k, ph in zip(axes, freq, phase):
            p = _rotate(p, a, strength * np.sin(k * (p @ a) + ph))
        return p
    return apply


def twisted_dipole_power(*, seed: int = 20261122, nside: int = 128, nodes: int = 160) -> dict[str, float]:
    """Power of a monopole plus dipole before and after an area-preserving map (Liouville transport).

    f0(p) = a0 + a.p, f = f0 o :func:`twist_map`.  The total power int f^2 = sum_l (2l+1) C_l
    is computed before (exactly, 4 pi (a0^2 + |a|^2/3)) and after the map, by
    :func:`sphere_quadrature` and from the healpy spectrum.

    Returns
    -------
    dict
        ``initial``, ``after_quadrature``, ``after_spectrum`` (the three totals), ``c1_initial``,
        ``c1_after`` (dipole power) and ``higher_power_fraction`` (the share of l >= 2 after).
    """
    rng = np.random.default_rng(seed)
    a0, a = 0.3, np.array([0.2, -0.5, 0.4])
    twist = twist_map(rng)
    f = lambda p: a0 + twist(p) @ a  # noqa: E731
    points, w = sphere_quadrature(nodes)
    cl = healpix_spectrum(f, nside=nside)
    ells = np.arange(cl.size)
    spectral = float(np.sum((2 * ells + 1) * cl))
    return {"initial": 4 * np.pi * (a0**2 + a @ a / 3), "after_quadrature": float(w @ f(points) ** 2),
            "after_spectrum": spectral, "c1_initial": 4 * np.pi * (a @ a) / 9, "c1_after": float(cl[1]),
            "higher_power_fraction": float(np.sum((2 * ells[2:] + 1) * cl[2:]) / spectral)}


def ring_correlation(f: Callable[[np.ndarray], np.ndarray], eta: float, n: int = 24, ring: int = 64) -> float:
    """xi(eta) = (1/8 pi^2) int dp1 f(p1) int_0^2pi dpsi f(p2(psi)) with p1.p2 = cos(eta) (seed 003 eq. 9).

    Sphere quadrature over p1 (:func:`sphere_quadrature` with ``n`` nodes) and the ``ring``-point
    trapezoid rule around each p1; exact for band-limited ``f`` of low degree.
    """
    nodes, w = sphere_quadrature(n)
    ref = np.where(np.abs(nodes[:, :1]) < 0.9, [[1.0, 0, 0]], [[0, 1.0, 0]])
    e1 = np.cross(nodes, ref)
    e1 /= np.linalg.norm(e1, axis=1, keepdims=True)
    e2 = np.cross(nodes, e1)
    psi = np.arange(ring) * 2 * np.pi / ring
    p2 = (np.cos(eta) * nodes[:, None, :] + np.sin(eta) * (np.cos(psi)[None, :, None] * e1[:, None, :]
                                                          + np.sin(psi)[None, :, None] * e2[:, None, :]))
    ring_mean = f(p2.reshape(-1, 3)).reshape(len(nodes), ring).mean(axis=1)
    return float(w @ (f(nodes) * ring_mean) * 2 * np.pi / (8 * np.pi**2))


def double_integral_spectrum(f: Callable[[np.ndarray], np.ndarray], lmax: int, n: int = 8) -> np.ndarray:
    """C_l = (1/4 pi) int dp1 int dp2 P_l(p1.p2) f(p1) f(p2), l = 0..lmax (seed 002 eq. 2.2).

    The double integral by the product of two :func:`sphere_quadrature` rules (exact for
    polynomial ``f`` of degree < n - lmax/2 in each direction).
    """
    nodes, w = sphere_quadrature(n)
    fw = w * f(nodes)
    x = np.clip(nodes @ nodes.T, -1, 1)
    return np.array([fw @ np.polynomial.legendre.legval(x, np.eye(lmax + 1)[j]) @ fw
                     for j in range(lmax + 1)]) / (4 * np.pi)


def rotational_diffusion(p, nu: float, duration: float, steps: int, rng: np.random.Generator) -> np.ndarray:
    """Brownian motion on the sphere with generator -(nu/2) L^2 (seed 004 eqs. 43-44, 002 eq. 4.3).

    Each of ``steps`` steps rotates every direction in ``p`` (shape (n, 3)) by an independent
    Gaussian rotation vector of variance nu dt per component (Rodrigues' formula).  The dipole
    relaxes at nu, multipole l at l(l+1) nu/2 (up to O(nu dt) from the finite step).
    """
    p = np.array(p, dtype=float)
    dt = duration / steps
    for _ in range(steps):
        w = rng.normal(scale=np.sqrt(nu * dt), size=p.shape)
        angle = np.linalg.norm(w, axis=1)
        p = _rotate(p, w / angle[:, None], angle)
    return p


def legendre_moments(x, orders) -> dict[int, tuple[float, float]]:
    """Sample mean of P_l(x) and its standard error, for each l in ``orders``.

    >>> legendre_moments(np.array([1.0, 1.0]), [2])[2]
    (1.0, 0.0)
    """
    x = np.asarray(x, dtype=float)
    out = {}
    for order in orders:
        vals = np.polynomial.legendre.legval(x, [0] * order + [1])
        out[order] = (float(vals.mean()), float(vals.std() / np.sqrt(x.size)))
    return out


def legendre_operator_eigenvalues(n: int = 40) -> np.ndarray:
    """Eigenvalues of -d/dmu (1-mu^2) d/dmu on [-1, 1] by Chebyshev collocation (n + 1 points).

    The exact spectrum is l(l+1); collocation adds spurious modes (a null mode at the
    endpoints and inaccurate high modes), so compare low l(l+1) with the nearest eigenvalue.

    >>> vals = legendre_operator_eigenvalues(20)
    >>> [round(float(vals[np.argmin(abs(vals - e))]), 9) for e in (2, 6, 12)]
    [2.0, 6.0, 12.0]
    """
    x = np.cos(np.pi * np.arange(n + 1) / n)
    c = np.ones(n + 1)
    c[0] = c[-1] = 2
    c *= (-1.0) ** np.arange(n + 1)
    X = np.tile(x, (n + 1, 1)).T
    D = np.outer(c, 1 / c) / (X - X.T + np.eye(n + 1))
    D -= np.diag(D.sum(axis=1))
    return np.sort(np.linalg.eigvals(-(D @ np.diag(1 - x**2) @ D)).real)


def white_noise_spectra(nside: int = 8, draws: int = 120, lmax: int = 10, *, seed: int = 20261122) -> np.ndarray:
    """Spectra C_0..C_lmax of ``draws`` HEALPix maps of independent unit-variance Gaussian pixels.

    Their expectation is the white-noise level 4 pi/N_pix and, for Gaussian a_lm, the variance of
    each estimate is 2 C_l^2/(2l+1) (chi^2 with 2l+1 degrees of freedom).
    """
    import healpy as hp

    rng = np.random.default_rng(seed)
    alms = hp.map2alm(rng.normal(size=(draws, hp.nside2npix(nside))), lmax=lmax, iter=3, pol=False)
    return np.array([hp.alm2cl(a) for a in alms])
