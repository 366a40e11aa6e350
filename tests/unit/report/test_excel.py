"""The annex workbook: sheets, Dutch headers, full-precision values, marked vintages."""

import openpyxl
import pytest

from index071lib.core.pipeline import compute_index
from index071lib.data.scenarios import Scenario
from index071lib.report.excel import LAGGED_FILL, sheet_title, write_workbook


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, edition):
    path = write_workbook(edition, None, tmp_path_factory.mktemp("xl") / "index071-2017.xlsx")
    return openpyxl.load_workbook(path)


def test_sheets(workbook, edition):
    names = [edition.basket_names[b] for b in edition.basket_ids]
    assert workbook.sheetnames == ["Overzicht", *names, "Trendthema's", "Parameters"]


def test_overview_full_precision(workbook, edition):
    ws = workbook["Overzicht"]
    years = ["2012", "2013", "2014", "2015", "2016"]
    assert [c.value for c in ws[3]] == ["Mandje", "Weging", *years, "Verandering 2015→2016 (punten)",
                                        *[f"Gepubliceerd {y}" for y in years], *[f"Verschil {y}" for y in years]]
    result = compute_index(edition, warn=False)
    total_row = [c.value for c in ws[4 + len(edition.basket_ids)]]
    assert total_row[0] == "Index071 totaal"
    assert total_row[6] == pytest.approx(result.total[2016], abs=1e-12)  # not rounded
    assert ws.cell(row=4, column=7).number_format == "0"


def test_overview_change_between_displayed_levels_and_the_published_difference(workbook):
    ws = workbook["Overzicht"]
    lsh = [c for c in ws[4]]
    assert lsh[0].value == "Life Sciences & Health"
    # 110,46 -> 117,04: displayed 110 -> 117, so +7 (the publication printed 111 -> 117, +6)
    assert lsh[7].value == 7 and lsh[7].number_format == "+0;-0;0"
    assert lsh[5].comment.text.startswith("* Life Sciences & Health 2015: hier 110, gepubliceerd: 111;")
    assert [c.comment for c in lsh[2:5]] == [None] * 3 and lsh[6].comment is None
    total = [c.value for c in ws[4 + 5]]
    assert total[7] == 3


def test_overview_shows_the_published_level_beside_the_computed_one(workbook, edition):
    ws = workbook["Overzicht"]
    header = [c.value for c in ws[3]]
    lsh = {h: c for h, c in zip(header, ws[4])}
    assert lsh["2015"].value == pytest.approx(110.46, abs=0.01)
    assert lsh["Gepubliceerd 2015"].value == 111  # the annex's "Globale overzicht"
    assert lsh["Verschil 2015"].value == pytest.approx(lsh["2015"].value - 111, abs=1e-12)
    assert lsh["Verschil 2015"].number_format == "+0.0;-0.0;0.0"
    for row in ws.iter_rows(min_row=4, max_row=3 + len(edition.published)):
        cells = {h: c.value for h, c in zip(header, row)}
        sid = {v: k for k, v in edition.basket_names.items()}[cells["Mandje"]]
        assert [cells[f"Gepubliceerd {y}"] for y in edition.years] == edition.published.loc[sid].tolist()


def test_weights_are_percentages(workbook, edition):
    lsh = workbook["Overzicht"]["B4"]
    assert lsh.value == pytest.approx(0.30) and lsh.number_format == "0%"
    ws = workbook["Onderwijs – Arbeidsmarkt"]
    assert ws["C4"].value == "Weging" and ws["C5"].value == pytest.approx(0.125) and ws["C5"].number_format == "0.0%"
    assert workbook["Life Sciences & Health"]["C5"].value == pytest.approx(0.27)


def test_every_sheet_has_frozen_headers_a_filter_and_fitting_columns(workbook):
    for ws in workbook.worksheets:
        assert ws.freeze_panes is not None and ws.freeze_panes[0] == "B", ws.title  # first column frozen
        header_row = int(ws.freeze_panes[1:]) - 1
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header_row}:"), ws.title
        assert ws.cell(row=header_row, column=1).font.bold, ws.title
        assert ws.column_dimensions["A"].width > 13, ws.title  # wider than Excel's default (8,43)
    source = workbook["Regiomarketing"]
    col = next(c.column_letter for c in source[4] if c.value == "Bron")
    assert source.column_dimensions[col].width == 52  # the longest source is wrapped at 50 characters
    assert any(c.alignment.wrap_text for c in source[col])
    lsh = workbook["Life Sciences & Health"]  # counted 2016: "133 (2015)" must fit, not show as ####
    assert lsh.column_dimensions["M"].width >= len("133 (2015)") + 1 and lsh["M5"].number_format == '0" (2015)"'


def test_basket_sheet_holds_the_annex_as_printed_and_as_counted(workbook, edition):
    result = compute_index(edition, warn=False)
    ws = workbook["Life Sciences & Health"]
    assert ws["D3"].value.startswith("Zoals gedrukt in de bijlage") and ws["I3"].value.startswith("Zoals meegeteld")
    assert [c.value for c in ws[4]][:3] == ["Parameter", "Richting", "Weging"]
    assert [c.value for c in ws[4]][3:13] == ["2012", "2013", "2014", "2015", "2016"] * 2
    # as printed (publication, Bijlage): 27% 100 120 119 133 -
    assert [c.value for c in ws[5]][3:8] == [100, 120, 119, 133, "-"]
    members = list(result.basket_of.index[result.basket_of == "life_sciences_health"])
    basket_row = [c.value for c in ws[5 + len(members)]]
    assert basket_row[0] == "Life Sciences & Health"
    assert basket_row[3:8] == [100, 101, 108, 111, 117]  # the basket row as printed
    assert basket_row[8:13] == pytest.approx(result.baskets.loc["life_sciences_health"].tolist(), abs=1e-12)
    difference = [c.value for c in ws[6 + len(members)]]
    assert difference[11] == pytest.approx(basket_row[11] - 111)  # 2015: 110,46 computed, 111 printed
    assert ws.cell(row=5 + len(members), column=12).comment.text.startswith("* Life Sciences & Health 2015")


def test_basket_sheet_marks_lagged_cells(workbook, edition):
    result = compute_index(edition, warn=False)
    ws = workbook["Life Sciences & Health"]
    members = list(result.basket_of.index[result.basket_of == "life_sciences_health"])
    marked = 0
    for i, pid in enumerate(members, start=5):
        assert ws.cell(row=i, column=1).value == edition.parameters.loc[pid, "name"]
        for j, year in enumerate(result.aligned.columns, start=9):
            cell = ws.cell(row=i, column=j)
            assert cell.value == pytest.approx(result.aligned.loc[pid, year])
            if result.status.loc[pid, year] == "lagged":
                marked += 1
                vintage = int(result.vintage.loc[pid, year])
                assert cell.fill.fgColor.rgb == LAGGED_FILL.fgColor.rgb
                assert f"Cijfer uit {vintage}" in cell.comment.text
                assert cell.number_format == f'0" ({vintage})"'  # shows 133 (2015), keeps the number
            elif result.status.loc[pid, year] == "observed":
                assert cell.comment is None and cell.number_format == "0"
    assert marked == int((result.status.loc[members] == "lagged").to_numpy().sum()) > 0


def test_direction_and_units_on_basket_sheets(workbook):
    rows = {r[0]: r for r in workbook["Vestigingsklimaat"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["Aantal misdrijven"][1] == "omgekeerd: minder misdrijven = hogere index"
    assert rows["Totale werkgelegenheid"][1] == "hoger is beter"
    assert "Leegstaande bedrijfsruimte (in m² bvo)" in rows


def test_parameters_sheet(workbook, edition):
    ws = workbook["Parameters"]
    header = [c.value for c in ws[3]]
    assert header[:6] == ["id", "Parameter", "Eenheid", "Richting", "Bron", "Laatste jaar met cijfer"]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(rows) == len(edition.parameters) == 38
    by_id = {r["id"]: r for r in rows}
    assert by_id["misdrijven"]["Richting"] == "omgekeerd: minder misdrijven = hogere index"
    last = {pid: row["Laatste jaar met cijfer"] for pid, row in by_id.items()}
    assert last["misdrijven"] == 2015 and last["starters"] == 2016
    assert by_id["verhuisde_personen"]["Laatste jaar met cijfer"] == 2014
    assert by_id["leerbedrijven"]["Weging"] == pytest.approx(0.125)
    assert by_id["bsp_werkzame_personen"]["Mandje"] == "Life Sciences & Health"
    assert sum(r["Aandeel in Index071"] for r in rows) == pytest.approx(1.0)
    assert by_id["lumc_onderzoeksbudget"]["Opmerking"].startswith("Alleen LUMC")


def test_theme_sheet(workbook):
    ws = workbook["Trendthema's"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[0][:4] == ("Thema", "Reeks", "Eenheid", "Richting")
    waste = [r for r in rows if r[1] == "Huishoudelijk restafval"]
    assert [r[7] for r in waste] == [100, 102, 103, 106]
    assert waste[0][3] == "omgekeerd: minder huishoudelijk restafval = hogere index"
    assert "kg (× 1.000)" in {r[2] for r in rows} and "m³ (× 1.000)" in {r[2] for r in rows}
    gas = next(row for row in ws.iter_rows(min_row=4) if row[1].value == "Aardgasverbruik particuliere woningen")
    assert gas[5].value == 150102 and gas[5].number_format == "#,##0"  # 150.102 in a Dutch Excel


def test_scenario_workbook_is_marked(tmp_path, edition):
    path = write_workbook(edition, Scenario(name="x", title="LSH 20%", basket_weights={"life_sciences_health": 20}),
                          tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(path)
    banner = "Let op: dit is het scenario ‘LSH 20%’, niet de officiële Index071."
    assert book["Overzicht"]["A2"].value == banner
    assert all(book[name]["A2"].value == banner for name in book.sheetnames)  # every sheet


def test_sheet_title_rules():
    used = set()
    assert sheet_title("a/b:c", used) == "abc"
    assert sheet_title("a/b:c", used) == "abc 2"
    assert len(sheet_title("x" * 40, used)) == 31


def test_text_from_data_that_looks_like_a_formula_stays_text(tmp_path, data_copy):
    """A name or source starting with "=" must not become a formula (a link or a call run when opened)."""
    from index071lib.data.edition import load_edition

    path = data_copy / "editions" / "2017" / "parameters.csv"
    text = path.read_text(encoding="utf-8")
    formula = '"=HYPERLINK(""http://x"",""klik"")"'
    text = text.replace("Aantal zzp’ers", formula, 1).replace(",CBS,", ",=1+1,", 1)
    path.write_text(text, encoding="utf-8")
    edition = load_edition(2017, data_copy)
    workbook = openpyxl.load_workbook(write_workbook(edition, None, tmp_path / "x.xlsx"))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert '=HYPERLINK("http://x","klik")' in values and "=1+1" in values
