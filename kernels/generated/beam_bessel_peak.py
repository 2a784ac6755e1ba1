"""Generated kernel 'beam_bessel_peak': DO NOT EDIT (cranisotropy regenerate).

D_mumu l/v = (pi/2)(1-mu^2)(J_1(y)/y)^2, y = sqrt((1-mu^2)/eps): the GS peak near |mu| = 1,
seed 001 eq. (4) without the r y^(4/3) term.
"""
# content-sha256: 5d1f201016fc3fa2545edb1433592b640a36acc1e109c74eaf464d1de12559f5
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.scattering.bessel_peak_coefficient
# inputs: mu, eps
# operations after cse: 35 (before: 50)
# out[0] = pi*(1 - mu**2)*Piecewise((1/4 - (1 - mu**2)/(16*eps) + 5*(1 - mu**2)**2/(768*eps**2) - 7*(1 - mu**2)**3/(18432*eps**3), Abs(sqrt(1 - mu**2))/sqrt(eps) < 1/100), (eps*besselj(1, sqrt(1 - mu**2)/sqrt(eps))**2/(1 - mu**2), True))/2
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = '5d1f201016fc3fa2545edb1433592b640a36acc1e109c74eaf464d1de12559f5'
INPUTS = ('mu', 'eps')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_bessel_peak(mu, eps):
    _t0 = 1 - mu**2
    _t1 = 1/math.sqrt(eps)
    _t2 = math.sqrt(_t0)
    return ((1/2))*math.pi*_t0*((-(7/18432)*_t0**3/eps**3 + ((5/768))*_t0**2/eps**2 - (1/16)*_t0/eps + (1/4)) if ((_t1*abs(_t2) < (1/100))) else (eps*_sp.j1(_t1*_t2)**2/_t0))


@njit(cache=True, error_model="numpy")
def beam_bessel_peak_loop(mu, eps, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_bessel_peak(mu[_i], eps[_i])


def beam_bessel_peak_array(mu, eps):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (mu, eps)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_bessel_peak_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
