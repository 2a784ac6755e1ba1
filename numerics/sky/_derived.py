"""Numerical versions of the observation-side derivations, built once (numerics never re-type them).

``derived(name)`` returns a numpy function lambdified from
:mod:`cranisotropy.derivations.sky.observation`; its arguments are listed in the table.

>>> round(float(derived("f_sky")(-1.0, 1.0)), 12)
1.0
"""
from __future__ import annotations

import functools

import sympy as sp

from cranisotropy.derivations.sky import observation as d


def _arguments_first(vector_and_symbols):
    vector, symbols = vector_and_symbols
    return symbols, list(vector)


_F_SKY_N_TOT = sp.symbols("f_sky n_tot", positive=True)
_ELL, _I0 = sp.Symbol("l"), sp.Symbol("I0")

#: name -> builder of (arguments, expression)
_TABLE = {
    # f_sky(s1, s2) of the band s1 <= sin(delta) <= s2
    "f_sky": lambda: ((d.s1, d.s2), d.sky_fraction()),
    # (delta_1, delta_2)(latitude, theta_max), radians
    "fov": lambda: ((d.latitude, d.theta_max), d.field_of_view_band()),
    # K11(s1, s2), eq. 27
    "k11": lambda: ((d.s1, d.s2), d.dipole_transition_element()),
    # A~1/A1(delta_1, delta_2), eq. 25
    "ra_projection": lambda: ((d.delta1, d.delta2), d.ra_projection_factor()),
    # (d_0h, d_6h)(Re a~11, Im a~11, K11), eq. 28
    "dipole_from_pseudo": lambda: _arguments_first(d.dipole_from_pseudo_alm()),
    # (d_0h, d_6h, d_N)(a10, Re a11, Im a11), eq. 18
    "dipole_from_alm": lambda: _arguments_first(d.dipole_from_alm()),
    # N(f_sky, n_tot), eq. 32
    "tophat_noise": lambda: (_F_SKY_N_TOT, d.tophat_noise_power()),
    # N_l(l, I^0_ll, f_sky, n_tot), m = 0 filtered
    "filtered_noise": lambda: ((_ELL, _I0, *_F_SKY_N_TOT), d.filtered_tophat_noise_power(_ELL, _I0)),
    # n(alpha, delta), eq. 2 (3 components)
    "equatorial_unit_vector": lambda: ((d.alpha, d.delta), list(d.equatorial_unit_vector())),
    # n'(phi, theta) in the local (North, West, Up) frame, eq. 5 (3 components)
    "local_unit_vector": lambda: ((d.azimuth, d.zenith), list(d.local_unit_vector())),
    # R(tau, Phi), eq. 7 (3 x 3)
    "local_rotation": lambda: ((d.tau, d.latitude), d.local_rotation()),
    # I(N_on, N_off, alpha), eq. 3
    "on_off": lambda: (sp.symbols("N_on N_off alpha", positive=True), d.on_off_intensity_estimator()),
    # 2 pi / omega(omega_solar, omega_orbit), eq. 6
    "sidereal_period": lambda: ((d.omega_solar, d.omega_orbit), 2 * sp.pi / d.sidereal_frequency()),
    # S(N_on, alpha, dI), eq. 4
    "significance": lambda: (sp.symbols("N_on alpha", positive=True) + (sp.Symbol("dI", real=True),),
                             d.small_anisotropy_significance()),
}


@functools.lru_cache(maxsize=None)
def derived(name: str):
    """The lambdified derivation result ``name`` (see the table in this module)."""
    args, expr = _TABLE[name]()
    return sp.lambdify(args, expr, modules="numpy")
