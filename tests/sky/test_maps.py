"""Sky maps of backtracked cosmic rays: FITS round trip, dipole subtraction, rotation, drawings."""
from __future__ import annotations

import healpy as hp
import numpy as np
import pytest

from cranisotropy import (CampaignParameters, angular_power_spectrum, load_results, observe_sky, read_sky_fits,
                          run_campaign, sky_maps, write_sky_fits)
from cranisotropy.core.errors import UsageError

SMALL = CampaignParameters(nside=4, realisations=3, n_modes=16, lambda_min=0.05, lambda_max=10.0,
                           omega_times=(0.0, 2.0, 10.0), seed=11)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    path = tmp_path_factory.mktemp("maps") / "run"
    run_campaign(SMALL, path, serial=True)
    return load_results(path)


def test_fits_reads_back_bit_identically_with_nside_and_frame(campaign, tmp_path):
    """Acceptance: healpy.read_map returns the written maps bit for bit; the header declares the
    nside, RING ordering, the coordinate system and the run's parameters and seed."""
    path = tmp_path / "maps.fits"
    maps = sky_maps(campaign, [2.0, 10.0], fits=path)
    back, header = hp.read_map(str(path), field=None, dtype=None, h=True)
    header = dict(header)
    assert back.dtype == np.float64 and np.array_equal(back, maps.flat_maps())
    assert back.shape == (2 * 2 * 3, 12 * 4**2)
    assert (header["NSIDE"], header["ORDERING"], header["COORDSYS"]) == (4, "RING", "B0")
    assert (header["SEED"], header["NMODES"], header["RLLC"], header["SIGMA2"]) == (11, 16, 0.1, 1.0)
    assert [header[f"TTYPE{i + 1}"] for i in range(back.shape[0])] == maps.column_names()
    rotated = sky_maps(campaign, 10.0, orientation="parallel", b0=("90deg", "0deg", "G"), fits=tmp_path / "c.fits")
    back, header = hp.read_map(str(tmp_path / "c.fits"), field=None, dtype=None, h=True)
    assert dict(header)["COORDSYS"] == "C" and dict(header)["B0LON"] == 90.0
    assert np.array_equal(back, rotated.flat_maps())
    assert read_sky_fits(tmp_path / "c.fits").frame == "C"


def test_maps_are_the_analysis_maps_and_their_mean_spectrum(campaign):
    maps = sky_maps(campaign, 10.0)
    spectrum = angular_power_spectrum(campaign, 10.0, orientation="perpendicular")
    assert np.allclose(maps.C_l_mean[1, 0], spectrum.C_l, rtol=1e-12)
    assert np.allclose(maps.C_l_ensemble[1, 0], spectrum.C_l, rtol=1e-12)
    # the mapped C_l are those of the maps themselves
    assert np.allclose(maps.C_l[0, 0, 1], hp.anafast(maps.maps[0, 0, 1], lmax=11), rtol=1e-12)


def test_dipole_subtracted_maps_have_no_monopole_or_dipole_left(campaign):
    full = sky_maps(campaign, 10.0, realisations=[1])
    sub = sky_maps(campaign, 10.0, realisations=[1], dipole_subtracted=True)
    vectors = np.array(hp.pix2vec(4, np.arange(192)))
    design = np.vstack([np.ones(192), vectors]).T
    for i in range(2):
        coefficients, *_ = np.linalg.lstsq(design, full.maps[i, 0, 0], rcond=None)
        assert np.allclose(sub.maps[i, 0, 0], full.maps[i, 0, 0] - design @ coefficients, atol=1e-12)
        assert np.abs(np.linalg.lstsq(design, sub.maps[i, 0, 0], rcond=None)[0]).max() < 1e-12


def test_rotation_onto_the_sky_carries_the_dipole_to_the_rotated_direction(campaign):
    """The fitted dipole of each map, rotated with the B0 rotator, is the dipole of the rotated map."""
    from cranisotropy import b0_direction, b0_rotator

    direction = b0_direction(30.0, 40.0, "C", 20.0)
    local = sky_maps(campaign, 2.0, realisations=[0])
    sky = sky_maps(campaign, 2.0, realisations=[0], b0=direction)
    rotator = b0_rotator(direction)
    for i in range(2):
        expected = rotator(hp.fit_dipole(local.maps[i, 0, 0])[1])
        got = hp.fit_dipole(sky.maps[i, 0, 0])[1]
        assert np.allclose(got, expected, rtol=0, atol=0.01 * np.linalg.norm(expected))
    assert sky.frame == "C" and sky.b0 == direction


@pytest.mark.parametrize("kwargs, message", [
    (dict(omega_t=3.0), "was not recorded"),
    (dict(omega_t=2.0, orientation="oblique"), "orientation"),
    (dict(omega_t=2.0, realisations=[7]), "realisation 7"),
    (dict(omega_t=2.0, frame="C"), "direction of B0"),
    (dict(omega_t=2.0, b0=(10, 20, "C"), frame="B0"), "choose frame"),
    (dict(omega_t=2.0, b0=(10, 95, "C")), "latitude"),
    (dict(omega_t=2.0, fits="/nonexistent/dir/m.fits"), "does not exist"),
])
def test_bad_map_requests_are_refused(campaign, kwargs, message):
    with pytest.raises(UsageError, match=message):
        sky_maps(campaign, **kwargs)


def test_observing_a_backtracked_map_from_its_fits_file(campaign, tmp_path):
    sky_maps(campaign, 10.0, fits=tmp_path / "m.fits")
    with pytest.raises(UsageError, match="needs the direction of B0"):
        observe_sky(sky_map=tmp_path / "m.fits")
    seen = observe_sky(sky_map=tmp_path / "m.fits", field="PAR_OMEGAT10_R0", b0=(90, 0, "G"), lmax=6,
                       fits=tmp_path / "o.fits", png=tmp_path / "o.png")
    back = read_sky_fits(tmp_path / "o.fits")
    assert back.names == ("DI_SKY", "DI_OBSERVED") and back.frame == "C" and (tmp_path / "o.png").stat().st_size
    assert np.array_equal(back.maps[1], seen.observable)
    observed = back.maps[1][back.maps[1] > hp.UNSEEN]
    assert observed.size == int((np.asarray(seen.observable) > hp.UNSEEN).sum()) and abs(observed.mean()) < 1e-12
    with pytest.raises(UsageError, match="no column"):
        observe_sky(sky_map=tmp_path / "m.fits", field="NOPE", b0=(90, 0, "G"))
    with pytest.raises(UsageError, match="exactly one"):
        observe_sky()


def test_write_and_read_refuse_what_is_not_a_map(tmp_path):
    (tmp_path / "x.fits").write_text("not fits")
    with pytest.raises(UsageError, match="not a HEALPix FITS map"):
        read_sky_fits(tmp_path / "x.fits")
    with pytest.raises(UsageError, match="column names"):
        write_sky_fits(tmp_path / "y.fits", [np.zeros(12)], ["A", "B"], frame="C")
