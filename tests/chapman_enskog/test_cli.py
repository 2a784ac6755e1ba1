"""`cranisotropy coefficients`: JSON contract, bad input (exit 2), symbolic mode."""
from __future__ import annotations

import json

import pytest

def test_json_contract_D1_order8(run_cli):
    code, out, _ = run_cli("coefficients", "--D", "1", "--order", "8", "--json")
    assert code == 0
    data = json.loads(out)
    assert {"kappa", "hyperdiffusion", "tau_slow", "series"} <= set(data)
    assert [item["n"] for item in data["series"]] == list(range(1, 9))
    assert all(set(item) == {"n", "exact", "value"} for item in data["series"])
    # series entries are consistent with kappa, K, tau of eqs. (10)-(12)
    c = {item["n"]: item["value"] for item in data["series"]}
    assert data["kappa"] == pytest.approx(4 * c[2], rel=1e-15)
    assert data["hyperdiffusion"] == pytest.approx(-4 * c[4], rel=1e-15)
    assert data["tau_slow"] == pytest.approx(data["hyperdiffusion"] / data["kappa"] ** 2, rel=1e-15)
    assert all(item["exact"] is not None for item in data["series"])
    assert c[1] == c[3] == c[5] == c[7] == 0.0


def test_focusing_and_asymmetric_D(run_cli):
    code, out, _ = run_cli("coefficients", "--D", "2/(2+mu)", "--sigma", "1/2", "--json")
    data = json.loads(out)
    assert code == 0 and data["series"][2]["value"] != 0          # eps^3 term present
    assert data["notes"] and data["focused_series"][3]["terms"][0]["power"] == 1
    # gamma_n(d_z = -sigma) = 0: sum_j a_nj (-sigma)^j vanishes at every order
    for entry in data["focused_series"]:
        total = sum(t["value"] * (-0.5) ** t["power"] for t in entry["terms"])
        assert abs(total) < 1e-15


def test_numerical_D_reports_errors(run_cli):
    code, out, _ = run_cli("coefficients", "--D", "1 + mu^2", "--order", "4", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["exact"]["kappa"] == "-1 + pi/2"
    assert data["series"][3]["exact"] is None and max(data["series_errors"]) < 1e-25


@pytest.mark.parametrize("D, fragment", [
    ("-1", "positive"),
    ("mu", "negative"),
    ("1 - mu^2", "not integrable"),
    ("mu^2", "not integrable"),
    ("abs(mu)^0.99", "barely integrable"),
    ("max(0, mu)", "vanishes on an interval"),
    ("1/mu", "not real and finite"),
    ("1 +", "cannot parse"),
    ("x", "unknown name"),
])
def test_bad_D_exit_2(run_cli, D, fragment):
    code, _, err = run_cli("coefficients", "--D", D)
    assert code == 2
    assert fragment in err and "Traceback" not in err


@pytest.mark.parametrize("order", ["1", "0", "-3", "two"])
def test_bad_order_exit_2(run_cli, order):
    code, _, err = run_cli("coefficients", "--D", "1", "--order", order)
    assert code == 2 and "--order" in err


def test_symbolic(run_cli):
    code, out, _ = run_cli("coefficients", "--symbolic", "--json")
    data = json.loads(out)
    assert code == 0 and data["symbolic"] and set(data["functionals"]) == {"kappa", "M", "A", "B"}
    assert "B" in data["gamma"]["4"]


def test_caret_binds_like_power():
    """'1 - mu^2' is 1 - mu**2 (Python's '^' would bind looser than '-')."""
    import sympy as sp

    from cranisotropy.core.safe_expr import parse_expression

    mu = sp.Symbol("mu", real=True)
    assert parse_expression("1 - mu^2", {"mu": mu}) == 1 - mu**2
    assert parse_expression("mu", {"mu": mu}) == mu          # a bare symbol is a formula
