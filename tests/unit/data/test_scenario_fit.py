"""Scenarios checked against the edition: ``editions:``, ids an edition no longer has, and where that shows.

The edition used is a copy of 2017 without ``shanghai_ranking`` (the Shanghai Ranking stopped being
published, say), which the shipped scenario ``zonder_ranglijsten`` names.
"""

import csv

import pytest
import yaml

from index071lib.analysis.whatif import load_scenarios
from index071lib.report.whatif_page import scenarios_html
from index071lib.build.runner import plan_build
from index071lib.cli.main import main
from index071lib.data.edition import load_edition
from index071lib.data.scenarios import Scenario, load_scenario, parse_scenario
from index071lib.errors import ParameterError, ScenarioError, ScenarioNotApplicable
from index071lib.report.params import check_scenarios

DROPPED = "shanghai_ranking"


def drop_parameter(folder, pid):
    """Remove a parameter from an edition folder's parameters.csv, values.csv and commentary.yml."""
    for name, key in (("parameters.csv", "id"), ("values.csv", "parameter"), ("chapter_weights.csv", "parameter")):
        with open(folder / name, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            fields, rows = reader.fieldnames, [r for r in reader if r[key] != pid]
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    commentary = yaml.safe_load((folder / "commentary.yml").read_text(encoding="utf-8"))
    commentary.get("parameters", {}).pop(pid, None)
    (folder / "commentary.yml").write_text(yaml.safe_dump(commentary, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def without_shanghai(data_copy):
    drop_parameter(data_copy / "editions" / "2017", DROPPED)
    return data_copy


def test_dropped_parameter_makes_a_shipped_scenario_not_applicable(without_shanghai):
    edition = load_edition(2017, without_shanghai)
    with pytest.raises(ScenarioNotApplicable) as caught:
        load_scenario("zonder_ranglijsten", edition, without_shanghai)
    err = caught.value
    assert isinstance(err, ScenarioError)  # an error wherever a scenario is asked for by name
    assert (err.scenario, err.edition, err.reason) == ("zonder_ranglijsten", 2017, ("parameter", [DROPPED]))
    assert "key 'drop.shanghai_ranking': unknown parameter id 'shanghai_ranking'" in str(err)
    assert "does not apply to edition 2017" in str(err)


def test_editions_key(edition):
    assert parse_scenario({"name": "x", "editions": [2017, 2016]}, edition).editions == [2016, 2017]
    with pytest.raises(ScenarioNotApplicable) as caught:
        parse_scenario({"name": "x", "editions": [2016]}, edition)
    assert caught.value.reason == ("editions", [2016])
    assert "key 'editions': scenario 'x' does not apply to edition 2017: it is written for edition(s) [2016]" \
        in str(caught.value)
    for bad in (2017, [], ["2017"], [True], [1800], {"a": 1}):
        with pytest.raises(ScenarioError, match="key 'editions': must be a non-empty list of edition years") as c:
            parse_scenario({"name": "x", "editions": bad}, edition)
        assert not isinstance(c.value, ScenarioNotApplicable)
    assert "editions:\n- 2017\n" in Scenario(name="x", editions=[2017]).to_yaml()


def test_a_bad_weight_is_still_an_error_not_a_misfit(edition):
    with pytest.raises(ScenarioError, match="weight must be a number") as caught:
        parse_scenario({"name": "x", "parameter_weights": {"gone": "veel"}}, edition)
    assert not isinstance(caught.value, ScenarioNotApplicable)


def test_list_sets_misfits_aside(without_shanghai):
    edition = load_edition(2017, without_shanghai)
    skipped = []
    chosen = load_scenarios("life_sciences_20,zonder_ranglijsten", edition, without_shanghai, not_applicable=skipped)
    assert [s.name for s in chosen] == ["life_sciences_20"]
    assert [e.scenario for e in skipped] == ["zonder_ranglijsten"]
    with pytest.raises(ScenarioNotApplicable):  # without the list: an error, as before
        load_scenarios("life_sciences_20,zonder_ranglijsten", edition, without_shanghai)
    text = scenarios_html(edition, chosen, skipped)
    assert "<p>Niet van toepassing op deze editie:</p>" in text
    assert ("<li><strong>zonder_ranglijsten</strong>: niet van toepassing — het noemt de parameter "
            "<code>shanghai_ranking</code>, die editie 2017 niet heeft.</li>") in text


def test_notebook_parameter_check(without_shanghai):
    edition = load_edition(2017, without_shanghai)
    skipped = []
    chosen = check_scenarios("zonder_ranglijsten,gelijke_wegingen", edition, without_shanghai, not_applicable=skipped)
    assert [s.name for s in chosen] == ["gelijke_wegingen"] and len(skipped) == 1
    with pytest.raises(ParameterError, match="shanghai_ranking"):  # the page's own scenario must apply
        check_scenarios(["zonder_ranglijsten"], edition, without_shanghai, name="scenario")


def test_build_plan_reports_it_up_front(without_shanghai, tmp_path):
    out = tmp_path / "outputs"
    plan = plan_build(2017, data_dir=without_shanghai, output_dir=out)
    assert len(plan.notes) == 1
    assert plan.notes[0].startswith("whatif: ") and "zonder_ranglijsten" in plan.notes[0]
    assert "the report lists it as not applicable" in plan.notes[0]
    assert not out.exists()  # planning writes nothing
    with pytest.raises(ScenarioNotApplicable):  # a scenario build of it cannot be planned
        plan_build(2017, scenario="zonder_ranglijsten", data_dir=without_shanghai, output_dir=out)


def test_build_plan_without_the_whatif_report_has_no_note(without_shanghai, tmp_path):
    assert plan_build(2017, data_dir=without_shanghai, output_dir=tmp_path / "o", only=["overview"]).notes == []


def test_build_plan_of_the_shipped_edition_has_no_notes(tmp_path):
    assert plan_build(2017, output_dir=tmp_path).notes == []


def test_whatif_cli_one_clear_error(without_shanghai, capsys):
    code = main(["whatif", "--edition", "2017", "--data-dir", str(without_shanghai), "--scenario",
                 "zonder_ranglijsten"])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "scenario 'zonder_ranglijsten' does not apply to edition 2017" in lines[0]
