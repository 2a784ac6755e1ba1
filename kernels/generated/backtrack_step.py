"""Generated kernel 'backtrack_step': DO NOT EDIT (cranisotropy regenerate).

Boris rotation u' = Cayley(t) u (implicit midpoint of du/ds = kappa u x b, t = kappa h b/2),
plus the backtracker's field and integrator loops (drivers).
"""
# content-sha256: e5a7dc5488348f5e855b9eecdf3fd8ff1933e179f50d0c449a7aaa4a46d38026
# generator: cranisotropy.kernels.codegen v2
# source: cranisotropy.derivations.backtrack.lorentz.cayley_rotation; cranisotropy.derivations.backtrack.turbulence.plane_wave_assignments
# inputs: u_x, u_y, u_z, t_x, t_y, t_z
# out[0] = (t_x*(2*t_x*u_x + 2*t_y*u_y + 2*t_z*u_z) - 2*t_y*u_z + 2*t_z*u_y + u_x*(-t_x**2 - t_y**2 - t_z**2 + 1))/(t_x**2 + t_y**2 + t_z**2 + 1)
# out[1] = (2*t_x*u_z + t_y*(2*t_x*u_x + 2*t_y*u_y + 2*t_z*u_z) - 2*t_z*u_x + u_y*(-t_x**2 - t_y**2 - t_z**2 + 1))/(t_x**2 + t_y**2 + t_z**2 + 1)
# out[2] = (-2*t_x*u_y + 2*t_y*u_x + t_z*(2*t_x*u_x + 2*t_y*u_y + 2*t_z*u_z) + u_z*(-t_x**2 - t_y**2 - t_z**2 + 1))/(t_x**2 + t_y**2 + t_z**2 + 1)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'e5a7dc5488348f5e855b9eecdf3fd8ff1933e179f50d0c449a7aaa4a46d38026'
INPUTS = ('u_x', 'u_y', 'u_z', 't_x', 't_y', 't_z')
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def backtrack_step(u_x, u_y, u_z, t_x, t_y, t_z):
    _t0 = t_x**2 + t_y**2 + t_z**2
    _t1 = 1/(_t0 + 1)
    _t2 = 2*t_y
    _t3 = 2*t_z
    _t4 = 2*u_x
    _t5 = _t2*u_y + _t3*u_z + _t4*t_x
    _t6 = 1 - _t0
    _t7 = 2*t_x
    return (_t1*(-_t2*u_z + _t3*u_y + _t5*t_x + _t6*u_x), _t1*(-_t4*t_z + _t5*t_y + _t6*u_y + _t7*u_z), _t1*(_t4*t_y + _t5*t_z + _t6*u_z - _t7*u_y),)


@njit(cache=True, error_model="numpy")
def backtrack_step_loop(u_x, u_y, u_z, t_x, t_y, t_z, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = backtrack_step(u_x[_i], u_y[_i], u_z[_i], t_x[_i], t_y[_i], t_z[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def backtrack_step_array(u_x, u_y, u_z, t_x, t_y, t_z):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (u_x, u_y, u_z, t_x, t_y, t_z)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    backtrack_step_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)


# --- drivers (hand-written numba calling the kernel above) ---

@njit(cache=True, error_model="numpy", fastmath={"contract"})
def turbulent_field(x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz):
    """Turbulent field at the points (x, y, z) into (bx, by, bz); modes in blocks of 8."""
    npart = x.shape[0]
    for j in range(npart):
        bx[j] = 0.0
        by[j] = 0.0
        bz[j] = 0.0
    for n0 in range(0, kx.shape[0], 8):
        kx0 = kx[n0 + 0]; ky0 = ky[n0 + 0]; kz0 = kz[n0 + 0]; beta0 = beta[n0 + 0]; ax0 = ax[n0 + 0]; ay0 = ay[n0 + 0]; az0 = az[n0 + 0]
        kx1 = kx[n0 + 1]; ky1 = ky[n0 + 1]; kz1 = kz[n0 + 1]; beta1 = beta[n0 + 1]; ax1 = ax[n0 + 1]; ay1 = ay[n0 + 1]; az1 = az[n0 + 1]
        kx2 = kx[n0 + 2]; ky2 = ky[n0 + 2]; kz2 = kz[n0 + 2]; beta2 = beta[n0 + 2]; ax2 = ax[n0 + 2]; ay2 = ay[n0 + 2]; az2 = az[n0 + 2]
        kx3 = kx[n0 + 3]; ky3 = ky[n0 + 3]; kz3 = kz[n0 + 3]; beta3 = beta[n0 + 3]; ax3 = ax[n0 + 3]; ay3 = ay[n0 + 3]; az3 = az[n0 + 3]
        kx4 = kx[n0 + 4]; ky4 = ky[n0 + 4]; kz4 = kz[n0 + 4]; beta4 = beta[n0 + 4]; ax4 = ax[n0 + 4]; ay4 = ay[n0 + 4]; az4 = az[n0 + 4]
        kx5 = kx[n0 + 5]; ky5 = ky[n0 + 5]; kz5 = kz[n0 + 5]; beta5 = beta[n0 + 5]; ax5 = ax[n0 + 5]; ay5 = ay[n0 + 5]; az5 = az[n0 + 5]
        kx6 = kx[n0 + 6]; ky6 = ky[n0 + 6]; kz6 = kz[n0 + 6]; beta6 = beta[n0 + 6]; ax6 = ax[n0 + 6]; ay6 = ay[n0 + 6]; az6 = az[n0 + 6]
        kx7 = kx[n0 + 7]; ky7 = ky[n0 + 7]; kz7 = kz[n0 + 7]; beta7 = beta[n0 + 7]; ax7 = ax[n0 + 7]; ay7 = ay[n0 + 7]; az7 = az[n0 + 7]
        for j in range(npart):
            x_j = x[j]
            y_j = y[j]
            z_j = z[j]
            phase0 = beta0 + kx0*x_j + ky0*y_j + kz0*z_j
            m0 = np.rint(0.15915494309189535*phase0)
            ra0 = -(13176795/2097152)*m0 + phase0
            rb0 = ((6151831/35184372088832))*m0 + ra0
            r0 = 6.8604979977715316e-15*m0 + rb0
            s0 = r0**2
            cos0 = s0*(s0*(s0*(s0*(s0*(s0*(s0*(s0*(4.7402642777009144e-14 - 1.3710713749976262e-16*s0) - 1.1466238294528468e-11) + 2.0876442583564132e-09) - 2.755730562160417e-07) + 2.4801586942879023e-05) - 0.0013888888883451217) + 0.041666666666247826) - 0.4999999999998748) + 0.9999999999999938
            phase1 = beta1 + kx1*x_j + ky1*y_j + kz1*z_j
            m1 = np.rint(0.15915494309189535*phase1)
            ra1 = -(13176795/2097152)*m1 + phase1
            rb1 = ((6151831/35184372088832))*m1 + ra1
            r1 = 6.8604979977715316e-15*m1 + rb1
            s1 = r1**2
            cos1 = s1*(s1*(s1*(s1*(s1*(s1*(s1*(s1*(4.7402642777009144e-14 - 1.3710713749976262e-16*s1) - 1.1466238294528468e-11) + 2.0876442583564132e-09) - 2.755730562160417e-07) + 2.4801586942879023e-05) - 0.0013888888883451217) + 0.041666666666247826) - 0.4999999999998748) + 0.9999999999999938
            phase2 = beta2 + kx2*x_j + ky2*y_j + kz2*z_j
            m2 = np.rint(0.15915494309189535*phase2)
            ra2 = -(13176795/2097152)*m2 + phase2
            rb2 = ((6151831/35184372088832))*m2 + ra2
            r2 = 6.8604979977715316e-15*m2 + rb2
            s2 = r2**2
            cos2 = s2*(s2*(s2*(s2*(s2*(s2*(s2*(s2*(4.7402642777009144e-14 - 1.3710713749976262e-16*s2) - 1.1466238294528468e-11) + 2.0876442583564132e-09) - 2.755730562160417e-07) + 2.4801586942879023e-05) - 0.0013888888883451217) + 0.041666666666247826) - 0.4999999999998748) + 0.9999999999999938
            phase3 = beta3 + kx3*x_j + ky3*y_j + kz3*z_j
            m3 = np.rint(0.15915494309189535*phase3)
            ra3 = -(13176795/2097152)*m3 + phase3
            rb3 = ((6151831/35184372088832))*m3 + ra3
            r3 = 6.8604979977715316e-15*m3 + rb3
            s3 = r3**2
            cos3 = s3*(s3*(s3*(s3*(s3*(s3*(s3*(s3*(4.7402642777009144e-14 - 1.3710713749976262e-16*s3) - 1.1466238294528468e-11) + 2.0876442583564132e-09) - 2.755730562160417e-07) + 2.4801586942879023e-05) - 0.0013888888883451217) + 0.041666666666247826) - 0.4999999999998748) + 0.9999999999999938
            phase4 = beta4 + kx4*x_j + ky4*y_j + kz4*z_j
            m4 = np.rint(0.15915494309189535*phase4)
            ra4 = -(13176795/2097152)*m4 + phase4
            rb4 = ((6151831/35184372088832))*m4 + ra4
            r4 = 6.8604979977715316e-15*m4 + rb4
            s4 = r4**2
            cos4 = s4*(s4*(s4*(s4*(s4*(s4*(s4*(s4*(4.7402642777009144e-14 - 1.3710713749976262e-16*s4) - 1.1466238294528468e-11) + 2.0876442583564132e-09) - 2.755730562160417e-07) + 2.4801586942879023e-05) - 0.0013888888883451217) + 0.041666666666247826) - 0.4999999999998748) + 0.9999999999999938
            phase5 = beta5 + kx5*x_j + ky5*y_j + kz5*z_j
            m5 = np.rint(0.15915494309189535*phase5)
            ra5 = -(13176795/2097152)*m5 + phase5
            rb5 = ((6151831/35184372088832))*m5 + ra5
            r5 = 6.8604979977715316e-15*m5 + rb5
            s5 = r5**2
            cos5 = s5*(s5*(s5*(s5*(s5*(s5*(s5*(s5*(4.7402642777009144e-14 - 1.3710713749976262e-16*s5) - 1.1466238294528468e-11) + 2.0876442583564132e-09) - 2.755730562160417e-07) + 2.4801586942879023e-05) - 0.0013888888883451217) + 0.041666666666247826) - 0.4999999999998748) + 0.9999999999999938
            phase6 = beta6 + kx6*x_j + ky6*y_j + kz6*z_j
            m6 = np.rint(0.15915494309189535*phase6)
            ra6 = -(13176795/2097152)*m6 + phase6
            rb6 = ((6151831/35184372088832))*m6 + ra6
            r6 = 6.8604979977715316e-15*m6 + rb6
            s6 = r6**2
            cos6 = s6*(s6*(s6*(s6*(s6*(s6*(s6*(s6*(4.7402642777009144e-14 - 1.3710713749976262e-16*s6) - 1.1466238294528468e-11) + 2.0876442583564132e-09) - 2.755730562160417e-07) + 2.4801586942879023e-05) - 0.0013888888883451217) + 0.041666666666247826) - 0.4999999999998748) + 0.9999999999999938
            phase7 = beta7 + kx7*x_j + ky7*y_j + kz7*z_j
            m7 = np.rint(0.15915494309189535*phase7)
            ra7 = -(13176795/2097152)*m7 + phase7
            rb7 = ((6151831/35184372088832))*m7 + ra7
            r7 = 6.8604979977715316e-15*m7 + rb7
            s7 = r7**2
            cos7 = s7*(s7*(s7*(s7*(s7*(s7*(s7*(s7*(4.7402642777009144e-14 - 1.3710713749976262e-16*s7) - 1.1466238294528468e-11) + 2.0876442583564132e-09) - 2.755730562160417e-07) + 2.4801586942879023e-05) - 0.0013888888883451217) + 0.041666666666247826) - 0.4999999999998748) + 0.9999999999999938
            dbx = ax0*cos0 + ax1*cos1 + ax2*cos2 + ax3*cos3 + ax4*cos4 + ax5*cos5 + ax6*cos6 + ax7*cos7
            dby = ay0*cos0 + ay1*cos1 + ay2*cos2 + ay3*cos3 + ay4*cos4 + ay5*cos5 + ay6*cos6 + ay7*cos7
            dbz = az0*cos0 + az1*cos1 + az2*cos2 + az3*cos3 + az4*cos4 + az5*cos5 + az6*cos6 + az7*cos7
            bx[j] += dbx
            by[j] += dby
            bz[j] += dbz

@njit(cache=True, error_model="numpy", fastmath={"contract"})
def turbulent_field_libm(x, y, z, kx, ky, kz, beta, ax, ay, az, bx, by, bz):
    """Turbulent field at the points (x, y, z) into (bx, by, bz); modes in blocks of 8."""
    npart = x.shape[0]
    for j in range(npart):
        bx[j] = 0.0
        by[j] = 0.0
        bz[j] = 0.0
    for n0 in range(0, kx.shape[0], 8):
        kx0 = kx[n0 + 0]; ky0 = ky[n0 + 0]; kz0 = kz[n0 + 0]; beta0 = beta[n0 + 0]; ax0 = ax[n0 + 0]; ay0 = ay[n0 + 0]; az0 = az[n0 + 0]
        kx1 = kx[n0 + 1]; ky1 = ky[n0 + 1]; kz1 = kz[n0 + 1]; beta1 = beta[n0 + 1]; ax1 = ax[n0 + 1]; ay1 = ay[n0 + 1]; az1 = az[n0 + 1]
        kx2 = kx[n0 + 2]; ky2 = ky[n0 + 2]; kz2 = kz[n0 + 2]; beta2 = beta[n0 + 2]; ax2 = ax[n0 + 2]; ay2 = ay[n0 + 2]; az2 = az[n0 + 2]
        kx3 = kx[n0 + 3]; ky3 = ky[n0 + 3]; kz3 = kz[n0 + 3]; beta3 = beta[n0 + 3]; ax3 = ax[n0 + 3]; ay3 = ay[n0 + 3]; az3 = az[n0 + 3]
        kx4 = kx[n0 + 4]; ky4 = ky[n0 + 4]; kz4 = kz[n0 + 4]; beta4 = beta[n0 + 4]; ax4 = ax[n0 + 4]; ay4 = ay[n0 + 4]; az4 = az[n0 + 4]
        kx5 = kx[n0 + 5]; ky5 = ky[n0 + 5]; kz5 = kz[n0 + 5]; beta5 = beta[n0 + 5]; ax5 = ax[n0 + 5]; ay5 = ay[n0 + 5]; az5 = az[n0 + 5]
        kx6 = kx[n0 + 6]; ky6 = ky[n0 + 6]; kz6 = kz[n0 + 6]; beta6 = beta[n0 + 6]; ax6 = ax[n0 + 6]; ay6 = ay[n0 + 6]; az6 = az[n0 + 6]
        kx7 = kx[n0 + 7]; ky7 = ky[n0 + 7]; kz7 = kz[n0 + 7]; beta7 = beta[n0 + 7]; ax7 = ax[n0 + 7]; ay7 = ay[n0 + 7]; az7 = az[n0 + 7]
        for j in range(npart):
            x_j = x[j]
            y_j = y[j]
            z_j = z[j]
            phase0 = beta0 + kx0*x_j + ky0*y_j + kz0*z_j
            cos0 = math.cos(phase0)
            phase1 = beta1 + kx1*x_j + ky1*y_j + kz1*z_j
            cos1 = math.cos(phase1)
            phase2 = beta2 + kx2*x_j + ky2*y_j + kz2*z_j
            cos2 = math.cos(phase2)
            phase3 = beta3 + kx3*x_j + ky3*y_j + kz3*z_j
            cos3 = math.cos(phase3)
            phase4 = beta4 + kx4*x_j + ky4*y_j + kz4*z_j
            cos4 = math.cos(phase4)
            phase5 = beta5 + kx5*x_j + ky5*y_j + kz5*z_j
            cos5 = math.cos(phase5)
            phase6 = beta6 + kx6*x_j + ky6*y_j + kz6*z_j
            cos6 = math.cos(phase6)
            phase7 = beta7 + kx7*x_j + ky7*y_j + kz7*z_j
            cos7 = math.cos(phase7)
            dbx = ax0*cos0 + ax1*cos1 + ax2*cos2 + ax3*cos3 + ax4*cos4 + ax5*cos5 + ax6*cos6 + ax7*cos7
            dby = ay0*cos0 + ay1*cos1 + ay2*cos2 + ay3*cos3 + ay4*cos4 + ay5*cos5 + ay6*cos6 + ay7*cos7
            dbz = az0*cos0 + az1*cos1 + az2*cos2 + az3*cos3 + az4*cos4 + az5*cos5 + az6*cos6 + az7*cos7
            bx[j] += dbx
            by[j] += dby
            bz[j] += dbz

MODE_BLOCK = 8


@njit(cache=True, error_model="numpy", fastmath={"contract"})
def boris_advance(x, y, z, ux, uy, uz, kx, ky, kz, beta, ax, ay, az, flow, regular, kick,
                  n_steps, bx, by, bz):
    """n_steps of the Boris scheme: drift(h/2), rotation about the field at the mid-point, drift(h/2).

    ``flow`` holds the 18 coefficients (M, D) of ``uniform_field_flow`` for h/2 (exact gyration in the
    regular field, or free streaming); ``regular`` is the field added to the turbulent field in
    the rotation (zero when the flow carries it); ``kick`` = kappa h / 2.
    """
    M00 = flow[0]
    M01 = flow[1]
    M02 = flow[2]
    M10 = flow[3]
    M11 = flow[4]
    M12 = flow[5]
    M20 = flow[6]
    M21 = flow[7]
    M22 = flow[8]
    D00 = flow[9]
    D01 = flow[10]
    D02 = flow[11]
    D10 = flow[12]
    D11 = flow[13]
    D12 = flow[14]
    D20 = flow[15]
    D21 = flow[16]
    D22 = flow[17]
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
            x_h = D00*ux_j + D01*uy_j + D02*uz_j + x_j
            y_h = D10*ux_j + D11*uy_j + D12*uz_j + y_j
            z_h = D20*ux_j + D21*uy_j + D22*uz_j + z_j
            dux_a = M00*ux_j + M01*uy_j + M02*uz_j
            duy_a = M10*ux_j + M11*uy_j + M12*uz_j
            duz_a = M20*ux_j + M21*uy_j + M22*uz_j
            ux_h = dux_a + ux_j
            uy_h = duy_a + uy_j
            uz_h = duz_a + uz_j
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
            _kick_0 = t_x**2 + t_y**2 + t_z**2
            _kick_1 = 1/(_kick_0 + 1)
            _kick_2 = 2*uz_h
            _kick_3 = 2*uy_h
            _kick_4 = t_x*ux_h + t_y*uy_h + t_z*uz_h
            _kick_5 = 2*_kick_4
            _kick_6 = 2*ux_h
            dux_k = _kick_1*(-_kick_0*_kick_6 - _kick_2*t_y + _kick_3*t_z + _kick_5*t_x)
            duy_k = _kick_1*(-_kick_0*_kick_3 + _kick_2*t_x + _kick_5*t_y - _kick_6*t_z)
            duz_k = _kick_1*(-_kick_0*_kick_2 - _kick_3*t_x + 2*_kick_4*t_z + 2*t_y*ux_h)
            ux_k = dux_k + ux_h
            uy_k = duy_k + uy_h
            uz_k = duz_k + uz_h
            x_n = D00*ux_k + D01*uy_k + D02*uz_k + x_h
            y_n = D10*ux_k + D11*uy_k + D12*uz_k + y_h
            z_n = D20*ux_k + D21*uy_k + D22*uz_k + z_h
            dux_b = M00*ux_k + M01*uy_k + M02*uz_k
            duy_b = M10*ux_k + M11*uy_k + M12*uz_k
            duz_b = M20*ux_k + M21*uy_k + M22*uz_k
            ux_n = dux_b + ux_k
            uy_n = duy_b + uy_k
            uz_n = duz_b + uz_k
            x[j] = x_n
            y[j] = y_n
            z[j] = z_n
            ux[j] = ux_n
            uy[j] = uy_n
            uz[j] = uz_n


@njit(cache=True, error_model="numpy", fastmath={"contract"})
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
                du_x = kappa*(-b_y*uz_j + b_z*uy_j)
                du_y = kappa*(b_x*uz_j - b_z*ux_j)
                du_z = kappa*(-b_x*uy_j + b_y*ux_j)
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
