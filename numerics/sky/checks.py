"""Verify seed 004, Sec. 2 (eqs. 1-32), Sec. 3.2 (eqs. 57-62), Appendix A (A.1-A.2) and the numbers
quoted there.  Claims are the OCR'd text as we read it; each check derives the result (sympy)
and confirms it with a different numerical method."""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from cranisotropy.derivations.sky import compton_getting as cg_derivation
from cranisotropy.derivations.sky import observation as d
from cranisotropy.derivations.sky import coupling as sky_coupling
from cranisotropy.numerics.sky import analysis as sky
from cranisotropy.numerics.sky import compton_getting as cgn
from cranisotropy.numerics.sky import monte_carlo as sky_mc
from cranisotropy.core.registry import differs, failed, register_equation, register_out_of_scope, reproduced

SEED = "004"
DEG = math.pi / 180
HAWC = sky.Band(-26.0, 64.0)                 # Sec. 2: latitude 19 N, zenith cut 45 deg
ICECUBE = sky.Band(-90.0, -25.0)             # South Pole, zenith cut 65 deg


def _eq(label, title, claim, derivation, numerical_check):
    return register_equation(seed=SEED, equation=label, title=title, claim=claim,
                             derivation=derivation, numerical_check=numerical_check)


def _same(a, b) -> bool:
    diff = sp.simplify(sp.expand(a - b))
    if isinstance(diff, sp.MatrixBase):
        return all(sp.simplify(entry) == 0 for entry in diff)
    return diff == 0


def _close(value, target, rel) -> bool:
    return abs(value - target) <= rel * abs(target)


def _round_to(value: float, digits: int) -> float:
    return float(f"{value:.{digits - 1}e}")


for _label, _reason in [
    ("1", "definition of the relative intensity I = phi/phi_iso = 1 + dI"),
    ("8", "model of the expected event counts; used as such in the check of eqs. 10-12"),
    ("9", "factorisation ansatz E(t, n') = E(t) A(n') (an assumption, nothing to derive)"),
    ("13", "normalisation convention; its harmonic form a_l0 = 0 is checked as eq. 16"),
    ("17", "definition of the dipole vector; its components are checked as eq. 18"),
    ("19", "definition of dipole amplitude and phase"),
    ("20", "event-count integrals of the East-West method; evaluated in the checks of eqs. 22-23"),
    ("21", "event-count integrals of the East-West method; evaluated in the checks of eqs. 22-23"),
    ("24", "definition of the right-ascension projection; evaluated in the check of eq. 25"),
    ("29", "definition of the angular power spectrum"),
]:
    register_out_of_scope(SEED, _label, _reason)


# =========================================================================== geometry (eqs. 2, 5-7)

@_eq("2", "equatorial unit vector", "n(alpha, delta) = (cos a cos d, sin a cos d, sin d)",
     "cranisotropy.derivations.sky.observation.equatorial_unit_vector",
     "healpy.ang2vec(pi/2 - delta, alpha) at random directions")
def _eq2():
    import healpy as hp

    rng = np.random.default_rng(2)
    ra, dec = rng.uniform(0, 2 * np.pi, 50), rng.uniform(-np.pi / 2, np.pi / 2, 50)
    claim = sp.Matrix([sp.cos(d.alpha) * sp.cos(d.delta), sp.sin(d.alpha) * sp.cos(d.delta), sp.sin(d.delta)])
    fn = sp.lambdify((d.alpha, d.delta), list(d.equatorial_unit_vector()), "numpy")
    err = float(np.abs(np.array(fn(ra, dec)) - hp.ang2vec(np.pi / 2 - dec, ra).T).max())
    if not (_same(claim, d.equatorial_unit_vector()) and err < 1e-14):
        return failed("eq. 2 and healpy disagree", max_abs_error=err)
    return reproduced("n(alpha, delta) equals healpy's ang2vec(pi/2 - delta, alpha)", max_abs_error=err)


def _horizontal_coordinates(ra, dec, sidereal_angle, lat):
    """Zenith angle and azimuth (from North through East) by the textbook hour-angle formulas."""
    hour = sidereal_angle - ra
    cos_z = np.sin(dec) * np.sin(lat) + np.cos(dec) * np.cos(lat) * np.cos(hour)
    east = -np.cos(dec) * np.sin(hour)
    north = np.sin(dec) * np.cos(lat) - np.cos(dec) * np.sin(lat) * np.cos(hour)
    return np.arccos(np.clip(cos_z, -1, 1)), np.arctan2(east, north)


def _rotation_check():
    rng = np.random.default_rng(7)
    ra, dec = rng.uniform(0, 2 * np.pi, 200), rng.uniform(-np.pi / 2, np.pi / 2, 200)
    tau_v, lat_v = rng.uniform(0, 2 * np.pi, 200), rng.uniform(-np.pi / 2, np.pi / 2, 200)
    rot = sp.lambdify((d.tau, d.latitude), d.local_rotation(), "numpy")
    n_eq = sp.lambdify((d.alpha, d.delta), list(d.equatorial_unit_vector()), "numpy")
    n_loc = sp.lambdify((d.azimuth, d.zenith), list(d.local_unit_vector()), "numpy")
    zen, az = _horizontal_coordinates(ra, dec, tau_v, lat_v)
    expected = np.array(n_loc(az, zen))
    got = np.array([np.asarray(rot(t_, p_), dtype=float) @ np.array(n_eq(a_, e_))
                    for t_, p_, a_, e_ in zip(tau_v, lat_v, ra, dec)]).T
    return float(np.abs(got - expected).max())


@_eq("5", "local unit vector", "n'(phi, theta) = (cos phi sin theta, -sin phi sin theta, cos theta), "
     "phi from North increasing to the East",
     "cranisotropy.derivations.sky.observation.local_unit_vector",
     "zenith angle and azimuth of random stars from the textbook hour-angle formulas")
def _eq5():
    claim = sp.Matrix([sp.cos(d.azimuth) * sp.sin(d.zenith), -sp.sin(d.azimuth) * sp.sin(d.zenith), sp.cos(d.zenith)])
    err = _rotation_check()
    if not (_same(claim, d.local_unit_vector()) and err < 1e-12):
        return failed("local frame inconsistent with the hour-angle formulas", max_abs_error=err)
    return reproduced("with R of eq. 7, n' reproduces zenith angle and azimuth (N through E) of random "
                      "stars from the hour-angle formulas", max_abs_error=err)


TROPICAL_YEAR_DAYS = 365.24219


def _sidereal_day_seconds() -> float:
    """2 pi / omega of eq. 6 with omega_solar = 2 pi / 86400 s and the tropical year."""
    omega = d.sidereal_frequency().subs({d.omega_solar: 2 * sp.pi / 86400,
                                         d.omega_orbit: 2 * sp.pi / (TROPICAL_YEAR_DAYS * 86400)})
    return float(2 * sp.pi / omega)


@_eq("6", "sidereal frequency", "omega = omega_solar + omega_orbit, omega_solar = 2pi/24h, omega_orbit = 2pi/1yr",
     "cranisotropy.derivations.sky.observation.sidereal_frequency",
     "sidereal day from the solar day and the tropical year vs the IAU mean sidereal day 86164.0905 s")
def _eq6():
    value = _sidereal_day_seconds()
    if not (_same(d.sidereal_frequency(), d.omega_solar + d.omega_orbit) and abs(value - 86164.0905) < 0.01):
        return failed("sidereal day wrong", sidereal_day_s=value)
    return reproduced("2pi/omega = 86164.09 s, the IAU mean sidereal day", sidereal_day_s=value,
                      iau_s=86164.0905)


@_eq("num:sidereal_day", "sidereal day ~4 min shorter; Sun moves ~1 deg per day",
     "one sidereal day is about four minutes shorter than the mean solar day; the Sun progresses by "
     "about one degree in right ascension per sidereal day",
     "cranisotropy.derivations.sky.observation.sidereal_frequency", "evaluated with the tropical year")
def _num_sidereal_day():
    day = _sidereal_day_seconds()
    shift = 360 / TROPICAL_YEAR_DAYS * day / 86400
    ok = round((86400 - day) / 60) == 4 and round(shift) == 1
    return (reproduced if ok else failed)(f"{(86400 - day) / 60:.2f} min shorter; {shift:.3f} deg per sidereal day",
                                          minutes=(86400 - day) / 60, degrees=shift)


@_eq("7", "local-to-equatorial rotation", "R(t) = [[-cos wt sin Phi, -sin wt sin Phi, cos Phi], "
     "[sin wt, -cos wt, 0], [cos wt cos Phi, sin wt cos Phi, sin Phi]], n' = R n",
     "cranisotropy.derivations.sky.observation.local_rotation (rows: North = dn/ddelta, West = Up x North, Up = n(wt, Phi))",
     "textbook hour-angle formulas for zenith angle and azimuth of random stars")
def _eq7():
    c, s_ = sp.cos(d.tau), sp.sin(d.tau)
    cp, sp_ = sp.cos(d.latitude), sp.sin(d.latitude)
    claim = sp.Matrix([[-c * sp_, -s_ * sp_, cp], [s_, -c, 0], [c * cp, s_ * cp, sp_]])
    rot = d.local_rotation()
    err = _rotation_check()
    orthogonal = _same(rot * rot.T, sp.eye(3)) and sp.simplify(rot.det()) == 1
    if not (_same(claim, rot) and orthogonal and err < 1e-12):
        return failed("rotation differs", max_abs_error=err)
    return reproduced("derived R equals the printed matrix, is a proper rotation, and maps stars to the "
                      "zenith angle/azimuth of the hour-angle formulas", max_abs_error=err)


# =========================================================================== reconstruction (eqs. 3-4, 10-12)

@_eq("3", "on/off relative-intensity estimator", "I ~ N_on / (alpha N_off), alpha = E_on/E_off",
     "cranisotropy.derivations.sky.observation.on_off_intensity_estimator",
     "Poisson Monte Carlo of on/off counts: mean of the estimator vs the injected I")
def _eq3():
    n_on, n_off, ratio = sp.symbols("N_on N_off alpha", positive=True)
    rng = np.random.default_rng(3)
    intensity, a_, mu_off = 1.002, 0.1, 1e8
    on = rng.poisson(a_ * intensity * mu_off, 20000)
    off = rng.poisson(mu_off, 20000)
    fn = sp.lambdify((n_on, n_off, ratio), d.on_off_intensity_estimator())
    est = fn(on.astype(float), off.astype(float), a_)
    pull = (est.mean() - intensity) / (est.std() / math.sqrt(est.size))
    if not (_same(d.on_off_intensity_estimator(), n_on / (ratio * n_off)) and abs(pull) < 4):
        return failed("estimator biased", pull=pull)
    return reproduced("mean of N_on/(alpha N_off) over 2e4 Poisson draws equals the injected I",
                      injected=intensity, mean=float(est.mean()), pull=float(pull))


@_eq("4", "significance for small anisotropy", "S ~ sqrt(N_on/(1 + alpha)) dI (OCR illegible; read with "
     "the alpha << 1 sensitivity 1/sqrt(N_on) that follows it)",
     "cranisotropy.derivations.sky.observation.small_anisotropy_significance (leading term of Li & Ma 1983 eq. 17)",
     "Poisson Monte Carlo: mean excess over the null scatter of the estimated dI")
def _eq4():
    n_on, ratio, x = sp.Symbol("N_on", positive=True), sp.Symbol("alpha", positive=True), sp.Symbol("dI", real=True)
    derived = d.small_anisotropy_significance()
    rng = np.random.default_rng(4)
    mu_on, a_, dI = 1e6, 0.25, 3e-3
    null = rng.poisson(mu_on, 40000) / (a_ * rng.poisson(mu_on / a_, 40000)) - 1
    signal = rng.poisson(mu_on * (1 + dI), 40000) / (a_ * rng.poisson(mu_on / a_, 40000)) - 1
    mc = signal.mean() / null.std()
    formula = float(derived.subs({n_on: mu_on, ratio: a_, x: dI}))
    err = 4 * math.sqrt(1 / 40000) * (1 + abs(formula))
    if not (_same(derived, sp.sqrt(n_on / (1 + ratio)) * x) and abs(mc - formula) < err):
        return failed("significance mismatch", monte_carlo=mc, formula=formula)
    return reproduced("leading term of Li-Ma eq. 17; Poisson MC significance agrees",
                      monte_carlo=float(mc), formula=formula)


@_eq("num:hawc_sensitivity", "HAWC on-source events and 1-sigma sensitivity",
     "N_on ~ 5.6 x 10^8 (exponent lost in the OCR) for 10 deg half-width smoothing, hence dI_1sigma ~ 4e-5 "
     "for alpha << 1",
     "eq. 4 at alpha -> 0; N_on = n_tot * (disc solid angle) / (4 pi f_sky)",
     "4.9e10 events over the HAWC band -26..64 deg and a 10 deg disc")
def _num_hawc_sensitivity():
    disc = 2 * math.pi * (1 - math.cos(10 * DEG))
    n_on = 4.9e10 * disc / (4 * math.pi * HAWC.f_sky)
    sensitivity = 1 / float(d.small_anisotropy_significance().subs(
        {sp.Symbol("N_on", positive=True): n_on, sp.Symbol("alpha", positive=True): 0, sp.Symbol("dI", real=True): 1}))
    ok = _round_to(n_on, 2) == 5.6e8 and _round_to(sensitivity, 1) == 4e-5
    return (reproduced if ok else failed)("N_on from the event count and the band; 1/sqrt(N_on)",
                                          n_on=n_on, sensitivity=sensitivity)


def _band_check(label, latitude, zenith, text_range):
    band = sky.Band.from_zenith_cut(latitude, zenith)
    derived = (round(band.dec_min, 6), round(band.dec_max, 6))
    ok = all(abs(a - b) < 1e-6 for a, b in zip(derived, text_range))
    return band, derived, ok


@_eq("num:fov_hawc", "HAWC field of view", "latitude 19 N, zenith cut 45 deg: -26 < delta < 64 deg; "
     "Fig. 5 (zenith cut 60 deg): -41 < delta < 79 deg",
     "cranisotropy.derivations.sky.observation.field_of_view_band: delta_1,2 = Phi -/+ theta_max",
     "declination of the zenith-cut circle by rotating local directions with R (eq. 7)")
def _num_fov_hawc():
    out = {}
    for zen, text in ((45, (-26.0, 64.0)), (60, (-41.0, 79.0))):
        band, derived, ok = _band_check("hawc", 19.0, zen, text)
        if not ok or not _fov_by_rotation(19.0, zen, band):
            return failed(f"zenith cut {zen}: derived {derived}, text {text}")
        out[f"zenith_{zen}"] = list(derived)
    return reproduced("both declination ranges follow from delta = 19 -/+ theta_max", **out)


def _fov_by_rotation(latitude, zenith_max, band):
    """Rotate the local cap theta <= theta_max to the sky (eq. 7) and read off its declination range."""
    rot = sp.lambdify((d.tau, d.latitude), d.local_rotation(), "numpy")
    az, zen = np.meshgrid(np.linspace(0, 2 * np.pi, 721), np.linspace(0, zenith_max * DEG, 61))
    local = np.array([np.cos(az) * np.sin(zen), -np.sin(az) * np.sin(zen), np.cos(zen)]).reshape(3, -1)
    eq = np.asarray(rot(0.3, latitude * DEG), dtype=float).T @ local
    dec = np.degrees(np.arcsin(np.clip(eq[2], -1, 1)))
    return abs(dec.min() - band.dec_min) < 1e-3 and abs(min(dec.max(), 90) - band.dec_max) < 1e-3


@_eq("num:fov_icecube", "IceCube field of view", "South Pole, zenith cut 65 deg: delta < -25 deg "
     "(Fig. 3 caption prints 'delta < 25 deg' and 'delta < 35 deg' for IceTop: minus signs lost in the OCR)",
     "cranisotropy.derivations.sky.observation.field_of_view_band", "rotation of the zenith-cut circle (eq. 7)")
def _num_fov_icecube():
    band, derived, ok = _band_check("icecube", -90.0, 65.0, (-90.0, -25.0))
    icetop, _, ok_top = _band_check("icetop", -90.0, 55.0, (-90.0, -35.0))
    if not (ok and ok_top and _fov_by_rotation(-90.0, 65.0, band)):
        return failed(f"derived {derived}")
    return reproduced("delta < -25 deg (IceCube, 65 deg) and delta < -35 deg (IceTop, 55 deg)",
                      icecube=list(derived), icetop=[icetop.dec_min, icetop.dec_max])


@_eq("num:fov_tibet", "Tibet AS-gamma field of view", "latitude 30 N, zenith cut 45 deg: -10 < delta < 70 deg",
     "cranisotropy.derivations.sky.observation.field_of_view_band: delta_1,2 = Phi -/+ theta_max",
     "rotation of the zenith-cut circle (eq. 7)")
def _num_fov_tibet():
    band, derived, ok = _band_check("tibet", 30.0, 45.0, (-10.0, 70.0))
    if ok:
        return reproduced("matches", derived=list(derived))
    if not _fov_by_rotation(30.0, 45.0, band):
        return failed("derived band inconsistent with the rotation")
    return differs("the text's own rule delta_1,2 = Phi -/+ theta_max with Phi = 30 deg and theta_max = 45 deg "
                   "(Table 1) gives -15 < delta < 75 deg; -10..70 would need theta_max = 40 deg",
                   derived="-15 deg < delta < 75 deg", derived_range=list(derived), text_range=[-10, 70])


@_eq("10", "reconstruction degeneracy: intensity", "I -> I~ = I / a(delta) / b",
     "cranisotropy.derivations.sky.observation.rescaled_reconstruction; sin(delta) of a local direction is "
     "time-independent (sin_declination_of_local_direction)",
     "discrete detector (HAWC latitude): expected counts of eq. 8 unchanged under random a(delta), b, c")
def _eq10():
    return _degeneracy_check()


@_eq("11", "reconstruction degeneracy: exposure", "E -> E~ = E b c",
     "cranisotropy.derivations.sky.observation.rescaled_reconstruction", "as eq. 10")
def _eq11():
    return _degeneracy_check()


@_eq("12", "reconstruction degeneracy: acceptance", "A -> A~ = A a(delta) / c",
     "cranisotropy.derivations.sky.observation.rescaled_reconstruction", "as eq. 10")
def _eq12():
    return _degeneracy_check()


def _degeneracy_check():
    a_, b_, c_ = sp.symbols("a b c", positive=True)
    f_i, f_e, f_a = d.rescaled_reconstruction(a_, b_, c_)
    symbolic = sp.simplify(f_i * f_e * f_a) == 1 and d.tau not in d.sin_declination_of_local_direction().free_symbols
    # numerical: local grid, sidereal times, a dipole+quadrupole sky, random a(delta)
    rng = np.random.default_rng(10)
    rot = sp.lambdify((d.tau, d.latitude), d.local_rotation(), "numpy")
    az, zen = np.meshgrid(np.linspace(0, 2 * np.pi, 24, endpoint=False), np.linspace(0.05, 0.8, 8))
    local = np.array([np.cos(az) * np.sin(zen), -np.sin(az) * np.sin(zen), np.cos(zen)]).reshape(3, -1)
    acceptance = rng.uniform(0.5, 1.5, local.shape[1])
    times = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    exposure = rng.uniform(0.8, 1.2, times.size)
    dipole = np.array([3e-3, -2e-3, 5e-3])
    rescale_dec = lambda n: 1 + 0.3 * n[2] - 0.2 * n[2] ** 2  # noqa: E731  a(delta): any positive function
    rescale_ra = lambda n: 1 + 0.3 * n[0]                      # noqa: E731  an RA-dependent 'a', for contrast
    b, c = 1.7, 0.6
    seen_at_start = np.asarray(rot(0.0, 19 * DEG), dtype=float).T @ local
    # the rescaled acceptance is a function of the local direction only: fixed once, at t = 0
    acceptance_dec = acceptance * rescale_dec(seen_at_start) / c
    acceptance_ra = acceptance * rescale_ra(seen_at_start) / c
    counts, counts_dec, counts_ra = [], [], []
    for t_, e_ in zip(times, exposure):
        n_eq = np.asarray(rot(t_, 19 * DEG), dtype=float).T @ local      # sky seen by each local pixel
        intensity = 1 + dipole @ n_eq + 1e-3 * (3 * n_eq[2] ** 2 - 1)
        counts.append(e_ * acceptance * intensity)
        counts_dec.append(e_ * b * c * acceptance_dec * intensity / rescale_dec(n_eq) / b)
        counts_ra.append(e_ * b * c * acceptance_ra * intensity / rescale_ra(n_eq) / b)
    counts, counts_dec, counts_ra = map(np.array, (counts, counts_dec, counts_ra))
    err = float(np.abs(counts_dec / counts - 1).max())
    ra_residual = float(np.abs(counts_ra / counts - 1).max())
    if not (symbolic and err < 1e-13 and ra_residual > 1e-2):
        return failed("degeneracy check failed", max_rel_change=err, ra_residual=ra_residual)
    return reproduced("(I, E, A) -> (I/(a b), E b c, A a/c) leaves mu(t, n') unchanged because a fixed local "
                      "direction keeps its declination; an RA-dependent factor would be visible",
                      max_rel_change=err, ra_dependent_residual=ra_residual)


# =========================================================================== harmonic analysis (eqs. 14-16, 18)

def _gauss_sphere(nodes: int):
    x, w = np.polynomial.legendre.leggauss(nodes)
    phi = np.linspace(0, 2 * np.pi, 2 * nodes, endpoint=False)
    theta = np.arccos(x)
    return theta, phi, w * (2 * np.pi / phi.size)


def _alm_by_quadrature(func, lmax, nodes=40):
    """a_lm = int dOmega conj(Y_lm) f for all |m| <= l by Gauss-Legendre x trapezoid, scipy Y_lm."""
    from scipy.special import sph_harm_y

    theta, phi, w = _gauss_sphere(nodes)
    T, P = np.meshgrid(theta, phi, indexing="ij")
    values = func(T, P)
    return {(l, m): complex(np.sum(w[:, None] * values * np.conj(sph_harm_y(l, m, T, P))))
            for l in range(lmax + 1) for m in range(-l, l + 1)}


@_eq("14", "harmonic expansion and reality", "I = 1 + sum_{l>=1} sum_m a_lm Y_lm(pi/2 - delta, alpha), "
     "a*_lm = (-1)^m a_l,-m for real I",
     "cranisotropy.derivations.sky.observation.reality_residual (conj Y_lm = (-1)^m Y_l,-m, l <= 4)",
     "a_lm of a real test function by Gauss-Legendre quadrature with scipy's Y_lm")
def _eq14():
    symbolic = all(d.reality_residual(l, m) == 0 for l in range(5) for m in range(-l, l + 1))
    alm = _alm_by_quadrature(lambda t, p: np.exp(np.sin(t) * np.cos(p - 0.4)) * (1 + 0.3 * np.cos(t)), 6)
    err = max(abs(np.conj(alm[(l, m)]) - (-1) ** m * alm[(l, -m)]) for l, m in alm)
    if not (symbolic and err < 1e-13):
        return failed("reality condition violated", max_abs_error=err)
    return reproduced("conj(Y_lm) = (-1)^m Y_l,-m symbolically; quadrature a_lm of a real map obey it",
                      max_abs_error=float(err))


@_eq("15", "multipoles by orthogonality", "a_lm = int dOmega Y*_lm(pi/2 - delta, alpha) dI(alpha, delta)",
     "sympy: int conj(Y_lm) Y_l'm' dOmega = delta_ll' delta_mm' (l <= 2, cranisotropy.derivations.sky.observation)",
     "Gauss-Legendre quadrature recovers the coefficients of a band-limited map built from random a_lm")
def _eq15():
    pairs = [(l, m) for l in range(3) for m in range(-l, l + 1)]
    symbolic = all(
        sp.simplify(d.sphere_integral(sp.conjugate(d.spherical_harmonic(*a)) * d.spherical_harmonic(*b)))
        == (1 if a == b else 0) for a in pairs for b in pairs if a[1] == b[1])
    from scipy.special import sph_harm_y

    rng = np.random.default_rng(15)
    lmax = 5
    coeff = {}
    for l in range(1, lmax + 1):
        coeff[(l, 0)] = rng.normal()
        for m in range(1, l + 1):
            coeff[(l, m)] = complex(rng.normal(), rng.normal())
            coeff[(l, -m)] = (-1) ** m * np.conj(coeff[(l, m)])

    def field(t, p):
        return sum((c * sph_harm_y(l, m, t, p) for (l, m), c in coeff.items())).real

    alm = _alm_by_quadrature(field, lmax, nodes=12)
    err = max(abs(alm.get(k, 0) - coeff.get(k, 0)) for k in alm)
    if not (symbolic and err < 1e-12):
        return failed("orthogonality failed", max_abs_error=err)
    return reproduced("Y_lm orthonormal (symbolic); eq. 15 recovers injected a_lm", max_abs_error=float(err))


@_eq("16", "ring normalisation <=> a_l0 = 0", "int d alpha dI = 2 pi sum_l a_l0 sqrt((2l+1)/4pi) P_l(sin delta) = 0 "
     "(delta_1 < delta < delta_2)",
     "cranisotropy.derivations.sky.observation.ring_integral (m != 0 integrate to zero), l <= 4",
     "HEALPix ring means of a random band-limited map vs the formula; zeroing a_l0 makes them vanish")
@sky_mc.on_one_thread
def _eq16():
    import healpy as hp

    s_ = sp.Symbol("s")
    symbolic = all(
        _same(d.ring_integral(l, m), (2 * sp.pi * sp.sqrt(sp.Rational(2 * l + 1, 4) / sp.pi)
                                       * sp.legendre(l, sp.sin(d.delta))) if m == 0 else 0)
        for l in range(5) for m in range(-l, l + 1))
    nside, lmax = 16, 8
    rng = np.random.default_rng(16)
    cl = np.r_[0.0, np.full(lmax, 1e-6)]
    alm = sky_mc.synthetic_alm(cl, int(rng.integers(2**31)), zero_m0=False)
    full = hp.alm2map(alm, nside, lmax=lmax)
    z = np.cos(hp.pix2ang(nside, np.arange(hp.nside2npix(nside)))[0])
    a_l0 = alm[: lmax + 1].real
    formula = sum(a_l0[l] * math.sqrt((2 * l + 1) / (4 * math.pi)) * sp.lambdify(s_, sp.legendre(l, s_))(z)
                  for l in range(lmax + 1))
    # rings with more than 2 lmax pixels sample every e^{i m alpha}, |m| <= lmax, without aliasing
    start, count = sky_mc.ring_slices(nside)
    resolved = np.repeat(count > 2 * lmax, count)
    err = float(np.abs(sky_mc.ring_means(full, nside) - formula)[resolved].max())
    alm_f = alm.copy()
    alm_f[: lmax + 1] = 0
    residual = float(np.abs(sky_mc.ring_means(hp.alm2map(alm_f, nside, lmax=lmax), nside))[resolved].max())
    if not (symbolic and err < 1e-12 and residual < 1e-15):
        return failed("ring averages disagree", max_abs_error=err, filtered_residual=residual)
    return reproduced("only m = 0 survives the ring integral; ring means of a HEALPix map follow the "
                      "formula and vanish once a_l0 = 0", max_abs_error=err, filtered_residual=residual)


@_eq("18", "dipole vector from a_1m", "delta = (d_0h, d_6h, d_N) = sqrt(3/4pi) (-sqrt2 Re a_11, sqrt2 Im a_11, a_10) "
     "(prefactor illegible in the OCR; the signs -Re, +Im and the a_10 entry are legible)",
     "cranisotropy.derivations.sky.observation.dipole_from_alm: d_i = (3/4pi) int n_i sum_m a_1m Y_1m",
     "a_1m of maps 1 + d.n by Gauss-Legendre quadrature with scipy's Y_lm, then eq. 18")
def _eq18():
    vector, (a10, re11, im11) = d.dipole_from_alm()
    claim = sp.sqrt(sp.Rational(3, 4) / sp.pi) * sp.Matrix([-sp.sqrt(2) * re11, sp.sqrt(2) * im11, a10])
    rng = np.random.default_rng(18)
    err = 0.0
    for _ in range(3):
        dip = rng.normal(size=3) * 1e-3
        alm = _alm_by_quadrature(lambda t, p: 1 + dip[0] * np.sin(t) * np.cos(p) + dip[1] * np.sin(t) * np.sin(p)
                                 + dip[2] * np.cos(t), 1, nodes=6)
        err = max(err, float(np.abs(sky.dipole_from_alm(alm[(1, 0)].real, alm[(1, 1)]) - dip).max()))
    if not (_same(claim, vector) and err < 1e-15):
        return failed("dipole components disagree", max_abs_error=err)
    return reproduced("derived components equal the printed form; recovered injected dipoles",
                      derived=str(list(vector)), max_abs_error=err)


# =========================================================================== dipole methods (eqs. 22-28)

def _east_west_numerical(dipole, tau_v, lat, tmax, acceptance):
    """(N_E - N_W)/(N_E + N_W) of eqs. 20-21 by 2D Gauss-Legendre quadrature, exact sky I = 1 + d.n."""
    rot = np.asarray(sp.lambdify((d.tau, d.latitude), d.local_rotation(), "numpy")(tau_v, lat), dtype=float)
    x, w = np.polynomial.legendre.leggauss(80)
    theta = 0.5 * tmax * (x + 1)
    wt = 0.5 * tmax * w
    counts = []
    for lo, hi in ((0, np.pi), (-np.pi, 0)):
        phi = lo + 0.5 * (hi - lo) * (x + 1)
        wp = 0.5 * (hi - lo) * w
        T, P = np.meshgrid(theta, phi, indexing="ij")
        local = np.array([np.cos(P) * np.sin(T), -np.sin(P) * np.sin(T), np.cos(T)])
        intensity = 1 + np.tensordot(rot @ dipole, local, axes=1)
        counts.append(np.sum(wt[:, None] * wp[None, :] * np.sin(T) * acceptance(T) * intensity))
    return (counts[0] - counts[1]) / (counts[0] + counts[1])


@_eq("22", "East-West asymmetry", "(N_E - N_W)/(N_E + N_W) ~ Delta alpha d/d alpha dI(alpha, 0)",
     "cranisotropy.derivations.sky.observation.east_west_asymmetry (first order in d; alpha = meridian)",
     "2D quadrature of eqs. 20-21 with the exact dipole sky at random sidereal times and latitudes")
def _eq22():
    ratio, derivative, step = d.east_west_asymmetry()
    symbolic = _same(ratio, step * derivative)
    rng = np.random.default_rng(22)
    step_fn = sp.lambdify(d.theta_max, step)
    deriv_fn = sp.lambdify((d.tau, *sp.symbols("d_x d_y d_z", real=True)), derivative)
    worst = 0.0
    for _ in range(4):
        dip = rng.normal(size=3) * 1e-4
        t_, lat, tmax = rng.uniform(0, 2 * np.pi), rng.uniform(-1.2, 1.2), rng.uniform(0.3, 1.2)
        num = _east_west_numerical(dip, t_, lat, tmax, lambda T: np.ones_like(T))
        pred = step_fn(tmax) * deriv_fn(t_, *dip)
        worst = max(worst, abs(num - pred) / np.linalg.norm(dip))
    if not (symbolic and worst < 1e-3):
        return failed("East-West asymmetry mismatch", max_error_over_amplitude=worst)
    return reproduced("the first-order asymmetry is Delta alpha times the RA derivative on the equator at the "
                      "meridian; exact 2D quadrature agrees to O(|d|^2)", max_error_over_amplitude=worst)


@_eq("23", "East-West effective RA step", "Delta alpha = int_0^pi dphi int_0^theta_max dtheta sin theta A(theta) "
     "(sin theta sin phi) / int_0^pi dphi int_0^theta_max dtheta sin theta A(theta)",
     "cranisotropy.derivations.sky.observation.east_west_step (closed forms for A = 1 and A = cos theta)",
     "adaptive quadrature of the integrands (numerics.sky.east_west_step) and eq. 22's 2D quadrature")
def _eq23():
    tm = d.theta_max
    closed = {"1": d.east_west_step(sp.Integer(1)), "cos(theta)": d.east_west_step(sp.cos(d.zenith))}
    claim_uniform = (2 * (tm / 2 - sp.sin(2 * tm) / 4)) / (sp.pi * (1 - sp.cos(tm)))
    errs = {}
    for text, expr in closed.items():
        for deg in (30.0, 45.0, 65.0):
            errs[f"{text}@{deg:g}"] = abs(float(expr.subs(tm, deg * DEG)) - sky.east_west_step(deg, text))
    dip = np.array([1e-5, 0, 0])
    slope = _east_west_numerical(dip, np.pi / 2, 0.5, 45 * DEG, np.cos) / -1e-5
    err_2d = abs(slope - float(closed["cos(theta)"].subs(tm, 45 * DEG)))
    ok = _same(closed["1"], claim_uniform) and max(errs.values()) < 1e-12 and err_2d < 1e-4
    return (reproduced if ok else failed)(
        "A = 1: (theta_max - sin(2 theta_max)/2)/(pi (1 - cos theta_max)); A = cos theta: 4 sin(theta_max)/(3 pi)",
        closed_uniform=str(closed["1"]), closed_cos=str(closed["cos(theta)"]),
        max_quadrature_error=max(errs.values()), error_vs_2d=err_2d,
        step_45deg_uniform=float(closed["1"].subs(tm, 45 * DEG)))


@_eq("25", "right-ascension projection rescaling", "A~_1 = A_1 (delta_1 - delta_2 + c_1 s_1 - c_2 s_2) / (2 (s_1 - s_2))",
     "cranisotropy.derivations.sky.observation.ra_projection / ra_projection_factor",
     "eq. 24 evaluated as a pixel sum over a HEALPix dipole map (nside 128)")
def _eq25():
    import healpy as hp

    d1, d2 = d.delta1, d.delta2
    claim = (d1 - d2 + sp.cos(d1) * sp.sin(d1) - sp.cos(d2) * sp.sin(d2)) / (2 * (sp.sin(d1) - sp.sin(d2)))
    re_, im_ = d.ra_projection()
    dx, dy = sp.symbols("d_x d_y", real=True)
    phase_ok = _same(re_, claim * dx) and _same(im_, claim * dy)
    nside = 128
    theta, phi = hp.pix2ang(nside, np.arange(hp.nside2npix(nside)))
    dec = np.pi / 2 - theta
    dip = np.array([4e-4, 7e-4, 9e-4])
    intensity = 1 + dip @ hp.ang2vec(theta, phi).T
    results = {}
    for name, band in (("hawc", HAWC), ("icecube", ICECUBE)):
        inside = (dec >= band.dec_min * DEG) & (dec <= band.dec_max * DEG)
        # eq. 24: (1/pi) int d alpha e^{i alpha} <I>_s; the s-average as a pixel (equal-area) mean per RA
        amp = np.sum(np.exp(1j * phi[inside]) * intensity[inside]) / inside.sum() * 2
        ratio = abs(amp) / math.hypot(dip[0], dip[1])
        results[name] = (ratio, sky.ra_projection_factor(band))
    err = max(abs(a - b) for a, b in results.values())
    if not (phase_ok and err < 5e-3):
        return failed("RA projection mismatch", max_abs_error=err)
    return reproduced("derived factor equals the printed one, phase unchanged; HEALPix projection agrees "
                      "to pixel accuracy", max_abs_error=float(err),
                      factor_hawc=results["hawc"][1], factor_icecube=results["icecube"][1])


def _random_alm(lmax, seed):
    cl = np.r_[0.0, np.full(lmax, 1e-6)]
    return sky_mc.synthetic_alm(cl, seed, zero_m0=False)


@_eq("26", "pseudo multipoles from true multipoles", "a~_lm = sum_l'm' K_lm^l'm' a_l'm', K from the weight's multipoles; "
     "azimuthal weight: no mixing in m",
     "cranisotropy.derivations.sky.coupling (Gaunt/3j) and numerics.sky.coupling_blocks",
     "healpy map2alm(iter=0) of mask x map (pixel sums) vs I^m(w_pix) a for a random band-limited sky")
@sky_mc.on_one_thread
def _eq26():
    import healpy as hp

    nside, lmax, lsky = 32, 10, 12
    mask = sky_mc.band_mask(nside, HAWC)
    alm = _random_alm(lsky, 26)
    pseudo = hp.map2alm(mask * hp.alm2map(alm, nside, lmax=lsky), lmax=lmax, iter=0)
    blocks = sky.coupling_blocks(weight_multipoles=sky_mc.mask_weight_multipoles(mask, lmax + lsky),
                                 lmax=lmax, lpmax=lsky)
    err = 0.0
    for m in range(lmax + 1):
        true_m = np.array([alm[hp.Alm.getidx(lsky, l, m)] if l >= m else 0 for l in range(lsky + 1)])
        pred = blocks[m] @ true_m
        got = np.array([pseudo[hp.Alm.getidx(lmax, l, m)] if l >= m else 0 for l in range(lmax + 1)])
        err = max(err, float(np.abs(got - pred).max()))
    scale = float(np.abs(pseudo).max())
    if not err < 1e-10 * scale:
        return failed("pseudo multipoles disagree", max_abs_error=err, scale=scale)
    return reproduced("pixel-space pseudo multipoles equal K a with K from the mask's multipoles (m-diagonal)",
                      max_rel_error=err / scale)


@_eq("27", "dipole transition element of a uniform band", "K^11_11 = K^1-1_1-1 = (1/4)(3(s_2 - s_1) + s_1^3 - s_2^3), "
     "K^11_1-1 = K^1-1_11 = 0",
     "cranisotropy.derivations.sky.observation.dipole_transition_element (int_band |Y_11|^2)",
     "Gauss-Legendre coupling blocks and the exact Wigner-3j sum (A.1)")
def _eq27():
    s1, s2 = d.s1, d.s2
    claim = (3 * (s2 - s1) + s1**3 - s2**3) / 4
    derived = d.dipole_transition_element()
    minus = d.band_coupling_element(1, 1, -1)
    cross = d.sphere_integral(sp.conjugate(d.spherical_harmonic(1, 1)) * d.spherical_harmonic(1, -1), s1, s2)
    vals = {}
    for name, band in (("hawc", HAWC), ("icecube", ICECUBE)):
        vals[name] = (sky.dipole_transition_element(band), sky.coupling_blocks(band, 1)[1, 1, 1])
    err = max(abs(a - b) for a, b in vals.values())
    ok = _same(claim, derived) and _same(minus, derived) and cross == 0 and err < 1e-14
    return (reproduced if ok else failed)("derived K11 equals the printed form; m = -1 equal, no m mixing",
                                          k11_hawc=vals["hawc"][0], k11_icecube=vals["icecube"][0], max_abs_error=err)


@_eq("28", "dipole reconstruction from the pseudo a~_11", "(d_0h, d_6h) = sqrt(3/2pi) (-Re a~_11, Im a~_11) / K^11_11 "
     "(OCR: '3 (-R(a11) S(a11)) / (2pi K'): prefactor read as sqrt(3/2pi))",
     "cranisotropy.derivations.sky.observation.dipole_from_pseudo_alm (eq. 18 with a~_11 = K11 a_11)",
     "HEALPix skies 1 + d.n observed in the HAWC band, pseudo a~_11 by map2alm, reconstructed")
def _eq28():
    vector, (re_p, im_p, k11) = d.dipole_from_pseudo_alm()
    claim = sp.sqrt(3 / (2 * sp.pi)) * sp.Matrix([-re_p, im_p]) / k11
    dip = np.array([3e-4, -5e-4, 8e-4])
    exact = sky_mc.reconstruct_dipoles(dip, HAWC, 32, 1, m0="none")
    ring = sky_mc.reconstruct_dipoles(dip, HAWC, 32, 1)
    err_exact = float(np.abs(exact["pixel"][0] - dip[:2]).max() / np.abs(dip).max())
    err_ring = float(np.abs(ring["pixel"][0] - dip[:2]).max() / np.abs(dip).max())
    err_band = float(np.abs(exact["band"][0] - dip[:2]).max() / np.abs(dip).max())
    ok = _same(claim, vector) and err_exact < 1e-10 and err_ring < 5 * np.abs(dip).max() and err_band < 0.01
    return (reproduced if ok else failed)(
        "injected dipoles are recovered (d_N unobservable): exactly with K11 of the pixelised band, to "
        "O(pixel) with eq. 27's K11, to O(|d|) after the nonlinear ring normalisation",
        rel_error_pixel_k11=err_exact, rel_error_band_k11=err_band, rel_error_ring_normalised=err_ring)


# =========================================================================== power spectrum and noise (eqs. 30-32)

@_eq("30", "ensemble pseudo power spectrum", "<C~_l> = sum_l' M_ll' <C_l'> + N_l",
     "cranisotropy.derivations.sky.coupling.transfer_matrix (Gaussian isotropic sky, m = 0 removed)",
     "Monte Carlo: healpy synalm skies, ring normalisation (eq. 13), HAWC mask, map2alm; 300 realisations")
def _eq30():
    nside, lmax, n = 16, 10, 300
    cl = np.r_[0.0, 1e-6 / np.arange(1, lmax + 3)]
    run = sky_mc.simulate_pseudo_spectra(cl, HAWC, nside, lmax, n, seed=30)
    pred = sky_mc.predicted_pseudo_spectrum(cl, HAWC, nside, lmax)
    c = sky_mc.compare(run, pred["pixel"])
    ok = c["max_abs_z"] < 4.5 and c["chi2_per_dof"] < 2.5
    return (reproduced if ok else failed)("MC mean of the pseudo C~_l equals M C within statistical errors",
                                          max_abs_z=c["max_abs_z"], chi2_per_dof=c["chi2_per_dof"],
                                          realisations=n)


@_eq("31", "shot-noise power of a weighted map", "N = (1/4pi) sum_i w_i^2 dOmega_i^2 / n_i",
     "cranisotropy.derivations.sky.observation.pixel_noise_power (addition theorem, independent Poisson pixels)",
     "Poisson event maps (no signal, weight w = 1 + 0.5 sin(delta) in the HAWC band), mean pseudo C~_l over l and 200 maps")
@sky_mc.on_one_thread
def _eq31():
    import healpy as hp

    nside, lmax, n = 16, 16, 200
    npix = hp.nside2npix(nside)
    mask = sky_mc.band_mask(nside, HAWC)
    z = np.cos(hp.pix2ang(nside, np.arange(npix))[0])
    weight = mask * (1 + 0.5 * z)
    mu = np.where(mask > 0, 2000.0 * (1 + 0.3 * z**2), 0)
    rng = np.random.default_rng(31)
    spectra = []
    for _ in range(n):
        counts = rng.poisson(mu)
        rel = np.where(mask > 0, counts / np.where(mu > 0, mu, 1) - 1, 0)
        spectra.append(hp.alm2cl(hp.map2alm(weight * rel, lmax=lmax, iter=0))[1:].mean())
    mc, err = float(np.mean(spectra)), float(np.std(spectra) / math.sqrt(n))
    area = np.full(npix, 4 * math.pi / npix)
    formula = sky.pixel_noise_power(weight, area, mu)
    i = sp.Idx("i")
    w_, a_, n_ = sp.IndexedBase("w"), sp.IndexedBase("dOmega"), sp.IndexedBase("n")
    npix_sym = sp.Symbol("N_pix", integer=True, positive=True)
    claim = sp.Sum(w_[i] ** 2 * a_[i] ** 2 / n_[i], (i, 1, npix_sym)) / (4 * sp.pi)
    ok = _same(claim, d.pixel_noise_power(w_, a_, n_, i, npix_sym)) and abs(mc - formula) < 4 * err
    return (reproduced if ok else failed)("mean pseudo C~_l of Poisson noise maps equals the pixel sum",
                                          monte_carlo=mc, formula=formula, pull=(mc - formula) / err)


@_eq("32", "top-hat noise level", "N ~ 4 pi f_sky^2 / n_tot",
     "cranisotropy.derivations.sky.observation.tophat_noise_power (eq. 31, w = 1, uniform exposure)",
     "pixel sum of eq. 31 for a uniform-exposure HEALPix band")
def _eq32():
    f_sky, n_tot = sp.symbols("f_sky n_tot", positive=True)
    mask = sky_mc.band_mask(64, HAWC)
    area = 4 * math.pi / mask.size
    counts = 1e10 * mask / mask.sum()
    pixel = sky.pixel_noise_power(mask, np.full(mask.size, area), counts)
    formula = sky.tophat_noise_power(mask.mean(), 1e10)
    ok = _same(d.tophat_noise_power(), 4 * sp.pi * f_sky**2 / n_tot) and _close(pixel, formula, 1e-12)
    return (reproduced if ok else failed)("the pixel sum equals 4 pi f_sky^2/n_tot", pixel_sum=pixel, formula=formula)


def _noise_number(events, band, text_value, digits):
    value = sky.tophat_noise_power(round(band.f_sky, 2), events)
    return value, _round_to(value, digits) == text_value


@_eq("num:noise_icecube", "IceCube noise level", "n_tot ~ 3.2e11, f_sky ~ 0.29: N ~ 3e-12",
     "eq. 32", "f_sky of the band delta < -25 deg from the derivation")
def _num_noise_icecube():
    value, ok = _noise_number(3.2e11, ICECUBE, 3e-12, 1)
    ok = ok and round(ICECUBE.f_sky, 2) == 0.29
    return (reproduced if ok else failed)(f"N = {value:.3g}; f_sky = {ICECUBE.f_sky:.4f}", noise=value, f_sky=ICECUBE.f_sky)


@_eq("num:noise_hawc", "HAWC noise level", "n_tot ~ 4.9e10, f_sky ~ 0.67: N ~ 1e-10",
     "eq. 32", "f_sky of the band -26 < delta < 64 deg from the derivation")
def _num_noise_hawc():
    value, ok = _noise_number(4.9e10, HAWC, 1e-10, 1)
    ok = ok and round(HAWC.f_sky, 2) == 0.67
    return (reproduced if ok else failed)(f"N = {value:.3g}; f_sky = {HAWC.f_sky:.4f}", noise=value, f_sky=HAWC.f_sky)


# =========================================================================== Appendix A

@_eq("A.1", "coupling matrix of an azimuthal weight (Wigner 3j)",
     "K_lm^l'm' = delta_mm' I^m_ll'(w), I^m_ll' = (-1)^m sum_{k=|l-l'|}^{l+l'} w_k0 sqrt((2l+1)(2l'+1)(2k+1)/4pi) "
     "(l l' k; 0 0 0)(l l' k; m -m 0)",
     "cranisotropy.derivations.sky.coupling.coupling_element (exact); Gaunt integrals as a second exact route",
     "Gauss-Legendre quadrature of normalised associated Legendre functions (numerics.sky.coupling_blocks)")
def _eqA1():
    s_lo, s_hi = sp.Rational(-2, 5), sp.Rational(9, 10)          # a band with rational sin(delta) edges
    lmax = 6
    weight = sky_coupling.band_weight_multipoles(2 * lmax, s_lo, s_hi)
    band = sky.Band(math.degrees(math.asin(-0.4)), math.degrees(math.asin(0.9)))
    quad = sky.coupling_blocks(band, lmax)
    err, gaunt_ok = 0.0, True
    for m in range(lmax + 1):
        for l in range(m, lmax + 1):
            for lp in range(m, lmax + 1):
                exact = sky_coupling.coupling_element(l, lp, m, weight)
                if l + lp <= 5:
                    gaunt_ok &= _same(exact, sky_coupling.gaunt_coupling_element(l, lp, m, weight))
                err = max(err, abs(float(sp.N(exact, 30)) - quad[m, l, lp]))
    # the printed (l l' k; m -m 0) vs our (l l' k; -m m 0): equal because l + l' + k is even
    sign_ok = all(sky_coupling.three_j(l, lp, k, m, -m, 0) == sky_coupling.three_j(l, lp, k, -m, m, 0)
                  for l in range(4) for lp in range(4) for k in range(abs(l - lp), l + lp + 1, 2)
                  for m in range(min(l, lp) + 1))
    wig = sky.coupling_blocks_wigner(HAWC, 4)
    err_hawc = float(np.abs(wig - sky.coupling_blocks(HAWC, 4)).max())
    ok = gaunt_ok and sign_ok and err < 1e-12 and err_hawc < 1e-12
    return (reproduced if ok else failed)(
        "3j sum = Gaunt integrals (exact) = quadrature of Legendre functions", max_abs_error_rational_band=err,
        max_abs_error_hawc=err_hawc, lmax=lmax)


@_eq("A.2", "transfer matrix with m = 0 filtering",
     "M_ll' = (2l'+1)/(4pi) sum_k (2k+1) W_k (l l' k; 0 0 0)^2 - (1/(2l+1)) [I^0_ll'(w)]^2 "
     "(OCR: '2 / 20 + 1 C Uk (T3 (w)]?': first term read as the MASTER matrix, W_k the weight's power spectrum)",
     "cranisotropy.derivations.sky.coupling.transfer_matrix; equals (1/(2l+1)) sum_{m!=0} (I^m_ll')^2 "
     "(transfer_matrix_from_blocks) exactly",
     "quadrature blocks summed over m != 0; Monte Carlo skies in the check of eq. 30 and `validate sky`")
def _eqA2():
    s_lo, s_hi = sp.Rational(-2, 5), sp.Rational(9, 10)
    lmax = 5
    weight = sky_coupling.band_weight_multipoles(2 * lmax, s_lo, s_hi)
    closed = sky_coupling.transfer_matrix(lmax, weight)
    definition = sky_coupling.transfer_matrix_from_blocks(sky_coupling.coupling_blocks(lmax, weight))
    exact_ok = sp.simplify(closed - definition) == sp.zeros(lmax + 1, lmax + 1)
    band = sky.Band(math.degrees(math.asin(-0.4)), math.degrees(math.asin(0.9)))
    quad = sky.transfer_matrix(sky.coupling_blocks(band, lmax))
    err = float(np.abs(np.array(closed.evalf(30).tolist(), dtype=float) - quad).max())
    hawc = float(np.abs(sky.transfer_matrix_wigner(HAWC, 4) - sky.transfer_matrix(sky.coupling_blocks(HAWC, 4))).max())
    ok = exact_ok and err < 1e-12 and hawc < 1e-12
    return (reproduced if ok else failed)("closed form (MASTER minus the m = 0 projection) = definition "
                                          "(exact) = quadrature", max_abs_error=err, max_abs_error_hawc=hawc)


# =========================================================================== Compton-Getting (eqs. 57-62)

p_sym, b_sym, mu_sym, g_sym = cg_derivation.p, cg_derivation.beta, cg_derivation.mu, cg_derivation.gamma_index


@_eq("57", "plasma-frame momentum to first order", "p* = p + p beta + O(beta^2)",
     "cranisotropy.derivations.sky.compton_getting.first_order_momentum (series of the exact boost)",
     "exact Lorentz boost of a massless momentum at beta = 1e-4, 1e-3: residual O(beta^2)")
def _eq57():
    derived = cg_derivation.first_order_momentum()
    claim = p_sym * sp.Matrix([sp.sqrt(1 - mu_sym**2), 0, mu_sym]) + p_sym * b_sym * sp.Matrix([0, 0, 1])
    exact = sp.lambdify((mu_sym, sp.Symbol("b")), list(cg_derivation.boosted_momentum(
        sp.Matrix([sp.sqrt(1 - mu_sym**2), 0, mu_sym]), sp.Matrix([0, 0, sp.Symbol("b")]))))
    first = sp.lambdify((mu_sym, b_sym), list(derived.subs(p_sym, 1)))
    res = [max(abs(a - b_) for a, b_ in zip(exact(0.3, beta), first(0.3, beta))) for beta in (1e-4, 1e-3)]
    ok = _same(derived, claim) and res[1] / res[0] > 50      # quadratic: x100 for x10 in beta
    return (reproduced if ok else failed)("first order of the exact boost; residual scales as beta^2",
                                          residual_1e4=res[0], residual_1e3=res[1])


@_eq("58", "first-order phase-space density", "f(p) ~ f*(p) + (p* - p) . grad_p f*(p) + O(beta^2)",
     "cranisotropy.derivations.sky.compton_getting.phase_space_first_order (expansion of f*(p*(p)))",
     "exact f*(|p*|) vs the first-order form at beta = 1e-4: residual O(beta^2)")
def _eq58():
    fstar = cg_derivation.power_law_density()
    derived = cg_derivation.phase_space_first_order(fstar)
    claim = fstar + p_sym * b_sym * mu_sym * sp.diff(fstar, p_sym)     # (p* - p).grad = p beta mu d/dp
    beta, gam, mu_v = 1e-4, 2.7, 0.37
    exact = ((1 / math.sqrt(1 - beta**2)) ** 2 * (mu_v + beta) ** 2 + 1 - mu_v**2) ** (-(2 + gam) / 2)
    approx = float(derived.subs({p_sym: 1, b_sym: beta, mu_sym: mu_v, g_sym: gam}))
    ok = _same(derived, claim) and abs(exact - approx) < 10 * beta**2 * (2 + gam) ** 2
    return (reproduced if ok else failed)("f(p) = f*(p)(1 - (2+Gamma) beta mu) for f* ~ p^(-2-Gamma)",
                                          derived=str(derived), residual=abs(exact - approx))


@_eq("59", "dipole moment in the observer frame", "Phi ~ Phi* + (1/4pi) int dOmega p^ (p beta.p^) d f*/dp "
     "(OCR garbled): the second term adds -(2+Gamma) beta phi/3",
     "cranisotropy.derivations.sky.compton_getting.dipole_moments",
     "angular Gauss-Legendre quadrature of the exactly boosted density")
def _eq59():
    phi, flux = cg_derivation.dipole_moments()
    ok_sym = _same(flux, -(2 + g_sym) * b_sym * phi / 3)
    beta, gam = 1e-4, 2.7
    numeric = cgn.boosted_dipole_numerical(beta, gam)       # = -3 Phi/phi
    predicted = float((-3 * flux / phi).subs({b_sym: beta, g_sym: gam}))
    ok = ok_sym and abs(numeric - predicted) < 1e-3 * predicted
    return (reproduced if ok else failed)("Phi_z = -(2+Gamma) beta phi/3", derived=str(flux), numeric=numeric,
                                          predicted=predicted)


@_eq("60", "Compton-Getting dipole shift", "delta ~ delta* + (2 + Gamma) beta, phi ~ p^(-2-Gamma)",
     "cranisotropy.derivations.sky.compton_getting.compton_getting_factor",
     "numerical dipole of the exactly boosted power law for beta = 1e-4, Gamma = 2.7 and 2.0")
def _eq60():
    factor = cg_derivation.compton_getting_factor()
    errs = [abs(cgn.boosted_dipole_numerical(1e-4, g) / 1e-4 - (2 + g)) for g in (2.7, 2.0)]
    ok = _same(factor, 2 + g_sym) and max(errs) < 1e-2
    return (reproduced if ok else failed)("delta - delta* = (2 + Gamma) beta", max_abs_error_of_factor=max(errs))


def _obliquity_healpy():
    import healpy as hp

    return math.acos(hp.rotator.Rotator(coord=["E", "C"]).mat[1, 1])


@_eq("61", "solar CG dipole, sidereal frame", "delta_SCG = delta_SCG (-sin(w_orb t), cos eps cos(w_orb t), "
     "sin eps cos(w_orb t)), <delta_SCG>_year = 0",
     "cranisotropy.derivations.sky.compton_getting.solar_dipole_sidereal (Earth velocity, Sun at alpha = w_orb t + pi)",
     "Earth velocity by finite differences of its position, rotated with healpy's ecliptic->equatorial rotator")
def _eq61():
    e, x = cg_derivation.epsilon, cg_derivation.omega_orbit_t
    claim = sp.Matrix([-sp.sin(x), sp.cos(e) * sp.cos(x), sp.sin(e) * sp.cos(x)])
    derived = cg_derivation.solar_dipole_sidereal()
    phase = np.linspace(0, 2 * np.pi, 37)
    fn = sp.lambdify((x, e), list(derived), "numpy")
    formula = np.array([np.broadcast_to(c, phase.shape) for c in fn(phase, _obliquity_healpy())])
    err = float(np.abs(cgn.earth_velocity_numerical(phase) - formula).max())
    average = cg_derivation.yearly_average(derived)
    ok = _same(claim, derived) and err < 1e-6 and average == sp.zeros(3, 1)
    return (reproduced if ok else failed)("printed vector and zero yearly average derived; numerical Earth "
                                          "velocity agrees", max_abs_error=err)


@_eq("62", "solar CG dipole, solar frame", "delta_sol = delta_SCG (-sin^2(eps/2) sin(2 w_orb t), cos^2(eps/2) - "
     "sin^2(eps/2) cos(2 w_orb t), sin eps cos(w_orb t)); yearly average delta_SCG (0, cos^2(eps/2), 0)",
     "cranisotropy.derivations.sky.compton_getting.solar_dipole_solar_frame (R^T(w_sol t/w) R(t), eq. 7)",
     "rotation by the orbital phase (solar time lags sidereal time) and numerical yearly average")
def _eq62():
    e, x = cg_derivation.epsilon, cg_derivation.omega_orbit_t
    h2 = sp.sin(e / 2) ** 2
    claim = sp.Matrix([-h2 * sp.sin(2 * x), sp.cos(e / 2) ** 2 - h2 * sp.cos(2 * x), sp.sin(e) * sp.cos(x)])
    derived = cg_derivation.solar_dipole_solar_frame()
    average = cg_derivation.yearly_average(derived)
    track = cgn.solar_dipole_track(2.7, 29.8, 23.4, samples=360)
    unit = cgn.compton_getting_amplitude(29.8, 2.7)
    numeric = cgn.solar_frame_numerical(track["sidereal"] / unit, track["orbital_phase"])
    err = float(np.abs(numeric - track["solar"] / unit).max())
    mean_err = float(np.abs(numeric.mean(axis=1)
                            - np.array([float(c.subs(e, 23.4 * sp.pi / 180)) for c in average])).max())
    ok = (_same(claim, derived) and _same(average, sp.Matrix([0, sp.cos(e / 2) ** 2, 0])) and err < 1e-12
          and mean_err < 1e-12)
    return (reproduced if ok else failed)("printed solar-frame vector and its yearly average derived",
                                          max_rel_error=err, yearly_mean_error=mean_err)


@_eq("num:scg_dipole", "solar CG amplitude", "v_orb ~ 29.8 km/s, eps ~ 23.4 deg, Gamma ~ 2.7: |<delta_SCG>| = 4.5e-4 "
     "pointing to t = 6h",
     "eqs. 60 and 62", "numerical yearly average of the rotated Earth velocity (finite differences, healpy)")
def _num_scg():
    res = cgn.solar_compton_getting(2.7, 29.8, 23.4)
    phase = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    numeric = cgn.solar_frame_numerical(cgn.earth_velocity_numerical(phase), phase).mean(axis=1)
    numeric *= cgn.compton_getting_amplitude(29.8, 2.7)
    ok = (_round_to(res["yearly_average_solar_frame"], 2) == 4.5e-4 and abs(res["solar_time_of_maximum_h"] - 6) < 1e-9
          and abs(np.linalg.norm(numeric) - res["yearly_average_solar_frame"]) < 1e-6)
    return (reproduced if ok else failed)(f"{res['yearly_average_solar_frame']:.4g} towards 6h",
                                          amplitude=res["amplitude"], yearly_average=res["yearly_average_solar_frame"],
                                          numeric_healpy_obliquity=float(np.linalg.norm(numeric)))


@_eq("num:cg_galactic_rotation", "CG dipole of Galactic rotation", "v ~ 220 km/s towards l ~ 270 deg, b ~ 0: "
     "projected onto the equatorial plane delta_GC ~ 2.4e-3",
     "eq. 60 with Gamma = 2.7; Galactic-to-equatorial rotation from the IAU pole (derivations.compton_getting)",
     "healpy's Galactic-to-equatorial rotator")
def _num_galactic_rotation():
    res = cgn.compton_getting_dipole(220.0, 2.7, 270.0, 0.0)
    res90 = cgn.compton_getting_dipole(220.0, 2.7, 90.0, 0.0)
    import healpy as hp

    rot_err = float(np.abs(np.array(cg_derivation.galactic_to_equatorial().evalf(20).tolist(), dtype=float)
                           - hp.rotator.Rotator(coord=["G", "C"]).mat).max())
    band = [cgn.compton_getting_dipole(v, 2.7, 270.0, 0.0)["equatorial_projection"] for v in (200.0, 240.0)]
    proj = res["equatorial_projection"]
    if rot_err > 1e-6:
        return failed("Galactic rotation matrix disagrees with healpy", max_abs_error=rot_err)
    if _round_to(proj, 2) == 2.4e-3:
        return reproduced("matches", projection=proj)
    return differs(f"(2+Gamma) v/c = {res['amplitude']:.3g}; the direction l = 270 deg, b = 0 lies at "
                   f"dec = {res['dec_deg']:.1f} deg, so the equatorial projection is {proj:.3g}, i.e. 2.3e-3, "
                   f"not 2.4e-3 (2.4e-3 needs v ~ 230 km/s, inside the quoted 220 +- 20 km/s: "
                   f"{band[0]:.3g}..{band[1]:.3g}). Also, Galactic rotation carries the Sun towards l = 90 deg, "
                   "not 270 deg (same projected amplitude, opposite phase)",
                   derived=f"{proj:.4g}", projection=proj, total=res["amplitude"], dec_deg=res["dec_deg"],
                   projection_l90=res90["equatorial_projection"], range_200_240=band, rotation_vs_healpy=rot_err)


@_eq("num:cg_lsr_ism", "CG dipoles of the solar apex and the local ISM flow",
     "v_LSR ~ 18.0 km/s towards (l, b) ~ (47.9, 23.8) deg; v_ISM ~ 23.2 km/s towards (5.25, 12.0) deg: "
     "'at the level of 1e-4'",
     "eq. 60, Gamma = 2.7", "Galactic-to-equatorial rotation (checked against healpy in num:cg_galactic_rotation)")
def _num_lsr_ism():
    lsr = cgn.compton_getting_dipole(18.0, 2.7, 47.9, 23.8)
    ism = cgn.compton_getting_dipole(23.2, 2.7, 5.25, 12.0)
    values = [lsr["amplitude"], ism["amplitude"], lsr["equatorial_projection"], ism["equatorial_projection"]]
    ok = all(1e-4 <= v < 1e-3 for v in values)
    return (reproduced if ok else failed)(f"LSR {values[0]:.2g} (projected {values[2]:.2g}), ISM {values[1]:.2g} "
                                          f"(projected {values[3]:.2g})", lsr=values[0], ism=values[1],
                                          lsr_projected=values[2], ism_projected=values[3])


@_eq("num:flow_beta", "flow speed of an old SNR", "beta ~ 3.3e-4 (v / 100 km/s)",
     "beta = v/c", "c = 299792.458 km/s")
def _num_flow_beta():
    beta = 100.0 / cgn.SPEED_OF_LIGHT_KM_S
    return (reproduced if _round_to(beta, 2) == 3.3e-4 else failed)(f"100 km/s / c = {beta:.4g}", beta=beta)
