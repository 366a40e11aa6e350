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
        lagged = (status.loc[pid] == "lagged").sum()
        notes = [t.get_text() for t in ax.texts]
        assert len(notes) == lagged
        expected = sorted(f"cijfer {int(ctx.result.vintage.loc[pid, y])}" for y in status.columns
                          if status.loc[pid, y] == "lagged")
        assert sorted(notes) == expected
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
    assert len(titles) == 5 and "m3 (x 1000); lager is beter" in titles[0]
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
