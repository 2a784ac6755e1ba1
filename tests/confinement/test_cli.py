"""``cranisotropy confinement`` and ``validate confinement``: thin wrappers around the API."""
from __future__ import annotations

import json

import pytest

from cranisotropy.numerics.confinement import confinement

PROFILE_KEYS = {"z_pc", "zone", "P_CR", "P_CR_formula5", "formula5_rel_error", "I"}
TOP_KEYS = {"inputs", "effective_time_yr", "normalised", "F_exact", "F_normalising_formula5",
            "kappa_ism_cm2_s", "kappa_nl_cm2_s", "kappa_core_cm2_s", "zones_pc", "core_height",
            "self_similar", "profile", "units"}


def test_json_is_the_api_result(run_cli):
    code, out, _ = run_cli("confinement", "--pi", "8", "--distance", "15", "60", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == TOP_KEYS and all(set(r) == PROFILE_KEYS for r in data["profile"])
    assert data == json.loads(json.dumps(confinement(8.0, [15.0, 60.0]).to_dict()))
    assert data["units"]["z_pc"] == "pc" and data["units"]["time_yr"] == "yr"


def test_options_take_unit_strings(run_cli):
    """--cloud-size 10pc was refused before; unit strings give the same document as bare numbers."""
    code, out, _ = run_cli("confinement", "--pi", "2", "--cloud-size", "0.01kpc", "--time", "100kyr",
                           "--alfven-speed", "1e6cm/s", "--distance", "10", "0.02kpc", "--json")
    code0, out0, _ = run_cli("confinement", "--pi", "2", "--cloud-size", "10", "--time", "1e5",
                             "--alfven-speed", "10", "--distance", "10", "20", "--json")
    assert code == code0 == 0
    assert _close(json.loads(out), json.loads(out0))
    code, _, err = run_cli("confinement", "--pi", "2", "--cloud-size", "10kg")
    assert code == 2 and "expected a length" in err and "--cloud-size" in err
    code, _, err = run_cli("confinement", "--pi", "2", "--alfven-speed", "4e5km/s")
    assert code == 2 and "speed of light" in err


def _close(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == pytest.approx(b, rel=1e-12)
    return a == b


def test_pde_and_spectrum_keys(run_cli):
    code, out, _ = run_cli("confinement", "--pi", "5", "--cloud-size", "1", "--time", "1e6",
                           "--distance", "3", "--pde", "--spectrum", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == TOP_KEYS | {"pde", "spectrum"} and data["units"]["distance_pc"] == "pc"
    assert set(data["pde"]) == {"P_CR", "content_error", "quasilinear_residual", "cells", "damping_normalised",
                                "cloud", "time_map", "l1_vs_similarity"}


def test_text_mentions_zones(run_cli):
    code, out, _ = run_cli("confinement", "--pi", "2")
    assert code == 0 and "zones:" in out and "formula (5)" in out


def test_far_distance_spectrum_reports_instead_of_crashing(run_cli):
    code, out, err = run_cli("confinement", "--pi", "8", "--distance", "1e5", "--spectrum")
    assert code == 0 and "spectral break" in out and "Traceback" not in err


@pytest.mark.parametrize("argv", [
    ["--pi", "-1"], ["--pi", "0"], ["--pi", "nan"], ["--pi", "500"], ["--pi", "3", "--time", "0"],
    ["--pi", "3", "--cloud-size", "-2"], ["--pi", "3", "--kappa-bohm", "0"], ["--pi", "3", "--i-ism", "-1e-3"],
    ["--pi", "3", "--alfven-speed", "0"], ["--pi", "3", "--distance", "0"], ["--pi", "3", "--damping", "-1"],
    ["--pi", "3", "--cloud", "ring"], ["--pi", "3", "--damping", "0.1"], ["--pi", "3", "--pi-index", "nan"], [],
])
def test_bad_input_exit_2(run_cli, argv):
    code, _, err = run_cli("confinement", *argv)
    assert code == 2
    assert "Traceback" not in err and err.strip().count("\n") == 0


def test_validate_writes_into_the_output_dir(run_cli, tmp_path):
    args = ["validate", "confinement", "--pis", "0.5", "--factor", "100", "--output-dir", str(tmp_path), "--json"]
    code, out, _ = run_cli(*args)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"rows", "tolerances"} and data["rows"][0]["ok"]
    assert (tmp_path / "confinement_validation" / "pi_0.5.json").exists()
    code, out, _ = run_cli(*args, "--resume")
    assert code == 0 and json.loads(out)["rows"][0] == data["rows"][0]


@pytest.mark.parametrize("pis", ["0", "0.5,500", ","])
def test_validate_bad_pis_exit_2(run_cli, pis, tmp_path):
    code, _, err = run_cli("validate", "confinement", "--pis", pis, "--output-dir", str(tmp_path))
    assert code == 2 and "Traceback" not in err


def test_regenerated_table_is_current(run_cli):
    code, out, _ = run_cli("regenerate", "--check", "--only", "confinement-tables", "--only", "kernels")
    assert code == 0, out
