"""The hand-written loops of kernels/drivers/backtrack.py around the generated kernels."""
import math

import numpy as np
import pytest

from cranisotropy.kernels import drivers
from cranisotropy.kernels.drivers import backtrack as loops
from cranisotropy.numerics.backtrack.turbulence import PlaneWaves, TurbulenceSpectrum, aligned_copy, aligned_empty


def test_field_loop_against_libm_and_numpy():
    waves = TurbulenceSpectrum(256).realise(np.random.default_rng(2))
    pts = np.random.default_rng(3).uniform(-10, 10, (2000, 3))
    fast, libm, ref = waves.field(pts), waves.field_libm(pts), waves.field_reference(pts)
    rel = np.linalg.norm(fast - libm, axis=1) / np.linalg.norm(libm, axis=1)
    assert rel.max() <= 1e-12
    rms = np.sqrt(np.mean(np.sum(ref**2, axis=1)))
    # numpy sums the phase without fused multiply-adds: differences at the phase-rounding level
    assert np.max(np.linalg.norm(fast - ref, axis=1)) / rms <= 1e-12


def test_field_loop_against_the_baseline_loop():
    """The cosine reduced by pi and the baseline's reduced by 2 pi: the same field to their errors."""
    waves = TurbulenceSpectrum(256).realise(np.random.default_rng(4))
    pts = np.random.default_rng(5).uniform(-30, 30, (1000, 3))
    x, y, z = (aligned_copy(pts[:, i]) for i in range(3))
    fast, base = ([aligned_empty(1000) for _ in range(3)] for _ in range(2))
    loops.turbulent_field(x, y, z, *waves.arrays(), *fast)
    loops.turbulent_field_baseline(x, y, z, *waves.arrays(), *base)
    fast, base, libm = np.stack(fast, 1), np.stack(base, 1), waves.field_libm(pts)
    for b in (fast, base):
        assert np.max(np.linalg.norm(b - libm, axis=1) / np.linalg.norm(libm, axis=1)) <= 1e-12


@pytest.mark.parametrize("scale", [1.0, 1e3, 1e5, 1e7, 1e8])
def test_plane_wave_cosine_against_libm_and_its_sign(scale):
    """cos(x) = (-1)^m P((x - m pi)^2): both parities of m, negative phases, up to 1e8 rad."""
    from cranisotropy.kernels.generated.backtrack_plane_wave import backtrack_plane_wave_array

    rng = np.random.default_rng(6)
    m = rng.integers(-int(scale / np.pi) - 1, int(scale / np.pi) + 2, 4000)
    phase = m * np.pi + rng.uniform(-np.pi / 2, np.pi / 2, m.size)  # around odd and even m
    zero, one = np.zeros_like(phase), np.ones_like(phase)
    cosine = backtrack_plane_wave_array(zero, zero, zero, zero, zero, zero, phase, one, zero, zero)[0]
    assert np.any(m % 2 == 1) and np.any(m % 2 == 0)
    assert np.max(np.abs(cosine - np.cos(phase))) < 3e-15


def test_field_loop_adds_every_mode_of_every_block_once():
    """Modes one at a time (exactly summed with math.fsum) against the blocked loop."""
    rng = np.random.default_rng(7)
    n = 3 * loops.MODE_BLOCK
    k, beta, a = rng.normal(size=(3, n)), rng.uniform(0, 2 * np.pi, n), rng.normal(size=(3, n))
    waves = PlaneWaves.from_arrays(k, beta, a)
    pts = rng.uniform(-3, 3, (37, 3))  # not a multiple of any vector width
    expected = np.array([[math.fsum(a[i, m] * math.cos(k[:, m] @ x + beta[m]) for m in range(n))
                          for i in range(3)] for x in pts])
    np.testing.assert_allclose(waves.field_libm(pts), expected, rtol=0, atol=1e-13)
    np.testing.assert_allclose(waves.field(pts), expected, rtol=0, atol=1e-13)


def test_field_loop_overwrites_its_output():
    waves = TurbulenceSpectrum(8).realise(np.random.default_rng(1))
    x = aligned_copy(np.zeros(5))
    out = [aligned_copy(np.full(5, 7.0)) for _ in range(3)]
    loops.turbulent_field(x, x, x, *waves.arrays(), *out)
    np.testing.assert_allclose(np.stack(out, 1), waves.field_reference(np.zeros((5, 3))), rtol=0, atol=1e-14)


def test_boris_loop_in_a_uniform_field_is_the_exact_flow():
    """With no turbulence the Boris step is two exact half-step flows: u rotates by kappa h b0."""
    from cranisotropy.kernels.generated.backtrack_uniform_field_flow import backtrack_uniform_field_flow

    kappa, h, n = 7.0, 0.01, 100
    state = [aligned_copy(v) for v in ([0.0], [0.0], [0.0], [0.6], [0.0], [0.8])]
    none = PlaneWaves.none()
    flow = aligned_copy(backtrack_uniform_field_flow(kappa, 0.5 * h, 0.0, 0.0, 1.0))
    scratch = [aligned_empty(1) for _ in range(3)]
    loops.boris_advance(*state, *none.arrays(), flow, aligned_copy([0.0, 0.0, 0.0]), kappa, h, n, *scratch)
    angle = kappa * h * n  # u x b with b = z: u rotates clockwise about z
    assert state[3][0] == pytest.approx(0.6 * math.cos(angle), abs=1e-14)
    assert state[4][0] == pytest.approx(-0.6 * math.sin(angle), abs=1e-14)
    assert state[5][0] == 0.8 and state[2][0] == pytest.approx(0.8 * h * n, rel=1e-14)


def test_numba_cache_of_the_loops_follows_their_generated_kernels():
    """A regenerated kernel invalidates the cached loops (cranisotropy.kernels.drivers)."""
    stamped = set(drivers.stamp_dependencies(loops.__file__))
    assert stamped == {f"cranisotropy.kernels.generated.{name}" for name in (
        "backtrack_plane_wave", "backtrack_plane_wave_baseline", "backtrack_plane_wave_libm",
        "backtrack_flow_increments",
        "backtrack_rotation_vector", "backtrack_cayley_kick", "backtrack_equations_of_motion")}
    assert all(digest for digest in drivers.stamp_dependencies(loops.__file__).values())
