"""The command line: verbs, --help/--json everywhere, exit codes, stdout purity."""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys

import pytest

from cranisotropy.cli import build_parser
from cranisotropy.core.paths import project_root


def _all_command_paths():
    parser, _ = build_parser()
    paths = []

    def walk(p, prefix):
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    paths.append(prefix + [name])
                    walk(child, prefix + [name])

    walk(parser, [])
    return paths


COMMANDS = _all_command_paths()


def test_top_level_help_lists_the_verbs(run_cli):
    code, out, _ = run_cli("--help")
    assert code == 0
    for verb in ("verify", "regenerate", "validate", "bench", "formula"):
        assert re.search(rf"^\s+{verb}\b", out, re.M), verb


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_has_help_and_json(path, run_cli):
    code, out, _ = run_cli(*path, "--help")
    assert code == 0 and "--json" in out and "usage:" in out


@pytest.mark.parametrize("args, bad", [
    (["verify", "--seed", "999"], "999"),
    (["bench", "kernels", "--size", "0"], "--size"),
    (["bench", "kernels", "--size", "many"], "many"),
    (["no-such-verb"], "no-such-verb"),
    (["formula", "mu +"], "mu +"),
    (["formula", "mu", "--at", "mu=abc"], "abc"),
    (["formula", "1/mu", "--at", "mu=0"], "not finite"),
    (["verify", "--equation", "no-such-eq"], "no-such-eq"),
])
def test_bad_input_exits_2_with_one_line_naming_it(args, bad, run_cli):
    code, out, err = run_cli(*args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and bad in err and "Traceback" not in err
    code, out, err = run_cli(*args, "--json")
    assert code == 2 and json.loads(out)["exit_code"] == 2


@pytest.mark.parametrize("payload", [
    "__import__('os').system('true')", "mu.__class__", "lambda: 1", "open('x')", "mu+" * 400,
])
def test_malicious_formulas_are_refused_with_exit_2(payload, run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("formula", payload)
    assert code == 2 and ("refused" in err or "limit" in err)
    assert not list(tmp_path.iterdir())


def test_formula_evaluates_through_a_kernel(run_cli):
    code, out, _ = run_cli("formula", "sign(mu)*abs(mu)**(1/3) + besselj(1, x)", "--at", "mu=-8",
                           "--at", "x=0", "--json")
    data = json.loads(out)
    assert code == 0 and data["variables"] == ["mu", "x"] and data["value"] == pytest.approx(-2.0, rel=1e-15)


def test_json_stdout_is_exactly_one_document(run_cli_subprocess):
    code, out, err = run_cli_subprocess("validate", "kernels", "--points", "4", "--json")
    assert code == 0, err
    data = json.loads(out)  # raises if anything else is on stdout
    assert all(k["ok"] for k in data["kernels"])


def test_group_without_target_lists_targets(run_cli):
    code, out, _ = run_cli("bench", "--json")
    assert code == 0 and "kernels" in json.loads(out)["commands"]


def test_cli_start_up_imports_no_heavy_libraries():
    """Building the parser (what `--help` does) must not import the numerical stack."""
    code = ("import sys; from cranisotropy.cli import build_parser; build_parser(); "
            "heavy = [m for m in ('numba', 'sympy', 'scipy', 'healpy', 'matplotlib', 'dask', 'zarr') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
