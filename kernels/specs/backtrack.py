"""Kernels of the trajectory backtracker: the arithmetic of one particle, printed from the derivations.

The loops over particles, modes and steps are hand-written in
:mod:`cranisotropy.kernels.drivers.backtrack`; they call these scalar kernels, which numba
inlines into them.

- ``backtrack_uniform_field_flow``: the exact maps (M, D) of
  :func:`derivations.backtrack.lorentz.uniform_field_flow` over a path length h;
- ``backtrack_flow_increments``: (D u, M u), the increments of position and direction under
  that flow (the drifts of the Boris step);
- ``backtrack_rotation_vector``: t = kappa h b / 2 of the implicit-midpoint rotation;
- ``backtrack_cayley_kick``: the Cayley (Boris) rotation u' - u about t, in increment form;
- ``backtrack_equations_of_motion``: (d xi/ds, du/ds), the right-hand side for Runge–Kutta;
- ``backtrack_plane_wave``: one plane-wave mode a cos(k . x + beta) at one point, the cosine by
  a range reduction by pi, a polynomial and the sign from the parity;
  ``backtrack_plane_wave_baseline``: the same by the reduction by 2 pi of the kernel before it
  (kept as the baseline of ``bench field``); ``backtrack_plane_wave_libm``: with libm ``cos``
  (the benchmark reference);
- ``backtrack_quasilinear_slab``: the quasi-linear D_mumu(mu) of slab turbulence
  (:func:`derivations.backtrack.quasilinear.slab_pitch_angle_diffusion`), the reference of the
  trajectory measurement of pitch-angle diffusion;
- ``backtrack_quasilinear_slab_lag``: the finite-lag quasi-linear <(Delta mu)^2>/(2T) of one slab
  mode in both pitch-cosine frames
  (:func:`derivations.backtrack.quasilinear.lag_pitch_angle_diffusion`), summed over the modes
  of a discrete spectrum: the reference at the lag of the measurement.
"""
from __future__ import annotations

import sympy as sp

from cranisotropy.derivations.backtrack import lorentz, quasilinear
from cranisotropy.derivations.backtrack import turbulence as turb
from cranisotropy.kernels import KernelSpec, kernel

#: degree in s = r^2 of the baseline kernel's cosine polynomial (max error 6e-15 on [-pi, pi])
COSINE_DEGREE = 9
_UNIT = ((-1.0, 1.0),) * 3


def _matrix(name: str) -> sp.Matrix:
    return sp.Matrix(3, 3, lambda i, j: sp.Symbol(f"{name}{i}{j}", real=True))


@kernel
def backtrack_uniform_field_flow() -> KernelSpec:
    M, D = lorentz.uniform_field_flow()
    return KernelSpec(
        "backtrack_uniform_field_flow", (lorentz.kappa, lorentz.h, *lorentz.b), tuple(M) + tuple(D),
        doc="Exact flow of d xi/ds = u, du/ds = kappa u x b in a uniform field b over a path "
            "length h: returns M (9 entries, row-major) and D (9) with u' = u + M u, "
            "xi' = xi + D u.",
        source="cranisotropy.derivations.backtrack.lorentz.uniform_field_flow",
        domain=((-20.0, 20.0), (-0.05, 0.05), (-2.0, 2.0), (-2.0, 2.0), (-2.0, 2.0)))


@kernel
def backtrack_flow_increments() -> KernelSpec:
    M, D = _matrix("M"), _matrix("D")
    return KernelSpec(
        "backtrack_flow_increments", (*lorentz.u, *M, *D), tuple(D * lorentz.u) + tuple(M * lorentz.u),
        doc="Increments (D u, M u) of position and direction under the flow (M, D) of "
            "backtrack_uniform_field_flow (M, D row-major): xi' = xi + D u, u' = u + M u.",
        source="cranisotropy.derivations.backtrack.lorentz.uniform_field_flow",
        domain=_UNIT + ((-2.0, 2.0),) * 9 + ((-0.1, 0.1),) * 9)


@kernel
def backtrack_rotation_vector() -> KernelSpec:
    return KernelSpec(
        "backtrack_rotation_vector", (lorentz.kappa, lorentz.h, *lorentz.b),
        tuple(lorentz.midpoint_rotation_vector()),
        doc="t = kappa h b / 2: the implicit-midpoint step of du/ds = kappa u x b is "
            "u' - u = (u' + u) x t.",
        source="cranisotropy.derivations.backtrack.lorentz.midpoint_rotation_vector",
        domain=((-20.0, 20.0), (-0.05, 0.05), (-2.0, 2.0), (-2.0, 2.0), (-2.0, 2.0)))


@kernel
def backtrack_cayley_kick() -> KernelSpec:
    return KernelSpec(
        "backtrack_cayley_kick", (*lorentz.u, *lorentz.t_vec), tuple(lorentz.cayley_increment()),
        doc="Boris rotation in increment form: u' - u = 2 [u x t + (u.t) t - (t.t) u]/(1 + t.t), "
            "the implicit midpoint (Cayley transform) of du/ds = kappa u x b.",
        source="cranisotropy.derivations.backtrack.lorentz.cayley_increment",
        domain=_UNIT + ((-0.5, 0.5),) * 3)


@kernel
def backtrack_equations_of_motion() -> KernelSpec:
    eqs = lorentz.dimensionless_equations()
    return KernelSpec(
        "backtrack_equations_of_motion", (lorentz.kappa, *lorentz.u, *lorentz.b),
        tuple(eqs["dx_ds"]) + tuple(eqs["du_ds"]),
        doc="Right-hand side (d xi/ds, du/ds) = (u, kappa u x b) of the equations of motion in "
            "rigidity units.",
        source="cranisotropy.derivations.backtrack.lorentz.dimensionless_equations",
        domain=((-20.0, 20.0),) + _UNIT + ((-2.0, 2.0),) * 3)


def _plane_wave_spec(name: str, cosine: str, doc: str, beta_range: tuple[float, float]) -> KernelSpec:
    position = sp.symbols("x y z", real=True)
    wave_vector = sp.symbols("k_x k_y k_z", real=True)
    beta = sp.Symbol("beta", real=True)
    amplitude = sp.symbols("a_x a_y a_z", real=True)
    field = turb.plane_wave(sp.Matrix(position), sp.Matrix(wave_vector), beta, sp.Matrix(amplitude),
                            cosine=cosine)
    # `validate kernels` compares relative errors: the sampled phases (beta +- 0.48) keep cos
    # away from its zeros
    return KernelSpec(name, (*position, *wave_vector, beta, *amplitude), tuple(field), doc=doc,
                      source="cranisotropy.derivations.backtrack.turbulence.plane_wave",
                      domain=((-0.4, 0.4),) * 6 + (beta_range,) + _UNIT)


@kernel
def backtrack_plane_wave() -> KernelSpec:
    # phases in [2.1, 4.2]: m = rint(phase/pi) = 1, the odd branch of the sign
    return _plane_wave_spec(
        "backtrack_plane_wave", "parity",
        "One plane-wave mode a cos(k . x + beta) at the point x; cos(x) = (-1)^m P((x - m pi)^2) "
        "with m = rint(x/pi) by a shifted addition, a two-part Cody–Waite reduction, a degree-"
        f"{turb.PARITY_COSINE_DEGREE} polynomial in r^2 (max error 1.9e-15) and the sign from the "
        "parity of m.", (2.6, 3.7))


@kernel
def backtrack_plane_wave_baseline() -> KernelSpec:
    # phases in [5.0, 7.5]: the phase is reduced by one period there (m = 1)
    return _plane_wave_spec(
        "backtrack_plane_wave_baseline", "two_pi",
        "One plane-wave mode a cos(k . x + beta) at the point x; cos by a Cody–Waite reduction "
        f"by 2 pi and a degree-{COSINE_DEGREE} polynomial in r^2 (max error 6e-15): the field "
        "kernel before backtrack_plane_wave, kept as its speed and accuracy baseline.", (5.5, 7.0))


@kernel
def backtrack_plane_wave_libm() -> KernelSpec:
    return _plane_wave_spec(
        "backtrack_plane_wave_libm", "libm",
        "One plane-wave mode a cos(k . x + beta) at the point x with libm cos (the reference of "
        "backtrack_plane_wave).", (5.5, 7.0))



@kernel
def backtrack_quasilinear_slab() -> KernelSpec:
    D = quasilinear.slab_pitch_angle_diffusion()
    return KernelSpec(
        "backtrack_quasilinear_slab",
        (quasilinear.mu, quasilinear.gyroradius, turb.sigma2, turb.gamma, quasilinear.k_min,
         quasilinear.k_max, quasilinear.norm), (D,),
        doc="Quasi-linear pitch-angle diffusion coefficient D_mumu (1/L_c) of slab turbulence "
            "(Jokipii 1966): pi (1 - mu^2) G(k_r)/(8 r_L^2 |mu|) at the resonance "
            "k_r = 1/(r_L |mu|), G(k) = 2 sigma2 k^2/(1 + k^gamma)/N_k on [k_min, k_max], else 0.",
        source="cranisotropy.derivations.backtrack.quasilinear.slab_pitch_angle_diffusion",
        domain=((0.1, 0.9), (0.05, 1.0), (1e-3, 1.0), (3.0, 4.0), (0.01, 0.5), (200.0, 1000.0),
                (0.5, 3.0)))


@kernel
def backtrack_quasilinear_slab_lag() -> KernelSpec:
    outputs = tuple(quasilinear.lag_pitch_angle_diffusion(frame) for frame in quasilinear.FRAMES)
    return KernelSpec(
        "backtrack_quasilinear_slab_lag", (quasilinear.mu, quasilinear.k, quasilinear.gyroradius, quasilinear.T),
        outputs,
        doc="Finite-lag quasi-linear <(Delta mu)^2>/(2T) (1/L_c) of one slab mode of unit amplitude "
            "along the unperturbed helix, for the pitch cosine against B0 and against the local "
            "field: c (1 - mu^2)(F(k mu + 1/r_L) + F(k mu - 1/r_L))/(16 T), F(w) = 4 sin^2(w T/2)/w^2, "
            "c = 1/r_L^2 (regular) or (k mu)^2 (local).",
        source="cranisotropy.derivations.backtrack.quasilinear.lag_pitch_angle_diffusion",
        # phases (k mu +- 1/r_L) T/2 up to ~400 here: sin of a phase P carries a relative error
        # ~1e-16 P whatever the printing, so the 1e-12 check samples moderate phases
        domain=((0.1, 0.9), (0.06, 60.0), (0.03, 1.0), (0.1, 10.0)))
