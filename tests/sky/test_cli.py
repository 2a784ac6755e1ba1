"""`cranisotropy sky ...` and `validate sky`: thin wrappers of the API (--json = result.to_dict())."""
from __future__ import annotations

import json

import pytest

import cranisotropy as c
from cranisotropy import Band

HAWC = Band(-26.0, 64.0)
ICECUBE = Band(-90.0, -25.0)


def _json(run_cli, *args):
    code, out, err = run_cli(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_coupling_json_is_the_api_result(run_cli):
    data = _json(run_cli, "sky", "coupling", "--dec-min", "-26", "--dec-max", "64", "--lmax", "4", "--method", "both")
    assert data == json.loads(json.dumps(c.sky_coupling(HAWC, 4, method="both").to_dict()))
    data = _json(run_cli, "sky", "coupling", "--latitude", "19", "--zenith-max", "45", "--lmax", "3",
                 "--no-filter", "--blocks")
    assert data["band"]["dec_min"] == -26.0 and set(data["coupling_blocks"]) == {"0", "1", "2", "3"}


def test_coupling_plot_goes_to_the_output_dir(run_cli, tmp_path):
    data = _json(run_cli, "sky", "coupling", "--dec-min", "-26", "--dec-max", "64", "--lmax", "3", "--plot",
                 "--output-dir", tmp_path)
    assert data["plot"] == str(tmp_path / "sky_transfer_matrix.png")


@pytest.mark.parametrize("args, bad", [
    (["--dec-min", "-91", "--dec-max", "10", "--lmax", "3"], "-91"),
    (["--dec-min", "10", "--dec-max", "95", "--lmax", "3"], "95"),
    (["--dec-min", "30", "--dec-max", "10", "--lmax", "3"], "must be below"),
    (["--dec-min", "0", "--dec-max", "10", "--lmax", "0"], "lmax must be >= 1"),
    (["--dec-min", "0", "--dec-max", "10", "--lmax", "-3"], "-3"),
    (["--dec-min", "0", "--dec-max", "10"], "--lmax"),
    (["--dec-min", "0", "--lmax", "3"], "--dec-max"),
    (["--dec-min", "nan", "--dec-max", "10", "--lmax", "3"], "nan"),
    (["--dec-min", "0", "--dec-max", "10", "--lmax", "30", "--method", "wigner"], "<= 16"),
])
def test_coupling_bad_input_exits_2_with_one_line(args, bad, run_cli):
    code, out, err = run_cli("sky", "coupling", *args)
    assert code == 2 and len(err.strip().splitlines()) == 1 and bad in err and "Traceback" not in err


def test_dipole_noise_and_compton_getting_json_are_the_api_results(run_cli):
    band = Band.from_zenith_cut(19.0, 45.0)
    data = _json(run_cli, "sky", "dipole", "--latitude", "19", "--zenith-max", "45", "--acceptance", "cos(theta)",
                 "--projected-amplitude", "8e-4", "--pseudo-a11=-1e-4,2e-4")
    assert data == c.sky_dipole(band, zenith_max=45.0, acceptance="cos(theta)", projected_amplitude=8e-4,
                              pseudo_a11=-1e-4 + 2e-4j).to_dict()
    data = _json(run_cli, "sky", "noise", "--events", "3.2e11", "--dec-min", "-90", "--dec-max", "-25", "--lmax", "4")
    assert data == c.sky_noise(3.2e11, band=ICECUBE, lmax=4).to_dict()
    assert _json(run_cli, "sky", "compton-getting") == c.solar_compton_getting(2.7).to_dict()
    data = _json(run_cli, "sky", "compton-getting", "--speed", "220", "--l", "90", "--b", "0")
    assert data == c.compton_getting_dipole(220.0, 90.0, 0.0).to_dict()


@pytest.mark.parametrize("args, bad", [
    (["dipole", "--latitude", "19"], "--zenith-max"),
    (["dipole", "--latitude", "19", "--zenith-max", "45", "--acceptance", "-1"], "acceptance"),
    (["dipole", "--latitude", "19", "--zenith-max", "45", "--acceptance", "open('x')"], "refused"),
    (["dipole", "--latitude", "19", "--zenith-max", "45", "--pseudo-a11=1"], "RE,IM"),
    (["noise", "--events", "1e9"], "sky fraction"),
    (["noise", "--events", "0", "--f-sky", "0.5"], "0"),
    (["compton-getting", "--speed", "20"], "--l"),
    (["compton-getting", "--gamma", "-1"], "-1"),
    (["compton-getting", "--speed", "4e5", "--l", "0", "--b", "0"], "speed of light"),
    (["compton-getting", "--orbital-speed", "3e5"], "speed of light"),
])
def test_other_sky_commands_bad_input(args, bad, run_cli):
    code, out, err = run_cli("sky", *args)
    assert code == 2 and len(err.strip().splitlines()) == 1 and bad in err and "Traceback" not in err


def test_validate_sky_command(run_cli, tmp_path):
    data = _json(run_cli, "validate", "sky", "--realisations", "40", "--nside", "16", "--lmax", "6",
                 "--output-dir", tmp_path / "mc")
    assert data["ok"] and (tmp_path / "mc" / "sky-validate" / "spectra_0.npz").is_file()
    code, _, err = run_cli("validate", "sky", "--nside", "8", "--lmax", "12", "--output-dir", tmp_path / "x")
    assert code == 2 and "aliasing" in err
    code, _, err = run_cli("validate", "sky", "--nside", "6", "--output-dir", tmp_path / "x")
    assert code == 2 and "power of 2" in err


def test_figures_command_writes_into_the_output_dir(run_cli, tmp_path):
    data = _json(run_cli, "sky", "figures", "--realisations", "10", "--output-dir", tmp_path)
    assert sorted(data["figures"]) == sorted(str(p) for p in tmp_path.glob("sky_*.png")) and len(data["figures"]) == 4


def test_figures_are_registered_for_regenerate_docs():
    from cranisotropy.cli import build_parser

    _, cli = build_parser()
    assert "sky-figures" in cli.documents


# --------------------------------------------------------------------------- sky map / observe / units

@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    path = tmp_path_factory.mktemp("skymap") / "run"
    c.run_campaign(c.CampaignParameters(nside=2, realisations=2, n_modes=8, omega_times=(0.0, 5.0)), path,
                   serial=True)
    return path


def test_sky_map_json_is_the_api_result_and_files_are_written_where_asked(run_cli, small_run, tmp_path):
    fits, png = tmp_path / "m.fits", tmp_path / "m.png"
    data = _json(run_cli, "sky", "map", small_run, "--time", "5", "--fits", fits, "--png", png,
                 "--b0-ra", "30deg", "--b0-dec", "40")
    api = c.sky_maps(small_run, [5.0], b0=(30.0, 40.0, "C"), fits=fits, png=png).to_dict()
    assert data == json.loads(json.dumps(api)) and data["files"] == [str(fits), str(png)]
    assert data["frame"] == "C" and data["nside"] == 2 and len(data["columns"]) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.fits", "m.png"]
    import healpy as hp
    import numpy as np

    back, header = hp.read_map(str(fits), field=None, dtype=None, h=True)
    assert np.array_equal(back, c.sky_maps(small_run, [5.0], b0=(30.0, 40.0, "C")).flat_maps())
    assert (dict(header)["NSIDE"], dict(header)["COORDSYS"]) == (2, "C")


@pytest.mark.parametrize("args, bad", [
    (["--time", "3"], "not recorded"),
    (["--time", "5", "--b0-l", "90"], "--b0-b"),
    (["--time", "5", "--b0-l", "90", "--b0-b", "0", "--b0-ra", "1", "--b0-dec", "2"], "once"),
    (["--time", "5", "--b0-l", "10kg", "--b0-b", "0"], "expected an angle"),
    (["--time", "5", "--realisations", "9"], "realisation 9"),
    (["--time", "5", "--frame", "G"], "direction of B0"),
])
def test_sky_map_bad_input_exits_2_with_one_line(args, bad, run_cli, small_run):
    code, out, err = run_cli("sky", "map", small_run, *args)
    assert code == 2 and len(err.strip().splitlines()) == 1 and bad in err and "Traceback" not in err


def test_sky_map_of_a_missing_directory_exits_2(run_cli, tmp_path):
    code, _, err = run_cli("sky", "map", tmp_path / "nothing", "--time", "5")
    assert code == 2 and "run.json" in err


def test_sky_observe_json_is_the_api_result(run_cli, tmp_path):
    (tmp_path / "cl.txt").write_text("\n".join(str(v) for v in [0.0, 1e-6, 5e-7, 3e-7, 2e-7]))
    data = _json(run_cli, "sky", "observe", "--cl", tmp_path / "cl.txt", "--latitude", "19", "--zenith-max", "60deg",
                 "--nside", "16", "--lmax", "4", "--realisations", "20", "--fits", tmp_path / "o.fits")
    api = c.observe_sky(tmp_path / "cl.txt", observatory_=c.observatory(19.0, 60.0), nside=16, lmax=4,
                        realisations=20, fits=tmp_path / "o.fits").to_dict()
    assert data == json.loads(json.dumps(api))
    assert data["observatory"]["dec_min"] == -41.0 and data["monte_carlo"]["realisations"] == 20


@pytest.mark.parametrize("args, bad", [
    ([], "one of the arguments --cl --map is required"),
    (["--cl", "x.txt", "--observatory", "HAWC", "--latitude", "19", "--zenith-max", "60"], "not both"),
    (["--cl", "missing.txt"], "cannot read"),
    (["--cl", "x.txt", "--latitude", "19"], "zenith_max"),
    (["--cl", "x.txt", "--latitude", "95", "--zenith-max", "10"], "latitude"),
    (["--map", "missing.fits"], "no such map file"),
])
def test_sky_observe_bad_input_exits_2_with_one_line(args, bad, run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("0\n1e-6\n")
    code, out, err = run_cli("sky", "observe", *args)
    assert code == 2 and len(err.strip().splitlines()) == 1 and bad in err and "Traceback" not in err


def test_map_figures_are_registered_for_regenerate_docs():
    from cranisotropy.cli import build_parser

    _, cli = build_parser()
    assert "sky-maps" in cli.documents


def test_speeds_take_unit_strings_and_refuse_other_dimensions(run_cli):
    assert _json(run_cli, "sky", "compton-getting", "--speed", "220km/s", "--l", "90", "--b", "0") == \
        _json(run_cli, "sky", "compton-getting", "--speed", "220", "--l", "90", "--b", "0")
    code, _, err = run_cli("sky", "compton-getting", "--speed", "10kg", "--l", "90", "--b", "0")
    assert code == 2 and "expected a speed" in err and "--speed" in err
    code, _, err = run_cli("sky", "compton-getting", "--speed", "3e8m/s", "--l", "90", "--b", "0")
    assert code == 2 and "speed of light" in err
