"""index071lib.analysis.revisions on the 2018 edition made in conftest (made-up values; 2017 as transcribed)."""

import numpy as np
import pytest
from conftest import ADDED_2018, DROPPED_2018, FILLED_2018, REVISED_2018

from index071lib.analysis.revisions import (
    compare_series,
    revisions,
    structure_changes,
    undocumented,
)
from index071lib.core.pipeline import compute_index
from index071lib.data.changelog import load_changelog
from index071lib.data.edition import load_edition


@pytest.fixture(scope="module")
def pair(data_2018):
    current, previous = load_edition(2018, data_2018), load_edition(2017, data_2018)
    return current, previous, load_changelog(current, previous)


def test_revisions(pair):
    current, previous, log = pair
    table = revisions(current, previous, log)
    got = {(r.parameter, r.year): (r.previous, r.current, r.kind, r.cause) for r in table.itertuples()}
    assert set(got) == set(REVISED_2018) | {("overnachtingen", 2016)}
    assert got[("expats", 2015)][1:] == (117.0, "revised", "data")
    assert got[("werkgelegenheid_totaal", 2014)] == (99.0, 98.0, "revised", "method")
    assert np.isnan(got[("overnachtingen", 2016)][0]) and got[("overnachtingen", 2016)][1:] == (150.0, "filled", "data")
    # only years both editions have: the 2017 values are new, not revisions
    assert 2017 not in set(table["year"]) and any(y == 2017 for _, y in FILLED_2018)
    # neither the added nor the dropped parameter can have revisions
    assert not set(table["parameter"]) & {ADDED_2018[0], DROPPED_2018}
    assert table.loc[table["kind"] == "revised", "change"].tolist() == [-1.0, -1.0, 1.0]


def test_revisions_without_changelog_are_data(pair):
    current, previous, _ = pair
    assert set(revisions(current, previous)["cause"]) == {"data"}


def test_structure_changes_documented(pair):
    current, previous, log = pair
    table = structure_changes(current, previous, log)
    got = {(r.id, r.change): (r.previous, r.current, r.documented) for r in table.itertuples()}
    assert set(table["level"]) == {"parameter"}
    assert got == {
        ("fietsparkeren", "added"): (None, float(ADDED_2018[3]), True),
        ("misdrijven", "dropped"): (5.0, None, True),
        ("expats", "weight"): (19.0, 21.0, True),
        ("werkgelegenheid_totaal", "source"): ("Bedrijvenregister Zuid-Holland (via Holland Rijnland)", "LISA", True),
    }
    assert undocumented(table) == []


def test_undocumented_without_changelog(pair):
    current, previous, _ = pair
    messages = undocumented(structure_changes(current, previous))
    assert len(messages) == 4
    assert "parameter 'expats': weight 19 → 21 but not in changelog.yml (kind weight_changed)" in messages


def test_base_year_change_detected(pair):
    current, previous, _ = pair
    current = load_edition(2018, current.path.parent.parent)
    current.meta["base_year"] = 2015
    table = structure_changes(current, previous)
    row = table[table["change"] == "base_year"].iloc[0]
    assert (row["level"], row["id"], row["previous"], row["current"], row["documented"]) == \
        ("edition", "-", 2012, 2015, False)


def test_compare_series(pair):
    current, previous, _ = pair
    a, b = compute_index(current, warn=False), compute_index(previous, warn=False)
    table = compare_series(a, b)
    assert len(table) == 6 * 6 and set(table["year"]) == set(range(2012, 2018))
    total = table[table["series"] == "index071"].set_index("year")
    assert total.loc[2016, "previous"] == pytest.approx(b.total[2016])
    assert total.loc[2017, "current"] == pytest.approx(a.total[2017])
    assert np.isnan(total.loc[2017, "previous"])
    assert total.loc[2016, "difference"] == pytest.approx(a.total[2016] - b.total[2016])


def test_basket_changes_and_their_changelog(pair):
    import copy
    import dataclasses

    import pandas as pd

    from index071lib.data.changelog import Changelog

    current, previous, _ = pair
    meta = copy.deepcopy(current.meta)
    weights = {"life_sciences_health": 28, "regiomarketing": 21}
    for basket in meta["baskets"]:
        basket["weight"] = weights.get(basket["id"], basket["weight"])
        if basket["id"] == "onderwijs_arbeidsmarkt":
            basket["name"] = "Onderwijs en arbeidsmarkt"
    changed = dataclasses.replace(current, meta=meta)
    log = Changelog(2018, 2017, pd.DataFrame([{"kind": "basket_weight_changed", "parameter": None,
                                               "basket": "regiomarketing", "name": None, "old": 19, "new": 21,
                                               "reason": "x"}]))
    table = structure_changes(changed, previous, log)
    baskets = {(r.id, r.change): (r.name, r.previous, r.current, r.documented)
               for r in table[table["level"] == "basket"].itertuples()}
    assert baskets == {
        ("life_sciences_health", "weight"): ("Life Sciences & Health", 30.0, 28.0, False),
        ("onderwijs_arbeidsmarkt", "renamed"): ("Onderwijs en arbeidsmarkt", "Onderwijs – Arbeidsmarkt",
                                                "Onderwijs en arbeidsmarkt", False),
        ("regiomarketing", "weight"): ("Regiomarketing", 19.0, 21.0, True),
    }
    assert list(table["level"]) == ["basket"] * 3 + ["parameter"] * 4  # baskets before parameters
    messages = undocumented(table)
    assert "basket 'life_sciences_health': weight 30 → 28 but not in changelog.yml (kind basket_weight_changed)" \
        in messages
    assert "basket 'onderwijs_arbeidsmarkt': renamed but not in changelog.yml (kind basket_renamed)" in messages


def test_basket_added_and_dropped(pair):
    import copy
    import dataclasses

    current, previous, _ = pair
    meta = copy.deepcopy(current.meta)
    meta["baskets"] = [b if b["id"] != "regiomarketing" else {**b, "id": "regio", "name": "Regio"}
                       for b in meta["baskets"]]
    parameters = current.parameters.assign(basket=current.parameters["basket"].replace("regiomarketing", "regio"))
    changed = dataclasses.replace(current, meta=meta, parameters=parameters)
    table = structure_changes(changed, previous)
    rows = {(r.level, r.id, r.change) for r in table.itertuples()}
    assert {("basket", "regio", "added"), ("basket", "regiomarketing", "dropped")} <= rows
    moved = table[(table["change"] == "basket") & (table["id"] == "expats")].iloc[0]
    assert (moved["previous"], moved["current"], moved["documented"]) == ("regiomarketing", "regio", False)
