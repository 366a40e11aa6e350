"""Reading a filled-in workbook back (index071lib.data.entry): the loader's validation with sheet, row and column
in every message, the list of changes, and the atomic write of values.csv. Real 2017 data and 2018 scaffold."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from index071lib.data.edition import load_edition
from index071lib.data.entry import FIRST_YEAR_COLUMN, HEADER_ROW, changes, read_workbook, write_values
from index071lib.data.scaffold import new_edition
from index071lib.errors import MAX_PROBLEMS, DataError
from index071lib.report.template import write_template

LSH = "Life Sciences & Health"
VK = "Vestigingsklimaat"


def _cell(ws, pid: str, year: int, kind: str = "index"):
    row = next(r for r in range(HEADER_ROW + 1, ws.max_row + 1)
               if ws.cell(row=r, column=1).value == pid and ws.cell(row=r, column=4).value == kind)
    col = next(c for c in range(FIRST_YEAR_COLUMN, ws.max_column + 1) if ws.cell(row=HEADER_ROW, column=c).value == year)
    return ws.cell(row=row, column=col)


@pytest.fixture
def book(tmp_path, edition):
    """A workbook of 2017 and a function that edits it and saves it."""
    path = tmp_path / "invoer.xlsx"
    write_template(edition, path)

    def edit(change) -> str:
        wb = load_workbook(path)
        change(wb)
        wb.save(path)
        return path
    return path, edit


def test_unchanged_template_of_2017_changes_nothing(book, edition):
    entered = read_workbook(book[0], edition)
    assert changes(edition, entered).empty
    assert entered.values.equals(edition.values)


def test_changes_list_new_late_revised_and_removed(data_copy, tmp_path):
    new_edition(2018, 2017, data_copy)
    edition = load_edition(2018, data_copy)
    path = write_template(edition, tmp_path / "b.xlsx")
    wb = load_workbook(path)
    _cell(wb[LSH], "zorgbedrijven", 2017).value = 121
    _cell(wb[VK], "werkgelegenheid_totaal", 2016).value = 98.5       # was empty: a late figure
    _cell(wb[VK], "werkgelegenheid_totaal", 2014).value = 98         # was 99: a revision
    _cell(wb[VK], "werkgelegenheid_industrie", 2013).value = None    # was 100: removed
    wb.save(path)
    table = changes(edition, read_workbook(path, edition))
    records = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
               for r in table.to_dict("records")]
    assert records == [
        {"parameter": "zorgbedrijven", "year": 2017, "change": "new", "field": "value", "old": None, "new": 121.0},
        {"parameter": "werkgelegenheid_totaal", "year": 2014, "change": "revised", "field": "value", "old": 99.0,
         "new": 98.0},
        {"parameter": "werkgelegenheid_totaal", "year": 2016, "change": "late", "field": "value", "old": None,
         "new": 98.5},
        {"parameter": "werkgelegenheid_industrie", "year": 2013, "change": "removed", "field": "value", "old": 100.0,
         "new": None},
    ]


def test_write_values_changes_only_the_changed_rows_atomically(data_copy, tmp_path):
    new_edition(2018, 2017, data_copy)
    edition = load_edition(2018, data_copy)
    target = edition.path / "values.csv"
    before = target.read_text(encoding="utf-8").splitlines()
    path = write_template(edition, tmp_path / "b.xlsx")
    wb = load_workbook(path)
    _cell(wb[LSH], "zorgbedrijven", 2017).value = 121.25
    _cell(wb[VK], "werkgelegenheid_totaal", 2014).value = 98
    wb.save(path)
    write_values(edition, read_workbook(path, edition))
    after = target.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [("zorgbedrijven,2017,", "zorgbedrijven,2017,121.25"),
                       ("werkgelegenheid_totaal,2014,99", "werkgelegenheid_totaal,2014,98")]
    assert sorted(p.name for p in edition.path.iterdir() if p.name.startswith(".")) == []  # no temporary file
    reloaded = load_edition(2018, data_copy)
    assert reloaded.values.loc["zorgbedrijven", 2017] == 121.25
    assert changes(reloaded, read_workbook(path, reloaded)).empty


def _with_raw_opheffingen(data_copy):
    """The 2017 edition of ``data_copy`` where 'opheffingen' may be entered raw (base 1234 opheffingen)."""
    folder = data_copy / "editions" / "2017"
    lines = (folder / "parameters.csv").read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",raw_unit,base_raw"] + [
        line + (",aantal opheffingen,1234" if line.startswith("opheffingen,") else ",,") for line in lines[1:]]
    (folder / "parameters.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_edition(2017, data_copy)


def test_raw_figures_in_the_workbook_are_written_as_raw_value(data_copy, tmp_path):
    edition = _with_raw_opheffingen(data_copy)
    path = write_template(edition, tmp_path / "b.xlsx")
    wb = load_workbook(path)
    ws = wb["Ondernemerschap en jong talent"]
    _cell(ws, "opheffingen", 2016).value = None          # the index number of 2016 (published 104) …
    _cell(ws, "opheffingen", 2016, "ruw").value = 1100   # … entered as a raw figure instead
    wb.save(path)
    entered = read_workbook(path, edition)
    assert entered.values.loc["opheffingen", 2016] == pytest.approx(1234 / 1100 * 100)  # fewer closures: higher index
    write_values(edition, entered)
    text = (data_copy / "editions" / "2017" / "values.csv").read_text(encoding="utf-8")
    assert text.startswith("parameter,year,value,raw_value\n")
    assert "\nopheffingen,2016,,1100\n" in text and "\nopheffingen,2015,103,\n" in text
    assert load_edition(2017, data_copy).values.loc["opheffingen", 2016] == pytest.approx(112.18181818181819)


def _put(sheet, pid, year, value, kind="index"):
    def change(wb):
        _cell(wb[sheet], pid, year, kind).value = value
    return change


@pytest.mark.parametrize("change, message", [
    (_put(VK, "werkgelegenheid_totaal", 2016, "veel"),
     r"invoer\.xlsx: sheet 'Vestigingsklimaat', row 5, column K \(2016\) \(parameter 'werkgelegenheid_totaal'\), "
     r"field 'value': not a number \(got 'veel'\)"),
    (_put(VK, "werkgelegenheid_totaal", 2016, -3),
     r"sheet 'Vestigingsklimaat', row 5, column K \(2016\) .*field 'value': index value must not be negative"),
    (_put(VK, "werkgelegenheid_totaal", 2016, 1e6), r"row 5, column K \(2016\) .*index value above 10,000"),
    (_put(VK, "werkgelegenheid_totaal", 2012, 90), r"row 5, column G \(2012\) .*base value \(2012\) must be 100"),
    (_put(VK, "werkgelegenheid_totaal", 2016, "=K4*2"), r"sheet 'Vestigingsklimaat', row 5, column K: holds a formula "
                                                         r"without a saved result"),
    (lambda wb: wb.create_sheet("Mijn notities").cell(row=1, column=1, value="hallo"),
     r"sheet 'Mijn notities', row 4, column A: must read 'id' \(got None\): not a sheet of the workbook"),
    (lambda wb: setattr(wb[VK].cell(row=HEADER_ROW, column=FIRST_YEAR_COLUMN + 4), "value", 2017),
     r"sheet 'Vestigingsklimaat', row 4: has the years 2012–2017, but edition 2017 has 2012–2016"),
    (lambda wb: setattr(wb[VK].cell(row=HEADER_ROW, column=FIRST_YEAR_COLUMN), "value", "jaar"),
     r"sheet 'Vestigingsklimaat', row 4, column G: must be a year \(got 'jaar'\)"),
    (lambda wb: setattr(wb[VK].cell(row=5, column=4), "value", "raw"),
     r"sheet 'Vestigingsklimaat', row 5, column D: entry kind must be 'index' or 'ruw' \(got 'raw'\)"),
    (lambda wb: wb[VK].delete_rows(6), r"parameter 'werkgelegenheid_industrie': is not in the workbook"),
    (lambda wb: wb.remove(wb["Regiomarketing"]), r"parameter 'verhuisde_personen': is not in the workbook"),
    (lambda wb: setattr(wb[VK].cell(row=6, column=1), "value", "werkgelegenheid_totaal"),
     r"sheet 'Vestigingsklimaat', row 6, column G \(2012\) \(parameter 'werkgelegenheid_totaal'\), field 'parameter, "
     r"year': duplicate"),
    (lambda wb: setattr(wb[VK].cell(row=6, column=1), "value", None),
     r"sheet 'Vestigingsklimaat', row 6, column A: values without a parameter id"),
    (lambda wb: setattr(wb[VK].cell(row=5, column=1), "value", "werkgelegenheid"),
     r"row 5, column G \(2012\) \(parameter 'werkgelegenheid'\), field 'parameter': unknown parameter"),
], ids=["word", "negative", "huge", "base-not-100", "formula", "foreign-sheet", "years-of-another-edition",
        "year-header-word", "kind-unknown", "row-deleted", "sheet-deleted", "duplicate-id", "id-blanked",
        "id-unknown"])
def test_bad_cells_are_named_by_sheet_row_and_column(book, edition, change, message):
    path, edit = book
    edit(change)
    with pytest.raises(DataError, match=message) as info:
        read_workbook(path, edition)
    assert len(str(info.value).splitlines()) <= MAX_PROBLEMS + 1


def test_index_and_raw_in_one_year_name_both_rows(data_copy, tmp_path):
    edition = _with_raw_opheffingen(data_copy)
    path = write_template(edition, tmp_path / "b.xlsx")
    wb = load_workbook(path)
    _cell(wb["Ondernemerschap en jong talent"], "opheffingen", 2016, "ruw").value = 1100
    wb.save(path)
    with pytest.raises(DataError, match=r"sheet 'Ondernemerschap en jong talent', rows \d+ and \d+, column K \(2016\) "
                                        r"\(parameter 'opheffingen'\), field 'raw_value': give value .* not both"):
        read_workbook(path, edition)


def test_many_bad_cells_give_at_most_20_lines(book, edition):
    path, edit = book

    def spoil(wb):
        for ws in wb.worksheets[1:]:
            for r in range(HEADER_ROW + 1, ws.max_row + 1):
                ws.cell(row=r, column=FIRST_YEAR_COLUMN + 3).value = "x"
    edit(spoil)
    with pytest.raises(DataError) as info:
        read_workbook(path, edition)
    lines = str(info.value).splitlines()
    assert len(lines) == MAX_PROBLEMS + 1 and re.search(r"… and 18 more problems", lines[-1])


@pytest.mark.parametrize("content, message", [
    (b"not a zip", r"b\.xlsx: file: is not an Excel workbook \(\.xlsx\)"),
    (None, r"b\.xlsx: file: file not found"),
])
def test_not_a_workbook(tmp_path, edition, content, message):
    path = tmp_path / "b.xlsx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DataError, match=message):
        read_workbook(path, edition)
