from pathlib import Path

import numpy as np
import pytest

from index071lib.analysis.whatif import (
    basket_contributions,
    compare,
    comparison_wide_nl,
    contributions_nl,
    effective_weight_table,
    effective_weights_nl,
    load_scenarios,
    scenario_from_weights,
    scenario_titles,
    weight_notes,
    weight_notes_nl,
)
from index071lib.core.pipeline import compute_index, compute_scenario
from index071lib.data.scenarios import Scenario, load_scenario
from index071lib.errors import ScenarioError

SCENARIOS = Path(__file__).resolve().parents[3] / "data" / "scenarios"


@pytest.fixture(scope="module")
def shipped(edition):
    return load_scenarios(sorted(str(p) for p in SCENARIOS.glob("*.yml")), edition)


def test_compare_equals_pipeline(edition, shipped):
    table = compare(edition, shipped)
    assert list(table.columns) == ["scenario", "series", "year", "baseline", "value", "diff"]
    assert len(table) == 30 * len(shipped)
    base = compute_index(edition, warn=False).series
    for scenario in shipped:
        part = table[table["scenario"] == scenario.name].set_index(["series", "year"])
        value = compute_scenario(edition, scenario, warn=False).series
        assert part.loc[("index071", 2016), "value"] == value.loc["index071", 2016]
        assert part.loc[("index071", 2016), "baseline"] == base.loc["index071", 2016]
    np.testing.assert_allclose(table["diff"], table["value"] - table["baseline"])


def test_annex_scenario_changes_nothing(edition):
    s = Scenario(name="annex", parameter_weights=edition.weights.to_dict(), basket_weights=edition.basket_weights.to_dict())
    assert (compare(edition, [s])["diff"] == 0).all()


def test_effective_weights(edition, shipped):
    table = effective_weight_table(edition, shipped)
    sums = table.groupby("scenario")["value"].sum()
    np.testing.assert_allclose(sums, 100.0)
    equal = table[table["scenario"] == "gelijke_wegingen"].set_index("parameter")
    n_in_basket = edition.basket_of.value_counts()
    np.testing.assert_allclose(equal["value"], 20.0 / equal["basket"].map(n_in_basket))
    dropped = table[table["scenario"] == "zonder_ranglijsten"].set_index("parameter")
    assert dropped.loc["shanghai_ranking", "value"] == 0 and dropped.loc["shanghai_ranking", "baseline"] > 0


def test_weight_notes(edition):
    assert [(n.scope, n.total) for n in weight_notes(edition, None)] == [("ondernemerschap", 94.0), ("baskets", 99.0)]
    chapter = load_scenario(SCENARIOS / "hoofdstuktekst.yml", edition)
    notes = weight_notes(edition, chapter)
    assert [(n.scope, n.total) for n in notes] == [("ondernemerschap", 99.0), ("regiomarketing", 101.0), ("baskets", 99.0)]
    assert notes[1].en == "scenario 'hoofdstuktekst': the weights of basket 'regiomarketing' sum to 101, not 100; normalised to 100"
    assert notes[1].nl(edition.basket_names) == (
        "hoofdstuktekst: de wegingen van het mandje Regiomarketing tellen op tot 101%; ze zijn naar verhouding "
        "herschaald tot 100%.")
    assert notes[1].nl(edition.basket_names, {"hoofdstuktekst": chapter.title}).startswith(
        "Wegingen uit de hoofdstukteksten: de wegingen van het mandje Regiomarketing")
    fine = Scenario(name="f", parameter_weights={"starters": 21}, basket_weights={"regiomarketing": 20})
    assert weight_notes(edition, fine) == []


def test_load_scenarios_by_name_path_and_comma_string(edition):
    names = [s.name for s in load_scenarios(f"life_sciences_20, {SCENARIOS / 'life_sciences_20.yml'},gelijke_wegingen", edition)]
    assert names == ["life_sciences_20", "gelijke_wegingen"]  # the same file twice counts once


def test_load_scenarios_same_name_twice_is_an_error(edition, tmp_path):
    copy = tmp_path / "other.yml"
    copy.write_text((SCENARIOS / "life_sciences_20.yml").read_text())
    with pytest.raises(ScenarioError, match="used twice"):
        load_scenarios(["life_sciences_20", str(copy)], edition)
    with pytest.raises(ScenarioError, match="not found"):
        load_scenarios(["no_such_scenario"], edition)


def test_contributions_add_up_to_the_change(edition, shipped):
    for scenario in [None, *shipped]:
        t = basket_contributions(edition, scenario)
        total = compute_scenario(edition, scenario, warn=False).total
        assert t["contribution"].sum() == pytest.approx(total[2016] - total[2015], abs=1e-10)
    table = contributions_nl(edition, shipped[:1])
    assert list(table.columns) == ["Mandje", "Basisweging", shipped[0].title]
    assert table.iloc[-1]["Basisweging"] == "+2,90"


def test_scenario_from_weights_keeps_only_differences_and_roundtrips(edition, tmp_path):
    w = edition.weights.copy()
    w["zzp"] = 12.5
    s = scenario_from_weights(edition, "mine", "Eigen weging", w, edition.basket_weights)
    assert s.parameter_weights == {"zzp": 12.5} and s.basket_weights == {}
    path = tmp_path / "mine.yml"
    path.write_text(s.to_yaml())
    back = load_scenario(path, edition)
    assert compute_scenario(edition, back, warn=False).series.equals(compute_scenario(edition, s, warn=False).series)
    w[edition.basket_of == "regiomarketing"] = 0
    with pytest.raises(ScenarioError, match="regiomarketing"):
        scenario_from_weights(edition, "bad", "", w, edition.basket_weights)


def test_reader_facing_text_is_dutch(edition, shipped):
    table = compare(edition, shipped[:2])
    wide = comparison_wide_nl(table, edition.basket_names)
    assert wide.index.names == ["Scenario", "Reeks"]
    cell = wide.loc[(shipped[0].name, "Index071 totaal"), 2016]
    assert "," in cell and "(" in cell
    eff = effective_weights_nl(edition, effective_weight_table(edition, shipped[:2]))
    assert eff.iloc[0]["Basisweging"] == "8,2%" and len(eff) == 38
    assert eff.index.names == ["Mandje", "Parameter"]


def test_readers_see_the_titles_in_the_order_given(edition, shipped):
    chosen = [s for s in shipped if s.name in ("zonder_ranglijsten", "gelijke_wegingen")][::-1]
    titles = scenario_titles(chosen)
    assert titles == {"zonder_ranglijsten": "Zonder ranglijsten", "gelijke_wegingen": "Gelijke wegingen"}
    wide = comparison_wide_nl(compare(edition, chosen), edition.basket_names, titles=titles)
    assert list(dict.fromkeys(wide.index.get_level_values(0))) == ["Zonder ranglijsten", "Gelijke wegingen"]
    eff = effective_weights_nl(edition, effective_weight_table(edition, chosen), titles)
    assert list(eff.columns) == ["Basisweging", "Zonder ranglijsten", "Gelijke wegingen"]
    assert list(contributions_nl(edition, chosen).columns)[2:] == ["Zonder ranglijsten", "Gelijke wegingen"]
    notes = [n.nl(edition.basket_names, titles) for n in weight_notes(edition, chosen[0])]
    assert notes[0] == ("Zonder ranglijsten: de wegingen van het mandje Life Sciences & Health tellen op tot 86%; "
                        "ze zijn naar verhouding herschaald tot 100%.")


def test_weight_notes_match_the_pipeline_warnings(edition, shipped):
    import re
    import warnings

    from index071lib.errors import WeightSumWarning

    for scenario in [None, *shipped]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            compute_scenario(edition, scenario, warn=True)
        warned = []
        for w in caught:
            if issubclass(w.category, WeightSumWarning):
                scope, total = re.match(r"weights of (?:basket '(\w+)'|the baskets \(total\)) sum to ([\d.]+)",
                                        str(w.message)).groups()
                warned.append((scope or "baskets", float(total)))
        assert [(n.scope, round(n.total, 4)) for n in weight_notes(edition, scenario)] == warned


def test_geometric_contributions_add_up_and_the_baseline_follows_the_run(edition, shipped):
    geo = Scenario(name="geo", basket_weights={"life_sciences_health": 20}, aggregation="geometric")
    t = basket_contributions(edition, geo)
    total = compute_scenario(edition, geo, warn=False).total
    assert t["contribution"].sum() == pytest.approx(total[2016] - total[2015], abs=1e-10)
    assert t["share"].sum() == pytest.approx(100.0)
    arithmetic = basket_contributions(edition, Scenario(name="ls", basket_weights={"life_sciences_health": 20}))
    assert (t["contribution"] - arithmetic["contribution"]).abs().max() > 0.01
    table = compare(edition, shipped[:1], aggregation="geometric")
    baseline = compute_index(edition, warn=False, aggregation="geometric").total[2016]
    assert table.query("series == 'index071' and year == 2016")["baseline"].iloc[0] == baseline
    from index071lib.text.fmt import nl_number
    assert contributions_nl(edition, [geo]).iloc[-1]["geo"] == nl_number(total[2016] - total[2015], 2, sign=True)


def test_scenario_from_weights_names_the_aggregation(edition):
    s = scenario_from_weights(edition, "g", "", edition.weights, edition.basket_weights, aggregation="geometric")
    assert s.aggregation == "geometric" and "aggregation: geometric" in s.to_yaml()


def test_equal_weights_are_one_sentence_not_a_sum(edition, shipped):
    equal = next(s for s in shipped if s.name == "gelijke_wegingen")
    notes = weight_notes(edition, equal)
    assert notes and all(n.equal for n in notes)  # every set is scaled, and each is a count, not percentages
    titles = scenario_titles([equal])
    assert weight_notes_nl(edition, notes, titles) == [
        "Gelijke wegingen: alle parameters binnen een mandje en alle mandjes tellen even zwaar."]
    official = weight_notes(edition, None)  # the annex: percentages that add up to 94 and 99
    assert not any(n.equal for n in official)
    assert weight_notes_nl(edition, official + notes, titles)[:2] == [n.nl(edition.basket_names) for n in official]
    within = Scenario(name="w", title="Binnen", equal_within=True)
    assert weight_notes_nl(edition, weight_notes(edition, within)) == [
        "w: alle parameters binnen een mandje tellen even zwaar.",
        "w: de wegingen van de mandjes tellen op tot 99%; ze zijn naar verhouding herschaald tot 100%."]
