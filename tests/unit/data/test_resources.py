"""Package data is found through importlib.resources: here, in the editable install, that is the repository's
``notebooks/`` and ``data/scenarios/`` (an installed wheel is checked in tests/integration/test_wheel.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

from index071lib.data.resources import (
    NOTEBOOKS_PACKAGE,
    SCENARIOS_PACKAGE,
    resource_path,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("package, folder, pattern", [(NOTEBOOKS_PACKAGE, "notebooks", "*.ipynb"),
                                                      (SCENARIOS_PACKAGE, "data/scenarios", "*.yml")])
def test_package_data_is_the_repository_folder(package, folder, pattern):
    found = resource_path(package)
    assert found == ROOT / folder
    assert sorted(p.name for p in found.glob(pattern)) == sorted(p.name for p in (ROOT / folder).glob(pattern))
    assert sorted(found.glob(pattern))  # not an empty folder


def test_templates_folder():
    assert (resource_path("index071lib.build", "templates") / "offline.html.j2").is_file()


@pytest.mark.parametrize("cwd", ["repository", "elsewhere", "notebooks"])
def test_found_from_any_working_directory(tmp_path, cwd):
    """In the repository ``index071lib`` is imported from the working directory, not through the editable
    finder (which alone knows where the mapped packages live); both ways must find the same folders."""
    folder = {"repository": ROOT, "elsewhere": tmp_path, "notebooks": ROOT / "notebooks"}[cwd]
    code = ("import index071lib.data.resources as r; "
            "print(r.resource_path(r.NOTEBOOKS_PACKAGE)); print(r.resource_path(r.SCENARIOS_PACKAGE))")
    out = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [str(ROOT / "notebooks"), str(ROOT / "data" / "scenarios")]
