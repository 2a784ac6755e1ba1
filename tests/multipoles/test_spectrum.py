"""multipole_spectrum: the one entry point of ``cranisotropy multipoles``."""
import json
import pickle

import numpy as np
import pytest

from cranisotropy import generalized_bgk_ratios, hierarchy_cl, hierarchy_ratios, multipole_spectrum
from cranisotropy.core.errors import UsageError


def test_hierarchy_limit():
    s = multipole_spectrum("hierarchy", 12)
    ells = np.arange(1, 13)
    np.testing.assert_allclose(s.ratios, 18.0 / ((2 * ells + 1) * (ells + 1) * (ells + 2)), rtol=1e-14)  # eq. 21
    assert s.nu_t is None and s.limit.startswith("T -> infinity")
    assert set(s.to_dict()) == {"model", "nu_t", "lmax", "limit", "equation", "ells", "ratios"}


def test_hierarchy_finite_time():
    s = multipole_spectrum("hierarchy", 6, nu_t=0.1)
    t = 0.1   # C_2/C_1 = (3/5) D_2/D_1 with D_2 = (2/4)(e^{-2t} - e^{-6t}) (two-level chain, by hand)
    assert s.ratios[1] == pytest.approx(0.6 * 0.5 * (np.exp(-2 * t) - np.exp(-6 * t)) / np.exp(-2 * t), rel=1e-13)
    assert s.c1_over_initial_dipole == hierarchy_cl(1, 0.1)
    assert 0 < s.total_power_fraction < 1
    assert {"c1_over_initial_dipole", "total_power_fraction"} <= set(s.to_dict())


def test_bgk_defaults_to_the_derived_form_and_labels_the_printed_one():
    derived = multipole_spectrum("bgk", 4)
    assert derived.form == "consistent" and derived.p == 0.5
    assert derived.ratios[1] == pytest.approx(1 / 7, rel=1e-14)
    printed = multipole_spectrum("bgk", 4, p=1 / 3, form="printed")
    np.testing.assert_array_equal(printed.ratios, generalized_bgk_ratios(1 / 3, 4, "printed"))
    assert "eq. 4.7" in printed.equation and "paper" in printed.equation
    assert set(printed.to_dict()) == {"model", "p", "form", "lmax", "equation", "large_l_slope", "ells", "ratios"}


def test_result_is_plain_data():
    s = multipole_spectrum("hierarchy", 3, nu_t=1.0)
    json.dumps(s.to_dict())
    again = pickle.loads(pickle.dumps(s))
    np.testing.assert_array_equal(again.ratios, hierarchy_ratios(3, 1.0))
    assert "ratios" in str(s)


@pytest.mark.parametrize("kwargs, match", [
    ({"model": "other"}, "model"), ({"model": "hierarchy", "p": 0.5}, "apply only"),
    ({"model": "hierarchy", "form": "printed"}, "apply only"), ({"model": "bgk", "nu_t": 1.0}, "nu_t"),
    ({"model": "bgk", "p": 1.5}, "p "), ({"model": "bgk", "form": "other"}, "form"),
    ({"model": "hierarchy", "lmax": 0}, "lmax"), ({"model": "hierarchy", "nu_t": -1.0}, "nu T")])
def test_bad_input(kwargs, match):
    with pytest.raises(UsageError, match=match):
        multipole_spectrum(**kwargs)
