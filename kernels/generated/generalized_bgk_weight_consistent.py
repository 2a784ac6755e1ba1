"""Generated kernel 'generalized_bgk_weight_consistent': DO NOT EDIT (cranisotropy regenerate).

Rational factor of the solution of seed 002 eq. 4.6 (l >= 1, with the solvability term): C_l
= prefactor(p) (Q_1/nu_0) R_{l-1} w_c(l, p).
"""
# content-sha256: f60eeac81f6331f4550fd7915094a7b1f06ce382057659c0654db7ced8b6cefe
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.multipoles.relative_diffusion.generalized_bgk_spectrum_consistent
# inputs: l, p
# operations after cse: 11 (before: 10)
# out[0] = 2*(p - 1)/((p - 2)*(-l + p - 2)*(-l + p - 1))
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'f60eeac81f6331f4550fd7915094a7b1f06ce382057659c0654db7ced8b6cefe'
INPUTS = ('l', 'p')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def generalized_bgk_weight_consistent(l, p):
    _t0 = l - p
    return 2*(p - 1)/((-_t0 - 2)*(-_t0 - 1)*(p - 2))


@njit(cache=True, error_model="numpy")
def generalized_bgk_weight_consistent_loop(l, p, out):
    for _i in range(out.shape[0]):
        out[_i] = generalized_bgk_weight_consistent(l[_i], p[_i])


def generalized_bgk_weight_consistent_array(l, p):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (l, p)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    generalized_bgk_weight_consistent_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
