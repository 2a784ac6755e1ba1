"""Time-dependent CR escape (numerics/confinement/pde.py): method of lines, invariants, limits."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.confinement import pde
from cranisotropy.numerics.confinement import similarity as nc


@pytest.mark.parametrize("kwargs", [{"pi": 0.0}, {"d_ism": -1.0}, {"gamma": -0.1}, {"cloud": "ring"},
                                    {"pi": float("nan")}])
def test_problem_validation(kwargs):
    args = {"pi": 1.0, "d_ism": 1.0, **kwargs}
    with pytest.raises(UsageError):
        pde.solve_escape([1.0], **args)


@pytest.mark.parametrize("times", [[2.0, 1.0], [0.0], [], [[1.0]]])
def test_times_validation(times):
    with pytest.raises(UsageError, match="times"):
        pde.solve_escape(times, 1.0)


@pytest.mark.parametrize("cloud", ["tophat", "gaussian"])
def test_initial_cloud_content(cloud):
    problem = pde.EscapeProblem(pi=2.5, d_ism=1.0, cloud=cloud)
    faces = pde.make_faces(50.0)
    assert pde.initial_pressure(problem, faces) @ np.diff(faces) == pytest.approx(2.5, rel=1e-12)


def test_invariants_and_approach_to_similarity():
    t_end = pde.self_similar_time(4.0, 2.0, 3e3)
    sol = pde.solve_escape(np.geomspace(t_end / 100, t_end, 3), 4.0, 2.0)
    assert np.abs(sol.content() / 4.0 - 1).max() < 1e-12
    assert sol.quasilinear_residual().max() < 1e-10
    comparisons = [sol.compare_similarity(k) for k in range(3)]
    errors = [c["l1_similarity"] for c in comparisons]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-3
    assert comparisons[-1]["max_rel_wave"] < 5e-3
    # wave energy just outside the source: ln(I/I_ISM) = Pi - int_0^z P dz -> Pi (kappa_core = D_ISM e^-Pi)
    log_ratio, identity = sol.wave_excess_identity(2.0)
    assert identity < 1e-9
    assert np.all(np.diff(log_ratio) > 0) and log_ratio[-1] > 4.0 - 0.1


def test_weak_source_is_test_particle():
    """Pi << 1: the waves barely grow and P is the 1D Gaussian with kappa_ISM."""
    tau = 400.0
    sol = pde.solve_escape([tau], 1e-3)
    x = sol.centres
    gauss = 1e-3 / math.sqrt(math.pi * tau) * np.exp(-x**2 / (4 * tau))
    mask = (x > 2) & (x < 3 * math.sqrt(tau))
    assert np.max(np.abs(sol.p[-1][mask] / gauss[mask] - 1)) < 5e-3


def test_damping_is_a_time_reparametrisation():
    gamma, taus = 0.1, [2.0, 15.0]
    deviation = pde.damping_map_deviation(taus, 2.0, gamma=gamma, x_max=200)
    assert deviation["pressure"] < 1e-6 and deviation["log_wave"] < 1e-6
    direct = pde.solve_escape(taus, 2.0, gamma=gamma, x_max=200, time_map=False)
    assert direct.quasilinear_residual().max() < 1e-10
    # far from the source the waves decay as e^(-gamma tau)
    assert direct.excess[-1, -1] == pytest.approx(-gamma * taus[-1], abs=1e-6)
    # automatic choice: strong damping goes through the time map
    assert pde.solve_escape([300.0], 2.0, gamma=gamma, x_max=200).stats.get("time_map") is True


def test_wave_equation_route_agrees_with_coupled_system():
    errors = pde.wave_equation_discrepancy([5.0], 2.0, x_max=40, nodes=1601)
    assert errors["derived"] < 2e-3 and errors["extracted"] > 0.05
    with pytest.raises(UsageError, match="form"):
        pde.solve_wave_equation([1.0], 2.0, form="linear")


def test_continuum_quasilinear_residual_is_discretisation_level():
    sol = pde.solve_escape([5.0], 2.0, cloud="gaussian", x_max=40, cells_in_source=64, growth=1.02)
    assert sol.quasilinear_residual_continuum() < 1e-3


def test_extracted_equation_violates_the_quasilinear_integral():
    assert pde.extracted_quasilinear_residual() > 0.1


def test_grid_refinement_reduces_error():
    t_end = pde.self_similar_time(3.0, 1.0, 1e4)
    coarse = pde.solve_escape([t_end], 3.0, growth=1.08).compare_similarity()["l1_similarity"]
    fine = pde.solve_escape([t_end], 3.0, growth=1.04).compare_similarity()["l1_similarity"]
    assert fine < coarse / 2.5


def test_pedestal_in_pde_run():
    t_end = pde.self_similar_time(12.0, 1.0, 3e3)
    sol = pde.solve_escape([t_end], 12.0)
    plateau = sol.pedestal_plateau()
    assert plateau == pytest.approx(nc.similarity_solution(12.0).pedestal_plateau(), rel=5e-3)
    assert 0.97 < plateau < 1.0
