"""numerics/beam/checks.py: the seed 001 and seed 000 Sec. IV entries of verify."""
from __future__ import annotations

import cranisotropy as c
from cranisotropy.core.registry import load_checks


def test_statuses_of_a_few_entries():
    results = c.verify(seed="001", equation=["9", "num:lambda1", "num:width", "num:excess", "num:K"],
                       show_progress=False)
    assert {r.equation: r.status for r in results} == {
        "9": "reproduced", "num:lambda1": "differs", "num:width": "reproduced", "num:excess": "differs",
        "num:K": "reproduced"}


def test_every_equation_of_seed_001_is_registered_or_out_of_scope():
    registry = load_checks()
    for n in range(1, 16):
        assert ("001", str(n)) in registry.equations
    beam_000 = {e for (s, e) in registry.equations if s == "000" and e.startswith("num:beam_")}
    assert beam_000 == {"num:beam_4sqrt_eps", "num:beam_50eps", "num:beam_pmax", "num:beam_l_1pc",
                        "num:beam_scaling", "num:beam_tau", "num:beam_knee"}
