"""Build planning: validation before anything runs, the job registry, and the swap of outputs."""

import ast
import json
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from index071lib.build.notebook import JobResult
from index071lib.build.runner import (
    JOBS,
    NOTEBOOKS,
    BuildError,
    NotebookJob,
    notebook_parameters,
    plan_build,
    previous_seconds,
    single,
    swap_in,
)
from index071lib.errors import DataError, ScenarioError

ROOT = Path(__file__).resolve().parents[3]


def test_every_notebook_declares_the_generic_parameters():
    for job in JOBS:
        declared = notebook_parameters(NOTEBOOKS / job.notebook)
        assert declared[0] == "edition" and {"scenario", "data_dir"} <= set(declared)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_committed_notebook_is_clean_with_one_documented_parameters_cell(path):
    """Every notebook: no outputs or execution counts, one ``parameters`` cell of literal defaults with a type
    hint and a help comment each (what ``papermill --help-notebook`` shows), batch-ready parameters."""
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    lines = tagged[0].source.splitlines()
    statements = ast.parse(tagged[0].source).body
    assert len(statements) == len(lines)
    for statement, line in zip(statements, lines):
        assert isinstance(statement, ast.AnnAssign), line  # a type hint on every parameter
        ast.literal_eval(statement.value)  # a literal default
        assert line.count("=") == 1, line  # papermill --help-notebook skips lines with a second "="
        assert "  # " in line, line  # and a help comment
    documented = {p["name"]: p for p in pm.inspect_notebook(str(path)).values()}
    assert set(documented) == {s.target.id for s in statements}
    assert all(p["help"] for p in documented.values())
    assert {"edition", "scenario", "data_dir"} <= set(documented)  # index071 build passes these


def test_plan_2017(tmp_path):
    plan = plan_build(2017, output_dir=tmp_path)
    assert [r.name for r in plan.runs] == [
        "overview", "basket-life_sciences_health", "basket-ondernemerschap", "basket-onderwijs_arbeidsmarkt",
        "basket-vestigingsklimaat", "basket-regiomarketing", "theme-energie", "theme-afval", "theme-betatechniek",
        "audit", "whatif", "sensitivity"]  # no "editions": 2017 has no previous edition beside it
    assert plan.runs[10].parameters["sliders"] is False  # the batch renders the what-if report without widgets
    assert plan.runs[1].parameters["basket"] == "life_sciences_health"
    assert plan.runs[5].title == "Mandje: Regiomarketing" and plan.runs[6].title.startswith("Trendthema: Energie")
    assert all(r.parameters["edition"] == 2017 and r.parameters["scenario"] == "" for r in plan.runs)
    assert plan.target == tmp_path / "2017"
    assert not any(tmp_path.iterdir())  # planning writes nothing


def test_plan_with_scenario_skips_official_only(tmp_path):
    scenario = ROOT / "data" / "scenarios" / "life_sciences_20.yml"
    plan = plan_build(2017, scenario=str(scenario), output_dir=tmp_path)
    assert "audit" not in [r.name for r in plan.runs]
    assert plan.target == tmp_path / "2017" / "scenarios" / "life_sciences_20"
    assert plan.runs[0].parameters["scenario"] == str(scenario.resolve())
    by_name = plan_build(2017, scenario="life_sciences_20", output_dir=tmp_path)  # a name, as --scenario takes
    assert by_name.target == plan.target and by_name.runs[0].parameters["scenario"] == str(scenario.resolve())


def test_missing_scenario_fails_before_anything(tmp_path):
    with pytest.raises(ScenarioError, match="scenario file not found"):
        plan_build(2017, scenario=str(tmp_path / "nope.yml"), output_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_bad_edition_data_fails(data_copy, tmp_path):
    values = data_copy / "editions" / "2017" / "values.csv"
    values.write_text(values.read_text().replace("expats,2013,105", "expats,2013,1o5"))
    with pytest.raises(DataError, match="values.csv"):
        plan_build(2017, data_dir=data_copy, output_dir=tmp_path)


def test_unknown_basket_or_parameter_is_rejected(tmp_path):
    bad_value = NotebookJob("basket.ipynb", "basket", lambda e: [{"basket": "life_science"}], "Mandje")
    with pytest.raises(BuildError, match=r"notebooks/basket.ipynb: parameter 'basket': unknown value 'life_science'"):
        plan_build(2017, output_dir=tmp_path, jobs=[bad_value])
    bad_key = NotebookJob("theme.ipynb", "theme", lambda e: [{"basket": "regiomarketing"}], "Thema")
    with pytest.raises(BuildError, match="parameter 'basket' is not declared"):
        plan_build(2017, output_dir=tmp_path, jobs=[bad_key])
    missing = NotebookJob("nope.ipynb", "nope", single, "Bestaat niet")
    with pytest.raises(BuildError, match="notebook not found"):
        plan_build(2017, output_dir=tmp_path, jobs=[missing])


def test_only_filter(tmp_path):
    plan = plan_build(2017, output_dir=tmp_path, only=["overview", "theme"])
    assert [r.name for r in plan.runs] == ["overview", "theme-energie", "theme-afval", "theme-betatechniek"]
    with pytest.raises(BuildError, match="unknown notebook run"):
        plan_build(2017, output_dir=tmp_path, only=["basket-nope"])


def test_swap_keeps_previous_good_output_of_a_failed_run(tmp_path):
    plan = plan_build(2017, output_dir=tmp_path, only=["overview", "audit"])
    target, staging = plan.target, tmp_path / "staging"
    (target / "notebooks").mkdir(parents=True)
    (target / "audit.html").write_text("old good audit")
    (target / "overview.html").write_text("old overview")
    (staging / "notebooks").mkdir(parents=True)
    (staging / "overview.html").write_text("new overview")
    (staging / "notebooks" / "overview.ipynb").write_text("{}")
    (staging / "notebooks" / "audit.ipynb").write_text("{} failed")
    results = [JobResult("overview", True, 1.0), JobResult("audit", False, 1.0, error="cell 3: ValueError: x",
                                                             notebook=str(staging / "notebooks" / "audit.ipynb"))]
    swap_in(plan, staging, results, [])
    assert (target / "overview.html").read_text() == "new overview"
    assert (target / "audit.html").read_text() == "old good audit"
    assert (target / "failed" / "audit.ipynb").read_text() == "{} failed"
    assert results[1].notebook == str(target / "failed" / "audit.ipynb")


def test_previous_seconds(tmp_path):
    assert previous_seconds(tmp_path) == {}
    (tmp_path / "build.json").write_text(json.dumps({"runs": [{"name": "audit", "seconds": 3.5}]}))
    assert previous_seconds(tmp_path) == {"audit": 3.5}


def test_plan_with_a_scenario_name_passes_its_file(data_copy, tmp_path):
    """``index071 build --scenario NAME``: the same resolver as ``whatif``; the notebooks get the absolute file."""
    plan = plan_build(2017, scenario="zonder_ranglijsten", data_dir=data_copy, output_dir=tmp_path)
    assert plan.scenario.name == "zonder_ranglijsten"
    assert {r.parameters["scenario"] for r in plan.runs} == {str(ROOT / "data" / "scenarios" / "zonder_ranglijsten.yml")}
    assert plan.target == tmp_path / "2017" / "scenarios" / "zonder_ranglijsten"


def test_empty_note_of_a_dropped_parameter_is_a_note(data_2018, tmp_path):
    """The 2018 of the yearly workflow drops 'misdrijven', whose empty scaffold entry stays in commentary.yml."""
    from index071lib.errors import CommentaryNote

    with pytest.warns(CommentaryNote, match=r"commentary\.yml: key 'parameters\.misdrijven': empty note of an id"):
        plan = plan_build(2018, data_dir=data_2018, output_dir=tmp_path)
    assert plan.commentary.ignored == ["parameters.misdrijven"] and not any(tmp_path.iterdir())


def test_an_edition_without_values_for_its_newest_year_is_not_planned(data_copy, tmp_path):
    from index071lib.data.scaffold import new_edition

    new_edition(2018, 2017, data_copy)
    with pytest.raises(DataError, match=r"2018/values\.csv: year 2017, column 'value': no parameter has a value for "
                                        r"2017, .*index071 status --edition 2018.*--edition 2017"):
        plan_build(data_dir=data_copy, output_dir=tmp_path)
    values = data_copy / "editions" / "2018" / "values.csv"
    values.write_text(values.read_text().replace("expats,2017,\n", "expats,2017,130\n"))
    assert plan_build(data_dir=data_copy, output_dir=tmp_path).edition.year == 2018  # one value is enough
