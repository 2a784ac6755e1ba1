"""BGK diffusion tensor and its Monte Carlo check (seed 003 eqs. 2-5, 004 eqs. 50-56).

Public API:

- :func:`diffusion_coefficients` -- K_par, K_perp, K_A and the rates nu_par, nu_perp, nu_A;
- :func:`diffusion_tensor` -- the 3x3 tensor for any field direction;
- :func:`running_coefficients` -- exact running tensors at finite time (isotropic start);
- :func:`simulate` -- Monte Carlo of particles gyrating about B0 at Omega and isotropised at
  rate nu (generated kernel ``bgk_gyration_flight`` and its driver ``bgk_monte_carlo``),
  returning measured running tensors with standard errors;
- :func:`validate` -- the Monte Carlo against the derived tensor for several Omega/nu.

Units: particle speed c = 1, so K has units of 1/nu.  Omega = e B0/p0 carries the sign of the
charge; the antisymmetric part is K_A eps_ijk B_k with K_A = Omega/(3 (nu^2 + Omega^2)).
"""
from __future__ import annotations

import math

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.kernels.generated.bgk_diffusion_coefficients import bgk_diffusion_coefficients
from cranisotropy.kernels.generated.bgk_gyration_flight import bgk_monte_carlo
from cranisotropy.kernels.generated.bgk_running_coefficients import bgk_running_coefficients_array
from cranisotropy.core.progress import progress

#: names of the Monte Carlo observables, in the driver's order
OBSERVABLES = ("msd_parallel", "msd_perpendicular", "parallel", "perpendicular", "antisymmetric")


def _rate(nu) -> float:
    try:
        value = float(nu)
    except (TypeError, ValueError):
        raise UsageError(f"nu must be a positive number, got {nu!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise UsageError(f"nu must be a positive, finite number, got {nu!r}")
    return value


def _frequency(omega) -> float:
    try:
        value = float(omega)
    except (TypeError, ValueError):
        raise UsageError(f"omega must be a number, got {omega!r}") from None
    if not math.isfinite(value):
        raise UsageError(f"omega must be finite, got {omega!r}")
    return value


def diffusion_coefficients(nu: float, omega: float) -> dict[str, float | None]:
    """K_par, K_perp, K_A (units c^2/nu) and nu_par, nu_perp, nu_A of seed 004 eq. 53.

    nu_A is ``None`` for omega = 0 (no antisymmetric part).

    >>> diffusion_coefficients(1.0, 1.0)["perpendicular"]
    0.16666666666666666
    """
    nu, omega = _rate(nu), _frequency(omega)
    par, perp, anti = bgk_diffusion_coefficients(nu, omega)
    return {"parallel": par, "perpendicular": perp, "antisymmetric": anti,
            "nu_parallel": 1.0 / (3.0 * par), "nu_perpendicular": 1.0 / (3.0 * perp),
            "nu_antisymmetric": (1.0 / (3.0 * anti)) if anti != 0.0 else None}


def diffusion_tensor(nu: float, omega: float, b_hat=(0.0, 0.0, 1.0)) -> np.ndarray:
    """K_ij = K_par b_i b_j + K_perp (delta_ij - b_i b_j) + K_A eps_ijk b_k (seed 003 eq. 5).

    >>> diffusion_tensor(1.0, 0.0).round(6).tolist()[0]
    [0.333333, 0.0, 0.0]
    """
    c = diffusion_coefficients(nu, omega)
    b = np.asarray(b_hat, dtype=float)
    norm = np.linalg.norm(b)
    if b.shape != (3,) or not np.isfinite(norm) or norm == 0:
        raise UsageError(f"b_hat must be a non-zero 3-vector, got {b_hat!r}")
    b = b / norm
    eps_b = np.array([[0.0, b[2], -b[1]], [-b[2], 0.0, b[0]], [b[1], -b[0], 0.0]])  # eps_ijk b_k
    bb = np.outer(b, b)
    return c["parallel"] * bb + c["perpendicular"] * (np.eye(3) - bb) + c["antisymmetric"] * eps_b


def eigenvalues(nu: float, omega: float) -> np.ndarray:
    """Eigenvalues of K: 1/(3 nu) (along B0) and 1/(3 (nu -+ i Omega)) (seed 003, below eq. 5)."""
    return np.linalg.eigvals(diffusion_tensor(nu, omega))


def running_coefficients(nu: float, omega: float, t) -> dict[str, np.ndarray]:
    """Exact running tensors at time(s) t > 0 for particles starting isotropically at x = 0.

    ``parallel``, ``perpendicular``, ``antisymmetric``: Green-Kubo <x_i(t) v_j(0)>;
    ``msd_parallel``, ``msd_perpendicular``: <x_i x_j>(t)/(2t).  All tend to the tensor of
    :func:`diffusion_coefficients` as nu t -> oo.
    """
    nu, omega = _rate(nu), _frequency(omega)
    t = np.asarray(t, dtype=float)
    if np.any(~np.isfinite(t)) or np.any(t <= 0):
        raise UsageError("times must be positive and finite")
    par, perp, anti, msd_par, msd_perp = bgk_running_coefficients_array(nu, omega, t)
    return {"parallel": par, "perpendicular": perp, "antisymmetric": anti,
            "msd_parallel": msd_par, "msd_perpendicular": msd_perp}


def simulate(nu: float, omega: float, times, n_particles: int = 100_000, seed: int = 20261122,
             chunk: int = 20_000) -> dict[str, dict[str, np.ndarray]]:
    """Monte Carlo running tensors (means and standard errors of the mean) at ``times``.

    Particles start at x = 0 with isotropic velocities, gyrate exactly about B0 = e_z and are
    isotropised at Poisson times of rate ``nu``.  Chunks are seeded from one
    ``numpy.random.SeedSequence(seed)``, so results are reproducible for a given chunk size.
    """
    nu, omega = _rate(nu), _frequency(omega)
    times = np.ascontiguousarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(~np.isfinite(times)) or np.any(times <= 0) \
            or np.any(np.diff(times) <= 0):
        raise UsageError("times must be a non-empty, strictly increasing list of positive numbers")
    if int(n_particles) < 2:
        raise UsageError(f"n_particles must be >= 2, got {n_particles}")
    n_particles = int(n_particles)
    sums = np.zeros((times.size, len(OBSERVABLES)))
    sums2 = np.zeros_like(sums)
    sizes = [min(chunk, n_particles - i) for i in range(0, n_particles, chunk)]
    seeds = np.random.SeedSequence(seed).generate_state(len(sizes))
    for size, chunk_seed in progress(list(zip(sizes, seeds)), desc=f"BGK MC Omega/nu={omega / nu:g}",
                                     unit="chunk"):
        bgk_monte_carlo(nu, omega, times, size, int(chunk_seed) % (2**32 - 1), sums, sums2)
    mean = sums / n_particles
    var = np.maximum(sums2 / n_particles - mean**2, 0.0) * n_particles / (n_particles - 1)
    err = np.sqrt(var / n_particles)
    return {name: {"mean": mean[:, j], "error": err[:, j]} for j, name in enumerate(OBSERVABLES)}


def validate(ratios=(0.0, 0.5, 2.0, 10.0), nu: float = 1.0, n_particles: int = 100_000,
             times=(0.5, 2.0, 8.0, 30.0), seed: int = 20261122, z_max: float = 4.5) -> dict:
    """Monte Carlo vs derived running tensors for several Omega/nu; also the t -> oo tensor.

    Every observable at every time must agree within ``z_max`` standard errors; the largest
    |z| and the relative difference to the asymptotic tensor at the last time are reported.
    """
    times = np.asarray(times, dtype=float)
    rows = []
    for ratio in ratios:
        omega = ratio * nu
        measured = simulate(nu, omega, times, n_particles, seed)
        exact = running_coefficients(nu, omega, times)
        asym = diffusion_coefficients(nu, omega)
        z = {name: ((measured[name]["mean"] - exact[name]) / np.maximum(measured[name]["error"], 1e-300)).tolist()
             for name in OBSERVABLES}
        worst = max(abs(v) for vals in z.values() for v in vals)
        rows.append({"omega_over_nu": ratio, "z_scores": z, "max_abs_z": worst,
                     "measured_last": {k: float(v["mean"][-1]) for k, v in measured.items()},
                     "error_last": {k: float(v["error"][-1]) for k, v in measured.items()},
                     "exact_last": {k: float(v[-1]) for k, v in exact.items()},
                     "asymptotic": {k: asym[k] for k in ("parallel", "perpendicular", "antisymmetric")},
                     "ok": bool(worst <= z_max)})
    return {"nu": nu, "times": times.tolist(), "n_particles": n_particles, "seed": seed, "z_max": z_max,
            "cases": rows, "ok": all(r["ok"] for r in rows)}


def backtracked_displacements(nu: float, omega: float, T: float, directions, seed: int = 1):
    """Positions r(-T) and directions p(-T) of independent BGK particles that arrive at the
    origin at t = 0 from the unit ``directions`` (shape (n, 3)), B0 = e_z.

    Backwards in time dp/ds = p x (-Omega) and dx/ds = -p, so this is a forward run with
    velocity -p and rotation -Omega; p(-T) is minus the final forward velocity.
    """
    from cranisotropy.kernels.generated.bgk_gyration_flight import bgk_displacements

    nu, omega = _rate(nu), _frequency(omega)
    T = float(T)
    if not (math.isfinite(T) and T >= 0):
        raise UsageError(f"T must be >= 0, got {T!r}")
    d = np.ascontiguousarray(directions, dtype=float)
    if d.ndim != 2 or d.shape[1] != 3:
        raise UsageError("directions must have shape (n, 3)")
    r = np.empty_like(d)
    v = np.empty_like(d)
    bgk_displacements(nu, -omega, T, -d, int(seed) % (2**32 - 1), r, v)
    return r, -v


def rotational_diffusion(p, nu: float, duration: float, steps: int, rng: np.random.Generator) -> np.ndarray:
    """Brownian motion on the sphere with generator -(nu/2) L^2 (seed 004 eqs. 43-44, 002 eq. 4.3):
    each of ``steps`` steps rotates every direction in ``p`` (shape (n, 3)) by an independent
    Gaussian rotation vector of variance nu dt per component (Rodrigues' formula).  The dipole
    relaxes at nu, multipole l at l(l+1) nu/2 (up to O(nu dt) from the finite step)."""
    p = np.array(p, dtype=float)
    dt = duration / steps
    for _ in range(steps):
        w = rng.normal(scale=np.sqrt(nu * dt), size=p.shape)
        angle = np.linalg.norm(w, axis=1)[:, None]
        k = w / angle
        p = p * np.cos(angle) + np.cross(k, p) * np.sin(angle) + k * (k * p).sum(1, keepdims=True) * (1 - np.cos(angle))
    return p
