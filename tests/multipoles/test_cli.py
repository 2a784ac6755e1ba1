"""`cranisotropy multipoles`, `diffusion-tensor`, `multipoles-figures`, tables artifact."""
import json

import mpmath
import numpy as np
import pytest


def test_hierarchy_limit_json(run_cli):
    code, out, _ = run_cli("multipoles", "--model", "hierarchy", "--lmax", "12", "--json")
    assert code == 0
    data = json.loads(out)
    ells = np.arange(1, 13)
    np.testing.assert_allclose(data["ratios"], 18.0 / ((2 * ells + 1) * (ells + 1) * (ells + 2)), rtol=1e-14)
    assert data["nu_t"] is None


def test_hierarchy_finite_time_json(run_cli):
    code, out, _ = run_cli("multipoles", "--model", "hierarchy", "--nu-t", "0.1", "--lmax", "6", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["ratios"]) == 6 and data["ratios"][0] == 1.0
    # C_2/C_1 = (3/5) D_2/D_1 with D_2 = (2/4)(e^{-2t} - e^{-6t})
    t = 0.1
    assert data["ratios"][1] == pytest.approx(0.6 * 0.5 * (np.exp(-2 * t) - np.exp(-6 * t)) / np.exp(-2 * t), rel=1e-13)


def test_bgk_json_matches_quadrature(run_cli):
    code, out, _ = run_cli("multipoles", "--model", "bgk", "--p", "1/3", "--lmax", "5", "--json")
    data = json.loads(out)
    assert code == 0 and data["p"] == pytest.approx(1 / 3)

    def cl(order):
        f = lambda x: x * mpmath.legendre(order, x) / (1 - x) ** (mpmath.mpf(1) / 3)  # noqa: E731
        return mpmath.quad(f, [-1, 0, 0.9, 1]) / (order * (order + 1))
    assert data["ratios"][3] == pytest.approx(float(cl(4) / cl(1)), rel=1e-9)
    code, out, _ = run_cli("multipoles", "--model", "bgk", "--p", "0.5", "--form", "consistent", "--lmax", "2", "--json")
    assert json.loads(out)["ratios"][1] == pytest.approx(1 / 7, rel=1e-14)


@pytest.mark.parametrize("args", [
    ("--model", "bgk", "--p", "1.5"), ("--model", "bgk", "--p", "0"), ("--model", "hierarchy", "--lmax", "0"),
    ("--model", "hierarchy", "--lmax", "10000000"), ("--model", "hierarchy", "--nu-t", "-1"),
    ("--model", "hierarchy", "--nu-t", "inf"), ("--model", "hierarchy", "--p", "0.5"),
    ("--model", "bgk", "--nu-t", "1"), ("--model", "other"), ()])
def test_bad_input_exits_2(run_cli, args):
    code, _, err = run_cli("multipoles", *args)
    assert code == 2 and "error" in err and "Traceback" not in err


def test_diffusion_tensor(run_cli):
    code, out, _ = run_cli("diffusion-tensor", "--nu", "2", "--omega", "3", "--json")
    data = json.loads(out)
    A = np.array([[0, -3.0, 0], [3.0, 0, 0], [0, 0, 0]])
    np.testing.assert_allclose(data["tensor"], np.linalg.inv(2 * np.eye(3) + A) / 3, rtol=1e-13)
    assert data["nu_perpendicular"] == pytest.approx(2 + 9 / 2)
    for bad in (("--nu", "0", "--omega", "1"), ("--nu", "-1", "--omega", "1"), ("--nu", "1", "--omega", "nan"),
                ("--nu", "1",)):
        assert run_cli("diffusion-tensor", *bad)[0] == 2
    code, out, _ = run_cli("diffusion-tensor", "--nu", "1", "--omega", "0", "--json")
    assert code == 0 and json.loads(out)["nu_antisymmetric"] is None


def test_figures_command_writes_pngs(run_cli, tmp_path):
    code, out, _ = run_cli("multipoles-figures", "--out", str(tmp_path), "--json")
    files = json.loads(out)["files"]
    assert code == 0 and len(files) == 3
    for f in files:
        with open(f, "rb") as fh:
            assert fh.read(8) == b"\x89PNG\r\n\x1a\n"


def test_verify_lists_this_topic(run_cli):
    code, out, _ = run_cli("verify", "--list", "--json")
    labels = {(e["seed"], e["equation"]) for e in json.loads(out)["equations"]}
    assert {("003", "20"), ("003", "21"), ("003", "13"), ("002", "4.7"), ("004", "77"), ("003", "5")} <= labels


@pytest.mark.slow
def test_validate_multipoles(run_cli):
    code, out, _ = run_cli("validate", "multipoles", "--json")
    assert code == 0, out
