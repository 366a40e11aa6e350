"""The installed ``index071`` console script, as a user runs it."""

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def index071(*args, cwd=None):
    exe = shutil.which("index071") or str(Path(sys.executable).with_name("index071"))
    return subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd)


def test_entry_point_compute_csv(tmp_path):
    proc = index071("compute", "--edition", "2017", "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert proc.stdout.splitlines()[0] == "series,year,computed,published"
    assert {r["series"] for r in rows} == {"life_sciences_health", "ondernemerschap", "onderwijs_arbeidsmarkt",
                                           "vestigingsklimaat", "regiomarketing", "index071"}
    worst = max(abs(float(r["computed"]) - float(r["published"])) for r in rows)
    assert worst <= 0.6


def test_entry_point_bad_input(tmp_path, data_copy):
    values = data_copy / "editions" / "2017" / "values.csv"
    values.write_text(values.read_text().replace("expats,2013,105", "expats,2013,1o5"))
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = index071("compute", "--data-dir", str(data_copy), cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "values.csv" in proc.stderr and "'expats'" in proc.stderr and "'value'" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_entry_point_help():
    proc = index071("--help")
    assert proc.returncode == 0
    for command in ("compute", "params", "audit"):
        assert command in proc.stdout
