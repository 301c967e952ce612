"""The apps import only downward (docs/architecture.md): common ← partnerships ←
assessments ← profiles ← reports ← pip_portal, with the development apps demo and bench on
top. import-linter checks the contract in pyproject.toml; this runs it with the suite, so
an import pointing up fails the tests."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_app_imports_an_app_above_it():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Apps import only downward KEPT" in result.stdout
