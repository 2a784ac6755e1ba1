"""Loops of the trajectory backtracker around its generated kernels (``kernels/specs/backtrack.py``).

Data are structures of arrays (one float64 array per coordinate, 64-byte aligned by the
callers), and every loop runs over particles innermost, so LLVM vectorises it across particles.
The arithmetic inside the loops is the generated kernels'; these functions load, loop and add.

- :func:`turbulent_field`: dB at many points; the modes are loaded ``MODE_BLOCK`` at a time
  into registers, then one pass over the particles adds the block's modes
  (``backtrack_plane_wave``); :func:`turbulent_field_baseline` is the same loop as it was before
  (``backtrack_plane_wave_baseline``, LLVM's default vector width), kept as the reference of
  speed and accuracy; :func:`turbulent_field_libm` calls libm ``cos`` (the accuracy reference);
- :func:`boris_advance`: drift h/2 (exact flow of the regular field,
  ``backtrack_flow_increments``), rotation about the field at the mid-point
  (``backtrack_rotation_vector``, ``backtrack_cayley_kick``), drift h/2;
  :func:`composed_boris_advance`: several such substeps of different lengths per step (the
  fourth-order triple jump);
- :func:`rk4_advance`: classical 4th-order Runge–Kutta of ``backtrack_equations_of_motion``.

The kernels are imported statically and compiled *into* each loop (:func:`_inlined`), so a
regenerated kernel invalidates these loops' numba cache (``cranisotropy.kernels.drivers``).
The production loops ask LLVM for 512-bit vectors (:func:`_wide_vectors`).
"""
from __future__ import annotations

from numba import njit, types
from numba.extending import intrinsic
from numba.np.unsafe.ndarray import to_fixed_tuple

from cranisotropy.kernels.generated.backtrack_cayley_kick import backtrack_cayley_kick
from cranisotropy.kernels.generated.backtrack_equations_of_motion import backtrack_equations_of_motion
from cranisotropy.kernels.generated.backtrack_flow_increments import backtrack_flow_increments
from cranisotropy.kernels.generated.backtrack_plane_wave import backtrack_plane_wave
from cranisotropy.kernels.generated.backtrack_plane_wave_baseline import backtrack_plane_wave_baseline
from cranisotropy.kernels.generated.backtrack_plane_wave_libm import backtrack_plane_wave_libm
from cranisotropy.kernels.generated.backtrack_rotation_vector import backtrack_rotation_vector

#: modes per pass over the particles (callers pad the mode arrays to a multiple of it;
#: :func:`_block_sum` adds exactly this many)
MODE_BLOCK = 8
#: entries of the flow array: M and D of ``backtrack_uniform_field_flow``, row-major
FLOW_SIZE = 18
#: the loops' compilation flags: IEEE semantics without exception checks, FMA contraction only
#: (no reassociation: results are reproducible bit for bit on one machine type)
_FLAGS = dict(cache=True, error_model="numpy", fastmath={"contract"})


def _inlined(kernel):
    """The generated ``kernel`` as part of every loop that calls it (numba IR inlining).

    numba compiles a called function on its own, with its own flags, and LLVM may leave the
    call in place: each particle would pay a call, the loop would not vectorise and the
    kernel's multiply-adds would not be fused.  Inlined into the caller's IR, the kernel is
    compiled with the loop and its flags.  (numba inlines only calls with explicit arguments.)
    """
    return njit(inline="always", error_model="numpy")(kernel.py_func)


@intrinsic
def _wide_vectors(typingctx):
    """Ask LLVM to vectorise the calling function with 512-bit registers where the CPU has them.

    LLVM's x86 cost model prefers 256-bit vectors on Intel cores with AVX-512 (the
    ``prefer-256-bit`` tuning, against the clock throttling of older parts) and numba offers
    no option for it; these loops are bound by fused multiply-adds, which two 512-bit units
    run at twice the rate (measured on the Emerald Rapids VM: 0.60 instead of 1.25 ns per
    mode-evaluation for the same loop, bitwise the same numbers).  The call sets the function
    attribute ``"prefer-vector-width"="512"`` on the function being compiled; it is only a
    preference: without AVX-512 LLVM uses the widest vectors the CPU has, as before.
    """
    def codegen(context, builder, signature, args):
        # llvmlite's attribute set accepts only keyword attributes; a string attribute is
        # printed as given
        set.add(builder.function.attributes, '"prefer-vector-width"="512"')
        return context.get_dummy_value()

    return types.none(), codegen


_plane_wave = _inlined(backtrack_plane_wave)
_plane_wave_baseline = _inlined(backtrack_plane_wave_baseline)
_plane_wave_libm = _inlined(backtrack_plane_wave_libm)
_flow_increments = _inlined(backtrack_flow_increments)
_rotation_vector = _inlined(backtrack_rotation_vector)
_cayley_kick = _inlined(backtrack_cayley_kick)
_equations_of_motion = _inlined(backtrack_equations_of_motion)


@njit(inline="always")
def _block(values, n0):
    """values[n0 : n0 + MODE_BLOCK] as a tuple (registers, loaded once per pass)."""
    return to_fixed_tuple(values[n0:n0 + MODE_BLOCK], MODE_BLOCK)


def _mode_of(plane_wave):
    """The inline function ``mode(x, y, z, block, n)``: mode ``n`` of ``block`` = (k_x, k_y,
    k_z, beta, a_x, a_y, a_z) at the point (x, y, z), by the kernel ``plane_wave``."""

    @njit(inline="always")
    def mode(x, y, z, block, n):
        k_x, k_y, k_z, beta, a_x, a_y, a_z = block
        return plane_wave(x, y, z, k_x[n], k_y[n], k_z[n], beta[n], a_x[n], a_y[n], a_z[n])

    return mode


_mode = _mode_of(_plane_wave)
_mode_baseline = _mode_of(_plane_wave_baseline)
_mode_libm = _mode_of(_plane_wave_libm)


@njit(inline="always")
def _add(b, db):
    return b[0] + db[0], b[1] + db[1], b[2] + db[2]


@njit(inline="always")
def _block_sum(mode, x, y, z, block):
    """The block's MODE_BLOCK modes at one point, added in mode order.

    Written out on purpose: numba keeps a loop over the block as a loop, and LLVM unrolls it
    only after its vectoriser has passed over the particle loop, which then stays scalar
    (measured 4x slower).
    """
    b = mode(x, y, z, block, 0)
    b = _add(b, mode(x, y, z, block, 1))
    b = _add(b, mode(x, y, z, block, 2))
    b = _add(b, mode(x, y, z, block, 3))
    b = _add(b, mode(x, y, z, block, 4))
    b = _add(b, mode(x, y, z, block, 5))
    b = _add(b, mode(x, y, z, block, 6))
    return _add(b, mode(x, y, z, block, 7))


@njit(inline="always")
def _field(mode, x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz):
    bx[:] = 0.0
    by[:] = 0.0
    bz[:] = 0.0
    for n0 in range(0, kx.shape[0], MODE_BLOCK):
        block = (_block(kx, n0), _block(ky, n0), _block(kz, n0), _block(beta, n0),
                 _block(ax, n0), _block(ay, n0), _block(az, n0))
        for j in range(x.shape[0]):
            dbx, dby, dbz = _block_sum(mode, x[j], y[j], z[j], block)
            bx[j] += dbx
            by[j] += dby
            bz[j] += dbz


@njit(**_FLAGS)
def turbulent_field(x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz):
    """dB at the points (x, y, z) into (bx, by, bz); the mode arrays' length is a multiple of MODE_BLOCK."""
    _wide_vectors()
    _field(_mode, x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz)


@njit(**_FLAGS)
def turbulent_field_baseline(x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz):
    """:func:`turbulent_field` as it was before (reduction by 2 pi, LLVM's default vector width)."""
    _field(_mode_baseline, x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz)


@njit(**_FLAGS)
def turbulent_field_libm(x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz):
    """:func:`turbulent_field` with libm ``cos`` (the reference of the benchmark)."""
    _field(_mode_libm, x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz)


@njit(inline="always")
def _drift(ux, uy, uz, c):
    """(D u, M u) of ``backtrack_flow_increments`` for the flow coefficients ``c`` (M, D row-major)."""
    return _flow_increments(ux, uy, uz, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8],
                            c[9], c[10], c[11], c[12], c[13], c[14], c[15], c[16], c[17])


@njit(inline="always")
def _boris_substep(x, y, z, ux, uy, uz, kx, ky, kz, beta, ax, ay, az, coefficients, b0x, b0y, b0z,
                   kappa, h, bx, by, bz):
    """One Boris step of path length ``h``: drift h/2 (flow ``coefficients``), rotation, drift h/2."""
    for j in range(x.shape[0]):
        dx, dy, dz, dux, duy, duz = _drift(ux[j], uy[j], uz[j], coefficients)
        x[j] += dx
        y[j] += dy
        z[j] += dz
        ux[j] += dux
        uy[j] += duy
        uz[j] += duz
    _field(_mode, x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz)
    for j in range(x.shape[0]):
        tx, ty, tz = _rotation_vector(kappa, h, bx[j] + b0x, by[j] + b0y, bz[j] + b0z)
        dux, duy, duz = _cayley_kick(ux[j], uy[j], uz[j], tx, ty, tz)
        kicked_x, kicked_y, kicked_z = ux[j] + dux, uy[j] + duy, uz[j] + duz
        dx, dy, dz, dux, duy, duz = _drift(kicked_x, kicked_y, kicked_z, coefficients)
        x[j] += dx
        y[j] += dy
        z[j] += dz
        ux[j] = kicked_x + dux
        uy[j] = kicked_y + duy
        uz[j] = kicked_z + duz


@njit(**_FLAGS)
def boris_advance(x, y, z, ux, uy, uz, kx, ky, kz, beta, ax, ay, az, flow, regular, kappa, h,
                  n_steps, bx, by, bz):
    """``n_steps`` Boris steps of path length ``h``: drift h/2, rotation, drift h/2.

    ``flow`` holds the FLOW_SIZE coefficients (M, D) of ``backtrack_uniform_field_flow`` for
    h/2 (the exact helix in the regular field, or free streaming); ``regular`` is the field
    added to the turbulent one in the rotation (zero when the flow carries it); ``kappa`` the
    charge over gyroradius.  Position and direction are updated in place; (bx, by, bz) is
    scratch space of the particles' length.
    """
    _wide_vectors()
    coefficients = to_fixed_tuple(flow, FLOW_SIZE)
    b0x, b0y, b0z = regular[0], regular[1], regular[2]
    for _step in range(n_steps):
        _boris_substep(x, y, z, ux, uy, uz, kx, ky, kz, beta, ax, ay, az, coefficients,
                       b0x, b0y, b0z, kappa, h, bx, by, bz)


@njit(**_FLAGS)
def composed_boris_advance(x, y, z, ux, uy, uz, kx, ky, kz, beta, ax, ay, az, flows, substeps,
                           regular, kappa, n_steps, bx, by, bz):
    """``n_steps`` steps, each the Boris substeps of path lengths ``substeps`` in turn.

    ``flows`` holds FLOW_SIZE coefficients per substep (row i: the flow over substeps[i]/2), as
    in :func:`boris_advance`; a composition such as the triple jump has negative substeps.
    """
    _wide_vectors()
    b0x, b0y, b0z = regular[0], regular[1], regular[2]
    for _step in range(n_steps):
        for i in range(substeps.shape[0]):
            coefficients = to_fixed_tuple(flows[i], FLOW_SIZE)
            _boris_substep(x, y, z, ux, uy, uz, kx, ky, kz, beta, ax, ay, az, coefficients,
                           b0x, b0y, b0z, kappa, substeps[i], bx, by, bz)


@njit(**_FLAGS)
def rk4_advance(x, y, z, ux, uy, uz, kx, ky, kz, beta, ax, ay, az, regular, kappa, h, n_steps,
                work):
    """``n_steps`` steps of classical 4th-order Runge–Kutta for d xi/ds = u, du/ds = kappa u x b.

    ``work`` is a (15, n_particles) scratch array: stage state (6), field (3), weighted sums of
    the stage derivatives (6).
    """
    _wide_vectors()
    b0x, b0y, b0z = regular[0], regular[1], regular[2]
    sx, sy, sz, sux, suy, suz = work[0], work[1], work[2], work[3], work[4], work[5]
    bx, by, bz = work[6], work[7], work[8]
    ax_, ay_, az_, aux, auy, auz = work[9], work[10], work[11], work[12], work[13], work[14]
    for _step in range(n_steps):
        for j in range(x.shape[0]):
            sx[j], sy[j], sz[j] = x[j], y[j], z[j]
            sux[j], suy[j], suz[j] = ux[j], uy[j], uz[j]
            ax_[j], ay_[j], az_[j] = 0.0, 0.0, 0.0
            aux[j], auy[j], auz[j] = 0.0, 0.0, 0.0
        for stage in range(4):
            weight = 1.0 if (stage == 0 or stage == 3) else 2.0
            advance = 0.5 * h if stage < 2 else h
            _field(_mode, sx, sy, sz, kx, ky, kz, beta, ax, ay, az, bx, by, bz)
            for j in range(x.shape[0]):
                dx, dy, dz, dux, duy, duz = _equations_of_motion(
                    kappa, sux[j], suy[j], suz[j], bx[j] + b0x, by[j] + b0y, bz[j] + b0z)
                ax_[j] += weight * dx
                ay_[j] += weight * dy
                az_[j] += weight * dz
                aux[j] += weight * dux
                auy[j] += weight * duy
                auz[j] += weight * duz
                if stage < 3:
                    sx[j] = x[j] + advance * dx
                    sy[j] = y[j] + advance * dy
                    sz[j] = z[j] + advance * dz
                    sux[j] = ux[j] + advance * dux
                    suy[j] = uy[j] + advance * duy
                    suz[j] = uz[j] + advance * duz
        for j in range(x.shape[0]):
            x[j] += (h / 6.0) * ax_[j]
            y[j] += (h / 6.0) * ay_[j]
            z[j] += (h / 6.0) * az_[j]
            ux[j] += (h / 6.0) * aux[j]
            uy[j] += (h / 6.0) * auy[j]
            uz[j] += (h / 6.0) * auz[j]
