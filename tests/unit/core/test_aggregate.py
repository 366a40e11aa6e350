import warnings

import numpy as np
import pandas as pd
import pytest

from index071lib.core.aggregate import (
    aggregate_baskets,
    aggregate_total,
    contributions,
    effective_weights,
    normalise_weights,
    weighted_mean,
)
from index071lib.errors import WeightSumWarning


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
    c = contributions(r.aligned, r.weights, r.basket_of, 2016, 2015)
    per_basket = c.groupby("basket")["contribution"].sum()
    change = r.baskets[2016] - r.baskets[2015]
    assert per_basket.reindex(change.index).tolist() == pytest.approx(change.tolist())
