"""Sobol' indices of the Index071 over weights, alignment and noise (index071lib.analysis.sobol)."""

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from index071lib.analysis.sobol import ChoiceModel, FactorSpec, analyse, latest_cells
from index071lib.core.pipeline import compute_index
from index071lib.data.scenarios import Scenario

ALL = FactorSpec("alles", basket_weight_spread=0.25, parameter_weight_spread=0.2,
                 choices=(("alignment", ("lag", "carry", "available")), ("aggregation", ("arithmetic", "geometric"))),
                 noise=0.05)


def pipeline_outputs(edition, row: np.ndarray, spec: FactorSpec, scenario=None) -> np.ndarray:
    """The standard pandas pipeline for one design row: series × (level, change) in the latest year.

    The row is decoded from the documented layout (basket weights, parameter weights, alignment, aggregation,
    noise), independently of the code under test: weights times 1 − s + 2 s u, the alignment by the uniform's
    third, the aggregation by its half, and each parameter's latest figure times 1 + s (2u − 1) in the raw
    values before the pipeline runs.
    """
    ids, baskets = list(edition.parameters.index), edition.basket_ids
    from index071lib.data.scenarios import scenario_weights

    w, b = scenario_weights(edition, scenario)
    k, p = len(baskets), len(ids)
    sb, sp, noise = spec.basket_weight_spread, spec.parameter_weight_spread, spec.noise
    bw = b.reindex(baskets) * (1 - sb + 2 * sb * row[:k])
    pw = w.reindex(ids) * (1 - sp + 2 * sp * row[k:k + p])
    choices = spec.choices_of("alignment")
    alignment = choices[min(int(row[k + p] * len(choices)), len(choices) - 1)]
    aggregation = "arithmetic" if row[k + p + 1] < 0.5 else "geometric"
    values = edition.values.copy()
    for i, parameter in enumerate(ids):
        year = values.loc[parameter].last_valid_index()
        values.loc[parameter, year] *= 1 + noise * (2 * row[k + p + 2 + i] - 1)
    result = compute_index(dataclasses.replace(edition, values=values), alignment=alignment, weights=pw,
                           basket_weights=bw, warn=False, aggregation=aggregation)
    series = result.series.loc[[*baskets, edition.total_id]]
    years = list(series.columns)
    return np.stack([series[years[-1]], series[years[-1]] - series[years[-2]]], axis=1)


@pytest.mark.parametrize("scenario", [None, Scenario(name="s", drop=["expats"], equal_across=True,
                                                     aggregation="geometric")], ids=["annex", "scenario"])
def test_every_row_equals_the_pandas_pipeline(edition, scenario):
    """Weights, alignment, aggregation and noise drawn per row, one product per alignment and aggregation: the
    pipeline's numbers (a scenario's own aggregation does not override the factor)."""
    model = ChoiceModel(edition, ALL, scenario=scenario)
    assert len(model.groups) == 5 + 38 + 1 + 1 + 38
    rows = np.random.default_rng(1).random((36, len(model.groups)))
    rows[:6, 5 + 38] = [0.1, 0.5, 0.9, 0.1, 0.5, 0.9]  # every alignment with both aggregations
    rows[:6, 5 + 38 + 1] = [0.2, 0.2, 0.2, 0.7, 0.7, 0.7]
    got = model.evaluate(rows)
    for row, outputs in zip(rows, got):
        np.testing.assert_allclose(outputs, pipeline_outputs(edition, row, ALL, scenario), rtol=0, atol=1e-9)


def test_latest_cells(edition):
    i = list(edition.parameters.index).index("bsp_ls_bedrijven")  # no figure for 2016
    j = list(edition.parameters.index).index("zorgbedrijven")  # a figure for 2016
    assert latest_cells(edition, "lag")[i].tolist() == [0, 0, 0, 0, 1]
    assert latest_cells(edition, "carry")[i].tolist() == [0, 0, 0, 1, 1]
    assert latest_cells(edition, "available")[i].tolist() == [0, 0, 0, 1, 0]
    for alignment in ("lag", "carry", "available"):
        assert latest_cells(edition, alignment)[j].tolist() == [0, 0, 0, 0, 1]


@pytest.fixture(scope="module")
def result(edition):
    spec = dataclasses.replace(ALL, per_basket=True)
    return analyse(edition, spec, n=1024, num_resamples=200, seed=3)


def test_factors_that_cannot_change_an_output_are_zero(result):
    """A basket does not depend on the basket weights or on other baskets' parameter weights."""
    table = result.table()
    baskets = result.series_ids[:-1]
    cannot = table[table["series"].isin(baskets) & (
        table["factor"].str.startswith("basket_weights")
        | (table["factor"].str.startswith("parameter_weights.") & (table["factor"] != "parameter_weights."
                                                                    + table["series"])))]
    assert len(cannot) == 5 * 2 * (5 + 4)
    assert (cannot[["S1", "ST", "S1_conf", "ST_conf"]].abs() < 1e-12).all().all()
    own = table[table["factor"] == "parameter_weights." + table["series"]]
    assert (own["ST"] > 0.001).all()  # while its own parameter weights do count


def test_alignment_drives_the_2016_change(result):
    """Lag, carry and available differ most for the change (lagged parameters add no change when carried)."""
    row = result.table().query("series == 'index071' and measure == 'change' and factor == 'alignment'").iloc[0]
    assert row["S1"] > 0.8 and row["ST"] >= row["S1"] - row["S1_conf"]


def test_json(edition, result):
    data = json.loads(json.dumps(result.to_dict()))
    assert data["method"] == "sobol" and data["n"] == 1024 and data["evaluations"] == 1024 * (5 + 5 + 1 + 1 + 1 + 2)
    ids = [f["id"] for f in data["factors"]]
    assert ids[:2] == ["basket_weights.life_sciences_health", "basket_weights.ondernemerschap"] and ids[-1] == "noise"
    level = data["series"]["index071"]["2016"]["level"]
    assert set(level) == {"S1", "ST", "S1_conf", "ST_conf", "baseline", "mean", "sd", "p05", "p95"}
    assert set(level["S1"]) == set(ids)
    total = compute_index(edition, warn=False).total
    assert level["baseline"] == total[2016]
    assert data["series"]["index071"]["2016"]["change"]["baseline"] == pytest.approx(total[2016] - total[2015],
                                                                                     abs=1e-12)


def test_seeds_reproduce_exactly(edition):
    spec = FactorSpec("x", basket_weight_spread=0.25, choices=(("alignment", ("lag", "available")),), noise=0.02)
    one = analyse(edition, spec, n=256, num_resamples=100, seed=9).to_dict()
    again = analyse(edition, spec, n=256, num_resamples=100, seed=9).to_dict()
    other = analyse(edition, spec, n=256, num_resamples=100, seed=10).to_dict()
    assert json.dumps(one) == json.dumps(again)
    assert one["series"] != other["series"]


def test_a_fixed_alignment_is_the_command_lines(edition):
    """Without an alignment factor, every row uses the given alignment (and the baseline too)."""
    spec = FactorSpec("w", parameter_weight_spread=0.1)
    r = analyse(edition, spec, n=64, num_resamples=20, alignment="available")
    reference = compute_index(edition, alignment="available", warn=False).series
    assert r.baseline[-1, 0] == pytest.approx(reference.loc["index071", 2016], abs=1e-12)
    rows = np.random.default_rng(2).random((5, 38))
    got = ChoiceModel(edition, spec, alignment="available").evaluate(rows)
    w = edition.weights * (0.9 + 0.2 * rows[0])
    expected = compute_index(edition, alignment="available", weights=pd.Series(w.to_numpy(), index=w.index),
                             warn=False).total
    assert got[0, -1, 0] == pytest.approx(expected[2016], abs=1e-9)


def test_scenario_aggregation_is_the_reference_when_not_a_factor(edition):
    scenario = Scenario(name="g", aggregation="geometric")
    r = analyse(edition, FactorSpec("w", parameter_weight_spread=0.1), n=64, num_resamples=20, scenario=scenario)
    geometric = compute_index(edition, aggregation="geometric", warn=False).total
    assert r.aggregation == "geometric" and r.baseline[-1, 0] == pytest.approx(geometric[2016], abs=1e-12)
    assert r.to_dict()["aggregation"] == "geometric"


def test_threads_do_not_change_the_numbers(edition):
    one = analyse(edition, ALL, n=256, num_resamples=300, seed=4, workers=1).to_dict()
    two = analyse(edition, ALL, n=256, num_resamples=300, seed=4, workers=3).to_dict()
    assert json.dumps(one) == json.dumps(two)
