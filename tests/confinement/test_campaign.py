"""The validation campaign (numerics/confinement/campaign.py)."""
from __future__ import annotations

import json

import pytest

from cranisotropy.core.errors import UsageError
from cranisotropy.numerics.confinement import validate_confinement
from cranisotropy.numerics.confinement.campaign import RESULTS_FOLDER


def test_campaign_writes_and_resumes(tmp_path):
    first = validate_confinement([0.5], factor=100.0, output_dir=tmp_path)
    assert first.ok and first.rows[0]["content_error"] < 1e-9
    path = tmp_path / RESULTS_FOLDER / "pi_0.5.json"
    stored = json.loads(path.read_text())
    stored["cells"] = -1                      # a marker: a resumed run must read the file back
    path.write_text(json.dumps(stored))
    resumed = validate_confinement([0.5], factor=100.0, output_dir=tmp_path, resume=True)
    assert resumed.rows[0]["cells"] == -1
    rerun = validate_confinement([0.5], factor=200.0, output_dir=tmp_path, resume=True)  # another run
    assert rerun.rows[0]["cells"] > 0
    assert set(first.to_dict()) == {"rows", "tolerances"}


def test_nothing_written_without_an_output_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    validate_confinement([0.5], factor=100.0)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kwargs", [{"pis": []}, {"pis": [0.0]}, {"pis": [1.0], "factor": -1.0},
                                    {"pis": [1.0], "figures": True}])
def test_bad_input(kwargs):
    with pytest.raises(UsageError):
        validate_confinement(**kwargs)
