"""Generated kernel 'beam_legendre_elements': DO NOT EDIT (cranisotropy regenerate).

For orthonormal Legendre p_n: (n(n+1), int mu p_n p_{n+1}, p_n(1)).
"""
# content-sha256: 37cf957ebdf0334fc60f918606adf4b0163dc180005800aa5a8f8fc688982716
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.outer.legendre_galerkin_elements
# inputs: n
# operations after cse: 15 (before: 17)
# out[0] = n*(n + 1)
# out[1] = (n + 1)/(sqrt(2*n + 1)*sqrt(2*n + 3))
# out[2] = sqrt(n + 1/2)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '37cf957ebdf0334fc60f918606adf4b0163dc180005800aa5a8f8fc688982716'
INPUTS = ('n',)
N_OUTPUTS = 3


@njit(cache=True, error_model="numpy")
def beam_legendre_elements(n):
    _t0 = n + 1
    _t1 = 2*n
    return (_t0*n, _t0/(math.sqrt(_t1 + 1)*math.sqrt(_t1 + 3)), math.sqrt(n + (1/2)),)


@njit(cache=True, error_model="numpy")
def beam_legendre_elements_loop(n, out0, out1, out2):
    for _i in range(out0.shape[0]):
        _r = beam_legendre_elements(n[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]


def beam_legendre_elements_array(n):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (n,)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(3)]
    beam_legendre_elements_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
