"""The yearly workflow end to end, on a temporary copy of data/ (fixture ``data_2018`` in conftest.py).

2018 is scaffolded from 2017 with the library, then edited as a data collector would: made-up 2017
values for some parameters, one parameter dropped and one added, one weight changed, a source change
with revised values, and the changelog filled in. The index is recomputed here independently from
the tidy CSV files (csv module and plain Python, no index071lib), and compared with what the installed
``index071`` command and the papermill-executed ``notebooks/editions.ipynb`` produce.

(When the papermill build of issue 3 is merged, ``index071 build --edition 2018 --data-dir <data_2018>``
can be added here on the same fixture.)
"""

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import (
    ADDED_2018,
    DATA,
    DROPPED_2018,
    FILLED_2018,
    REVISED_2018,
    REWEIGHTED_2018,
    ROOT,
)

pytestmark = pytest.mark.integration


def index071(*args, cwd=None):
    exe = shutil.which("index071") or str(Path(sys.executable).with_name("index071"))
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, cwd=cwd)


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def independent_index(folder: Path) -> dict[str, dict[int, float]]:
    """Baskets and total from the tidy files, in plain Python: lag alignment, then weighted means."""
    meta = yaml.safe_load((folder / "edition.yml").read_text(encoding="utf-8"))
    years = meta["years"]
    with open(folder / "parameters.csv", newline="", encoding="utf-8") as fh:
        params = list(csv.DictReader(fh))
    values = {}
    with open(folder / "values.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["value"] not in ("", "-"):
                values[(r["parameter"], int(r["year"]))] = float(r["value"])
    aligned = {}
    for p in params:
        last = max(y for (q, y) in values if q == p["id"])
        lag = years[-1] - last
        row = {y: values.get((p["id"], y - lag)) for y in years}
        first = next(y for y in years if row[y] is not None)
        aligned[p["id"]] = {y: (row[first] if y < first else row[y]) for y in years}
    out = {}
    for basket in meta["baskets"]:
        members = [p for p in params if p["basket"] == basket["id"]]
        out[basket["id"]] = {}
        for y in years:
            pairs = [(float(p["weight"]), aligned[p["id"]][y]) for p in members if aligned[p["id"]][y] is not None]
            out[basket["id"]][y] = sum(w * v for w, v in pairs) / sum(w for w, _ in pairs)
    weights = {b["id"]: float(b["weight"]) for b in meta["baskets"]}
    out["index071"] = {y: sum(weights[b] * out[b][y] for b in weights) / sum(weights.values()) for y in years}
    return out


def test_scaffolded_edition_has_the_edits(data_2018):
    folder = data_2018 / "editions" / "2018"
    meta = yaml.safe_load((folder / "edition.yml").read_text(encoding="utf-8"))
    assert meta["edition"] == 2018 and meta["years"][-1] == 2017
    ids = [r["id"] for r in csv.DictReader(io.StringIO((folder / "parameters.csv").read_text(encoding="utf-8")))]
    assert ADDED_2018[0] in ids and DROPPED_2018 not in ids and len(ids) == 38


def test_numbers_computed_independently(data_2018):
    expected = independent_index(data_2018 / "editions" / "2018")
    proc = index071("compute", "--edition", 2018, "--data-dir", data_2018, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) == 6 * 6 and all(r["published"] == "" for r in rows)  # nothing published yet
    for r in rows:
        assert float(r["computed"]) == pytest.approx(expected[r["series"]][int(r["year"])], abs=1e-9), r
    # the edits matter: regiomarketing 2017 is not simply the 2017 edition's 2016 figure
    old = independent_index(DATA / "editions" / "2017")
    assert abs(expected["regiomarketing"][2017] - old["regiomarketing"][2016]) > 0.5
    # expats 19 → 21: regiomarketing now sums to 102 and is normalised, with a note
    assert "weights of basket 'regiomarketing' sum to 102, not 100" in proc.stderr


def test_status_says_which_parameters_are_lag_aligned(data_2018):
    proc = index071("status", "--edition", 2018, "--data-dir", data_2018, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    status = {r["id"]: r for r in json.loads(proc.stdout)}
    complete = {p for (p, y) in FILLED_2018 if y == 2017} | {ADDED_2018[0]}
    assert {p for p, r in status.items() if r["status"] == "complete"} == complete
    assert status["verhuisde_personen"]["lag"] == 3 and status["verhuisde_personen"]["missing_years"] == "2015 2016 2017"


def test_revision_list(data_2018):
    proc = index071("diff", "--edition", 2018, "--against", 2017, "--data-dir", data_2018, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    revised = {(r["parameter"], r["year"]): (r["previous"], r["current"], r["cause"])
               for r in data["revisions"] if r["kind"] == "revised"}
    assert revised == {("expats", 2015): (116, 117, "data"),
                       ("werkgelegenheid_totaal", 2014): (99, 98, "method"),
                       ("werkgelegenheid_totaal", 2015): (97, 96, "method")}
    assert set(revised) == set(REVISED_2018)
    weight = next(s for s in data["structure"] if s["change"] == "weight")
    assert (weight["id"], weight["previous"], weight["current"]) == REWEIGHTED_2018
    assert data["undocumented"] == []


def test_editions_notebook_papermill(data_2018, tmp_path):
    import nbformat
    import papermill as pm

    out = tmp_path / "editions.ipynb"
    pm.execute_notebook(str(ROOT / "notebooks" / "editions.ipynb"), str(out),
                        parameters={"edition": 2018, "against": 0, "data_dir": str(data_2018)},
                        kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    nb = nbformat.read(out, as_version=4)
    text = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error"
            data = output.get("data", {})
            text.append(data.get("text/markdown") or data.get("text/html") or data.get("text/plain") or "")
    shown = "\n".join(text)
    # the changes section, generated from the changelog (Dutch, Dutch number formatting)
    assert "## Wijzigingen ten opzichte van de vorige editie" in shown
    assert "- Aantal gebruikte fietsparkeerplekken bij stations — Fietsbereikbaarheid" in shown
    assert "- Aantal misdrijven — Wordt niet meer per regio gepubliceerd." in shown
    assert "- Aantal expats: weging van 19% naar 21% — " in shown
    assert "- Totale werkgelegenheid: nieuwe bron LISA — " in shown
    # the revision table and the lagged parameters
    assert "117,0" in shown and "andere bron/methode" in shown and "herziening cijfers" in shown
    assert "ouder cijfer (verschoven)" in shown
    assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def test_2017_untouched(data_2018):
    """Runs last in this module: after the CLI and the notebook, 2017 is byte-for-byte the original."""
    assert digest(data_2018 / "editions" / "2017") == digest(DATA / "editions" / "2017")


def test_help_lists_edition_commands():
    proc = index071("--help")
    assert proc.returncode == 0
    for command in ("new-edition", "status", "diff"):
        assert command in proc.stdout
    proc = index071("new-edition", "--help")
    assert "--from" in proc.stdout and "--data-dir" in proc.stdout
