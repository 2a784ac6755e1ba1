"""Observation side: geometry, reconstruction, harmonic analysis and dipole of a ground array.

Seed 004 (Ahlers & Mertsch 2017), Sec. 2.  Conventions: equatorial coordinates (right
ascension ``alpha``, declination ``delta``); spherical harmonics ``Y_lm(pi/2 - delta, alpha)``
with the Condon–Shortley phase (as sympy, healpy and scipy); a local frame with azimuth
``azimuth`` measured from North towards East and zenith angle ``zenith``; ``tau = omega t`` is
the local sidereal angle (right ascension of the meridian).

>>> sp.simplify(local_rotation()[2, :] * equatorial_unit_vector(tau, latitude))
Matrix([[1]])
"""
from __future__ import annotations

import functools

import sympy as sp

alpha = sp.Symbol("alpha", real=True)            # right ascension
delta = sp.Symbol("delta", real=True)            # declination
azimuth = sp.Symbol("phi", real=True)            # local azimuth, from North towards East
zenith = sp.Symbol("theta", real=True)           # local zenith angle
latitude = sp.Symbol("Phi", real=True)           # geographic latitude of the observatory
tau = sp.Symbol("tau", real=True)                # local sidereal angle omega*t
t = sp.Symbol("t", real=True)
omega_solar = sp.Symbol("omega_solar", positive=True)
omega_orbit = sp.Symbol("omega_orbit", positive=True)
s = sp.Symbol("s", real=True)                    # sin(delta)
s1, s2 = sp.symbols("s1 s2", real=True)          # sin of the band edges delta_1 < delta_2
delta1, delta2 = sp.symbols("delta1 delta2", real=True)
theta_max = sp.Symbol("theta_max", positive=True)


# --------------------------------------------------------------------------- geometry (eqs. 2-7)

def equatorial_unit_vector(ra: sp.Expr = alpha, dec: sp.Expr = delta) -> sp.Matrix:
    """n(alpha, delta) = (cos a cos d, sin a cos d, sin d)  (seed 004 eq. 2)."""
    return sp.Matrix([sp.cos(ra) * sp.cos(dec), sp.sin(ra) * sp.cos(dec), sp.sin(dec)])


def local_unit_vector(az: sp.Expr = azimuth, zen: sp.Expr = zenith) -> sp.Matrix:
    """n'(phi, theta) in the local (North, West, Up) frame  (seed 004 eq. 5).

    Azimuth runs from North towards East, so East (phi = 90 deg) is the -y' axis.
    """
    return sp.Matrix([sp.cos(az) * sp.sin(zen), -sp.sin(az) * sp.sin(zen), sp.cos(zen)])


def sidereal_frequency() -> sp.Expr:
    """omega = d/dt (alpha_sun + h_sun) = omega_solar + omega_orbit  (seed 004 eq. 6).

    The meridian's right ascension is the Sun's right ascension (advancing at omega_orbit)
    plus the Sun's hour angle (advancing at omega_solar).
    """
    alpha_sun = omega_orbit * t + sp.pi
    hour_angle_sun = omega_solar * t - sp.pi
    return sp.diff(alpha_sun + hour_angle_sun, t)


def local_rotation(sidereal_angle: sp.Expr = tau, lat: sp.Expr = latitude) -> sp.Matrix:
    """R(t) with n' = R n: rows are the local North, West and Up axes  (seed 004 eq. 7).

    Up is the zenith n(omega t, Phi); North is d n / d delta there (towards the pole);
    West = Up x North completes the right-handed (North, West, Up) frame of eq. (5).
    """
    up = equatorial_unit_vector(sidereal_angle, lat)
    north = sp.diff(equatorial_unit_vector(alpha, delta), delta).subs(
        {alpha: sidereal_angle, delta: lat}, simultaneous=True)
    west = up.cross(north).applyfunc(lambda c: pythagoras(c, lat))
    return sp.Matrix.vstack(north.T, west.T, up.T)


def pythagoras(expr: sp.Expr, *angles: sp.Expr) -> sp.Expr:
    """Expand trigonometric functions of sums, then replace sin^2 of each angle by 1 - cos^2
    (a cheap, predictable alternative to ``simplify`` for rotation-matrix products)."""
    expr = sp.expand(sp.expand_trig(sp.expand(expr)))
    for angle in angles:
        expr = sp.expand(expr.subs(sp.sin(angle) ** 2, 1 - sp.cos(angle) ** 2))
    return expr


def sin_declination_of_local_direction() -> sp.Expr:
    """sin(delta) of the sky direction seen at local (phi, theta): independent of time.

    This is why a fixed local direction scans one declination band, and hence why the
    declination-dependent rescaling of eqs. (10)-(12) is a symmetry of the data.
    """
    n_eq = local_rotation().T * local_unit_vector()
    return sp.simplify(n_eq[2])


def field_of_view_band(lat: sp.Expr = latitude, zenith_cut: sp.Expr = theta_max):
    """Declination band (delta_1, delta_2) = (Phi - theta_max, Phi + theta_max) seen over a
    sidereal day with a zenith cut (seed 004, Sec. 2), clipped to the poles."""
    return (sp.Max(lat - zenith_cut, -sp.pi / 2), sp.Min(lat + zenith_cut, sp.pi / 2))


def sky_fraction(lower: sp.Expr = s1, upper: sp.Expr = s2) -> sp.Expr:
    """f_sky of the band sin(delta) in [lower, upper]: (1/4pi) int dOmega = (upper - lower)/2."""
    return sp.integrate(2 * sp.pi, (s, lower, upper)) / (4 * sp.pi)


# --------------------------------------------------------------------------- reconstruction (eqs. 3-4, 8-12)

def on_off_intensity_estimator() -> sp.Expr:
    """I = N_on / (a N_off)  (seed 004 eq. 3): the ratio of the expectation values
    <N_on> = a I mu_off and <N_off> = mu_off solved for I (a = relative exposure)."""
    n_on, n_off, ratio, intensity, mu_off = sp.symbols("N_on N_off alpha I mu_off", positive=True)
    solution = sp.solve([sp.Eq(n_on, ratio * intensity * mu_off), sp.Eq(n_off, mu_off)],
                        [intensity, mu_off], dict=True)[0]
    return solution[intensity]


def li_ma_significance(n_on: sp.Expr, n_off: sp.Expr, ratio: sp.Expr) -> sp.Expr:
    """Li & Ma (1983) eq. 17, the likelihood-ratio significance (the seed's Ref. [47])."""
    total = n_on + n_off
    return sp.sqrt(2 * (n_on * sp.log((1 + ratio) / ratio * n_on / total)
                        + n_off * sp.log((1 + ratio) * n_off / total)))


@functools.lru_cache(maxsize=None)
def small_anisotropy_significance() -> sp.Expr:
    """S ~ sqrt(N_on / (1 + alpha)) dI for dI << 1  (seed 004 eq. 4).

    Leading term of Li–Ma eq. 17 with N_off = N_on / (alpha (1 + dI)) (from eq. 3); S^2 is
    expanded to second order in dI, S takes the sign of dI.
    """
    n_on, ratio = sp.symbols("N_on alpha", positive=True)
    x = sp.Symbol("dI", real=True)
    s_squared = li_ma_significance(n_on, n_on / (ratio * (1 + x)), ratio) ** 2
    leading = sp.simplify(sp.series(s_squared, x, 0, 3).removeO())   # = c dI^2
    return sp.sqrt(sp.simplify(leading / x**2)) * x


def rescaled_reconstruction(scale_dec: sp.Expr, b: sp.Expr, c: sp.Expr):
    """The symmetry of eqs. (10)-(12): (I, E, A) -> (I/(a b), E b c, A a/c).

    Returns the three factors multiplying I, E and A.  Their product is 1, and ``a`` may depend
    on the local direction only through sin(delta) of :func:`sin_declination_of_local_direction`,
    which does not depend on time, so mu(t, n') = E(t) A(n') I(R^T n') (eq. 8) is unchanged.
    """
    return 1 / (scale_dec * b), b * c, scale_dec / c


# --------------------------------------------------------------------------- harmonic analysis (eqs. 14-19)

@functools.lru_cache(maxsize=None)
def spherical_harmonic(l: int, m: int, ra: sp.Expr = alpha, dec: sp.Expr = delta) -> sp.Expr:
    """Y_lm(pi/2 - delta, alpha) written out (Condon–Shortley phase, as in eq. 14).

    Expanded at a plain colatitude symbol and substituted afterwards: sympy's ``Ynm`` rewrites
    ``Ynm(l, m, pi/2 - delta, .)`` as ``Ynm(l, m, delta - pi/2, .)`` (it treats the angle as
    even), which flips the sign of every odd-m harmonic once expanded.
    """
    colatitude = sp.Dummy("colatitude", real=True)
    return sp.Ynm(l, m, colatitude, ra).expand(func=True).subs(colatitude, sp.pi / 2 - dec)


def _ring_integral(expr: sp.Expr) -> sp.Expr:
    """int_0^2pi d alpha expr, term by term in Fourier modes: exp(i k alpha), k != 0, gives 0.

    ``expr`` must depend on alpha only through trigonometric functions (as the Y_lm do);
    much faster than ``sp.integrate`` on the whole expression.
    """
    expr = sp.expand(sp.powsimp(sp.expand(expr.rewrite(sp.exp))))
    total = sp.Integer(0)
    for term in sp.Add.make_args(expr):
        coeff, dep = term.as_independent(alpha, as_Add=False)
        dep = sp.powsimp(dep)
        if dep == 1:
            total += 2 * sp.pi * coeff
            continue
        base, exponent = dep.as_base_exp()
        k = sp.simplify(exponent / (sp.I * alpha))
        if not (base == sp.E and k.is_integer and k != 0):
            total += coeff * sp.integrate(dep, (alpha, 0, 2 * sp.pi))
    return total


def sphere_integral(expr: sp.Expr, lower: sp.Expr = -1, upper: sp.Expr = 1) -> sp.Expr:
    """int d alpha int ds expr over 0 <= alpha < 2pi and s = sin(delta) in [lower, upper]."""
    expr = sp.expand(expr.subs({sp.cos(delta): sp.sqrt(1 - s**2), sp.sin(delta): s}))
    ring = sp.expand(_ring_integral(expr))
    return sp.simplify(sp.integrate(ring, (s, lower, upper)))


def reality_residual(l: int, m: int) -> sp.Expr:
    """conj(Y_lm) - (-1)^m Y_l,-m: zero, hence a*_lm = (-1)^m a_l,-m for real I (eq. 14)."""
    return sp.simplify(sp.conjugate(spherical_harmonic(l, m)) - (-1) ** m * spherical_harmonic(l, -m))


def ring_integral(l: int, m: int) -> sp.Expr:
    """int_0^2pi d alpha Y_lm(pi/2 - delta, alpha)  (the step behind seed 004 eq. 16).

    Only m = 0 survives: 2 pi sqrt((2l+1)/4pi) P_l(sin delta).  So the normalisation (13),
    int d alpha dI = 0 on every ring of the band, is sum_l a_l0 sqrt((2l+1)/4pi) P_l(s) = 0,
    a polynomial in s = sin(delta) vanishing on an interval: all a_l0 = 0.
    """
    c_, s_ = sp.Dummy("cos_delta"), sp.Dummy("sin_delta")
    harmonic = spherical_harmonic(l, m).subs({sp.cos(delta): c_, sp.sin(delta): s_})
    integral = sp.expand(_ring_integral(harmonic))
    return integral if integral == 0 else sp.factor(integral.subs({c_: sp.cos(delta), s_: sp.sin(delta)}))


@functools.lru_cache(maxsize=None)
def dipole_from_alm():
    """Dipole vector (d_0h, d_6h, d_N) in terms of a_10 and a_11  (seed 004 eq. 18).

    d_i = (3/4pi) int dOmega n_i sum_m a_1m Y_1m, with a_1,-1 = -conj(a_11).  Returns
    (vector, (a10, re_a11, im_a11)).
    """
    a10, re11, im11 = sp.symbols("a10 re_a11 im_a11", real=True)
    a11 = re11 + sp.I * im11
    field = (a10 * spherical_harmonic(1, 0) + a11 * spherical_harmonic(1, 1)
             - sp.conjugate(a11) * spherical_harmonic(1, -1))
    n = equatorial_unit_vector()
    vector = sp.Matrix([sp.Rational(3, 4) / sp.pi * sphere_integral(n[i] * field) for i in range(3)])
    return vector.applyfunc(sp.simplify), (a10, re11, im11)


# --------------------------------------------------------------------------- dipole methods (eqs. 22-28)

def east_west_counts(acceptance: sp.Expr, theta=zenith, tmax=theta_max):
    """(N_E, N_W) of eqs. (20)-(21) for the dipole sky I = 1 + d.n, per unit phi_iso dt E.

    ``acceptance`` is A(theta).  The azimuth integrals are done exactly; the zenith
    integrals are left as sympy Integrals (done exactly when A is explicit).  Returns
    (N_E, N_W, (dx, dy, dz)) with d in equatorial components.
    """
    dvec = sp.Matrix(sp.symbols("d_x d_y d_z", real=True))
    local_d = local_rotation() * dvec            # I(R^T n') = 1 + (R d).n'
    intensity = 1 + (local_d.T * local_unit_vector(azimuth, theta))[0]
    weight = sp.sin(theta) * acceptance

    def sector(lo, hi):
        over_azimuth = sp.integrate(sp.expand(intensity), (azimuth, lo, hi))
        terms = sp.collect(sp.expand(over_azimuth), [sp.sin(theta), sp.cos(theta)], evaluate=False)
        return sum(sp.Integral(sp.simplify(weight * factor * key), (theta, 0, tmax))
                   for key, factor in terms.items())

    return sector(0, sp.pi), sector(-sp.pi, 0), tuple(dvec)


def east_west_step_integrands(acceptance: sp.Expr = sp.Integer(1), theta=zenith):
    """Zenith integrands (f_num, f_den) of eq. (23), the azimuth integrals over the East sector
    done: Delta alpha = int_0^theta_max f_num dtheta / int_0^theta_max f_den dtheta."""
    num = sp.integrate(sp.sin(azimuth), (azimuth, 0, sp.pi)) * sp.sin(theta) ** 2 * acceptance
    den = sp.integrate(sp.Integer(1), (azimuth, 0, sp.pi)) * sp.sin(theta) * acceptance
    return num, den


def east_west_step(acceptance: sp.Expr = sp.Integer(1), theta=zenith, tmax=theta_max) -> sp.Expr:
    """Effective right-ascension step Delta alpha of the East–West method  (seed 004 eq. 23).

    int_0^pi dphi int dtheta sin(theta) A (sin theta sin phi) / int_0^pi dphi int dtheta sin(theta) A.
    """
    num, den = east_west_step_integrands(acceptance, theta)
    return sp.simplify(sp.integrate(num, (theta, 0, tmax)) / sp.integrate(den, (theta, 0, tmax)))


def east_west_asymmetry(acceptance: sp.Expr = sp.Integer(1)):
    """(N_E - N_W)/(N_E + N_W) to first order in d, and d/d alpha dI(alpha, 0) at alpha = tau.

    Seed 004 eq. (22): the ratio equals Delta alpha * d(dI)/d(alpha) on the equator at the
    meridian.  Returns (ratio, derivative, step) with ``step`` from :func:`east_west_step`.
    """
    n_e, n_w, dvec = east_west_counts(acceptance)
    eps = sp.Symbol("epsilon", positive=True)
    small = {d: eps * d for d in dvec}
    ratio = ((n_e - n_w) / (n_e + n_w)).subs(small)
    ratio = sp.simplify(sp.diff(ratio, eps).subs(eps, 0).doit())
    anisotropy = (sp.Matrix(dvec).T * equatorial_unit_vector())[0]
    derivative = sp.diff(anisotropy, alpha).subs({alpha: tau, delta: 0})
    return ratio, sp.simplify(derivative), east_west_step(acceptance)


def _band_angles(expr: sp.Expr, lower: sp.Expr, upper: sp.Expr) -> sp.Expr:
    """Write s1, s2 = sin(delta_1,2) back as angles (|delta| <= pi/2, so cos(delta) >= 0)."""
    for edge, angle in ((s1, lower), (s2, upper)):
        expr = expr.subs({sp.asin(edge): angle, sp.sqrt(1 - edge**2): sp.cos(angle)}).subs(edge, sp.sin(angle))
    return sp.simplify(expr)


def ra_projection(dvec=None, lower: sp.Expr = delta1, upper: sp.Expr = delta2) -> tuple[sp.Expr, sp.Expr]:
    """(Re, Im) of A~_1 e^{i a~_1} of eq. (24) for the dipole sky I = 1 + d.n.

    (1/pi) int d alpha e^{i alpha} (1/(s2 - s1)) int_{s1}^{s2} ds I(alpha, delta).
    """
    dx, dy, dz = dvec or sp.symbols("d_x d_y d_z", real=True)
    intensity = 1 + (sp.Matrix([dx, dy, dz]).T * equatorial_unit_vector())[0]
    parts = []
    for phase in (sp.cos(alpha), sp.sin(alpha)):
        value = sphere_integral(phase * intensity / sp.pi, s1, s2) / (s2 - s1)
        parts.append(_band_angles(value, lower, upper))
    return parts[0], parts[1]


def ra_projection_factor(lower: sp.Expr = delta1, upper: sp.Expr = delta2) -> sp.Expr:
    """A~_1 / A_1 of the right-ascension projection for a pure dipole  (seed 004 eq. 25).

    From :func:`ra_projection` with the dipole along the 0h axis (the phase is unchanged).
    """
    dx = sp.Symbol("d_x", positive=True)
    return sp.simplify(ra_projection((dx, 0, 0), lower, upper)[0] / dx)


def band_coupling_element(l: int, lp: int, m: int, lower: sp.Expr = s1, upper: sp.Expr = s2) -> sp.Expr:
    """K^{l m}_{l' m} = int_band dOmega conj(Y_lm) Y_l'm for a uniform band  (eq. 26, top hat)."""
    integrand = sp.conjugate(spherical_harmonic(l, m)) * spherical_harmonic(lp, m)
    return sp.factor(sphere_integral(integrand, lower, upper))


def dipole_transition_element(lower: sp.Expr = s1, upper: sp.Expr = s2) -> sp.Expr:
    """K^{11}_{11} = K^{1-1}_{1-1} of a uniform band between sin(delta) = s1 and s2  (eq. 27)."""
    return band_coupling_element(1, 1, 1, lower, upper)


def dipole_from_pseudo_alm():
    """Equatorial dipole (d_0h, d_6h) from the pseudo a~_11 truncated at l = 1  (seed 004 eq. 28).

    With l <= 1 and no mixing in m, a~_11 = K^{11}_{11} a_11; then eq. (18).  Returns
    (vector, (re_pseudo_a11, im_pseudo_a11, K11)).
    """
    re_p, im_p = sp.symbols("re_pa11 im_pa11", real=True)
    k11 = sp.Symbol("K11", positive=True)
    vector, (a10, re11, im11) = dipole_from_alm()
    return (sp.simplify(vector[:2, 0].subs({re11: re_p / k11, im11: im_p / k11})), (re_p, im_p, k11))


# --------------------------------------------------------------------------- noise (eqs. 31-32)

def addition_theorem_factor(l: int) -> sp.Expr:
    """(1/(2l+1)) sum_m |Y_lm(n)|^2: the same 1/(4pi) at every n (the step behind eq. 31)."""
    x = sp.Symbol("x", real=True)  # cos(delta): the sum is independent of alpha term by term
    total = sum(sp.expand(spherical_harmonic(l, m) * sp.conjugate(spherical_harmonic(l, m)))
                for m in range(-l, l + 1))
    total = sp.expand(total).subs(sp.cos(delta), x).subs(sp.sin(delta), sp.sqrt(1 - x**2))
    return sp.simplify(total / (2 * l + 1))


def pixel_noise_power(weight, area, counts, index, npix) -> sp.Expr:
    """Noise power N = (1/4pi) sum_i w_i^2 dOmega_i^2 / n_i  (seed 004 eq. 31).

    Pseudo a~_lm = sum_i dOmega_i w_i dI_i conj(Y_lm(n_i)) with independent pixel noise
    <dI_i dI_j> = delta_ij / n_i (Poisson); sum over m with :func:`addition_theorem_factor`.
    ``weight``, ``area``, ``counts`` are IndexedBase objects.
    """
    factor = addition_theorem_factor(2)  # any l gives the same 1/(4 pi)
    return factor * sp.Sum(weight[index] ** 2 * area[index] ** 2 / counts[index], (index, 1, npix))


def tophat_noise_power() -> sp.Expr:
    """N = 4 pi f_sky^2 / n_tot for w_i = 1 and uniform exposure  (seed 004 eq. 32).

    Eq. (31) with n_i = n_tot dOmega_i / (4 pi f_sky) and sum_i dOmega_i = 4 pi f_sky.
    """
    f_sky, n_tot, area = sp.symbols("f_sky n_tot dOmega", positive=True)
    per_pixel = area**2 / (n_tot * area / (4 * sp.pi * f_sky))     # w^2 dOmega^2 / n_i
    npix = 4 * sp.pi * f_sky / area
    return sp.simplify(addition_theorem_factor(1) * npix * per_pixel)


def filtered_tophat_noise_power(l: sp.Expr, band_diagonal: sp.Expr) -> sp.Expr:
    """Noise bias of the pseudo C~_l when the m = 0 modes are filtered (not in the seed).

    Zeroing a~_l0 drops |Y_l0(n_i)|^2 from the addition-theorem sum: for the uniform top hat,
    N_l = (4 pi f_sky / n_tot) (f_sky - I^0_ll / (2l + 1)) with I^0_ll = int_band |Y_l0|^2.
    """
    f_sky, n_tot = sp.symbols("f_sky n_tot", positive=True)
    per_area = 4 * sp.pi * f_sky / n_tot          # dOmega_i^2 / n_i per unit dOmega_i
    return sp.simplify(tophat_noise_power() - per_area * band_diagonal / (2 * l + 1))
