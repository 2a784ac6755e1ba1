"""Generated kernel 'backtrack_quasilinear_slab_lag': DO NOT EDIT (cranisotropy regenerate).

Finite-lag quasi-linear <(Delta mu)^2>/(2T) (1/L_c) of one slab mode of unit amplitude along
the unperturbed helix, for the pitch cosine against B0 and against the local field: c (1 -
mu^2)(F(k mu + 1/r_L) + F(k mu - 1/r_L))/(16 T), F(w) = 4 sin^2(w T/2)/w^2, c = 1/r_L^2
(regular) or (k mu)^2 (local).
"""
# content-sha256: 565920263aceca840be36aeebd2872cb8c5fd9eda07f2e37938f9c232af091a9
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.backtrack.quasilinear.lag_pitch_angle_diffusion
# inputs: mu, k, r_L, T
# operations after cse: 28 (before: 70)
# out[0] = (1 - mu**2)*(4*sin(T*(k*mu + 1/r_L)/2)**2/(k*mu + 1/r_L)**2 + 4*sin(T*(k*mu - 1/r_L)/2)**2/(k*mu - 1/r_L)**2)/(16*T*r_L**2)
# out[1] = k**2*mu**2*(1 - mu**2)*(4*sin(T*(k*mu + 1/r_L)/2)**2/(k*mu + 1/r_L)**2 + 4*sin(T*(k*mu - 1/r_L)/2)**2/(k*mu - 1/r_L)**2)/(16*T)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '565920263aceca840be36aeebd2872cb8c5fd9eda07f2e37938f9c232af091a9'
INPUTS = ('mu', 'k', 'r_L', 'T')
N_OUTPUTS = 2


@njit(cache=True, error_model="numpy")
def backtrack_quasilinear_slab_lag(mu, k, r_L, T):
    _t0 = mu**2
    _t1 = 1/r_L
    _t2 = k*mu
    _t3 = _t1 + _t2
    _t4 = ((1/2))*T
    _t5 = -_t1 + _t2
    _t6 = ((1/16))*(1 - _t0)*(4*math.sin(_t4*_t5)**2/_t5**2 + 4*math.sin(_t3*_t4)**2/_t3**2)/T
    return (_t6/r_L**2, _t0*_t6*k**2,)


@njit(cache=True, error_model="numpy")
def backtrack_quasilinear_slab_lag_loop(mu, k, r_L, T, out0, out1):
    for _i in range(out0.shape[0]):
        _r = backtrack_quasilinear_slab_lag(mu[_i], k[_i], r_L[_i], T[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]


def backtrack_quasilinear_slab_lag_array(mu, k, r_L, T):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (mu, k, r_L, T)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(2)]
    backtrack_quasilinear_slab_lag_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
