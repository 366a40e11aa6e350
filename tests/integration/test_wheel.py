"""Installable anywhere: the wheel, installed (not editable) in a fresh virtual environment outside the repository,
builds a full edition from a copy of ``data/``, finding notebooks, templates and scenarios as package data.

Slow (a fresh environment: pip installs every dependency from its cache or index, then a full build), so it runs
once, in one test; the durations of its steps are printed (``pytest -s``), not asserted. Measured on a
2-core machine shared with other test runs (load average ~8): 6.4 minutes, 3.7 of them the build
(docs/packaging.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index071lib.build.runner import plan_build

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
BIN = "Scripts" if os.name == "nt" else "bin"
#: Top-level folders of a checkout that are not source: never copied into the build of the wheel.
NOT_SOURCE = {".git", ".venv", "outputs", "build", "dist", ".pytest_cache"}
PROBE = """
import json, sysconfig
import index071lib
from index071lib.build.notebook import TEMPLATES
from index071lib.build.runner import NOTEBOOKS
from index071lib.data.scenarios import shipped_scenarios
from jupyter_client.manager import KernelManager
print(json.dumps({"site": sysconfig.get_paths()["purelib"], "package": index071lib.__file__,
                  "notebooks": str(NOTEBOOKS), "templates": str(TEMPLATES), "scenarios": str(shipped_scenarios()),
                  "kernel": KernelManager(kernel_name="python3").format_kernel_cmd()[0]}))
"""


def _source_only(folder: str, names: list[str]) -> set[str]:
    skip = {n for n in names if n in ("__pycache__", ".ipynb_checkpoints") or n.endswith(".egg-info")}
    return skip | (NOT_SOURCE & set(names) if Path(folder) == ROOT else set())


def _repository_state() -> dict[str, tuple[int, int]]:
    """Size and modification time of every file of the checkout, except git's and the test tooling's own."""
    state = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in (".git", ".venv", ".pytest_cache", "__pycache__")]
        for name in files:
            path = Path(folder, name)
            stat = path.stat()
            state[str(path.relative_to(ROOT))] = (stat.st_size, stat.st_mtime_ns)
    return state


def _clean_env(venv: Path) -> dict[str, str]:
    """The user's environment as a fresh shell with the new environment activated: nothing points at the checkout.

    Python may write its bytecode cache (into the new environment) as it does for users: with
    ``PYTHONDONTWRITEBYTECODE`` (set on this project's machines) and no compilation at install, every kernel
    of the build would compile pandas, matplotlib & co. again (measured: the build took 380 s instead of 220 s).
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "INDEX071_DATA", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_DATA_DIR",
                        "PYTHONDONTWRITEBYTECODE")}
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and not Path(p).resolve().is_relative_to(ROOT)]
    env.update(PATH=os.pathsep.join([str(venv / BIN), *path]), VIRTUAL_ENV=str(venv))
    return env


def _run(steps: dict[str, float], name: str, command: list, **kwargs) -> subprocess.CompletedProcess:
    start = time.perf_counter()
    proc = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    steps[name] = time.perf_counter() - start
    assert proc.returncode == 0, f"{name} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def test_wheel_installs_and_builds_outside_the_repository(tmp_path):
    before = _repository_state()
    steps: dict[str, float] = {}
    source, dist, venv, work = tmp_path / "src", tmp_path / "dist", tmp_path / "venv", tmp_path / "work"
    shutil.copytree(ROOT, source, ignore=_source_only)  # pip builds in place: keep build/ and egg-info out of the repo
    _run(steps, "pip wheel", [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, source],
         timeout=600)
    wheel = next(dist.glob("index071-*.whl"))
    # A fresh environment, filled by this environment's pip (``--python``) instead of bootstrapping a pip of its own,
    # and without byte-compiling all dependencies ahead (jupyterlab's tree: install 100 s instead of 250 s on a
    # busy 2-core machine); the modules the build uses are compiled when first imported (see _clean_env).
    _run(steps, "venv", [sys.executable, "-m", "venv", "--without-pip", venv], timeout=300)
    env = _clean_env(venv)
    python = venv / BIN / "python"
    _run(steps, "pip install", [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile",
                                wheel], timeout=1800)

    work.mkdir()
    data = work / "mydata"
    shutil.copytree(ROOT / "data" / "editions", data / "editions")  # no scenarios/: names must find the shipped ones

    # The package data lies in the environment's site-packages, and the kernels papermill starts run its python.
    found = json.loads(_run(steps, "probe", [python, "-c", PROBE], cwd=work, env=env, timeout=300).stdout)
    site = Path(found["site"])
    assert site.is_relative_to(venv)
    for key in ("package", "notebooks", "templates", "scenarios"):
        assert Path(found[key]).is_relative_to(site / "index071lib"), (key, found[key])
        assert not Path(found[key]).resolve().is_relative_to(ROOT), (key, found[key])
    assert sorted(p.name for p in Path(found["notebooks"]).glob("*.ipynb")) == \
        sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert Path(found["kernel"]) == python

    # Without a data folder: one clear message, no traceback.
    exe = venv / BIN / "index071"
    proc = subprocess.run([exe, "compute"], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "no edition data here" in proc.stderr and "--data-dir" in proc.stderr and "$INDEX071_DATA" in proc.stderr

    # A shipped scenario by name, found in the installed package.
    proc = _run(steps, "whatif", [exe, "whatif", "--edition", "2017", "--data-dir", data, "--scenario",
                                  "life_sciences_20", "--format", "json"], cwd=work, env=env, timeout=300)
    assert Path(json.loads(proc.stdout)["scenarios"][0]["file"]) == Path(found["scenarios"]) / "life_sciences_20.yml"

    out = tmp_path / "out"
    proc = _run(steps, "index071 build", [exe, "build", "--edition", "2017", "--data-dir", data, "--output-dir", out,
                                          "--jobs", "2", "--quiet"], cwd=work, env=env, timeout=1800)
    built = out / "2017"
    expected = [r.name for r in plan_build(2017, data_dir=data, output_dir=tmp_path / "plan").runs]
    assert len(expected) >= 10
    manifest = json.loads((built / "build.json").read_text(encoding="utf-8"))
    assert {r["name"]: r["ok"] for r in manifest["runs"]} == {**{n: True for n in expected}, "excel": True}
    for name in expected:
        assert (built / f"{name}.html").stat().st_size > 10_000, name
        assert (built / "notebooks" / f"{name}.ipynb").is_file(), name
    index = (built / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}.html"' in index for name in expected)
    assert (built / "index071-2017.xlsx").stat().st_size > 5_000
    assert sorted(p.name for p in work.iterdir()) == ["mydata"]  # nothing written into the working directory
    assert sorted(p.name for p in data.iterdir()) == ["editions"]
    print("wheel test steps (s): " + ", ".join(f"{k} {v:.1f}" for k, v in steps.items()))

    after = _repository_state()
    assert not {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}, "written into the repository"
