"""Charts: PNG output, one panel per parameter, vintage visible in the markers."""

import pytest

from index071lib.core.pipeline import reproduction
from index071lib.report import charts
from index071lib.report import context as report


@pytest.fixture(scope="module")
def ctx():
    return report.load_context(2017)


def _is_png(chart):
    data = chart.png()
    return data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_series_chart(ctx):
    chart = charts.series_chart(ctx, ctx.edition.basket_ids + ["index071"], "Titel")
    assert _is_png(chart)
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [ctx.name(s) for s in ctx.edition.basket_ids +
                                                                   ["index071"]]
    labels = {t.get_text() for t in ax.texts}
    assert {"113", "117"} <= labels  # latest levels, Dutch whole points
    bundle, metadata = chart._repr_mimebundle_()
    assert set(bundle) == {"image/png", "text/plain"}
    # the Dutch alt text says what the chart shows: every series with its first and last displayed level
    alt = metadata["image/png"]["alt"]
    assert alt == bundle["text/plain"]
    assert alt.startswith("Lijngrafiek: Titel. Van 2012 tot 2016: ")
    assert "Life Sciences & Health van 100 naar 117" in alt and "Index071 totaal van 100 naar 113" in alt


def test_every_chart_has_its_own_dutch_alt_text(ctx):
    contributions = report.basket_contributions(ctx)
    alts = [charts.parameter_grid(ctx, "life_sciences_health")._repr_mimebundle_()[1]["image/png"]["alt"],
            charts.contribution_chart(contributions, "Bijdrage")._repr_mimebundle_()[1]["image/png"]["alt"],
            charts.theme_chart(ctx, "afval")._repr_mimebundle_()[1]["image/png"]["alt"],
            charts.reproduction_chart(ctx.reproduction, {})._repr_mimebundle_()[1]["image/png"]["alt"]]
    assert alts[0].startswith("7 kleine lijngrafieken, één per parameter van het mandje Life Sciences & Health")
    assert "In 2016 tellen met een cijfer van een eerder jaar: " in alts[0]
    assert alts[1].startswith("Staafgrafiek: Bijdrage, in indexpunten: Life Sciences & Health +1,99;")
    assert alts[2].startswith("Lijngrafieken van het trendthema ")
    assert "grootste verschil is" in alts[3]
    assert len(set(alts)) == 4 and not any("No description" in a for a in alts)


def test_parameter_grid_shows_vintage(ctx):
    basket = "life_sciences_health"
    chart = charts.parameter_grid(ctx, basket)
    members = ctx.result.basket_of.index[ctx.result.basket_of == basket]
    visible = [ax for ax in chart.figure.axes if ax.get_visible()]
    assert [ax.get_title().replace("\n", " ") for ax in visible] == [ctx.name(p) for p in members]
    status = ctx.result.status.loc[members]
    for ax, pid in zip(visible, members):
        notes = [t.get_text() for t in ax.texts]
        # a parameter that runs one year behind throughout: one label, at its latest point (not one per point)
        assert notes == (["cijfer 2015"] if status.loc[pid, 2016] == "lagged" else [])
    assert _is_png(chart)
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert "meest recente cijfer van een eerder jaar" in legend


def test_contribution_chart_colours_and_labels(ctx):
    table = report.parameter_contributions(ctx, "life_sciences_health")
    chart = charts.contribution_chart(table, "Bijdrage")
    ax = chart.figure.axes[0]
    assert len(ax.patches) == len(table)
    negative = [p for p in ax.patches if p.get_width() < 0]
    assert len(negative) == (table["contribution"] < 0).sum()
    assert {t.get_text() for t in ax.texts} >= {"+3,78", "-0,70"}


def test_theme_and_reproduction_charts(ctx):
    chart = charts.theme_chart(ctx, "energie")
    titles = [ax.get_title().replace("\n", " ") for ax in chart.figure.axes if ax.get_visible()]
    assert len(titles) == 5
    # the y axis is an index: no raw unit in the title (it is in the raw figures table); the quantity named
    assert titles[0] == ("Aardgasverbruik particuliere woningen (omgekeerd: minder aardgasverbruik particuliere "
                         "woningen = hogere index)")
    assert titles[2] == "Woningen met stadsverwarming"  # higher is better: no note
    assert _is_png(chart)
    repro = charts.reproduction_chart(reproduction(ctx.edition, ctx.result), ctx.edition.basket_names)
    assert _is_png(repro)


def test_theme_chart_without_printed_index(data_copy):
    """A new edition has raw theme values but no printed index yet: the chart still draws, without diamonds."""
    path = data_copy / "editions" / "2017" / "theme_values.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0]] + [line.rsplit(",", 1)[0] + "," for line in lines[1:]]) + "\n")
    fresh = report.load_context(2017, data_dir=str(data_copy))
    chart = charts.theme_chart(fresh, "energie")
    assert _is_png(chart)
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert legend == ["index berekend uit de ruwe cijfers"]
    from matplotlib.collections import PathCollection

    visible = [ax for ax in chart.figure.axes if ax.get_visible()]
    assert len(visible) == 5
    assert not any(isinstance(c, PathCollection) for ax in visible for c in ax.collections)  # no diamonds


def test_index_axes_have_whole_point_ticks(ctx):
    for chart in (charts.series_chart(ctx, ctx.edition.basket_ids + ["index071"], "T"),
                  charts.parameter_grid(ctx, "life_sciences_health")):
        for ax in [a for a in chart.figure.axes if a.get_visible()]:
            ticks = ax.get_yticks()
            assert len(ticks) > 1 and all(float(t).is_integer() for t in ticks), ticks


def test_dollars_in_names_are_dollars_not_mathematics(data_copy):
    """A name from data like ``$\\frac{a}$`` is drawn as written; matplotlib would otherwise parse it as
    mathematics (and fail on it while drawing the PNG)."""
    import io

    import matplotlib
    import pandas as pd

    from index071lib.report import whatif_charts

    name = r"kosten $\frac{a}$ en $5"
    folder = data_copy / "editions" / "2017"
    for file, old, new in (("edition.yml", '"Regiomarketing"', f"'{name}'"), ("parameters.csv", "Aantal expats", name),
                           ("theme_series.csv", "Aardgasverbruik particuliere woningen", name)):
        text = (folder / file).read_text(encoding="utf-8")
        (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    ctx = report.load_context(2017, data_dir=str(data_copy))
    assert ctx.name("regiomarketing") == name
    made = [charts.series_chart(ctx, ["regiomarketing", "index071"], f"Reeks {name}"),
            charts.parameter_grid(ctx, "regiomarketing"),
            charts.contribution_chart(report.parameter_contributions(ctx, "regiomarketing"), "Bijdrage"),
            charts.theme_chart(ctx, "energie")]
    for chart in made:
        assert _is_png(chart)
    texts = [t.get_text() for chart in made for t in chart.figure.findobj(matplotlib.text.Text)]
    assert any(r"\$\frac{a}\$" in t for t in texts)  # escaped: drawn as "$\frac{a}$"
    band = pd.DataFrame([{"series": "regiomarketing", "year": y, "p05": 99.0, "p95": 101.0, "median": 100.0,
                          "baseline": 100.0} for y in ctx.edition.years])
    figure = whatif_charts.band_chart(band, ctx.edition.basket_names, series=["regiomarketing"])
    figure.savefig(io.BytesIO(), format="png")


def test_one_colour_per_basket_on_every_chart(ctx):
    """The overview line, the basket page's line and markers, and the overview bar of a basket share one colour."""
    from matplotlib.colors import to_hex

    colours = charts.palette(ctx)
    overview = charts.series_chart(ctx, ctx.edition.basket_ids + ["index071"], "T").figure.axes[0]
    lines = {line.get_label(): to_hex(line.get_color()) for line in overview.get_legend().get_lines()}
    assert lines == {ctx.name(s): colours[s] for s in ctx.edition.basket_ids + ["index071"]}
    bars = charts.contribution_chart(report.basket_contributions(ctx), "B", colours).figure.axes[0]
    table = report.basket_contributions(ctx).sort_values("contribution", ascending=False)
    assert [to_hex(p.get_facecolor()) for p in bars.patches] == [colours[b] for b in table["basket"]]
    for basket in ctx.edition.basket_ids:
        chart = charts.basket_chart(ctx, basket, "T").figure.axes[0]
        assert to_hex(chart.get_lines()[-1].get_color()) == colours[basket]
        grid = charts.parameter_grid(ctx, basket).figure.axes[0]
        assert to_hex(grid.get_lines()[0].get_color()) == colours[basket]


def test_basket_chart_has_the_total_as_reference_and_one_scale_for_all_baskets(ctx):
    limits = set()
    for basket in ctx.edition.basket_ids:
        chart = charts.basket_chart(ctx, basket, "T")
        ax = chart.figure.axes[0]
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["Index071 totaal (ter vergelijking)", ctx.name(basket)]
        assert ax.get_lines()[0].get_linestyle() == "--"
        limits.add(tuple(round(v, 6) for v in ax.get_ylim()))
        assert "Index071 totaal van 100 naar 113" in chart.alt
    assert len(limits) == 1  # a 1-point move looks the same on every basket page
    low, high = limits.pop()
    series = ctx.result.series
    assert low < series.min().min() and high > series.max().max()


def test_parameter_axes_are_at_least_20_points_high(ctx):
    for basket in ctx.edition.basket_ids:
        for ax in [a for a in charts.parameter_grid(ctx, basket).figure.axes if a.get_visible()]:
            bottom, top = ax.get_ylim()
            assert top - bottom >= 20 - 1e-9


def test_carried_labels_only_where_the_delay_changes_or_at_the_end():
    import pandas as pd

    years = [2012, 2013, 2014, 2015, 2016]
    lag = pd.Series(["filled", "lagged", "lagged", "lagged", "lagged"], years)
    assert charts.carried_labels(lag, pd.Series([None, 2012, 2013, 2014, 2015], years)) == [2016]
    # carry alignment: 2015 and 2016 both show the 2014 figure, with a delay of one and two years
    carry = pd.Series(["observed", "observed", "observed", "lagged", "lagged"], years)
    assert charts.carried_labels(carry, pd.Series(years[:3] + [2014, 2014], years)) == [2015, 2016]
    assert charts.carried_labels(pd.Series(["observed"] * 5, years), pd.Series(years, years)) == []


def test_lower_is_better_parameters_say_so(ctx):
    titles = [ax.get_title().replace("\n", " ") for ax in charts.parameter_grid(ctx, "vestigingsklimaat").figure.axes
              if ax.get_visible()]
    assert "Aantal misdrijven (omgekeerd: minder misdrijven = hogere index)" in titles
    assert any(t.startswith("Leegstaande bedrijfsruimte (in m² bvo) (omgekeerd:") for t in titles)
    assert "Totale werkgelegenheid" in titles


def test_charts_are_embedded_at_twice_their_size(ctx):
    import struct

    chart = charts.theme_chart(ctx, "afval")
    bundle, metadata = chart._repr_mimebundle_()
    import base64

    png = base64.b64decode(bundle["image/png"])
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (2 * metadata["image/png"]["width"], 2 * metadata["image/png"]["height"])
    assert metadata["image/png"]["width"] >= 640  # a single theme panel is wide enough for its legend
