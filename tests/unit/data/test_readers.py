"""CSV as Dutch Excel saves it (index071lib.data.readers): semicolons between columns, decimal commas, thousands
dots; read into the same edition as the comma file, or refused with one line per unclear cell."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from index071lib.data.edition import load_edition
from index071lib.data.readers import detect_separator, dutch_numbers, read_csv
from index071lib.errors import DataError


def _to_dutch(path, change=lambda rows: None):
    """Rewrite a comma CSV as Dutch Excel does: ';' between columns, ',' as decimal separator, CRLF line ends."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    change(rows)
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:  # Excel writes a byte order mark
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(rows)


def test_detect_separator():
    assert detect_separator("parameter;year;value\n") == ";"
    assert detect_separator("parameter,year,value\n") == ","
    assert detect_separator('"name; with semicolon",year\n') == ","
    assert detect_separator("\n\nid;name\n") == ";"


@pytest.mark.parametrize("cells, comma_file, expected, unclear", [
    (["112,5", "1.234,5", "-0,25", "100", "-"], True, ["112.5", "1234.5", "-0.25", "100", "-"], [False] * 5),
    (["1.234", "12.345.678"], True, ["1234", "12345678"], [False, False]),
    (["100.5", "1,2,3"], True, ["100.5", "1,2,3"], [True, False]),  # '1,2,3' stays: the schema says not a number
    (["100.5", "1.234", "98"], False, ["100.5", "1.234", "98"], [False, True, False]),
])
def test_dutch_numbers(cells, comma_file, expected, unclear):
    converted, flags = dutch_numbers(pd.Series(cells), comma_file)
    assert converted.tolist() == expected
    assert flags.tolist() == unclear


def test_a_dutch_edition_loads_as_the_comma_edition(edition, data_copy):
    folder = data_copy / "editions" / "2017"
    for name in ("values.csv", "parameters.csv", "published.csv", "chapter_weights.csv", "theme_series.csv",
                 "theme_values.csv"):
        _to_dutch(folder / name)
    dutch = load_edition(2017, data_copy)
    pd.testing.assert_frame_equal(dutch.values, edition.values)
    pd.testing.assert_frame_equal(dutch.parameters, edition.parameters)
    pd.testing.assert_frame_equal(dutch.published, edition.published)
    pd.testing.assert_frame_equal(dutch.theme_values, edition.theme_values)


def test_decimal_commas_and_thousands_dots_are_read(data_copy):
    folder = data_copy / "editions" / "2017"

    def change(rows):
        for r in rows:
            if r[:2] == ["zzp", "2014"]:
                r[2] = "112,5"
            if r[:2] == ["zzp", "2015"]:
                r[2] = "1.120,25"  # thousands dot with a decimal comma: 1120.25 (passes, with a range warning)
    _to_dutch(folder / "values.csv", change)
    with pytest.warns(UserWarning, match=r"index value above 1,000 .*zzp 2015: 1120\.25"):
        values = load_edition(2017, data_copy).values
    assert values.loc["zzp", [2014, 2015]].tolist() == [112.5, 1120.25]


@pytest.mark.parametrize("cell, message", [
    ("112.5", r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': a dot in a number of a file with decimal "
              r"commas: write 1234,5 .*\(got '112\.5'\)"),
    ("11,2,5", r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': not a number \(got '11,2,5'\)"),
])
def test_unclear_cells_of_a_decimal_comma_file_are_refused(data_copy, cell, message):
    def change(rows):
        for r in rows:
            if r[:2] == ["expats", "2013"]:
                r[2] = "101,5"  # makes it a decimal-comma file
            if r[:2] == ["zzp", "2014"]:
                r[2] = cell
    _to_dutch(data_copy / "editions" / "2017" / "values.csv", change)
    with pytest.raises(DataError, match=message) as info:
        load_edition(2017, data_copy)
    assert len(str(info.value).splitlines()) == 1


def test_thousands_dots_without_any_decimal_comma_are_unclear(data_copy):
    def change(rows):
        for r in rows:
            if r[:2] == ["zzp", "2014"]:
                r[2] = "1.120"
    _to_dutch(data_copy / "editions" / "2017" / "values.csv", change)
    with pytest.raises(DataError, match=r"column 'value': unclear in a file separated by semicolons: 1234 or "
                                        r"1\.234\?.*\(got '1\.120'\)"):
        load_edition(2017, data_copy)


def test_semicolon_file_with_a_wrong_field_count_names_the_line(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("parameter;year;value\nzzp;2014;112;7\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"v\.csv: line 2: 4 fields, expected 3 \(parameter;year;value\); quote a text "
                                        r"that holds a semicolon"):
        read_csv(path)


def test_tab_separated_is_refused_in_one_line(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("parameter\tyear\tvalue\nzzp\t2014\t112\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"v\.csv: header: columns must be separated by commas \(or by semicolons, as "
                                        r"Dutch Excel writes\), not by a tab") as info:
        read_csv(path)
    assert len(str(info.value).splitlines()) == 1


def test_new_edition_from_a_dutch_edition_stays_dutch(edition, data_copy):
    from index071lib.data.scaffold import new_edition

    folder = data_copy / "editions" / "2017"

    def change(rows):
        for r in rows:
            if r[:2] == ["zzp", "2014"]:
                r[2] = "112,5"
    _to_dutch(folder / "values.csv", change)
    _to_dutch(folder / "theme_values.csv")
    target = new_edition(2018, 2017, data_copy)
    assert (target / "values.csv").read_text(encoding="utf-8").startswith("parameter;year;value\n")
    new = load_edition(2018, data_copy)
    assert new.values.loc["zzp", 2014] == 112.5
    assert new.values[2017].isna().all()
    pd.testing.assert_frame_equal(new.values.drop(columns=2017).drop(index="zzp"),
                                  edition.values.drop(index="zzp"))
