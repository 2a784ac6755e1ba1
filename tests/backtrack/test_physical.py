"""physical_campaign: physical inputs -> the campaign's dimensionless parameters."""
from __future__ import annotations

import math

import pytest

from cranisotropy import CampaignParameters, physical_campaign
from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack import gyration

PARSEC_M = 3.0856775814913673e16
JULIAN_YEAR_S = 365.25 * 86400.0
C_SI = 299792458.0


def test_a_1_pev_proton_in_1_microgauss_has_r_l_1_08_pc():
    """The textbook value r_L = E/(e c B) = 1.08 pc (to 1 %), and the integrated SI orbit (1e-6)."""
    run = physical_campaign(energy="1PeV", b0="1uG", b_rms="1uG", lc="10pc", times=[0])
    assert run.gyroradius_pc == pytest.approx(1.08, rel=0.01)
    assert run.parameters.gyroradius == pytest.approx(run.gyroradius_pc / 10, rel=1e-14)
    momentum = gyration.momentum_from_energy(1e15 * 1.602176634e-19)
    orbit_pc = gyration.gyroradius_by_integration(momentum, 1e-10) / PARSEC_M
    assert run.gyroradius_pc == pytest.approx(orbit_pc, rel=1e-6)


def test_rigidity_and_times_give_omega_t_that_the_campaign_turns_back_into_c_t():
    run = physical_campaign("10PV", b_rms="3uG", lc="10pc", times=["1kyr", "3kyr"], nside=4, realisations=2)
    p = run.parameters
    # the campaign's own path length c T / L_c (Omega T x r_L/L_c, rounded to whole steps)
    c_t = p.path_lengths() * 10 * PARSEC_M
    expected = [C_SI * 1000 * JULIAN_YEAR_S, C_SI * 3000 * JULIAN_YEAR_S]
    assert c_t == pytest.approx(expected, rel=p.path_step / (p.omega_times[0] * p.gyroradius))
    assert (p.nside, p.realisations, p.regular_field, p.sigma2) == (4, 2, 1.0, 1.0)


def test_fields_set_b_ref_sigma2_and_the_regular_field():
    run = physical_campaign("1PV", b0="2uG", b_rms="1uG", lc="1pc", times=[0])
    assert (run.parameters.regular_field, run.parameters.sigma2, run.b_ref_uG) == (1.0, 0.25, 2.0)
    pure = physical_campaign("1PV", b0=0, b_rms="3uG", lc="1pc", times=[0])
    assert (pure.parameters.regular_field, pure.parameters.sigma2, pure.b_ref_uG) == (0.0, 1.0, 3.0)
    # only dB_rms: B0 keeps the base's ratio B0/dB_rms (quick preset: 1)
    assert physical_campaign("1PV", b_rms="3uG", lc="1pc", times=[0]).b0_uG == 3.0


def test_a_slow_particle_has_beta_below_one():
    """E = 2 m_p c^2: beta = sqrt(3)/2, and Omega T = beta c T / r_L."""
    run = physical_campaign(energy="1876.54417632MeV", b0="1uG", b_rms="1uG", lc="1pc", times=["1yr"])
    assert run.beta == pytest.approx(math.sqrt(3) / 2, rel=1e-8)
    r_l_m = run.gyroradius_pc * PARSEC_M
    assert run.parameters.omega_times[0] == pytest.approx(run.beta * C_SI * JULIAN_YEAR_S / r_l_m, rel=1e-12)


@pytest.mark.parametrize("kwargs, message", [
    (dict(rigidity="10PV", b_rms="3uG", lc="10kg", times=[0]), "expected a length"),
    (dict(rigidity="10PV", b_rms="3kg", lc="10pc", times=[0]), "expected a magnetic field"),
    (dict(rigidity="10pc", b_rms="3uG", lc="10pc", times=[0]), "expected a rigidity"),
    (dict(rigidity="10PV", b_rms="3uG", lc="10pc", times=["1pc"]), "expected a time"),
    (dict(rigidity="-10PV", b_rms="3uG", lc="10pc", times=[0]), "must be > 0"),
    (dict(rigidity="10PV", b_rms="3uG", lc="-10pc", times=[0]), "must be > 0"),
    (dict(rigidity="10PV", b_rms="3uG", lc="10pc", times=["-1yr"]), "must be >= 0"),
    (dict(rigidity="10PV", b0="-1uG", lc="10pc", times=[0]), "must be >= 0"),
    (dict(energy="0.5GeV", b_rms="3uG", lc="10pc", times=[0]), "rest energy"),
    (dict(rigidity="10PV", energy="1PeV", b_rms="3uG", lc="10pc", times=[0]), "exactly one"),
    (dict(rigidity="10PV", lc="10pc", times=[0]), "field strength"),
    (dict(rigidity="10PV", b0=0, lc="10pc", times=[0]), "needs b_rms"),
    (dict(rigidity="10PV", b_rms="3uG", lc="10pc", times=[0], charge=0), "charge"),
])
def test_bad_or_impossible_input_is_refused(kwargs, message):
    with pytest.raises(UsageError, match=message):
        physical_campaign(**kwargs)


def test_to_dict_carries_units_and_the_parameters():
    data = physical_campaign("10PV", b_rms="3uG", lc="10pc", times=["1kyr"]).to_dict()
    assert data["units"]["gyroradius_pc"] == "pc" and data["units"]["times_yr"] == "yr"
    assert CampaignParameters.from_json(data["parameters"]).gyroradius == pytest.approx(data["gyroradius_pc"] / 10)
