"""Generated kernel 'bgk_gyration_flight': DO NOT EDIT (cranisotropy regenerate).

Exact free flight of a particle (speed 1) gyrating about B0 = e_z, dv/dt = v x Omega, over
dt: returns (dx, dy, dz, vx', vy', vz').  Driver bgk_monte_carlo adds BGK isotropisation at
rate nu.
"""
# content-sha256: 8c1e647d0dd5f36a1c8332fbd275b341ac6719fd5f1f2c40e2652b60721929de
# generator: cranisotropy.kernels.codegen v2
# source: cranisotropy.derivations.multipoles.bgk.gyration_flight
# inputs: vx, vy, vz, Omega, dt
# out[0] = Piecewise((dt*vx, Eq(Omega, 0)), ((vx*sin(Omega*dt) + 2*vy*sin(Omega*dt/2)**2)/Omega, True))
# out[1] = Piecewise((dt*vy, Eq(Omega, 0)), ((-2*vx*sin(Omega*dt/2)**2 + vy*sin(Omega*dt))/Omega, True))
# out[2] = dt*vz
# out[3] = vx*cos(Omega*dt) + vy*sin(Omega*dt)
# out[4] = -vx*sin(Omega*dt) + vy*cos(Omega*dt)
# out[5] = vz
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '8c1e647d0dd5f36a1c8332fbd275b341ac6719fd5f1f2c40e2652b60721929de'
INPUTS = ('vx', 'vy', 'vz', 'Omega', 'dt')
N_OUTPUTS = 6


@njit(cache=True, error_model="numpy")
def bgk_gyration_flight(vx, vy, vz, Omega, dt):
    _t0 = (Omega == 0)
    _t1 = 1/Omega
    _t2 = Omega*dt
    _t3 = math.sin(_t2)
    _t4 = _t3*vx
    _t5 = 2*math.sin(((1/2))*_t2)**2
    _t6 = math.cos(_t2)
    return (((dt*vx) if (_t0) else (_t1*(_t4 + _t5*vy))), ((dt*vy) if (_t0) else (_t1*(_t3*vy - _t5*vx))), dt*vz, _t3*vy + _t6*vx, -_t4 + _t6*vy, vz,)


@njit(cache=True, error_model="numpy")
def bgk_gyration_flight_loop(vx, vy, vz, Omega, dt, out0, out1, out2, out3, out4, out5):
    for _i in range(out0.shape[0]):
        _r = bgk_gyration_flight(vx[_i], vy[_i], vz[_i], Omega[_i], dt[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]
        out3[_i] = _r[3]
        out4[_i] = _r[4]
        out5[_i] = _r[5]


def bgk_gyration_flight_array(vx, vy, vz, Omega, dt):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (vx, vy, vz, Omega, dt)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(6)]
    bgk_gyration_flight_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)


# --- drivers (hand-written numba calling the kernel above) ---

@njit(cache=True)
def _isotropic():
    mu = 2.0 * np.random.random() - 1.0
    ph = 2.0 * math.pi * np.random.random()
    s = math.sqrt(max(0.0, 1.0 - mu * mu))
    return s * math.cos(ph), s * math.sin(ph), mu


@njit(cache=True)
def _advance(x, y, z, vx, vy, vz, t, wait, target, nu, Omega):
    """Move one particle from time t to ``target``: exact gyration between isotropisations,
    which come after exponential waiting times of rate nu (``wait``: time to the next one)."""
    while t + wait <= target:
        dx, dy, dz, vx, vy, vz = bgk_gyration_flight(vx, vy, vz, Omega, wait)
        x += dx
        y += dy
        z += dz
        t += wait
        vx, vy, vz = _isotropic()
        wait = np.random.exponential(1.0 / nu)
    dx, dy, dz, vx, vy, vz = bgk_gyration_flight(vx, vy, vz, Omega, target - t)
    return x + dx, y + dy, z + dz, vx, vy, vz, wait - (target - t)


@njit(cache=True)
def bgk_monte_carlo(nu, Omega, times, n_particles, seed, sums, sums2):
    """Particles gyrating about B0 = e_z at Omega and isotropised at rate nu (BGK), from x = 0
    with isotropic velocities; at each time in ``times`` (increasing, > 0) accumulates per
    particle q = (z^2/(2t), (x^2+y^2)/(4t), z v0_z, (x v0_x + y v0_y)/2, (x v0_y - y v0_x)/2)
    into sums[k, :] and q^2 into sums2[k, :]."""
    np.random.seed(seed)
    q = np.empty(5)
    for _ in range(n_particles):
        vx, vy, vz = _isotropic()
        ux, uy, uz = vx, vy, vz
        x = 0.0
        y = 0.0
        z = 0.0
        t = 0.0
        wait = np.random.exponential(1.0 / nu)
        for k in range(times.shape[0]):
            x, y, z, vx, vy, vz, wait = _advance(x, y, z, vx, vy, vz, t, wait, times[k], nu, Omega)
            t = times[k]
            q[0] = z * z / (2.0 * t)
            q[1] = (x * x + y * y) / (4.0 * t)
            q[2] = z * uz
            q[3] = 0.5 * (x * ux + y * uy)
            q[4] = 0.5 * (x * uy - y * ux)
            for j in range(5):
                sums[k, j] += q[j]
                sums2[k, j] += q[j] * q[j]


@njit(cache=True)
def bgk_displacements(nu, Omega, duration, directions, seed, r_out, v_out):
    """One independent BGK particle per row of ``directions`` (unit vectors, the initial
    velocities), run for ``duration``: displacement into r_out, final velocity into v_out.
    Backtracking a particle that arrives with direction p is this run with velocity -p and
    rotation -Omega."""
    np.random.seed(seed)
    for i in range(directions.shape[0]):
        wait = np.random.exponential(1.0 / nu)
        x, y, z, vx, vy, vz, wait = _advance(0.0, 0.0, 0.0, directions[i, 0], directions[i, 1],
                                             directions[i, 2], 0.0, wait, duration, nu, Omega)
        r_out[i, 0] = x
        r_out[i, 1] = y
        r_out[i, 2] = z
        v_out[i, 0] = vx
        v_out[i, 1] = vy
        v_out[i, 2] = vz
