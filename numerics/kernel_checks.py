"""Independent checks and benchmarks of generated kernels.

The reference is sympy's own arbitrary-precision evaluation (``evalf`` at 30 digits, which goes
through mpmath) of the *un-generated* expressions: a different algorithm from the cse-reduced,
printed, numba-compiled float64 code, so it catches printer and cse mistakes.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.kernels import KernelSpec, catalogue, load

__all__ = ["validate_kernels", "bench_kernels", "KernelReport"]


@dataclass(frozen=True)
class KernelReport(Result):
    """One row per generated kernel (``validate kernels`` / ``bench kernels``)."""

    kernels: list[dict]

    @property
    def ok(self) -> bool:
        """Whether every kernel passed (validation reports only)."""
        return all(row.get("ok", True) for row in self.kernels)

    def __str__(self) -> str:
        if self.kernels and "max_rel_error" in self.kernels[0]:
            return "\n".join(f"{'ok' if r['ok'] else 'FAIL':4} {r['kernel']:40} max rel err "
                             f"{r['max_rel_error']:.2e} ({r['points']} pts)" for r in self.kernels)
        return "\n".join(f"{r['kernel']:40} {r['ns_per_eval_array']:8.2f} ns/eval (array)  "
                         f"{r['ns_per_call_scalar']:8.1f} ns/call (scalar)" for r in self.kernels)


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


def validate_kernels(points: int = 64, seed: int = 20261122, tolerance: float = 1e-12) -> KernelReport:
    """Compare every generated kernel with sympy's 30-digit evaluation at random points.

    The reference evaluates the un-generated expressions with ``evalf`` (mpmath): a different
    algorithm from the cse-reduced, printed, numba-compiled float64 code.

    Parameters
    ----------
    points : int
        Random points per kernel, drawn in the kernel's declared domain.
    seed : int
        Seed of the points.
    tolerance : float
        Largest accepted relative error.

    Returns
    -------
    KernelReport
        ``.kernels``: per kernel its name, ``max_rel_error`` and ``ok``; ``.ok`` for all.

    Examples
    --------
    >>> from cranisotropy import validate_kernels
    >>> validate_kernels(points=2).ok
    True
    """
    if points < 1:
        raise UsageError(f"points must be >= 1, got {points}")
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
    return KernelReport(report)


def _best_time(fn, repeat: int = 5) -> float:
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_kernels(size: int = 1_000_000, seed: int = 1) -> KernelReport:
    """Time every generated kernel: ns per evaluation in its array loop and per scalar call.

    Parameters
    ----------
    size : int
        Length of the input arrays.
    seed : int
        Seed of the random inputs (drawn in each kernel's domain).

    Returns
    -------
    KernelReport
        ``.kernels``: per kernel ``ns_per_eval_array``, ``ns_per_call_scalar`` and
        ``first_call_seconds`` (compile or cache load).

    Examples
    --------
    >>> from cranisotropy import bench_kernels
    >>> row = bench_kernels(size=10).kernels[0]
    >>> sorted(row)[:2]
    ['first_call_seconds', 'kernel']
    """
    if size < 1:
        raise UsageError(f"size must be >= 1, got {size}")
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
    return KernelReport(report)
