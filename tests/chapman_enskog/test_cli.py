"""cranisotropy/cli/commands/chapman_enskog.py: ``chapman-enskog`` (alias ``coefficients``),
``validate``/``bench chapman-enskog`` (alias ``ce``): JSON = the API's ``to_dict()``, bad input
exits 2 with one line."""
from __future__ import annotations

import json

import pytest

from cranisotropy.numerics.chapman_enskog import symbolic_transport_equation, transport_coefficients

#: the keys of ``coefficients --json`` before the command became a thin wrapper
KEYS = {"D", "order", "sigma", "kappa", "hyperdiffusion", "tau_slow", "tau_t", "series",
        "series_errors", "exact", "method", "symmetric", "notes", "units"}


@pytest.mark.parametrize("name", ["chapman-enskog", "coefficients"])
def test_json_is_the_api_result(run_cli, name):
    code, out, _ = run_cli(name, "--D", "1", "--order", "8", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == KEYS and data == json.loads(json.dumps(transport_coefficients("1", 8).to_dict()))
    assert [item["n"] for item in data["series"]] == list(range(1, 9))
    assert all(set(item) == {"n", "exact", "value"} for item in data["series"])


def test_focusing_adds_the_focused_series(run_cli):
    code, out, _ = run_cli("chapman-enskog", "--D", "2/(2+mu)", "--sigma", "1/2", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == KEYS | {"focused_series"} and data["sigma"] == "1/2"
    terms = data["focused_series"][3]["terms"]
    assert data["notes"] and [t["power"] for t in terms] == [1, 2, 3, 4]
    assert all(t["exact"] is not None for t in terms)      # 1/D is a polynomial: exact


def test_text_output_names_the_coefficients(run_cli):
    code, out, _ = run_cli("coefficients", "--D", "abs(mu)^(2/3)")
    assert code == 0 and "kappa            = 18/7" in out


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
    code, _, err = run_cli("chapman-enskog", "--D", D)
    assert code == 2
    assert fragment in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("args, fragment", [
    (("--D", "1", "--order", "1"), "--order"),
    (("--D", "1", "--order", "two"), "--order"),
    (("--D", "1", "--order", "17"), "--order"),
    (("--D", "1", "--sigma", "sqrt(-1)"), "sigma must be a finite real number"),
    (("--symbolic", "--D", "1"), "--symbolic takes no --D"),
    ((), "--D is required"),
])
def test_bad_arguments_exit_2(run_cli, args, fragment):
    code, _, err = run_cli("chapman-enskog", *args)
    assert code == 2 and fragment in err


def test_symbolic(run_cli):
    code, out, _ = run_cli("chapman-enskog", "--symbolic", "--json")
    data = json.loads(out)
    assert code == 0 and data == symbolic_transport_equation(4).to_dict()
    assert "B" in data["gamma"]["4"]


@pytest.mark.parametrize("group", ["validate", "bench"])
@pytest.mark.parametrize("target", ["chapman-enskog", "ce"])
def test_validate_and_bench_targets_and_aliases(run_cli, group, target):
    code, out, _ = run_cli(group, target, "--help")
    assert code == 0 and ("--output-dir" in out) == (group == "validate")


def test_validate_refuses_too_few_particles(run_cli):
    code, _, err = run_cli("validate", "ce", "--particles", "10", "--no-plot")
    assert code == 2 and "particles must be >= 20000" in err


def test_caret_binds_like_power():
    """'1 - mu^2' is 1 - mu**2 (Python's '^' would bind looser than '-')."""
    import sympy as sp

    from cranisotropy.core.safe_expr import parse_expression

    mu = sp.Symbol("mu", real=True)
    assert parse_expression("1 - mu^2", {"mu": mu}) == 1 - mu**2
    assert parse_expression("mu", {"mu": mu}) == mu          # a bare symbol is a formula


def test_tables_artifact_and_figures_document_are_registered(tmp_path):
    """``regenerate`` splices the tables between the page's markers; ``regenerate --docs`` knows
    the figure producer."""
    from cranisotropy.cli import build_parser
    from cranisotropy.cli.commands.chapman_enskog import BEGIN, END

    _, cli = build_parser()
    assert "chapman-enskog-figures" in cli.documents
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "chapman_enskog.md").write_text(f"# head\n{BEGIN}\nold\n{END}\ntail\n")
    text = cli.artifacts["ce-tables"](tmp_path)["docs/chapman_enskog.md"]
    assert text.startswith(f"# head\n{BEGIN}\n### Symbolic D(mu)") and text.endswith(f"{END}\ntail\n")
    assert "\nold\n" not in text
