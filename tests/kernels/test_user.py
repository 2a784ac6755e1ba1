"""User formulas through the code generator (``cranisotropy.formula``)."""
from __future__ import annotations

import pytest

from cranisotropy import formula
from cranisotropy.core.errors import UsageError
from cranisotropy.kernels import cache_dir


def test_a_formula_is_evaluated_in_its_kernel():
    # sign(mu)|mu|^(1/3) is the real cube root: -2 at mu = -8; J1(0) = 0
    result = formula("sign(mu)*abs(mu)**(1/3) + besselj(1, x)", at={"mu": -8.0, "x": 0.0})
    assert result.value == pytest.approx(-2.0, rel=1e-15)
    assert result.variables == ["mu", "x"] and result.to_dict()["point"] == {"mu": -8.0, "x": 0.0}


@pytest.mark.parametrize("text, expected", [("1e20*mu", 1e20), ("2**70*mu", 2.0**70),
                                            ("-(10**30) + mu", -1e30)])
def test_constants_beyond_int64_are_evaluated_correctly(text, expected):
    assert formula(text, at={"mu": 1.0}).value == pytest.approx(expected, rel=1e-15)


def test_bad_points_are_refused_with_the_value_named():
    with pytest.raises(UsageError, match="not finite"):
        formula("1/mu", at={"mu": 0.0})
    with pytest.raises(UsageError, match="no value given for x"):
        formula("mu + x", at={"mu": 1.0})
    with pytest.raises(UsageError, match="'abc' is not a number"):
        formula("mu", at={"mu": "abc"})


def test_a_discarded_kernel_leaves_no_file(monkeypatch, tmp_path):
    """What `formula` does with a kernel numba refuses: source, cache files and import go."""
    import sys

    import sympy as sp

    from cranisotropy.kernels import KernelSpec, build
    from cranisotropy.kernels.codegen import discard

    monkeypatch.setenv("CRANISOTROPY_CACHE", str(tmp_path))
    x = sp.Symbol("x", real=True)
    module = build(KernelSpec("probe", (x,), (x**2 + 1,)))
    assert module.probe(2.0) == 5.0 and list(cache_dir().rglob("probe_*"))
    discard(module)
    assert not list(cache_dir().rglob("probe_*")) and module.__name__ not in sys.modules


def test_the_cli_knows_the_same_variables():
    from cranisotropy.cli.commands import formula as command
    from cranisotropy.kernels import user

    assert command.VARIABLES == user.VARIABLES


@pytest.mark.parametrize("text, code, value", [("1e20*mu", 0, 1e20), ("2**64*mu", 0, 2.0**64),
                                              ("log(-1)*mu", 2, None)])
def test_the_formula_command_in_its_own_process(tmp_path, text, code, value):
    """Issue 15: large constants are evaluated (not a numba typing traceback), a refused formula
    is one line, exit 2, and leaves nothing in the kernel cache."""
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, CRANISOTROPY_CACHE=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "cranisotropy", "formula", text, "--at", "mu=1", "--json"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == code and "Traceback" not in proc.stderr, proc.stderr
    if value is not None:
        assert json.loads(proc.stdout)["value"] == pytest.approx(value, rel=1e-15)
    else:
        assert len(proc.stderr.strip().splitlines()) == 1 and "cannot be compiled" in proc.stderr
        cache = tmp_path / "cache"
        assert not cache.exists() or not [p for p in cache.rglob("*") if p.is_file()]
