"""Monte Carlo of BGK diffusion: exact gyration about B0 between isotropisations at rate nu.

Hand-written numba loops around the generated kernel ``bgk_gyration_flight`` (the exact free
flight of seed 003 eq. 2 without scattering, printed from
:func:`cranisotropy.derivations.multipoles.bgk.gyration_flight`), imported statically so numba
inlines it; the cache locator of :mod:`cranisotropy.kernels.drivers` recompiles these drivers
when that kernel is regenerated.

- :func:`bgk_monte_carlo` -- running moments of particles started at x = 0 with isotropic
  velocities (the Green-Kubo and mean-square-displacement tensors of seed 003 eq. 5);
- :func:`bgk_displacements` -- one particle per given initial direction, run for a fixed time
  (backtracked maps).

Both seed numpy's legacy generator inside numba (``np.random.seed``), so a run is reproducible
from its integer seed.  Units: speed c = 1, B0 along e_z, Omega = e B0/p0 (signed).

>>> import numpy as np
>>> sums, sums2 = np.zeros((1, 5)), np.zeros((1, 5))
>>> bgk_monte_carlo(1.0, 0.0, np.array([1e-9]), 100, 1, sums, sums2)
>>> bool(abs(sums[0, 2] / 100 - 1e-9 / 3) < 1e-9 / 3)   # ballistic start: <z v_z> ~ t/3
True
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

from cranisotropy.kernels.generated.bgk_gyration_flight import bgk_gyration_flight

__all__ = ["bgk_monte_carlo", "bgk_displacements"]


@njit(cache=True)
def _isotropic():
    """A unit vector drawn uniformly on the sphere."""
    mu = 2.0 * np.random.random() - 1.0
    ph = 2.0 * math.pi * np.random.random()
    s = math.sqrt(max(0.0, 1.0 - mu * mu))
    return s * math.cos(ph), s * math.sin(ph), mu


@njit(cache=True)
def _advance(x, y, z, vx, vy, vz, t, wait, target, nu, Omega):
    """Move one particle from time t to ``target``: exact gyration between isotropisations,
    which come after exponential waiting times of rate nu (``wait``: time to the next one)."""
    while t + wait <= target:
        dx, dy, dz, vx, vy, vz = bgk_gyration_flight(vx, vy, vz, Omega, wait)
        x += dx
        y += dy
        z += dz
        t += wait
        vx, vy, vz = _isotropic()
        wait = np.random.exponential(1.0 / nu)
    dx, dy, dz, vx, vy, vz = bgk_gyration_flight(vx, vy, vz, Omega, target - t)
    return x + dx, y + dy, z + dz, vx, vy, vz, wait - (target - t)


@njit(cache=True)
def bgk_monte_carlo(nu, Omega, times, n_particles, seed, sums, sums2):
    """Accumulate the running moments of ``n_particles`` BGK particles.

    Particles gyrate about B0 = e_z at Omega and are isotropised at rate nu, starting from
    x = 0 with isotropic velocities v0.  At each time in ``times`` (increasing, > 0) adds per
    particle q = (z^2/(2t), (x^2+y^2)/(4t), z v0_z, (x v0_x + y v0_y)/2, (x v0_y - y v0_x)/2)
    to ``sums[k, :]`` and q^2 to ``sums2[k, :]`` (float64 arrays of shape (len(times), 5)).
    """
    np.random.seed(seed)
    q = np.empty(5)
    for _ in range(n_particles):
        vx, vy, vz = _isotropic()
        ux, uy, uz = vx, vy, vz
        x = 0.0
        y = 0.0
        z = 0.0
        t = 0.0
        wait = np.random.exponential(1.0 / nu)
        for k in range(times.shape[0]):
            x, y, z, vx, vy, vz, wait = _advance(x, y, z, vx, vy, vz, t, wait, times[k], nu, Omega)
            t = times[k]
            q[0] = z * z / (2.0 * t)
            q[1] = (x * x + y * y) / (4.0 * t)
            q[2] = z * uz
            q[3] = 0.5 * (x * ux + y * uy)
            q[4] = 0.5 * (x * uy - y * ux)
            for j in range(5):
                sums[k, j] += q[j]
                sums2[k, j] += q[j] * q[j]


@njit(cache=True)
def bgk_displacements(nu, Omega, duration, directions, seed, r_out, v_out):
    """Run one independent BGK particle per row of ``directions`` for ``duration``.

    ``directions`` (n, 3) are unit initial velocities; the displacement goes into ``r_out`` and
    the final velocity into ``v_out`` (both (n, 3)).  Backtracking a particle that arrives with
    direction p is this run with velocity -p and rotation -Omega.
    """
    np.random.seed(seed)
    for i in range(directions.shape[0]):
        wait = np.random.exponential(1.0 / nu)
        x, y, z, vx, vy, vz, wait = _advance(0.0, 0.0, 0.0, directions[i, 0], directions[i, 1],
                                             directions[i, 2], 0.0, wait, duration, nu, Omega)
        r_out[i, 0] = x
        r_out[i, 1] = y
        r_out[i, 2] = z
        v_out[i, 0] = vx
        v_out[i, 1] = vy
        v_out[i, 2] = vz
