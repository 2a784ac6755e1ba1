"""The backtracker's command line: thin handlers, JSON documents, exit codes, light parser."""
import json

import pytest

from cranisotropy.cli.commands import backtrack as commands


def test_choices_of_the_parser_are_the_packages_names():
    """The parser keeps its own tuples (building it imports no numerics: tests/cli/test_cli.py);
    they must name the real things."""
    from cranisotropy.numerics.backtrack.campaign import PRESETS
    from cranisotropy.numerics.backtrack.propagation import PROPAGATORS

    assert commands.INTEGRATORS == tuple(PROPAGATORS)
    assert set(commands.PRESETS) == set(PRESETS)


def test_bench_field_json(run_cli):
    code, out, _ = run_cli("bench", "field", "--modes", "64", "--points", "256", "--repeats", "3", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("ns_per_mode_eval", "ns_per_step", "max_rel_error"):
        assert data[key] > 0
    assert data["max_rel_error"] <= 1e-12  # accuracy is not a timing: it must hold everywhere
    assert data["ns_per_mode_eval_libm"] > data["ns_per_mode_eval"]
    assert isinstance(data["targets_met"], bool) and data["targets"]["max_rel_error"] == 1e-12


def test_bench_campaign_json(run_cli):
    code, out, _ = run_cli("bench", "campaign", "--preset", "quick", "--workers", "1", "--particles", "8",
                           "--steps", "5", "--json")
    data = json.loads(out)
    assert code == 0 and data["workers"] == 1 and data["sample_particle_steps"] == 40
    for key in ("ns_per_particle_step", "particle_steps", "projected_cpu_s", "projected_wall_s"):
        assert data[key] > 0


def test_bench_accuracy_json_and_bad_steps(run_cli):
    code, out, _ = run_cli("bench", "accuracy", "--preset", "quick", "--integrators", "boris",
                           "--steps", "0.005,0.01", "--reference", "rk4:0.0025", "--realisations", "2",
                           "--nside", "1", "--sigma-realisations", "2", "--sigma-nside", "1", "--modes",
                           "8", "--lmax", "2", "--json")
    data = json.loads(out)
    assert code == 0 and [r["step"] for r in data["rows"]] == [0.005, 0.01]
    assert data["reference"] == {"scheme": "rk4", "step": 0.0025}
    code, _, err = run_cli("bench", "accuracy", "--steps", "0.003,0.006")
    assert code == 2 and "does not divide" in err and "Traceback" not in err
    code, _, err = run_cli("bench", "accuracy", "--integrators", "euler")
    assert code == 2 and "euler" in err


def test_bench_rejects_bad_sizes(run_cli):
    code, _, err = run_cli("bench", "field", "--modes", "0")
    assert code == 2 and "--modes" in err


def test_help_texts(run_cli):
    for args in (("validate", "backtrack", "--help"), ("backtrack", "run", "--help"),
                 ("backtrack", "analyse", "--help")):
        code, out, _ = run_cli(*args)
        assert code == 0 and "example" in out and "Python: cranisotropy." in out
    code, out, _ = run_cli("validate", "backtrack", "--help")
    assert "--output-dir" in out and "docs/figures" not in out


def test_serial_and_scheduler_are_exclusive(run_cli, tmp_path):
    code, _, err = run_cli("backtrack", "run", tmp_path / "x", "--serial", "--workers", "2")
    assert code == 2 and "--serial" in err
    code, _, err = run_cli("validate", "backtrack", "--scheduler", "tcp://h:1", "--workers", "2",
                           "--out", tmp_path / "y", "--output-dir", tmp_path / "figs")
    assert code == 2 and "--workers" in err
    assert not (tmp_path / "y").exists() and not (tmp_path / "figs").exists()


def test_analyse_missing_directory(run_cli, tmp_path):
    code, _, err = run_cli("backtrack", "analyse", tmp_path / "nothing")
    assert code == 2 and "run.json" in err


def test_run_and_analyse_json(run_cli, tiny_args, tmp_path):
    code, out, _ = run_cli("backtrack", "run", tmp_path / "bt", *tiny_args, "--serial", "--json")
    report = json.loads(out)
    assert code == 0 and report["realisations_done"] == 3 and report["projected_wall_seconds_full_run"] > 0
    code, out, _ = run_cli("backtrack", "analyse", tmp_path / "bt", "--output-dir", tmp_path / "figs", "--json")
    summary = json.loads(out)
    assert code == 0 and summary == json.loads((tmp_path / "bt" / "summary.json").read_text())
    assert sorted(p.name for p in (tmp_path / "figs").iterdir()) == [
        "backtrack_estimator.png", "backtrack_liouville.png", "backtrack_spectrum.png"]
    code, out, _ = run_cli("backtrack", "analyse", tmp_path / "bt", "--figures", tmp_path / "old-name")
    assert code == 0 and (tmp_path / "old-name" / "backtrack_spectrum.png").exists() and "K_par" in out


@pytest.mark.parametrize("extra, message", [
    (["--nside", "3"], "not a power of 2"), (["--omega-t", "0,-2"], ">= 0"),
    (["--step", "0.06"], "does not resolve"), (["--sigma2", "-1"], "sigma"),
    (["--lambda-min", "5", "--lambda-max", "1"], "smaller than lambda_max"),
    (["--scheduler", "tcp://127.0.0.1:9"], "cannot reach the dask scheduler")])
def test_bad_input_exit_2(run_cli, tiny_args, tmp_path, extra, message):
    args = list(tiny_args)
    for flag in extra[::2]:  # let the bad value override the tiny one
        if flag in args:
            i = args.index(flag)
            del args[i:i + 2]
    code, out, err = run_cli("backtrack", "run", tmp_path / "out", *args, *extra)
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_incompatible_directory_exit_2(run_cli, serial_run, tiny_args):
    code, _, err = run_cli("backtrack", "run", serial_run, *tiny_args[:-1], "8", "--resume", "--serial")
    assert code == 2 and "incompatible" in err


PHYSICAL = ["--energy", "1PeV", "--b-regular", "1uG", "--b-rms", "1uG", "--lc", "10pc", "--time", "0,300yr"]
SMALL = ["--nside", "2", "--realisations", "1", "--modes", "16", "--serial"]


def test_run_in_physical_units(run_cli, tmp_path):
    """A 1 PeV proton in 1 uG (r_L = 1.08 pc) with L_c = 10 pc: the stored run's r_L/L_c and
    Omega T are those of physical_campaign (the API the flags call)."""
    from cranisotropy.numerics.backtrack import physical_campaign

    code, _, err = run_cli("backtrack", "run", tmp_path / "bt", *PHYSICAL, *SMALL, "--json")
    assert code == 0, err
    stored = json.loads((tmp_path / "bt" / "run.json").read_text())["parameters"]
    expected = physical_campaign(energy="1PeV", b0="1uG", b_rms="1uG", lc="10pc", times=[0, "300yr"]).parameters
    assert stored["gyroradius"] == pytest.approx(0.1081, rel=1e-3)   # r_L = 1.081 pc
    assert stored["gyroradius"] == expected.gyroradius and stored["omega_times"] == list(expected.omega_times)


@pytest.mark.parametrize("change, message", [
    (["--lc", "10kg"], "argument --lc: '10kg' is a mass (kg), expected a length"),
    (["--time", "0,1kg"], "expected a time"),
    (["--b-rms", "3pc"], "expected a magnetic field"),
    (["--gyroradius", "0.1"], "--gyroradius is dimensionless"),
    (["--lc", None], "physical units need --lc")])
def test_physical_units_bad_input_exit_2(run_cli, tmp_path, change, message):
    args = list(PHYSICAL)
    i = args.index(change[0]) if change[0] in args else None
    if i is not None:
        del args[i:i + 2]
    if change[1] is not None:
        args += change
    code, _, err = run_cli("backtrack", "run", tmp_path / "bt", *args, *SMALL)
    assert code == 2 and message in err and "Traceback" not in err, err
    assert not (tmp_path / "bt").exists()
