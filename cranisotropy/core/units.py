"""Physical units at the user's edge: unit strings and astropy quantities in, plain floats out.

The numerics stay dimensionless (lengths in L_c, paths in L_c, fields in B_ref) or work in one
fixed unit per quantity (pc, yr, km/s); this module is where a user's ``"10PV"``, ``"3uG"``,
``"10pc"``, ``"1kyr"``, ``"220km/s"`` or ``astropy.units`` quantity becomes such a float.  Bare
numbers keep their documented default unit, so dimensionless flags and old calls keep working.
A value of the wrong dimension (``"10kg"`` for a length), a non-finite value, or a physically
impossible one (a negative length, a speed not below c) raises
:class:`~cranisotropy.core.errors.UsageError` naming the value and the expected dimension.

Physical constants come from ``astropy.constants`` (CODATA) and units from ``astropy.units``
(IAU), never typed by hand: :func:`constant` gives any of them as a float in a chosen unit.

astropy is imported inside the functions, so importing this module (as the CLI's argument
parser does) stays light.

>>> in_unit("lc", "10pc", "length", "pc")
10.0
>>> round(in_unit("lc", "1kpc", "length", "pc"), 9), in_unit("speed", 220, "speed", "km/s")
(1000.0, 220.0)
>>> in_unit("lc", "10kg", "length", "pc")
Traceback (most recent call last):
...
cranisotropy.core.errors.UsageError: lc = '10kg' is a mass (kg), expected a length (e.g. 10pc)
>>> constant("pc", "cm") == constant("parsec", "cm")
True
"""
from __future__ import annotations

import math
import numbers

from cranisotropy.core.errors import UsageError

__all__ = ["DIMENSIONS", "quantity", "in_unit", "constant", "unit_of", "with_units"]

#: dimension -> (astropy physical types accepted, an example for messages)
DIMENSIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "length": (("length",), "10pc"),
    "time": (("time",), "1kyr"),
    "speed": (("speed",), "220km/s"),
    "magnetic field": (("magnetic flux density",), "3uG"),
    "rigidity": (("electrical potential",), "10PV"),
    "energy": (("energy",), "1PeV"),
    # a momentum may be given as p c (an energy): "1TeV" means 1 TeV/c
    "momentum": (("momentum", "energy"), "1TeV"),
    # a mass may be given as its rest energy m c^2
    "mass": (("mass", "energy"), "938.272MeV"),
    "rate": (("frequency",), "1e-5/yr"),
    "diffusion coefficient": (("diffusivity",), "1e25cm2/s"),
    "angle": (("angle",), "19deg"),
}

#: named constants of :func:`constant` beyond plain units (astropy.constants, CODATA)
_CONSTANTS = {
    "c": lambda c: c.c,
    "e": lambda c: c.e.si,
    "m_p": lambda c: c.m_p,
    "m_p c^2": lambda c: c.m_p * c.c**2,
}


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _physical_type(unit) -> str:
    """The first name of a unit's physical type ("speed" for "speed/velocity")."""
    return str(unit.physical_type).split("/")[0]


def _named(name: str | None, text) -> str:
    """``name = 'text'`` for messages (just ``'text'`` when the caller names it, as argparse does)."""
    return f"{name} = {text!r}" if name else repr(text)


def _dimension(dimension: str):
    try:
        return DIMENSIONS[dimension]
    except KeyError:
        raise ValueError(f"unknown dimension {dimension!r}; known: {', '.join(DIMENSIONS)}") from None


def quantity(name: str, value, dimension: str, unit: str | None = None):
    """``value`` as an astropy ``Quantity`` of the given dimension.

    Parameters
    ----------
    name : str or None
        The argument's name, for messages (``"lc"``; None when the caller names it).
    value : str, number or astropy.units.Quantity
        A unit string (``"10pc"``, ``"10 pc"``, ``"3uG"``), a quantity, or a bare number, which
        is taken in ``unit``.
    dimension : str
        One of :data:`DIMENSIONS` (``"length"``, ``"time"``, ``"speed"``, ``"magnetic field"``,
        ``"rigidity"``, ``"energy"``, ``"momentum"``, ``"mass"``, ``"rate"``,
        ``"diffusion coefficient"``, ``"angle"``).
    unit : str, optional
        Unit of bare numbers (required for them).

    Returns
    -------
    astropy.units.Quantity
        Finite; a momentum given as an energy is divided by c, a mass given as an energy by c^2.

    Raises
    ------
    UsageError
        For text that is not a number with a unit, a unit of another dimension, or a
        non-finite value; the message names the value and the expected dimension.

    Examples
    --------
    >>> quantity("rigidity", "10PV", "rigidity")
    <Quantity 10. PV>
    >>> round(float(quantity("momentum", "1TeV", "momentum").to_value("TeV s/m")) * 299792458.0, 12)
    1.0
    """
    import astropy.units as u

    types, example = _dimension(dimension)
    text = value
    if isinstance(value, u.Quantity):
        q = value
    elif isinstance(value, str):
        stripped = value.strip()
        if dimension == "momentum" and stripped.endswith("/c"):
            stripped = stripped[:-2]                  # "1TeV/c": an energy over c
        try:
            q = u.Quantity(stripped)
        except (TypeError, ValueError):
            raise UsageError(f"{_named(name, value)} is not a number with a unit (e.g. {example})") from None
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        q = float(value) * u.dimensionless_unscaled
    else:
        raise UsageError(f"{name} must be a number or a {dimension} with a unit (e.g. {example}), got {value!r}")
    if q.unit == u.dimensionless_unscaled:
        if unit is None:
            raise UsageError(f"{_named(name, text)} needs a unit (a {dimension}, e.g. {example})")
        q = q.value * u.Unit(unit)
    if q.size != 1:
        raise UsageError(f"{name} must be one value, got {text!r}")
    kind = _physical_type(q.unit)
    if not any(q.unit.physical_type == t for t in types):
        raise UsageError(f"{_named(name, text)} is {_article(kind)} {kind} ({q.unit}), expected "
                         f"{_article(dimension)} {dimension} (e.g. {example})")
    if not math.isfinite(float(q.value)):
        raise UsageError(f"{name or 'the value'} must be a finite {dimension}, got {text!r}")
    if dimension == "momentum" and q.unit.physical_type == "energy":
        from astropy.constants import c

        q = q / c
    if dimension == "mass" and q.unit.physical_type == "energy":
        from astropy.constants import c

        q = q / c**2
    return q


def in_unit(name: str, value, dimension: str, unit: str, *, positive: bool = False,
            nonnegative: bool = False, below=None, bare_unit: str | None = None) -> float:
    """``value`` (unit string, quantity or bare number in ``unit``) as a float in ``unit``.

    Parameters
    ----------
    name : str
        The argument's name, for messages.
    value : str, number or astropy.units.Quantity
        As :func:`quantity`.
    dimension : str
        One of :data:`DIMENSIONS`.
    unit : str
        The unit of the returned float (and of bare numbers), e.g. ``"pc"``; momenta may be
        asked in ``"TeV/c"`` (any energy unit over c).
    positive, nonnegative : bool
        Refuse values <= 0 (< 0): a negative length, time or field is physically impossible.
    below : tuple (float, str), optional
        ``(limit, what)``: refuse values >= limit (in ``unit``), e.g. ``(c, "the speed of light")``.
    bare_unit : str, optional
        Unit of bare numbers when it is not ``unit`` (e.g. PV for a result in volts).

    Returns
    -------
    float

    Examples
    --------
    >>> in_unit("time", "1kyr", "time", "yr"), in_unit("rigidity", 2, "rigidity", "V", bare_unit="PV")
    (1000.0, 2000000000000000.0)
    >>> in_unit("p_ref", "3GeV/c", "momentum", "TeV/c"), in_unit("p_ref", 2.5, "momentum", "TeV/c")
    (0.003, 2.5)
    >>> in_unit("b0", "-3uG", "magnetic field", "uG", positive=True)
    Traceback (most recent call last):
    ...
    cranisotropy.core.errors.UsageError: b0 must be > 0, got '-3uG'
    """
    import astropy.units as u

    over_c = dimension == "momentum" and unit.endswith("/c")
    bare = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if bare and bare_unit is None:                    # already in ``unit``: kept exactly
        from cranisotropy.core.inputs import number

        out = number(name or "the value", value)
    else:
        q = quantity(name, value, dimension, bare_unit or (unit[:-2] if over_c else unit))
        with u.set_enabled_equivalencies(u.dimensionless_angles()):
            if over_c:
                from astropy.constants import c

                out = float((q * c).to_value(unit[:-2]))
            else:
                out = float(q.to_value(unit))
    shown = repr(value) if isinstance(value, str) else f"{value:g} {unit}" if bare else str(value)
    if positive and not out > 0:
        raise UsageError(f"{name} must be > 0, got {shown}" if name else f"{shown} is not > 0")
    if nonnegative and not out >= 0:
        raise UsageError(f"{name} must be >= 0, got {shown}" if name else f"{shown} is negative")
    if below is not None and not out < below[0]:
        raise UsageError(f"{name + ' = ' if name else ''}{shown} ({out:.10g} {unit}) is not below {below[1]} "
                         f"({below[0]:.10g} {unit})")
    return out


def constant(name: str, unit: str) -> float:
    """A physical constant or unit as a float in ``unit``, from astropy (CODATA, IAU).

    Parameters
    ----------
    name : str
        A unit (``"pc"``, ``"yr"``, ``"km/s"``, ``"uG"``, anything astropy parses) or a named
        constant: ``"c"``, ``"e"`` (elementary charge), ``"m_p"``, ``"m_p c^2"``.
    unit : str
        Target unit.

    Returns
    -------
    float

    Examples
    --------
    >>> constant("yr", "s"), constant("km/s", "cm/s"), constant("uG", "T")
    (31557600.0, 100000.0, 1e-10)
    >>> round(constant("m_p c^2", "GeV"), 6)
    0.938272
    """
    import astropy.units as u

    if name in _CONSTANTS:
        import astropy.constants as const

        return float(_CONSTANTS[name](const).to_value(unit))
    return float(u.Unit(name).to(unit))


def unit_of(dimension: str, unit: str) -> str:
    """``unit`` checked to be one of ``dimension`` (for declaring JSON units once).

    >>> unit_of("length", "pc")
    'pc'
    """
    import astropy.units as u

    types, _ = _dimension(dimension)
    if not any(u.Unit(unit).physical_type == t for t in types):
        raise ValueError(f"{unit!r} is not a unit of {dimension}")
    return unit


def with_units(data: dict, units: dict) -> dict:
    """``data`` with a ``"units"`` entry: {key: unit} for the keys of ``units`` it holds.

    The JSON documents keep their keys; ``"units"`` says what each physical number is in.

    >>> with_units({"z_pc": [1.0], "ok": True}, {"z_pc": "pc", "t_yr": "yr"})
    {'z_pc': [1.0], 'ok': True, 'units': {'z_pc': 'pc'}}
    """
    present = {k: v for k, v in units.items() if k in data}
    return {**data, "units": {**data.get("units", {}), **present}}
