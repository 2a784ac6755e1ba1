"""numerics/sky/checks.py: the re-examined verdicts of the observation side (seed 004)."""
from __future__ import annotations

import math

from cranisotropy.core.registry import verify
from cranisotropy.numerics.evidence import rounds_to
from cranisotropy.numerics.sky import noise


def _verify(*equations):
    return {r.equation: r for r in verify(seed="004", equation=list(equations), show_progress=False)}


def test_galactic_rotation_dipole_is_within_the_papers_own_uncertainty():
    result = _verify("num:cg_galactic_rotation")["num:cg_galactic_rotation"]
    assert (result.status, result.kind) == ("reproduced", "as-printed")
    low, high = result.evidence["range_200_240"]
    assert low < 2.4e-3 < high and not rounds_to(result.evidence["projection"], "2.4e-3")


def test_tibet_field_of_view_is_an_inconsistency_of_the_paper():
    result = _verify("num:fov_tibet")["num:fov_tibet"]
    assert (result.status, result.kind, result.impact) == ("differs", "inconsistent", "quoted number")
    assert result.evidence["derived_range"] == [-15.0, 75.0] and result.evidence["range_40deg"] == [-10.0, 70.0]


def test_restored_entries_and_what_they_rest_on():
    results = _verify("4", "num:hawc_sensitivity", "num:fov_icecube", "32", "num:noise_icecube")
    assert {k: r.kind for k, r in results.items()} == {
        "4": "restored", "num:hawc_sensitivity": "restored", "num:fov_icecube": "restored", "32": "restored",
        "num:noise_icecube": "as-printed"}
    assert results["4"].rests_on and results["4"].rests_on == results["num:hawc_sensitivity"].rests_on
    # eq. 32's lost pi is forced by the quoted IceCube level N ~ 3e-12 (n_tot = 3.2e11, f_sky = 0.29)
    assert rounds_to(noise.tophat_noise_power(0.29, 3.2e11), "3e-12")
    assert not rounds_to(0.29**2 * 4 / 3.2e11, "3e-12") and abs(4 * math.pi * 0.29**2 / 3.2e11 - 3.3e-12) < 1e-13
