"""Kernels from :mod:`cranisotropy.derivations.chapman_enskog.pitch_angle`.

``*_focused_sde`` kernels return the coefficients (a_mu, b_mu, v_z) of the particle SDE of
seed 000 eq. (6) (:func:`~cranisotropy.derivations.chapman_enskog.pitch_angle.focused_transport_sde`); their
driver ``<name>_run`` is the Monte Carlo time loop used to check the Chapman–Enskog
coefficients (``cranisotropy validate ce``).  :func:`focused_sde_spec` builds the same kernel
for any D(mu) (user formulas are compiled at run time with ``cranisotropy.kernels.build``).
"""
from __future__ import annotations

import sympy as sp

from cranisotropy.derivations.chapman_enskog import pitch_angle as pa
from cranisotropy.kernels import KernelSpec, kernel


@kernel
def quasilinear_ito_coefficients() -> KernelSpec:
    """Itô drift and amplitude of pitch-angle scattering with D = |mu|^(q-1)."""
    drift, amplitude = pa.ito_coefficients(pa.quasilinear_scattering(pa.q))
    return KernelSpec(
        "quasilinear_ito_coefficients", (pa.mu, pa.q), (drift, amplitude),
        doc="Itô SDE dmu = a dt + b dW equivalent to d/dmu[(1-mu^2)|mu|^(q-1) d/dmu] "
            "(seed 000 eq. 6, scattering part): returns (a, b).",
        source="cranisotropy.derivations.chapman_enskog.pitch_angle.ito_coefficients",
        domain=((-1.0, 1.0), (1.2, 2.0)))


# Monte Carlo time loop appended to each focused-SDE kernel module ({name}: the kernel,
# {params}: its inputs after mu).  Weak Euler scheme with two-point increments +-sqrt(dt),
# reflection at mu = +-1, and a coupled coarse path (step 2 dt, increment dW1 + dW2) so that
# Richardson extrapolation 2 fine - coarse removes the O(dt) bias with little extra variance.
# Every batch has its own xorshift64* stream (seed, batch): results do not depend on threads.
_DRIVER = '''
from numba import prange


@njit(cache=True)
def _xorshift(state):
    x = state[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    state[0] = x
    return x * np.uint64(2685821657736338717)


@njit(cache=True)
def _uniform(state):
    return (_xorshift(state) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def _reflect(m):
    if m > 1.0:
        m = 2.0 - m
    elif m < -1.0:
        m = -2.0 - m
    return min(1.0, max(-1.0, m))


@njit(cache=True)
def _step(m, z, h, dw, {params}):
    a, b, v = {name}(m, {params})
    if a != a:          # 0 * inf at an exact zero of D (measure zero): no drift there
        a = 0.0
    return _reflect(m + a * h + b * dw), z + v * h


@njit(cache=True, parallel=True)
def {name}_run({params}, particles_per_batch, n_batches, dt, sample_steps, seed, sums):
    """Power sums sum z^k (k = 0..4) at the sample steps, per batch, for the fine path (index 0,
    step dt) and the coupled coarse path (index 1, step 2 dt): sums[batch, sample, path, k].
    sample_steps count coarse steps (time = 2 dt * step); initial mu isotropic, z = 0."""
    n_samples = sample_steps.shape[0]
    last = sample_steps[n_samples - 1]
    root = np.sqrt(dt)
    for batch in prange(n_batches):
        state = np.empty(1, dtype=np.uint64)
        state[0] = np.uint64(seed) * np.uint64(6364136223846793005) + np.uint64(2 * batch + 1)
        for _ in range(8):
            _xorshift(state)
        for _p in range(particles_per_batch):
            mf = 2.0 * _uniform(state) - 1.0
            mc = mf
            zf = 0.0
            zc = 0.0
            k = 0
            bits = np.uint64(0)
            nbits = 0
            for step in range(1, last + 1):
                if nbits < 2:
                    bits = _xorshift(state)
                    nbits = 64
                w1 = root if (bits & np.uint64(1)) else -root
                w2 = root if (bits & np.uint64(2)) else -root
                bits >>= np.uint64(2)
                nbits -= 2
                mf, zf = _step(mf, zf, dt, w1, {params})
                mf, zf = _step(mf, zf, dt, w2, {params})
                mc, zc = _step(mc, zc, 2.0 * dt, w1 + w2, {params})
                if step == sample_steps[k]:
                    pf = 1.0
                    pc = 1.0
                    for j in range(5):
                        sums[batch, k, 0, j] += pf
                        sums[batch, k, 1, j] += pc
                        pf *= zf
                        pc *= zc
                    k += 1
    return sums
'''


def focused_sde_spec(name: str, D: sp.Expr, params: tuple[sp.Symbol, ...] = (),
                     doc: str = "", domain=()) -> KernelSpec:
    """Kernel (mu, *params, sigma, epsilon) -> (a_mu, b_mu, v_z) with the Monte Carlo driver."""
    a_mu, b_mu, v_z = pa.focused_transport_sde(D)
    inputs = (pa.mu, *params, pa.sigma, pa.eps)
    names = ", ".join(s.name for s in inputs[1:])
    return KernelSpec(
        name, inputs, (a_mu, b_mu, v_z),
        doc=doc or f"Particle SDE of seed 000 eq. (6) for D = {D}: (a_mu, b_mu, v_z) with "
                   f"dmu = a_mu dt + b_mu dW, dz = v_z dt; driver {name}_run (Monte Carlo).",
        source="cranisotropy.derivations.chapman_enskog.pitch_angle.focused_transport_sde",
        drivers=_DRIVER.replace("{name}", name).replace("{params}", names),
        domain=domain or ((-0.999, 0.999), *((1.2, 2.0) for _ in params), (-1.0, 1.0), (0.1, 1.0)))


@kernel
def isotropic_focused_sde() -> KernelSpec:
    """D = 1: Brownian motion of the direction on the sphere, plus streaming and focusing."""
    return focused_sde_spec("isotropic_focused_sde", pa.isotropic_scattering())


@kernel
def quasilinear_focused_sde() -> KernelSpec:
    """D = |mu|^(q - 1) (quasi-linear resonance with a k^-q spectrum)."""
    return focused_sde_spec("quasilinear_focused_sde", pa.quasilinear_scattering(pa.q), (pa.q,),
                            doc="Particle SDE of seed 000 eq. (6) for D = |mu|^(q-1): (a_mu, b_mu, v_z); "
                                "driver quasilinear_focused_sde_run (Monte Carlo).")
