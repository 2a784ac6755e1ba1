"""Time-dependent CR escape: the coupled system (1)-(2) on a half-line by the method of lines.

Seed 000, Sec. II.  Variables are normalised by the cloud size ``a`` and the Alfven speed:
``x = z/a``, ``tau = C_A t/a``, ``p = P_CR / eps`` and ``J = I / eps`` with
``eps = kappa_B/(a C_A)``; then kappa_B = C_A = 1 and the problem depends only on
Pi = int p dx, D_ISM = kappa_B/(a C_A I_ISM) (so J_ISM = 1/D_ISM), gamma = Gamma a/C_A and the
cloud shape.

Discretisation (finite volumes on a staggered grid): p is a cell average, ln J lives on the cell
faces where the flux is; z = 0 is a symmetry plane (zero flux, and I(0, t) = I_ISM e^-Gamma t since
dP/dz = 0 there), the far boundary is closed and placed beyond ten diffusion lengths.  The
semi-discrete system keeps two linear invariants exactly:

- the CR content sum_i p_i dx_i (= Pi), and
- the discrete quasilinear integral (4): p_i dx_i + (L_{i+1/2} - L_{i-1/2}) is constant in time.

A stiff integrator (scipy BDF with the analytic sparse Jacobian assembled by
:mod:`cranisotropy.kernels.drivers.confinement` from the generated kernel
``confinement_log_rates``) advances it; the invariants are then checked, not assumed.

>>> sol = solve_escape([1.0, 10.0], pi=2.0, d_ism=1.0)
>>> bool(abs(sol.content()[-1] / 2.0 - 1) < 1e-8)
True
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from math import erf, log, pi as PI, sqrt

import numpy as np
from scipy.integrate import quad, solve_ivp
from scipy.interpolate import CubicSpline
from scipy.sparse import csc_matrix

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.kernels.drivers.confinement import NONZEROS_PER_FACE, escape_jacobian, escape_rhs
from cranisotropy.numerics.confinement.similarity import interpolation_profile, similarity_solution

CLOUDS = ("tophat", "gaussian")
#: above this gamma * tau the damped system is solved through the exact time map (auto mode)
TIME_MAP_ABOVE = 20.0


@dataclass(frozen=True)
class EscapeProblem(Result):
    """Normalised parameters: ``pi`` (> 0), ``d_ism`` = kappa_B/(a C_A I_ISM) (> 0),
    ``gamma`` = Gamma a / C_A (>= 0), ``cloud`` in CLOUDS (unit size: top-hat on [0, 1] or
    a half-Gaussian exp(-x^2)).

    >>> EscapeProblem(pi=2.0, d_ism=0.5).log_j_ism == log(2.0)
    True
    """

    pi: float
    d_ism: float
    gamma: float = 0.0
    cloud: str = "tophat"

    def __post_init__(self):
        if not (np.isfinite(self.pi) and self.pi > 0):
            raise UsageError(f"pi must be > 0, got {self.pi!r}")
        if not (np.isfinite(self.d_ism) and self.d_ism > 0):
            raise UsageError(f"d_ism must be > 0, got {self.d_ism!r}")
        if not (np.isfinite(self.gamma) and self.gamma >= 0):
            raise UsageError(f"gamma must be >= 0, got {self.gamma!r}")
        if self.cloud not in CLOUDS:
            raise UsageError(f"cloud must be one of {', '.join(CLOUDS)}, got {self.cloud!r}")

    @property
    def log_j_ism(self) -> float:
        """ln J_ISM = -ln D_ISM."""
        return -log(self.d_ism)


def make_faces(x_max: float, cells_in_source: int = 32, growth: float = 1.04) -> np.ndarray:
    """Cell faces: uniform on [0, 1] (the source), then geometric with ratio ``growth`` to x_max.

    >>> make_faces(1.5, 4, 1.5).round(4).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0, 1.375, 1.9375]
    """
    if not (x_max > 1 and cells_in_source >= 2 and growth > 1):
        raise UsageError(f"need x_max > 1, cells_in_source >= 2, growth > 1; got {x_max!r}, "
                         f"{cells_in_source!r}, {growth!r}")
    faces = list(np.linspace(0.0, 1.0, cells_in_source + 1))
    step = 1.0 / cells_in_source
    while faces[-1] < x_max:
        step *= growth
        faces.append(faces[-1] + step)
    return np.array(faces)


def initial_pressure(problem: EscapeProblem, faces: np.ndarray) -> np.ndarray:
    """Cell averages of the initial cloud with int_0^inf p dx = Pi."""
    lo, hi = faces[:-1], faces[1:]
    if problem.cloud == "tophat":
        covered = np.clip(hi, 0, 1) - np.clip(lo, 0, 1)
        return problem.pi * covered / (hi - lo)
    erfs = np.array([erf(x) for x in faces])
    return problem.pi * (erfs[1:] - erfs[:-1]) / (hi - lo)


@dataclass(frozen=True)
class EscapeSolution(Result):
    """The method-of-lines solution of (1)-(2) at the requested times (normalised units).

    Parameters
    ----------
    problem : EscapeProblem
        Pi, D_ISM, gamma and the cloud shape.
    faces : ndarray
        Cell faces in x = z/a.
    times : ndarray
        Output times tau = C_A t / a.
    p : ndarray
        CR pressure P_CR a C_A / kappa_B per cell, shape (times, cells).
    excess : ndarray
        Wave excess l = ln(I / I_ISM) on the interior faces, shape (times, faces - 2).
    p_initial : ndarray
        The initial cloud (cell averages).
    stats : dict
        Solver statistics (cells, right-hand sides, Jacobians, LU decompositions, x_max).

    Examples
    --------
    >>> sol = solve_escape([2.0], pi=1.0)
    >>> sol.p.shape[0], bool(sol.quasilinear_residual()[-1] < 1e-9)
    (1, True)
    """

    problem: EscapeProblem
    faces: np.ndarray
    times: np.ndarray
    p: np.ndarray
    excess: np.ndarray
    p_initial: np.ndarray
    stats: dict = field(default_factory=dict)

    def __str__(self) -> str:
        p = self.problem
        return (f"escape solution, Pi = {p.pi:g}, D_ISM = {p.d_ism:g}, gamma = {p.gamma:g}, {p.cloud} cloud: "
                f"{self.stats.get('cells')} cells to x = {self.faces[-1]:.4g}, times "
                + ", ".join(f"{t:.4g}" for t in self.times))

    @property
    def L(self) -> np.ndarray:
        """ln J on the interior faces."""
        return self.excess + self.problem.log_j_ism

    @property
    def centres(self) -> np.ndarray:
        """Cell centres in x = z/a."""
        return 0.5 * (self.faces[1:] + self.faces[:-1])

    @property
    def widths(self) -> np.ndarray:
        """Cell widths."""
        return np.diff(self.faces)

    def all_faces_excess(self, k: int) -> np.ndarray:
        """l on all faces; at z = 0 and at the closed far end I = I_ISM e^(-Gamma t) (no gradient)."""
        b = -self.problem.gamma * self.times[k]
        return np.concatenate(([b], self.excess[k], [b]))

    def content(self) -> np.ndarray:
        """Pi(t) = sum_i p_i dx_i."""
        return self.p @ self.widths

    def quasilinear_residual(self) -> np.ndarray:
        """max_i abs(p_i - p0_i + d(L - L0)_i/dx_i) / max p0 at each time: the discrete eq. (4)."""
        out = []
        for k in range(self.times.size):
            dL = np.diff(self.all_faces_excess(k)) / self.widths
            out.append(np.max(np.abs(self.p[k] - self.p_initial + dL)))
        return np.array(out) / np.max(self.p_initial)

    def quasilinear_residual_continuum(self, k: int = -1) -> float:
        """int abs(P - P0 + (kappa_B/C_A) d/dz ln(I/I0)) dz / Pi with d/dz from a cubic spline through
        the face values of ln I (a different derivative than the solver's): O(h^2) where smooth."""
        dL = CubicSpline(self.faces, self.all_faces_excess(k))(self.centres, 1)
        return float(np.sum(np.abs(self.p[k] - self.p_initial + dL) * self.widths) / self.problem.pi)

    def wave_excess_identity(self, x: float = 2.0) -> tuple[np.ndarray, float]:
        """ln(I / I_ISM) at the first face beyond ``x`` (outside the source) at each time, and the
        largest deviation from (4) integrated over [0, x]: ln(I/I_ISM) = Pi - int_0^x P dz."""
        k_face = int(np.searchsorted(self.faces[1:-1], x))
        inside = self.faces[1:] <= self.faces[1:-1][k_face] + 1e-12
        log_ratio = self.excess[:, k_face]
        deviation = np.abs(log_ratio - (self.problem.pi - self.p[:, inside] @ self.widths[inside]))
        return log_ratio, float(deviation.max())

    def pedestal_plateau(self, k: int = -1, x_min: float = 3.0) -> float:
        """max of P z C_A / (2 kappa_B) between ``x_min`` source sizes and sqrt(D_ISM tau)."""
        x = self.centres
        mask = (x > x_min) & (x < sqrt(self.problem.d_ism * self.times[k]))
        return float(np.max(self.p[k][mask] * x[mask] / 2))

    def wave_at_centres(self, k: int = -1) -> np.ndarray:
        """J = I / eps at the cell centres (linear interpolation of ln J)."""
        return np.exp(np.interp(self.centres, self.faces, self.all_faces_excess(k)) + self.problem.log_j_ism)

    def compare_similarity(self, k: int = -1, x_min: float = 3.0) -> dict[str, float]:
        """Distance of the profile at times[k] from the exact similarity profile (Gamma = 0).

        ``l1_similarity``: L1 over x >= x_min (outside the source) / Pi; ``max_rel_similarity``:
        max relative error on the core and pedestal (x_min <= x <= sqrt(D_ISM tau));
        ``max_rel_wave``: the same for I on the faces up to 3 sqrt(D_ISM tau); and the first two
        for formula (5) with the exact F (``*_interpolation``).
        """
        tau = float(self.times[k])
        scale = sqrt(self.problem.d_ism * tau)
        sol = similarity_solution(self.problem.pi)
        xs = self.centres
        exact = sol.shape(xs / scale) / scale
        interp = interpolation_profile(xs / scale, sol.kappa_nl) / scale
        out = {"tau": tau, "x_min": x_min}
        outside = xs >= x_min
        bulk = outside & (xs <= scale)
        w = self.widths
        for name, ref in (("similarity", exact), ("interpolation", interp)):
            out[f"l1_{name}"] = float(np.sum(np.abs(self.p[k] - ref)[outside] * w[outside]) / self.problem.pi)
            out[f"max_rel_{name}"] = float(np.max(np.abs(self.p[k][bulk] / ref[bulk] - 1))) if bulk.any() else None
        xf = self.faces[1:-1]
        faces = (xf > x_min) & (xf < 3 * scale)
        wave = sol.wave(xf[faces] / scale) / self.problem.d_ism
        out["max_rel_wave"] = float(np.max(np.abs(np.exp(self.L[k][faces]) / wave - 1))) if faces.any() else None
        return out


def domain_size(problem: EscapeProblem, t_end: float) -> float:
    """x_max: ten diffusion lengths sqrt(D_ISM t) beyond the source (tail ~ e^-25 there)."""
    return 2.0 + 10.0 * sqrt(problem.d_ism * t_end) + 10.0 * sqrt(problem.d_ism)


def _check_times(times) -> np.ndarray:
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or not np.all(np.isfinite(times)) or np.any(times <= 0) \
            or np.any(np.diff(times) <= 0):
        raise UsageError(f"times must be positive and increasing, got {times.tolist()!r}")
    return times


def _integrate(problem: EscapeProblem, times: np.ndarray, cells_in_source: int, growth: float,
               rtol: float, x_max: float | None, method: str) -> EscapeSolution:
    """Integrate (1)-(2) from the initial cloud (I = I_ISM) to each of ``times``."""
    faces = make_faces(x_max or domain_size(problem, times[-1]), cells_in_source, growth)
    n = faces.size - 1
    centres = 0.5 * (faces[1:] + faces[:-1])
    inv_dx = 1.0 / np.diff(faces)
    inv_h = 1.0 / np.diff(centres)
    p0 = initial_pressure(problem, faces)
    y0 = np.concatenate((p0, np.zeros(n - 1)))
    nnz = NONZEROS_PER_FACE * (n - 1)
    rows, cols, vals = (np.empty(nnz, np.int64), np.empty(nnz, np.int64), np.empty(nnz))
    counters = {"rhs": 0, "jac": 0}

    def rhs(_t, y):
        counters["rhs"] += 1
        out = np.empty_like(y)
        escape_rhs(y, n, inv_dx, inv_h, problem.gamma, problem.log_j_ism, out)
        return out

    def jac(_t, y):
        counters["jac"] += 1
        m = escape_jacobian(y, n, inv_dx, inv_h, problem.gamma, problem.log_j_ism, rows, cols, vals)
        return csc_matrix((vals[:m], (rows[:m], cols[:m])), shape=(y.size, y.size))

    atol = np.concatenate((np.full(n, 1e-12 * problem.pi), np.full(n - 1, 1e-10 * min(problem.pi, 1.0))))
    result = solve_ivp(rhs, (0.0, times[-1]), y0, method=method, t_eval=times, jac=jac,
                       rtol=rtol, atol=atol,
                       first_step=min(1e-6 / max(problem.d_ism, 1.0), times[0] / 10))
    if not result.success:
        raise RuntimeError(f"time integration failed: {result.message}")
    return EscapeSolution(problem, faces, result.t, result.y[:n].T.copy(), result.y[n:].T.copy(), p0,
                          {"cells": n, "rhs": counters["rhs"], "jacobians": counters["jac"],
                           "lu": int(result.nlu), "x_max": float(faces[-1])})


def mapped_time(tau, gamma: float):
    """s(tau) = (e^(gamma tau) - 1)/gamma: with damping, P(z, tau) = P_undamped(z, s(tau)) and
    I = e^(-gamma tau) I_undamped(z, s(tau)) (derivations.confinement.escape.damping_substitution).

    >>> float(mapped_time(2.0, 0.0)), round(float(mapped_time(1.0, 1.0)), 6)
    (2.0, 1.718282)
    """
    tau = np.asarray(tau, dtype=float)
    return tau if gamma == 0 else np.expm1(gamma * tau) / gamma


def solve_escape(times, pi: float, d_ism: float = 1.0, gamma: float = 0.0, cloud: str = "tophat", *,
                 cells_in_source: int = 32, growth: float = 1.04, rtol: float = 1e-8,
                 x_max: float | None = None, time_map: bool | None = None,
                 method: str = "BDF") -> EscapeSolution:
    """Time-dependent escape of a CR cloud: the coupled system (1)-(2) by the method of lines.

    Starts from the cloud (``p`` with content Pi, I = I_ISM everywhere) and integrates the
    reconstructed eq. (1), dP/dt = d/dz (kappa_B/I) dP/dz, with eq. (2), dI/dt = -C_A dP/dz -
    Gamma I, in the normalised units of the module (lengths in a, times in a / C_A).

    Parameters
    ----------
    times : array_like
        Output times tau = C_A t / a, positive and increasing.
    pi : float
        Source strength Pi = (C_A / kappa_B) int_0^inf P_CR dz (> 0).
    d_ism : float
        Background diffusivity D_ISM = kappa_B / (a C_A I_ISM) (> 0).
    gamma : float
        Wave damping Gamma a / C_A (>= 0).
    cloud : {"tophat", "gaussian"}
        Initial cloud: top-hat on [0, a] or the half-Gaussian exp(-z^2/a^2).
    cells_in_source, growth : keyword-only
        Grid: uniform cells in the source, then geometric growth outward.
    rtol : float, keyword-only
        Relative tolerance of the BDF integrator.
    x_max : float, keyword-only
        Far boundary in source sizes (default: ten diffusion lengths beyond the last time).
    time_map : bool or None, keyword-only
        Solve the damped problem as the undamped one at s = (e^(gamma tau) - 1)/gamma (exact, eq.
        2); default: when gamma tau > 20, where integrating e^(-gamma tau) directly is stiff.
    method : str, keyword-only
        scipy ``solve_ivp`` method (implicit: "BDF", "Radau").

    Returns
    -------
    EscapeSolution
        ``p`` and the wave excess ``ln(I/I_ISM)`` at ``times``, with the invariants
        (``content``, ``quasilinear_residual``) and ``compare_similarity``.

    See Also
    --------
    similarity_solution : the late-time limit (Gamma = 0).
    solve_wave_equation : the same problem through the diffusion equation for I alone.

    Examples
    --------
    >>> sol = solve_escape([5.0, 50.0], pi=3.0)
    >>> sol.content().round(12).tolist()
    [3.0, 3.0]
    >>> errors = [sol.compare_similarity(k)["l1_similarity"] for k in (0, 1)]
    >>> bool(errors[1] < errors[0])          # approaching the similarity solution
    True
    """
    problem = EscapeProblem(pi=float(pi), d_ism=float(d_ism), gamma=float(gamma), cloud=cloud)
    times = _check_times(times)
    if time_map is None:
        time_map = problem.gamma * times[-1] > TIME_MAP_ABOVE
    knobs = dict(cells_in_source=cells_in_source, growth=growth, rtol=rtol, x_max=x_max, method=method)
    if not time_map or problem.gamma == 0:
        return _integrate(problem, times, **knobs)
    sol = _integrate(replace(problem, gamma=0.0), mapped_time(times, problem.gamma), **knobs)
    return EscapeSolution(problem, sol.faces, times, sol.p, sol.excess - problem.gamma * times[:, None],
                          sol.p_initial, dict(sol.stats, time_map=True))


def damping_map_deviation(times, pi: float, d_ism: float = 1.0, gamma: float = 0.1, *,
                          x_max: float | None = None) -> dict[str, float]:
    """Deviation of the directly integrated damped system from the exact time map.

    Solves (1)-(2) with damping ``gamma`` directly and as the undamped system at
    s = (e^(gamma tau) - 1)/gamma (:func:`mapped_time`); returns the largest differences of
    P (relative to Pi) and of ln I.

    >>> dev = damping_map_deviation([1.0, 10.0], pi=2.0, x_max=200)
    >>> bool(dev["pressure"] < 1e-6 and dev["log_wave"] < 1e-6)
    True
    """
    direct = solve_escape(times, pi, d_ism, gamma, x_max=x_max, time_map=False)
    mapped = solve_escape(times, pi, d_ism, gamma, x_max=x_max, time_map=True)
    return {"pressure": float(np.abs(direct.p - mapped.p).max() / pi),
            "log_wave": float(np.abs(direct.L - mapped.L).max())}


def self_similar_time(pi: float, d_ism: float = 1.0, factor: float = 1e4) -> float:
    """A time by which the core has spread ``sqrt(factor)`` source sizes: factor / min(D_NL, D_ISM).

    >>> round(self_similar_time(0.1, 1.0, 100.0), 6)
    100.0
    """
    sol = similarity_solution(pi)
    return factor / (d_ism * min(sol.kappa_nl, 1.0))


# --------------------------------------------------------------------------- independent routes

@dataclass(frozen=True)
class WaveEquationSolution(Result):
    """The diffusion equation for I alone (see :func:`solve_wave_equation`): nodes ``x``, and
    ``p`` (from eq. 4) and ``L`` = ln J at each of ``times`` (shape (times, nodes))."""

    form: str
    x: np.ndarray
    times: np.ndarray
    p: np.ndarray
    L: np.ndarray


def solve_wave_equation(times, pi: float, d_ism: float = 1.0, gamma: float = 0.0, *,
                        form: str = "derived", nodes: int = 2001, x_max: float | None = None,
                        rtol: float = 1e-8) -> WaveEquationSolution:
    """The escape problem through the diffusion equation for I alone, P recovered from (4).

    An independent route to :func:`solve_escape`: the single equation for I obtained by
    eliminating P with the quasilinear integral (4) (the unnumbered equation after eq. 4),
    solved on a uniform node grid by central differences (a different grid and discretisation),
    from a half-Gaussian cloud (dP0/dz enters the equation, so the cloud must be smooth).

    Parameters
    ----------
    times : array_like
        Output times tau = C_A t / a, positive and increasing.
    pi, d_ism, gamma : float
        As in :func:`solve_escape`.
    form : {"derived", "extracted"}, keyword-only
        ``"derived"``: d/dz (kappa_B/I) dI/dz - ... (:func:`cranisotropy.derivations.confinement.
        escape.wave_diffusion_rhs`); ``"extracted"``: the text's linear d/dz kappa_B dI/dz - ....
    nodes : int, keyword-only
        Grid nodes on [0, x_max].
    x_max : float, keyword-only
        Far boundary in source sizes.
    rtol : float, keyword-only
        Relative tolerance of the BDF integrator.

    Returns
    -------
    WaveEquationSolution
        Nodes ``x`` and ``p``, ``L`` = ln(I / eps) at each time.

    Examples
    --------
    >>> sol = solve_wave_equation([1.0], pi=1.0, nodes=401, x_max=20)
    >>> round(float(np.trapezoid(sol.p[-1], sol.x)), 3)
    1.0
    """
    import sympy as sp
    from scipy.sparse import diags

    from cranisotropy.derivations.confinement import escape as cf

    rhs_forms = {"derived": cf.wave_diffusion_rhs, "extracted": cf.extracted_wave_diffusion_rhs}
    if form not in rhs_forms:
        raise UsageError(f"form must be one of {', '.join(rhs_forms)}, got {form!r}")
    problem = EscapeProblem(pi=float(pi), d_ism=float(d_ism), gamma=float(gamma), cloud="gaussian")
    times = _check_times(times)
    rate = sp.lambdify((cf.L_wave, sp.Symbol("L_z"), cf.L_zz, cf.dP0_dz, cf.kappa_B, cf.C_A, cf.Gamma),
                       cf.wave_diffusion_log_rate(rhs_forms[form]()), "numpy")
    x = np.linspace(0.0, x_max or domain_size(problem, times[-1]), nodes)
    hx = x[1] - x[0]
    p0 = problem.pi * 2 / sqrt(PI) * np.exp(-x**2)
    dp0 = -2 * x * p0
    n_in = nodes - 2

    def rhs(tau, L_in):
        b = problem.log_j_ism - problem.gamma * tau
        L = np.concatenate(([b], L_in, [b]))
        L_z = (L[2:] - L[:-2]) / (2 * hx)
        L_zz = (L[2:] - 2 * L[1:-1] + L[:-2]) / hx**2
        return rate(L_in, L_z, L_zz, dp0[1:-1], 1.0, 1.0, problem.gamma) + np.zeros(n_in)

    sparsity = diags([1.0, 1.0, 1.0], [-1, 0, 1], shape=(n_in, n_in))
    result = solve_ivp(rhs, (0.0, times[-1]), np.full(n_in, problem.log_j_ism), method="BDF",
                       t_eval=times, jac_sparsity=sparsity, rtol=rtol, atol=1e-10)
    if not result.success:
        raise RuntimeError(f"time integration failed: {result.message}")
    L = np.empty((times.size, nodes))
    L[:, 1:-1] = result.y.T
    L[:, 0] = L[:, -1] = problem.log_j_ism - problem.gamma * result.t
    p = p0 - np.gradient(L - problem.log_j_ism, hx, axis=1)  # eq. (4)
    return WaveEquationSolution(form, x, times, p, L)


def wave_equation_discrepancy(times, pi: float, *, x_max: float = 60.0, nodes: int = 2001,
                              forms=("derived", "extracted")) -> dict[str, float]:
    """L1 distance / Pi of P from :func:`solve_wave_equation` (each ``form``) to the coupled
    method-of-lines solution at the last time (Gaussian cloud, D_ISM = 1, fine grid).

    >>> d = wave_equation_discrepancy([2.0], pi=1.0, x_max=30, nodes=801)
    >>> bool(d["derived"] < 5e-3 < d["extracted"])
    True
    """
    coupled = solve_escape(times, pi, 1.0, cloud="gaussian", x_max=x_max, cells_in_source=64, growth=1.02)
    out = {}
    for form in forms:
        alone = solve_wave_equation(times, pi, 1.0, form=form, x_max=x_max, nodes=nodes)
        ref = np.interp(alone.x, coupled.centres, coupled.p[-1])
        out[form] = float(np.trapezoid(np.abs(alone.p[-1] - ref), alone.x) / pi)
    return out


def extracted_quasilinear_residual(pi: float = 3.0, x: float = 1.5, tau: float = 1.0) -> float:
    """|Q| / Pi of the quasilinear integral (4) on the exact solution of the *extracted* eq. (1).

    With the text's dP/dt = d/dz kappa_B dP/dz (no 1/I; kappa_B = C_A = 1) P is the heat-kernel
    solution of a top-hat on -1 < x < 1, and eq. (2) gives I = I_ISM - int_0^tau dP/dx dt
    (I_ISM = 1, Gamma = 0).  Q = P - P0 + d/dx ln(I/I_ISM) is evaluated at (x, tau) outside the
    source (P0 = 0) by quadrature and a central difference: O(1) where (4) would give 0.

    >>> round(extracted_quasilinear_residual(), 2)
    0.16
    """
    from scipy.special import erf as erf_array

    def pressure(x_, t_):
        return pi / 2 * (erf_array((1 - x_) / (2 * sqrt(t_))) + erf_array((1 + x_) / (2 * sqrt(t_))))

    def gradient(x_, t_):
        return pi / (2 * sqrt(PI * t_)) * (np.exp(-(1 + x_)**2 / (4 * t_)) - np.exp(-(1 - x_)**2 / (4 * t_)))

    def wave(x_):
        return 1.0 - quad(lambda s: gradient(x_, s), 0, tau, limit=200)[0]

    hx = 1e-4
    dlog = (log(wave(x + hx)) - log(wave(x - hx))) / (2 * hx)
    return float(abs(pressure(x, tau) + dlog) / pi)
