"""The what-if and sensitivity notebooks (papermill) and CLI commands, end to end."""

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = {name: ROOT / "notebooks" / f"{name}.ipynb" for name in ("whatif", "sensitivity")}


def index071(*args, cwd=None):
    exe = shutil.which("index071") or str(Path(sys.executable).with_name("index071"))
    return subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd)


def _outputs(nb, kind):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if kind in out.get("data", {}):
                yield out["data"][kind]


def test_whatif_notebook_headless(tmp_path):
    own = tmp_path / "mine.yml"
    own.write_text("name: mijn_test\ndescription: Eigen test\nbasket_weights: {regiomarketing: 30}\n")
    out = tmp_path / "whatif.ipynb"
    pm.execute_notebook(str(NOTEBOOKS["whatif"]), str(out), cwd=str(tmp_path), progress_bar=False, kernel_name="python3",
                        parameters={"edition": 2017, "scenario": "life_sciences_20",
                                    "scenarios": f"zonder_ranglijsten,{own}", "band_draws": 1000,
                                    "save_dir": str(tmp_path / "saved")})
    nb = nbformat.read(out, as_version=4)
    html = "\n".join(_outputs(nb, "text/html"))
    assert "<strong>mijn_test</strong>: Eigen test" in html and "<strong>Zonder ranglijsten</strong>" in html
    assert "Zonder ranglijsten: de wegingen van het mandje Regiomarketing tellen op tot 70%" in html  # folded note
    assert '<p class="kop" id="kop">Van de drie scenario’s verandert' in html  # the headline first
    assert ('<p class="scenario-banner">Let op: dit is het scenario ‘Life Sciences &amp; Health 20%’, niet de '
            "officiële Index071.") in html  # the title from the file, not the slug
    assert "Index071 totaal" in html and "Basisweging" in html
    assert html.count('<figure class="grafiekpaneel">') == 6  # the scenarios per series: a grid of panels
    assert len(list(_outputs(nb, "application/vnd.jupyter.widget-view+json"))) == 1
    assert not (tmp_path / "saved").exists()  # nothing saved without a click


def test_sensitivity_notebook_headless(tmp_path):
    out = tmp_path / "sensitivity.ipynb"
    pm.execute_notebook(str(NOTEBOOKS["sensitivity"]), str(out), cwd=str(tmp_path), progress_bar=False,
                        kernel_name="python3", parameters={"edition": 2017, "n": 3000, "seed": 11, "sobol_n": 512,
                                                           "factors": "met_meetruis"})
    nb = nbformat.read(out, as_version=4)
    markdown = "\n".join(_outputs(nb, "text/markdown"))
    assert "In 100% van de 3.000 alternatieve wegingen stijgt de Index071 in 2016 ten opzichte van 2015" in markdown
    method = next(h for h in _outputs(nb, "text/html") if "<summary>Methode: de alternatieve wegingen en de band</summary>" in h)
    assert "De index is 3.000 keer opnieuw berekend" in method and "(toevalsreeks 11)" in method
    assert len(list(_outputs(nb, "image/png"))) == 3  # two tornado charts, the Sobol' bars
    html = "\n".join(_outputs(nb, "text/html"))
    assert html.count('<figure class="grafiekpaneel">') == 6  # the band per series: a grid of panels
    assert "Aandeel stijgend" in html
    assert "<h2>Welke keuze telt het zwaarst?</h2>" in html
    assert "<strong>Voor de stijging van de Index071 in 2016 telt de manier waarop ontbrekende cijfers meetellen " \
           "het zwaarst (" in html
    assert "De index is 5.632 keer opnieuw berekend" in html and "toevalsreeks 11" in html  # 512 x (9 + 2)
    assert "Meetruis nieuwste cijfers" in html


def test_sensitivity_notebook_without_sobol(tmp_path):
    out = tmp_path / "sensitivity.ipynb"
    pm.execute_notebook(str(NOTEBOOKS["sensitivity"]), str(out), cwd=str(tmp_path), progress_bar=False,
                        kernel_name="python3", parameters={"edition": 2017, "n": 1000, "sobol": False})
    nb = nbformat.read(out, as_version=4)
    assert len(list(_outputs(nb, "image/png"))) == 2  # two tornado charts, no Sobol' bars
    html = "\n".join(_outputs(nb, "text/html"))
    assert "Welke keuze" not in html and html.count('<figure class="grafiekpaneel">') == 6


def test_entry_point_whatif_and_sensitivity(tmp_path):
    proc = index071("whatif", "--edition", "2017", "--scenario", "gelijke_wegingen", "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "scenario,series,year,baseline,value,diff"
    assert len(list(csv.DictReader(io.StringIO(proc.stdout)))) == 30
    assert "note: scenario 'gelijke_wegingen'" in proc.stderr
    proc = index071("sensitivity", "--n", "5000", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["series"]["index071"]["2016"]["share_rising"] == 1.0
    proc = index071("sensitivity", "--method", "sobol", "--n", "256", "--resamples", "100", "--format", "json",
                    cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["method"] == "sobol" and data["factors_name"] == "standaard"
    assert data["series"]["index071"]["2016"]["change"]["S1"]["alignment"] > 0.5


def test_entry_point_bad_scenario(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: bad\nbasket_weights: {regiomarketing: veel}\n")
    proc = index071("whatif", "--scenario", str(bad), cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "bad.yml" in proc.stderr and "basket_weights.regiomarketing" in proc.stderr
