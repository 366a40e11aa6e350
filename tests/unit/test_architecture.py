"""The layer contract (import-linter, ``[tool.importlinter]`` in pyproject.toml) holds, and it can fail.

Layers, top to bottom: cli → build → report → analysis → core → data → text. A module imports only
from layers below its own (and ``index071lib.errors``).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))


def lint(package_parent: Path) -> subprocess.CompletedProcess:
    """Run import-linter with the repository's contract on the ``index071lib`` found in ``package_parent``."""
    return subprocess.run([LINT, "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=package_parent,
                          capture_output=True, text=True, env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin"})


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("linted")
    shutil.copytree(ROOT / "index071lib", target / "index071lib", ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_layer_contract_is_kept(copy):
    result = lint(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_back_edge_breaks_the_contract(copy):
    module = copy / "index071lib" / "core" / "pipeline.py"
    original = module.read_text()
    module.write_text(original + "\nfrom index071lib.report import tables  # a deliberate back-edge\n")
    try:
        result = lint(copy)
    finally:
        module.write_text(original)
    assert result.returncode == 1
    assert "index071lib.core is not allowed to import index071lib.report" in result.stdout
    assert "index071lib.core.pipeline -> index071lib.report.tables" in result.stdout
