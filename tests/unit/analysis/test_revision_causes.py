"""index071lib.analysis.revision_causes: the revision of every basket and the total, split by cause.

Expected numbers are computed here from the raw values with a plain-Python lag alignment and weighted means
(:func:`plain_index`), not with index071lib's pipeline.
"""

import copy
import dataclasses

import pandas as pd
import pytest
from conftest import FILLED_2018, REVISED_2018

from index071lib.analysis.revision_causes import CAUSES, index_revisions, revision_steps
from index071lib.data.changelog import load_changelog
from index071lib.data.edition import load_edition


def plain_index(edition) -> dict[str, dict[int, float]]:
    """Baskets and total from the edition's raw values: lag alignment, then weighted means (plain Python)."""
    years = [int(y) for y in edition.meta["years"]]
    raw = {(p, int(y)): float(v) for (p, y), v in edition.values.stack().items() if not pd.isna(v)}
    params = [(p, row["basket"], float(row["weight"])) for p, row in edition.parameters.iterrows()]
    aligned = {}
    for pid, _, _ in params:
        last = max(y for (q, y) in raw if q == pid)
        lag = years[-1] - last
        row = {y: raw.get((pid, y - lag)) for y in years}
        first = next(y for y in years if row[y] is not None)
        aligned[pid] = {y: (row[first] if y < first else row[y]) for y in years}
    out = {}
    baskets = [(b["id"], float(b["weight"])) for b in edition.meta["baskets"]]
    for basket, _ in baskets:
        members = [(pid, w) for pid, b, w in params if b == basket]
        out[basket] = {y: sum(w * aligned[pid][y] for pid, w in members) / sum(w for _, w in members) for y in years}
    out[edition.total_id] = {y: sum(w * out[b][y] for b, w in baskets) / sum(w for _, w in baskets) for y in years}
    return out


def with_values(edition, cells: dict):
    """A copy of an edition with some raw values replaced: ``(parameter, year) -> value``."""
    values = edition.values.copy()
    for (pid, year), value in cells.items():
        values.loc[pid, year] = value
    return dataclasses.replace(edition, values=values)


def with_basket_weights(edition, weights: dict):
    meta = copy.deepcopy(edition.meta)
    for basket in meta["baskets"]:
        basket["weight"] = weights.get(basket["id"], basket["weight"])
    return dataclasses.replace(edition, meta=meta)


def cell(table, series, year):
    return table[(table["series"] == series) & (table["year"] == year)].iloc[0]


def test_basket_weights_only(edition):
    current = with_basket_weights(edition, {"life_sciences_health": 28, "regiomarketing": 21})
    table = index_revisions(current, edition)
    old, new = plain_index(edition), plain_index(current)
    for row in table.itertuples():
        expected = new[row.series][row.year] - old[row.series][row.year]
        assert row.revision == pytest.approx(expected, abs=1e-9)
        assert row.basket_weights == pytest.approx(expected, abs=1e-9)
        assert all(getattr(row, c) == 0 for c in CAUSES if c != "basket_weights")
    # by hand for 2016: the total moves by the weighted mean of the baskets under the new weights minus the old
    b = {k: v[2016] for k, v in old.items()}
    weights = {"life_sciences_health": 28, "ondernemerschap": 19, "onderwijs_arbeidsmarkt": 9,
               "vestigingsklimaat": 22, "regiomarketing": 21}
    by_hand = sum(w * b[k] for k, w in weights.items()) / 99 - b["index071"]
    assert cell(table, "index071", 2016)["revision"] == pytest.approx(by_hand, abs=1e-9)
    assert abs(by_hand) > 0.03  # the test means something (0.035 points)


def test_one_revised_value(edition):
    current = with_values(edition, {("expats", 2015): 117.0})
    assert edition.values.loc["expats", 2015] == 116.0
    table = index_revisions(current, edition)
    old, new = plain_index(edition), plain_index(current)
    got = cell(table, "regiomarketing", 2015)
    assert got["revision"] == pytest.approx(new["regiomarketing"][2015] - old["regiomarketing"][2015], abs=1e-12)
    assert got["revision"] == pytest.approx(got["revised"], abs=1e-12) and got["revision"] > 0
    assert table[[c for c in CAUSES if c != "revised"]].abs().to_numpy().max() == 0


def test_the_2018_edition_of_the_workflow(data_2018):
    current, previous = load_edition(2018, data_2018), load_edition(2017, data_2018)
    log = load_changelog(current, previous)
    table = index_revisions(current, previous, log)
    assert list(table.columns) == ["series", "year", "previous", "current", "revision", *CAUSES]
    assert set(table["year"]) == set(range(2012, 2017)) and len(table) == 6 * 5
    old, new = plain_index(previous), plain_index(current)
    for row in table.itertuples():
        assert row.previous == pytest.approx(old[row.series][row.year], abs=1e-9)
        assert row.current == pytest.approx(new[row.series][row.year], abs=1e-9)
        assert sum(getattr(row, c) for c in CAUSES) == pytest.approx(row.revision, abs=1e-9)
    # step 1 (revised): only expats 2015 (werkgelegenheid_totaal has a source change: step 2)
    data_only = with_values(previous, {k: v for k, v in REVISED_2018.items() if k[0] == "expats"})
    step1 = plain_index(data_only)
    for row in table.itertuples():
        assert row.revised == pytest.approx(step1[row.series][row.year] - old[row.series][row.year], abs=1e-9)
    # step 2 (method): the source change of werkgelegenheid_totaal, on top of step 1
    step2 = plain_index(with_values(data_only, {k: v for k, v in REVISED_2018.items() if k[0] != "expats"}))
    for row in table.itertuples():
        assert row.method == pytest.approx(step2[row.series][row.year] - step1[row.series][row.year], abs=1e-9)
    assert cell(table, "vestigingsklimaat", 2015)["method"] < 0  # 97 -> 96
    # step 3 (late): overnachtingen 2016 filled in, on top of step 2
    late = {k: v for k, v in FILLED_2018.items() if k[1] <= 2016}
    step3 = plain_index(with_values(with_values(data_only, {k: v for k, v in REVISED_2018.items()}), late))
    for row in table.itertuples():
        assert row.late == pytest.approx(step3[row.series][row.year] - step2[row.series][row.year], abs=1e-9)
    assert cell(table, "regiomarketing", 2016)["late"] != 0
    # no basket weight changed; only regiomarketing had a parameter weight change (expats 19 -> 21)
    assert table["basket_weights"].abs().max() == 0
    weights = table.groupby("series")["parameter_weights"].apply(lambda s: s.abs().max())
    assert weights["regiomarketing"] > 0 and weights.drop(["regiomarketing", "index071"]).max() == 0


def test_steps_end_in_the_current_edition(data_2018):
    current, previous = load_edition(2018, data_2018), load_edition(2017, data_2018)
    steps = revision_steps(current, previous)
    assert [name for name, _ in steps] == ["previous", *CAUSES]
    assert steps[0][1] is previous and steps[-1][1] is current
    # the editions themselves are not changed by the steps
    assert previous.values.loc["expats", 2015] == 116.0 and previous.years[-1] == 2016
    after_years = dict(steps)["years"]
    assert after_years.years == current.years
    assert "misdrijven" in after_years.values.index and pd.isna(after_years.values.loc["misdrijven", 2017])
