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
    assert workbook.sheetnames == ["Overzicht", *names, "Trendthema's"]


def test_overview_full_precision(workbook, edition):
    ws = workbook["Overzicht"]
    assert [c.value for c in ws[3]] == ["Mandje", "Weging (%)", "2012", "2013", "2014", "2015", "2016",
                                        "Verandering 2015→2016 (punten)"]
    result = compute_index(edition, warn=False)
    total_row = [c.value for c in ws[4 + len(edition.basket_ids)]]
    assert total_row[0] == "Index071 totaal"
    assert total_row[-2] == pytest.approx(result.total[2016], abs=1e-12)  # not rounded
    assert ws.cell(row=4, column=7).number_format == "0"


def test_overview_change_between_displayed_levels_and_the_published_difference(workbook):
    ws = workbook["Overzicht"]
    lsh = [c for c in ws[4]]
    assert lsh[0].value == "Life Sciences & Health"
    # 110,46 -> 117,04: displayed 110 -> 117, so +7 (the publication printed 111 -> 117, +6)
    assert lsh[-1].value == 7 and lsh[-1].number_format == "+0;-0;0"
    assert lsh[5].comment.text.startswith("* Life Sciences & Health 2015: hier 110, gepubliceerd: 111;")
    assert [c.comment for c in lsh[2:5]] == [None] * 3 and lsh[6].comment is None
    total = [c.value for c in ws[4 + 5]]
    assert total[-1] == 3


def test_basket_sheet_marks_lagged_cells(workbook, edition):
    result = compute_index(edition, warn=False)
    ws = workbook["Life Sciences & Health"]
    members = list(result.basket_of.index[result.basket_of == "life_sciences_health"])
    marked = 0
    for i, pid in enumerate(members, start=4):
        assert ws.cell(row=i, column=1).value == edition.parameters.loc[pid, "name"]
        for j, year in enumerate(result.aligned.columns, start=3):
            cell = ws.cell(row=i, column=j)
            assert cell.value == pytest.approx(result.aligned.loc[pid, year])
            if result.status.loc[pid, year] == "lagged":
                marked += 1
                assert cell.fill.fgColor.rgb == LAGGED_FILL.fgColor.rgb
                assert f"Cijfer uit {int(result.vintage.loc[pid, year])}" in cell.comment.text
            elif result.status.loc[pid, year] == "observed":
                assert cell.comment is None
    assert marked == int((result.status.loc[members] == "lagged").to_numpy().sum()) > 0


def test_theme_sheet(workbook):
    rows = list(workbook["Trendthema's"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Thema", "Reeks", "Eenheid", "Richting")
    waste = [r for r in rows if r[1] == "Huishoudelijk restafval"]
    assert [r[7] for r in waste] == [100, 102, 103, 106] and waste[0][3] == "lager is beter"


def test_scenario_workbook_is_marked(tmp_path, edition):
    path = write_workbook(edition, Scenario(name="x", title="LSH 20%", basket_weights={"life_sciences_health": 20}),
                          tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(path)
    banner = "Let op: dit is het scenario ‘LSH 20%’, niet de officiële Index071."
    assert book["Overzicht"]["A2"].value == banner
    assert all(book[name]["A2"].value == banner for name in book.sheetnames[1:-1])  # every basket sheet


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
