"""The BGK Monte Carlo drivers (kernels/drivers/multipoles.py) against exact motion and isotropy."""
import numpy as np
from scipy.integrate import solve_ivp

from cranisotropy.kernels.drivers.multipoles import bgk_displacements, bgk_monte_carlo


def _run(nu, omega, duration, directions, seed=1):
    r, v = np.empty_like(directions), np.empty_like(directions)
    bgk_displacements(nu, omega, duration, np.ascontiguousarray(directions), seed, r, v)
    return r, v


def test_without_scattering_the_particle_gyrates_exactly():
    """nu -> 0: the flight equals an ODE integration of dx/dt = v, dv/dt = v x Omega e_z."""
    v0, omega, t = np.array([[0.6, 0.0, 0.8]]), 1.7, 2.3
    r, v = _run(1e-12, omega, t, v0)
    sol = solve_ivp(lambda _s, y: np.concatenate([y[3:], np.cross(y[3:], [0.0, 0.0, omega])]), (0, t),
                    np.concatenate([np.zeros(3), v0[0]]), rtol=1e-12, atol=1e-12).y[:, -1]
    np.testing.assert_allclose(r[0], sol[:3], atol=1e-9)
    np.testing.assert_allclose(v[0], sol[3:], atol=1e-9)


def test_after_many_scatterings_velocities_are_isotropic():
    d = np.tile([0.0, 0.0, 1.0], (20000, 1))
    _, v = _run(50.0, 0.0, 1.0, d, seed=3)
    second = v.T @ v / len(v)
    np.testing.assert_allclose(second, np.eye(3) / 3, atol=5 * np.sqrt(2 / 45 / len(v)) + 1e-3)
    assert abs(v[:, 2].mean()) < 5 / np.sqrt(3 * len(v))


def test_monte_carlo_is_seeded():
    out = []
    for _ in range(2):
        sums, sums2 = np.zeros((1, 5)), np.zeros((1, 5))
        bgk_monte_carlo(1.0, 0.5, np.array([2.0]), 500, 9, sums, sums2)
        out.append(sums.copy())
    np.testing.assert_array_equal(*out)
    assert np.all(sums2 >= 0)


def test_displacement_bound():
    d = np.random.default_rng(1).normal(size=(500, 3))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    r, v = _run(2.0, 3.0, 4.0, d)
    assert np.all(np.linalg.norm(r, axis=1) <= 4.0 + 1e-12)   # speed 1
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-12)
