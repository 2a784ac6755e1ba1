"""Monte Carlo check of the Chapman–Enskog coefficients with the generated particle SDE.

Particles start isotropic at z = 0 and follow dmu = a_mu dt + b_mu dW, dz = v_z dt (the kernel
``*_focused_sde``, generated from
:func:`cranisotropy.derivations.chapman_enskog.pitch_angle.focused_transport_sde`, stepped by the
driver :func:`cranisotropy.kernels.drivers.chapman_enskog.run`).
For a density obeying d n/dt = sum_n c_n eps^n d_z^n n, the cumulants of z grow at the rates

    d kappa_j / dt = j! (-1)^j c_j eps^j          (kappa_2: 2 c_2 = kappa/2, kappa_4: 24 c_4 = -6 K)

exactly at long times (they are the Taylor coefficients of the slowest eigenvalue; the initial
anisotropic layer only adds constant offsets).  The rates are fitted over a late time window in
each batch; the batches give the statistical error (batch means).  The time-step bias is
removed by Richardson extrapolation with a coupled coarse path (2 fine - coarse), and the
remaining difference between the fine and extrapolated rates is reported as a bias estimate.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.progress import progress
from cranisotropy.core.results import Result


@dataclass(frozen=True)
class CumulantRates(Result):
    """Fitted growth rates of the cumulants of z (per unit t of eq. 6, at the simulated eps).

    ``rates[j]`` (Richardson-extrapolated) and ``errors[j]`` (standard error of the mean over
    the batches), ``fine_only[j]`` (the fine path alone: the difference is a time-step bias
    estimate), j = 1..4; the number of particles, the step, the fit window and the run time.
    """

    rates: dict[int, float]
    errors: dict[int, float]
    fine_only: dict[int, float]
    particles: int
    dt: float
    window: tuple[float, float]
    seconds: float


def focused_sde_kernel(D: sp.Expr):
    """The focused-SDE kernel for D(mu): the committed one for D = 1, else one built for D.

    Every such kernel has the signature (mu, q, sigma, epsilon) -> (a_mu, b_mu, v_z) of
    :data:`cranisotropy.kernels.drivers.chapman_enskog.KERNEL` (q is unused here).
    """
    from cranisotropy.kernels import build
    from cranisotropy.kernels.specs.chapman_enskog import focused_sde_spec

    if D == 1:
        from cranisotropy.kernels.generated.isotropic_focused_sde import isotropic_focused_sde

        return isotropic_focused_sde
    return build(focused_sde_spec("user_focused_sde", D)).user_focused_sde


def cumulant_rates(D, *, sigma: float = 0.0, eps: float = 1.0, particles: int = 200_000,
                   batches: int = 20, dt: float = 2e-3, t_end: float = 12.0,
                   window: tuple[float, float] = (4.0, 12.0), samples: int = 9,
                   seed: int = 20261122, chunk: int | None = None) -> CumulantRates:
    """Growth rates of the cumulants kappa_1..kappa_4 of z in a Monte Carlo of the particle SDE.

    Particles start at z = 0 with an isotropic mu and follow dmu = a_mu dt + b_mu dW,
    dz = v_z dt (seed 000 eq. 6, kernel generated from
    :func:`~cranisotropy.derivations.chapman_enskog.pitch_angle.focused_transport_sde`).  The
    rates are least-squares slopes over ``window`` per batch; their spread over the batches
    gives the standard errors.

    Parameters
    ----------
    D : str or sympy.Expr
        Scattering function D(mu) (a formula in ``mu``) without zeros inside (-1, 1): where D
        vanishes like ``|mu - mu0|^alpha`` the drift is singular and the Euler scheme is biased
        (refused with a UsageError).
    sigma : float
        Focusing sigma = -d ln B/dz (units of 1/l).
    eps : float
        eps = v/(l nu).
    particles : int
        Number of particles, rounded up to a multiple of ``batches``.
    batches : int
        Independent batches (>= 4), one random stream each.
    dt : float
        Time step (units of 1/nu); the coarse path uses 2 dt.
    t_end : float
        End of the run; must cover ``window``.
    window : (float, float)
        Fit window in t.
    samples : int
        Sample times in the window.
    seed : int
        Seed (>= 0): the same seed gives the same numbers on any number of threads.
    chunk : int, optional
        Batches per call of the driver (progress bar granularity; default 4).

    Returns
    -------
    CumulantRates
        ``rates[j]``, ``errors[j]`` (j = 1..4, per unit t) and ``fine_only[j]`` (the rates
        without Richardson extrapolation: their difference is a time-step bias estimate).

    Examples
    --------
    >>> r = cumulant_rates("1", particles=2_000, batches=4, dt=0.01, seed=1)
    >>> abs(r.rates[2] - 1/3) < 5 * r.errors[2]       # d kappa_2/dt = 2 c_2 = 1/3 for D = 1
    True
    """
    from cranisotropy.kernels.drivers.chapman_enskog import run
    from cranisotropy.numerics.chapman_enskog.series import as_scattering_function, scattering_profile

    D = as_scattering_function(D)
    if not isinstance(D, sp.Basic):
        raise UsageError("the Monte Carlo needs D(mu) as a formula (str or sympy), not a callable")
    inside = [z.at for z in scattering_profile(D).zeros if abs(z.at) < 1]
    if inside:
        raise UsageError(f"D(mu) = {D} vanishes at mu = {inside[0]:.6g} inside (-1, 1): the SDE drift is "
                         "singular there and the Euler scheme does not converge (use "
                         "transport_coefficients or eigenvalue_series for such D)")
    if batches < 4 or particles < batches:
        raise UsageError(f"need batches >= 4 and particles >= batches, got {batches}, {particles}")
    if not (dt > 0 and window[0] < window[1] <= t_end and samples >= 2):
        raise UsageError(f"need dt > 0, window[0] < window[1] <= t_end and samples >= 2, got "
                         f"dt = {dt}, window = {window}, t_end = {t_end}, samples = {samples}")
    if seed < 0:
        raise UsageError(f"seed must be >= 0, got {seed}")
    kernel = focused_sde_kernel(D)
    per_batch = -(-particles // batches)
    times = np.linspace(window[0], window[1], samples)
    steps = np.unique(np.round(times / (2 * dt)).astype(np.int64))
    times = steps * 2 * dt
    sums = np.zeros((batches, len(steps), 2, 5))
    chunk = chunk or max(1, min(batches, 4))
    start = time.perf_counter()
    for first in progress(range(0, batches, chunk), desc="Monte Carlo", unit="chunk",
                          total=-(-batches // chunk)):
        part = np.zeros((min(chunk, batches - first), len(steps), 2, 5))
        run(kernel, 0.0, float(sigma), float(eps), per_batch, part.shape[0], float(dt), steps,
            np.uint64((int(seed) * 1_000_003 + first) % 2**64), part)
        sums[first:first + part.shape[0]] = part
    cum = _cumulants(sums)                       # (batch, sample, path, j)
    extrapolated = 2 * cum[:, :, 0, :] - cum[:, :, 1, :]
    slopes = _slopes(times, extrapolated)        # (batch, j)
    slopes_fine = _slopes(times, cum[:, :, 0, :])
    rates = {j: float(slopes[:, j - 1].mean()) for j in range(1, 5)}
    errors = {j: float(slopes[:, j - 1].std(ddof=1) / np.sqrt(batches)) for j in range(1, 5)}
    fine = {j: float(slopes_fine[:, j - 1].mean()) for j in range(1, 5)}
    return CumulantRates(rates, errors, fine, per_batch * batches, dt,
                         (float(times[0]), float(times[-1])), time.perf_counter() - start)


def _cumulants(sums: np.ndarray) -> np.ndarray:
    """kappa_1..kappa_4 from power sums (last axis: sum z^0..z^4)."""
    n = sums[..., 0]
    m1, m2, m3, m4 = (sums[..., k] / n for k in range(1, 5))
    c2 = m2 - m1**2
    c3 = m3 - 3 * m1 * m2 + 2 * m1**3
    c4 = m4 - 4 * m1 * m3 + 6 * m1**2 * m2 - 3 * m1**4
    k4 = c4 - 3 * c2**2
    return np.stack([m1, c2, c3, k4], axis=-1)


def _slopes(t: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares slope of y(t) along axis 1 for every batch and cumulant."""
    tc = t - t.mean()
    return np.einsum("s,bsj->bj", tc, y - y.mean(axis=1, keepdims=True)) / (tc @ tc)


def predicted_cumulant_rates(coefficients, eps: float = 1.0, orders=range(1, 5)) -> dict[int, float]:
    """Growth rates d kappa_j/dt of the cumulants of z that the Chapman–Enskog series predicts.

    The relation is derived in :mod:`cranisotropy.derivations.chapman_enskog.cumulants`: the
    particle density n = f0 e^{sigma z} has d log M(lambda)/dt = sum_n eps^n gamma_n(d_z ->
    -(lambda + sigma)), and the cumulant rates are j! times its Taylor coefficients in lambda
    (at sigma = 0: j! (-1)^j c_j eps^j).

    Parameters
    ----------
    coefficients : TransportCoefficients
        From :func:`transport_coefficients` (with ``sigma`` for focused transport); the series
        is used to its ``order``.
    eps : float
        eps = v/(l nu) of the simulation.
    orders : iterable of int
        The cumulants j wanted (>= 1).

    Returns
    -------
    dict
        j -> d kappa_j/dt (units of nu l^j).

    Examples
    --------
    >>> from cranisotropy.numerics.chapman_enskog.coefficients import transport_coefficients
    >>> rates = predicted_cumulant_rates(transport_coefficients("1"))
    >>> round(rates[2], 12), round(rates[4], 12)          # 2 c_2 = 1/3, 24 c_4 = -11/45
    (0.333333333333, -0.244444444444)
    """
    from cranisotropy.derivations.chapman_enskog import cumulants
    from cranisotropy.derivations.chapman_enskog.hierarchy import d_z, sigma as sigma_symbol
    from cranisotropy.derivations.chapman_enskog.pitch_angle import eps as eps_symbol

    sigma = 0 if coefficients.sigma is None else coefficients.sigma
    terms = coefficients.focused or {n: {n: c} for n, c in coefficients.series.items()}
    gammas = {n: sum(sp.Float(c.value, 17) * d_z**j for j, c in by_power.items()) for n, by_power in terms.items()}
    rates = cumulants.cumulant_rates(gammas, orders=tuple(orders), focused=True)
    values = {sigma_symbol: sigma, eps_symbol: sp.Float(eps, 17)}
    return {j: float(rate.subs(values)) for j, rate in rates.items()}
