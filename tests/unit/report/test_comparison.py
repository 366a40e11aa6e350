"""index071lib.report.comparison: what the editions report shows (Dutch tables, chart)."""

import matplotlib
import pytest

from index071lib.errors import OptionError
from index071lib.report.comparison import (
    compare_editions,
    comparison_chart,
    causes_nl,
    index_nl,
    revisions_nl,
    status_nl,
    structure_nl,
)

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def comparison(data_2018):
    return compare_editions(0, 0, str(data_2018))  # 0 / 0: latest edition, the one before it


def test_defaults_are_latest_and_previous(comparison):
    assert comparison.current.year == 2018 and comparison.previous.year == 2017
    assert "**Editie 2018**" in comparison.intro() and "**editie 2017**" in comparison.intro()
    assert "Gewijzigde weging" in comparison.section()


def test_dutch_tables(comparison):
    rev = revisions_nl(comparison.revisions)
    row = rev[(rev["Parameter"] == "Aantal expats") & (rev["Jaar"] == "2015")].iloc[0]
    assert row.tolist()[2:] == ["116,0", "117,0", "+1,0", "herzien", "herziening cijfers"]
    assert set(rev.loc[rev["Parameter"] == "Totale werkgelegenheid", "Oorzaak"]) == {"andere bron/methode"}
    struct = structure_nl(comparison.structure).set_index("Naam")
    assert struct.loc["Aantal expats"].tolist() == ["parameter", "weging", "19%", "21%", "ja"]
    assert struct.loc["Aantal gebruikte fietsparkeerplekken bij stations", "Vorige editie"] == "–"
    status = status_nl(comparison.status)
    assert "Aantal expats" not in set(status["Parameter"])  # filled in for 2017
    assert "Aantal verhuisde personen naar 071 regio (excl. migratie)" in set(status["Parameter"])
    series = index_nl(comparison.index, comparison.current.basket_names)
    assert set(series["Reeks"]) == set(comparison.current.basket_names.values())
    assert list(series.columns) == ["Reeks", "Jaar", "Vorige editie", "Deze editie", "Herziening"]
    assert len(series) == 6 * 5  # five baskets and the total, the five years both editions have
    causes = causes_nl(comparison.index, comparison.current.basket_names)
    assert list(causes.columns[:3]) == ["Reeks", "Jaar", "Herziening"]
    # the weights changed (expats 19 -> 21) and values were revised: those causes show, the basket weights did not
    assert {"Herziene cijfers", "Weging parameters"} <= set(causes.columns)
    assert "Weging mandjes" not in causes.columns


def test_chart_labels_are_dutch(comparison):
    fig = comparison_chart(comparison)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "jaar" and ax.get_ylabel() == "index (2012 = 100)"
    assert ax.get_title() == "Index071 totaal: editie 2018 en 2017"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["editie 2018", "editie 2017"]


def test_without_previous_edition():
    c = compare_editions(2017)
    assert c.previous is None and c.structure.empty and c.revisions.empty
    assert "geen vorige editie" in c.intro()
    assert c.series["previous"].isna().all()


def test_against_itself(data_2018):
    with pytest.raises(OptionError, match="against"):
        compare_editions(2018, 2018, data_2018)


def test_old_index_linked_made_up(data_copy):
    """A made-up 2008-based total (the seed only charts the old index, it does not print it)."""
    from index071lib.report.comparison import old_new_chart
    folder = data_copy / "editions" / "2017"
    (folder / "old_index.csv").write_text("series,year,value\nindex071,2010,104\nindex071,2011,106\n"
                                          "index071,2012,104\nindex071,2013,105\n")
    meta = (folder / "edition.yml").read_text()
    (folder / "edition.yml").write_text(meta.replace("files:\n", "old_base_year: 2008\nfiles:\n  old_index: old_index.csv\n"))
    c = compare_editions(2017, data_dir=data_copy)
    linked = c.linked.set_index("year")
    assert c.linked.attrs["overlap_year"] == 2012
    assert linked.loc[2012, "old_linked"] == pytest.approx(linked.loc[2012, "new"])
    assert linked.loc[2010, "old_linked"] == pytest.approx(100 * 104 / 104)
    assert linked.loc[2013, "old_linked"] == pytest.approx(linked.loc[2012, "new"] * 105 / 104)
    ax = old_new_chart(c).axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "nieuwe index (2012 = 100)", "oude index (basis 2008), gekoppeld in 2012"]
    with pytest.raises(ValueError, match="no old index"):
        old_new_chart(compare_editions(2017))
