"""Inner problem, matched asymptotics and the beam characteristics (seed 001, eq. 12 to eq. 15).

The formulas are those of :mod:`cranisotropy.derivations.beam.inner`, through the kernels printed
from it (``beam_matched``, ``beam_characteristics``, ``beam_max_momentum``, ``beam_peak_diffusion``,
``beam_scattering_frequency``, ``beam_eps_from_width``); the outer eigenfunction comes from
:mod:`cranisotropy.numerics.beam.outer`.  This module adds the finite-a quadratures
(g(w) = int_0^w dw'/D, I_a = int_0^1 w dw/D) and assembles :func:`beam`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import quad

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.core.units import constant, in_unit, with_units
from cranisotropy.kernels.generated.beam_characteristics import beam_characteristics as _characteristics
from cranisotropy.kernels.generated.beam_matched import beam_matched
from cranisotropy.kernels.generated.beam_max_momentum import beam_max_momentum
from cranisotropy.kernels.generated.beam_peak_diffusion import beam_peak_diffusion
from cranisotropy.kernels.generated.beam_scattering_frequency import beam_scattering_frequency
# outer_eigenvalue_mp and outer_constants_mp are also read from this module by
# numerics/coefficient_tables.py (until it imports them from the package)
from cranisotropy.numerics.beam.outer import (OuterMode, outer_constants_mp,  # noqa: F401
                                              outer_eigenvalue, outer_eigenvalue_mp, outer_mode,
                                              outer_spectrum)

#: proton rest energy m_p c^2 in TeV (astropy.constants, CODATA)
PROTON_REST_ENERGY_TEV = constant("m_p c^2", "TeV")
#: parsec in cm (astropy.units, IAU 2015)
PARSEC_CM = constant("pc", "cm")


def eps_from_width(width_deg: float) -> float:
    """eps = r_g/l of a beam of the given angular width (inversion of Delta theta = arccos(1 - b)).

    Parameters
    ----------
    width_deg : float
        Angular width Delta theta of the beam in degrees, in (0, 90).

    Returns
    -------
    float
        eps = 2 (1 - cos Delta theta)/j1^2 (kernel ``beam_eps_from_width``).

    Examples
    --------
    >>> from cranisotropy import eps_from_width
    >>> round(eps_from_width(10.0), 7)
    0.0020695
    """
    from cranisotropy.kernels.generated.beam_eps_from_width import beam_eps_from_width

    if not 0 < width_deg < 90:
        raise UsageError(f"width_deg must lie in (0, 90) degrees, got {width_deg}")
    return float(beam_eps_from_width(math.radians(width_deg)))


def j1_zero() -> float:
    """First positive zero of J_1 (3.8317059702075125)."""
    import mpmath as mp

    return float(mp.besseljzero(1, 1))


def gyroradius_pc(energy_tev: float, field_microgauss: float) -> float:
    """r_g = E/(e c B) of an ultra-relativistic proton (rigidity E/e), in parsec (constants from astropy)."""
    volts = energy_tev * constant("TeV", "eV")
    return volts / (constant("c", "m/s") * field_microgauss * constant("uG", "T")) / constant("pc", "m")


def _check_a(a: float) -> None:
    if not 0 < a:
        raise UsageError(f"a = nu_theta l/v must be > 0, got {a}")


def _inv_D(w: float, a: float) -> float:
    """1/D at w = (1-mu)/b (kernel beam_peak_diffusion with b = 1)."""
    return 1.0 / beam_peak_diffusion(1.0 - w, 1.0, a)


def _quad_peak(f, top: float, a: float) -> float:
    """int_0^top f(w) dw over the peak, with breakpoints in the edge layer |w - 1| ~ sqrt(a)."""
    breaks = sorted(1 - s for s in math.sqrt(a) * np.array([1.0, 3.0, 10.0, 30.0, 100.0])
                    if 0 < 1 - s < top)
    return quad(f, 0.0, top, points=breaks or None, limit=500, epsabs=1e-15, epsrel=1e-13)[0]


def inner_g(w, a: float):
    """g(w) = int_0^w dw'/D(w'), the inner variable of the first-order inner solution (eq. 12).

    ``w`` = (1-mu)/b (array_like, >= 0); D = 1 + F(w)/a inside the peak (w < 1), 1 beyond, so
    g(w) = g(1) + (w - 1) for w > 1.

    >>> round(float(inner_g(2.0, 1e-4)), 6)
    1.054205
    """
    _check_a(a)
    ws = np.asarray(w, dtype=float)
    if np.any(ws < 0):
        raise UsageError(f"w = (1-mu)/b must be >= 0, got {w}")
    out = np.array([_quad_peak(lambda s: _inv_D(s, a), min(x, 1.0), a) + max(x - 1.0, 0.0)
                    for x in ws.ravel()])
    return float(out[0]) if ws.ndim == 0 else out.reshape(ws.shape)


@dataclass(frozen=True)
class MatchedExpansion(Result):
    """Matched-asymptotics predictions at beam width ``b`` and scattering frequency ``a`` (None:
    the a -> 0 limit), Phi(1) = 1."""

    b: float
    a: float | None
    u: float
    #: delta_lambda/b^2 = lambda^2 (1+u)^2 (1 - 2 I_a)/(4 U(1))
    dlambda_over_b2: float
    #: fractional excess beta w0/(1 + beta w0), beta = lambda (1+u) b/2, w0 = 1 - g(1)
    excess: float
    #: the excess with the next matched term, O(b^2 ln b)
    excess_next: float
    #: g(1) = int_0^1 dw/D and I_a = int_0^1 w dw/D (0 for a -> 0)
    g1: float
    I_a: float


def matched_expansion(b: float, a: float | None = None, *, u: float = 0.0,
                      mode: OuterMode | None = None) -> MatchedExpansion:
    """Eigenvalue shift and beam excess from the matched inner and outer expansions (seed 001).

    Parameters
    ----------
    b : float
        Beam width in 1 - mu, b = j1^2 eps/2, in (0, 1).
    a : float or None
        a = nu_theta l/v (eq. 5), > 0: the finite-a corrections through g(1) and I_a; ``None``
        gives the a -> 0 limit (the text's forms).
    u : float, keyword-only
        Bulk speed in units of the particle speed, -1 < u < 1 (ignored when ``mode`` is given).
    mode : OuterMode, optional, keyword-only
        The outer eigenfunction (default :func:`outer_mode` at ``u``).

    Returns
    -------
    MatchedExpansion
        ``dlambda_over_b2``, ``excess``, ``excess_next`` (with the b^2 ln b term), ``g1``, ``I_a``.

    Examples
    --------
    >>> from cranisotropy import matched_expansion
    >>> m = matched_expansion(0.0152)
    >>> round(m.dlambda_over_b2, 4), round(m.excess, 6)
    (545.3672, 0.099434)
    """
    if not 0 < b < 1:
        raise UsageError(f"b must lie in (0, 1), got {b}")
    mode = mode or outer_mode(u)
    if a is None:
        g1 = I_a = 0.0
    else:
        _check_a(a)
        g1 = _quad_peak(lambda w: _inv_D(w, a), 1.0, a)
        I_a = _quad_peak(lambda w: w * _inv_D(w, a), 1.0, a)
    shift, excess, excess_next = beam_matched(mode.eigenvalue, mode.u, mode.U1, b, g1, I_a)
    return MatchedExpansion(b, a, mode.u, shift, excess, excess_next, g1, I_a)


def leading_excess_over_b(eigenvalue: float, u: float = 0.0) -> float:
    """beta/b = lambda (1+u)/2: the fractional excess over b at leading order (kernel
    ``beam_characteristics``: excess/eps over b/eps)."""
    b_over_eps, _, _, excess_over_eps, _ = _characteristics(1.0, eigenvalue, u, 3.0)
    return excess_over_eps / b_over_eps


def inner_solution(w, b: float, a: float, *, u: float = 0.0, psi0: float | None = None,
                   mode: OuterMode | None = None):
    """First-order inner solution Psi_i(w)/Phi(1) = C (1 - beta g(w)) inside and near the peak (eq. 12).

    Parameters
    ----------
    w : array_like
        Stretched variable w = (1-mu)/b, >= 0.
    b : float
        Beam width in 1 - mu, in (0, 1).
    a : float
        a = nu_theta l/v, > 0.
    u : float, keyword-only
        Bulk speed, -1 < u < 1 (ignored when ``mode`` is given).
    psi0 : float, optional, keyword-only
        The inner constant C = Psi_i(0)/Phi(1); default the matched value 1/(1 + beta w0).
    mode : OuterMode, optional, keyword-only
        The outer eigenfunction (default :func:`outer_mode` at ``u``).

    Returns
    -------
    float or numpy.ndarray
        Psi_i/Phi(1) at ``w``; beta = lambda (1+u) b/2, g(w) = int_0^w dw'/D.

    Examples
    --------
    >>> from cranisotropy import inner_solution
    >>> round(float(inner_solution(0.0, 0.0152, 1.2e-4)), 6)
    0.905866
    """
    mode = mode or outer_mode(u)
    if psi0 is None:
        psi0 = 1.0 - matched_expansion(b, a, mode=mode).excess  # C/Phi(1) = 1 - excess
    beta = leading_excess_over_b(mode.eigenvalue, mode.u) * b
    return psi0 * (1.0 - beta * inner_g(w, a))


# --------------------------------------------------------------------------- characteristics

@dataclass(frozen=True)
class MaximumMomentum(Result):
    """Eq. (15): the largest momentum at which the beam is sustained."""

    #: eps at p_max: sqrt(delta A/alpha)
    eps_max: float
    #: p_max/(m c) = eps_max/K
    p_max_over_mc: float
    #: p_max in TeV/c (protons)
    p_max_TeV: float
    #: K = eps m c/p_ref
    K: float
    #: alpha = F0/F_C
    alpha: float
    #: momentum (TeV/c) at which eps is given
    p_ref_TeV: float


@dataclass(frozen=True)
class BeamResult(Result):
    """Beam characteristics (seed 001 eqs. 9-15); ``to_dict()`` is ``cranisotropy beam --json``."""

    eps: float
    u: float
    #: beam width in 1 - mu, b = j1^2 eps/2, and b/eps
    b: float
    b_over_eps: float
    #: angular width arccos(1 - b) and its small-angle form j1 sqrt(eps), in degrees
    width_deg: float
    width_small_angle_deg: float
    #: the smallest positive non-diffusive eigenvalue and the first ``count`` of each sign
    lambda1: float
    eigenvalues: np.ndarray
    negative_eigenvalues: np.ndarray
    diffusive_eigenvalue: float
    U1_over_Phi1_squared: float
    #: eigenvalue shift for a, b -> 0 (over b^2 and absolute)
    dlambda_over_b2: float
    dlambda: float
    #: fractional excess at leading order (over eps and absolute)
    excess_over_eps: float
    excess: float
    #: a = nu_theta l/v (eq. 5) and delta = V_A/c
    a: float
    va_over_c: float
    #: the matched predictions at this finite a
    finite_a: MatchedExpansion
    qc: float
    #: threshold constant A = 8/(lambda1 j1^4 (qc - 2)) (eq. 14)
    A: float
    p_max: MaximumMomentum
    #: "eps" or "width W deg"
    eps_source: str
    #: lambda1 to the requested digits (mpmath), or None
    lambda1_mp: str | None
    notes: tuple[str, ...]

    def to_dict(self) -> dict:
        """The JSON document of ``cranisotropy beam --json`` (keys listed in its ``--help``)."""
        out = {k: getattr(self, k) for k in (
            "eps", "u", "b", "b_over_eps", "width_deg", "width_small_angle_deg", "lambda1")}
        out.update({"lambda": self.eigenvalues.tolist(), "lambda_negative": self.negative_eigenvalues.tolist(),
                    "lambda_diffusive": self.diffusive_eigenvalue})
        out.update({k: getattr(self, k) for k in (
            "U1_over_Phi1_squared", "dlambda_over_b2", "dlambda", "excess_over_eps", "excess",
            "a", "va_over_c")})
        out["finite_a"] = {k: getattr(self.finite_a, k) for k in ("g1", "I_a", "dlambda_over_b2", "excess")}
        p_max = with_units(self.p_max.to_dict(), {"p_max_TeV": "TeV/c", "p_ref_TeV": "TeV/c"})
        out.update({"qc": self.qc, "A": self.A, "p_max": p_max, "eps_source": self.eps_source})
        if self.lambda1_mp is not None:
            out["lambda1_mp"] = self.lambda1_mp
        out["notes"] = list(self.notes)
        return with_units(out, {"width_deg": "deg", "width_small_angle_deg": "deg"})

    def __str__(self) -> str:
        pm = self.p_max
        mp_text = f"  (mpmath: {self.lambda1_mp})" if self.lambda1_mp else ""
        return "\n".join([
            f"eps = {self.eps:.6g} ({self.eps_source}), u = {self.u:g}",
            f"lambda1 = {self.lambda1:.15g}{mp_text}",
            "lambda  = " + ", ".join(f"{x:.10g}" for x in self.eigenvalues),
            f"width:  b = {self.b:.6g} = {self.b_over_eps:.6f} eps,  Delta theta = {self.width_deg:.4f} deg",
            f"excess: {self.excess:.6g} = {self.excess_over_eps:.4f} eps "
            f"(finite a = {self.a:.3g}: {self.finite_a.excess:.6g})",
            f"shift:  dlambda/b^2 = {self.dlambda_over_b2:.10g} (a -> 0), "
            f"{self.finite_a.dlambda_over_b2:.6g} (finite a); dlambda = {self.dlambda:.6g}",
            f"A = {self.A:.6g} (qc = {self.qc:g});  p_max = {pm.p_max_TeV:.4g} TeV/c "
            f"(eps_max = {pm.eps_max:.3g}, K = {pm.K:.3g}, alpha = {pm.alpha:g})",
            *[f"note: {n}" for n in self.notes]])


def beam(*, eps: float | None = None, width_deg: float | None = None, u: float = 0.0,
         va_over_c: float = 1e-4, qc: float = 4.65, alpha: float = 1e-3, p_ref_tev: float = 1.0,
         count: int = 5, mp_digits: int = 0) -> BeamResult:
    """Width, excess, eigenvalue shift, threshold and maximum momentum of the cosmic-ray beam (seed 001).

    From the outer eigenproblem d/dmu[(1-mu^2) dPsi/dmu] + lambda (u + mu) Psi = 0 (regular at
    mu = +-1) and the matched asymptotics of the Goldreich–Sridhar scattering peak of width
    b = j1^2 eps/2 in 1 - mu.  Give exactly one of ``eps`` and ``width_deg``.

    Parameters
    ----------
    eps : float, keyword-only
        eps = r_g(p)/l at the reference momentum, in (0, 1), with b = j1^2 eps/2 < 1.
    width_deg : float, keyword-only
        Observed angular width of the beam in degrees, in (0, 90) (Milagro spot A: 10); converted
        with :func:`eps_from_width`.
    u : float, keyword-only
        Bulk (scattering-centre) speed along the field in units of c, -1 < u < 1.
    va_over_c : float, keyword-only
        delta = V_A/c, in (0, 1): sets a = nu_theta l/v of eq. (5).
    qc : float, keyword-only
        Index of the background F_C ~ p^-qc, > 2 (eq. 14).
    alpha : float, keyword-only
        F0/F_C, anisotropic part over the background, in (0, 1) (eq. 15).
    p_ref_tev : float, str or astropy Quantity, keyword-only
        Momentum at which eps (or the width) is given, > 0: TeV/c, or a unit string
        (``"500GeV/c"``, ``"1TeV"`` meaning p c).
    count : int, keyword-only
        How many eigenvalues of each sign to list, >= 1.
    mp_digits : int, keyword-only
        Also give lambda1 to this many digits (mpmath Frobenius method); 0: no.

    Returns
    -------
    BeamResult
        ``lambda1``, ``b``, ``width_deg``, ``excess``, ``dlambda``, ``A``, ``p_max``, ... (the keys
        of ``cranisotropy beam --json``; ``to_dict()`` gives that document).

    See Also
    --------
    outer_spectrum, matched_expansion, validate_beam

    Examples
    --------
    >>> from cranisotropy import beam
    >>> r = beam(width_deg=10)
    >>> round(r.eps, 6), round(r.excess, 4), round(r.p_max.p_max_TeV, 2)
    (0.00207, 0.1104, 4.74)
    """
    if (eps is None) == (width_deg is None):
        raise UsageError(f"give exactly one of eps= and width_deg=, got eps={eps}, width_deg={width_deg}")
    p_ref_tev = in_unit("p_ref_tev", p_ref_tev, "momentum", "TeV/c")
    if width_deg is not None:
        eps, source = eps_from_width(width_deg), f"width {width_deg:g} deg"
    else:
        source = "eps"
    checks = ((0 < eps < 1, f"eps = r_g/l must lie in (0, 1), got {eps}"),
              (-1 < u < 1, f"u must lie in (-1, 1), got {u}"),
              (0 < va_over_c < 1, f"va_over_c must lie in (0, 1), got {va_over_c}"),
              (qc > 2, f"qc must be > 2 (the threshold A has 1/(qc - 2)), got {qc}"),
              (0 < alpha < 1, f"alpha = F0/F_C must lie in (0, 1), got {alpha}"),
              (p_ref_tev > 0, f"p_ref_tev must be > 0, got {p_ref_tev}"),
              (count >= 1, f"count must be >= 1, got {count}"),
              (0 <= mp_digits <= 500, f"mp_digits must lie in [0, 500], got {mp_digits}"))
    for ok, message in checks:
        if not ok:
            raise UsageError(message)
    spec = outer_spectrum(u, count)
    mode = outer_mode(u)
    b, width, width_small, excess_over_eps, A = _characteristics(eps, mode.eigenvalue, u, qc)
    if not b < 1:
        raise UsageError(f"eps = {eps:g} gives a beam width b = j1^2 eps/2 = {b:.3g} >= 1: "
                         f"the beam picture needs eps < {eps / b:.4f} (b << 1)")
    a = float(beam_scattering_frequency(eps, va_over_c))
    K = eps * PROTON_REST_ENERGY_TEV / p_ref_tev  # K = eps m c/p
    p_over_mc = beam_max_momentum(A, va_over_c, alpha, K)
    lambda1_mp = None
    if mp_digits:
        import mpmath as mp

        lambda1_mp = mp.nstr(outer_eigenvalue(1, u, digits=mp_digits), mp_digits)
    notes = []
    if b > 0.1:
        notes.append(f"b = {b:.3g} is not small: the matched asymptotics need b << 1")
    if a > 0.1:
        notes.append(f"a = {a:.3g} is not small: the peak picture needs a << 1")
    if u < 0:
        notes.append("u < 0: the smallest positive eigenvalue is the diffusive one (lambda_diffusive)")
    return BeamResult(
        eps=eps, u=u, b=b, b_over_eps=b / eps, width_deg=math.degrees(width),
        width_small_angle_deg=math.degrees(width_small), lambda1=mode.eigenvalue,
        eigenvalues=spec.positive, negative_eigenvalues=spec.negative,
        diffusive_eigenvalue=spec.diffusive, U1_over_Phi1_squared=mode.U1,
        dlambda_over_b2=mode.dlambda_over_b2, dlambda=mode.dlambda_over_b2 * b * b,
        excess_over_eps=excess_over_eps, excess=excess_over_eps * eps, a=a, va_over_c=va_over_c,
        finite_a=matched_expansion(b, a, mode=mode), qc=qc, A=A,
        p_max=MaximumMomentum(K * p_over_mc, p_over_mc, p_over_mc * PROTON_REST_ENERGY_TEV, K, alpha,
                              p_ref_tev),
        eps_source=source, lambda1_mp=lambda1_mp, notes=tuple(notes))
