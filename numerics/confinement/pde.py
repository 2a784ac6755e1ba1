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

A stiff integrator (scipy BDF with the analytic sparse Jacobian from the generated kernel
``confinement_log_rates``) advances it; the invariants are then checked, not assumed.

>>> sol = solve_escape(EscapeProblem(pi=2.0, d_ism=1.0), times=[1.0, 10.0])
>>> bool(abs(sol.content()[-1] / 2.0 - 1) < 1e-8)
True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from math import erf, log, sqrt

import numpy as np
from numba import njit
from scipy.integrate import solve_ivp
from scipy.interpolate import CubicSpline
from scipy.sparse import csc_matrix

from cranisotropy.kernels.generated.confinement_log_rates import confinement_log_rates
from cranisotropy.numerics.confinement import similarity

CLOUDS = ("tophat", "gaussian")


@dataclass(frozen=True)
class EscapeProblem:
    """Normalised parameters: ``pi`` (> 0), ``d_ism`` = kappa_B/(a C_A I_ISM) (> 0),
    ``gamma`` = Gamma a / C_A (>= 0), ``cloud`` in CLOUDS (unit size: top-hat on [0, 1] or
    a half-Gaussian exp(-x^2))."""

    pi: float
    d_ism: float
    gamma: float = 0.0
    cloud: str = "tophat"

    def __post_init__(self):
        if not (self.pi > 0 and np.isfinite(self.pi)):
            raise ValueError(f"pi must be > 0, got {self.pi!r}")
        if not (self.d_ism > 0 and np.isfinite(self.d_ism)):
            raise ValueError(f"d_ism must be > 0, got {self.d_ism!r}")
        if not (self.gamma >= 0 and np.isfinite(self.gamma)):
            raise ValueError(f"gamma must be >= 0, got {self.gamma!r}")
        if self.cloud not in CLOUDS:
            raise ValueError(f"cloud must be one of {CLOUDS}, got {self.cloud!r}")

    @property
    def log_j_ism(self) -> float:
        return -log(self.d_ism)


def make_faces(x_max: float, cells_in_source: int = 32, growth: float = 1.04) -> np.ndarray:
    """Cell faces: uniform on [0, 1] (the source), then geometric with ratio ``growth`` to x_max."""
    if x_max <= 1 or cells_in_source < 2 or not growth > 1:
        raise ValueError("need x_max > 1, cells_in_source >= 2, growth > 1")
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


@njit(cache=True)
def _rhs(y, n, inv_dx, inv_h, gamma, log_j_ism, out):
    """dp_i/dt = -(F_{i+1/2} - F_{i-1/2})/dx_i, dl_k/dt = rate(grad_k, L_k) on faces k = 1..n-1,
    with the unknown l = L - ln J_ISM (the excess over the background, resolved relatively)."""
    flux_left = 0.0
    for i in range(n):
        if i < n - 1:
            grad = (y[i + 1] - y[i]) * inv_h[i]
            r = confinement_log_rates(grad, y[n + i] + log_j_ism, 1.0, 1.0, gamma)
            flux_right = r[0]
            out[n + i] = r[1]
        else:
            flux_right = 0.0
        out[i] = -(flux_right - flux_left) * inv_dx[i]
        flux_left = flux_right


@njit(cache=True)
def _jac_values(y, n, inv_dx, inv_h, gamma, log_j_ism, rows, cols, vals):
    """Non-zeros of the Jacobian (fixed pattern, 10 per interior face) from the kernel's derivatives."""
    m = 0
    for k in range(n - 1):           # face between cells k and k+1; its unknown l is y[n + k]
        grad = (y[k + 1] - y[k]) * inv_h[k]
        r = confinement_log_rates(grad, y[n + k] + log_j_ism, 1.0, 1.0, gamma)
        df_dg, df_dl, dr_dg, dr_dl = r[2], r[3], r[4], r[5]
        # flux F_k enters dp_k/dt with -1/dx_k and dp_{k+1}/dt with +1/dx_{k+1}
        for cell, sign in ((k, -1.0), (k + 1, 1.0)):
            s = sign * inv_dx[cell]
            rows[m] = cell; cols[m] = k + 1; vals[m] = s * df_dg * inv_h[k]; m += 1
            rows[m] = cell; cols[m] = k; vals[m] = -s * df_dg * inv_h[k]; m += 1
            rows[m] = cell; cols[m] = n + k; vals[m] = s * df_dl; m += 1
        rows[m] = n + k; cols[m] = k + 1; vals[m] = dr_dg * inv_h[k]; m += 1
        rows[m] = n + k; cols[m] = k; vals[m] = -dr_dg * inv_h[k]; m += 1
        rows[m] = n + k; cols[m] = n + k; vals[m] = dr_dl; m += 1
    return m


@dataclass
class EscapeSolution:
    """p[t, cell] and the wave excess l = ln(J/J_ISM) [t, face] (interior faces) at ``times``."""

    problem: EscapeProblem
    faces: np.ndarray
    times: np.ndarray
    p: np.ndarray
    excess: np.ndarray
    p_initial: np.ndarray
    stats: dict = field(default_factory=dict)

    @property
    def L(self) -> np.ndarray:
        """ln J on the interior faces."""
        return self.excess + self.problem.log_j_ism

    @property
    def centres(self) -> np.ndarray:
        return 0.5 * (self.faces[1:] + self.faces[:-1])

    @property
    def widths(self) -> np.ndarray:
        return np.diff(self.faces)

    def all_faces_excess(self, k: int) -> np.ndarray:
        """l on all faces; at z = 0 and at the closed far end I = I_ISM e^(-Gamma t) (no gradient)."""
        b = -self.problem.gamma * self.times[k]
        return np.concatenate(([b], self.excess[k], [b]))

    def content(self) -> np.ndarray:
        """Pi(t) = sum_i p_i dx_i."""
        return self.p @ self.widths

    def quasilinear_residual(self) -> np.ndarray:
        """max_i |p_i - p0_i + d(L - L0)_i/dx_i| / max p0 at each time: the discrete eq. (4)."""
        out = []
        for k in range(self.times.size):
            dL = np.diff(self.all_faces_excess(k)) / self.widths
            out.append(np.max(np.abs(self.p[k] - self.p_initial + dL)))
        return np.array(out) / np.max(self.p_initial)

    def quasilinear_residual_continuum(self, k: int = -1) -> float:
        """int |P - P0 + (kappa_B/C_A) d/dz ln(I/I0)| dz / Pi with d/dz from a cubic spline through
        the face values of ln I (a different derivative than the solver's): O(h^2) where smooth."""
        dL = CubicSpline(self.faces, self.all_faces_excess(k))(self.centres, 1)
        return float(np.sum(np.abs(self.p[k] - self.p_initial + dL) * self.widths) / self.problem.pi)

    def wave_at_centres(self, k: int = -1) -> np.ndarray:
        return np.exp(np.interp(self.centres, self.faces, self.all_faces_excess(k)) + self.problem.log_j_ism)

    def compare_similarity(self, k: int = -1, x_min: float = 3.0) -> dict[str, float]:
        """Distance of the profile at times[k] from the exact similarity profile (Gamma = 0):
        L1 over x >= x_min (outside the source) / Pi, and max relative error on the core and
        pedestal (x_min <= x <= sqrt(D_ISM tau)); the same for formula (5) with the exact F."""
        tau = float(self.times[k])
        scale = sqrt(self.problem.d_ism * tau)
        sol = similarity.similarity_solution(self.problem.pi)
        xs = self.centres
        exact = sol.shape(xs / scale) / scale
        interp = similarity.interpolation_shape(xs / scale, sol.kappa_nl) / scale
        out = {"tau": tau, "x_min": x_min}
        outside = xs >= x_min
        bulk = outside & (xs <= scale)
        w = self.widths
        for name, ref in (("similarity", exact), ("interpolation", interp)):
            out[f"l1_{name}"] = float(np.sum(np.abs(self.p[k] - ref)[outside] * w[outside]) / self.problem.pi)
            out[f"max_rel_{name}"] = float(np.max(np.abs(self.p[k][bulk] / ref[bulk] - 1))) if bulk.any() else None
        return out


def domain_size(problem: EscapeProblem, t_end: float) -> float:
    """x_max: ten diffusion lengths sqrt(D_ISM t) beyond the source (tail ~ e^-25 there)."""
    return 2.0 + 10.0 * sqrt(problem.d_ism * t_end) + 10.0 * sqrt(problem.d_ism)


def solve_escape(problem: EscapeProblem, times, cells_in_source: int = 32, growth: float = 1.04,
                 rtol: float = 1e-8, x_max: float | None = None, method: str = "BDF") -> EscapeSolution:
    """Integrate (1)-(2) from the initial cloud (I = I_ISM) to each of ``times`` (in a/C_A)."""
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(times <= 0) or np.any(np.diff(times) <= 0):
        raise ValueError("times must be positive and increasing")
    faces = make_faces(x_max or domain_size(problem, times[-1]), cells_in_source, growth)
    n = faces.size - 1
    centres = 0.5 * (faces[1:] + faces[:-1])
    inv_dx = 1.0 / np.diff(faces)
    inv_h = 1.0 / np.diff(centres)
    p0 = initial_pressure(problem, faces)
    y0 = np.concatenate((p0, np.zeros(n - 1)))
    nnz = 10 * (n - 1)
    rows, cols, vals = (np.empty(nnz, np.int64), np.empty(nnz, np.int64), np.empty(nnz))
    counters = {"rhs": 0, "jac": 0}

    def rhs(_t, y):
        counters["rhs"] += 1
        out = np.empty_like(y)
        _rhs(y, n, inv_dx, inv_h, problem.gamma, problem.log_j_ism, out)
        return out

    def jac(_t, y):
        counters["jac"] += 1
        m = _jac_values(y, n, inv_dx, inv_h, problem.gamma, problem.log_j_ism, rows, cols, vals)
        return csc_matrix((vals[:m], (rows[:m], cols[:m])), shape=(y.size, y.size))

    atol = np.concatenate((np.full(n, 1e-12 * problem.pi), np.full(n - 1, 1e-10 * min(problem.pi, 1.0))))
    result = solve_ivp(rhs, (0.0, times[-1]), y0, method=method, t_eval=times, jac=jac,
                       rtol=rtol, atol=atol,
                       first_step=min(1e-6 / max(problem.d_ism, 1.0), times[0] / 10))
    if not result.success:
        raise RuntimeError(f"time integration failed: {result.message}")
    return EscapeSolution(problem, faces, result.t, result.y[:n].T.copy(), result.y[n:].T.copy(), p0,
                          {"cells": n, "rhs": counters["rhs"],
                           "jacobians": counters["jac"], "lu": int(result.nlu), "x_max": float(faces[-1])})


def mapped_time(tau, gamma: float):
    """s(tau) = (e^(gamma tau) - 1)/gamma: with damping, P(z, tau) = P_undamped(z, s(tau)) and
    I = e^(-gamma tau) I_undamped(z, s(tau)) (derivations.confinement.damping_substitution)."""
    tau = np.asarray(tau, dtype=float)
    return tau if gamma == 0 else np.expm1(gamma * tau) / gamma


def solve_via_time_map(problem: EscapeProblem, times, **kwargs) -> EscapeSolution:
    """The damped problem from the undamped one at s = (e^(gamma tau) - 1)/gamma (exact, see
    :func:`mapped_time`): for strong damping, where integrating e^(-gamma tau) directly is stiff."""
    times = np.asarray(times, dtype=float)
    undamped = EscapeProblem(pi=problem.pi, d_ism=problem.d_ism, cloud=problem.cloud)
    sol = solve_escape(undamped, mapped_time(times, problem.gamma), **kwargs)
    stats = dict(sol.stats, time_map=True)
    return EscapeSolution(problem, sol.faces, times, sol.p, sol.excess - problem.gamma * times[:, None],
                          sol.p_initial, stats)


def self_similar_time(problem: EscapeProblem, factor: float = 1e4) -> float:
    """A time by which the core has spread ``sqrt(factor)`` source sizes: factor / min(D_NL, D_ISM)."""
    sol = similarity.similarity_solution(problem.pi)
    return factor / (problem.d_ism * min(sol.kappa_nl, 1.0))


# --------------------------------------------------------------------------- the I-equation alone

def solve_wave_equation(problem: EscapeProblem, times, nodes: int = 2001, x_max: float | None = None,
                        form: str = "derived", rtol: float = 1e-8):
    """Independent route: integrate the single diffusion equation for I (P eliminated with (4))
    on a uniform node grid (a different grid and discretisation from :func:`solve_escape`), then
    recover P from (4).  ``form="derived"`` uses the derived equation
    (derivations.confinement.wave_diffusion_rhs); ``form="extracted"`` the text's linear form.
    Needs a smooth cloud (``gaussian``).  Returns (x, p[t, node], L[t, node])."""
    import sympy as sp

    from cranisotropy.derivations.confinement import escape as cf

    if problem.cloud != "gaussian":
        raise ValueError("the I-equation route needs a smooth (gaussian) cloud: dP0/dz enters it")
    rhs_expr = {"derived": cf.wave_diffusion_rhs(), "extracted": cf.extracted_wave_diffusion_rhs()}[form]
    rate = sp.lambdify((cf.L_wave, sp.Symbol("L_z"), cf.L_zz, cf.dP0_dz, cf.kappa_B, cf.C_A, cf.Gamma),
                       cf.wave_diffusion_log_rate(rhs_expr), "numpy")
    times = np.asarray(times, dtype=float)
    x = np.linspace(0.0, x_max or domain_size(problem, times[-1]), nodes)
    hx = x[1] - x[0]
    p0 = problem.pi * 2 / sqrt(np.pi) * np.exp(-x**2)
    dp0 = -2 * x * p0
    n_in = nodes - 2

    def rhs(tau, L_in):
        b = problem.log_j_ism - problem.gamma * tau
        L = np.concatenate(([b], L_in, [b]))
        L_z = (L[2:] - L[:-2]) / (2 * hx)
        L_zz = (L[2:] - 2 * L[1:-1] + L[:-2]) / hx**2
        return rate(L_in, L_z, L_zz, dp0[1:-1], 1.0, 1.0, problem.gamma) + np.zeros(n_in)

    from scipy.sparse import diags

    sparsity = diags([1.0, 1.0, 1.0], [-1, 0, 1], shape=(n_in, n_in))
    result = solve_ivp(rhs, (0.0, times[-1]), np.full(n_in, problem.log_j_ism), method="BDF",
                       t_eval=times, jac_sparsity=sparsity, rtol=rtol, atol=1e-10)
    if not result.success:
        raise RuntimeError(f"time integration failed: {result.message}")
    L = np.empty((times.size, nodes))
    L[:, 1:-1] = result.y.T
    L[:, 0] = L[:, -1] = problem.log_j_ism - problem.gamma * result.t
    p = p0 - np.gradient(L - problem.log_j_ism, hx, axis=1)  # eq. (4)
    return x, p, L
