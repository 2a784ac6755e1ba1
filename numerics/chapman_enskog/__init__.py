"""Chapman–Enskog reduction of focused pitch-angle transport (seed 000, Sec. III, eqs. 6-12).

For a pitch-angle scattering function D(mu), the closed equation of the isotropic part
d f0/dt = sum_n c_n eps^n d^n f0/dz^n (eq. 9), the diffusion and hyperdiffusion coefficients
kappa and K and the telegraph time (eqs. 10-12), exact where a closed form is derived and
numerical otherwise; and independent checks: the exact decay rate (slowest eigenvalue of the
pitch-angle operator) and a Monte Carlo of the particle SDE.  Derivations:
:mod:`cranisotropy.derivations.chapman_enskog`; guide: docs/chapman_enskog.md.

Transport coefficients
----------------------
transport_coefficients
    Series c_n, kappa, K and the telegraph time of a D(mu) (exact or numerical).
symbolic_transport_equation
    Eq. (9) for a symbolic D(mu), through its integral functionals.
scattering_profile
    Admissibility of a D(mu), its zeros and their exponents.

Independent checks
------------------
dispersion_relation
    Exact decay rate Gamma(k) with its diffusion, series and telegraph approximations.
eigenvalue_series
    Taylor coefficients of the exact decay rate (Cauchy's formula, no perturbation theory).
cumulant_rates
    Monte Carlo growth rates of the cumulants of z for the particle SDE.
predicted_cumulant_rates
    The cumulant growth rates the Chapman–Enskog series predicts.

Validation and benchmarks
-------------------------
validate_chapman_enskog
    Series against the spectral eigenvalue (double, mpmath) and the Monte Carlo.
bench_chapman_enskog
    Seconds to derive the series and to run the Monte Carlo, against targets.

Documentation
-------------
chapman_enskog_tables
    The generated Markdown tables of the topic guide.
chapman_enskog_figures
    The figures of the topic guide (the dispersion figure).
"""
from cranisotropy.numerics.chapman_enskog.campaign import bench_chapman_enskog, validate_chapman_enskog
from cranisotropy.numerics.chapman_enskog.coefficients import (symbolic_transport_equation,
                                                               transport_coefficients)
from cranisotropy.numerics.chapman_enskog.monte_carlo import cumulant_rates, predicted_cumulant_rates
from cranisotropy.numerics.chapman_enskog.plots import chapman_enskog_figures
from cranisotropy.numerics.chapman_enskog.series import scattering_profile
from cranisotropy.numerics.chapman_enskog.spectral import dispersion_relation, eigenvalue_series
from cranisotropy.numerics.chapman_enskog.tables import chapman_enskog_tables

__all__ = [
    "transport_coefficients", "symbolic_transport_equation", "scattering_profile",

    "dispersion_relation", "eigenvalue_series", "cumulant_rates", "predicted_cumulant_rates",

    "validate_chapman_enskog", "bench_chapman_enskog",

    "chapman_enskog_tables", "chapman_enskog_figures",
]
