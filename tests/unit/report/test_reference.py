"""Context figures of the publication beside the index: validated like every input file, shown with the
region's own figure over the same period."""

from __future__ import annotations

import pytest

from index071lib.data.edition import load_edition
from index071lib.errors import DataError
from index071lib.report.context import load_context
from index071lib.report.reference import own_change, reference_frame, reference_html


@pytest.fixture(scope="module")
def ctx():
    return load_context(2017)


def test_2017_reference_figures_as_printed(edition):
    ref = edition.reference.set_index("id")
    assert ref.loc["bbp_groei_2016", ["page", "value"]].tolist() == ["overview", 1.8]  # "het BNP is in 2016 met 1.8% gegroeid"
    assert ref.loc["restafval_nl_2012_2015", ["page", "value"]].tolist() == ["theme:afval", -8.0]  # "ruim 8% gedaald"
    regions = ref[ref["page"] == "basket:ondernemerschap"]
    assert dict(zip(regions["region"], regions["value"])) == {
        "Stadsregio Groningen": 2.0, "Stadsregio Nijmegen": 2.0, "Stadsregio Utrecht": 10.0,
        "Stadsregio Amsterdam": 7.0, "Stadsregio Eindhoven": 7.0}


def test_own_figure_over_the_same_period(ctx, edition):
    total = ctx.result.series.loc["index071"]
    assert round(total[2015]) == 110 and round(total[2016]) == 113  # the levels the page shows
    assert own_change(ctx, "index071", "2015–2016") == pytest.approx((113 / 110 - 1) * 100)  # +2,7%, not +2,6%
    assert own_change(ctx, "hoogopgeleiden", "2012–2015") == pytest.approx(12.0)  # 100 -> 112: "ruim 12%"
    waste = edition.theme_values.set_index(["series", "year"])["value"]
    assert own_change(ctx, "restafval_huishoudens", "2012–2015") == pytest.approx(
        (waste["restafval_huishoudens", 2015] / waste["restafval_huishoudens", 2012] - 1) * 100)  # "met 6% afgenomen"
    assert own_change(ctx, "hoogopgeleiden", "2015–2016") is None  # no 2016 figure
    assert own_change(ctx, "hoogopgeleiden", "drie jaar") is None  # a period without years


def test_tables_per_page(ctx):
    overview = reference_frame(ctx, "overview")
    assert overview.values.tolist() == [["Index071 totaal", "Regio 071 (deze index)", "2015–2016", "+2,7%"],
                                        ["Groei bruto nationaal product (BNP)", "Nederland", "2015–2016", "+1,8%"]]
    waste = reference_frame(ctx, "theme:afval")  # the publication: "met 6% afgenomen", nationally "ruim 8%"
    assert waste["Verandering"].tolist() == ["-6%", "-8%"] and waste.iloc[0, 0] == "Huishoudelijk restafval"
    regions = reference_frame(ctx, "basket:ondernemerschap")  # whole percents, as printed: "2%", "10%"
    assert regions["Verandering"].tolist() == ["+12%", "+2%", "+2%", "+10%", "+7%", "+7%"]
    assert reference_frame(ctx, "basket:regiomarketing").empty and reference_html(ctx, "basket:regiomarketing") == ""
    block = reference_html(ctx, "overview")
    assert "<h3>Ter vergelijking</h3>" in block and "Publicatie 2017, hoofdstuk 2 (CBS)" in block


@pytest.mark.parametrize("row, column", [
    ("x,overview,BBP,Nederland,2016,abc,percent,,bron", "value"),
    ("x,basket:nergens,BBP,Nederland,2016,1,percent,,bron", "page"),
    ("x,overview,BBP,Nederland,2016,1,euro,,bron", "unit"),
    ("X Y,overview,BBP,Nederland,2016,1,percent,,bron", "id"),
    ("x,overview,BBP,Nederland,2016,1,percent,onbekend,bron", "compare"),
])
def test_bad_reference_file_names_file_row_and_column(data_copy, row, column):
    path = data_copy / "editions" / "2017" / "reference.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_edition(2017, data_copy)
    assert "reference.csv" in str(err.value) and column in str(err.value)


def test_without_reference_file(data_copy):
    (data_copy / "editions" / "2017" / "reference.csv").unlink()
    yml = data_copy / "editions" / "2017" / "edition.yml"
    yml.write_text("\n".join(l for l in yml.read_text(encoding="utf-8").splitlines()
                             if not l.strip().startswith("reference:")) + "\n", encoding="utf-8")
    assert load_edition(2017, data_copy).reference.empty
