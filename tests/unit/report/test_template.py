"""The workbook to fill in (index071lib.report.template) for the real 2017 edition and a 2018 scaffold."""

from __future__ import annotations

import dataclasses

import pytest
from openpyxl import load_workbook

from index071lib.data.edition import load_edition
from index071lib.data.entry import FIRST_YEAR_COLUMN, HEADER_ROW
from index071lib.data.scaffold import new_edition
from index071lib.report.template import TO_FILL, last_filled, template_workbook, write_template
from index071lib.text import nl


def _rows(ws):
    return list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))


def test_one_sheet_per_basket_after_the_instructions(edition):
    wb = template_workbook(edition)
    assert wb.sheetnames[0] == nl.ENTRY_HELP_SHEET
    assert wb.sheetnames[1:] == [edition.basket_names[b] for b in edition.basket_ids]
    assert "index071 import --edition 2017" in " ".join(str(c.value) for c in wb[nl.ENTRY_HELP_SHEET]["A"])
    ids = [row[0] for name in wb.sheetnames[1:] for row in _rows(wb[name])]
    assert ids == list(edition.parameters.index)  # one index row per parameter (none is entered raw in 2017)


def test_a_row_holds_name_source_last_year_and_the_values(edition):
    ws = template_workbook(edition)["Vestigingsklimaat"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[:FIRST_YEAR_COLUMN - 1] == list(nl.ENTRY_COLUMNS.values())
    assert header[FIRST_YEAR_COLUMN - 1:] == [2012, 2013, 2014, 2015, 2016]
    row = next(r for r in _rows(ws) if r[0] == "werkgelegenheid_totaal")
    # values.csv: werkgelegenheid_totaal 100, 99, 99, 97 and 2016 missing
    assert row == ("werkgelegenheid_totaal", "Totale werkgelegenheid",
                   "Bedrijvenregister Zuid-Holland (via Holland Rijnland)", "index", "index (2012 = 100)", 2015,
                   100, 99, 99, 97, None)


def test_cells_to_fill_are_the_years_after_the_last_filled_one(edition):
    ws = template_workbook(edition)["Vestigingsklimaat"]
    last = last_filled(edition)
    assert last["werkgelegenheid_totaal"] == 2015 and last["leegstand_winkels"] == 2016
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        pid = ws.cell(row=r, column=1).value
        for c, year in enumerate(edition.years, start=FIRST_YEAR_COLUMN):
            marked = ws.cell(row=r, column=c).fill.fgColor.rgb == TO_FILL.fgColor.rgb
            assert marked == (year > last[pid]), (pid, year)


def test_numbers_are_validated_panes_frozen_columns_wide(edition):
    ws = template_workbook(edition)["Regiomarketing"]
    rules = ws.data_validations.dataValidation
    index_rule = next(v for v in rules if v.operator == "between")
    assert (index_rule.type, index_rule.formula1, index_rule.formula2, index_rule.allow_blank) == ("decimal", "0", "10000", True)
    assert str(index_rule.sqref).split()[0] == f"G{HEADER_ROW + 1}:K{HEADER_ROW + 1}"
    assert ws.freeze_panes == f"C{HEADER_ROW + 1}"
    assert ws.column_dimensions["B"].width == 60


def test_text_from_data_stays_text(edition):
    parameters = edition.parameters.copy()
    parameters.loc["zzp", "name"] = '=HYPERLINK("http://x","klik")'
    wb = template_workbook(dataclasses.replace(edition, parameters=parameters))
    cell = next(c for row in wb["Ondernemerschap en jong talent"].iter_rows() for c in row
                if c.value == '=HYPERLINK("http://x","klik")')
    assert cell.data_type == "s"


def test_a_raw_parameter_gets_a_second_row(edition, data_copy):
    folder = data_copy / "editions" / "2017"
    text = (folder / "parameters.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[0] += ",raw_unit,base_raw"
    lines = [lines[0]] + [line + (",aantal zzp'ers,812" if line.startswith("zzp,") else ",,") for line in lines[1:]]
    (folder / "parameters.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    wb = template_workbook(load_edition(2017, data_copy))
    rows = [r for r in _rows(wb["Ondernemerschap en jong talent"]) if r[0] == "zzp"]
    assert [r[3:5] for r in rows] == [("index", "index (2012 = 100)"), ("ruw", "aantal zzp'ers")]
    assert rows[1][FIRST_YEAR_COLUMN - 1:] == (None,) * 5  # nothing entered raw yet


def test_scaffold_marks_the_new_year(tmp_path, data_copy):
    new_edition(2018, 2017, data_copy)
    wb = template_workbook(load_edition(2018, data_copy))
    ws = wb["Life Sciences & Health"]
    assert ws.cell(row=HEADER_ROW, column=FIRST_YEAR_COLUMN + 5).value == 2017
    assert ws.cell(row=HEADER_ROW + 1, column=FIRST_YEAR_COLUMN + 5).fill.fgColor.rgb == TO_FILL.fgColor.rgb


def test_write_template_never_overwrites_without_force(edition, tmp_path):
    path = tmp_path / "invoer.xlsx"
    write_template(edition, path)
    first = path.read_bytes()
    path.write_bytes(b"filled in")
    with pytest.raises(FileExistsError):
        write_template(edition, path)
    assert path.read_bytes() == b"filled in"
    write_template(edition, path, force=True)
    assert path.read_bytes()[:2] == first[:2] == b"PK"
    assert load_workbook(path).sheetnames[0] == nl.ENTRY_HELP_SHEET
    assert [p.name for p in tmp_path.iterdir()] == ["invoer.xlsx"]  # no temporary file left
