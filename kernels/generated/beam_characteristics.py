"""Generated kernel 'beam_characteristics': DO NOT EDIT (cranisotropy regenerate).

(b = j1^2 eps/2, Delta theta = acos(1-b), small-angle j1 sqrt(eps), excess/eps = lambda
(1+u) j1^2/4, A = 8/(lambda j1^4 (qc-2))).
"""
# content-sha256: 2cef81890f8d50186f3d5e295b625277c6760f63b12e8d3bad585daea380841d
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.inner
# inputs: eps, lam, u, q_c
# operations after cse: 12 (before: 14)
# out[0] = 7.34098532106194662860988888432*eps
# out[1] = acos(1 - 7.34098532106194662860988888432*eps)
# out[2] = 3.83170597020751231561443588631*sqrt(eps)
# out[3] = 3.67049266053097331430494444216*lam*u + 3.67049266053097331430494444216*lam
# out[4] = 0.0371125917557487145641022888422/(lam*(q_c - 2))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '2cef81890f8d50186f3d5e295b625277c6760f63b12e8d3bad585daea380841d'
INPUTS = ('eps', 'lam', 'u', 'q_c')
N_OUTPUTS = 5


@njit(cache=True, error_model="numpy")
def beam_characteristics(eps, lam, u, q_c):
    _t0 = 7.340985321061947*eps
    _t1 = 3.6704926605309733*lam
    return (_t0, math.acos(1 - _t0), 3.8317059702075125*math.sqrt(eps), _t1*u + _t1, 0.037112591755748714/(lam*(q_c - 2)),)


@njit(cache=True, error_model="numpy")
def beam_characteristics_loop(eps, lam, u, q_c, out0, out1, out2, out3, out4):
    for _i in range(out0.shape[0]):
        _r = beam_characteristics(eps[_i], lam[_i], u[_i], q_c[_i])
        out0[_i] = _r[0]
        out1[_i] = _r[1]
        out2[_i] = _r[2]
        out3[_i] = _r[3]
        out4[_i] = _r[4]


def beam_characteristics_array(eps, lam, u, q_c):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (eps, lam, u, q_c)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(5)]
    beam_characteristics_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return tuple(_outs)
