"""CR escape from one source in physical units: what ``cranisotropy confinement`` computes.

Seed 000, Sec. II.  :func:`confinement` turns a source (Pi, cloud size, Alfven speed, Bohm
diffusion coefficient, background wave energy, time, damping) into the suppressed diffusivity,
the core / pedestal / tail zones and P_CR, I at given distances, from the exact self-similar
solution and from the interpolation formula (5); optionally also from the time-dependent
solution and with the spectral break for power-law momentum dependences.

Units: lengths in pc, time in yr, C_A in km/s, kappa_B in cm^2/s, Gamma in 1/yr; P_CR and I
are per unit ln p (ln k) in units of B0^2/8pi (eq. 3).

>>> res = confinement(8.0, distance=[15.0, 60.0])
>>> res.zone, round(res.F_exact, 4)
(('pedestal', 'tail'), 5.4799)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from math import exp, sqrt

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.inputs import number
from cranisotropy.core.results import Result
from cranisotropy.core.units import constant, in_unit
from cranisotropy.numerics.confinement import pde as _pde
from cranisotropy.numerics.confinement.similarity import (
    check_pi,
    factor_F,
    interpolation_profile,
    similarity_solution,
)
from cranisotropy.numerics.confinement.spectrum import PowerLawSource, SpectralBreak, spectral_break

#: parsec, Julian year and km/s in CGS (astropy.units)
PC_CM = constant("pc", "cm")
YR_S = constant("yr", "s")
KM_S = constant("km/s", "cm/s")
#: units of the physical numbers in the JSON document of :func:`confinement`
UNITS = {"cloud_size_pc": "pc", "alfven_speed_km_s": "km/s", "kappa_bohm_cm2_s": "cm2/s", "time_yr": "yr",
         "damping_per_yr": "1/yr", "effective_time_yr": "yr", "kappa_ism_cm2_s": "cm2/s",
         "kappa_nl_cm2_s": "cm2/s", "kappa_core_cm2_s": "cm2/s", "zones_pc": "pc", "z_pc": "pc",
         "distance_pc": "pc", "P_CR": "B0^2/8pi per ln p", "P_CR_formula5": "B0^2/8pi per ln p",
         "I": "B0^2/8pi per ln k", "core_height": "B0^2/8pi per ln p"}

#: beyond this core spread (in cloud sizes) the grid would span > 1e12 source cells; the
#: self-similar profile is then exact to the solver's own accuracy anyway
PDE_MAX_SPREAD = 1e4
#: e-foldings of wave damping beyond which I underflows
MAX_DAMPING_EFOLDS = 600.0


@dataclass(frozen=True)
class ConfinementResult(Result):
    """Self-regulated escape from one source (see :func:`confinement`); ``to_dict()`` is the
    JSON document of ``cranisotropy confinement --json`` and ``str()`` its text."""

    inputs: dict
    effective_time_yr: float
    D_ISM: float
    tau: float
    core_spread: float
    F_exact: float
    F_normalising_formula5: float
    kappa_ism_cm2_s: float
    kappa_nl_cm2_s: float
    kappa_core_cm2_s: float
    core_edge_pc: float
    tail_start_pc: float
    has_pedestal: bool
    core_height: float
    self_similar: bool
    z_pc: np.ndarray
    zone: tuple
    P_CR: np.ndarray
    P_CR_formula5: np.ndarray
    I: np.ndarray
    pde: dict | None = None
    spectrum: SpectralBreak | None = None

    @property
    def formula5_rel_error(self) -> np.ndarray:
        """P_CR of formula (5) over the exact one, minus 1 (0 where P_CR underflows)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.P_CR > 0, self.P_CR_formula5 / self.P_CR - 1, 0.0)

    def to_dict(self) -> dict:
        """The JSON document of ``cranisotropy confinement --json``."""
        rows = [{"z_pc": float(z), "zone": zone, "P_CR": float(pe), "P_CR_formula5": float(p5),
                 "formula5_rel_error": float(err), "I": float(w)}
                for z, zone, pe, p5, err, w in zip(self.z_pc, self.zone, self.P_CR, self.P_CR_formula5,
                                                   self.formula5_rel_error, self.I)]
        data = {
            "inputs": dict(self.inputs), "effective_time_yr": self.effective_time_yr,
            "normalised": {"D_ISM": self.D_ISM, "tau": self.tau, "core_spread_in_cloud_sizes": self.core_spread},
            "F_exact": self.F_exact, "F_normalising_formula5": self.F_normalising_formula5,
            "kappa_ism_cm2_s": self.kappa_ism_cm2_s, "kappa_nl_cm2_s": self.kappa_nl_cm2_s,
            "kappa_core_cm2_s": self.kappa_core_cm2_s,
            "zones_pc": {"core_edge": self.core_edge_pc, "tail_start": self.tail_start_pc,
                         "has_pedestal": self.has_pedestal},
            "core_height": self.core_height, "self_similar": self.self_similar, "profile": rows,
        }
        if self.pde is not None:
            data["pde"] = dict(self.pde)
        if self.spectrum is not None:
            s = self.spectrum
            data["spectrum"] = {"distance_pc": float(self.z_pc[0]), "p_break_criterion": s.criterion}
            if s.criterion is not None:
                data["spectrum"].update({"p_break_measured": s.measured, "slope_below": s.pedestal_slope,
                                         "slope_above": s.core_slope})
        keys = _keys(data)
        return {**data, "units": {k: v for k, v in UNITS.items() if k in keys}}

    def __str__(self) -> str:
        return _text(self.to_dict())


def _keys(data) -> set:
    """Every key of a nested JSON document."""
    if isinstance(data, dict):
        return set(data) | set().union(*(_keys(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(_keys(v) for v in data))
    return set()


def _zone(xi: float, knl: float, kism: float) -> str:
    if xi < sqrt(knl):
        return "core"
    return "pedestal" if xi < sqrt(kism) else "tail"


def confinement(pi: float, distance=None, *, time: float = 1e5, cloud_size: float = 10.0,
                alfven_speed: float = 10.0, kappa_bohm: float = 1e25, i_ism: float = 1e-3,
                damping: float = 0.0, pde: bool = False, cloud: str = "tophat", spectrum: bool = False,
                pi_index: float = 1.2, kappa_index: float = 1.0,
                i_ism_index: float = 2.0 / 3.0) -> ConfinementResult:
    """Self-regulated escape of cosmic rays from a source that excites its own confining waves.

    The CR partial pressure diffuses along the field with kappa_B / I, and the wave energy I is
    driven by -C_A dP_CR/dz (seed 000 Sec. II, eqs. 1-2, reconstructed).  For a normalised
    source strength Pi this gives the suppressed diffusivity D_NL = F(Pi) D_ISM e^-Pi (F exact),
    the zones at time t -- core z < sqrt(D_NL t), pedestal (P_CR ~ 1/z) to sqrt(D_ISM t), tail
    beyond -- and P_CR, I at the requested distances from the exact late-time (self-similar)
    solution and from the interpolation formula (5).  Wave damping is exact: the undamped
    solution at t_eff = (e^(Gamma t) - 1)/Gamma with I times e^(-Gamma t) (eq. 2).

    Parameters
    ----------
    pi : float
        Normalised integrated CR pressure Pi = (C_A / kappa_B) int_0^inf P_CR dz, in [1e-6, 100].
    distance : array_like of float or str, optional
        Distances z from the source [pc, or unit strings such as ``"0.1kpc"``] (> 0); default: 9
        log-spaced points across the zones.
    time : float or str, keyword-only
        Time since release t [yr, or a unit string such as ``"100kyr"``].
    cloud_size : float or str, keyword-only
        Size a of the initial CR cloud [pc, or a unit string].
    alfven_speed : float or str, keyword-only
        Alfven speed C_A [km/s, or a unit string]; below c.
    kappa_bohm : float or str, keyword-only
        Bohm diffusion coefficient kappa_B = c r_g / 3 at this momentum [cm^2/s, or a unit string].
    i_ism : float, keyword-only
        Background wave energy I_ISM per ln k [B0^2/8pi].
    damping : float or str, keyword-only
        Wave damping rate Gamma [1/yr, or a unit string such as ``"1e-12/s"``] (>= 0).
    pde : bool, keyword-only
        Also integrate the time-dependent system (1)-(2) from the initial cloud
        (:func:`solve_escape`; skipped once the core has spread over 1e4 cloud sizes).
    cloud : {"tophat", "gaussian"}, keyword-only
        Shape of the initial cloud for ``pde``.
    spectrum : bool, keyword-only
        Also find the spectral break at the first distance (:func:`spectral_break`) for
        Pi ~ (p/p0)^-pi_index, kappa_B ~ (p/p0)^kappa_index, I_ISM ~ (p/p0)^i_ism_index, where
        ``pi``, ``kappa_bohm`` and ``i_ism`` refer to p0.
    pi_index, kappa_index, i_ism_index : float, keyword-only
        The power-law indices (defaults: a p^-4.2 source over Bohm kappa_B ~ p, Kolmogorov
        I(k) ~ k^-2/3 at k r_g = 1).

    Returns
    -------
    ConfinementResult
        F (exact and normalising (5)), kappa_ISM, kappa_NL, the core diffusivity, zone edges
        [pc], the core height, the profile (``z_pc``, ``zone``, ``P_CR``, ``P_CR_formula5``,
        ``I``) and the optional ``pde`` and ``spectrum`` sections; ``to_dict()`` is the
        ``--json`` document of ``cranisotropy confinement``.

    See Also
    --------
    similarity_solution, solve_escape, spectral_break

    Examples
    --------
    >>> res = confinement(2.0, distance=[10.0, 100.0])
    >>> res.zone, res.formula5_rel_error.round(3).tolist()
    (('core', 'tail'), [0.014, 0.137])
    """
    pi = check_pi(pi)
    t_yr = time = in_unit("time", time, "time", "yr", positive=True)
    cloud_size = in_unit("cloud_size", cloud_size, "length", "pc", positive=True)
    alfven_speed = in_unit("alfven_speed", alfven_speed, "speed", "km/s", positive=True,
                           below=(constant("c", "km/s"), "the speed of light"))
    kappa_b = in_unit("kappa_bohm", kappa_bohm, "diffusion coefficient", "cm2/s", positive=True)
    damping = in_unit("damping", damping, "rate", "1/yr", nonnegative=True)
    a = cloud_size * PC_CM
    c_a = alfven_speed * KM_S
    i_ism_value = number("i_ism", i_ism, positive=True)
    if cloud not in _pde.CLOUDS:
        raise UsageError(f"cloud must be one of {', '.join(_pde.CLOUDS)}, got {cloud!r}")
    t = t_yr * YR_S
    gamma = damping / YR_S
    if gamma * t > MAX_DAMPING_EFOLDS:
        raise UsageError(f"damping {damping:g} /yr over time {t_yr:g} yr damps the waves by "
                         f"e^-{gamma * t:.3g}: out of range")
    t_eff = math.expm1(gamma * t) / gamma if gamma > 0 else t
    kappa_ism = kappa_b / i_ism_value
    sol = similarity_solution(pi)
    kappa_nl = sol.kappa_nl * kappa_ism
    z_core, z_tail = sqrt(kappa_nl * t_eff), sqrt(kappa_ism * t_eff)
    d_ism = kappa_ism / (a * c_a)
    tau = c_a * t / a
    # the similarity solution holds once the core is much wider than the initial cloud
    spread = sqrt(min(kappa_nl, kappa_ism) * t_eff) / a
    if distance is not None:
        distances = _distances_pc(distance)
        if distances.size == 0 or not np.all(np.isfinite(distances) & (distances > 0)):
            raise UsageError(f"distances must be > 0, got {distances.tolist()!r}")
        distances = distances * PC_CM
    else:
        lo, hi = 0.1 * min(z_core, z_tail), 3 * z_tail
        distances = lo * (hi / lo) ** (np.arange(9) / 8)
    amplitude = kappa_b / (c_a * sqrt(t_eff))
    xis = distances / sqrt(t_eff)
    pde_section = None
    if pde:
        pde_section = _pde_section(pi, d_ism, damping / YR_S * a / c_a, cloud, tau, distances / a,
                                   kappa_b / (a * c_a), spread, damping == 0)
    break_ = None
    if spectrum:
        source = PowerLawSource(pi0=pi, kappa_ism0=kappa_ism, pi_index=pi_index, kappa_index=kappa_index,
                                i_ism_index=i_ism_index)
        break_ = spectral_break(float(xis[0]), source)
    return ConfinementResult(
        inputs={"pi": pi, "cloud_size_pc": cloud_size, "alfven_speed_km_s": alfven_speed,
                "kappa_bohm_cm2_s": kappa_b, "i_ism": i_ism, "time_yr": time, "damping_per_yr": damping},
        effective_time_yr=t_eff / YR_S, D_ISM=d_ism, tau=tau, core_spread=spread,
        F_exact=sol.F, F_normalising_formula5=factor_F(pi, "normalised"),
        kappa_ism_cm2_s=kappa_ism, kappa_nl_cm2_s=kappa_nl, kappa_core_cm2_s=kappa_ism * exp(-pi),
        core_edge_pc=z_core / PC_CM, tail_start_pc=z_tail / PC_CM, has_pedestal=bool(kappa_nl < kappa_ism),
        core_height=float(sol.core_height / sqrt(kappa_ism) * amplitude), self_similar=bool(spread > 3),
        z_pc=distances / PC_CM, zone=tuple(_zone(xi, kappa_nl, kappa_ism) for xi in xis),
        P_CR=sol.shape(xis, kappa_ism) * amplitude,
        P_CR_formula5=interpolation_profile(xis, kappa_nl, kappa_ism) * amplitude,
        I=sol.wave(xis, kappa_ism) * kappa_b * exp(-gamma * t), pde=pde_section, spectrum=break_)


def _distances_pc(distance) -> np.ndarray:
    """Distances in pc from numbers (pc), unit strings or an astropy Quantity (array)."""
    if hasattr(distance, "unit"):
        return np.atleast_1d(np.asarray([in_unit("distance", d, "length", "pc") for d in np.atleast_1d(distance)]))
    values = [distance] if isinstance(distance, str) else list(np.atleast_1d(np.asarray(distance, dtype=object)))
    return np.array([in_unit("distance", d, "length", "pc") for d in values], dtype=float)


def _pde_section(pi, d_ism, gamma, cloud, tau, x, eps, spread, undamped) -> dict:
    """The time-dependent solution at the distances ``x`` (in cloud sizes), in physical units."""
    if spread > PDE_MAX_SPREAD:
        return {"skipped": f"the core has spread {spread:.3g} cloud sizes (> {PDE_MAX_SPREAD:g}): the "
                           "self-similar profile above is the solution"}
    try:
        sol = _pde.solve_escape([tau], pi, d_ism, gamma, cloud)
    except RuntimeError as exc:
        raise UsageError(f"the time-dependent solution failed for these parameters: {exc}") from None
    out = {"P_CR": [float(v) for v in np.interp(x, sol.centres, sol.p[-1], right=0.0) * eps],
           "content_error": float(abs(sol.content()[-1] / pi - 1)),
           "quasilinear_residual": float(sol.quasilinear_residual()[-1]), "cells": sol.stats["cells"],
           "damping_normalised": gamma, "cloud": cloud, "time_map": bool(sol.stats.get("time_map", False))}
    if undamped:
        out["l1_vs_similarity"] = sol.compare_similarity(-1)["l1_similarity"]
    return out


def _text(d: dict) -> str:
    """The readable report of :func:`confinement` (what the CLI prints without ``--json``)."""
    n = d["normalised"]
    lines = [
        f"Pi = {d['inputs']['pi']:g}   D_ISM = kappa_B/(a C_A I_ISM) = {n['D_ISM']:.4g}   C_A t/a = {n['tau']:.4g}",
        f"F(Pi) = {d['F_exact']:.6g} (exact core height; {d['F_normalising_formula5']:.6g} normalises (5))",
        f"kappa_ISM = {d['kappa_ism_cm2_s']:.4g} cm^2/s   D_NL -> kappa_NL = {d['kappa_nl_cm2_s']:.4g} cm^2/s"
        f"   (core kappa_B/I = {d['kappa_core_cm2_s']:.4g})",
        f"zones: core z < {d['zones_pc']['core_edge']:.4g} pc, "
        + (f"pedestal (P ~ 1/z) to {d['zones_pc']['tail_start']:.4g} pc, " if d["zones_pc"]["has_pedestal"] else "")
        + f"tail beyond {max(d['zones_pc']['tail_start'], d['zones_pc']['core_edge']):.4g} pc",
        f"core height P_CR(0) = {d['core_height']:.4g}",
    ]
    if not d["self_similar"]:
        lines.append(f"note: the core has spread only {n['core_spread_in_cloud_sizes']:.3g} cloud sizes; "
                     "the self-similar profile below is not yet reached (use --pde)")
    header = f"{'z [pc]':>11} {'zone':>9} {'P_CR selfsim':>12} {'formula (5)':>12} {'rel.err':>8} {'I selfsim':>11}"
    if d["inputs"]["damping_per_yr"] > 0:
        lines.append(f"damping: the undamped solution at t_eff = (e^(Gamma t) - 1)/Gamma = "
                     f"{d['effective_time_yr']:.4g} yr, I times e^(-Gamma t) (exact substitution, eq. 2)")
    pde_rows = "pde" in d and "P_CR" in d["pde"]
    if pde_rows:
        header += f" {'P_CR (PDE)':>12}"
    lines.append(header)
    for k, r in enumerate(d["profile"]):
        line = (f"{r['z_pc']:11.4g} {r['zone']:>9} {r['P_CR']:12.4e} {r['P_CR_formula5']:12.4e} "
                f"{r['formula5_rel_error']:8.3f} {r['I']:11.4e}")
        if pde_rows:
            line += f" {d['pde']['P_CR'][k]:12.4e}"
        lines.append(line)
    if "pde" in d and not pde_rows:
        lines.append(f"PDE skipped: {d['pde']['skipped']}")
    if pde_rows:
        p = d["pde"]
        lines.append(f"PDE: {p['cells']} cells, CR content error {p['content_error']:.1e}, "
                     f"quasilinear-integral residual {p['quasilinear_residual']:.1e}"
                     + (f", L1 distance from the similarity profile {p['l1_vs_similarity']:.2e}"
                        if "l1_vs_similarity" in p else ""))
    if "spectrum" in d:
        s = d["spectrum"]
        if s["p_break_criterion"] is None:
            lines.append("spectrum: no break (z^2/t = D_NL(p)) for p/p0 in [1e-4, 1e4]")
        else:
            lines.append(f"spectral break at z = {s['distance_pc']:.4g} pc: p/p0 = {s['p_break_criterion']:.4g} "
                         "(z^2/t = D_NL(p)); exact spectrum's mid-slope break "
                         + (f"{s['p_break_measured']:.4g}; " if s["p_break_measured"] is not None else "not found; ")
                         + f"slope d ln P/d ln p {s['slope_below']:.3g} below, {s['slope_above']:.3g} above")
    return "\n".join(lines)
