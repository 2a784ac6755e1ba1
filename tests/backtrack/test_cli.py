"""The backtracker's command-line surface: bench field, validate/analyse options, JSON output."""
import json


def test_bench_field_json(run_cli):
    code, out, _ = run_cli("bench", "field", "--modes", "64", "--points", "256", "--repeats", "3", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("ns_per_mode_eval", "ns_per_step", "max_rel_error"):
        assert data[key] > 0
    assert data["max_rel_error"] <= 1e-12  # accuracy is not a timing: it must hold everywhere
    assert data["ns_per_mode_eval_libm"] > data["ns_per_mode_eval"]


def test_bench_rejects_bad_sizes(run_cli):
    code, _, err = run_cli("bench", "field", "--modes", "0")
    assert code == 2 and "--modes" in err


def test_help_texts(run_cli):
    for args in (("validate", "backtrack", "--help"), ("backtrack", "run", "--help"),
                 ("backtrack", "analyse", "--help")):
        code, out, _ = run_cli(*args)
        assert code == 0 and "example" in out


def test_serial_and_scheduler_are_exclusive(run_cli, tmp_path):
    code, _, err = run_cli("backtrack", "run", tmp_path / "x", "--serial", "--workers", "2")
    assert code == 2 and "--serial" in err
    code, _, err = run_cli("validate", "backtrack", "--scheduler", "tcp://h:1", "--workers", "2",
                           "--out", tmp_path / "y")
    assert code == 2 and "--workers" in err


def test_analyse_missing_directory(run_cli, tmp_path):
    code, _, err = run_cli("backtrack", "analyse", tmp_path / "nothing")
    assert code == 2 and "run.json" in err
