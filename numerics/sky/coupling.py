"""Partial-sky harmonic analysis of a ground-based array: fast numerics (seed 004 Sec. 2, App. A).

The closed forms come from :mod:`cranisotropy.derivations.sky.observation` and
:mod:`cranisotropy.derivations.sky.coupling`; here they are evaluated, and the coupling matrix
is computed a second, independent way: Gauss–Legendre quadrature of normalised associated
Legendre functions (exact for the polynomial integrands of a top-hat band).

>>> band = Band(-26.0, 64.0)          # HAWC's time-integrated field of view
>>> round(band.f_sky, 4)
0.6686
>>> M = transfer_matrix(coupling_blocks(band, lmax=4))
>>> M.shape
(5, 5)
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from cranisotropy.derivations.sky import observation as sky_derivation
from cranisotropy.derivations.sky import coupling as sky_coupling

DEG = math.pi / 180.0


# --------------------------------------------------------------------------- the field of view

@functools.lru_cache(maxsize=None)
def _lambdified(name: str):
    """Numerical versions of derivation results, built once (numerics never re-type them)."""
    d = sky_derivation
    table = {
        "f_sky": lambda: ((d.s1, d.s2), d.sky_fraction()),
        "fov": lambda: ((d.latitude, d.theta_max), d.field_of_view_band()),
        "k11": lambda: ((d.s1, d.s2), d.dipole_transition_element()),
        "ra_projection": lambda: ((d.delta1, d.delta2), d.ra_projection_factor()),
        "dipole_from_pseudo": lambda: _arguments_first(d.dipole_from_pseudo_alm()),
        "dipole_from_alm": lambda: _arguments_first(d.dipole_from_alm()),
        "tophat_noise": lambda: (sp.symbols("f_sky n_tot", positive=True), d.tophat_noise_power()),
        "filtered_noise": lambda: ((sp.Symbol("l"), sp.Symbol("I0"), *sp.symbols("f_sky n_tot", positive=True)),
                                   d.filtered_tophat_noise_power(sp.Symbol("l"), sp.Symbol("I0"))),
    }
    args, expr = table[name]()
    return sp.lambdify(args, expr, modules="numpy")


def _arguments_first(vector_and_symbols):
    vector, symbols = vector_and_symbols
    return symbols, list(vector)


@dataclass(frozen=True)
class Band:
    """Declination band dec_min < delta < dec_max (degrees) with a uniform (top-hat) weight."""

    dec_min: float
    dec_max: float

    def __post_init__(self):
        for name, value in (("dec-min", self.dec_min), ("dec-max", self.dec_max)):
            if not (math.isfinite(value) and -90.0 <= value <= 90.0):
                raise ValueError(f"--{name} must be a declination in [-90, 90] degrees, got {value:g}")
        if not self.dec_min < self.dec_max:
            raise ValueError(f"--dec-min ({self.dec_min:g}) must be below --dec-max ({self.dec_max:g})")

    @classmethod
    def from_zenith_cut(cls, latitude: float, zenith_max: float) -> "Band":
        """Band seen over a sidereal day at ``latitude`` with zenith angles below ``zenith_max``."""
        if not -90.0 <= latitude <= 90.0:
            raise ValueError(f"--latitude must be in [-90, 90] degrees, got {latitude:g}")
        if not 0.0 < zenith_max <= 90.0:
            raise ValueError(f"--zenith-max must be in (0, 90] degrees, got {zenith_max:g}")
        lo, hi = _lambdified("fov")(latitude * DEG, zenith_max * DEG)
        return cls(float(lo) / DEG, float(hi) / DEG)

    @property
    def s_lower(self) -> float:
        return math.sin(self.dec_min * DEG)

    @property
    def s_upper(self) -> float:
        return math.sin(self.dec_max * DEG)

    @property
    def f_sky(self) -> float:
        return float(_lambdified("f_sky")(self.s_lower, self.s_upper))

    def as_dict(self) -> dict:
        return {"dec_min": self.dec_min, "dec_max": self.dec_max, "f_sky": self.f_sky}


# --------------------------------------------------------------------------- Legendre functions

def normalized_legendre(lmax: int, m: int, x: np.ndarray) -> np.ndarray:
    """lambda_lm(x) = Y_lm(arccos x, 0) for l = 0..lmax (rows; zero for l < m), Condon–Shortley.

    Standard stable three-term recursion in l at fixed m.
    """
    x = np.asarray(x, dtype=float)
    out = np.zeros((lmax + 1, x.size))
    if m > lmax:
        return out
    sin_theta = np.sqrt(np.clip(1.0 - x * x, 0.0, None))
    value = np.full(x.size, 1.0 / math.sqrt(4.0 * math.pi))
    for k in range(1, m + 1):
        value = -math.sqrt((2.0 * k + 1.0) / (2.0 * k)) * sin_theta * value
    out[m] = value
    if m + 1 <= lmax:
        out[m + 1] = x * math.sqrt(2.0 * m + 3.0) * value
    for l in range(m + 2, lmax + 1):
        a = math.sqrt((4.0 * l * l - 1.0) / (l * l - m * m))
        b = math.sqrt(((l - 1.0) ** 2 - m * m) / (4.0 * (l - 1.0) ** 2 - 1.0))
        out[l] = a * (x * out[l - 1] - b * out[l - 2])
    return out


# --------------------------------------------------------------------------- coupling and transfer matrices

def coupling_blocks(band: Band | None = None, lmax: int = 10, lpmax: int | None = None,
                    weight_multipoles: np.ndarray | None = None) -> np.ndarray:
    """I^m_ll' for m = 0..lmax as an array [m, l, l'] by direct quadrature (seed 004 eq. 26).

    I^m_ll' = 2 pi int ds w(s) lambda_lm(s) lambda_l'm(s).  For a top-hat ``band`` the
    integrand is a polynomial of degree l + l' in s on [s1, s2]; for a weight given by its
    multipoles w_k (k <= lmax + lpmax suffice, e.g. a HEALPix mask's map2alm) it is
    w(s) = sum_k w_k lambda_k0(s) on [-1, 1].  Gauss–Legendre is exact in both cases.
    """
    lpmax = lmax if lpmax is None else lpmax
    if lmax < 0 or lpmax < lmax:
        raise ValueError(f"need 0 <= lmax <= lpmax, got lmax={lmax}, lpmax={lpmax}")
    if (band is None) == (weight_multipoles is None):
        raise ValueError("give exactly one of band= or weight_multipoles=")
    top = lmax + lpmax
    if band is not None:
        x, quad = _band_rule(band, top)
    else:
        w = np.asarray(weight_multipoles, dtype=float)
        if w.size <= top:
            raise ValueError(f"need weight multipoles up to k = {top}, got {w.size - 1}")
        x, weights = np.polynomial.legendre.leggauss(top + 1)
        quad = 2.0 * math.pi * weights * (w[: top + 1] @ normalized_legendre(top, 0, x))
    blocks = np.zeros((lmax + 1, lmax + 1, lpmax + 1))
    for m in range(lmax + 1):
        lam = normalized_legendre(lpmax, m, x)
        blocks[m] = (lam[: lmax + 1] * quad) @ lam.T
    return blocks


def _band_rule(band: Band, degree: int):
    """Gauss–Legendre nodes in s on the band and weights (times 2 pi for the azimuth), exact for
    polynomials of ``degree``."""
    nodes, weights = np.polynomial.legendre.leggauss(degree // 2 + 1)
    half = 0.5 * (band.s_upper - band.s_lower)
    return band.s_lower + half * (nodes + 1.0), 2.0 * math.pi * half * weights


def _exact_band_weight(band: Band, kmax: int):
    """w_k of the band from the derivation, at the binary-exact edges in 40-digit arithmetic."""
    return sky_coupling.band_weight_multipoles(kmax, sp.Float(band.s_lower, 40), sp.Float(band.s_upper, 40))


def coupling_blocks_wigner(band: Band, lmax: int, lpmax: int | None = None) -> np.ndarray:
    """The same blocks from the exact Wigner-3j sum of eq. (A.1) (sympy; slow beyond lmax ~ 16)."""
    lpmax = lmax if lpmax is None else lpmax
    weight = _exact_band_weight(band, lmax + lpmax)
    blocks = np.zeros((lmax + 1, lmax + 1, lpmax + 1))
    for m in range(lmax + 1):
        for l in range(m, lmax + 1):
            for lp in range(m, lpmax + 1):
                blocks[m, l, lp] = float(sp.N(sky_coupling.coupling_element(l, lp, m, weight), 30))
    return blocks


def transfer_matrix(blocks: np.ndarray, filter_m0: bool = True) -> np.ndarray:
    """M_ll' = (1/(2l+1)) sum_m (I^m_ll')^2, m != 0 when ``filter_m0`` (eqs. 30, A.2).

    Without filtering this is the standard MASTER matrix (what NaMaster computes).
    """
    lmax = blocks.shape[1] - 1
    multiplicity = np.full(lmax + 1, 2.0)
    multiplicity[0] = 0.0 if filter_m0 else 1.0
    total = np.einsum("m,mlk->lk", multiplicity, blocks**2)
    return total / (2.0 * np.arange(lmax + 1) + 1.0)[:, None]


def transfer_matrix_wigner(band: Band, lmax: int, lpmax: int | None = None) -> np.ndarray:
    """M_ll' from the closed form (A.2): MASTER 3j sum minus (I^0_ll')^2/(2l+1) (exact, sympy)."""
    lpmax = lmax if lpmax is None else lpmax
    exact = sky_coupling.transfer_matrix(lmax, _exact_band_weight(band, lmax + lpmax), lpmax)
    return np.array(exact.evalf(30, chop=True).tolist(), dtype=float)  # chop: exact zeros stay 0


def band_weight_multipoles(band: Band, kmax: int) -> np.ndarray:
    """w_k = int dOmega w Y_k0 of the top-hat band, k = 0..kmax (Gauss–Legendre, exact)."""
    x, quad = _band_rule(band, kmax)
    return normalized_legendre(kmax, 0, x) @ quad


# --------------------------------------------------------------------------- dipole (eqs. 18, 25, 27, 28)

def dipole_transition_element(band: Band) -> float:
    """K^{11}_{11} of a uniform band (eq. 27)."""
    return float(_lambdified("k11")(band.s_lower, band.s_upper))


def ra_projection_factor(band: Band) -> float:
    """A~_1 / A_1 of the right-ascension projection (eq. 25)."""
    return float(_lambdified("ra_projection")(band.dec_min * DEG, band.dec_max * DEG))


def dipole_from_alm(a10: float, a11: complex) -> np.ndarray:
    """(d_0h, d_6h, d_N) from a_10 and a_11 (eq. 18)."""
    return np.array(_lambdified("dipole_from_alm")(a10, a11.real, a11.imag), dtype=float)


def dipole_from_pseudo_alm(pseudo_a11: complex, k11: float) -> np.ndarray:
    """(d_0h, d_6h) from the pseudo a~_11 truncated at l = 1 (eq. 28)."""
    return np.array(_lambdified("dipole_from_pseudo")(pseudo_a11.real, pseudo_a11.imag, k11), dtype=float)


def amplitude_phase(d_0h: float, d_6h: float) -> tuple[float, float]:
    """(A_1, alpha_1 in degrees, [0, 360)) of the equatorial dipole (eq. 19)."""
    return math.hypot(d_0h, d_6h), math.degrees(math.atan2(d_6h, d_0h)) % 360.0


@functools.lru_cache(maxsize=None)
def _east_west_integrands(acceptance_text: str):
    from cranisotropy.core.safe_expr import parse_expression

    theta = sky_derivation.zenith
    acceptance = parse_expression(acceptance_text, {"theta": theta}, what="--acceptance")
    num, den = sky_derivation.east_west_step_integrands(acceptance, theta)
    return (sp.lambdify(theta, num, "math"), sp.lambdify(theta, den, "math"),
            sp.lambdify(theta, acceptance + 0 * theta, "numpy"))


def east_west_step(zenith_max: float, acceptance: str = "1") -> float:
    """Delta alpha (radians) of the East–West method for acceptance A(theta) (eq. 23).

    ``acceptance`` is a user formula in ``theta`` (restricted parser, radians); the zenith
    integrals of the derivation's integrands are done by adaptive quadrature.
    """
    from scipy.integrate import quad

    num, den, accept = _east_west_integrands(acceptance)
    tmax = zenith_max * DEG
    with np.errstate(all="ignore"):
        samples = np.asarray(accept(np.linspace(0.0, tmax, 181)), dtype=float)
    if not (np.all(np.isfinite(samples)) and np.all(samples >= 0) and np.any(samples > 0)):
        raise ValueError(f"--acceptance {acceptance!r} must be finite, >= 0 and not identically 0 "
                         f"for 0 <= theta <= {zenith_max:g} deg")
    return quad(num, 0.0, tmax, limit=200)[0] / quad(den, 0.0, tmax, limit=200)[0]


# --------------------------------------------------------------------------- noise (eqs. 31, 32)

def pixel_noise_power(weights: np.ndarray, areas: np.ndarray, counts: np.ndarray) -> float:
    """N = (1/4pi) sum_i w_i^2 dOmega_i^2 / n_i over pixels with n_i > 0 (eq. 31)."""
    weights, areas, counts = (np.asarray(a, dtype=float) for a in (weights, areas, counts))
    seen = counts > 0
    factor = float(sky_derivation.addition_theorem_factor(0))
    return factor * float(np.sum(weights[seen] ** 2 * areas[seen] ** 2 / counts[seen]))


def tophat_noise_power(f_sky: float, n_events: float) -> float:
    """N = 4 pi f_sky^2 / n_tot (eq. 32)."""
    return float(_lambdified("tophat_noise")(f_sky, n_events))


def filtered_noise_spectrum(f_sky: float, n_events: float, band_diagonal: np.ndarray) -> np.ndarray:
    """Noise bias N_l of the m = 0-filtered pseudo C~_l for uniform exposure in a top-hat FOV.

    N_l = (4 pi f_sky / n_tot) (f_sky - I^0_ll / (2l+1)) (derivation:
    :func:`cranisotropy.derivations.sky.observation.filtered_tophat_noise_power`), with ``band_diagonal``
    the I^0_ll, l = 0..lmax (e.g. ``np.diagonal(coupling_blocks(band, lmax)[0])``).  Zeros
    give the unfiltered eq. (32); at large l the filtered N_l tends to it as well.
    """
    ells = np.arange(len(band_diagonal))
    values = _lambdified("filtered_noise")(ells, np.asarray(band_diagonal, dtype=float), float(f_sky), float(n_events))
    return np.broadcast_to(np.asarray(values, dtype=float), ells.shape).copy()
