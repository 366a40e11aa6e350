import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from index071lib.analysis.sensitivity import influence, simulate  # noqa: E402
from index071lib.analysis.whatif import compare  # noqa: E402
from index071lib.core.fastindex import WeightModel  # noqa: E402
from index071lib.data.scenarios import Scenario  # noqa: E402
from index071lib.report.whatif_charts import (  # noqa: E402
    band_chart,
    comparison_chart,
    live_chart,
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


def test_band_and_live_chart_use_dutch_numbers(edition):
    model = WeightModel.from_edition(edition)
    summary = simulate(model, 1000, seed=1).summary
    fig = band_chart(summary, edition.basket_names)
    assert len(_visible(fig)) == 6
    formatter = fig.axes[0].yaxis.get_major_formatter()
    assert formatter(112.5, 0) == "113" and fig.axes[0].get_title() == "Index071 totaal"
    fig = live_chart(model.frame(), model.frame(model.weights, model.basket_weights * [2, 1, 1, 1, 1]),
                     edition.basket_names, summary)
    assert len(fig.axes[0].get_lines()) == 2 and len(fig.axes[0].collections) == 1


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
