"""The coefficient catalogue behind docs/coefficients.md and docs/coefficients.json.

Everything here comes from the topic derivations (exact forms) and their high-precision
evaluators (mpmath or exact arithmetic), so the tables are deterministic: `cranisotropy
regenerate` rewrites them byte-identically.  Each entry is ``{"exact": text | None, "value":
float}``; values are rounded once, from >= 30-digit numbers, and printed with 16 digits.

>>> entry(sp.Rational(11, 270))
{'exact': '11/270', 'value': 0.040740740740740744}
"""
from __future__ import annotations

import json

import mpmath as mp
import sympy as sp

#: scattering models tabulated for the Chapman–Enskog series: (label, formula in mu, order)
CE_MODELS = (
    ("isotropic", "1", 8),
    ("polynomial", "1 + mu^2", 8),
    ("asymmetric", "2/(2 + mu)", 8),
    ("quasi-linear q = 5/3", "abs(mu)^(2/3)", 4),
    ("quasi-linear q = 3/2", "abs(mu)^(1/2)", 4),
)
#: declination bands of the observation-side tables (degrees)
BANDS = (("IceCube", -90, -25), ("HAWC", -26, 64))
COUPLING_LMAX = 6
MULTIPOLE_LMAX = 10


def entry(exact, value=None) -> dict:
    """``{"exact", "value"}`` from an exact sympy number (value from 30-digit evaluation)."""
    if exact is not None:
        exact = sp.sympify(exact)  # safe-input-checked: derived numbers
        value = float(sp.N(exact, 30)) if value is None else value
    return {"exact": None if exact is None else sp.sstr(exact), "value": float(value)}


def chapman_enskog_tables() -> list[dict]:
    """The series d f0/dt = sum_n c_n eps^n d^n f0/dz^n and kappa, K, tau for standard D(mu)."""
    from cranisotropy.numerics.chapman_enskog import transport_coefficients

    out = []
    for label, formula, order in CE_MODELS:
        res = transport_coefficients(formula, order)
        coefficient = lambda c: {"exact": None if c.exact is None else sp.sstr(c.exact),  # noqa: E731
                                 "value": float(c.value)}
        out.append({"model": label, "D": formula, "order": order, "method": res.method,
                    "kappa": coefficient(res.kappa), "hyperdiffusion": coefficient(res.hyperdiffusion),
                    "tau_slow": coefficient(res.tau_slow),
                    "series": [dict(n=n, **coefficient(c)) for n, c in res.series.items()]})
    return out


def beam_constants(digits: int = 30) -> dict:
    """Outer eigenvalues (Frobenius/Wronskian, mpmath) and the matched beam constants at u = 0."""
    from cranisotropy.derivations.beam import inner as bi
    from cranisotropy.numerics.beam import outer as nb

    spectrum = nb.outer_spectrum(0.0, 5)
    with mp.workdps(digits + 10):
        lams = [nb.outer_eigenvalue_mp(float(g), 0, digits) for g in spectrum.positive]
        consts = nb.outer_constants_mp(lams[0], 0, digits)
        j1 = mp.besseljzero(1, 1)
        lam1 = lams[0]

        def value(form):  # the derived form at lambda1, j1 (mpmath, `digits` digits)
            return sp.N(form.subs({bi.lam: sp.Float(lam1, digits + 5), bi.j1: sp.Float(j1, digits + 5)}),
                        digits + 5)

        forms = {
            "b_over_eps": bi.width_parameter().subs(bi.eps, 1),
            "excess_over_eps": bi.leading_excess().subs({bi.u: 0, bi.eps: 1}),
            "threshold_A_qc_4.65": bi.threshold_constant().subs(bi.qc, sp.Rational(93, 20)),
        }
        values = {key: (form, value(form)) for key, form in forms.items()}
        values["dlambda_over_b2"] = (bi.eigenvalue_shift(False).subs({bi.u: 0, bi.Phi1: 1}) / bi.b**2,
                                     consts["dlambda_over_b2"])
        table = {
            "lambda": [{"k": k + 1, "exact": None, "value": float(v)} for k, v in enumerate(lams)],
            "j1": {"exact": "first positive zero of J_1", "value": float(j1)},
            "U1_over_Phi1_squared": {"exact": None, "value": float(consts["U1"])},
        }
        for key, (form, value) in values.items():
            table[key] = {"exact": sp.sstr(form), "value": float(value)}
    return table


def multipole_tables(lmax: int = MULTIPOLE_LMAX) -> dict:
    """Asymptotic hierarchy ratios (eq. 21), generalised-BGK ratios (both forms), BGK tensor."""
    from cranisotropy.derivations.multipoles import bgk
    from cranisotropy.derivations.multipoles import hierarchy as dm
    from cranisotropy.derivations.multipoles import relative_diffusion as rd

    ps = (sp.Rational(1, 3), sp.Rational(1, 2), sp.Rational(2, 3))
    return {
        "hierarchy_asymptotic_ratio": [dict(l=l, **entry(dm.asymptotic_ratio().subs(dm.l, l)))
                                       for l in range(1, lmax + 1)],
        "generalized_bgk_ratio": {
            f"p = {p}": [{"l": l, "printed": entry(rd.generalized_bgk_ratio(l, p)),
                          "consistent": entry(rd.generalized_bgk_ratio(l, p, consistent=True))}
                         for l in range(1, lmax + 1)] for p in ps},
        "bgk_diffusion_coefficients": {k: sp.sstr(v) for k, v in
                                       bgk.anisotropic_coefficients().items()},
    }


def coupling_tables(lmax: int = COUPLING_LMAX) -> dict:
    """Transfer matrices M_ll' with m = 0 filtered (eq. A.2) for the tabulated bands: exact 3j
    algebra on band weights evaluated at 40 digits (symbolic sin(13 pi/90) would only slow sympy)."""
    from cranisotropy.numerics.sky.coupling import transfer_matrix_exact
    from cranisotropy.numerics.sky.geometry import Band

    return {name: {"dec_min": lo, "dec_max": hi, "lmax": lmax,
                   "transfer_matrix": transfer_matrix_exact(Band(lo, hi), lmax).tolist()}
            for name, lo, hi in BANDS}


def catalogue() -> dict:
    """Everything, JSON-able and deterministic."""
    return {"chapman_enskog": chapman_enskog_tables(), "beam": beam_constants(),
            "multipoles": multipole_tables(), "coupling": coupling_tables()}


# --------------------------------------------------------------------------- rendering

def _v(x: float) -> str:
    return f"{x:.16g}"


def _cell(e: dict) -> str:
    exact = e.get("exact")
    return (f"`{exact}` = {_v(e['value'])}" if exact not in (None, _v(e["value"])) else _v(e["value"]))


def render_markdown(cat: dict) -> str:
    lines = ["# Coefficient tables", "",
             "Generated by `cranisotropy regenerate` (byte-identical run to run; JSON twin:",
             "`docs/coefficients.json`). Exact forms where the derivation has one, and 16-digit values",
             "from >= 30-digit evaluation. Where they come from: docs/chapman_enskog.md, docs/beam.md,",
             "docs/multipoles.md, docs/sky.md.", "",
             "## Chapman–Enskog series (seed 000, Sec. III)", "",
             "d f0/dt = sum_n c_n eps^n d^n f0/dz^n (t in 1/nu, z in l, sigma = 0); kappa, K and tau",
             "refer to the slow time T = eps^2 t/4 (eqs. 10–12).", ""]
    for model in cat["chapman_enskog"]:
        lines += [f"### D(mu) = {model['D']} ({model['model']})", "", f"Method: {model['method']}.", "",
                  "| quantity | value |", "|---|---|",
                  f"| kappa | {_cell(model['kappa'])} |",
                  f"| hyperdiffusion K | {_cell(model['hyperdiffusion'])} |",
                  f"| tau_slow = K/kappa^2 | {_cell(model['tau_slow'])} |"]
        lines += [f"| c_{c['n']} | {_cell(c)} |" for c in model["series"]] + [""]
    beam = cat["beam"]
    lines += ["## Beam constants (seed 001, u = 0)", "",
              "| quantity | exact form | value |", "|---|---|---|"]
    lines += [f"| lambda_{e['k']} | root of the Frobenius Wronskian | {_v(e['value'])} |" for e in beam["lambda"]]
    for key in ("j1", "U1_over_Phi1_squared", "b_over_eps", "excess_over_eps", "dlambda_over_b2",
                "threshold_A_qc_4.65"):
        e = beam[key]
        lines.append(f"| {key} | {('`' + e['exact'] + '`') if e['exact'] else '–'} | {_v(e['value'])} |")
    mult = cat["multipoles"]
    lines += ["", "## Multipoles (seeds 002, 003, 004)", "",
              "Asymptotic hierarchy ratio C_l/C_1 for T → ∞ (eq. 21, derived):", "",
              "| l | C_l/C_1 |", "|---|---|"]
    lines += [f"| {e['l']} | {_cell(e)} |" for e in mult["hierarchy_asymptotic_ratio"]]
    lines += ["", "Generalised BGK C_l/C_1, nu_r ∝ (1-x)^p (printed = 002 eq. 4.7; consistent = the",
              "solution of eq. 4.6, see docs/multipoles.md):", ""]
    for p, rows in mult["generalized_bgk_ratio"].items():
        lines += [f"{p}:", "", "| l | printed | consistent |", "|---|---|---|"]
        lines += [f"| {r['l']} | {_cell(r['printed'])} | {_cell(r['consistent'])} |" for r in rows] + [""]
    lines += ["BGK diffusion (003 eqs. 5–6; 004 eqs. 52–53):", "", "| coefficient | exact |", "|---|---|"]
    lines += [f"| {k} | `{v}` |" for k, v in mult["bgk_diffusion_coefficients"].items()]
    lines += ["", "## Transfer matrices with m = 0 filtered (seed 004, eq. A.2)", ""]
    for name, band in cat["coupling"].items():
        n = band["lmax"] + 1
        lines += [f"{name}: {band['dec_min']}° < δ < {band['dec_max']}°, rows l, columns l' = 0..{n - 1}:", "",
                  "| l \\ l' | " + " | ".join(str(j) for j in range(n)) + " |", "|---" * (n + 1) + "|"]
        lines += [f"| {i} | " + " | ".join(_v(x) for x in row) + " |"
                  for i, row in enumerate(band["transfer_matrix"])] + [""]
    return "\n".join(lines)


def render_json(cat: dict) -> str:
    return json.dumps(cat, indent=1, sort_keys=True, allow_nan=False) + "\n"
