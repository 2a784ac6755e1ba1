"""`cranisotropy multipoles`, `diffusion-tensor`, `multipoles-figures`, validate/bench targets, tables and figures."""
import json

import numpy as np
import pytest

from cranisotropy import diffusion_tensor, multipole_spectrum


def _json(run_cli, *args):
    code, out, err = run_cli(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_multipoles_json_is_the_api_result(run_cli):
    for args, kwargs in ((("--model", "hierarchy", "--lmax", "12"), {"model": "hierarchy", "lmax": 12}),
                         (("--model", "hierarchy", "--nu-t", "0.1", "--lmax", "6"), {"model": "hierarchy", "lmax": 6,
                                                                                     "nu_t": 0.1}),
                         (("--model", "bgk", "--p", "1/3", "--lmax", "5", "--form", "printed"),
                          {"model": "bgk", "lmax": 5, "p": 1 / 3, "form": "printed"})):
        assert _json(run_cli, "multipoles", *args) == multipole_spectrum(**kwargs).to_dict()


def test_bgk_defaults_to_the_derived_form(run_cli):
    data = _json(run_cli, "multipoles", "--model", "bgk", "--lmax", "2")
    assert data["form"] == "consistent" and data["ratios"][1] == pytest.approx(1 / 7, rel=1e-14)
    printed = _json(run_cli, "multipoles", "--model", "bgk", "--lmax", "2", "--form", "printed")
    assert printed["ratios"][1] == pytest.approx(23 / 147, rel=1e-14) and "as printed" in printed["equation"]
    code, out, _ = run_cli("multipoles", "--model", "bgk", "--lmax", "2", "--form", "printed")
    assert code == 0 and "paper's form" in out


@pytest.mark.parametrize("args", [
    ("--model", "bgk", "--p", "1.5"), ("--model", "bgk", "--p", "0"), ("--model", "hierarchy", "--lmax", "0"),
    ("--model", "hierarchy", "--lmax", "10000000"), ("--model", "hierarchy", "--nu-t", "-1"),
    ("--model", "hierarchy", "--nu-t", "inf"), ("--model", "hierarchy", "--p", "0.5"),
    ("--model", "hierarchy", "--form", "printed"), ("--model", "bgk", "--nu-t", "1"), ("--model", "other"), ()])
def test_bad_input_exits_2(run_cli, args):
    code, _, err = run_cli("multipoles", *args)
    assert code == 2 and "error" in err and "Traceback" not in err


def test_diffusion_tensor(run_cli):
    data = _json(run_cli, "diffusion-tensor", "--nu", "2", "--omega", "3")
    assert data == diffusion_tensor(2.0, 3.0).to_dict()
    A = np.array([[0, -3.0, 0], [3.0, 0, 0], [0, 0, 0]])
    np.testing.assert_allclose(data["tensor"], np.linalg.inv(2 * np.eye(3) + A) / 3, rtol=1e-13)
    for bad in (("--nu", "0", "--omega", "1"), ("--nu", "-1", "--omega", "1"), ("--nu", "1", "--omega", "nan"),
                ("--nu", "1",)):
        assert run_cli("diffusion-tensor", *bad)[0] == 2
    assert _json(run_cli, "diffusion-tensor", "--nu", "1", "--omega", "0")["nu_antisymmetric"] is None


def test_figures_command_writes_into_the_output_dir(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = _json(run_cli, "multipoles-figures")["files"]
    assert len(files) == 3 and all(f.startswith(str(tmp_path / "cranisotropy-output")) for f in files)
    files = _json(run_cli, "multipoles-figures", "--output-dir", str(tmp_path / "elsewhere"))["files"]
    assert all(open(f, "rb").read(8) == b"\x89PNG\r\n\x1a\n" for f in files)
    (tmp_path / "file").write_text("x")
    assert run_cli("multipoles-figures", "--output-dir", str(tmp_path / "file"))[0] == 2


def test_regenerate_knows_the_tables_and_the_figures():
    from cranisotropy.cli import build_parser

    _, cli = build_parser()
    assert "multipoles-tables" in cli.artifacts and "multipoles-figures" in cli.documents


def test_validate_bgk_small(run_cli):
    data = _json(run_cli, "validate", "bgk", "--particles", "2000", "--ratios", "0,2", "--seed", "3")
    assert data["ok"] and [c["omega_over_nu"] for c in data["cases"]] == [0.0, 2.0]
    assert run_cli("validate", "bgk", "--ratios", "a,b")[0] == 2


def test_bench_small(run_cli):
    data = _json(run_cli, "bench", "multipoles", "--lmax", "20", "--repeat", "1")
    assert data["lmax"] == 20 and data["spot_max_rel_error"] < 1e-12


def test_verify_lists_this_topic(run_cli):
    labels = {(e["seed"], e["equation"]) for e in _json(run_cli, "verify", "--list")["equations"]}
    assert {("003", "20"), ("003", "21"), ("003", "13"), ("002", "4.7"), ("004", "77"), ("003", "5")} <= labels


@pytest.mark.slow
def test_validate_multipoles(run_cli):
    code, out, _ = run_cli("validate", "multipoles", "--json")
    assert code == 0, out
