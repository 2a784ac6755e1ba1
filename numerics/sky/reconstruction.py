"""Event counts and their reconstruction (seed 004 eqs. 3-4, 8-12): independent numerical methods.

Poisson draws of on/off counts test the estimator I = N_on/(alpha N_off) (eq. 3) and the
small-anisotropy significance (eq. 4); a discretised detector tests the reconstruction
degeneracy (eqs. 10-12): the expected counts mu(t, n') = E(t) A(n') I(R^T n') (eq. 8) do not
change under (I, E, A) -> (I/(a b), E b c, A a/c) when a depends on the declination only.

>>> abs(reconstruction_residual(lambda n: 1 + 0.3 * n[2])) < 1e-13      # a(delta): invisible
True
"""
from __future__ import annotations

import numpy as np

from cranisotropy.numerics.sky._derived import derived
from cranisotropy.numerics.sky.geometry import DEG, local_rotation_matrix, local_unit_vectors


def on_off_estimates(intensity: float, ratio: float, mean_off: float, draws: int, *, seed=None) -> np.ndarray:
    """Estimates N_on/(alpha N_off) (eq. 3) of Poisson on/off counts.

    Parameters
    ----------
    intensity : float
        The true relative intensity I of the on region.
    ratio : float
        alpha = exposure(on)/exposure(off).
    mean_off : float
        Expected off counts; the on counts have mean alpha I ``mean_off``.
    draws : int
        Number of (N_on, N_off) pairs.
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    ndarray, shape (draws,)

    Examples
    --------
    >>> est = on_off_estimates(1.002, 0.1, 1e8, 1000, seed=1)
    >>> bool(abs(est.mean() - 1.002) < 4 * est.std() / np.sqrt(1000))
    True
    """
    rng = np.random.default_rng(seed)
    on = rng.poisson(ratio * intensity * mean_off, draws).astype(float)
    off = rng.poisson(mean_off, draws).astype(float)
    return derived("on_off")(on, off, ratio)


def significance_monte_carlo(n_on: float, ratio: float, excess: float, draws: int, *, seed=None) -> float:
    """Significance of a relative excess dI by Poisson Monte Carlo: mean estimated dI over the
    scatter of the estimate without signal (the quantity eq. 4 approximates).

    ``n_on`` is the expected on count without signal; the estimates are :func:`on_off_estimates`.

    >>> round(significance_monte_carlo(1e6, 0.25, 3e-3, 40000, seed=4), 2)   # eq. 4: 2.68
    2.68
    """
    rng = np.random.default_rng(seed)
    null = on_off_estimates(1.0, ratio, n_on / ratio, draws, seed=rng) - 1.0
    signal = on_off_estimates(1.0 + excess, ratio, n_on / ratio, draws, seed=rng) - 1.0
    return float(signal.mean() / null.std())


def reconstruction_residual(rescale, *, latitude: float = 19.0, b: float = 1.7, c: float = 0.6,
                            seed: int = 10) -> float:
    """Largest relative change of the expected counts of eq. (8) under the rescaling of eqs. (10)-(12).

    A detector of 8 x 24 local directions (random acceptance A) at ``latitude`` (degrees) takes
    48 sidereal times (random exposure E) of a dipole + quadrupole sky I.  The rescaled
    acceptance a(n) A/c is fixed per local direction (at t = 0); the sky becomes I/(a b) and the
    exposure E b c.  ``rescale(n)`` is a(n) of the equatorial unit vectors n (shape (3, N)).
    The result is zero (to round-off) exactly when a(n) is constant along every local
    direction's daily track, i.e. when a depends on the declination only.
    """
    rng = np.random.default_rng(seed)
    az, zen = np.meshgrid(np.linspace(0.0, 2.0 * np.pi, 24, endpoint=False), np.linspace(0.05, 0.8, 8))
    local = local_unit_vectors(az, zen).reshape(3, -1)
    acceptance = rng.uniform(0.5, 1.5, local.shape[1])
    times = np.linspace(0.0, 2.0 * np.pi, 48, endpoint=False)
    exposure = rng.uniform(0.8, 1.2, times.size)
    dipole = np.array([3e-3, -2e-3, 5e-3])
    rescaled_acceptance = acceptance * rescale(local_rotation_matrix(0.0, latitude * DEG).T @ local) / c
    worst = 0.0
    for t, e in zip(times, exposure):
        n_eq = local_rotation_matrix(t, latitude * DEG).T @ local         # sky seen by each local pixel
        intensity = 1.0 + dipole @ n_eq + 1e-3 * (3.0 * n_eq[2] ** 2 - 1.0)
        counts = e * acceptance * intensity
        rescaled = (e * b * c) * rescaled_acceptance * (intensity / (rescale(n_eq) * b))
        worst = max(worst, float(np.abs(rescaled / counts - 1.0).max()))
    return worst
