"""sympy -> cse -> printer -> generated module -> numba.njit(cache=True)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from cranisotropy.derivations.chapman_enskog.pitch_angle import signed_power
from cranisotropy.kernels import KernelPrintError, KernelSpec, build, content_hash, render_module

mu = sp.Symbol("mu", real=True)
k = sp.Symbol("k", positive=True)

#: Piecewise, a signed fractional power and besselj(1, ...) in one expression.
ACCEPTANCE_EXPR = (
    sp.Piecewise((1 + mu**2, mu < sp.Rational(-1, 3)), (sp.exp(mu) / 2, True))
    * (2 + signed_power(mu, sp.Rational(2, 3)))
    + sp.besselj(1, 3 * mu + k) ** 2
    + sp.Rational(1, 7) * sp.besselj(0, k * mu)
)


def _acceptance_spec():
    return KernelSpec("acceptance_demo", (mu, k), (ACCEPTANCE_EXPR,), doc="codegen acceptance test")


def _mpmath_reference(m: float, kk: float) -> float:
    with mp.workdps(40):
        m_, k_ = mp.mpf(m), mp.mpf(kk)
        piece = (1 + m_**2) if m_ < mp.mpf(-1) / 3 else mp.exp(m_) / 2
        signed = mp.sign(m_) * abs(m_) ** (mp.mpf(2) / 3)
        value = piece * (2 + signed) + mp.besselj(1, 3 * m_ + k_) ** 2 + mp.besselj(0, k_ * m_) / 7
        return float(value)


def test_kernel_matches_mpmath_at_200_points(tmp_path):
    module = build(_acceptance_spec(), tmp_path)
    rng = np.random.default_rng(2026)
    m = np.concatenate([rng.uniform(-1, 1, 196), [-1 / 3, 0.0, -1.0, 1.0]])
    kk = rng.uniform(0.1, 5.0, m.size)
    reference = np.array([_mpmath_reference(a, b) for a, b in zip(m, kk)])
    scalar = np.array([module.acceptance_demo(a, b) for a, b in zip(m, kk)])
    vector = module.acceptance_demo_array(m, kk)
    assert m.size >= 200
    assert np.max(np.abs(scalar - reference) / np.abs(reference)) <= 1e-13
    assert np.array_equal(scalar, vector)


def test_signed_power_is_real_for_negative_base(tmp_path):
    module = build(KernelSpec("signed_cube_root", (mu,), (signed_power(mu, sp.Rational(1, 3)),)), tmp_path)
    assert module.signed_cube_root(-8.0) == pytest.approx(-2.0, rel=1e-15)
    assert module.signed_cube_root(0.0) == 0.0


def test_vector_outputs_and_broadcasting(tmp_path):
    spec = KernelSpec("two_outputs", (mu, k), (sp.sin(k * mu), sp.cos(k * mu) ** 2 + mu))
    module = build(spec, tmp_path)
    assert module.two_outputs(0.5, 2.0) == pytest.approx((np.sin(1.0), np.cos(1.0) ** 2 + 0.5), rel=1e-15)
    a, b = module.two_outputs_array(np.linspace(-1, 1, 5)[:, None], np.array([1.0, 2.0, 3.0]))
    assert a.shape == b.shape == (5, 3)
    assert a[4, 2] == pytest.approx(np.sin(3.0), rel=1e-15)


def test_generation_is_deterministic_and_hash_tracks_content():
    text = render_module(_acceptance_spec())
    assert text == render_module(_acceptance_spec())
    assert f"# content-sha256: {content_hash(_acceptance_spec())}" in text
    changed = KernelSpec("acceptance_demo", (mu, k), (ACCEPTANCE_EXPR + 1,))
    assert content_hash(changed) != content_hash(_acceptance_spec())


def test_generation_is_independent_of_hash_seed(tmp_path):
    script = textwrap.dedent("""
        import sys
        sys.path.insert(0, %r)
        from test_codegen import _acceptance_spec
        from cranisotropy.kernels import render_module
        sys.stdout.write(render_module(_acceptance_spec()))
    """ % os.path.dirname(__file__))
    texts = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(texts) == 1


@pytest.mark.parametrize("expr, fragment", [
    (sp.Integral(mu**2, (mu, 0, k)), "integral"),
    (sp.besselj(2, mu), "order 2"),
    (sp.I * mu, "complex"),
    (sp.Function("D")(mu), "D"),
])
def test_uncompilable_expressions_are_refused(expr, fragment):
    with pytest.raises(KernelPrintError, match=fragment):
        render_module(KernelSpec("bad", (mu, k), (expr,)))


def test_spec_validation():
    with pytest.raises(ValueError, match="not among inputs"):
        KernelSpec("free", (mu,), (mu * k,))
    with pytest.raises(ValueError, match="identifier"):
        KernelSpec("not valid", (mu,), (mu,))


def test_second_process_loads_from_numba_cache(tmp_path):
    """A second interpreter imports the generated file and numba loads it, no recompilation."""
    script = textwrap.dedent("""
        import json, sys, time
        sys.path.insert(0, %r)
        from test_codegen import _acceptance_spec
        from cranisotropy.kernels import build
        t0 = time.perf_counter()
        module = build(_acceptance_spec(), %r)
        value = module.acceptance_demo(0.25, 1.5)
        seconds = time.perf_counter() - t0
        stats = module.acceptance_demo.stats
        print(json.dumps({"value": value, "seconds": seconds,
                          "hits": sum(stats.cache_hits.values()),
                          "misses": sum(stats.cache_misses.values())}))
    """ % (os.path.dirname(__file__), str(tmp_path)))
    runs = [json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                      check=True).stdout) for _ in range(2)]
    first, second = runs
    assert first["misses"] == 1 and first["hits"] == 0  # compiled and saved
    assert second["misses"] == 0 and second["hits"] == 1  # loaded from the on-disk cache
    assert first["value"] == second["value"]
    assert list(tmp_path.glob("__pycache__/*.nbi")) and list(tmp_path.glob("__pycache__/*.nbc"))


def test_array_wrapper_accepts_scalars_and_size_one_arrays_without_warnings(tmp_path):
    import warnings

    module = build(KernelSpec("scaled", (mu, k), (k * mu,)), tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert module.scaled_array(np.array([0.5]), 3.0).tolist() == [1.5]
        assert module.scaled_array(0.5, 3.0).shape == ()
        assert module.scaled_array(np.array(0.5), np.array([1.0, 2.0])).tolist() == [0.5, 1.0]


def test_the_hash_follows_the_special_functions_every_module_imports(monkeypatch):
    """numba's cache of a generated module would not notice an edit of kernels/special.py."""
    import sympy as sp

    from cranisotropy.kernels import codegen

    x = sp.Symbol("x", real=True)
    spec = codegen.KernelSpec("probe", (x,), (sp.besselj(0, x),))
    before = codegen.content_hash(spec)
    monkeypatch.setattr(codegen, "_special_source", lambda: b"def j0(x): return 1.0\n")
    assert codegen.content_hash(spec) != before
