"""Accuracy checks of the integrators and the speed benchmark of the field kernel.

- :func:`uniform_field_helix`: trajectories in a uniform field against the exact helix of
  :func:`derivations.lorentz.helix_geometry` (radius, pitch angle, period, whole trajectory);
- :func:`reversibility`: forward n steps, backward n steps (h -> -h), distance from the start;
- :func:`convergence_orders`: Boris (2nd order) and RK4 (4th order) in turbulence against
  scipy's DOP853 with the numpy (libm) field — an independent integrator *and* field evaluation;
- :func:`bench_field`: ns per (mode x evaluation) of the field kernel (and its ratio to the
  baseline kernel timed alternately in the same process), ns per particle step of the Boris
  kernel, and the field's error against the same loop with libm ``cos``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.backtrack import lorentz
from cranisotropy.numerics.backtrack.propagation import (PROPAGATORS, MagneticField, ParticleState)
from cranisotropy.numerics.backtrack.turbulence import TurbulenceSpectrum, aligned_copy, aligned_empty


def _helix_prediction(pitch_cosine: float, kappa: float, b0: float) -> dict:
    geometry = lorentz.helix_geometry(sp.Float(pitch_cosine, 30), sp.Symbol("b0", positive=True))
    subs = {lorentz.kappa: sp.Float(kappa, 30), sp.Symbol("b0", positive=True): sp.Float(b0, 30)}
    return {k: float(sp.N(v.subs(subs), 30)) for k, v in geometry.items()}


@lru_cache(maxsize=None)
def _helix_functions():
    """The exact trajectory (``lorentz.uniform_field_solution``) and the guiding centre, as numpy."""
    sol = lorentz.uniform_field_solution()
    b0 = sol["b0"]
    trajectory = sp.lambdify((sol["s"], lorentz.kappa, b0, list(lorentz.u)),
                             list(sol["position"]) + list(sol["direction"]), "numpy")
    centre = sp.lambdify((list(lorentz.xi), list(lorentz.u), lorentz.kappa, b0),
                         list(lorentz.guiding_centre(sp.Matrix([0, 0, b0]))), "numpy")
    return trajectory, centre


def uniform_field_helix(integrator: str = "boris", pitch_cosine: float = 0.3, gyroradius: float = 0.1,
                        b0: float = 1.0, steps_per_period: int = 200, periods: int = 5) -> dict:
    """Worst deviations from the exact helix over ``periods`` gyrations (positive charge).

    Radius about the guiding centre and pitch cosine against ``lorentz.helix_geometry``, the
    whole trajectory against ``lorentz.uniform_field_solution``, the direction after whole
    periods against the start.
    """
    kappa = 1.0 / gyroradius
    exact = _helix_prediction(pitch_cosine, kappa, b0)
    trajectory, centre_of = _helix_functions()
    h = exact["period"] / steps_per_period
    u0 = np.array([np.sqrt(1 - pitch_cosine**2), 0.0, pitch_cosine])
    field = MagneticField((0.0, 0.0, b0))
    state = ParticleState.launch(np.zeros((1, 3)), u0[None])
    propagator = PROPAGATORS[integrator](h)
    centre = np.array(centre_of(np.zeros(3), u0, kappa, b0), dtype=float)
    radius_err = pitch_err = traj_err = 0.0
    for n in range(1, periods * steps_per_period + 1):
        propagator.advance(state, field, kappa, 1)
        x, u = state.positions()[0], state.directions()[0]
        radius_err = max(radius_err, float(abs(np.hypot(*(x - centre)[:2]) - exact["radius"])))
        pitch_err = max(pitch_err, float(abs(u[2] / np.linalg.norm(u) - pitch_cosine)))
        x_exact = np.array(trajectory(n * h, kappa, b0, u0)[:3], dtype=float)
        traj_err = max(traj_err, float(np.max(np.abs(x - x_exact))))
    # after whole periods the direction is back where it started
    period_err = float(np.max(np.abs(state.directions()[0] - u0)))
    return {"integrator": integrator, "radius": exact["radius"], "period": exact["period"],
            "max_radius_error": radius_err, "max_pitch_cosine_error": pitch_err,
            "direction_error_after_periods": period_err, "max_trajectory_error": traj_err,
            "steps": periods * steps_per_period}


def reversibility(integrator: str = "boris", steps: int = 100_000, step: float = 1e-3,
                  field: MagneticField | None = None, gyroradius: float = 0.1, n_particles: int = 8,
                  seed: int = 3) -> dict:
    """Forward ``steps`` then backward ``steps``: max |x - x0| (L_c) and the worst drift of |u|."""
    field = field or MagneticField((0.0, 0.0, 1.0))
    rng = np.random.default_rng(seed)
    u0 = rng.normal(size=(n_particles, 3))
    u0 /= np.linalg.norm(u0, axis=1)[:, None]
    state = ParticleState.launch(np.zeros((n_particles, 3)), u0)
    kappa = 1.0 / gyroradius
    PROPAGATORS[integrator](step).advance(state, field, kappa, steps)
    drift_forward = float(np.max(np.abs(np.linalg.norm(state.directions(), axis=1) - 1)))
    PROPAGATORS[integrator](-step).advance(state, field, kappa, steps)
    return {"integrator": integrator, "steps": steps, "step": step,
            "max_return_distance": float(np.max(np.abs(state.positions()))),
            "max_direction_error": float(np.max(np.abs(state.directions() - u0))),
            "max_norm_drift": max(drift_forward, float(np.max(np.abs(np.linalg.norm(state.directions(), axis=1) - 1))))}


@lru_cache(maxsize=None)
def _lorentz_rhs():
    """d u/ds of :func:`derivations.lorentz.dimensionless_equations` as a numpy function."""
    rhs = lorentz.dimensionless_equations()["du_ds"]
    return sp.lambdify((lorentz.kappa, list(lorentz.u), list(lorentz.b)), list(rhs), "numpy")


def reference_trajectory(field: MagneticField, u0, kappa: float, path_length: float, rtol=1e-13):
    """(x, u) after ``path_length`` by scipy DOP853 with the numpy field (independent route)."""
    from scipy.integrate import solve_ivp

    b0 = np.asarray(field.regular)
    du_ds = _lorentz_rhs()

    def rhs(_s, y):
        b = b0 + field.turbulence.field_reference(y[:3])[0]
        return np.concatenate([y[3:], du_ds(kappa, y[3:], b)])

    sol = solve_ivp(rhs, (0.0, path_length), np.concatenate([np.zeros(3), u0]), method="DOP853",
                    rtol=rtol, atol=rtol * 1e-2)
    return sol.y[:3, -1], sol.y[3:, -1]


def convergence_orders(n_modes: int = 32, path_length: float = 0.5, gyroradius: float = 0.1,
                       steps=(50, 100, 200, 400), seed: int = 11) -> dict:
    """Errors of Boris, classic Boris and RK4 against DOP853 at several step sizes, and their orders."""
    spectrum = TurbulenceSpectrum(n_modes, lambda_min=0.05, lambda_max=10.0, sigma2=1.0)
    field = MagneticField((0.0, 0.0, 1.0), spectrum.realise(np.random.default_rng(seed)))
    u0 = np.array([0.6, 0.0, 0.8])
    kappa = 1.0 / gyroradius
    x_ref, _ = reference_trajectory(field, u0, kappa, path_length)
    out = {}
    for name in PROPAGATORS:
        errors = []
        for n in steps:
            state = ParticleState.launch(np.zeros((1, 3)), u0[None])
            PROPAGATORS[name](path_length / n).advance(state, field, kappa, n)
            errors.append(float(np.linalg.norm(state.positions()[0] - x_ref)))
        orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
        out[name] = {"steps": list(steps), "errors": errors, "orders": orders.tolist()}
    return out


def _best(fn, repeats: int):
    best_cpu = best_wall = np.inf
    for _ in range(repeats):
        c0, w0 = time.thread_time(), time.perf_counter()
        fn()
        best_cpu = min(best_cpu, time.thread_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    return best_cpu, best_wall


def _alternating(fns, repeats: int):
    """Thread CPU times of the callables ``fns``, called in turn ``repeats`` times: (repeats, len(fns)).

    Timed in one process, alternating, so that the machine's load affects all of them alike:
    their ratio is meaningful on a shared machine even when the absolute times are not.
    """
    out = np.empty((repeats, len(fns)))
    for r in range(repeats):
        for i, fn in enumerate(fns):
            c0 = time.thread_time()
            fn()
            out[r, i] = time.thread_time() - c0
    return out


#: targets of ``bench field`` (issue 19): speed of the field loop (absolute, and against the
#: baseline loop in the same process), accuracy of the polynomial cosine, the Boris step
FIELD_TARGETS = {"ns_per_mode_eval": 0.55, "ratio_to_baseline": 0.75, "max_rel_error": 1e-12,
                 "ns_per_step": 130.0}


@dataclass(frozen=True)
class FieldBenchmark(Result):
    """Timings and accuracy of the field loop and the Boris step (:func:`bench_field`).

    ``max_rel_error`` is the error of the cosine approximation: per point |dB - dB_libm| / |dB_libm|
    with dB_libm from the same loop calling libm ``cos`` on the same float64 phases (the
    rounding of the phase itself, ~1e-16 |phase|, is common to every method and not counted;
    ``libm_loop_vs_numpy_max_error_over_rms`` shows it against numpy's own phase sums).
    """

    modes: int
    points: int
    repeats: int
    clock: str
    ns_per_mode_eval: float
    ns_per_mode_eval_wall: float
    ns_per_mode_eval_libm: float
    ns_per_mode_eval_baseline: float
    ratio_to_baseline: float
    ratio_to_baseline_range: list
    ns_per_step: float
    ns_per_step_wall: float
    max_rel_error: float
    rms_rel_error: float
    baseline_max_rel_error: float
    max_error_over_rms_field: float
    libm_loop_vs_numpy_max_error_over_rms: float
    targets: dict
    targets_met: bool

    def __str__(self) -> str:
        t = self.targets
        return (f"field kernel: {self.ns_per_mode_eval:.3f} ns per mode-evaluation, "
                f"{self.ratio_to_baseline:.3f} x the baseline loop in this process "
                f"(baseline {self.ns_per_mode_eval_baseline:.3f} ns, libm loop "
                f"{self.ns_per_mode_eval_libm:.1f} ns), max rel. error {self.max_rel_error:.1e}\n"
                f"Boris step: {self.ns_per_step:.1f} ns per particle-step ({self.modes} modes)\n"
                f"targets: <= {t['ns_per_mode_eval']:g} ns and <= {t['ratio_to_baseline']:g} x baseline, "
                f"<= {t['max_rel_error']:g}, <= {t['ns_per_step']:g} ns per step: "
                f"{'met' if self.targets_met else 'NOT met'}")


def bench_field(n_modes: int = 256, *, points: int = 1024, repeats: int = 30, steps: int = 50,
                box: float = 10.0, seed: int = 1) -> FieldBenchmark:
    """Time the turbulent-field loop and the full Boris step; measure the cosine's accuracy.

    The field of one realisation of seed 002's spectrum (lambda in [0.01, 100] L_c) is
    evaluated at ``points`` random points in [-box, box]^3 by the driver loop (structure of
    arrays, particles innermost, cosine reduced by pi) and, alternating with it in this process,
    by the baseline loop (the kernel before issue 19: reduction by 2 pi, LLVM's default vector
    width); the same loop with libm ``cos`` is the accuracy reference.  Thread CPU time, best of
    ``repeats``; the ratio to the baseline is the median of the ``repeats`` paired ratios.

    Parameters
    ----------
    n_modes : int
        Plane-wave modes (>= 8).
    points : int
        Evaluation points (= particles of the Boris step) per call (>= 8).
    repeats : int
        Repetitions (>= 3); the best is reported.
    steps : int
        Boris steps per timed call.
    box : float
        Half-width of the cube of evaluation points (L_c).
    seed : int
        Seed of the field and the points.

    Returns
    -------
    FieldBenchmark
        ns per (mode x evaluation) of the field loop (thread CPU and wall), of the baseline and
        of the libm loop, ``ratio_to_baseline`` (and its range over the repeats), ns per
        particle-step of the Boris scheme, the field's max and rms relative error against the
        libm loop (the cosine approximation's error, :class:`FieldBenchmark`), ``targets``
        (:data:`FIELD_TARGETS`) and ``targets_met``.

    Examples
    --------
    >>> from cranisotropy import bench_field
    >>> r = bench_field(16, points=64, repeats=3, steps=2)
    >>> r.max_rel_error < 1e-12, r.ns_per_mode_eval > 0
    (True, True)
    """
    from cranisotropy.kernels.drivers import backtrack as kernels

    for name, value, low in (("modes", n_modes, 8), ("points", points, 8), ("repeats", repeats, 3),
                             ("steps", steps, 1)):
        if not isinstance(value, (int, np.integer)) or value < low:
            raise UsageError(f"--{name} must be an integer >= {low}, got {value!r}")
    spectrum = TurbulenceSpectrum(n_modes)  # the paper's spectrum: lambda in [0.01, 100] L_c
    rng = np.random.default_rng(seed)
    waves = spectrum.realise(rng)
    pts = rng.uniform(-box, box, (points, 3))
    x, y, z = (aligned_copy(pts[:, i]) for i in range(3))
    fast, baseline, libm = ([aligned_empty(points) for _ in range(3)] for _ in range(3))
    loops = {"fast": (kernels.turbulent_field, fast), "baseline": (kernels.turbulent_field_baseline, baseline),
             "libm": (kernels.turbulent_field_libm, libm)}
    for kernel, out in loops.values():
        kernel(x, y, z, *waves.arrays(), *out)  # load / compile
    calls = max(1, 200_000 // points)

    def run(name):
        kernel, out = loops[name]
        return lambda: [kernel(x, y, z, *waves.arrays(), *out) for _ in range(calls)]

    evals = calls * points * waves.kx.shape[0]
    _, wall = _best(run("fast"), max(3, repeats // 10))
    paired = _alternating([run("fast"), run("baseline")], repeats)
    cpu, cpu_baseline = paired.min(axis=0)
    ratios = paired[:, 0] / paired[:, 1]
    cpu_libm, _ = _best(run("libm"), max(3, repeats // 10))
    b_fast, b_base, b_libm = np.stack(fast, 1), np.stack(baseline, 1), np.stack(libm, 1)
    b_numpy = waves.field_reference(pts)
    norm = np.linalg.norm(b_libm, axis=1)
    rel = np.linalg.norm(b_fast - b_libm, axis=1) / norm
    rms = np.sqrt(np.mean(norm**2))
    # the full Boris step for a batch of particles
    field = MagneticField((0.0, 0.0, 1.0), waves)
    u = rng.normal(size=(points, 3))
    state = ParticleState.launch(np.zeros((points, 3)), u / np.linalg.norm(u, axis=1)[:, None])
    boris = PROPAGATORS["boris"](1e-3)
    boris.advance(state, field, -10.0, 1)
    step_cpu, step_wall = _best(lambda: boris.advance(state, field, -10.0, steps), max(3, repeats // 5))
    result = dict(
        ns_per_mode_eval=float(1e9 * cpu / evals), ratio_to_baseline=float(np.median(ratios)),
        max_rel_error=float(np.max(rel)), ns_per_step=float(1e9 * step_cpu / (steps * points)))
    return FieldBenchmark(
        modes=n_modes, points=points, repeats=repeats,
        clock="thread CPU time; best of repeats, ratio: median of paired alternating repeats",
        ns_per_mode_eval=result["ns_per_mode_eval"],
        ns_per_mode_eval_wall=float(1e9 * wall / evals),
        ns_per_mode_eval_libm=float(1e9 * cpu_libm / evals),
        ns_per_mode_eval_baseline=float(1e9 * cpu_baseline / evals),
        ratio_to_baseline=result["ratio_to_baseline"],
        ratio_to_baseline_range=[float(ratios.min()), float(ratios.max())],
        ns_per_step=result["ns_per_step"],
        ns_per_step_wall=float(1e9 * step_wall / (steps * points)),
        max_rel_error=result["max_rel_error"],
        rms_rel_error=float(np.sqrt(np.mean(rel**2))),
        baseline_max_rel_error=float(np.max(np.linalg.norm(b_base - b_libm, axis=1) / norm)),
        max_error_over_rms_field=float(np.max(np.linalg.norm(b_fast - b_libm, axis=1)) / rms),
        libm_loop_vs_numpy_max_error_over_rms=float(np.max(np.linalg.norm(b_libm - b_numpy, axis=1)) / rms),
        targets=dict(FIELD_TARGETS),
        targets_met=all(result[k] <= FIELD_TARGETS[k] for k in FIELD_TARGETS))
