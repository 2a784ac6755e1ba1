"""Analytic predictions the backtracker is compared with — injected, never re-typed here.

The formulas (sum rules of seed 002 eqs. 2.5–2.7, the shot noise of eq. 3.1, the
generalised-BGK C_l of eq. 4.7, the BGK tensor of seed 003 eq. 5) are derived by the multipoles
topic (``cranisotropy.numerics.multipoles``).  :class:`Predictions` holds callables with the
signatures below; :func:`default_predictions` wires them to that topic; a ``None`` entry (a
``Predictions`` made by hand) makes the analysis report "pending" for that comparison.

Signatures (tensors as 3x3 arrays in L_c^2 c/L_c = L_c units, gradient g = grad n/n in 1/L_c,
T = path length c T in L_c):

- ``sum_rules(K_sym, K_rel, g, T) -> {"total": ..., "monopole": ..., "multipoles": ...}``: the
  predicted (1/4 pi) sum_l (2l+1) <C_l>, (1/4 pi) <C_0> and (1/4 pi) sum_{l>=1} (2l+1) <C_l>;
- ``shot_noise(K_sym, g, T, n_pix) -> float``: the noise level N of <C_l>;
- ``bgk_ratios(p, lmax, form) -> array``: <C_l>/<C_1> for l = 1..lmax for nu_r propto (1 - x)^p
  (``p`` a string fraction, e.g. "1/2"; ``form`` "printed" = eq. 4.7 as printed, "consistent" =
  the multipoles topic's solution of eq. 4.6 with the solvability term);
- ``standard_dipole(K, g) -> float``: C_1 = 4 pi |K g|^2 of standard diffusion (eq. 1.1);
- ``bgk_coefficients(nu, Omega) -> {"parallel", "perpendicular", "antisymmetric", ...}`` (item
  access): the BGK diffusion tensor of seed 003 eq. 5 (units c = 1).
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
    """The multipoles topic's functions (``cranisotropy.numerics.multipoles``)."""
    from cranisotropy.numerics.multipoles import (diffusion_tensor, generalized_bgk_ratios,
                                                  multipole_shot_noise, multipole_sum_rules,
                                                  standard_dipole_power)

    return Predictions(
        sum_rules=multipole_sum_rules,
        shot_noise=multipole_shot_noise,
        bgk_ratios=lambda p, lmax, form="printed": generalized_bgk_ratios(float(Fraction(p)), lmax, form=form),
        standard_dipole=standard_dipole_power,
        bgk_coefficients=diffusion_tensor,
        source="cranisotropy.numerics.multipoles: multipole_sum_rules, multipole_shot_noise, "
               "standard_dipole_power, generalized_bgk_ratios, diffusion_tensor")
