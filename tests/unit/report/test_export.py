import openpyxl
import pandas as pd
import pytest

from index071lib.core.pipeline import compute_index
from index071lib.report import charts, export
from index071lib.report.context import load_context


@pytest.fixture(scope="module")
def ctx():
    return load_context(2017)


def test_frames_are_the_results_at_full_precision(ctx, edition):
    data = export.frames(ctx)
    pd.testing.assert_frame_equal(data["series"], compute_index(edition, warn=False).series)
    weights = data["weights"]
    assert weights.loc["zzp", "basket"] == "ondernemerschap" and weights.loc["zzp", "weight"] == 6
    assert weights["share_of_total_pct"].sum() == pytest.approx(100.0)


def test_one_call_each_csv_excel_png_svg(ctx, tmp_path):
    data = export.frames(ctx)
    data["series"].to_csv(tmp_path / "reeksen.csv", sep=";", decimal=",")
    back = pd.read_csv(tmp_path / "reeksen.csv", sep=";", decimal=",", index_col=0)
    assert back.loc["index071", "2016"] == pytest.approx(data["series"].loc["index071", 2016], abs=1e-12)
    assert ";112," in (tmp_path / "reeksen.csv").read_text()  # decimal comma for a Dutch spreadsheet
    book = openpyxl.load_workbook(export.to_excel(data, tmp_path / "index071.xlsx"))
    assert book.sheetnames == ["reeksen", "uitgelijnd", "cijfers", "status", "wegingen"]
    assert book["reeksen"]["A7"].value == "index071"
    chart = charts.series_chart(ctx, ["index071"], "Index071")
    chart.save(tmp_path / "index.svg")
    chart.save(tmp_path / "index.png")
    assert (tmp_path / "index.svg").read_text().lstrip().startswith("<?xml")
    assert (tmp_path / "index.png").read_bytes()[:4] == b"\x89PNG"
