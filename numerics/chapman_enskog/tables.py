"""The generated tables of docs/chapman_enskog.md (artifact ``ce-tables`` of ``cranisotropy
regenerate``): deterministic Markdown from the public API."""
from __future__ import annotations

import sympy as sp

from cranisotropy.derivations.chapman_enskog import hierarchy as ce
from cranisotropy.numerics.chapman_enskog.coefficients import (symbolic_transport_equation,
                                                               transport_coefficients)

#: (Markdown label, D) of the tabulated scattering functions
TABLE_CASES = (
    ("1", "1"),
    ("2/(2+mu)", "2/(2 + mu)"),
    ("1+mu^2", "1 + mu^2"),
    ("\\|mu\\|^(2/3)", "abs(mu)^(2/3)"),
    ("\\|mu\\|^(1/2)", "abs(mu)^(1/2)"),
)


def _cell(c) -> str:
    if c.exact is not None:
        text = str(c.exact)
        return f"`{text}`" if c.exact.is_Rational else f"`{text}` = {c.value:.12g}"
    return f"{c.value:.15g}"


def chapman_enskog_tables(order: int = 8) -> str:
    """Markdown tables of the Chapman–Enskog results for docs/chapman_enskog.md.

    Eq. (9) for a symbolic D, kappa, K and tau and the series c_1..c_order for the standard
    scattering functions (:data:`TABLE_CASES`), and the focused rates for D = 1.  The text is
    the same byte for byte on every run (``cranisotropy regenerate --check`` compares it).

    Parameters
    ----------
    order : int
        Highest order of the series table.

    Returns
    -------
    str
        The Markdown text (between the ``ce-tables`` markers of the page).

    Examples
    --------
    >>> text = chapman_enskog_tables(order=4)        # doctest: +SKIP
    >>> "| 1 | `2/3` | `11/270` | `11/120` |" in text  # doctest: +SKIP
    True
    """
    symbolic = symbolic_transport_equation(4)
    out = ["### Symbolic D(mu): eq. (9) as derived", "",
           "With P = d_z + sigma/2 (the paper's d''_z) and S = sigma^2/16, "
           "d f0/dt = sum_n eps^n gamma_n f0:", "", "| n | gamma_n | in d_z, sigma |", "|---|---|---|"]
    in_d_z = symbolic.gamma_in_d_z_sigma()
    for n, g in symbolic.gamma.items():
        out.append(f"| {n} | `{sp.factor(g)}` | `{in_d_z[n]}` |")
    out += ["", "where " + "; ".join(f"`{t}`" for t in symbolic.functionals.values()) + ".", ""]
    results = [(label, transport_coefficients(D, order)) for label, D in TABLE_CASES]
    out += ["### Transport coefficients (slow time T = eps^2 t/4)", "",
            "| D(mu) | kappa | K | tau/eps^2 = K/kappa^2 | method |", "|---|---|---|---|---|"]
    for label, r in results:
        out.append(f"| {label} | {_cell(r.kappa)} | {_cell(r.hyperdiffusion)} | {_cell(r.tau_slow)} "
                   f"| {r.method} |")
    out += ["", "### Series d f0/dt = sum c_n eps^n d^n f0/dz^n (t, z as in eq. 6, sigma = 0)", "",
            "| n | " + " | ".join(label for label, _ in results) + " |",
            "|---|" + "---|" * len(results)]
    for n in range(1, order + 1):
        out.append(f"| {n} | " + " | ".join(_cell(r.series[n]) for _, r in results) + " |")
    out += ["", "Values without a closed form come from the hierarchy solved on mapped Chebyshev "
            "elements at 40 digits (quoted to 15).", "",
            "### Focused transport, D = 1: gamma_n(d_z, sigma)", "", "| n | gamma_n |", "|---|---|"]
    for n, g in ce.isotropic_equation(sp.Integer(1), 6, focusing=True).items():
        out.append(f"| {n} | `{sp.factor(g)}` |")
    out.append("")
    return "\n".join(out)
