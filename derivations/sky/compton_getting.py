"""Compton–Getting effect: the dipole seen by an observer moving through the cosmic-ray frame.

Seed 004 (Ahlers & Mertsch 2017), Sec. 3.2, eqs. (57)-(62).  The observer moves with velocity
beta = v/c relative to the frame in which the cosmic rays have phase-space density f*(p*);
f is Lorentz invariant, f(p) = f*(p*).  Cosmic rays are ultra-relativistic (E = |p| c); the
arrival direction is n = -p/|p|; the dipole of the relative intensity I(n) = 1 + delta.n is
delta = -3 Phi / phi with phi, Phi the monopole and dipole moments of f over momentum directions.

>>> compton_getting_factor()
Gamma + 2
"""
from __future__ import annotations

import functools

import sympy as sp

from cranisotropy.derivations.sky import observation as sky

p = sp.Symbol("p", positive=True)                         # |p| in the observer frame
gamma_index = sp.Symbol("Gamma", positive=True)           # spectral index: phi ~ p^(-2-Gamma)
beta = sp.Symbol("beta", positive=True)                   # |v|/c
mu = sp.Symbol("mu", real=True)                           # cos(angle between p and beta)
epsilon = sp.Symbol("epsilon", positive=True)             # obliquity of the ecliptic
omega_orbit_t = sp.Symbol("omega_orb_t", real=True)       # orbital phase omega_orbit * t


def boosted_momentum(p_vec: sp.Matrix, beta_vec: sp.Matrix) -> sp.Matrix:
    """Exact momentum p* in the cosmic-ray frame of a massless particle with observer-frame
    momentum ``p_vec``, the observer moving with ``beta_vec`` through that frame."""
    b2 = (beta_vec.T * beta_vec)[0]
    lorentz = 1 / sp.sqrt(1 - b2)
    energy = sp.sqrt((p_vec.T * p_vec)[0])
    along = (beta_vec.T * p_vec)[0]
    return p_vec + ((lorentz - 1) * along / b2 + lorentz * energy) * beta_vec


def first_order_momentum() -> sp.Matrix:
    """p* = p + |p| beta + O(beta^2)  (seed 004 eq. 57): the boost to first order, beta along z,
    p = p (sqrt(1-mu^2), 0, mu)."""
    b = sp.Symbol("b", positive=True)
    p_vec = p * sp.Matrix([sp.sqrt(1 - mu**2), 0, mu])
    exact = boosted_momentum(p_vec, sp.Matrix([0, 0, b]))
    return exact.applyfunc(lambda c: sp.simplify(sp.series(c, b, 0, 2).removeO())).subs(b, beta)


def phase_space_first_order(fstar: sp.Expr) -> sp.Expr:
    """f(p) = f*(p*) to first order in beta  (seed 004 eq. 58): f*(p) + (p* - p).grad_p f*(p).

    ``fstar`` is a function of (p, mu) with mu = cos(p, beta); obtained here by expanding the
    exact composition f*(|p*|, mu*) in beta (not by typing the Taylor formula).
    """
    b = sp.Symbol("b", positive=True)
    p_vec = p * sp.Matrix([sp.sqrt(1 - mu**2), 0, mu])
    pstar = boosted_momentum(p_vec, sp.Matrix([0, 0, b]))
    pstar_abs = sp.sqrt((pstar.T * pstar)[0])
    composed = fstar.subs({p: pstar_abs, mu: pstar[2] / pstar_abs}, simultaneous=True)
    return sp.simplify(sp.series(composed, b, 0, 2).removeO().subs(b, beta))


def power_law_density() -> sp.Expr:
    """Isotropic cosmic-ray-frame density f* = p^(-2-Gamma) (intensity p^2 f* ~ p^-Gamma)."""
    return p ** (-2 - gamma_index)


@functools.lru_cache(maxsize=None)
def dipole_moments():
    """(phi, Phi_z) = (1/4pi) int dOmega_p (1, p_z/p) f to first order in beta, for the
    isotropic power law of :func:`power_law_density` seen by an observer moving along z
    (the step behind seed 004 eq. 59)."""
    f_obs = phase_space_first_order(power_law_density())
    phi = sp.simplify(sp.integrate(f_obs, (mu, -1, 1)) / 2)
    flux = sp.simplify(sp.integrate(mu * f_obs, (mu, -1, 1)) / 2)
    return phi, flux


def compton_getting_factor() -> sp.Expr:
    """delta - delta* = (2 + Gamma) beta  (seed 004 eq. 60): delta = -3 Phi/phi along beta."""
    phi, flux = dipole_moments()
    return sp.simplify(sp.series(-3 * flux / phi, beta, 0, 2).removeO() / beta)


# --------------------------------------------------------------------------- the Earth's orbit (eqs. 61-62)

def ecliptic_to_equatorial(obliquity: sp.Expr = epsilon) -> sp.Matrix:
    """Rotation about the equinox direction (x axis) by the obliquity."""
    c, s_ = sp.cos(obliquity), sp.sin(obliquity)
    return sp.Matrix([[1, 0, 0], [0, c, -s_], [0, s_, c]])


def earth_velocity_direction() -> sp.Matrix:
    """Unit velocity of the Earth on a circular orbit, equatorial components.

    The mean Sun's longitude is omega_orb t + pi (seed 004 Sec. 3.2: alpha_sun = omega_orb t + pi,
    from omega_solar t = h_sun + pi and omega t = alpha_sun + h_sun); the Earth sits opposite the
    Sun, r_E = -(cos L, sin L, 0) in ecliptic coordinates; its velocity is dr_E/dL.
    """
    longitude = omega_orbit_t + sp.pi
    r_earth = -sp.Matrix([sp.cos(longitude), sp.sin(longitude), 0])
    return sp.simplify(ecliptic_to_equatorial() * sp.diff(r_earth, omega_orbit_t))


def solar_dipole_sidereal() -> sp.Matrix:
    """delta_SCG / |delta_SCG| in the sidereal (equatorial) frame  (seed 004 eq. 61).

    The Compton–Getting dipole points along the observer's velocity (eq. 60)."""
    return earth_velocity_direction()


def solar_dipole_solar_frame() -> sp.Matrix:
    """delta_SCG / |delta_SCG| in the solar frame, R^T((omega_solar/omega) t) R(t) delta  (eq. 62)."""
    sidereal_angle = sp.Symbol("omega_t", real=True)
    solar_angle = sidereal_angle - omega_orbit_t                     # omega_solar t (eq. 6)
    rotation = sky.local_rotation(solar_angle, sky.latitude).T * sky.local_rotation(sidereal_angle, sky.latitude)
    rotation = rotation.applyfunc(lambda c: sky.pythagoras(c, sky.latitude, sidereal_angle))  # about z
    return (rotation * solar_dipole_sidereal()).applyfunc(lambda c: sp.factor(sp.expand(c)))


def yearly_average(vector: sp.Matrix) -> sp.Matrix:
    """Average over one orbit, omega_orb t in [0, 2 pi)."""
    return vector.applyfunc(lambda c: sp.simplify(
        sp.integrate(sp.expand(sp.expand_trig(c)), (omega_orbit_t, 0, 2 * sp.pi)) / (2 * sp.pi)))


# --------------------------------------------------------------------------- Galactic coordinates

#: IAU (J2000) orientation of the Galactic frame: the North Galactic Pole (alpha, delta) and the
#: Galactic longitude of the North Celestial Pole, in degrees (exact decimal rationals).
NGP_RA = sp.Rational("192.85948")
NGP_DEC = sp.Rational("27.12825")
NCP_LONGITUDE = sp.Rational("122.93192")


def galactic_to_equatorial() -> sp.Matrix:
    """Rotation matrix taking Galactic unit vectors to equatorial (J2000) ones.

    Fixed by two directions known in both frames: the Galactic pole (0, 0, 1) is at
    n(alpha_NGP, delta_NGP); the celestial pole (0, 0, 1) has Galactic latitude delta_NGP and
    longitude l_NCP.  R = T_eq T_gal^T with the orthonormal triads built from the pair.
    """
    deg = sp.pi / 180
    ngp_eq = sky.equatorial_unit_vector(NGP_RA * deg, NGP_DEC * deg)
    ncp_gal = sky.equatorial_unit_vector(NCP_LONGITUDE * deg, NGP_DEC * deg)

    def triad(a, b):
        b_perp = b - (a.T * b)[0] * a
        b_perp = b_perp / sp.sqrt((b_perp.T * b_perp)[0])
        return sp.Matrix.hstack(a, b_perp, a.cross(b_perp))

    return triad(ngp_eq, sp.Matrix([0, 0, 1])) * triad(sp.Matrix([0, 0, 1]), ncp_gal).T
