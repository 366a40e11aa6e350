import html

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from index071lib.cli.main import main  # noqa: E402
from index071lib.core.fastindex import WeightModel  # noqa: E402
from index071lib.core.pipeline import compute_index, compute_scenario  # noqa: E402
from index071lib.data.scenarios import (  # noqa: E402
    Scenario,
    load_scenario,
    resolve_scenario_path,
    saved_scenarios_dir,
    scenario_weights,
)
from index071lib.report.widgets import WhatIfPanel  # noqa: E402


@pytest.fixture
def panel(edition, tmp_path):
    return WhatIfPanel(edition, save_dir=tmp_path, draw=False)


def test_sliders_start_at_the_annex_weights_with_dutch_readouts(edition, panel):
    assert panel.basket_sliders["life_sciences_health"].value == 30
    assert panel.basket_sliders["life_sciences_health"].label == "30,0"  # what the slider's readout shows
    assert panel.parameter_sliders["zzp"].value == edition.weights["zzp"]
    assert panel.last["series"].equals(WeightModel.from_edition(edition).frame())
    assert "99" in panel.weight_note.value and "geschaald naar 100%" in panel.weight_note.value
    assert panel.shares["life_sciences_health"].value == "<small>= 30,3%</small>"  # 30 of 99, as the table
    assert "(de officiële weging)" in panel.status.value and "Index071 2016: 112,52" in panel.status.value


def test_slider_move_shows_total_and_difference_like_the_pipeline(edition, panel):
    panel.basket_sliders["life_sciences_health"].value = 25.0
    weights = edition.basket_weights.astype(float).copy()
    weights["life_sciences_health"] = 25.0
    official = compute_index(edition, warn=False).total[2016]
    moved = compute_index(edition, basket_weights=weights, warn=False).total[2016]
    frame = panel.last["frame"]
    assert frame.loc["index071", "value"] == pytest.approx(moved, abs=1e-10)
    assert frame.loc["index071", "diff"] == pytest.approx(moved - official, abs=1e-10)
    assert round(moved - official, 2) == -0.24  # the issue: "lowers the 2016 total by 0,24 points"
    assert "Index071 2016: 112,28</b>" in panel.status.value and "−0,24" in panel.status.value
    assert "ten opzichte van 112,52 bij de officiële weging" in panel.status.value
    assert '<td class="changed">−0,24</td>' in panel.table.value  # the changed total, highlighted
    assert '<td class="changed">26,6%</td>' in panel.table.value  # Life Sciences & Health now counts less
    # every difference in the panel with the headline's two decimals: a basket that did not move shows 0,00
    frame, table = panel.last["frame"], panel.table.value
    assert frame.loc["regiomarketing", "diff"] == pytest.approx(0.0, abs=1e-10)
    assert "<td>0,00</td>" in table and "<td>0</td>" not in table
    assert "t.o.v." not in panel.status.value


def test_parameter_move_recomputes_like_the_pipeline(edition, panel):
    panel.basket_sliders["life_sciences_health"].value = 20.0
    panel.parameter_sliders["expats"].value = 0.0
    expected = compute_scenario(edition, Scenario(name="x", basket_weights={"life_sciences_health": 20},
                                                  parameter_weights={"expats": 0}), warn=False).series
    np.testing.assert_allclose(panel.last["series"].to_numpy(), expected.to_numpy(), rtol=0, atol=1e-10)
    assert panel.last["compute_ms"] >= 0


def test_nothing_to_compute_hides_the_results_and_reset_brings_them_back(edition, panel):
    for slider in panel.basket_sliders.values():
        slider.value = 0.0
    assert panel.last == {} and panel.results.layout.display == "none"
    assert "Er valt niets te berekenen" in panel.status.value
    panel.reset_button.click()
    assert panel.results.layout.display is None
    assert panel.basket_sliders["regiomarketing"].value == edition.basket_weights["regiomarketing"]
    assert panel.last["series"].equals(WeightModel.from_edition(edition).frame())


def test_save_by_free_text_name_then_use_the_name_everywhere(edition, data_copy, capsys, monkeypatch):
    from index071lib.data.edition import load_edition

    copy = load_edition(2017, data_copy)
    panel = WhatIfPanel(copy, draw=False)  # default folder: outputs/scenarios/ beside the data folder
    assert panel.save_dir == saved_scenarios_dir(data_copy)
    panel.basket_sliders["regiomarketing"].value = 25.0
    panel.name.value = "Meer regiomarketing 25"
    assert "meer_regiomarketing_25" in panel.name_hint.value
    path = panel.save()
    assert path == saved_scenarios_dir(data_copy) / "meer_regiomarketing_25.yml"
    data = yaml.safe_load(path.read_text())
    assert data == {"name": "meer_regiomarketing_25", "title": "Meer regiomarketing 25",
                    "description": "Meer regiomarketing 25",
                    "basket_weights": {"regiomarketing": 25.0}}
    assert "Bewaard als meer_regiomarketing_25" in panel.feedback.value
    assert "index071 whatif --scenario meer_regiomarketing_25" in panel.feedback.value  # by name, not by file
    assert "meer_regiomarketing_25" in panel.load_choice.options  # listed for loading and comparing
    saved = load_scenario(path, copy)
    np.testing.assert_allclose(compute_scenario(copy, saved, warn=False).series.to_numpy(),
                               panel.last["series"].to_numpy(), rtol=0, atol=1e-10)
    monkeypatch.setenv("INDEX071_DATA", str(data_copy))
    code = main(["whatif", "--edition", "2017", "--scenario", "meer_regiomarketing_25", "--format", "csv"])
    assert code == 0 and "meer_regiomarketing_25,index071,2016" in capsys.readouterr().out


def test_save_refuses_in_dutch_next_to_the_button(edition, panel, tmp_path):
    panel.name.value = "x"
    assert panel.save() == tmp_path / "x.yml"
    assert panel.save() is None and "er is al een scenario <code>x</code>" in panel.feedback.value
    panel.name.value = "life sciences 20"  # a shipped name: never shadowed by a saved one
    assert panel.save() is None and "life_sciences_20" in panel.feedback.value
    panel.name.value = "?!"
    assert panel.save() is None and "geef het scenario een naam" in panel.feedback.value
    for p in edition.parameters.index[edition.basket_of == "regiomarketing"]:
        panel.parameter_sliders[p].value = 0.0
    assert "Regiomarketing" in panel.notes.value
    panel.name.value = "leeg"
    assert panel.save() is None and "Regiomarketing staat elke parameter op 0" in panel.feedback.value
    assert not (tmp_path / "leeg.yml").exists()
    assert "key" not in panel.feedback.value  # no English from the scenario checks


def test_load_puts_a_scenario_into_the_sliders(edition, panel):
    scenario = panel.load("hoofdstuktekst")
    weights, baskets = scenario_weights(edition, scenario)
    assert {b: s.value for b, s in panel.basket_sliders.items()} == pytest.approx(baskets.to_dict())
    assert {p: s.value for p, s in panel.parameter_sliders.items()} == pytest.approx(weights.to_dict())
    expected = compute_scenario(edition, scenario, warn=False).series
    np.testing.assert_allclose(panel.last["series"].to_numpy(), expected.to_numpy(), rtol=0, atol=1e-10)
    assert "Geladen: <b>Wegingen uit de hoofdstukteksten</b>" in panel.load_feedback.value  # the title, not the slug
    equal = panel.load("gelijke_wegingen")  # weights off the 0.5 grid and beyond nothing: the slider extends
    assert equal is not None and panel.parameter_sliders["zzp"].value == 1.0
    assert panel.load("bestaat_niet") is None and "Niet geladen" in panel.load_feedback.value


def test_compare_scenarios_side_by_side(edition, panel):
    panel.basket_sliders["life_sciences_health"].value = 25.0
    frame = panel.compare(["life_sciences_20", "gelijke_wegingen"])
    assert list(frame.columns) == ["official", "life_sciences_20", "gelijke_wegingen", "sliders"]
    for name in ("life_sciences_20", "gelijke_wegingen"):
        expected = compute_scenario(edition, load_scenario(resolve_scenario_path(name), edition), warn=False)
        assert frame[name].to_dict() == pytest.approx(expected.series[2016].to_dict())
    assert frame.loc["index071", "sliders"] == pytest.approx(panel.last["frame"].loc["index071", "value"])
    assert "Officieel" in panel.comparison.value and "Schuifjes" in panel.comparison.value
    shown = panel.comparison.value
    panel.basket_sliders["life_sciences_health"].value = 30.0  # the sliders column follows, never stale
    assert panel.comparison.value != shown and "112,28 (−0,24)" not in panel.comparison.value
    assert "112,28 (−0,24)" in shown
    for slider in panel.basket_sliders.values():
        slider.value = 0.0
    assert panel.comparison.value == ""  # nothing to compute: no comparison standing as if current


def test_chart_is_drawn_once_and_updated(edition, tmp_path):
    start = Scenario(name="ls", description="LS 20", basket_weights={"life_sciences_health": 20})
    panel = WhatIfPanel(edition, start=start, save_dir=tmp_path, band_draws=300)
    assert panel.basket_sliders["life_sciences_health"].value == 20 and panel.last["band"] is not None
    first = panel.chart.value
    figure = panel.chart_figure.figure
    panel.basket_sliders["life_sciences_health"].value = 30.0
    assert panel.chart.value[:4] == b"\x89PNG" and panel.chart.value != first
    assert panel.chart_figure.figure is figure  # the same figure, new data
    assert len(panel.widget.children) == 3


def test_every_parameter_has_its_full_name_as_label(edition, panel):
    # cut off at a label width, two sliders both read "Aantal gediplomeerden (hbo en mbo) met e…" (seen in
    # JupyterLab); the label is now an HTML box that wraps, with the full name also as tooltip
    accordion = panel.widget.children[0].children[0].children[-2]
    labels = [row.children[0].value for section in accordion.children for row in section.children]
    assert len(labels) == len(edition.parameters)
    for label, p in zip(labels, [p for b in edition.basket_ids for p in edition.parameters.index
                                 if edition.basket_of[p] == b]):
        name = html.escape(str(edition.parameters.loc[p, "name"]))
        assert f'title="{name}">{name}</div>' in label


def test_geometric_panel_computes_and_saves_its_method(edition, tmp_path):
    panel = WhatIfPanel(edition, save_dir=tmp_path, draw=False, aggregation="geometric")
    panel.basket_sliders["life_sciences_health"].value = 20.0
    scenario = Scenario(name="x", basket_weights={"life_sciences_health": 20})
    expected = compute_scenario(edition, scenario, warn=False, aggregation="geometric").series
    np.testing.assert_allclose(panel.last["series"].to_numpy(), expected.to_numpy(), rtol=0, atol=1e-10)
    official = compute_scenario(edition, None, warn=False, aggregation="geometric").series[2016]
    assert panel.last["frame"]["official"].to_dict() == pytest.approx(official.to_dict())
    assert "geometric gemiddelde" in panel.notes.value and "niet de gepubliceerde" in panel.notes.value
    panel.name.value = "meetkundig"
    path = panel.save()
    assert yaml.safe_load(path.read_text())["aggregation"] == "geometric"
    assert load_scenario(path, edition).aggregation == "geometric"
    started = WhatIfPanel(edition, start=load_scenario(path, edition), save_dir=tmp_path, draw=False)
    assert started.model.aggregation == "geometric"  # the sliders explore the start scenario's method
    plain = WhatIfPanel(edition, save_dir=tmp_path, draw=False)
    assert plain.model.aggregation == "arithmetic" and plain.notes.value == ""
    assert plain.load(str(path)) is not None and "alleen de wegingen zijn geladen" in plain.load_feedback.value


def test_static_picture_shows_the_chart_only_when_something_differs(edition, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(type(obj).__name__))
    WhatIfPanel(edition, save_dir=tmp_path, draw=False).show_static()
    assert shown == ["HTML"]  # the official weights: status line and table, no flat chart
    shown.clear()
    start = Scenario(name="ls", basket_weights={"life_sciences_health": 20})
    WhatIfPanel(edition, start=start, save_dir=tmp_path, draw=False).show_static()
    assert shown == ["HTML", "Image"]


def test_static_scenario_report_speaks_of_the_scenario_not_of_sliders(edition, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    start = Scenario(name="ls", basket_weights={"life_sciences_health": 20})
    panel = WhatIfPanel(edition, start=start, save_dir=tmp_path, draw=False)
    panel.show_static()
    table = shown[0].data
    assert "2016<br>scenario" in table and "Telt mee<br>scenario" in table and "schuifjes" not in table
    assert "ten opzichte van 112,52 bij de officiële weging" in table and "<td>0,00</td>" in table
    titles = []
    monkeypatch.setattr("index071lib.report.whatif_charts.DifferenceChart.png",
                        lambda chart: titles.append(chart.ax.get_title()) or b"")
    panel.show_static()
    assert titles == ["Verschil scenario min officiële weging"]
