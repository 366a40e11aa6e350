import dataclasses
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from index071lib.core.aggregate import (
    AGGREGATIONS,
    aggregate_baskets,
    aggregate_total,
    contributions,
    effective_weights,
    normalise_weights,
    weighted_geometric_mean,
    weighted_mean,
)
from index071lib.core.pipeline import compute_index
from index071lib.data.scenarios import AGGREGATION_METHODS
from index071lib.errors import OptionError, WeightSumWarning


def test_normalise_warns_with_basket_and_sum():
    with pytest.warns(WeightSumWarning, match=r"basket 'x'.* sum to 94"):
        out = normalise_weights(pd.Series([47.0, 47.0]), "basket 'x'")
    assert out.tolist() == [50, 50]


def test_normalise_silent_when_100():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        normalise_weights(pd.Series([12.5] * 8), "b")


@pytest.mark.parametrize("bad", [[-1.0, 101.0], [0.0, 0.0], [np.nan, 100.0]])
def test_normalise_rejects_bad_weights(bad):
    with pytest.raises(ValueError):
        normalise_weights(pd.Series(bad), "b", warn=False)


def test_weighted_mean_renormalises_missing_cells():
    m = pd.DataFrame({1: [100.0, 200.0], 2: [np.nan, 300.0]}, index=["a", "b"])
    out = weighted_mean(m, pd.Series({"a": 3.0, "b": 1.0}))
    assert out[1] == pytest.approx(125.0)
    assert out[2] == pytest.approx(300.0)


def test_baskets_and_total():
    m = pd.DataFrame({2016: [110.0, 130.0, 90.0]}, index=["p", "q", "r"])
    basket_of = pd.Series({"p": "A", "q": "A", "r": "B"})
    baskets = aggregate_baskets(m, pd.Series({"p": 75.0, "q": 25.0, "r": 100.0}), basket_of)
    assert baskets.loc["A", 2016] == pytest.approx(115.0)
    total = aggregate_total(baskets, pd.Series({"A": 60.0, "B": 40.0}))
    assert total[2016] == pytest.approx(0.6 * 115 + 0.4 * 90)


def test_effective_weights_sum_to_100(edition):
    ew = effective_weights(edition.weights, edition.basket_of, edition.basket_weights)
    assert ew.sum() == pytest.approx(100.0)
    # zzp: 6/94 of ondernemerschap, which is 19/99 of the total
    assert ew["zzp"] == pytest.approx(6 / 94 * 19 / 99 * 100)


def test_contributions_add_up_to_basket_change(edition):
    from index071lib.core.pipeline import compute_index
    r = compute_index(edition, warn=False)
    c = contributions(r.aligned, r.weights, 2016, 2015, basket_of=r.basket_of)
    per_basket = c.groupby("basket")["contribution"].sum()
    change = r.baskets[2016] - r.baskets[2015]
    assert per_basket.reindex(change.index).tolist() == pytest.approx(change.tolist())


# --- the aggregation seam: arithmetic (the publication's) and geometric mean ---------------------------------

def test_registry_is_the_scenario_vocabulary():
    assert tuple(AGGREGATIONS) == AGGREGATION_METHODS == ("arithmetic", "geometric")


def test_geometric_mean_by_hand():
    m = pd.DataFrame({2015: [100.0, 400.0], 2016: [100.0, 200.0], 2017: [np.nan, 300.0]}, index=["a", "b"])
    out = weighted_mean(m, pd.Series({"a": 3.0, "b": 1.0}), "geometric")
    assert out[2015] == pytest.approx(100 * 4 ** 0.25, abs=1e-12)  # 100^(3/4) · 400^(1/4) = 141.42…
    assert out[2016] == pytest.approx(118.92071150027211, abs=1e-12)  # 100 · 2^(1/4)
    assert out[2017] == 300.0  # the missing cell is left out, the other weight renormalised
    assert weighted_mean(m, pd.Series({"a": 3.0, "b": 1.0}))[2016] == 125.0  # arithmetic: 0.75·100 + 0.25·200


def test_geometric_mean_of_equal_values_is_that_value_exactly():
    m = pd.DataFrame({2012: [100.0] * 4, 2013: [107.3] * 4}, index=list("abcd"))
    out = weighted_geometric_mean(m, pd.Series({"a": 12.5, "b": 30.0, "c": 0.1, "d": 7.0}))
    assert out.tolist() == [100.0, 107.3]


def test_geometric_mean_refuses_values_not_above_zero():
    m = pd.DataFrame({2015: [100.0, 0.0], 2016: [-3.0, 1.0]}, index=["a", "b"])
    with pytest.raises(ValueError, match=r"values > 0; got 'a' in 2016 \(-3\), 'b' in 2015 \(0\)"):
        weighted_geometric_mean(m, pd.Series({"a": 1.0, "b": 1.0}))


def test_unknown_aggregation_is_named():
    with pytest.raises(OptionError, match=r"aggregation: must be one of \('arithmetic', 'geometric'\), got 'median'"):
        weighted_mean(pd.DataFrame({1: [1.0]}), pd.Series([1.0]), "median")


@pytest.mark.parametrize("alignment", ["lag", "carry", "available"])
def test_geometric_never_above_arithmetic_on_2017(edition, alignment):
    arithmetic = compute_index(edition, alignment=alignment, warn=False)
    geometric = compute_index(edition, alignment=alignment, warn=False, aggregation="geometric")
    assert geometric.aggregation == "geometric" and arithmetic.aggregation == "arithmetic"
    a, g = arithmetic.series, geometric.series
    assert a.shape == g.shape == (6, 5) and not g.isna().any().any()
    assert (g <= a + 1e-12).all().all()  # every basket, the total, every year
    assert (a - g).loc["index071", 2016] > 0.1  # and not equal: the 2017 parameters spread enough
    assert g[2012].tolist() == [100.0] * 6  # the base year: every parameter 100, so exactly 100


def test_geometric_equals_arithmetic_when_a_basket_is_constant(edition):
    values = edition.values.copy()
    members = edition.basket_of.index[edition.basket_of == "life_sciences_health"]
    level = edition.published.loc["life_sciences_health", values.columns]
    values.loc[members] = np.tile(level.to_numpy(dtype=float), (len(members), 1))  # all equal, year by year
    flat = dataclasses.replace(edition, values=values)
    a = compute_index(flat, warn=False).baskets.loc["life_sciences_health"]
    g = compute_index(flat, warn=False, aggregation="geometric").baskets.loc["life_sciences_health"]
    np.testing.assert_allclose(g.to_numpy(), a.to_numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(g.to_numpy(), level.to_numpy(dtype=float), rtol=0, atol=1e-12)


# --- contributions: one function for both levels and both methods ------------------------------------------

def test_contributions_arithmetic_is_share_times_change():
    v = pd.DataFrame({2015: [100.0, 100.0, 120.0], 2016: [110.0, 90.0, 120.0]}, index=["a", "b", "c"])
    c = contributions(v, pd.Series({"a": 50.0, "b": 30.0, "c": 20.0}), 2016, 2015)
    assert list(c.columns) == ["share", "change", "contribution"]
    assert c["contribution"].tolist() == pytest.approx([5.0, -3.0, 0.0])


def test_contributions_geometric_by_hand():
    # G 2015 = 100, G 2016 = sqrt(121 · 81) = 99; the log changes are shared out over ΔG = −1 with L = ΔG / Δln G
    v = pd.DataFrame({2015: [100.0, 100.0], 2016: [121.0, 81.0]}, index=["a", "b"])
    c = contributions(v, pd.Series({"a": 1.0, "b": 1.0}), 2016, 2015, aggregation="geometric")
    assert c.loc["a", "contribution"] == pytest.approx(math.log(1.1) / math.log(0.99) * -1, abs=1e-12)  # +9,48
    assert c.loc["b", "contribution"] == pytest.approx(math.log(0.9) / math.log(0.99) * -1, abs=1e-12)  # −10,48
    assert c["contribution"].sum() == pytest.approx(-1.0, abs=1e-12)
    assert c["change"].tolist() == [21.0, -19.0]
    # one part rises, the other stays: the whole change of the aggregate (100 → 110) is the riser's
    flat = contributions(pd.DataFrame({1: [100.0, 100.0], 2: [121.0, 100.0]}, index=["a", "b"]),
                         pd.Series({"a": 1.0, "b": 1.0}), 2, 1, aggregation="geometric")
    assert flat["contribution"].tolist() == pytest.approx([10.0, 0.0], abs=1e-12)


def test_contributions_geometric_when_the_aggregate_does_not_move():
    v = pd.DataFrame({1: [100.0, 100.0], 2: [125.0, 80.0]}, index=["a", "b"])  # sqrt(125 · 80) = 100
    c = contributions(v, pd.Series({"a": 1.0, "b": 1.0}), 2, 1, aggregation="geometric")
    assert c["contribution"].sum() == pytest.approx(0.0, abs=1e-12)
    assert c.loc["a", "contribution"] == pytest.approx(-c.loc["b", "contribution"], abs=1e-12)
    assert c.loc["a", "contribution"] == pytest.approx(0.5 * math.log(1.25) * 100, rel=1e-9)


@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric"])
def test_contributions_add_up_at_both_levels_on_2017(edition, aggregation):
    r = compute_index(edition, warn=False, aggregation=aggregation)
    for year in (2013, 2014, 2015, 2016):
        per_parameter = contributions(r.aligned, r.weights, year, year - 1, basket_of=r.basket_of,
                                      aggregation=aggregation)
        per_basket = per_parameter.groupby("basket")["contribution"].sum().reindex(r.baskets.index)
        np.testing.assert_allclose(per_basket, r.baskets[year] - r.baskets[year - 1], rtol=0, atol=1e-9)
        baskets = contributions(r.baskets, r.basket_weights, year, year - 1, aggregation=aggregation)
        assert baskets["contribution"].sum() == pytest.approx(r.total[year] - r.total[year - 1], abs=1e-9)


def test_geometric_contributions_differ_from_arithmetic_ones(edition):
    r = compute_index(edition, warn=False, aggregation="geometric")
    a = contributions(r.aligned, r.weights, 2016, 2015, basket_of=r.basket_of)
    g = contributions(r.aligned, r.weights, 2016, 2015, basket_of=r.basket_of, aggregation="geometric")
    assert (a["share"] == g["share"]).all() and (a["change"].fillna(0) == g["change"].fillna(0)).all()
    assert (a["contribution"] - g["contribution"]).abs().max() > 0.01
    assert (np.sign(a["contribution"]) == np.sign(g["contribution"])).all()  # a riser stays a riser
