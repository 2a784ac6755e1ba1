"""The hand-written Monte Carlo driver (kernels/drivers/chapman_enskog.py): one compiled,
cached loop for every focused-SDE kernel, passed as a first-class function."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import numba
import numpy as np
import pytest
import sympy as sp

from cranisotropy.kernels.drivers import chapman_enskog as driver
from cranisotropy.kernels.generated.isotropic_focused_sde import isotropic_focused_sde
from cranisotropy.kernels.generated.quasilinear_focused_sde import quasilinear_focused_sde

STEPS = np.array([5, 10], dtype=np.int64)


def _run(kernel, q=0.0, sigma=0.0, seed=7, batches=4, particles=50):
    sums = np.zeros((batches, len(STEPS), 2, 5))
    driver.run(kernel, q, sigma, 1.0, particles, batches, 0.01, STEPS, np.uint64(seed), sums)
    return sums


def test_same_seed_same_numbers_on_any_number_of_threads():
    a = _run(isotropic_focused_sde)
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        b = _run(isotropic_focused_sde)
    finally:
        numba.set_num_threads(threads)
    assert np.array_equal(a, b) and not np.array_equal(a, _run(isotropic_focused_sde, seed=8))
    assert np.all(a[:, :, :, 0] == 50)            # every particle sampled at every time, both paths


def test_one_compiled_driver_serves_package_and_user_kernels():
    """A kernel built at run time for the formula D = 1 is a different function object with the
    same arithmetic: the one compiled driver gives bit-identical sums; a kernel with a parameter
    (D = |mu|^(q-1)) goes through the same compiled code."""
    from cranisotropy.kernels import build
    from cranisotropy.kernels.specs.chapman_enskog import focused_sde_spec

    user = build(focused_sde_spec("user_focused_sde", sp.Integer(1))).user_focused_sde
    assert user is not isotropic_focused_sde
    assert np.array_equal(_run(user, sigma=0.3), _run(isotropic_focused_sde, sigma=0.3))
    assert not np.array_equal(_run(quasilinear_focused_sde, q=1.5), _run(isotropic_focused_sde))
    assert len(driver.run.signatures) == 1 and len(driver.run.overloads) == 1


def test_the_driver_is_loaded_from_numba_cache_in_a_new_process():
    code = textwrap.dedent("""
        import numpy as np
        from cranisotropy.kernels.drivers.chapman_enskog import run
        from cranisotropy.kernels.generated.isotropic_focused_sde import isotropic_focused_sde
        run(isotropic_focused_sde, 0.0, 0.0, 1.0, 10, 2, 0.01, np.array([5]), np.uint64(1),
            np.zeros((2, 1, 2, 5)))
        print(sum(run.stats.cache_hits.values()), sum(run.stats.cache_misses.values()))
    """)
    outputs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.split() for _ in range(2)]
    assert outputs[1] == ["1", "0"], outputs      # the second process compiles nothing


@pytest.mark.parametrize("m, expected", [(1.25, 0.75), (-1.5, -0.5), (0.3, 0.3), (1.0, 1.0)])
def test_reflection_folds_mu_back_into_the_interval(m, expected):
    assert driver.reflect(m) == pytest.approx(expected, abs=1e-15)


def test_uniform_numbers_fill_the_unit_interval_evenly():
    state = np.array([12345], dtype=np.uint64)
    values = np.array([driver.uniform(state) for _ in range(20_000)])
    assert values.min() >= 0 and values.max() < 1
    counts, _ = np.histogram(values, bins=10, range=(0, 1))
    # multinomial counts: expected 2000 each, standard deviation sqrt(2000 * 0.9) = 42
    assert np.all(np.abs(counts - 2000) < 5 * 42)
