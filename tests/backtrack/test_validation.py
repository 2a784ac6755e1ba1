"""Liouville check (seed 003 eq. 13): a homogeneous dipole in pure turbulence keeps its total
angular power sum_l (2l+1)<C_l>(T) while the power moves from l = 1 to higher l."""
import pytest

from cranisotropy.numerics.backtrack.analysis import analyse
from cranisotropy.numerics.backtrack.campaign import ResultsStore
from cranisotropy.numerics.backtrack.runner import run_campaign
from cranisotropy.numerics.backtrack.validation import LIOUVILLE, liouville_check


def _check(params, path):
    run_campaign(params, path, serial=True)
    return liouville_check(analyse(ResultsStore.open(path)))


def test_liouville_small(tmp_path):
    params = LIOUVILLE.replace(nside=4, realisations=64, n_modes=32, omega_times=(0.0, 5.0, 20.0, 50.0),
                               seed=31)
    for orient, result in _check(params, tmp_path / "small").items():
        assert result["ok"], (orient, result)
        assert result["l_ge_2_fraction_final"] > 0.5


@pytest.mark.slow
def test_liouville_full(tmp_path):
    """The validation campaign's set-up with a fresh seed and twice the realisations."""
    params = LIOUVILLE.replace(realisations=96, seed=4242)
    for orient, result in _check(params, tmp_path / "full").items():
        assert result["ok"], (orient, result)
        assert result["dipole_fraction_final"] < 0.05 and result["l_ge_2_fraction_final"] > 0.9
