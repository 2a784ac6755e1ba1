"""BGK diffusion tensor (seed 003 eq. 5, 004 eq. 53) and its Monte Carlo."""
import numpy as np
import pytest
from scipy.integrate import quad
from scipy.linalg import expm

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.multipoles import bgk


def _cross(w):
    return np.array([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])


@pytest.mark.parametrize("nu, omega", [(1.0, 0.0), (0.3, 2.0), (2.0, -5.0)])
def test_tensor_is_inverse_of_dipole_operator(nu, omega):
    b = np.array([0.3, -0.4, 0.866])
    b /= np.linalg.norm(b)
    K = bgk.diffusion_tensor(nu, omega, b)
    expected = np.linalg.inv(nu * np.eye(3) + _cross(omega * b)) / 3
    np.testing.assert_allclose(K, expected, rtol=1e-13, atol=1e-15)


def test_green_kubo_quadrature_gives_the_tensor():
    nu, omega = 0.7, 1.9
    A = _cross([0.0, 0.0, omega])
    K = np.array([[quad(lambda t: np.exp(-nu * t) * expm(-t * A)[i, j] / 3, 0, 80, limit=400)[0]
                   for j in range(3)] for i in range(3)])
    np.testing.assert_allclose(bgk.diffusion_tensor(nu, omega), K, atol=1e-10)


def test_eigenvalues_and_rates():
    nu, omega = 1.3, 0.8
    eig = sorted(bgk.eigenvalues(nu, omega), key=lambda z: z.imag)
    expected = sorted([1 / (3 * nu), 1 / (3 * (nu + 1j * omega)), 1 / (3 * (nu - 1j * omega))], key=lambda z: z.imag)
    np.testing.assert_allclose(eig, expected, rtol=1e-13)
    c = bgk.diffusion_coefficients(nu, omega)
    assert c["nu_perpendicular"] == pytest.approx(nu + omega**2 / nu, rel=1e-14)
    assert c["nu_antisymmetric"] == pytest.approx(omega + nu**2 / omega, rel=1e-14)
    assert bgk.diffusion_coefficients(nu, 0.0)["nu_antisymmetric"] is None


def test_running_tensor_limits():
    nu, omega = 1.0, 3.0
    short = bgk.running_coefficients(nu, omega, 1e-4)
    assert short["parallel"] == pytest.approx(1e-4 / 3, rel=1e-3)       # ballistic: <x v0> = t/3
    assert short["msd_parallel"] == pytest.approx(1e-4 / 6, rel=1e-3)   # <z^2>/(2t) = t/6
    late = bgk.running_coefficients(nu, omega, 800.0)
    asym = bgk.diffusion_coefficients(nu, omega)
    for key in ("parallel", "perpendicular", "antisymmetric"):
        assert late[key] == pytest.approx(asym[key], rel=1e-12)
    assert np.isfinite(bgk.running_coefficients(nu, omega, 1e5)["perpendicular"])


@pytest.mark.parametrize("ratio", [0.0, 3.0])
def test_monte_carlo_agrees_with_running_tensor(ratio):
    times = np.array([0.4, 3.0, 15.0])
    measured = bgk.simulate(1.0, ratio, times, n_particles=20_000, seed=7)
    exact = bgk.running_coefficients(1.0, ratio, times)
    for name, stats in measured.items():
        z = (stats["mean"] - exact[name]) / stats["error"]
        assert np.all(np.abs(z) < 5), (name, z)


def test_monte_carlo_is_reproducible():
    a = bgk.simulate(1.0, 1.0, [1.0], n_particles=3000, seed=11)
    b = bgk.simulate(1.0, 1.0, [1.0], n_particles=3000, seed=11)
    assert a["parallel"]["mean"][0] == b["parallel"]["mean"][0]


def test_backtracked_displacements_are_diffusive():
    rng = np.random.default_rng(3)
    d = rng.normal(size=(20000, 3))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    r, p = bgk.backtracked_displacements(1.0, 2.0, 20.0, d, seed=5)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0)
    exact = bgk.running_coefficients(1.0, 2.0, 20.0)
    assert np.mean(r[:, 2] ** 2) / 40 == pytest.approx(float(exact["msd_parallel"]), rel=0.05)


def test_bad_input():
    for args in ((0.0, 1.0), (-1.0, 1.0), (float("nan"), 1.0), (1.0, float("inf"))):
        with pytest.raises(UsageError):
            bgk.diffusion_coefficients(*args)
    with pytest.raises(UsageError):
        bgk.simulate(1.0, 1.0, [2.0, 1.0], n_particles=10)
    with pytest.raises(UsageError):
        bgk.diffusion_tensor(1.0, 1.0, (0, 0, 0))


@pytest.mark.slow
def test_validate_bgk_campaign():
    report = bgk.validate(n_particles=200_000)
    assert report["ok"], [c["max_abs_z"] for c in report["cases"]]
