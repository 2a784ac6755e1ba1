"""BGK diffusion tensor (seed 003 eq. 5, 004 eq. 53), its running form and its Monte Carlo."""
import pickle

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.linalg import expm

from cranisotropy import bgk_backtracked_displacements, bgk_running_tensor, diffusion_tensor, simulate_bgk, validate_bgk
from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.multipoles.bgk import (OBSERVABLES, gaussian_kernel_residuals, kinetic_equation_moments,
                                                  moment_system_slow_mode)


def _cross(w):
    return np.array([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])


@pytest.mark.parametrize("nu, omega", [(1.0, 0.0), (0.3, 2.0), (2.0, -5.0)])
def test_tensor_is_inverse_of_dipole_operator(nu, omega):
    """Fick's law from d_t Phi = 0 in eq. 4: K = (nu I + [Omega x])^-1 / 3, by matrix inversion."""
    b = np.array([0.3, -0.4, 0.866])
    b /= np.linalg.norm(b)
    K = diffusion_tensor(nu, omega, b).tensor
    np.testing.assert_allclose(K, np.linalg.inv(nu * np.eye(3) + _cross(omega * b)) / 3, rtol=1e-13, atol=1e-15)


def test_green_kubo_quadrature_gives_the_tensor():
    nu, omega = 0.7, 1.9
    A = _cross([0.0, 0.0, omega])
    K = np.array([[quad(lambda t: np.exp(-nu * t) * expm(-t * A)[i, j] / 3, 0, 80, limit=400)[0]
                   for j in range(3)] for i in range(3)])
    np.testing.assert_allclose(diffusion_tensor(nu, omega).tensor, K, atol=1e-10)


def test_eigenvalues_and_rates_as_printed():
    """Seed 003 below eq. 5 and 004 eq. 53 as printed."""
    nu, omega = 1.3, 0.8
    K = diffusion_tensor(nu, omega)
    expected = sorted([1 / (3 * nu), 1 / (3 * (nu + 1j * omega)), 1 / (3 * (nu - 1j * omega))], key=lambda z: z.imag)
    np.testing.assert_allclose(K.eigenvalues, expected, rtol=1e-13)
    assert K.nu_perpendicular == pytest.approx(nu + omega**2 / nu, rel=1e-14)
    assert K.nu_antisymmetric == pytest.approx(omega + nu**2 / omega, rel=1e-14)
    assert diffusion_tensor(nu, 0.0).nu_antisymmetric is None
    assert K["parallel"] == K.parallel


def test_json_and_pickle():
    d = diffusion_tensor(2.0, 3.0).to_dict()
    assert d["eigenvalues"][1] == {"re": pytest.approx(1 / 6), "im": 0.0}
    assert list(d)[:5] == ["nu", "omega", "b_hat", "units", "tensor"]
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(diffusion_tensor(2.0, 3.0))).tensor,
                                  diffusion_tensor(2.0, 3.0).tensor)


def test_running_tensor_limits():
    nu, omega = 1.0, 3.0
    short = bgk_running_tensor(nu, omega, 1e-4)
    assert short.parallel == pytest.approx(1e-4 / 3, rel=1e-3)       # ballistic: <x v0> = t/3
    assert short.msd_parallel == pytest.approx(1e-4 / 6, rel=1e-3)   # <z^2>/(2t) = t/6
    late = bgk_running_tensor(nu, omega, 800.0)
    asym = diffusion_tensor(nu, omega)
    for key in ("parallel", "perpendicular", "antisymmetric"):
        assert late[key] == pytest.approx(asym[key], rel=1e-12)
    assert np.isfinite(bgk_running_tensor(nu, omega, 1e5).perpendicular)


@pytest.mark.parametrize("ratio", [0.0, 3.0])
def test_monte_carlo_agrees_with_running_tensor(ratio):
    times = np.array([0.4, 3.0, 15.0])
    measured = simulate_bgk(1.0, ratio, times, n_particles=20_000, seed=7)
    for name, z in measured.z_scores(bgk_running_tensor(1.0, ratio, times)).items():
        assert np.all(np.abs(z) < 5), (name, z)
    assert set(measured.mean) == set(OBSERVABLES)


def test_monte_carlo_is_reproducible():
    a = simulate_bgk(1.0, 1.0, [1.0], n_particles=3000, seed=11)
    b = simulate_bgk(1.0, 1.0, [1.0], n_particles=3000, seed=11)
    assert a.mean["parallel"][0] == b.mean["parallel"][0]


def test_backtracked_displacements_are_diffusive():
    d = np.random.default_rng(3).normal(size=(20000, 3))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    r, p = bgk_backtracked_displacements(1.0, 2.0, 20.0, d, seed=5)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0)
    exact = bgk_running_tensor(1.0, 2.0, 20.0)
    assert np.mean(r[:, 2] ** 2) / 40 == pytest.approx(float(exact.msd_parallel), rel=0.05)


def test_slow_mode_of_the_moment_system_is_diffusive():
    K = diffusion_tensor(1.0, 2.0).tensor
    k = np.array([1e-3, 2e-3, -1e-3])
    val, vec = moment_system_slow_mode(1.0, 2.0, k)
    assert -val.real == pytest.approx(k @ K @ k, rel=1e-5)
    expected = -1j * K @ k   # Fick's law Phi = -K grad phi, error ~ |k|
    assert np.linalg.norm(vec[1:] / vec[0] - expected) < 1e-2 * np.linalg.norm(expected)


def test_kinetic_moments_give_the_continuity_equation():
    moments, q = kinetic_equation_moments(seed=3)
    assert moments["monopole"] == pytest.approx(q["dphi_dt"] + np.trace(q["grad_Phi"]), abs=1e-12)


def test_gaussian_kernel_with_an_antisymmetric_part_is_not_a_solution():
    K = diffusion_tensor(1.0, 2.0).tensor
    symmetric = gaussian_kernel_residuals(0.5 * (K + K.T), K, 0.7)
    full = gaussian_kernel_residuals(K, K, 0.7)
    assert symmetric["pde_rel_residual"] < 1e-4 and symmetric["normalisation"] == pytest.approx(1, abs=1e-6)
    assert full["pde_rel_residual"] > 1e-2 and abs(full["normalisation"] - 1) > 1e-2


def test_bad_input():
    for args in ((0.0, 1.0), (-1.0, 1.0), (float("nan"), 1.0), (1.0, float("inf"))):
        with pytest.raises(UsageError):
            diffusion_tensor(*args)
    with pytest.raises(UsageError, match="times"):
        simulate_bgk(1.0, 1.0, [2.0, 1.0], n_particles=10)
    with pytest.raises(UsageError, match="n_particles"):
        simulate_bgk(1.0, 1.0, [1.0], n_particles=1)
    with pytest.raises(UsageError, match="b_hat"):
        diffusion_tensor(1.0, 1.0, (0, 0, 0))
    with pytest.raises(UsageError, match="directions"):
        bgk_backtracked_displacements(1.0, 1.0, 1.0, np.zeros(3))


def test_validate_bgk_small():
    report = validate_bgk((0.0, 2.0), n_particles=4000, times=(1.0, 5.0), seed=3)
    assert report.ok and len(report.cases) == 2
    assert set(report.to_dict()) == {"nu", "times", "n_particles", "seed", "z_max", "cases", "ok"}


@pytest.mark.slow
def test_validate_bgk_campaign():
    report = validate_bgk()
    assert report.ok, [c["max_abs_z"] for c in report.cases]
