"""Analytic predictions the backtracker is compared with — injected, never re-typed here.

The formulas (sum rules of seed 002 eqs. 2.5–2.7, the shot noise of eq. 3.1, the
generalised-BGK C_l of eq. 4.7) are derived by the multipoles topic
(``cranisotropy.numerics.multipoles.hierarchy`` / ``relative_diffusion``).  :class:`Predictions` holds
callables with the signatures below; :func:`default_predictions` wires them to that topic when
it is installed and leaves them ``None`` otherwise (the analysis then reports "pending").

Signatures (tensors as 3x3 arrays in L_c^2 c/L_c = L_c units, gradient g = grad n/n in 1/L_c,
T = path length c T in L_c):

- ``sum_rules(K_sym, K_rel, g, T) -> {"total": ..., "monopole": ..., "multipoles": ...}``: the
  predicted (1/4 pi) sum_l (2l+1) <C_l>, (1/4 pi) <C_0> and (1/4 pi) sum_{l>=1} (2l+1) <C_l>;
- ``shot_noise(K_sym, g, T, n_pix) -> float``: the noise level N of <C_l>;
- ``bgk_ratios(p, lmax, form) -> array``: <C_l>/<C_1> for l = 1..lmax for nu_r propto (1 - x)^p
  (``p`` a string fraction, e.g. "1/2"; ``form`` "printed" = eq. 4.7 as printed, "consistent" =
  the multipoles topic's solution of eq. 4.6 with the solvability term);
- ``standard_dipole(K, g) -> float``: C_1 = 4 pi |K g|^2 of standard diffusion (eq. 1.1);
- ``bgk_coefficients(nu, Omega) -> {"parallel", "perpendicular", "antisymmetric", ...}``: the BGK
  diffusion tensor of seed 003 eq. 5 (units c = 1).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable


@dataclass(frozen=True)
class Predictions:
    sum_rules: Callable | None = None
    shot_noise: Callable | None = None
    bgk_ratios: Callable | None = None
    standard_dipole: Callable | None = None
    bgk_coefficients: Callable | None = None
    source: str = "none"

    @property
    def available(self) -> dict[str, bool]:
        return {"sum_rules": self.sum_rules is not None, "shot_noise": self.shot_noise is not None,
                "bgk_ratios": self.bgk_ratios is not None,
                "standard_dipole": self.standard_dipole is not None,
                "bgk_coefficients": self.bgk_coefficients is not None}


def default_predictions() -> Predictions:
    """The multipoles topic's functions, if installed; otherwise an empty :class:`Predictions`."""
    try:
        from cranisotropy.numerics.multipoles import bgk
        from cranisotropy.numerics.multipoles import hierarchy as multipoles
        from cranisotropy.numerics.multipoles import relative_diffusion
    except ImportError:
        return Predictions(source="unavailable: cranisotropy.numerics.multipoles.hierarchy / relative_diffusion "
                                  "(issue 5) not installed")
    return Predictions(
        sum_rules=relative_diffusion.sum_rules,
        shot_noise=relative_diffusion.shot_noise,
        bgk_ratios=lambda p, lmax, form="printed": multipoles.generalized_bgk_ratios(
            float(Fraction(p)), lmax, form=form),
        standard_dipole=relative_diffusion.standard_dipole_power,
        bgk_coefficients=bgk.diffusion_coefficients,
        source="cranisotropy.numerics.multipoles.relative_diffusion, .multipoles, .bgk (issue 5)")
