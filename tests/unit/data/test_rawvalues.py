"""Raw values (a count or an amount) entered for a parameter: the index computed with the polarity, on the real
2017 parameters (index071lib.data.rawvalues and the loader's raw_value column)."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from index071lib.core.indices import index_from_raw
from index071lib.data.edition import load_edition
from index071lib.data.rawvalues import to_index, to_raw
from index071lib.errors import DataError

#: Two real parameters, one of each polarity, with a made-up raw value in the base year 2012.
RAW = {"bsp_werkzame_personen": ("werkzame personen", 2_900.0),  # higher is better
       "opheffingen": ("aantal opheffingen", 1_234.0)}           # lower is better


def test_to_index_by_hand():
    # 3,480 workers against 2,900 in the base year: 120; 1,028 closures against 1,234: 1234/1028*100 (fewer is better)
    assert to_index(3_480.0, 2_900.0) == pytest.approx(120.0)
    assert to_index(1_028.0, 1_234.0, "lower_is_better") == pytest.approx(120.0389105058366)
    with pytest.raises(ValueError, match="polarity"):
        to_index(1.0, 1.0, "up")


def test_to_raw_inverts_to_index():
    index = np.array([100.0, 87.5, 133.0, 250.0])
    for polarity in ("higher_is_better", "lower_is_better"):
        np.testing.assert_allclose(to_index(to_raw(index, 812.0, polarity), 812.0, polarity), index, rtol=1e-13)


def test_themes_compute_with_the_same_formula(edition):
    # chapter 7's lower-is-better series: index_from_raw (core) goes through to_index (data)
    raw = pd.Series([62_250.0, 58_799.0], index=[2012, 2015])
    assert index_from_raw(raw, 2012, "lower_is_better").round(2).tolist() == [100.0, 105.87]


def _rewrite(folder, name, change):
    path = folder / name
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = change(rows) or list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _enter_raw(folder, published):
    """parameters.csv gets base_raw/raw_unit for RAW; values.csv gives their values as raw figures."""
    def params(rows):
        fields = list(rows[0])
        for r in rows:
            unit, base = RAW.get(r["id"], ("", ""))
            r["raw_unit"], r["base_raw"] = unit, str(base) if base else ""
        return fields + ["raw_unit", "base_raw"]

    def values(rows):
        for r in rows:
            if r["parameter"] in RAW and r["value"] not in ("", "-"):
                pid, year = r["parameter"], int(r["year"])
                unit, base = RAW[pid]
                polarity = published.parameters.loc[pid, "polarity"]
                r["raw_value"] = repr(float(to_raw(published.values.loc[pid, year], base, polarity)))
                r["value"] = ""
            else:
                r["raw_value"] = ""
        return ["parameter", "year", "value", "raw_value"]

    _rewrite(folder, "parameters.csv", params)
    _rewrite(folder, "values.csv", values)


def test_raw_values_round_trip_to_the_published_index(edition, data_copy):
    folder = data_copy / "editions" / "2017"
    _enter_raw(folder, edition)
    text = (folder / "values.csv").read_text(encoding="utf-8")
    assert "opheffingen,2013,," in text  # entered raw: no index number in the file
    loaded = load_edition(2017, data_copy)
    for pid in RAW:
        np.testing.assert_allclose(loaded.values.loc[pid], edition.values.loc[pid], rtol=1e-12, equal_nan=True)
        assert loaded.raw_values.loc[pid].notna().sum() == edition.values.loc[pid].notna().sum()
    # a published figure, by hand: opheffingen 2013 is 106 in the annex (lower is better), so the raw
    # figure is 1234 / 1.06 closures (fewer closures than in 2012)
    assert edition.values.loc["opheffingen", 2013] == 106
    assert loaded.raw_values.loc["opheffingen", 2013] == pytest.approx(1234 / 1.06)
    assert loaded.raw_values.loc["opheffingen", 2012] == 1234
    others = [p for p in edition.parameters.index if p not in RAW]
    pd.testing.assert_frame_equal(loaded.values.loc[others], edition.values.loc[others])
    assert loaded.raw_values.loc[others].isna().all().all()


@pytest.mark.parametrize("edit, message", [
    (lambda r: r.update(value="130"), r"row \d+ \(parameter 'opheffingen'\), column 'raw_value': give value .* not both"),
    (lambda r: r.update(raw_value="0"), r"row \d+ \(parameter 'opheffingen'\), column 'raw_value': raw value must be > 0"),
    (lambda r: r.update(raw_value="veel"), r"row \d+ \(parameter 'opheffingen'\), column 'raw_value': not a number"),
], ids=["both", "zero", "word"])
def test_bad_raw_values_are_named(edition, data_copy, edit, message):
    folder = data_copy / "editions" / "2017"
    _enter_raw(folder, edition)

    def spoil(rows):
        for r in rows:
            if (r["parameter"], r["year"]) == ("opheffingen", "2014"):
                edit(r)
    _rewrite(folder, "values.csv", spoil)
    with pytest.raises(DataError, match=message):
        load_edition(2017, data_copy)


def test_a_raw_value_that_gives_an_index_above_the_bound_is_refused(edition, data_copy):
    folder = data_copy / "editions" / "2017"
    _enter_raw(folder, edition)

    def spoil(rows):
        for r in rows:
            if (r["parameter"], r["year"]) == ("opheffingen", "2014"):
                r["raw_value"] = "0.05"  # 1234 / 0.05 * 100: index 2,468,000
    _rewrite(folder, "values.csv", spoil)
    with pytest.raises(DataError, match=r"values\.csv: row \d+ \(parameter 'opheffingen'\), column 'raw_value': "
                                        r"gives index 2,468,000, above 10,000"):
        load_edition(2017, data_copy)


def test_base_year_raw_value_must_be_base_raw(edition, data_copy):
    folder = data_copy / "editions" / "2017"
    _enter_raw(folder, edition)

    def spoil(rows):
        for r in rows:
            if (r["parameter"], r["year"]) == ("bsp_werkzame_personen", "2012"):
                r["raw_value"] = "3000"
    _rewrite(folder, "values.csv", spoil)
    with pytest.raises(DataError, match=r"raw value in the base year 2012 must equal the parameter's base_raw "
                                        r"\(2900\) \(got 3000\)"):
        load_edition(2017, data_copy)


def test_raw_value_without_base_raw_is_refused(edition, data_copy):
    folder = data_copy / "editions" / "2017"

    def spoil(rows):
        for r in rows:
            r["raw_value"] = "5" if (r["parameter"], r["year"]) == ("zzp", "2014") else ""
            if r["raw_value"]:
                r["value"] = ""
        return ["parameter", "year", "value", "raw_value"]
    _rewrite(folder, "values.csv", spoil)
    with pytest.raises(DataError, match=r"row \d+ \(parameter 'zzp'\), column 'raw_value': a raw value needs the "
                                        r"parameter's base_raw and raw_unit"):
        load_edition(2017, data_copy)


def test_base_raw_needs_raw_unit(data_copy):
    folder = data_copy / "editions" / "2017"

    def spoil(rows):
        for r in rows:
            r["raw_unit"], r["base_raw"] = "", ("812" if r["id"] == "zzp" else "")
        return list(rows[0])
    _rewrite(folder, "parameters.csv", spoil)
    with pytest.raises(DataError, match=r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'raw_unit': "
                                        r"base_raw and raw_unit go together"):
        load_edition(2017, data_copy)
