"""Operator ensembles: exact identities of the averaged equations and the eps^2 closure."""
import numpy as np
import pytest
from scipy.linalg import expm

from cranisotropy.numerics.evidence import convergence_order
from cranisotropy.numerics.multipoles.ensembles import (closure_errors, fluctuation_equation_residual,
                                                        mean_equation_residual, operator_ensemble)


@pytest.mark.parametrize("pair", [False, True])
def test_averaged_equations_hold_exactly(pair):
    ens = operator_ensemble(0.4, pair=pair, seed=5)
    assert mean_equation_residual(ens, 0.9) < 1e-12
    assert fluctuation_equation_residual(ens, 0.9) < 1e-12


def test_the_scattering_term_is_not_negligible():
    """<f> does not follow the mean operator alone: the <dL df> term of eq. 34 matters (so its check bites)."""
    ens = operator_ensemble(0.4, seed=5)
    f, _ = ens.evolve(0.9)
    mean_field = expm(-ens.L0 * 0.9) @ ens.f0
    assert np.linalg.norm(sum(f) / 2 - mean_field) > 1e-3 * np.linalg.norm(mean_field)


@pytest.mark.parametrize("pair", [False, True])
def test_closure_converges_at_second_order(pair):
    errors = closure_errors(operator_ensemble(1.0, pair=pair, seed=5), 0.8, (1e-2, 1e-3))
    assert convergence_order((1e-2, 1e-3), errors) == pytest.approx(2.0, abs=0.2)
