"""Kernels from :mod:`cranisotropy.derivations.pitch_angle`."""
from cranisotropy.derivations import pitch_angle as pa
from cranisotropy.kernels import KernelSpec, kernel


@kernel
def quasilinear_ito_coefficients() -> KernelSpec:
    """Itô drift and amplitude of pitch-angle scattering with D = |mu|^(q-1)."""
    drift, amplitude = pa.ito_coefficients(pa.quasilinear_scattering(pa.q))
    return KernelSpec(
        "quasilinear_ito_coefficients", (pa.mu, pa.q), (drift, amplitude),
        doc="Itô SDE dmu = a dt + b dW equivalent to d/dmu[(1-mu^2)|mu|^(q-1) d/dmu] "
            "(seed 000 eq. 6, scattering part): returns (a, b).",
        source="cranisotropy.derivations.pitch_angle.ito_coefficients",
        domain=((-1.0, 1.0), (1.2, 2.0)))
