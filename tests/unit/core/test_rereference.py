"""index071lib.core.rereference: another base year for a whole edition; the old index linked to the new one.

The seed does not contain the old (2008-based) series, only a chart of it; the linking tests use a
made-up old series.
"""

import numpy as np
import pandas as pd
import pytest

from index071lib.core.pipeline import compute_index, reproduction
from index071lib.core.rereference import (
    growth_rates,
    linked_old_index,
    load_old_index,
    rebase_rows,
    rereference,
)
from index071lib.data.edition import load_edition
from index071lib.errors import DataError, OptionError


@pytest.fixture(scope="module")
def result(edition):
    return compute_index(edition, warn=False)


def test_every_growth_rate_unchanged(result):
    moved = rereference(result, 2015)
    for name in ("aligned", "baskets"):
        before, after = getattr(result, name), getattr(moved, name)
        # comparable cells: both years present (leading filled cells included; they are values too)
        assert np.allclose(growth_rates(after).to_numpy(), growth_rates(before).to_numpy(), rtol=0, atol=1e-9,
                           equal_nan=True), name
        assert (after[2015] == 100).all(), name
    assert np.allclose(growth_rates(moved.total.to_frame().T), growth_rates(result.total.to_frame().T), atol=1e-9,
                       equal_nan=True)
    assert moved.total[2015] == pytest.approx(100, abs=1e-12)
    # the values are really different (not the same object passed through)
    assert moved.total[2012] == pytest.approx(100 / result.total[2015] * 100)
    assert moved.total[2012] < 92


def test_vintage_and_weights_unchanged(result):
    moved = rereference(result, 2015)
    assert moved.vintage.equals(result.vintage) and moved.status.equals(result.status)
    assert moved.weights.equals(result.weights) and moved.base_year == 2015 and result.base_year == 2012


def test_lagged_parameter_base_is_its_value_in_the_column(result, edition):
    """verhuisde_personen has data until 2014 (lag 2): in column 2015 sits its 2013 value, which becomes 100."""
    moved = rereference(result, 2015)
    raw = edition.values.loc["verhuisde_personen"]
    assert result.vintage.loc["verhuisde_personen", 2015] == 2013
    assert moved.aligned.loc["verhuisde_personen", 2016] == pytest.approx(raw[2014] / raw[2013] * 100)


def test_compute_option(edition, result):
    direct = compute_index(edition, warn=False, base_year=2015)
    assert direct.series.equals(rereference(result, 2015).series)
    same = compute_index(edition, warn=False, base_year=2012)
    assert same.series.equals(result.series)
    # published figures are on 2012 = 100: not compared with a re-referenced result
    assert reproduction(edition, direct)["published"].isna().all()


def test_compute_option_invalid_year(edition):
    with pytest.raises(OptionError, match=r"base_year: 2019 is not one of the years of edition 2017"):
        compute_index(edition, base_year=2019)


def test_reaggregating_rebased_parameters_is_not_rereferencing(edition, result):
    """Rebasing each parameter and aggregating again changes basket growth: documented, not a bug."""
    from index071lib.core.aggregate import aggregate_baskets
    rebased = rebase_rows(result.aligned, 2015)
    baskets = aggregate_baskets(rebased, result.weights, result.basket_of, edition.basket_ids, warn=False)
    diff = (growth_rates(baskets) - growth_rates(rereference(result, 2015).baskets)).abs()
    assert diff.max().max() > 0.1


def test_rebase_rows_errors():
    frame = pd.DataFrame({2012: [100.0, 100.0], 2015: [120.0, np.nan]}, index=["a", "b"])
    with pytest.raises(ValueError, match="for: b"):
        rebase_rows(frame, 2015)
    with pytest.raises(ValueError, match="not one of the years"):
        rebase_rows(frame, 2014)


# --- linking (made-up old series: the seed has only a chart of the 2008-based index) ---------------------

OLD_TOTAL = {2008: 100.0, 2009: 97.0, 2010: 99.5, 2011: 102.0, 2012: 101.0, 2013: 103.0, 2014: 108.0}


def test_linked_old_index_made_up(result):
    old = pd.DataFrame([OLD_TOTAL], index=["index071"])
    table = linked_old_index(result.series, old)
    assert table.attrs["overlap_year"] == 2012  # first year in both
    t = table.set_index("year")
    assert list(t.index) == list(range(2008, 2017)) and set(table["series"]) == {"index071"}
    assert t.loc[2012, "old_linked"] == pytest.approx(t.loc[2012, "new"])
    # growth rates of the old series survive linking
    assert t.loc[2014, "old_linked"] / t.loc[2013, "old_linked"] == pytest.approx(108.0 / 103.0)
    assert t.loc[2008, "old_linked"] == pytest.approx(100.0 * 100.0 / 101.0)
    assert np.isnan(t.loc[2016, "old_linked"]) and np.isnan(t.loc[2008, "new"])


def test_linked_at_another_overlap(result):
    old = pd.DataFrame([OLD_TOTAL], index=["index071"])
    t = linked_old_index(result.series, old, overlap_year=2014).set_index("year")
    assert t.loc[2014, "old_linked"] == pytest.approx(result.total[2014])
    with pytest.raises(ValueError, match="overlap year 2016"):
        linked_old_index(result.series, old, overlap_year=2016)
    with pytest.raises(ValueError, match="no series in common"):
        linked_old_index(result.series, old.rename(index={"index071": "x"}))


def test_old_index_file(data_copy):
    folder = data_copy / "editions" / "2017"
    assert load_old_index(load_edition(2017, data_copy)) is None
    rows = "".join(f"index071,{y},{v}\n" for y, v in OLD_TOTAL.items()) + "regiomarketing,2012,140\n"
    (folder / "old_index.csv").write_text("series,year,value\n" + rows)
    meta = (folder / "edition.yml").read_text()
    (folder / "edition.yml").write_text(meta.replace("files:\n", "old_base_year: 2008\nfiles:\n  old_index: old_index.csv\n"))
    old = load_old_index(load_edition(2017, data_copy))
    assert old.attrs["base_year"] == 2008 and list(old.index) == ["regiomarketing", "index071"]
    assert old.loc["index071", 2013] == 103.0 and np.isnan(old.loc["regiomarketing", 2013])
    (folder / "old_index.csv").write_text("series,year,value\nindex071,2012,-5\n")
    with pytest.raises(DataError, match=r"old_index.csv: row 2 \(series 'index071'\), column 'value': value must be > 0"):
        load_old_index(load_edition(2017, data_copy))
