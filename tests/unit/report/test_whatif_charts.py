import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from index071lib.analysis.sensitivity import influence, simulate  # noqa: E402
from index071lib.analysis.whatif import compare  # noqa: E402
from index071lib.core.fastindex import WeightModel  # noqa: E402
from index071lib.data.scenarios import Scenario  # noqa: E402
from index071lib.text import nl  # noqa: E402
from index071lib.text.fmt import nl_number  # noqa: E402
from index071lib.report.whatif_charts import (  # noqa: E402
    band_alt,
    band_chart,
    band_grid,
    described,
    sobol_alt,
    tornado_alt,
    comparison_chart,
    comparison_grid,
    DifferenceChart,
    tornado_chart,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _visible(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


def test_comparison_chart(edition):
    scenarios = [Scenario(name="a", basket_weights={"life_sciences_health": 20}), Scenario(name="b", drop=["zzp"])]
    fig = comparison_chart(compare(edition, scenarios), edition.basket_names)
    axes = _visible(fig)
    assert [ax.get_title() for ax in axes][:2] == ["Index071 totaal", "Life Sciences & Health"]
    assert len(axes[0].get_lines()) == 3  # baseline + two scenarios
    assert axes[0].get_ylabel() == "Index (basisjaar = 100)"
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["Basisweging (officieel)", "Scenario a", "Scenario b"]


def test_band_chart_uses_dutch_numbers_and_names_the_alignment(edition):
    model = WeightModel.from_edition(edition)
    summary = simulate(model, 1000, seed=1).summary
    fig = band_chart(summary, edition.basket_names)
    assert len(_visible(fig)) == 6
    formatter = fig.axes[0].yaxis.get_major_formatter()
    assert formatter(112.5, 0) == "113" and fig.axes[0].get_title() == "Index071 totaal"
    assert "Basisweging (officieel)" in [t.get_text() for t in fig.legends[0].get_texts()]
    fig = band_chart(summary, edition.basket_names, baseline=nl.baseline_label("carry"))
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Basisweging, laatste cijfer doorgetrokken (niet officieel)" in labels and "Basisweging (officieel)" not in labels


def test_difference_chart_shows_only_what_moved(edition):
    model = WeightModel.from_edition(edition)
    chart = DifferenceChart(model.years, edition.basket_names, edition.total_id, list(model.baskets))
    official = model.frame()
    basket_moved = model.frame(model.weights, model.basket_weights * [2, 1, 1, 1, 1]) - official
    chart.update(basket_moved)
    visible = [line.get_label() for line in chart.ax.get_lines() if line.get_visible() and line.get_label()[0] != "_"]
    assert visible == ["Index071 totaal"]  # a basket weight moves only the total
    assert list(chart.lines[edition.total_id].get_ydata()) == pytest.approx(basket_moved.loc["index071"].tolist())
    low, high = chart.ax.get_ylim()
    assert high == -low >= abs(basket_moved.loc["index071"]).max()  # the difference fills the chart
    weights = model.weights.copy()
    weights[0] = 0.0  # a parameter of Life Sciences & Health
    chart.update(model.frame(weights, model.basket_weights) - official)
    visible = [line.get_label() for line in chart.ax.get_lines() if line.get_visible() and line.get_label()[0] != "_"]
    assert visible == ["Index071 totaal", "Life Sciences & Health"]
    assert chart.ax.yaxis.get_major_formatter()(-0.25, 0) == "-0,25"
    assert chart.png()[:4] == b"\x89PNG"


@pytest.mark.parametrize("measure", ["effect_level", "effect_change"])
def test_tornado_chart(edition, measure):
    table = influence(WeightModel.from_edition(edition))
    labels = {**edition.basket_names, **edition.parameters["name"].to_dict()}
    fig = tornado_chart(table, labels, measure=measure, top=10, year=2016)
    ax = fig.axes[0]
    bars = ax.patches
    assert len(bars) == 10
    widths = [abs(b.get_width()) for b in bars]
    assert widths == sorted(widths)  # largest on top
    assert "2016" in ax.get_xlabel() and ax.xaxis.get_major_formatter()(1.5, 0) == "1,5"
    # the two tornado charts of the page say which figure the bars move
    assert ax.get_title().replace("\n", " ") == ("Weglaten van één parameter of mandje: effect op "
                              f"{'de stand' if measure == 'effect_level' else 'de stijging'} van de Index071 in 2016")


def test_tornado_chart_explains_the_short_marker(edition):
    """The page's labels (``parameter_chart_labels``): a lower-is-better parameter as ``… (omgekeerd)``, the key
    says once what that means."""
    table = influence(WeightModel.from_edition(edition))
    labels = {**edition.basket_names, **edition.parameter_chart_labels}
    fig = tornado_chart(table, labels, top=len(table), year=2016)  # every bar: misdrijven among them
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Aantal misdrijven (omgekeerd)" in names and not any("hogere index" in n for n in names)
    key = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert key[-1] == "(omgekeerd): minder is beter, een lager cijfer geeft een hogere index"
    top = tornado_chart(table, edition.basket_names, top=3, year=2016)  # no marker shown: no explanation
    assert not any("omgekeerd" in t.get_text() for t in top.axes[0].get_legend().get_texts())


def test_sobol_chart(edition):
    from index071lib.analysis.sobol import FactorSpec, analyse
    from index071lib.report.sensitivity_text import sobol_labels_nl
    from index071lib.report.whatif_charts import sobol_chart

    result = analyse(edition, FactorSpec("x", basket_weight_spread=0.25, parameter_weight_spread=0.25,
                                         choices=(("alignment", ("lag", "carry", "available")),
                                                  ("aggregation", ("arithmetic", "geometric")))),
                     n=128, num_resamples=20)
    labels = sobol_labels_nl(result, edition.basket_names)
    fig = sobol_chart(result.table(), labels, edition.basket_names)
    axes = _visible(fig)
    assert [ax.get_title(loc="left") for ax in axes] == ["Index071 totaal", "Life Sciences & Health",
                                                         "Ondernemerschap en jong talent", "Onderwijs – Arbeidsmarkt",
                                                         "Vestigingsklimaat", "Regiomarketing"]
    assert len(axes[0].patches) == 2 * 8  # the total: first-order and total bar of every factor
    labels_total = [t.get_text() for t in axes[0].get_yticklabels()]
    assert labels_total[0] == "Weging van de mandjes" and labels_total[-1] == "Manier van middelen"
    # a basket: only what can change it (its own parameter weights, the alignment, the aggregation)
    assert [t.get_text() for t in axes[1].get_yticklabels()] == ["Weging van de parameters", "Ontbrekende cijfers",
                                                                 "Manier van middelen"]
    assert labels_total[1] == "Weging binnen Life Sciences &\nHealth"  # wrapped
    assert len(axes[1].patches) == 2 * 3
    assert fig._suptitle.get_text() == "Welke keuze bepaalt de verandering in het laatste jaar het meest?"


def test_what_if_chart_draws_the_official_line_on_top_and_each_basket_in_its_colour(edition):
    from matplotlib.colors import to_hex

    from index071lib.report import style

    colours = style.basket_palette(edition.basket_ids, edition.total_id)
    # a scenario equal to the official weighting: its line lies exactly under the official one
    scenarios = [Scenario(name="same"), Scenario(name="b", drop=["zzp"])]
    fig = comparison_chart(compare(edition, scenarios), edition.basket_names)
    for ax in _visible(fig):
        ident = next(i for i, n in edition.basket_names.items() if n == ax.get_title())
        official = [line for line in ax.get_lines() if line.get_label() == "Basisweging (officieel)"]
        others = [line for line in ax.get_lines() if line not in official]
        assert len(official) == 1 and to_hex(official[0].get_color()) == "#000000"
        assert official[0].get_zorder() > max(line.get_zorder() for line in others)  # drawn on top
        assert {to_hex(line.get_color()) for line in others} == {colours[ident]}
        assert len({line.get_linestyle() for line in others}) == len(others)  # scenarios told apart by style


def test_band_tornado_and_sobol_use_the_basket_colours(edition):
    from matplotlib.colors import to_hex

    from index071lib.report import style

    colours = style.basket_palette(edition.basket_ids, edition.total_id)
    model = WeightModel.from_edition(edition)
    fig = band_chart(simulate(model, 500, seed=1).summary, edition.basket_names)
    for ax in _visible(fig):
        ident = next(i for i, n in edition.basket_names.items() if n == ax.get_title())
        band = ax.collections[0]
        assert to_hex(band.get_facecolor()[0][:3]) == colours[ident]
        assert to_hex(ax.get_lines()[-1].get_color()) == "#000000"  # the official line, last and on top
    table = influence(model)
    fig = tornado_chart(table, edition.basket_names, top=43, year=2016)
    rows = table.reindex(table["effect_level"].abs().sort_values(ascending=False).index).iloc[::-1]
    expected = [colours[b] if k == "basket" else style.tint(colours[b]) for k, b in zip(rows["kind"], rows["basket"])]
    assert [to_hex(p.get_facecolor()) for p in fig.axes[0].patches] == expected


def test_comparison_grid_has_one_panel_per_series_total_first(edition):
    scenarios = [Scenario(name="a", basket_weights={"life_sciences_health": 20}),
                 Scenario(name="<script>b</script>", drop=["zzp"])]
    table = compare(edition, scenarios)
    grid = comparison_grid(table, edition.basket_names)
    titles = [p.figure.axes[0].get_title() for p in grid.panels]
    assert titles == [edition.basket_names[s] for s in [edition.total_id, *edition.basket_ids]]
    assert [label for _, label in grid.legend] == ["Basisweging (officieel)", "Scenario a", "Scenario <script>b</script>"]
    for panel in grid.panels:
        lines = panel.figure.axes[0].get_lines()
        assert len(lines) == 3 and lines[-1].get_color() == "black"  # the baseline drawn last, on top
        assert lines[-1].get_zorder() > max(line.get_zorder() for line in lines[:-1])
        assert panel.alt.startswith(f"Lijngrafiek: {panel.title} per jaar, basisweging en scenario’s. In 2016: "
                                    "Basisweging (officieel) ")
    page = grid.html()
    assert page.count('<figure class="grafiekpaneel">') == 6 and "<script>" not in page
    assert "Scenario &lt;script&gt;b&lt;/script&gt;" in page
    assert 'grafiekraster-titel' not in page  # the page's heading names the chart
    combined = grid.chart().figure  # the export: all panels in one figure, as comparison_chart draws it
    assert [ax.get_title() for ax in _visible(combined)] == titles


def test_band_grid_panels_and_alt_texts(edition):
    model = WeightModel.from_edition(edition)
    summary = simulate(model, 500, seed=1).summary
    grid = band_grid(summary, edition.basket_names)
    assert len(grid.panels) == 6 and grid.panels[0].title == edition.basket_names[edition.total_id]
    assert [label for _, label in grid.legend] == ["90% van de alternatieve wegingen", "Mediaan",
                                                   "Basisweging (officieel)"]
    last = summary[(summary["series"] == edition.total_id) & (summary["year"] == 2016)].iloc[0]
    assert grid.panels[0].alt.endswith(f"In 2016: mediaan {nl_number(last['median'], 1)}, band "
                                       f"{nl_number(last['p05'], 1)} tot {nl_number(last['p95'], 1)}; "
                                       f"Basisweging (officieel) {nl_number(last['baseline'], 1)}.")
    sizes = {p.size() for p in grid.panels}
    assert len(sizes) == 1


def test_sensitivity_figures_say_what_they_show(edition):
    model = WeightModel.from_edition(edition)
    summary = simulate(model, 1000, seed=1).summary
    alt = band_alt(summary, edition.basket_names)
    last = summary[summary["year"] == 2016].set_index("series")
    total = last.loc[edition.total_id]
    assert alt.startswith("Lijngrafieken per reeks: de gekozen weging (zwarte lijn)")
    assert (f"In 2016: Index071 totaal {nl_number(total['baseline'])} (band {nl_number(total['p05'])} tot "
            f"{nl_number(total['p95'])}); Life Sciences & Health") in alt
    assert alt.count("(band ") == 6
    effects = influence(model)
    labels = {**edition.basket_names, **edition.parameter_labels}
    alt = tornado_alt(effects, labels, measure="effect_change", year=2016)
    largest = effects.loc[effects["effect_change"].abs().idxmax()]
    name = nl.left_out_label(largest["kind"], labels[largest["id"]])
    assert alt.startswith(f"Staafgrafiek: {nl.chart_tornado('effect_change', 2016)}. 15 staven, de grootste effecten "
                          f"in indexpunten: {name} {nl_number(largest['effect_change'], 2, sign=True)};")
    assert alt != tornado_alt(effects, labels, measure="effect_level", year=2016)  # the two charts differ
    chart = described(tornado_chart(effects, labels, measure="effect_change", year=2016), alt)
    bundle, meta = chart._repr_mimebundle_()
    assert meta["image/png"]["alt"] == alt and plt.get_fignums() == []  # shown once, with its description


def test_sobol_alt_names_the_heaviest_choice_per_series(edition):
    import pandas as pd

    table = pd.DataFrame({"series": ["a", "a", "t", "t"], "measure": "change", "factor": ["f", "g", "f", "g"],
                          "S1": [0.1, 0.555, 0.84, -0.01]})
    alt = sobol_alt(table, {"f": "Weging van de mandjes", "g": "Ontbrekende cijfers"}, {"t": "Index071 totaal", "a": "A"})
    assert alt.endswith("Index071 totaal: Weging van de mandjes 84%, Ontbrekende cijfers minder dan 1%. "
                        "A: Ontbrekende cijfers 56%, Weging van de mandjes 10%.")
