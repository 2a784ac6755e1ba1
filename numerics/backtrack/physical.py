"""A campaign from physical inputs: rigidity (or energy and charge), fields, L_c and times in, the
dimensionless :class:`CampaignParameters` out.

The backtracker stays dimensionless (lengths in L_c, fields in B_ref, times as Omega T); this is
the conversion at the user's edge, with the relations of
:func:`cranisotropy.derivations.backtrack.scales.physical_scales` (r_L = R/(c B_ref),
Omega T = beta c T / r_L) and the constants of astropy.

>>> run = physical_campaign("10PV", b_rms="3uG", lc="10pc", times=["1kyr"])
>>> round(run.parameters.gyroradius, 4), [round(t, 2) for t in run.parameters.omega_times]
(0.3603, [85.09])
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp

from cranisotropy.core.errors import UsageError
from cranisotropy.core.inputs import integer
from cranisotropy.core.results import Result
from cranisotropy.core.units import constant, in_unit, with_units
from cranisotropy.derivations.backtrack import scales
from cranisotropy.numerics.backtrack.campaign import CampaignParameters

#: the units of the physical numbers in :meth:`PhysicalCampaign.to_dict`
UNITS = {"rigidity_PV": "PV", "energy_PeV": "PeV", "momentum_PeV_c": "PeV/c", "mass_GeV_c2": "GeV/c2",
         "b0_uG": "uG", "b_rms_uG": "uG", "b_ref_uG": "uG", "lc_pc": "pc", "times_yr": "yr",
         "gyroradius_pc": "pc", "gyroperiod_yr": "yr", "lambda_min_pc": "pc", "lambda_max_pc": "pc",
         "charge": "e"}


@lru_cache(maxsize=None)
def _relations():
    """r_L(R, B_ref, c), Omega T(R, B_ref, T, beta, c), P(E, m, c) and beta(P, m, c), lambdified (SI)."""
    s = scales.physical_scales()
    return {"gyroradius": sp.lambdify((scales.R, scales.B_ref, scales.c), s["gyroradius"]),
            "omega_t": sp.lambdify((scales.R, scales.B_ref, scales.T, scales.beta, scales.c), s["omega_t"]),
            "momentum": sp.lambdify((scales.E, scales.m, scales.c), s["momentum"]),
            "beta": sp.lambdify((scales.P, scales.m, scales.c), s["beta"])}


@dataclass(frozen=True)
class PhysicalCampaign(Result):
    """The dimensionless campaign of physical inputs (:func:`physical_campaign`), and those inputs.

    ``parameters`` is what :func:`run_campaign` takes; the other fields are in the units their
    names carry (``to_dict()["units"]`` lists them).
    """

    parameters: CampaignParameters
    rigidity_PV: float
    energy_PeV: float
    momentum_PeV_c: float
    charge: int
    mass_GeV_c2: float
    beta: float
    b0_uG: float
    b_rms_uG: float
    b_ref_uG: float
    lc_pc: float
    times_yr: tuple
    gyroradius_pc: float
    gyroperiod_yr: float
    lambda_min_pc: float
    lambda_max_pc: float

    def to_dict(self) -> dict:
        data = super().to_dict()
        data["parameters"] = self.parameters.to_json()
        return with_units(data, UNITS)

    def __str__(self) -> str:
        p = self.parameters
        times = ", ".join(f"{t:g} yr -> Omega T = {w:.4g}" for t, w in zip(self.times_yr, p.omega_times))
        return (f"R = {self.rigidity_PV:.4g} PV (E = {self.energy_PeV:.4g} PeV, Z = {self.charge}), "
                f"B0 = {self.b0_uG:.4g} uG, dB_rms = {self.b_rms_uG:.4g} uG, L_c = {self.lc_pc:.4g} pc\n"
                f"r_L = {self.gyroradius_pc:.4g} pc = {p.gyroradius:.4g} L_c, gyration period "
                f"{self.gyroperiod_yr:.4g} yr, sigma^2 = {p.sigma2:.4g}, B0/B_ref = {p.regular_field:g}\n"
                f"{times}")


def _fields(b0, b_rms, base: CampaignParameters):
    """(B0, dB_rms) in uG: what is not given keeps the base's ratio B0/dB_rms."""
    b0 = None if b0 is None else in_unit("b0", b0, "magnetic field", "uG", nonnegative=True)
    b_rms = None if b_rms is None else in_unit("b_rms", b_rms, "magnetic field", "uG", positive=True)
    ratio = base.regular_field / math.sqrt(base.sigma2)       # B0 / dB_rms of the base
    if b0 is None and b_rms is None:
        raise UsageError("give a field strength: b0 (regular field) and/or b_rms (turbulence), e.g. b_rms='3uG'")
    if b0 is None:
        b0 = b_rms * ratio
    if b_rms is None:
        if b0 == 0:
            raise UsageError("b0 = 0 (pure turbulence) needs b_rms, the turbulent field strength")
        if ratio == 0:
            raise UsageError("the base campaign is pure turbulence (B0 = 0): give b_rms")
        b_rms = b0 / ratio
    return b0, b_rms


def _momentum(rigidity, energy, charge: int, mass_kg: float):
    """|p| (kg m/s) and rigidity (V) from a rigidity or a total energy."""
    c_si, e_si = constant("c", "m/s"), constant("e", "C")
    if (rigidity is None) == (energy is None):
        raise UsageError("give exactly one of rigidity (e.g. '10PV') and energy (e.g. '10PeV')")
    if rigidity is not None:
        volts = in_unit("rigidity", rigidity, "rigidity", "V", positive=True, bare_unit="PV")
        return charge * e_si * volts / c_si, volts
    joules = in_unit("energy", energy, "energy", "J", positive=True, bare_unit="PeV")
    rest = mass_kg * c_si**2
    if not joules > rest:
        raise UsageError(f"energy = {energy} is not above the rest energy "
                         f"{rest / e_si / 1e9:.6g} GeV of the particle")
    momentum = float(_relations()["momentum"](joules, mass_kg, c_si))
    return momentum, momentum * c_si / (charge * e_si)


def physical_campaign(rigidity=None, *, energy=None, charge: int = 1, mass="m_p", b0=None, b_rms=None,
                      lc, times, lambda_min=None, lambda_max=None, base="quick",
                      **changes) -> PhysicalCampaign:
    """The campaign parameters (dimensionless) of a cosmic ray, field and times given in physical units.

    r_L = R / (c B_ref) and Omega T = beta c T / r_L come from the equations of motion
    (:func:`cranisotropy.derivations.backtrack.scales.physical_scales`); constants from
    ``astropy.constants``.  B_ref is B0, or dB_rms when B0 = 0 (the campaign's convention), so
    ``regular_field`` = B0/B_ref and ``sigma2`` = (dB_rms/B_ref)^2.

    Parameters
    ----------
    rigidity : str, float or astropy Quantity, optional
        Rigidity R = p c / (Z e), e.g. ``"10PV"`` (bare numbers: PV).  Or give ``energy``.
    energy : str, float or astropy Quantity, optional
        Total energy of the particle, e.g. ``"1PeV"`` (bare numbers: PeV); must exceed m c^2.
    charge : int
        Charge number Z >= 1 (the sign of the charge is the campaign's ``charge_sign``).
    mass : str, float or astropy Quantity
        Particle mass, as a mass or a rest energy (``"938.272MeV"``; bare numbers: GeV/c^2);
        default the proton's (``"m_p"``).
    b0 : str, float or astropy Quantity, optional
        Regular field strength B0 (bare numbers: uG); 0 for pure turbulence.
    b_rms : str, float or astropy Quantity, optional
        Turbulent rms field dB_rms = sqrt(<dB^2>) (bare numbers: uG).  When only one of ``b0``,
        ``b_rms`` is given, the other follows the ratio B0/dB_rms of ``base``.
    lc : str, float or astropy Quantity
        The campaign's length unit L_c, the turbulence's bend-over (correlation) length
        (bare numbers: pc).
    times : sequence of (str, float or astropy Quantity)
        Backtracking times T (bare numbers: yr), >= 0.
    lambda_min, lambda_max : str, float or astropy Quantity, optional
        Wavelength range of the turbulence (bare numbers: pc); default the base's (in L_c).
    base : str or CampaignParameters
        Preset name or parameters supplying everything else (modes, nside, seeds, ...).
    **changes
        Further :class:`CampaignParameters` fields (``nside=8``, ``realisations=4``, ...).

    Returns
    -------
    PhysicalCampaign
        ``parameters`` (:class:`CampaignParameters`: ``gyroradius`` = r_L/L_c,
        ``omega_times`` = Omega T, ``sigma2``, ``regular_field``) and the physical values
        (``gyroradius_pc``, ``gyroperiod_yr``, ``beta``, ...); ``to_dict()`` carries their units.

    Examples
    --------
    >>> run = physical_campaign(energy="1PeV", b0="1uG", b_rms="1uG", lc="10pc", times=[0, "10kyr"])
    >>> round(run.gyroradius_pc, 3), round(run.parameters.gyroradius, 4)     # 1 PeV proton, 1 uG
    (1.081, 0.1081)
    >>> physical_campaign("10PV", b_rms="3uG", lc="10kg", times=[0])
    Traceback (most recent call last):
    ...
    cranisotropy.core.errors.UsageError: lc = '10kg' is a mass (kg), expected a length (e.g. 10pc)
    """
    base = CampaignParameters.preset(base) if isinstance(base, str) else base
    if not isinstance(base, CampaignParameters):
        raise UsageError(f"base must be a preset name or CampaignParameters, got {type(base).__name__}")
    charge = integer("charge", charge, 1)
    mass_kg = (constant("m_p", "kg") if isinstance(mass, str) and mass == "m_p"
               else in_unit("mass", mass, "mass", "kg", positive=True, bare_unit="GeV"))
    momentum, volts = _momentum(rigidity, energy, charge, mass_kg)
    b0_uG, b_rms_uG = _fields(b0, b_rms, base)
    b_ref_uG = b0_uG if b0_uG > 0 else b_rms_uG
    lc_m = in_unit("lc", lc, "length", "m", positive=True, bare_unit="pc")
    if isinstance(times, (str, int, float)) or not hasattr(times, "__iter__"):
        times = [times]
    times_s = [in_unit("times", t, "time", "s", nonnegative=True, bare_unit="yr") for t in times]
    if not times_s:
        raise UsageError("give at least one backtracking time")
    c_si, tesla = constant("c", "m/s"), constant("uG", "T")
    rel = _relations()
    r_l = float(rel["gyroradius"](volts, b_ref_uG * tesla, c_si))
    beta = float(rel["beta"](momentum, mass_kg, c_si))
    omega_t = [float(rel["omega_t"](volts, b_ref_uG * tesla, t, beta, c_si)) for t in times_s]
    lambdas = {}
    for name, value in (("lambda_min", lambda_min), ("lambda_max", lambda_max)):
        if value is not None:
            lambdas[name] = in_unit(name, value, "length", "m", positive=True, bare_unit="pc") / lc_m
    params = base.replace(gyroradius=r_l / lc_m, regular_field=b0_uG / b_ref_uG,
                          sigma2=(b_rms_uG / b_ref_uG) ** 2, omega_times=tuple(omega_t), **lambdas, **changes)
    pc, yr, e_si = constant("pc", "m"), constant("yr", "s"), constant("e", "C")
    energy_j = math.hypot(momentum * c_si, mass_kg * c_si**2)
    return PhysicalCampaign(
        parameters=params, rigidity_PV=volts / 1e15, energy_PeV=energy_j / e_si / 1e15,
        momentum_PeV_c=momentum * c_si / e_si / 1e15, charge=charge,
        mass_GeV_c2=mass_kg * c_si**2 / e_si / 1e9, beta=beta, b0_uG=b0_uG, b_rms_uG=b_rms_uG,
        b_ref_uG=b_ref_uG, lc_pc=lc_m / pc, times_yr=tuple(t / yr for t in times_s),
        gyroradius_pc=r_l / pc, gyroperiod_yr=2 * np.pi * r_l / (beta * c_si) / yr,
        lambda_min_pc=params.lambda_min * lc_m / pc, lambda_max_pc=params.lambda_max * lc_m / pc)
