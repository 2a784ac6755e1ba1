"""Dipole of a ground array's data: rescalings and reconstruction (seed 004 eqs. 18-28).

A ground array sees only the equatorial projection (d_0h, d_6h) of the dipole, and each method
sees it rescaled: the East–West method by the effective right-ascension step Delta alpha
(eq. 23), the right-ascension projection by A~1/A1 (eq. 25), the pseudo multipole a~_11 by
K^11_11 (eq. 27).  Every factor is a lambdified derivation result of
:mod:`cranisotropy.derivations.sky.observation`; the East–West step for a user acceptance
A(theta) integrates the derivation's integrands numerically.

>>> from cranisotropy.numerics.sky.geometry import Band
>>> round(dipole_transition_element(Band(-26.0, 64.0)), 6)
0.800295
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.sky import observation as d
from cranisotropy.numerics.sky._derived import derived
from cranisotropy.core.inputs import number
from cranisotropy.numerics.sky.geometry import DEG, Band


def dipole_transition_element(band: Band) -> float:
    """Dipole transition element K^11_11 of a uniform band, the band integral of abs(Y_11)^2 (eq. 27).

    Parameters
    ----------
    band : Band
        The field of view.

    Returns
    -------
    float
        a~_11 = K^11_11 a_11 for a pure dipole (1 on the full sky).

    Examples
    --------
    >>> round(dipole_transition_element(Band(-90.0, 90.0)), 12)
    1.0
    """
    return float(derived("k11")(band.s_lower, band.s_upper))


def ra_projection_factor(band: Band) -> float:
    """Rescaling A~1/A1 of a dipole's amplitude by the right-ascension projection (eq. 25).

    Parameters
    ----------
    band : Band
        The field of view (declinations averaged with weight cos(delta)).

    Returns
    -------
    float
        The projected amplitude over the true equatorial amplitude (the phase is unchanged).

    Examples
    --------
    >>> round(ra_projection_factor(Band(-90.0, 90.0)), 12) == round(math.pi / 4, 12)
    True
    """
    return float(derived("ra_projection")(band.dec_min * DEG, band.dec_max * DEG))


def dipole_from_alm(a10: float, a11: complex) -> np.ndarray:
    """Dipole vector (d_0h, d_6h, d_N) from the multipoles a_10 and a_11 (eq. 18).

    Parameters
    ----------
    a10 : float
        The (real) m = 0 dipole multipole.
    a11 : complex
        The m = 1 dipole multipole (a_1,-1 = -conj(a_11) for a real map).

    Returns
    -------
    ndarray, shape (3,)
        Equatorial components: towards right ascension 0 h, 6 h, and the North pole.

    Examples
    --------
    >>> np.round(dipole_from_alm(0.0, -math.sqrt(2 * math.pi / 3) * 1e-3), 12)   # d = 1e-3 towards 0 h
    array([0.001, 0.   , 0.   ])
    """
    a11 = complex(a11)
    return np.array(derived("dipole_from_alm")(float(a10), a11.real, a11.imag), dtype=float)


def dipole_from_pseudo_alm(pseudo_a11: complex, k11: float) -> np.ndarray:
    """Equatorial dipole (d_0h, d_6h) from the pseudo multipole a~_11 truncated at l = 1 (eq. 28).

    Parameters
    ----------
    pseudo_a11 : complex
        a~_11 of the weighted (m = 0 filtered) map.
    k11 : float
        K^11_11 of the field of view (:func:`dipole_transition_element`, or the pixelised mask's).

    Returns
    -------
    ndarray, shape (2,)

    Examples
    --------
    >>> a11 = -math.sqrt(2 * math.pi / 3) * 1e-3             # a dipole 1e-3 towards 0 h
    >>> np.round(dipole_from_pseudo_alm(0.8 * a11, 0.8), 12)   # seen with K11 = 0.8
    array([0.001, 0.   ])
    """
    pseudo_a11 = complex(pseudo_a11)
    if not (math.isfinite(k11) and k11 > 0):
        raise UsageError(f"k11 must be > 0, got {k11}")
    return np.array(derived("dipole_from_pseudo")(pseudo_a11.real, pseudo_a11.imag, k11), dtype=float)


def dipole_amplitude_phase(d_0h: float, d_6h: float) -> tuple[float, float]:
    """Amplitude A1 and phase alpha1 of the equatorial dipole (eq. 19).

    Parameters
    ----------
    d_0h, d_6h : float
        Equatorial components towards right ascension 0 h and 6 h.

    Returns
    -------
    amplitude : float
    phase_deg : float
        Right ascension of the maximum, degrees in [0, 360).

    Examples
    --------
    >>> dipole_amplitude_phase(0.0, -2e-4)
    (0.0002, 270.0)
    """
    return math.hypot(d_0h, d_6h), math.degrees(math.atan2(d_6h, d_0h)) % 360.0


def _acceptance_expression(acceptance) -> sp.Expr:
    theta = d.zenith
    if isinstance(acceptance, sp.Expr):
        named = {s: theta for s in acceptance.free_symbols if s.name == "theta"}
        expr = acceptance.subs(named)
        if expr.free_symbols - {theta}:
            raise UsageError(f"acceptance may depend on theta only; found "
                             f"{', '.join(sorted(s.name for s in expr.free_symbols - {theta}))}")
        return expr
    if isinstance(acceptance, (int, float)) and not isinstance(acceptance, bool):
        return sp.Float(acceptance) if isinstance(acceptance, float) else sp.Integer(acceptance)
    from cranisotropy.core.safe_expr import parse_expression

    return parse_expression(acceptance, {"theta": theta}, what="acceptance")


@functools.lru_cache(maxsize=64)
def _east_west_integrands(acceptance: sp.Expr):
    theta = d.zenith
    num, den = d.east_west_step_integrands(acceptance, theta)
    return (sp.lambdify(theta, num, "math"), sp.lambdify(theta, den, "math"),
            sp.lambdify(theta, acceptance + 0 * theta, "numpy"))


def east_west_step(zenith_max: float, acceptance="1") -> float:
    """Effective right-ascension step Delta alpha of the East–West method (eq. 23).

    Parameters
    ----------
    zenith_max : float
        Zenith-angle cut, degrees in (0, 90].
    acceptance : str or sympy expression
        Relative acceptance A(theta), theta the zenith angle in radians: a formula (restricted
        parser, e.g. ``"cos(theta)"``) or a sympy expression in a symbol named ``theta``;
        finite, >= 0 and not identically 0 below the cut.

    Returns
    -------
    float
        Delta alpha in radians: (N_E - N_W)/(N_E + N_W) = Delta alpha d(dI)/d(alpha) (eq. 22).

    Examples
    --------
    >>> round(east_west_step(45.0, "cos(theta)"), 6)          # 4 sin(theta_max)/(3 pi)
    0.300105
    """
    from scipy.integrate import quad

    zenith_max = number("zenith_max", zenith_max)
    if not 0.0 < zenith_max <= 90.0:
        raise UsageError(f"zenith_max must be in (0, 90] degrees, got {zenith_max:g}")
    expr = _acceptance_expression(acceptance)
    num, den, accept = _east_west_integrands(expr)
    tmax = zenith_max * DEG
    with np.errstate(all="ignore"):
        samples = np.asarray(accept(np.linspace(0.0, tmax, 181)), dtype=float)
    if not (np.all(np.isfinite(samples)) and np.all(samples >= 0) and np.any(samples > 0)):
        raise UsageError(f"acceptance {str(acceptance)!r} must be finite, >= 0 and not identically 0 "
                         f"for 0 <= theta <= {zenith_max:g} deg")
    return quad(num, 0.0, tmax, limit=200)[0] / quad(den, 0.0, tmax, limit=200)[0]


# --------------------------------------------------------------------------- the `sky dipole` result

@dataclass(frozen=True)
class SkyDipole(Result):
    """Dipole rescalings of a band and optional corrections: what ``sky dipole`` prints."""

    band: Band
    k11: float
    ra_projection_factor: float
    east_west_step_rad: float | None = None
    acceptance: str | None = None
    projected_amplitude: float | None = None
    dipole: dict | None = None

    @property
    def east_west_step_deg(self) -> float | None:
        return None if self.east_west_step_rad is None else math.degrees(self.east_west_step_rad)

    @property
    def corrected_amplitude(self) -> float | None:
        """A1 = projected amplitude / (A~1/A1) (eq. 25), when a projected amplitude was given."""
        return None if self.projected_amplitude is None else self.projected_amplitude / self.ra_projection_factor

    def to_dict(self) -> dict:
        out = {"band": self.band.to_dict(), "k11": self.k11, "ra_projection_factor": self.ra_projection_factor}
        if self.east_west_step_rad is not None:
            out.update(east_west_step_rad=self.east_west_step_rad, east_west_step_deg=self.east_west_step_deg,
                       acceptance=self.acceptance)
        if self.projected_amplitude is not None:
            out["corrected_amplitude"] = self.corrected_amplitude
        if self.dipole is not None:
            out["dipole"] = dict(self.dipole)
        if self.east_west_step_rad is not None:
            out["units"] = {"east_west_step_rad": "rad", "east_west_step_deg": "deg"}
        return out

    def __str__(self) -> str:
        text = [str(self.band),
                f"K11 (eq. 27)                      = {self.k11:.6f}",
                f"RA projection A~1/A1 (eq. 25)     = {self.ra_projection_factor:.6f}"]
        if self.east_west_step_rad is not None:
            text.append(f"East-West step Delta alpha (eq. 23) = {self.east_west_step_rad:.6f} rad = "
                        f"{self.east_west_step_deg:.3f} deg (A = {self.acceptance})")
        if self.projected_amplitude is not None:
            text.append(f"projected amplitude {self.projected_amplitude:.4g} -> A1 = {self.corrected_amplitude:.4g}")
        if self.dipole is not None:
            dip = self.dipole
            text.append(f"reconstructed dipole (eq. 28): d_0h = {dip['d_0h']:.4g}, d_6h = {dip['d_6h']:.4g}, "
                        f"A1 = {dip['amplitude']:.4g}, alpha1 = {dip['phase_deg']:.1f} deg")
        return "\n".join(text)


def sky_dipole(band: Band, *, zenith_max: float | None = None, acceptance="1",
               projected_amplitude: float | None = None, pseudo_a11: complex | None = None) -> SkyDipole:
    """How much of a dipole each method sees in a band, and the corrections (eqs. 23, 25, 27, 28).

    Parameters
    ----------
    band : Band
        The field of view.
    zenith_max : float, optional
        Zenith-angle cut in degrees: also the East–West step Delta alpha (eq. 23).
    acceptance : str or sympy expression
        A(theta) for the East–West step (see :func:`east_west_step`; needs ``zenith_max``).
    projected_amplitude : float, optional
        A dipole amplitude from the right-ascension projection (eq. 24), to correct by eq. 25.
    pseudo_a11 : complex, optional
        The pseudo multipole a~_11 of the weighted map, to reconstruct (d_0h, d_6h) (eq. 28).

    Returns
    -------
    SkyDipole
        ``.k11``, ``.ra_projection_factor``, ``.east_west_step_rad``/``_deg``,
        ``.corrected_amplitude``, ``.dipole`` (d_0h, d_6h, amplitude, phase_deg); ``to_dict()``
        is ``cranisotropy sky dipole --json``.

    Examples
    --------
    >>> res = sky_dipole(Band.from_zenith_cut(19.0, 45.0), zenith_max=45.0, projected_amplitude=8e-4)
    >>> round(res.k11, 4), round(res.ra_projection_factor, 4), round(res.east_west_step_rad, 4)
    (0.8003, 0.882, 0.3102)
    >>> round(res.corrected_amplitude, 6)
    0.000907
    """
    if not isinstance(band, Band):
        raise UsageError(f"band must be a Band, got {type(band).__name__}")
    step = text = None
    if zenith_max is not None:
        step = east_west_step(zenith_max, acceptance)
        text = str(acceptance)
    elif not (isinstance(acceptance, str) and acceptance.strip() == "1"):
        raise UsageError("acceptance needs zenith_max (the East-West step integrates up to it)")
    if projected_amplitude is not None:
        projected_amplitude = number("projected_amplitude", projected_amplitude, positive=True)
    k11 = dipole_transition_element(band)
    dipole = None
    if pseudo_a11 is not None:
        pseudo_a11 = complex(pseudo_a11)
        if not (math.isfinite(pseudo_a11.real) and math.isfinite(pseudo_a11.imag)):
            raise UsageError(f"pseudo_a11 must be finite, got {pseudo_a11}")
        d_0h, d_6h = dipole_from_pseudo_alm(pseudo_a11, k11)
        amplitude, phase = dipole_amplitude_phase(d_0h, d_6h)
        dipole = {"d_0h": float(d_0h), "d_6h": float(d_6h), "amplitude": amplitude, "phase_deg": phase}
    return SkyDipole(band, k11, ra_projection_factor(band), step, text, projected_amplitude, dipole)
