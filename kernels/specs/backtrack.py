"""Kernels of the trajectory backtracker (issue 6): uniform-field flow, plane-wave field, integrators.

- ``uniform_field_flow``: the exact 3x3 maps (R, D) of :func:`derivations.lorentz.uniform_field_flow`;
- ``backtrack_step``: scalar kernel = the Boris (Cayley) rotation; its drivers are loops over modes
  and particles whose arithmetic is generated from the derivations through template slots:
  ``turbulent_field`` (structure of arrays, 8 modes per pass, particles innermost, range-reduced
  polynomial cosine), ``turbulent_field_libm`` (the same loop with ``math.cos``: the benchmark
  reference), ``boris_advance`` (drift h/2 - kick h - drift h/2) and ``rk4_advance`` (classical
  4th-order Runge–Kutta, for accuracy checks).
"""
from __future__ import annotations

import sympy as sp

from cranisotropy.derivations.backtrack import turbulence as turb
from cranisotropy.derivations.backtrack import lorentz
from cranisotropy.kernels import KernelSpec, kernel

#: modes evaluated per pass over the particles (the mode count is padded to a multiple of it)
MODE_BLOCK = 8
#: degree in s = r^2 of the cosine polynomial (max error 6e-15 on [-pi, pi])
COSINE_DEGREE = 9
_FLOW = ("M00 M01 M02 M10 M11 M12 M20 M21 M22 D00 D01 D02 D10 D11 D12 D20 D21 D22").split()
_DECORATOR = '@njit(cache=True, error_model="numpy", fastmath={"contract"})'


def _vec(prefix: str, suffix: str = "") -> sp.Matrix:
    return sp.Matrix([sp.Symbol(f"{prefix}{c}{suffix}", real=True) for c in "xyz"])


@kernel
def uniform_field_flow() -> KernelSpec:
    M, D = lorentz.uniform_field_flow()
    return KernelSpec(
        "uniform_field_flow", (lorentz.kappa, lorentz.h, *lorentz.b), tuple(M) + tuple(D),
        doc="Exact flow of d xi/ds = u, du/ds = kappa u x b in a uniform field b over a path "
            "length h: returns M (9 entries, row-major) and D (9) with u' = u + M u, "
            "xi' = xi + D u.",
        source="cranisotropy.derivations.backtrack.lorentz.uniform_field_flow",
        domain=((-20.0, 20.0), (-0.05, 0.05), (-2.0, 2.0), (-2.0, 2.0), (-2.0, 2.0)))


def _field_blocks():
    pos = sp.Matrix(sp.symbols("x_j y_j z_j", real=True))
    kvs = [_vec("k", str(n)) for n in range(MODE_BLOCK)]
    phases = [sp.Symbol(f"beta{n}", real=True) for n in range(MODE_BLOCK)]
    amps = [_vec("a", str(n)) for n in range(MODE_BLOCK)]
    out = sp.symbols("dbx dby dbz", real=True)
    fast = turb.plane_wave_assignments(pos, kvs, phases, amps, out, COSINE_DEGREE)
    libm = turb.plane_wave_assignments(pos, kvs, phases, amps, out, use_libm=True)
    return tuple(fast), tuple(libm)


def _increment(tag: str, u_in, u_out, increment):
    """u_out = u_in + increment, with the increment formed first (its own assignments)."""
    du = _vec("du", tag)
    return tuple(zip(du, increment)) + tuple((o, i + d) for o, i, d in zip(u_out, u_in, du))


def _flow_assignments(tag: str, x_in, u_in, x_out, u_out):
    """x_out = x_in + D u_in, u_out = u_in + M u_in with the flow coefficients as symbols."""
    M = sp.Matrix(3, 3, [sp.Symbol(n, real=True) for n in _FLOW[:9]])
    D = sp.Matrix(3, 3, [sp.Symbol(n, real=True) for n in _FLOW[9:]])
    return tuple(zip(x_out, x_in + D * u_in)) + _increment(tag, u_in, u_out, M * u_in)


def _field_driver(name: str, slot: str) -> str:
    loads = "\n".join(
        f"        kx{n} = kx[n0 + {n}]; ky{n} = ky[n0 + {n}]; kz{n} = kz[n0 + {n}]; "
        f"beta{n} = beta[n0 + {n}]; ax{n} = ax[n0 + {n}]; ay{n} = ay[n0 + {n}]; az{n} = az[n0 + {n}]"
        for n in range(MODE_BLOCK))
    return f'''
{_DECORATOR}
def {name}(x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz):
    """Turbulent field at the points (x, y, z) into (bx, by, bz); modes in blocks of {MODE_BLOCK}."""
    npart = x.shape[0]
    for j in range(npart):
        bx[j] = 0.0
        by[j] = 0.0
        bz[j] = 0.0
    for n0 in range(0, kx.shape[0], {MODE_BLOCK}):
{loads}
        for j in range(npart):
            x_j = x[j]
            y_j = y[j]
            z_j = z[j]
            {{{{{slot}}}}}
            bx[j] += dbx
            by[j] += dby
            bz[j] += dbz
'''


_FLOW_LOADS = "\n".join(f"    {n} = flow[{i}]" for i, n in enumerate(_FLOW))

_INTEGRATORS = f'''
MODE_BLOCK = {MODE_BLOCK}


{_DECORATOR}
def boris_advance(x, y, z, ux, uy, uz, kx, ky, kz, beta, ax, ay, az, flow, regular, kick,
                  n_steps, bx, by, bz):
    """n_steps of the Boris scheme: drift(h/2), rotation about the field at the mid-point, drift(h/2).

    ``flow`` holds the 18 coefficients (M, D) of ``uniform_field_flow`` for h/2 (exact gyration in the
    regular field, or free streaming); ``regular`` is the field added to the turbulent field in
    the rotation (zero when the flow carries it); ``kick`` = kappa h / 2.
    """
{_FLOW_LOADS}
    b0x = regular[0]
    b0y = regular[1]
    b0z = regular[2]
    npart = x.shape[0]
    for _step in range(n_steps):
        for j in range(npart):
            x_j = x[j]
            y_j = y[j]
            z_j = z[j]
            ux_j = ux[j]
            uy_j = uy[j]
            uz_j = uz[j]
            {{{{drift_in}}}}
            x[j] = x_h
            y[j] = y_h
            z[j] = z_h
            ux[j] = ux_h
            uy[j] = uy_h
            uz[j] = uz_h
        turbulent_field(x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz)
        for j in range(npart):
            x_h = x[j]
            y_h = y[j]
            z_h = z[j]
            ux_h = ux[j]
            uy_h = uy[j]
            uz_h = uz[j]
            t_x = kick * (bx[j] + b0x)
            t_y = kick * (by[j] + b0y)
            t_z = kick * (bz[j] + b0z)
            {{{{kick}}}}
            {{{{drift_out}}}}
            x[j] = x_n
            y[j] = y_n
            z[j] = z_n
            ux[j] = ux_n
            uy[j] = uy_n
            uz[j] = uz_n


{_DECORATOR}
def rk4_advance(x, y, z, ux, uy, uz, kx, ky, kz, beta, ax, ay, az, regular, kappa, h, n_steps,
                work):
    """n_steps of classical 4th-order Runge–Kutta for d xi/ds = u, du/ds = kappa u x b.

    ``work`` is a (16, npart) scratch array (stage state, field, increments).
    """
    b0x = regular[0]
    b0y = regular[1]
    b0z = regular[2]
    npart = x.shape[0]
    sx = work[0]
    sy = work[1]
    sz = work[2]
    sux = work[3]
    suy = work[4]
    suz = work[5]
    bx = work[6]
    by = work[7]
    bz = work[8]
    ax_ = work[9]
    ay_ = work[10]
    az_ = work[11]
    aux = work[12]
    auy = work[13]
    auz = work[14]
    for _step in range(n_steps):
        for j in range(npart):
            sx[j] = x[j]
            sy[j] = y[j]
            sz[j] = z[j]
            sux[j] = ux[j]
            suy[j] = uy[j]
            suz[j] = uz[j]
            ax_[j] = 0.0
            ay_[j] = 0.0
            az_[j] = 0.0
            aux[j] = 0.0
            auy[j] = 0.0
            auz[j] = 0.0
        for stage in range(4):
            weight = 1.0 if (stage == 0 or stage == 3) else 2.0
            advance = 0.5 * h if stage < 2 else h
            turbulent_field(sx, sy, sz, kx, ky, kz, beta, ax, ay, az, bx, by, bz)
            for j in range(npart):
                ux_j = sux[j]
                uy_j = suy[j]
                uz_j = suz[j]
                b_x = bx[j] + b0x
                b_y = by[j] + b0y
                b_z = bz[j] + b0z
                {{{{rhs}}}}
                ax_[j] += weight * ux_j
                ay_[j] += weight * uy_j
                az_[j] += weight * uz_j
                aux[j] += weight * du_x
                auy[j] += weight * du_y
                auz[j] += weight * du_z
                if stage < 3:
                    sx[j] = x[j] + advance * ux_j
                    sy[j] = y[j] + advance * uy_j
                    sz[j] = z[j] + advance * uz_j
                    sux[j] = ux[j] + advance * du_x
                    suy[j] = uy[j] + advance * du_y
                    suz[j] = uz[j] + advance * du_z
        for j in range(npart):
            x[j] += (h / 6.0) * ax_[j]
            y[j] += (h / 6.0) * ay_[j]
            z[j] += (h / 6.0) * az_[j]
            ux[j] += (h / 6.0) * aux[j]
            uy[j] += (h / 6.0) * auy[j]
            uz[j] += (h / 6.0) * auz[j]
'''


@kernel
def backtrack_step() -> KernelSpec:
    u_h, t = _vec("u", "_h"), _vec("t_")
    rotation = lorentz.cayley_rotation(lorentz.t_vec)
    fast, libm = _field_blocks()
    kick = lorentz.cayley_increment(lorentz.t_vec).subs(
        dict(zip(list(lorentz.u) + list(lorentz.t_vec), list(u_h) + list(t))))
    x_j, u_j = _vec("", "_j"), _vec("u", "_j")
    x_h, x_n, u_k, u_n = _vec("", "_h"), _vec("", "_n"), _vec("u", "_k"), _vec("u", "_n")
    rhs = lorentz.dimensionless_equations()["du_ds"].subs(
        dict(zip(list(lorentz.u) + list(lorentz.b), list(u_j) + list(_vec("b_")))))
    blocks = (
        ("plane_waves", fast),
        ("plane_waves_libm", libm),
        ("drift_in", _flow_assignments("_a", x_j, u_j, x_h, u_h)),
        ("kick", _increment("_k", u_h, u_k, kick)),
        ("drift_out", _flow_assignments("_b", x_h, u_k, x_n, u_n)),
        ("rhs", tuple(zip(sp.symbols("du_x du_y du_z", real=True), rhs))),
    )
    drivers = (_field_driver("turbulent_field", "plane_waves")
               + _field_driver("turbulent_field_libm", "plane_waves_libm") + _INTEGRATORS)
    return KernelSpec(
        "backtrack_step", (*lorentz.u, *lorentz.t_vec), tuple(rotation),
        doc="Boris rotation u' = Cayley(t) u (implicit midpoint of du/ds = kappa u x b, "
            "t = kappa h b/2), plus the backtracker's field and integrator loops (drivers).",
        source="cranisotropy.derivations.backtrack.lorentz.cayley_rotation; "
               "cranisotropy.derivations.backtrack.turbulence.plane_wave_assignments",
        drivers=drivers, blocks=blocks,
        domain=tuple([(-1.0, 1.0)] * 3 + [(-0.5, 0.5)] * 3))
