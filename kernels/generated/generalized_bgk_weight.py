"""Generated kernel 'generalized_bgk_weight': DO NOT EDIT (cranisotropy regenerate).

Rational factor w(l, p): C_l = prefactor(p) (Q_1/nu_0) R_{l-1} w(l, p).
"""
# content-sha256: c23e378fd763258f632edf96c4141f54cc82d35980b07320f5b6610575d054a4
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.relative_diffusion.generalized_bgk_weight
# inputs: l, p
# operations after cse: 15 (before: 14)
# out[0] = (l**2 + l + p**2 - p)/(l*(l + 1)*(-l + p - 2)*(-l + p - 1))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'c23e378fd763258f632edf96c4141f54cc82d35980b07320f5b6610575d054a4'
INPUTS = ('l', 'p')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def generalized_bgk_weight(l, p):
    _t0 = l + 1
    _t1 = -p
    _t2 = _t1 + l
    return (_t2 + l**2 + p**2)/(_t0*l*(-_t0 - _t1)*(-_t2 - 2))


@njit(cache=True, error_model="numpy")
def generalized_bgk_weight_loop(l, p, out):
    for _i in range(out.shape[0]):
        out[_i] = generalized_bgk_weight(l[_i], p[_i])


def generalized_bgk_weight_array(l, p):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (l, p)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    generalized_bgk_weight_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
