"""Validation campaign and benchmark of the Chapman–Enskog coefficients (``cranisotropy validate
chapman-enskog`` / ``bench chapman-enskog``).

Three independent routes meet here: the hierarchy (exact or numerical,
:func:`~cranisotropy.numerics.chapman_enskog.coefficients.transport_coefficients`), the
spectral slowest eigenvalue (double precision on mapped elements; mpmath Legendre for
polynomial D) and the Monte Carlo of the generated particle SDE.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.results import Result
from cranisotropy.derivations.chapman_enskog import hierarchy as ce
from cranisotropy.derivations.chapman_enskog.pitch_angle import mu
from cranisotropy.numerics.chapman_enskog import monte_carlo as mc
from cranisotropy.numerics.chapman_enskog import spectral as spc
from cranisotropy.numerics.chapman_enskog.coefficients import transport_coefficients
from cranisotropy.numerics.chapman_enskog.series import scattering_profile, series_with_error
from cranisotropy.numerics.evidence import pull

#: (label, D, required double-precision digits)
SPECTRAL_CASES = (
    ("1", sp.Integer(1), 12),
    ("1 + mu^2", 1 + mu**2, 12),
    ("2/(2 + mu)", 2 / (2 + mu), 12),
    ("|mu|^(2/3)  (q = 5/3)", sp.Abs(mu) ** sp.Rational(2, 3), 10),
    ("|mu|^(1/2)  (q = 3/2)", sp.Abs(mu) ** sp.Rational(1, 2), 10),
)
#: (label, D, coefficients of D in mu, required digits, Legendre modes)
MP_CASES = (
    ("1", sp.Integer(1), (1,), 25, 24),
    ("1 + mu^2", 1 + mu**2, (1, 0, 1), 25, 50),
)
#: Monte Carlo z-score beyond which a checked cumulant rate fails
MAX_PULL = 4.0


def series_digits(reference: dict, measured, order: int) -> tuple[float, dict]:
    """Agreement in significant digits: -log10 of the worst relative error over n = 2..order.
    A coefficient is measured against the size of the series at its order, max(|c_n|, |c_n-1|,
    |c_n+1|), so that the exactly vanishing odd orders of a symmetric D count too.

    >>> series_digits({1: 0, 2: 1.0, 3: 0}, [0, 0, 1.0 + 1e-9, 1e-12], 3)[0] > 8.9
    True
    """
    worst, per = 0.0, {}
    for n in range(2, order + 1):
        scale = max(abs(reference[k]) for k in (n - 1, n, n + 1) if k in reference)
        err = abs(measured[n] - reference[n]) / scale
        per[n] = float(err)
        worst = max(worst, float(err))
    return (float(-math.log10(worst)) if worst > 0 else math.inf), per


def spectral_agreement(label: str, D, required: float, order: int = 8) -> dict:
    """Digits of agreement of the series c_2..c_order with the spectral Taylor coefficients."""
    result = transport_coefficients(D, order)
    spectral = spc.eigenvalue_series(D, order)
    digits, per = series_digits({n: c.value for n, c in result.series.items()},
                                spectral.coefficients.real, order)
    return {"D": label, "digits": round(digits, 2), "required": required, "ok": digits >= required,
            "method": result.method, "rel_errors": per,
            "spectral_error_estimate": float(np.max(spectral.errors[2:order + 1]))}


def mp_agreement(label: str, D, coeffs, required: float, size: int, order: int = 8,
                 dps: int = 40) -> dict:
    """Digits of agreement at ``dps`` digits: exact rationals (1/D polynomial) or the numerical
    hierarchy against the mpmath Legendre-Galerkin eigenvalue (Rayleigh-quotient iteration)."""
    with mpmath.workdps(dps):
        if ce.polynomial_inverse(D) is not None:
            exact = ce.series_coefficients(ce.isotropic_equation(D, order))
            ref = {n: mpmath.mpf(v.p) / v.q for n, v in exact.items()}
            source = "exact rationals"
        else:
            vals, _ = series_with_error(scattering_profile(D), order, dps=dps)
            ref = {n: vals[(n, 0)] for n in range(1, order + 1)}
            source = f"numerical hierarchy ({dps} digits)"
        radius = 0.25 / float(ce.transport_coefficients(ref)["kappa"])
        spec = spc.mp_spectral_taylor(list(coeffs), order, radius=radius, points=48, size=size, dps=dps)
        digits, per = series_digits(ref, [c.real for c in spec], order)
    return {"D": label, "digits": round(digits, 2), "required": required, "ok": digits >= required,
            "reference": source, "rel_errors": {n: float(e) for n, e in per.items()}}


def mc_agreement(label: str, D, particles: int, sigma: float = 0.0, check=(2, 4),
                 dt: float = 5e-3, seed: int = 20261122) -> dict:
    """Monte Carlo cumulant rates against the prediction of the series (eps = 1); the rates
    ``check`` must agree within :data:`MAX_PULL` standard errors."""
    predicted = mc.predicted_cumulant_rates(
        transport_coefficients(D, 12, sigma) if sigma else transport_coefficients(D, 4))
    res = mc.cumulant_rates(D, sigma=sigma, particles=particles, dt=dt, seed=seed)
    rows = []
    for j in (1, 2, 3, 4):
        z = pull(res.rates[j], res.errors[j], predicted[j])
        rows.append({"cumulant": j, "predicted": predicted[j], "measured": res.rates[j],
                     "stat_error": res.errors[j], "z": float(z),
                     "dt_bias_estimate": abs(res.rates[j] - res.fine_only[j]),
                     "checked": j in check, "ok": bool(abs(z) < MAX_PULL or j not in check)})
    return {"D": label, "sigma": sigma, "particles": res.particles, "dt": res.dt,
            "window": res.window, "seconds": round(res.seconds, 1), "rows": rows,
            "ok": all(r["ok"] for r in rows)}


@dataclass(frozen=True)
class ChapmanEnskogValidation(Result):
    """Outcome of :func:`validate_chapman_enskog`; ``to_dict()`` is the ``--json`` document."""

    ok: bool
    seed: int
    spectral_double: list
    spectral_mpmath: list
    monte_carlo: list
    figure: str | None
    seconds: float

    def __str__(self) -> str:
        lines = ["spectral (double precision): digits of agreement, c_2..c_8"]
        for r in self.spectral_double:
            lines.append(f"  {'ok' if r['ok'] else 'FAIL':4} D = {r['D']:24} {r['digits']:6.2f} digits "
                         f"(required {r['required']})")
        lines.append("spectral (mpmath, Legendre + Rayleigh-quotient iteration)")
        for r in self.spectral_mpmath:
            lines.append(f"  {'ok' if r['ok'] else 'FAIL':4} D = {r['D']:24} {r['digits']:6.2f} digits "
                         f"(required {r['required']}; reference: {r['reference']})")
        lines.append("Monte Carlo: growth rates of the cumulants of z (eps = 1)")
        for m in self.monte_carlo:
            lines.append(f"  D = {m['D']}, {m['particles']} particles, dt = {m['dt']}, window "
                         f"{m['window']}, {m['seconds']} s")
            for row in m["rows"]:
                mark = ("ok" if row["ok"] else "FAIL") if row["checked"] else "  "
                lines.append(f"    {mark:4} kappa_{row['cumulant']}: predicted {row['predicted']:+.5f}  "
                             f"measured {row['measured']:+.5f} +- {row['stat_error']:.5f}  "
                             f"(z = {row['z']:+.2f}, dt bias ~ {row['dt_bias_estimate']:.1e})")
        if self.figure:
            lines.append(f"figure: {self.figure}")
        lines.append(f"seed {self.seed}, {self.seconds} s")
        return "\n".join(lines)


def validate_chapman_enskog(particles: int = 1_000_000, *, quick: bool = False,
                            seed: int = 20261122, figure_dir=None) -> ChapmanEnskogValidation:
    """Check the Chapman–Enskog coefficients against the spectral eigenvalue and a Monte Carlo.

    (1) The series c_2..c_8 against the Taylor coefficients of the slowest eigenvalue: double
    precision (>= 12 digits for smooth D, >= 10 for ``|mu|^(q-1)``) and mpmath (>= 25 digits for
    D = 1 and D = 1 + mu^2); (2) the cumulant growth rates of z in a Monte Carlo of the
    generated particle SDE (D = 1; also D = 2/(2 + mu) and focusing sigma = 0.5), within 4
    standard errors.

    Parameters
    ----------
    particles : int
        Monte Carlo particles of the main run (>= 20000; divided by 10 with ``quick``).
    quick : bool, keyword-only
        Fewer particles and cases (about a minute).
    seed : int, keyword-only
        Monte Carlo seed (the same seed gives the same numbers).
    figure_dir : str or path, optional, keyword-only
        Write the dispersion figure (see :func:`chapman_enskog_figures`) into this folder.

    Returns
    -------
    ChapmanEnskogValidation
        ``ok``, the per-case rows of each check, the figure path and the run time;
        ``to_dict()`` is the ``--json`` output of ``cranisotropy validate chapman-enskog``.

    Examples
    --------
    >>> report = validate_chapman_enskog(quick=True)     # doctest: +SKIP
    >>> report.ok, [row["digits"] >= 12 for row in report.spectral_double[:3]]  # doctest: +SKIP
    (True, [True, True, True])

    One row of the campaign, fast:

    >>> from cranisotropy.numerics.chapman_enskog.campaign import spectral_agreement
    >>> spectral_agreement("1", "1", 12)["ok"]
    True
    """
    from cranisotropy.core.progress import progress
    from cranisotropy.numerics.chapman_enskog.plots import chapman_enskog_figures

    if particles < 20_000:
        raise UsageError(f"particles must be >= 20000 for meaningful errors, got {particles}")
    start = time.perf_counter()
    spectral = [spectral_agreement(*case) for case in progress(SPECTRAL_CASES, desc="spectral")]
    multi = [mp_agreement(label, D, c, req, size) for label, D, c, req, size in
             progress(MP_CASES[:1] if quick else MP_CASES, desc="mpmath spectral")]
    n = max(particles // (10 if quick else 1), 20_000)
    monte = [mc_agreement("1", sp.Integer(1), n, seed=seed)]
    if not quick:
        monte.append(mc_agreement("2/(2 + mu)", 2 / (2 + mu), n // 2, check=(2, 3), seed=seed + 1))
        monte.append(mc_agreement("1 (focusing sigma = 0.5)", sp.Integer(1), n // 2, sigma=0.5,
                                  check=(1, 2), seed=seed + 2))
    figure = None if figure_dir is None else str(chapman_enskog_figures(figure_dir)[0])
    ok = all(r["ok"] for r in spectral + multi + monte)
    return ChapmanEnskogValidation(ok, seed, spectral, multi, monte, figure,
                                   round(time.perf_counter() - start, 1))


# --------------------------------------------------------------------------- benchmark

@dataclass(frozen=True)
class ChapmanEnskogBenchmark(Result):
    """Rows of :func:`bench_chapman_enskog`; ``to_dict()`` is the ``--json`` document."""

    benchmarks: list

    @property
    def ok(self) -> bool:
        """Every task within its target."""
        return all(r["ok"] for r in self.benchmarks)

    def __str__(self) -> str:
        return "\n".join(f"{'ok' if r['ok'] else 'SLOW':4} {r['task']:40} {r['seconds']:8.3f} s  "
                         f"(first call {r['first_call_seconds']:.3f} s; target {r['target_seconds']:g} s)"
                         for r in self.benchmarks)


def bench_chapman_enskog(repeat: int = 2) -> ChapmanEnskogBenchmark:
    """Seconds to derive the series and to run the Monte Carlo, against targets.

    Tasks: order 4 for a symbolic D (kernels + compact forms, target 5 s); order 8 for D = 1
    with focusing (exact) and for D = 1 + mu^2 (closed-form kappa + 40-digit numerical
    hierarchy), target 60 s each; the Monte Carlo driver with 50 000 particles (t <= 12,
    dt = 5e-3) for the committed kernel (D = 1) and a kernel built for a user formula
    (D = 2/(2 + mu)), target 30 s each.

    Parameters
    ----------
    repeat : int
        Repetitions after the first call; the best is reported.

    Returns
    -------
    ChapmanEnskogBenchmark
        One row per task: seconds (best), first-call seconds (cold caches), target, ok.

    Examples
    --------
    >>> rows = bench_chapman_enskog(repeat=1).benchmarks     # doctest: +SKIP
    >>> [row["task"] for row in rows][:2]                      # doctest: +SKIP
    ['order 4, symbolic D(mu)', 'order 8, D = 1 (with focusing)']
    """
    from cranisotropy.derivations.chapman_enskog import iterated as it
    from cranisotropy.numerics.kernel_checks import _best_time

    if isinstance(repeat, bool) or not isinstance(repeat, int) or repeat < 1:
        raise UsageError(f"repeat must be an integer >= 1, got {repeat!r}")

    def symbolic():
        it._derive.cache_clear()
        it.compact_isotropic_equation(4)

    def exact_one():
        ce._exact_gammas.cache_clear()
        ce.isotropic_equation(sp.Integer(1), 8, focusing=True)

    def monte_carlo(D):
        return lambda: mc.cumulant_rates(D, particles=50_000, dt=5e-3, seed=1)

    rows = [("order 4, symbolic D(mu)", symbolic, 5.0),
            ("order 8, D = 1 (with focusing)", exact_one, 60.0),
            ("order 8, D = 1 + mu^2", lambda: transport_coefficients(1 + mu**2, 8), 60.0),
            ("Monte Carlo 5e4 particles, D = 1", monte_carlo(sp.Integer(1)), 30.0),
            ("Monte Carlo 5e4 particles, D = 2/(2 + mu)", monte_carlo(2 / (2 + mu)), 30.0)]
    out = []
    for name, fn, target in rows:
        cold = _best_time(fn, 1)          # first call in this process (caches cold)
        seconds = _best_time(fn, repeat)
        out.append({"task": name, "seconds": round(seconds, 3), "first_call_seconds": round(cold, 3),
                    "target_seconds": target, "ok": max(seconds, cold) <= target})
    return ChapmanEnskogBenchmark(out)
