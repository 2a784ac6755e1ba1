"""Trajectories in static fields: Liouville and the rotation generator."""
import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from cranisotropy.numerics.multipoles.phase_space import (backtrack_direction, flow_jacobian_determinant,
                                                          rotation_generator_error)


def test_backtracked_direction_is_the_inverse_rotation():
    w, p0 = np.array([0.3, -1.1, 0.4]), np.array([0.0, 0.6, 0.8])
    np.testing.assert_allclose(backtrack_direction(p0, w, 0.9), Rotation.from_rotvec(0.9 * w).apply(p0), atol=1e-11)
    np.testing.assert_allclose(backtrack_direction(backtrack_direction(p0, w, 0.9), w, -0.9), p0, atol=1e-11)


def test_liouville_jacobian_is_one():
    assert flow_jacobian_determinant(1.0, seed=3) == pytest.approx(1.0, abs=1e-6)


def test_rotation_generator():
    assert rotation_generator_error(seed=4) < 1e-6
