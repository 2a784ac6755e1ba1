"""Generated kernel 'generalized_bgk_prefactor': DO NOT EDIT (cranisotropy regenerate).

(prefactor(p), R_0(p)): C_l = prefactor (Q_1/nu_0) R_{l-1} w(l, p).
"""
# content-sha256: 4a6c63f8e8a0a95a5f9e6c6271a1d6c30083b07ea5f331608af642173535a422
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.relative_diffusion.generalized_bgk_prefactor
# inputs: p
# operations after cse: 12 (before: 13)
# out[0] = 3*2**(1 - p)*gamma(1 - p)/(2*gamma(p))
# out[1] = gamma(p)/gamma(2 - p)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '4a6c63f8e8a0a95a5f9e6c6271a1d6c30083b07ea5f331608af642173535a422'
INPUTS = ('p',)
N_OUTPUTS = 2


@njit(cache=True, error_model="numpy")
def generalized_bgk_prefactor(p):
    _t0 = math.gamma(p)
    _t1 = p - 1
    return (((3/2))*2**(-_t1)*math.gamma(-_t1)/_t0, _t0/math.gamma(2 - p),)


@njit(cache=True, error_model="numpy")
def generalized_bgk_prefactor_loop(p, out0, out1):
    for _i in range(out0.shape[0]):
        _r = generalized_bgk_prefactor(p[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]


def generalized_bgk_prefactor_array(p):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (p,)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(2)]
    generalized_bgk_prefactor_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
