"""Charts: PNG output, one panel per parameter, vintage visible in the markers."""

import html
import re

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
    alts = [charts.parameter_grid(ctx, "life_sciences_health").alt,
            charts.contribution_chart(contributions, "Bijdrage")._repr_mimebundle_()[1]["image/png"]["alt"],
            charts.theme_chart(ctx, "afval").alt,
            charts.reproduction_chart(ctx.reproduction, {})._repr_mimebundle_()[1]["image/png"]["alt"]]
    assert alts[0].startswith("7 kleine lijngrafieken, één per parameter van het mandje Life Sciences & Health")
    assert "In 2016 tellen met een cijfer van een eerder jaar: " in alts[0]
    assert alts[1].startswith("Staafgrafiek: Bijdrage, in indexpunten: Life Sciences & Health +1,99;")
    assert alts[2].startswith("Lijngrafieken van het trendthema ")
    assert "grootste verschil is" in alts[3]
    assert len(set(alts)) == 4 and not any("No description" in a for a in alts)


def test_parameter_grid_shows_vintage(ctx):
    basket = "life_sciences_health"
    grid = charts.parameter_grid(ctx, basket)
    members = ctx.result.basket_of.index[ctx.result.basket_of == basket]
    visible = [panel.figure.axes[0] for panel in grid.panels]
    assert [ax.get_title().replace("\n", " ") for ax in visible] == [ctx.name(p) for p in members]
    status = ctx.result.status.loc[members]
    for ax, pid in zip(visible, members):
        notes = [t.get_text() for t in ax.texts]
        # a parameter that runs one year behind throughout: one label, at its latest point (not one per point)
        assert notes == (["cijfer 2015"] if status.loc[pid, 2016] == "lagged" else [])
    assert all(_is_png(panel) for panel in grid.panels)
    assert [label for _, label in grid.legend] == ["cijfer over dat jaar", "meest recente cijfer van een eerder jaar",
                                                   "geen cijfer: basiswaarde"]
    combined = grid.chart().figure  # the same panels in one figure, for exports
    assert [t.get_text() for t in combined.legends[0].get_texts()] == [label for _, label in grid.legend]
    assert [ax.get_title() for ax in combined.axes if ax.get_visible()] == [ax.get_title() for ax in visible]


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
    titles = [panel.figure.axes[0].get_title().replace("\n", " ") for panel in chart.panels]
    assert len(titles) == 5
    # the y axis is an index: no raw unit in the title (it is in the raw figures table)
    assert titles[0] == "Aardgasverbruik particuliere woningen (omgekeerd)"  # short; the note says it once
    assert chart.note == "(omgekeerd): minder is beter, een lager cijfer geeft een hogere index"
    assert chart.panels[0].alt.startswith("Lijngrafiek: Aardgasverbruik particuliere woningen (omgekeerd: minder "
                                          "aardgasverbruik particuliere woningen = hogere index)")
    assert titles[2] == "Woningen met stadsverwarming"  # higher is better: no note
    assert all(_is_png(panel) for panel in chart.panels)
    repro = charts.reproduction_chart(reproduction(ctx.edition, ctx.result), ctx.edition.basket_names)
    assert _is_png(repro)


def test_theme_chart_without_printed_index(data_copy):
    """A new edition has raw theme values but no printed index yet: the chart still draws, without diamonds."""
    path = data_copy / "editions" / "2017" / "theme_values.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0]] + [line.rsplit(",", 1)[0] + "," for line in lines[1:]]) + "\n")
    fresh = report.load_context(2017, data_dir=str(data_copy))
    chart = charts.theme_chart(fresh, "energie")
    assert all(_is_png(panel) for panel in chart.panels)
    assert [label for _, label in chart.legend] == ["index berekend uit de ruwe cijfers"]
    from matplotlib.collections import PathCollection

    visible = [panel.figure.axes[0] for panel in chart.panels]
    assert len(visible) == 5
    assert "in de publicatie" not in " ".join(panel.alt for panel in chart.panels)
    assert not any(isinstance(c, PathCollection) for ax in visible for c in ax.collections)  # no diamonds


def test_index_axes_have_whole_point_ticks(ctx):
    grid = charts.parameter_grid(ctx, "life_sciences_health")
    for figure in [charts.series_chart(ctx, ctx.edition.basket_ids + ["index071"], "T").figure,
                   *(panel.figure for panel in grid.panels)]:
        for ax in [a for a in figure.axes if a.get_visible()]:
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
    figures = []
    for chart in made:
        parts = getattr(chart, "panels", [chart])
        assert all(_is_png(part) for part in parts)
        figures += [part.figure for part in parts]
    texts = [t.get_text() for figure in figures for t in figure.findobj(matplotlib.text.Text)]
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
        for panel in charts.parameter_grid(ctx, basket).panels:
            assert to_hex(panel.figure.axes[0].get_lines()[0].get_color()) == colours[basket]


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
        for ax in [panel.figure.axes[0] for panel in charts.parameter_grid(ctx, basket).panels]:
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
    """A chart label carries the short marker, the chart says once what it means (issue 12 §4: short labels)."""
    grid = charts.parameter_grid(ctx, "vestigingsklimaat")
    titles = [panel.figure.axes[0].get_title().replace("\n", " ") for panel in grid.panels]
    assert "Aantal misdrijven (omgekeerd)" in titles
    assert "Leegstaande bedrijfsruimte (in m² bvo) (omgekeerd)" in titles
    assert "Totale werkgelegenheid" in titles and not any("hogere index" in t for t in titles)
    key = "(omgekeerd): minder is beter, een lager cijfer geeft een hogere index"
    assert grid.note == key and f'<p class="grafieknoot">{key}</p>' in grid.html()  # once, under the legend
    assert any("minder misdrijven = hogere index" in p.alt for p in grid.panels)  # the alt text says it in full
    assert grid.chart().figure.legends[0].get_title().get_text() == key  # the one-figure export too
    # a basket without such a parameter gets no explanation
    regio = charts.parameter_grid(ctx, "regiomarketing")
    assert regio.note == "" and "grafieknoot" not in regio.html()
    assert regio.chart().figure.legends[0].get_title().get_text() == ""
    # the contribution bars: short labels, the note once under the axis; the table keeps the whole note
    table = report.parameter_contributions(ctx, "vestigingsklimaat")
    assert "Aantal misdrijven (omgekeerd: minder misdrijven = hogere index)" in set(table["label"])
    figure = charts.contribution_chart(table, "Bijdrage").figure
    ticks = [t.get_text().replace("\n", " ") for t in figure.axes[0].get_yticklabels()]
    assert "Aantal misdrijven (omgekeerd)" in ticks and not any("hogere index" in t for t in ticks)
    assert figure.get_supxlabel() == key
    plain = charts.contribution_chart(report.parameter_contributions(ctx, "regiomarketing"), "Bijdrage").figure
    assert plain.get_supxlabel() == ""


def test_charts_are_embedded_at_twice_their_size(ctx):
    import struct

    chart = charts.series_chart(ctx, ["index071"], "T")
    bundle, metadata = chart._repr_mimebundle_()
    import base64

    png = base64.b64decode(bundle["image/png"])
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (2 * metadata["image/png"]["width"], 2 * metadata["image/png"]["height"])
    # a grid's panels too: the <img> says half the PNG's pixels
    html = charts.theme_chart(ctx, "afval").html()
    for data, shown_w, shown_h in re.findall(r'src="data:image/png;base64,([^"]+)"[^>]*width="(\d+)" height="(\d+)"',
                                             html):
        assert struct.unpack(">II", base64.b64decode(data)[16:24]) == (2 * int(shown_w), 2 * int(shown_h))


# --- small multiples as a grid of panels that reflows (issue 12 §6) -------------------------------------------

IMG = re.compile(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)" width="(\d+)" height="(\d+)">')


def test_parameter_grid_is_one_figure_per_parameter_with_its_own_dutch_alt_text(ctx):
    for basket in ctx.edition.basket_ids:
        grid = charts.parameter_grid(ctx, basket)
        members = list(ctx.result.basket_of.index[ctx.result.basket_of == basket])
        bundle = grid._repr_mimebundle_()
        page = bundle["text/html"]
        assert page.startswith('<div class="grafiekgroep">') and '<div class="grafiekraster" role="group"' in page
        found = IMG.findall(page)
        assert len(found) == page.count('<figure class="grafiekpaneel">') == len(members), basket
        for (alt, _w, _h), pid in zip(found, members):
            alt = html.unescape(alt)
            assert alt.startswith(f"Lijngrafiek: {ctx.label(pid)}, indexcijfer van "), alt
            assert alt.endswith(".") and "No description" not in alt
        assert len({(w, h) for _alt, w, h in found}) == 1  # every panel of the grid the same size
        assert page.count("<li>") == 3 and "meest recente cijfer van een eerder jaar" in page  # the HTML legend
        assert bundle["text/plain"].startswith(grid.alt) and bundle["text/plain"].count("\n- Lijngrafiek: ") == len(members)


def test_a_carried_figure_is_named_in_the_panel_alt_text(ctx):
    r = ctx.result
    grid = charts.parameter_grid(ctx, "life_sciences_health")
    members = list(r.basket_of.index[r.basket_of == "life_sciences_health"])
    for panel, pid in zip(grid.panels, members):
        carried = r.status.loc[pid, ctx.year] == "lagged"
        assert (f"het cijfer van 2016 is dat van {int(r.vintage.loc[pid, 2016])}" in panel.alt) == carried, pid
        assert f"naar {round(float(r.aligned.loc[pid, 2016]))} in 2016" in panel.alt


def test_panels_of_a_grid_line_up_and_show_every_label(ctx):
    """Same figure size and plotting area in every panel; titles, ticks and notes lie inside the figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for grid in (charts.parameter_grid(ctx, "vestigingsklimaat"), charts.theme_chart(ctx, "energie")):
        sizes = {tuple(p.figure.get_size_inches().round(3)) for p in grid.panels}
        boxes = {tuple(round(v, 4) for v in p.figure.axes[0].get_position().bounds) for p in grid.panels}
        assert len(sizes) == 1 and len(boxes) == 1
        for panel in grid.panels:
            renderer = FigureCanvasAgg(panel.figure).get_renderer()
            tight, frame = panel.figure.axes[0].get_tightbbox(renderer), panel.figure.bbox
            assert frame.x0 <= tight.x0 and tight.x1 <= frame.x1 and frame.y0 <= tight.y0 and tight.y1 <= frame.y1


def test_theme_panels_say_what_they_show(ctx):
    grid = charts.theme_chart(ctx, "energie")
    assert grid.panels[0].alt.startswith("Lijngrafiek: Aardgasverbruik particuliere woningen (omgekeerd: minder "
                                         "aardgasverbruik particuliere woningen = hogere index). Berekende index "
                                         "van 100 in 2012 naar 118 in 2015; in de publicatie 118")
    assert all("in de publicatie" in p.alt for p in grid.panels)  # the 2017 edition prints every theme index
    assert [label for _, label in grid.legend] == ["index berekend uit de ruwe cijfers",
                                                   "index zoals afgedrukt in de publicatie"]


def test_hostile_names_in_a_grid_are_text(data_copy):
    """A parameter or theme series named like markup shows as text: escaped in the alt text and the group label."""
    folder = data_copy / "editions" / "2017"
    for file, old in (("parameters.csv", "Aantal expats"), ("theme_series.csv", "Aardgasverbruik particuliere woningen"),
                      ("edition.yml", '"Regiomarketing"')):
        hostile = '<script>alert(1)</script> "x" <img src=x onerror=alert(1)>'
        new = f"'{hostile}'" if file.endswith(".yml") else hostile.replace('"', "")
        text = (folder / file).read_text(encoding="utf-8")
        (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    hostile_ctx = report.load_context(2017, data_dir=str(data_copy))
    for grid in (charts.parameter_grid(hostile_ctx, "regiomarketing"), charts.theme_chart(hostile_ctx, "energie")):
        page = grid.html()
        assert "<script" not in page and "<img src=x" not in page and "onerror=alert(1)>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert page.count("<img ") == len(grid.panels)


def test_a_grid_saves_all_panels_as_one_figure(ctx, tmp_path):
    grid = charts.parameter_grid(ctx, "regiomarketing")
    grid.save(tmp_path / "parameters.png")
    grid.save(tmp_path / "parameters.svg")
    assert (tmp_path / "parameters.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "parameters.svg").read_text(encoding="utf-8")[:500]
    assert len([ax for ax in grid.chart().figure.axes if ax.get_visible()]) == len(grid.panels)


def test_legend_symbols_follow_the_matplotlib_handles():
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    dashed = charts.legend_symbol(Line2D([], [], color="#0173b2", linestyle="--", linewidth=1.5, marker="s"))
    assert 'stroke="#0173b2"' in dashed and "stroke-dasharray" in dashed and "<rect" in dashed
    open_point = charts.legend_symbol(Line2D([], [], color="#d55e00", marker="o", markerfacecolor="white",
                                             linestyle=""))
    assert "<line" not in open_point and 'fill="#ffffff" stroke="#d55e00"' in open_point
    band = charts.legend_symbol(Patch(facecolor="#029e73", alpha=0.25))
    assert 'fill="#029e73" fill-opacity="0.25"' in band


def test_charts_module_does_not_import_seaborn_or_scipy():
    """Every report kernel imports this module: it draws with matplotlib alone (seaborn pulled in scipy.stats,
    pyplot and ipywidgets, more CPU than all charts of a report)."""
    import subprocess
    import sys

    code = ("import sys; import index071lib.report.charts; "
            "print(sorted(m for m in ('seaborn', 'scipy', 'matplotlib.pyplot', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_seaborn_look_kept(ctx):
    """Markers with a thin white edge, bars 0.8 wide on a top-down category axis, reproduction bars muted."""
    line = charts.series_chart(ctx, ["index071"], "Index071").figure.axes[0].lines[0]
    assert (line.get_marker(), line.get_markeredgewidth(), line.get_markeredgecolor()) == ("o", 0.75, "w")
    chart = charts.contribution_chart(report.basket_contributions(ctx), "Bijdrage")
    ax = chart.figure.axes[0]
    assert [round(p.get_height(), 6) for p in ax.patches] == [0.8] * len(ctx.edition.basket_ids)
    assert ax.get_ylim() == (len(ctx.edition.basket_ids) - 0.5, -0.5)
    assert charts.muted("#ff0000", 0.5) == (0.75, 0.25, 0.25)
    repro = charts.reproduction_chart(reproduction(ctx.edition, ctx.result), ctx.edition.basket_names)
    bars = repro.figure.axes[0].patches
    years = len(ctx.edition.years)
    assert len(bars) == years * (len(ctx.edition.basket_ids) + 1)
    assert all(abs(b.get_width() - 0.8 / (len(ctx.edition.basket_ids) + 1)) < 1e-12 for b in bars)
