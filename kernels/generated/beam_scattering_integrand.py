"""Generated kernel 'beam_scattering_integrand': DO NOT EDIT (cranisotropy regenerate).

Integrand over kappa = k_perp l of D_mumu l/v (GS spectrum, n = +-1 gyro-resonances,
Lorentzian resonance broadening), seed 001 eq. (2) reconstructed; 0 < mu < 1.
"""
# content-sha256: c586ae317e196d88d6c6b81a148df1a21ce2fbef900b3e793b586f5c0d83903e
# generator: cranisotropy.kernels.codegen v3
# source: cranisotropy.derivations.beam.scattering.general_integrand
# inputs: kappa, mu, eps, delta
# operations after cse: 62 (before: 83)
# out[0] = -2*(mu**2 - 1)*Piecewise((-7*eps**6*kappa**6*(1 - mu**2)**3/18432 + 5*eps**4*kappa**4*(1 - mu**2)**2/768 - eps**2*kappa**2*(1 - mu**2)/16 + 1/4, eps*kappa*Abs(sqrt(1 - mu**2)) < 1/100), (besselj(1, eps*kappa*sqrt(1 - mu**2))**2/(eps**2*kappa**2*(1 - mu**2)), True))*atan2(2*delta*kappa**(4/3)*mu, (eps**2*kappa**(4/3)*(delta**2 - mu**2) + 1)/eps**2)/(3*eps**2*kappa**(7/3)*mu)
import math

import numpy as np
from numba import njit

from cranisotropy.kernels import special as _sp  # noqa: F401  (pure-numba J0/J1)

CONTENT_SHA256 = 'c586ae317e196d88d6c6b81a148df1a21ce2fbef900b3e793b586f5c0d83903e'
INPUTS = ('kappa', 'mu', 'eps', 'delta')
N_OUTPUTS = 1


@njit(cache=True, error_model="numpy")
def beam_scattering_integrand(kappa, mu, eps, delta):
    _t0 = eps**2
    _t1 = 1/_t0
    _t2 = mu**2
    _t3 = _t2 - 1
    _t4 = kappa**((4/3))
    _t5 = kappa**2
    _t6 = -_t3
    _t7 = math.sqrt(_t6)
    _t8 = eps*kappa
    return -(2/3)*_t1*_t3*((-(1/16)*_t0*_t5*_t6 - (7/18432)*_t6**3*eps**6*kappa**6 + ((5/768))*_t6**2*eps**4*kappa**4 + (1/4)) if ((_t8*abs(_t7) < (1/100))) else (_t1*_sp.j1(_t7*_t8)**2/(_t5*_t6)))*math.atan2(2*_t4*delta*mu, _t1*(_t0*_t4*(-_t2 + delta**2) + 1))/(kappa**((7/3))*mu)


@njit(cache=True, error_model="numpy")
def beam_scattering_integrand_loop(kappa, mu, eps, delta, out):
    for _i in range(out.shape[0]):
        out[_i] = beam_scattering_integrand(kappa[_i], mu[_i], eps[_i], delta[_i])


def beam_scattering_integrand_array(kappa, mu, eps, delta):
    """Vectorised kernel: numpy-broadcasts the inputs, returns float64 array(s)."""
    _args = [np.asarray(a, dtype=np.float64) for a in (kappa, mu, eps, delta)]
    _shape = np.broadcast_shapes(*(a.shape for a in _args))
    _flat = [np.ascontiguousarray(a if a.shape == _shape else np.broadcast_to(a, _shape)).ravel()
             for a in _args]
    _flat = [a if a.flags.writeable else a.copy() for a in _flat]  # no read-only views
    _outs = [np.empty(_flat[0].shape[0]) for _ in range(1)]
    beam_scattering_integrand_loop(*_flat, *_outs)
    _outs = [o.reshape(_shape) for o in _outs]
    return _outs[0]
