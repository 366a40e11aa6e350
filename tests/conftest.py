"""Shared fixtures: the bundled 2017 edition and a writable copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index071lib.data.edition import load_edition

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEED = ROOT.parent / "shared" / "seeds" / "000_3fcb334af2cc5e6e.txt"


@pytest.fixture(scope="session")
def edition():
    """The bundled 2017 edition (read-only)."""
    return load_edition(2017, DATA)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of ``data/`` (editions only) for tests that change input files."""
    target = tmp_path / "data"
    shutil.copytree(DATA / "editions", target / "editions")
    return target


# --- a 2018 edition made the way the yearly workflow makes it (issue 5) ---------------------------------

#: Made-up values filled into the scaffolded 2018 edition: (parameter, year) -> value.
FILLED_2018 = {("zorgbedrijven", 2017): 121, ("starters", 2017): 131, ("expats", 2017): 126,
               ("ranglijsten_gemeenten", 2017): 112, ("overnachtingen", 2016): 150, ("overnachtingen", 2017): 153}
#: Values of earlier years changed in 2018: a data revision (expats) and a source change (werkgelegenheid).
REVISED_2018 = {("expats", 2015): 117, ("werkgelegenheid_totaal", 2014): 98, ("werkgelegenheid_totaal", 2015): 96}
ADDED_2018 = ("fietsparkeren", "vestigingsklimaat", "Aantal gebruikte fietsparkeerplekken bij stations", 5,
              {2012: 100, 2013: 104, 2014: 103, 2015: 108, 2016: 111, 2017: 115})
DROPPED_2018 = "misdrijven"
REWEIGHTED_2018 = ("expats", 19, 21)
CHANGELOG_2018 = """\
edition: 2018
previous: 2017
changes:
  - kind: parameter_added
    parameter: fietsparkeren
    reason: "Fietsbereikbaarheid van de stations weegt mee in het vestigingsklimaat."
  - kind: parameter_dropped
    parameter: misdrijven
    name: "Aantal misdrijven"
    reason: "Wordt niet meer per regio gepubliceerd."
  - kind: weight_changed
    parameter: expats
    old: 19
    new: 21
    reason: "Het panel acht de internationale oriëntatie van de regio belangrijker."
  - kind: source_changed
    parameter: werkgelegenheid_totaal
    new: "LISA"
    reason: "Holland Rijnland levert geen cijfers meer; LISA herziet de reeks vanaf 2014."
"""


def make_2018(data_dir: Path) -> Path:
    """Scaffold 2018 from 2017 in ``data_dir`` and edit it as a data collector would (plain text edits).

    Returns:
        The 2018 edition folder.
    """
    import csv

    from index071lib.data.scaffold import new_edition

    folder = new_edition(2018, 2017, data_dir)
    with open(folder / "parameters.csv", newline="", encoding="utf-8") as fh:
        params = list(csv.DictReader(fh))
    fields = list(params[0])
    params = [p for p in params if p["id"] != DROPPED_2018]
    for p in params:
        if p["id"] == REWEIGHTED_2018[0]:
            p["weight"] = str(REWEIGHTED_2018[2])
        if p["id"] == "werkgelegenheid_totaal":
            p["source"] = "LISA"
    pid, basket, name, weight, values = ADDED_2018
    params.append({**{f: "" for f in fields}, "id": pid, "basket": basket, "order": "99", "name": name,
                   "weight": str(weight), "polarity": "higher_is_better", "source": "ProRail"})
    with open(folder / "parameters.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(params)
    with open(folder / "values.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["parameter"] != DROPPED_2018]
    for r in rows:
        key = (r["parameter"], int(r["year"]))
        if key in FILLED_2018 or key in REVISED_2018:
            r["value"] = str({**FILLED_2018, **REVISED_2018}[key])
    rows += [{"parameter": pid, "year": str(y), "value": str(v)} for y, v in values.items()]
    with open(folder / "values.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["parameter", "year", "value"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (folder / "changelog.yml").write_text(CHANGELOG_2018, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def data_2018(tmp_path_factory) -> Path:
    """A temporary copy of ``data/`` holding 2017 and a filled-in 2018 edition (read-only for tests).

    The integration test of the yearly workflow builds on this; a papermill build of 2018 can be run
    on the same folder.
    """
    target = tmp_path_factory.mktemp("workflow") / "data"
    shutil.copytree(DATA / "editions", target / "editions")
    make_2018(target)
    return target
