"""validate_multipoles / bench_multipoles and the comparisons they (and the checks) are made of."""
import pytest

from cranisotropy import bench_multipoles, validate_multipoles
from cranisotropy.numerics.multipoles import campaign


def test_hierarchy_versus_references():
    assert campaign.hierarchy_versus_ode(20, taus=(0.1, 1.0))["ok"]
    assert campaign.hierarchy_versus_mpmath(ells=(2, 30), taus=(0.01, 1.0))["ok"]
    assert campaign.total_power_series_agreement()["ok"]


def test_generalized_bgk_versus_references():
    assert campaign.closed_forms_versus_quadrature(ps=(0.5,), orders=(1, 7), dps=18) < 1e-12
    errors = campaign.two_point_equation_versus_forms(lambda x: 1 + 0.8 * x)
    assert errors["consistent"] < 1e-10 and errors["printed"] > 1e-2


def test_bench_small():
    r = bench_multipoles(30, repeat=1, taus=(0.01, 1.0))
    assert len(r.timings) == 2 and r.spot_max_rel_error < 1e-12
    assert set(r.to_dict()) == {"lmax", "repeat", "timings", "slowest_ms", "target_ms", "spot_max_rel_error", "ok"}


@pytest.mark.slow
def test_validate_multipoles():
    report = validate_multipoles()
    assert report.ok, report.to_dict()
    assert set(report.to_dict()) == {"hierarchy_ode", "hierarchy_mpmath", "generalized_bgk", "hierarchy_total_power", "ok"}
