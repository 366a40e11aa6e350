
import numpy as np
import pandas as pd
import pytest

from index071lib.core.indices import (
    chain_index,
    chain_to_fixed,
    index_from_raw,
    link_series,
    match_printed,
    rebase,
    round_half_up,
)
from index071lib.errors import BaseYearWarning

Y = [2012, 2013, 2014, 2015]


def s(values, index=Y, name="x"):
    return pd.Series(values, index=index, dtype=float, name=name)


def test_rebase_to_any_year():
    out = rebase(s([50, 55, 60, 66]), 2014)
    assert out[2014] == 100
    assert out[2015] == pytest.approx(110)
    assert out[2012] == pytest.approx(50 / 60 * 100)


def test_rebase_missing_base_falls_back_with_warning():
    # the bèta "N-profiel" series of the 2017 edition: no value for 2012-2013
    with pytest.warns(BaseYearWarning, match="first available year 2013"):
        out = rebase(s([np.nan, 771, 787, 829]), 2012)
    assert np.isnan(out[2012]) and out[2013] == 100
    assert round_half_up(out[2015]) == 108  # printed in the publication


def test_rebase_zero_base_raises():
    with pytest.raises(ValueError, match="zero"):
        rebase(s([0, 1, 2, 3]), 2012)


def test_index_polarity_lower_is_reciprocal():
    # household residual waste, chapter 7.2: printed 100 102 103 106
    idx = index_from_raw(s([62250, 61142, 60269, 58799]), 2012, "lower_is_better")
    assert idx[2015] == pytest.approx(62250 / 58799 * 100)
    assert round_half_up(idx).tolist() == [100, 102, 103, 106]


def test_index_polarity_higher():
    idx = index_from_raw(s([9048, 9151, 8749, 11433]), 2012, "higher_is_better")
    assert round_half_up(idx).tolist() == [100, 101, 97, 126]


def test_unknown_polarity():
    with pytest.raises(ValueError, match="polarity"):
        index_from_raw(s([1, 2, 3, 4]), 2012, "up")


def test_chain_index_and_back():
    raw = s([415, 394, 455, 425])
    chain = chain_index(raw)
    assert round_half_up(chain).tolist() == [100, 95, 115, 93]  # what chapter 7.5 prints
    fixed = chain_to_fixed(chain)
    assert fixed.tolist() == pytest.approx(index_from_raw(raw, 2012).tolist())


def test_chain_lower_is_better():
    assert chain_index(s([100, 80, 80, 100]), "lower_is_better").tolist() == pytest.approx([100, 125, 100, 80])


def test_link_series_keeps_growth_rates():
    old = s([130, 143, 150, 165])
    new = s([np.nan, 100, 105, 115.5])
    linked = link_series(old, new, 2013)
    assert linked[2013] == pytest.approx(100)
    assert (linked / linked.shift()).dropna().tolist() == pytest.approx((old / old.shift()).dropna().tolist())
    with pytest.raises(ValueError, match="overlap"):
        link_series(old, new, 2012)


def test_round_half_up_not_bankers():
    assert round_half_up(105.5) == 106 and round(105.5) == 106
    assert round_half_up(102.5) == 103 and round(102.5) == 102
    assert round_half_up(pd.Series([0.5, 1.5, 2.5])).tolist() == [1, 2, 3]
    assert round_half_up(1.2345, 2) == pytest.approx(1.23)


def test_match_printed_detects_chain():
    raw, printed = s([415, 394, 455, 425]), s([100, 95, 115, 93])
    m = match_printed(raw, printed, 2012, "higher_is_better")
    assert m.loc["chain", "matches"] == 4
    assert m.loc["fixed_base", "matches"] == 2
    assert m.loc["fixed_base", "mismatched_years"] == [2014, 2015]
