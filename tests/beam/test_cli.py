"""cranisotropy beam / validate beam / bench beam: thin wrappers of the API, same JSON keys as
before the library move, one-line errors with exit 2."""
from __future__ import annotations

import json

import pytest

import cranisotropy as c
from cranisotropy.cli import main

#: the keys of `cranisotropy beam --json` before the move to the Python API (issue 14)
BEAM_KEYS = {"eps", "u", "b", "b_over_eps", "width_deg", "width_small_angle_deg", "lambda1", "lambda",
             "lambda_negative", "lambda_diffusive", "U1_over_Phi1_squared", "dlambda_over_b2", "dlambda",
             "excess_over_eps", "excess", "a", "va_over_c", "finite_a", "qc", "A", "p_max", "eps_source", "notes",
             "units"}


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_beam_json_is_the_api_result(capsys):
    code, out, _ = run(capsys, "beam", "--width-deg", "10", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == BEAM_KEYS
    assert data == json.loads(json.dumps(c.beam(width_deg=10).to_dict()))
    assert set(data["p_max"]) == {"eps_max", "p_max_over_mc", "p_max_TeV", "K", "alpha", "p_ref_TeV", "units"}
    assert data["p_max"]["units"] == {"p_max_TeV": "TeV/c", "p_ref_TeV": "TeV/c"}
    assert data["units"] == {"width_deg": "deg", "width_small_angle_deg": "deg"}


def test_p_ref_takes_a_unit_string(capsys):
    code, out, _ = run(capsys, "beam", "--p-ref-tev", "500GeV/c", "--json")
    assert code == 0 and json.loads(out)["p_max"]["p_ref_TeV"] == pytest.approx(0.5, rel=1e-15)
    assert json.loads(out) == json.loads(json.dumps(c.beam(width_deg=10, p_ref_tev=0.5).to_dict()))
    code, _, err = run(capsys, "beam", "--p-ref-tev", "5kg")
    assert code == 2 and "expected a momentum" in err


def test_beam_default_is_milagro_and_text_output(capsys):
    code, out, _ = run(capsys, "beam")
    assert code == 0 and out.startswith("eps = 0.00206951 (width 10 deg)") and "p_max" in out


def test_beam_eps_and_mp_digits(capsys):
    code, out, _ = run(capsys, "beam", "--eps", "1e-3", "--qc", "4.6", "--mp-digits", "30", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == BEAM_KEYS | {"lambda1_mp"} and data["eps"] == 1e-3
    assert data["lambda1_mp"] == c.beam(eps=1e-3, mp_digits=30).lambda1_mp


@pytest.mark.parametrize("args, fragment", [
    (["--eps", "0"], "--eps"), (["--eps", "1"], "--eps"), (["--eps", "-0.1"], "--eps"),
    (["--eps", "0.5"], "b = j1^2 eps/2"), (["--width-deg", "0"], "--width-deg"),
    (["--width-deg", "90"], "--width-deg"), (["--width-deg", "120"], "--width-deg"),
    (["--qc", "2"], "--qc"), (["--qc", "1.5"], "--qc"), (["--eps", "nan"], "--eps"),
    (["--eps", "1e-3", "--width-deg", "10"], "not allowed"),
])
def test_bad_input_exits_2_with_one_line(capsys, args, fragment):
    code, out, err = run(capsys, "beam", *args)
    assert code == 2
    assert fragment in err and "Traceback" not in err and err.count("\n") == 1


def test_validate_quick_writes_figures_into_the_output_dir(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", "beam", "--quick", "--output-dir", tmp_path, "--json")
    data = json.loads(out)
    assert code == 0 and list(data) == ["studies", "failures", "figures", "criteria"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beam_convergence.png", "beam_fig2.png",
                                                          "beam_scattering.png"]


def test_validate_quick_without_figures(capsys):
    code, out, _ = run(capsys, "validate", "beam", "--quick", "--no-figures")
    assert code == 0 and "PASSED" in out and "figure:" not in out


def test_bench_reports_digits(capsys):
    code, out, _ = run(capsys, "bench", "beam", "--repeat", "1", "--json")
    data = json.loads(out)
    assert set(data) == {"lambda1_double", "lambda1_mpmath", "repeat"}
    assert data["lambda1_double"]["digits"] >= 12 and data["lambda1_mpmath"]["digits"] >= 25


def test_the_figures_are_a_regenerate_docs_document():
    from cranisotropy.cli import build_parser

    _, cli = build_parser()
    assert "beam-figures" in cli.documents
