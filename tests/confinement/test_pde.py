"""Time-dependent CR escape (seed 000 Sec. II): method-of-lines solver, invariants, limits."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cranisotropy.numerics.confinement import similarity as nc
from cranisotropy.numerics.confinement import pde


def test_problem_validation():
    for kwargs in ({"pi": 0.0, "d_ism": 1.0}, {"pi": 1.0, "d_ism": -1.0}, {"pi": 1.0, "d_ism": 1.0, "gamma": -0.1},
                   {"pi": 1.0, "d_ism": 1.0, "cloud": "ring"}, {"pi": float("nan"), "d_ism": 1.0}):
        with pytest.raises(ValueError):
            pde.EscapeProblem(**kwargs)
    with pytest.raises(ValueError):
        pde.solve_escape(pde.EscapeProblem(pi=1.0, d_ism=1.0), [2.0, 1.0])


@pytest.mark.parametrize("cloud", ["tophat", "gaussian"])
def test_initial_cloud_content(cloud):
    problem = pde.EscapeProblem(pi=2.5, d_ism=1.0, cloud=cloud)
    faces = pde.make_faces(50.0)
    p0 = pde.initial_pressure(problem, faces)
    assert p0 @ np.diff(faces) == pytest.approx(2.5, rel=1e-12)


def test_invariants_and_approach_to_similarity():
    problem = pde.EscapeProblem(pi=4.0, d_ism=2.0)
    t_end = pde.self_similar_time(problem, 3e3)
    sol = pde.solve_escape(problem, np.geomspace(t_end / 100, t_end, 3))
    assert np.abs(sol.content() / 4.0 - 1).max() < 1e-12
    assert sol.quasilinear_residual().max() < 1e-10
    errors = [sol.compare_similarity(k)["l1_similarity"] for k in range(3)]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-3
    # wave energy just outside the source: ln(I/I_ISM) = Pi - int_0^z P dz -> Pi (kappa_core = D_ISM e^-Pi)
    k = np.searchsorted(sol.faces[1:-1], 2.0)
    inside = sol.faces[1:] <= sol.faces[1:-1][k] + 1e-12
    log_ratio = sol.excess[:, k]
    assert np.allclose(log_ratio, problem.pi - sol.p[:, inside] @ sol.widths[inside], atol=1e-9)
    assert np.all(np.diff(log_ratio) > 0) and log_ratio[-1] > problem.pi - 0.1


def test_weak_source_is_test_particle():
    """Pi << 1: the waves barely grow and P is the 1D Gaussian with kappa_ISM."""
    problem = pde.EscapeProblem(pi=1e-3, d_ism=1.0)
    tau = 400.0
    sol = pde.solve_escape(problem, [tau])
    x = sol.centres
    gauss = 1e-3 / math.sqrt(math.pi * tau) * np.exp(-x**2 / (4 * tau))
    mask = (x > 2) & (x < 3 * math.sqrt(tau))
    assert np.max(np.abs(sol.p[-1][mask] / gauss[mask] - 1)) < 5e-3


def test_damping_is_a_time_reparametrisation():
    gamma = 0.1
    taus = np.array([2.0, 15.0])
    damped = pde.solve_escape(pde.EscapeProblem(pi=2.0, d_ism=1.0, gamma=gamma), taus, x_max=200)
    undamped = pde.solve_escape(pde.EscapeProblem(pi=2.0, d_ism=1.0), pde.mapped_time(taus, gamma), x_max=200)
    assert np.abs(damped.p - undamped.p).max() < 1e-6
    assert np.abs(damped.L - (undamped.L - gamma * taus[:, None])).max() < 1e-6
    assert damped.quasilinear_residual().max() < 1e-10
    mapped = pde.solve_via_time_map(pde.EscapeProblem(pi=2.0, d_ism=1.0, gamma=gamma), taus, x_max=200)
    assert np.abs(mapped.p - damped.p).max() < 1e-6 and np.abs(mapped.L - damped.L).max() < 1e-6


def test_wave_equation_route_agrees_with_coupled_system():
    problem = pde.EscapeProblem(pi=2.0, d_ism=1.0, cloud="gaussian")
    coupled = pde.solve_escape(problem, [5.0], x_max=40, cells_in_source=64, growth=1.02)
    errs = {}
    for form in ("derived", "extracted"):
        x, p, _ = pde.solve_wave_equation(problem, [5.0], x_max=40, nodes=1601, form=form)
        ref = np.interp(x, coupled.centres, coupled.p[-1])
        errs[form] = np.trapezoid(np.abs(p[-1] - ref), x) / 2.0
    assert errs["derived"] < 2e-3 and errs["extracted"] > 0.05
    assert coupled.quasilinear_residual_continuum() < 1e-3
    with pytest.raises(ValueError):
        pde.solve_wave_equation(pde.EscapeProblem(pi=2.0, d_ism=1.0), [1.0])


def test_grid_refinement_reduces_error():
    problem = pde.EscapeProblem(pi=3.0, d_ism=1.0)
    t_end = pde.self_similar_time(problem, 1e4)
    coarse = pde.solve_escape(problem, [t_end], growth=1.08).compare_similarity()["l1_similarity"]
    fine = pde.solve_escape(problem, [t_end], growth=1.04).compare_similarity()["l1_similarity"]
    assert fine < coarse / 2.5


def test_pedestal_in_pde_run():
    problem = pde.EscapeProblem(pi=12.0, d_ism=1.0)
    t_end = pde.self_similar_time(problem, 3e3)
    sol = pde.solve_escape(problem, [t_end])
    x = sol.centres
    mask = (x > 3) & (x < math.sqrt(t_end))
    plateau = np.max(sol.p[-1][mask] * x[mask] / 2)
    exact = nc.similarity_solution(12.0)
    grid = np.geomspace(math.sqrt(exact.kappa_nl), 1.0, 400)
    assert plateau == pytest.approx(np.max(exact.shape(grid) * grid / 2), rel=5e-3)
    assert 0.97 < plateau < 1.0
