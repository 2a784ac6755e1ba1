"""One entry point for the multipole spectrum C_l/C_1 of either model (``cranisotropy multipoles``).

- ``model="hierarchy"``: the consecutive multipole hierarchy of seed 003 eqs. 19-21
  (:mod:`cranisotropy.numerics.multipoles.hierarchy`);
- ``model="bgk"``: the generalised BGK of seed 002 eqs. 4.6-4.7
  (:mod:`cranisotropy.numerics.multipoles.generalized_bgk`), by default in its derived
  (consistent) form; the paper's printed eq. 4.7 is ``form="printed"``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cranisotropy.core.errors import UsageError
from cranisotropy.core.jsonable import jsonable
from cranisotropy.core.results import Result
from cranisotropy.numerics.multipoles import _inputs
from cranisotropy.numerics.multipoles.generalized_bgk import (BGK_FORMS, EQUATIONS, generalized_bgk_ratios,
                                                              generalized_bgk_slope)
from cranisotropy.numerics.multipoles.hierarchy import hierarchy_cl, hierarchy_ratios, hierarchy_total_power

__all__ = ["MODELS", "MultipoleSpectrum", "multipole_spectrum"]

#: the models of :func:`multipole_spectrum`
MODELS = ("hierarchy", "bgk")


@dataclass(frozen=True, eq=False)
class MultipoleSpectrum(Result):
    """C_l/C_1 of one model (see :func:`multipole_spectrum`); fields that do not apply are None."""

    model: str
    lmax: int
    equation: str
    ells: np.ndarray
    ratios: np.ndarray
    nu_t: float | None = None
    limit: str | None = None
    c1_over_initial_dipole: float | None = None
    total_power_fraction: float | None = None
    p: float | None = None
    form: str | None = None
    large_l_slope: float | None = None

    def to_dict(self) -> dict:
        """The JSON of ``cranisotropy multipoles --json`` (the keys of the model only)."""
        if self.model == "hierarchy":
            keys = ["model", "nu_t", "lmax", "limit", "equation", "ells", "ratios"]
            if self.nu_t is not None:
                keys += ["c1_over_initial_dipole", "total_power_fraction"]
        else:
            keys = ["model", "p", "form", "lmax", "equation", "large_l_slope", "ells", "ratios"]
        return jsonable({key: getattr(self, key) for key in keys})


def multipole_spectrum(model: str, lmax: int = 20, *, nu_t: float | None = None, p: float | None = None,
                       form: str | None = None) -> MultipoleSpectrum:
    """Multipole spectrum C_l/C_1, l = 1..lmax, of the transition hierarchy or the generalised BGK.

    Parameters
    ----------
    model : {"hierarchy", "bgk"}
        ``"hierarchy"``: consecutive multipole hierarchy, seed 003 eqs. 19-21, nu_l = l(l+1) nu;
        ``"bgk"``: generalised BGK with relative scattering rate nu_r ~ (1-x)^p, seed 002 eqs. 4.6-4.7.
    lmax : int
        Largest multipole (1..100000).
    nu_t : float, optional
        Hierarchy only: nu T >= 0 after a backtracking time T; None: the T -> oo limit
        18/((2l+1)(l+1)(l+2)) (eq. 21).
    p : float, optional
        BGK only: exponent 0 < p < 1 (default 1/2).
    form : {"consistent", "printed"}, optional
        BGK only: ``"consistent"`` (default), the derived solution of eq. 4.6; ``"printed"``, the
        paper's eq. 4.7 / 004 eq. 77 as published (it misses the solvability term).

    Returns
    -------
    MultipoleSpectrum
        ``.ells``, ``.ratios`` (C_l/C_1), ``.equation`` (which equation, labelled), and per model
        ``.nu_t``, ``.limit``, ``.c1_over_initial_dipole`` (C_1(T)/C~_1), ``.total_power_fraction``
        (hierarchy) or ``.p``, ``.form``, ``.large_l_slope`` (bgk); ``to_dict()`` is the JSON of
        ``cranisotropy multipoles``.

    See Also
    --------
    hierarchy_ratios, generalized_bgk_ratios

    Examples
    --------
    >>> from cranisotropy import multipole_spectrum
    >>> multipole_spectrum("hierarchy", 3).ratios.round(6)
    array([1.      , 0.3     , 0.128571])
    >>> s = multipole_spectrum("bgk", 2)
    >>> s.form, round(float(s.ratios[1]), 6), s.large_l_slope     # C_2/C_1 = 1/7
    ('consistent', 0.142857, -3.0)
    >>> round(float(multipole_spectrum("bgk", 2, form="printed").ratios[1] * 147), 10)   # the paper's 23/147
    23.0
    """
    model = _inputs.choice("model", model, MODELS)
    lmax = _inputs.lmax(lmax)
    ells = np.arange(1, lmax + 1)
    if model == "hierarchy":
        if p is not None or form is not None:
            raise UsageError("p and form apply only to model 'bgk'")
        if nu_t is None:
            return MultipoleSpectrum(model, lmax, "seed 003 eq. 21", ells, hierarchy_ratios(lmax),
                                     limit="T -> infinity (seed 003 eq. 21)")
        nu_t = _inputs.number("nu T", nu_t, nonnegative=True)
        return MultipoleSpectrum(model, lmax, "seed 003 eq. 20 (Bateman solution, nu_l = l(l+1) nu)", ells,
                                 hierarchy_ratios(lmax, nu_t), nu_t=nu_t,
                                 c1_over_initial_dipole=hierarchy_cl(1, nu_t),
                                 total_power_fraction=hierarchy_total_power(nu_t))
    if nu_t is not None:
        raise UsageError("nu_t applies only to model 'hierarchy' (the generalised BGK spectrum is stationary)")
    p = 0.5 if p is None else _inputs.exponent(p)
    form = BGK_FORMS[0] if form is None else _inputs.choice("form", form, BGK_FORMS)
    return MultipoleSpectrum(model, lmax, EQUATIONS[form], ells, generalized_bgk_ratios(p, lmax, form),
                             p=p, form=form, large_l_slope=generalized_bgk_slope(p))
