"""CR escape from one source in physical units (numerics/confinement/source.py)."""
from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.confinement import confinement, factor_F
from cranisotropy.numerics.confinement.source import PC_CM


def test_zones_and_pedestal_level():
    res = confinement(8.0, [15.0, 60.0])
    assert res.F_exact == pytest.approx(factor_F(8.0), rel=1e-12)
    assert res.has_pedestal and res.zone == ("pedestal", "tail")
    # pedestal level close to 2 kappa_B/(C_A z) (0.91 of it at Pi = 8), C_A = 10 km/s
    ratio = res.P_CR[0] * 1e6 * 15 * PC_CM / (2 * 1e25)
    assert 0.85 < ratio < 1.0
    assert res.core_edge_pc < 15.0 < res.tail_start_pc < 60.0


def test_default_distances_span_the_zones():
    res = confinement(2.0)
    assert res.z_pc.size == 9 and res.z_pc[-1] == pytest.approx(3 * res.tail_start_pc, rel=1e-12)
    assert not res.has_pedestal and set(res.zone) == {"core", "tail"}


def test_damping_is_a_change_of_clock():
    damped = confinement(4.0, [10.0, 50.0], time=1e6, damping=2e-6)
    assert damped.effective_time_yr == pytest.approx(math.expm1(2.0) / 2e-6, rel=1e-12)
    undamped = confinement(4.0, [10.0, 50.0], time=damped.effective_time_yr)
    assert np.allclose(damped.P_CR, undamped.P_CR, rtol=1e-12)
    assert np.allclose(damped.I, undamped.I * math.exp(-2.0), rtol=1e-12)


def test_pde_and_spectrum_sections():
    res = confinement(5.0, [3.0], cloud_size=1.0, time=1e6, pde=True, spectrum=True)
    assert res.pde["content_error"] < 1e-10 and res.pde["quasilinear_residual"] < 1e-9
    assert res.pde["P_CR"][0] == pytest.approx(res.P_CR[0], rel=0.1)
    assert res.spectrum.measured == pytest.approx(res.spectrum.criterion, rel=0.5)
    data = res.to_dict()
    assert set(data["spectrum"]) == {"distance_pc", "p_break_criterion", "p_break_measured", "slope_below",
                                     "slope_above"}
    assert pickle.loads(pickle.dumps(res)).to_dict() == data


def test_pde_is_skipped_once_self_similar():
    res = confinement(3.0, cloud_size=1e-4, time=1e9, pde=True)
    assert set(res.pde) == {"skipped"} and "PDE skipped" in str(res)


@pytest.mark.parametrize("kwargs, name", [
    ({"pi": 0.0}, "Pi"), ({"pi": 500.0}, "Pi"), ({"time": 0.0}, "time"), ({"cloud_size": -2.0}, "cloud_size"),
    ({"kappa_bohm": float("inf")}, "kappa_bohm"), ({"i_ism": -1e-3}, "i_ism"), ({"alfven_speed": 0}, "alfven_speed"),
    ({"distance": [0.0]}, "distances"), ({"damping": -1.0}, "damping"), ({"cloud": "ring"}, "cloud"),
    ({"damping": 0.1}, "damping"),
])
def test_bad_input_names_the_value(kwargs, name):
    args = {"pi": 3.0, **kwargs}
    with pytest.raises(UsageError, match=name):
        confinement(**args)
