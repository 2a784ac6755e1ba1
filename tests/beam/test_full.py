"""Convergence of the full peaked eigenproblem to the matched asymptotics (issue 4, item 5).

Slow: the same study as ``cranisotropy validate beam`` (about 20 spectral-element solves at two
degrees).  The expectations are the theory's: residuals against the finite-a matched values are
O(b) (observed rate >= 0.8), those against the a, b -> 0 limit O(sqrt a) (rate ~ 1/2).
"""
import pytest

from cranisotropy.cli.commands.beam import judge
from cranisotropy.numerics.beam import full as bf


@pytest.mark.slow
@pytest.mark.parametrize("name", list(bf.SEQUENCES))
def test_convergence_to_matched_asymptotics(name):
    study = bf.convergence_study(name)
    assert judge(study) == []
    res = study["relative_residuals"]
    # smallest b: within 0.3 % of the finite-a matched shift and excess
    assert abs(res["dlambda_vs_finite_a"][-1]) < 3e-3
    assert abs(res["excess_vs_next_order"][-1]) < 5e-3
    rates = study["rates"]
    assert rates["dlambda_vs_finite_a"]["fit"] > 0.8
    if name == "a=b":
        assert 0.3 < rates["dlambda_vs_limit"]["fit"] < 0.65
        assert abs(res["dlambda_vs_limit"][-1]) < 0.1  # -> 0 like sqrt(a)


def test_quick_validation_command(capsys):
    from cranisotropy.cli import main

    code = main(["validate", "beam", "--quick", "--no-figures"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "PASSED" in out
