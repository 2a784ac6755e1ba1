"""A tiny campaign shared by the campaign, runner, analysis and CLI tests, and its serial run."""
import pytest

from cranisotropy.numerics.backtrack.campaign import CampaignParameters
from cranisotropy.numerics.backtrack.runner import run_campaign

TINY = CampaignParameters(nside=2, realisations=3, n_modes=16, lambda_min=0.05, lambda_max=10.0,
                          omega_times=(0.0, 1.0, 5.0), seed=7)


@pytest.fixture(scope="session")
def tiny() -> CampaignParameters:
    return TINY


@pytest.fixture(scope="session")
def tiny_args() -> list[str]:
    """The command-line options that make TINY."""
    return ["--nside", "2", "--realisations", "3", "--modes", "16", "--lambda-min", "0.05",
            "--lambda-max", "10", "--omega-t", "0,1,5", "--seed", "7"]


@pytest.fixture(scope="session")
def serial_run(tmp_path_factory):
    """TINY run in this process (read-only for the tests)."""
    path = tmp_path_factory.mktemp("bt") / "serial"
    run_campaign(TINY, path, serial=True)
    return path
