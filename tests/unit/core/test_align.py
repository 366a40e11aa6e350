import numpy as np
import pandas as pd
import pytest

from index071lib.core.align import (
    align,
    align_available,
    align_carry,
    align_lag,
    cell_status,
    lags,
)

YEARS = [2012, 2013, 2014, 2015, 2016]


def frame(rows):
    return pd.DataFrame(rows, columns=YEARS, dtype=float)


VALUES = frame({"a": [100, 110, 120, 130, 140], "b": [100, 120, 119, 133, np.nan],
                "c": [100, 98, 107, np.nan, np.nan]}.values())
VALUES.index = ["a", "b", "c"]


def test_lags():
    assert lags(VALUES).to_dict() == {"a": 0, "b": 1, "c": 2}


def test_lag_alignment_shifts_series_and_keeps_vintage():
    aligned, vintage = align_lag(VALUES)
    assert aligned.loc["a"].tolist() == [100, 110, 120, 130, 140]
    # latest value (2015: 133) counts in 2016, earlier values shift with it, 2012 cell is the base
    assert aligned.loc["b"].tolist() == [100, 100, 120, 119, 133]
    assert vintage.loc["b"].tolist() == [pd.NA, 2012, 2013, 2014, 2015]
    assert aligned.loc["c"].tolist() == [100, 100, 100, 98, 107]
    assert vintage.loc["c", 2016] == 2014
    status = cell_status(vintage, aligned)
    assert status.loc["b"].tolist() == ["filled", "lagged", "lagged", "lagged", "lagged"]
    assert (status.loc["a"] == "observed").all()


def test_carry_alignment_in_place():
    aligned, vintage = align_carry(VALUES)
    assert aligned.loc["b"].tolist() == [100, 120, 119, 133, 133]
    assert vintage.loc["c"].tolist() == [2012, 2013, 2014, 2014, 2014]


def test_available_alignment_leaves_gaps():
    aligned, vintage = align_available(VALUES)
    assert np.isnan(aligned.loc["b", 2016])
    assert pd.isna(vintage.loc["b", 2016])
    assert cell_status(vintage, aligned).loc["c", 2016] == "missing"


def test_align_dispatch_and_unknown():
    assert align(VALUES, "carry")[0].equals(align_carry(VALUES)[0])
    with pytest.raises(ValueError, match="alignment"):
        align(VALUES, "magic")


def test_lag_alignment_of_2017_edition(edition):
    aligned, vintage = align_lag(edition.values)
    assert aligned.notna().all().all()
    # regiomarketing "verhuisde personen": latest figure 2014 counts in 2016
    assert vintage.loc["verhuisde_personen", 2016] == 2014
    assert aligned.loc["verhuisde_personen", 2016] == 107
    # 20 of 38 parameters lack a 2016 figure
    assert int((vintage[2016] < 2016).sum()) == int(edition.values[2016].isna().sum())
