"""Independent checks and benchmarks of generated kernels.

The reference is sympy's own arbitrary-precision evaluation (``evalf`` at 30 digits, which goes
through mpmath) of the *un-generated* expressions: a different algorithm from the cse-reduced,
printed, numba-compiled float64 code, so it catches printer and cse mistakes.
"""
from __future__ import annotations

import time

import numpy as np
import sympy as sp

from cranisotropy.kernels import KernelSpec, catalogue, load


def reference_values(spec: KernelSpec, points: np.ndarray, digits: int = 30) -> np.ndarray:
    """Outputs of ``spec`` at ``points`` (shape (n, n_inputs)) by ``evalf``: shape (n, n_outputs)."""
    out = np.empty((points.shape[0], len(spec.outputs)))
    for i, row in enumerate(points):
        subs = {s: sp.Float(repr(float(v)), digits + 5) for s, v in zip(spec.inputs, row)}
        for j, expr in enumerate(spec.outputs):
            value = sp.N(expr.subs(subs), digits)
            out[i, j] = float(value) if value.is_real else np.nan
    return out


def relative_errors(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """|v - ref| / |ref|, with an absolute floor of 1e-15 * max|ref| per output."""
    scale = np.maximum(np.abs(reference), 1e-15 * np.max(np.abs(reference), axis=0, keepdims=True))
    return np.abs(values - reference) / np.where(scale > 0, scale, 1.0)


def sample_points(spec: KernelSpec, n: int, rng: np.random.Generator) -> np.ndarray:
    domain = spec.domain or tuple((-1.0, 1.0) for _ in spec.inputs)
    return np.column_stack([rng.uniform(lo, hi, n) for lo, hi in domain])


def evaluate_array(module, spec: KernelSpec, points: np.ndarray) -> np.ndarray:
    result = getattr(module, f"{spec.name}_array")(*points.T)
    return np.column_stack(result if isinstance(result, tuple) else [result])


def validate_all_kernels(points: int = 64, seed: int = 20261122, tolerance: float = 1e-12):
    """Compare every committed kernel with :func:`reference_values` at random points."""
    rng = np.random.default_rng(seed)
    report = []
    for name, factory in catalogue().items():
        spec = factory()
        module = load(name)
        pts = sample_points(spec, points, rng)
        values = evaluate_array(module, spec, pts)
        reference = reference_values(spec, pts)
        finite = np.isfinite(reference)
        err = relative_errors(values[finite], reference[finite]) if finite.any() else np.array([np.inf])
        worst = float(np.max(err))
        report.append({"kernel": name, "points": points, "max_rel_error": worst,
                       "non_finite_reference": int((~finite).sum()),
                       "ok": bool(worst <= tolerance and np.array_equal(np.isfinite(values), finite))})
    return report


def _best_time(fn, repeat: int = 5) -> float:
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_kernels(size: int = 1_000_000, seed: int = 1):
    """ns per evaluation of each kernel's array loop, and ns per scalar call from Python."""
    rng = np.random.default_rng(seed)
    report = []
    for name, factory in catalogue().items():
        spec = factory()
        start = time.perf_counter()
        module = load(name)
        scalar, loop = getattr(module, name), getattr(module, f"{name}_loop")
        pts = sample_points(spec, size, rng)
        cols = [np.ascontiguousarray(c) for c in pts.T]
        outs = [np.empty(size) for _ in spec.outputs]
        loop(*cols, *outs)  # compile or load from cache
        args0 = tuple(float(c[0]) for c in cols)
        scalar(*args0)
        first_call = time.perf_counter() - start
        t_array = _best_time(lambda: loop(*cols, *outs))
        n_scalar = 2000
        t_scalar = _best_time(lambda: [scalar(*args0) for _ in range(n_scalar)])
        report.append({"kernel": name, "size": size,
                       "ns_per_eval_array": 1e9 * t_array / size,
                       "ns_per_call_scalar": 1e9 * t_scalar / n_scalar,
                       "first_call_seconds": first_call})
    return report
