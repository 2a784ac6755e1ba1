"""`cranisotropy regenerate [--check]` on a scratch copy of the checkout."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cranisotropy.core.paths import project_root

ROOT = project_root()

DERIVATION = '''"""Scratch derivation for the regenerate test."""
import sympy as sp

x = sp.Symbol("x", real=True)


def rate():
    return {body}
'''

SPEC = '''from cranisotropy.derivations import scratch_demo
from cranisotropy.kernels import KernelSpec, kernel


@kernel
def scratch_demo_rate():
    return KernelSpec("scratch_demo_rate", (scratch_demo.x,), (scratch_demo.rate(),),
                      domain=((-1.0, 1.0),))
'''


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the tracked tree (no venv, no caches), with a scratch derivation and kernel."""
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    dest = tmp_path_factory.mktemp("checkout")
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for rel in files:
        src = ROOT / rel
        if src.is_file() and not rel.startswith(("tests/", "docs/figures/")):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / "derivations" / "scratch_demo.py").write_text(DERIVATION.format(body="sp.sin(x)**2 + x / 3"))
    (dest / "kernels" / "specs" / "scratch_demo.py").write_text(SPEC)
    return dest


def regenerate(checkout: Path, *args: str):
    """Run the CLI with the copy first on sys.path (its cranisotropy/ shadows the install)."""
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(checkout)!r})
        import cranisotropy, cranisotropy.derivations
        assert cranisotropy.derivations.__file__.startswith({str(checkout)!r}), cranisotropy.derivations.__file__
        from cranisotropy.cli import main
        sys.exit(main({list(args)!r}))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=checkout)
    return proc.returncode, proc.stdout, proc.stderr


def snapshot(checkout: Path) -> dict[str, bytes]:
    paths = sorted((checkout / "kernels" / "generated").glob("*.py")) + [checkout / "docs" / "cli.md"]
    return {str(p.relative_to(checkout)): p.read_bytes() for p in paths}


def test_check_detects_changed_derivation_and_regenerate_fixes_it(checkout):
    code, out, err = regenerate(checkout, "regenerate", "--check", "--only", "kernels", "--json")
    assert code == 1, err  # the new kernel has no generated module yet
    assert json.loads(out)["files"]["kernels/generated/scratch_demo_rate.py"] == "missing"

    # the remaining steps concern one kernel: --kernel keeps each run to seconds
    one = ("--kernel", "scratch_demo_rate")
    assert regenerate(checkout, "regenerate", *one)[0] == 0
    assert regenerate(checkout, "regenerate", "--check", *one)[0] == 0
    first = snapshot(checkout)
    assert regenerate(checkout, "regenerate", *one)[0] == 0
    assert snapshot(checkout) == first  # byte-identical run to run

    # change the derivation: the committed module is now stale
    (checkout / "derivations" / "scratch_demo.py").write_text(DERIVATION.format(body="sp.sin(x)**2 + x / 5"))
    code, out, err = regenerate(checkout, "regenerate", "--check", *one, "--json")
    assert code == 1
    assert json.loads(out)["out_of_date"] == ["kernels/generated/scratch_demo_rate.py"]
    assert regenerate(checkout, "regenerate", *one)[0] == 0
    assert regenerate(checkout, "regenerate", "--check", *one)[0] == 0


def test_check_reports_orphans(checkout):
    assert regenerate(checkout, "regenerate", "--kernel", "scratch_demo_rate")[0] == 0
    orphan = checkout / "kernels" / "generated" / "left_over.py"
    orphan.write_text("# a generated module whose spec was deleted\n")
    code, out, _ = regenerate(checkout, "regenerate", "--check", "--only", "kernels", "--json")
    assert code == 1 and json.loads(out)["files"]["kernels/generated/left_over.py"] == "orphan"
    assert regenerate(checkout, "regenerate", "--only", "kernels")[0] == 0
    assert not orphan.exists()


def test_unknown_kernel_is_a_usage_error(run_cli):
    code, _, err = run_cli("regenerate", "--check", "--kernel", "no_such_kernel")
    assert code == 2 and "no_such_kernel" in err


def test_committed_generated_files_are_current(run_cli):
    """The repository's own generated modules and docs match the current derivations."""
    code, out, err = run_cli("regenerate", "--check", "--json")
    assert code == 0, json.loads(out)["out_of_date"]
