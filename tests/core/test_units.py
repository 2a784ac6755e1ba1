"""cranisotropy.core.units: unit strings and quantities in, floats out; constants from astropy."""
from __future__ import annotations

import subprocess
import sys

import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.core.units import constant, in_unit, quantity, with_units

# reference values typed from the standards (IAU 2012/2015, SI 2019), not from astropy
PARSEC_M = 3.0856775814913673e16          # IAU 2015 B2: 648000 au / pi
JULIAN_YEAR_S = 365.25 * 86400.0
PROTON_REST_ENERGY_MEV = 938.27208816      # CODATA 2018 (2022: 938.27208943)


@pytest.mark.parametrize("text, dimension, unit, expected", [
    ("10PV", "rigidity", "V", 1e16),
    ("3uG", "magnetic field", "T", 3e-10),
    ("3 microgauss", "magnetic field", "G", 3e-6),
    ("10pc", "length", "m", 10 * PARSEC_M),
    ("1kyr", "time", "s", 1000 * JULIAN_YEAR_S),
    ("220km/s", "speed", "m/s", 2.2e5),
    ("1PeV", "energy", "eV", 1e15),
    ("1e-5/yr", "rate", "1/s", 1e-5 / JULIAN_YEAR_S),
    ("1e25cm2/s", "diffusion coefficient", "m2/s", 1e21),
    ("19deg", "angle", "rad", 19 * 3.141592653589793 / 180),
])
def test_unit_strings_convert_to_the_standard_values(text, dimension, unit, expected):
    assert in_unit("x", text, dimension, unit) == pytest.approx(expected, rel=1e-14)


def test_bare_numbers_take_the_documented_unit_and_quantities_pass_through():
    import astropy.units as u

    assert in_unit("speed", 220, "speed", "km/s") == 220.0
    assert in_unit("speed", "220", "speed", "km/s") == 220.0
    assert in_unit("lc", 2, "length", "m", bare_unit="pc") == pytest.approx(2 * PARSEC_M, rel=1e-14)
    assert in_unit("lc", 3 * u.kpc, "length", "pc") == pytest.approx(3000.0, rel=1e-14)
    with pytest.raises(UsageError, match="needs a unit"):
        quantity("lc", 10, "length")


@pytest.mark.parametrize("text, dimension, unit, expected", [
    ("10kg", "length", "pc", "lc = '10kg' is a mass (kg), expected a length (e.g. 10pc)"),
    ("10pc", "time", "s", "is a length (pc), expected a time"),
    ("3uG", "rigidity", "V", "is a magnetic flux density (uG), expected a rigidity"),
    ("1PeV", "magnetic field", "uG", "is an energy (PeV), expected a magnetic field"),
    ("10 foo", "length", "pc", "is not a number with a unit"),
    ("pc", "length", "pc", "is not a number with a unit"),
    ("inf pc", "length", "pc", "finite"),
    ("nan uG", "magnetic field", "uG", "finite"),
])
def test_a_wrong_unit_names_the_value_and_the_expected_dimension(text, dimension, unit, expected):
    with pytest.raises(UsageError) as info:
        in_unit("lc", text, dimension, unit)
    assert expected in str(info.value) and "\n" not in str(info.value)


def test_physically_impossible_values_are_refused():
    with pytest.raises(UsageError, match="must be > 0"):
        in_unit("lc", "-1pc", "length", "pc", positive=True)
    with pytest.raises(UsageError, match="must be >= 0"):
        in_unit("time", "-1yr", "time", "yr", nonnegative=True)
    c = constant("c", "km/s")
    with pytest.raises(UsageError, match="not below the speed of light"):
        in_unit("speed", "4e5km/s", "speed", "km/s", below=(c, "the speed of light"))
    assert in_unit("speed", "2.9e5km/s", "speed", "km/s", below=(c, "the speed of light")) == 2.9e5


def test_momentum_and_mass_accept_energies():
    c = 299792458.0
    assert in_unit("p", "1TeV", "momentum", "TeV s/m") * c == pytest.approx(1.0, rel=1e-14)
    assert in_unit("m", f"{PROTON_REST_ENERGY_MEV}MeV", "mass", "kg") == pytest.approx(1.67262192e-27, rel=1e-8)


def test_constants_come_from_astropy_and_match_the_standards():
    assert constant("pc", "m") == pytest.approx(PARSEC_M, rel=1e-15)
    assert constant("yr", "s") == JULIAN_YEAR_S
    assert constant("c", "m/s") == 299792458.0
    assert constant("e", "C") == 1.602176634e-19
    assert constant("m_p c^2", "MeV") == pytest.approx(PROTON_REST_ENERGY_MEV, rel=2e-9)


def test_with_units_keeps_every_key():
    data = {"z_pc": 1.0, "n": 3}
    out = with_units(data, {"z_pc": "pc", "absent": "yr"})
    assert out == {"z_pc": 1.0, "n": 3, "units": {"z_pc": "pc"}}


def test_the_argument_parser_does_not_import_astropy():
    code = ("import sys; from cranisotropy.cli import build_parser; build_parser(); "
            "print('astropy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
