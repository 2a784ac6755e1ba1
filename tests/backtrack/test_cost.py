"""Projected cost of a campaign (numerics/backtrack/cost.py): a measured sample scaled up."""
import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.backtrack.campaign import CampaignParameters
from cranisotropy.numerics.backtrack.cost import bench_campaign


def test_projection_scales_the_sample_to_the_campaign():
    cost = bench_campaign("quick", workers=2, particles=32, steps=20)
    params = CampaignParameters.preset("quick")
    assert cost.workers == 2 and cost.sample_particle_steps == 32 * 20
    assert cost.particle_steps == params.n_pix * params.realisations * int(params.record_steps()[-1])
    # two workers at once: each one's wall time per step is at least its CPU time
    assert cost.ns_per_particle_step_wall >= 0.9 * cost.ns_per_particle_step > 0
    assert (cost.integrator, cost.step) == (params.integrator, params.path_step)
    assert cost.target_met == (cost.projected_wall_s <= cost.wall_target_s)


@pytest.mark.parametrize("kwargs, message", [({"workers": 0}, "--workers"), ({"particles": 0}, "--particles"),
                                             ({"steps": 0}, "--steps")])
def test_bad_sample_sizes(kwargs, message):
    with pytest.raises(UsageError, match=message):
        bench_campaign("quick", **kwargs)
