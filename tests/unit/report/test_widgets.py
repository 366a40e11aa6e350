import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from index071lib.cli.main import main  # noqa: E402
from index071lib.core.fastindex import WeightModel  # noqa: E402
from index071lib.core.pipeline import compute_scenario
from index071lib.data.scenarios import Scenario, load_scenario  # noqa: E402
from index071lib.report.widgets import WhatIfPanel, contribution_frame  # noqa: E402


@pytest.fixture
def panel(edition, tmp_path):
    return WhatIfPanel(edition, save_dir=tmp_path, band_draws=500, draw=False)


def test_sliders_start_at_the_annex_weights(edition, panel):
    assert panel.basket_sliders["life_sciences_health"].value == 30
    assert panel.parameter_sliders["zzp"].value == edition.weights["zzp"]
    assert panel.last["series"].equals(WeightModel.from_edition(edition).frame())


def test_slider_move_recomputes_like_the_pipeline(edition, panel):
    panel.basket_sliders["life_sciences_health"].value = 20
    panel.parameter_sliders["expats"].value = 0
    expected = compute_scenario(edition, Scenario(name="x", basket_weights={"life_sciences_health": 20},
                                                  parameter_weights={"expats": 0}), warn=False).series
    np.testing.assert_allclose(panel.last["series"].to_numpy(), expected.to_numpy(), rtol=0, atol=1e-10)
    assert panel.last["compute_ms"] >= 0 and panel.last["band"] is not None
    assert panel.status.value.startswith("Herberekend in ")


def test_save_writes_a_scenario_the_cli_accepts(edition, panel, tmp_path, capsys):
    panel.basket_sliders["regiomarketing"].value = 25
    panel.name.value = "meer_regiomarketing"
    panel.save_button.click()
    path = tmp_path / "meer_regiomarketing.yml"
    assert yaml.safe_load(path.read_text())["basket_weights"] == {"regiomarketing": 25.0}
    saved = load_scenario(path, edition)
    np.testing.assert_allclose(compute_scenario(edition, saved, warn=False).series.to_numpy(),
                               panel.last["series"].to_numpy(), rtol=0, atol=1e-10)
    code = main(["whatif", "--edition", "2017", "--scenario", str(path), "--format", "csv"])
    assert code == 0 and "meer_regiomarketing,index071,2016" in capsys.readouterr().out


def test_save_never_overwrites_and_reports_invalid_sliders(edition, panel, tmp_path):
    panel.name.value = "x"
    assert panel.save() == tmp_path / "x.yml"
    assert panel.save() is None and "bestaat al" in panel.status.value
    for p in edition.parameters.index[edition.basket_of == "regiomarketing"]:
        panel.parameter_sliders[p].value = 0
    assert "Regiomarketing" in panel.notes.value
    panel.name.value = "leeg"
    assert panel.save() is None and "Niet bewaard" in panel.status.value and not (tmp_path / "leeg.yml").exists()


def test_start_scenario_and_widget(edition, tmp_path):
    start = Scenario(name="ls", description="LS 20", basket_weights={"life_sciences_health": 20})
    panel = WhatIfPanel(edition, start=start, save_dir=tmp_path, band_draws=0, draw=True)
    assert panel.basket_sliders["life_sciences_health"].value == 20 and panel.last["band"] is None
    assert panel.name.value == "ls"
    assert len(panel.widget.children) > 5


def test_contribution_frame_adds_up(edition):
    model = WeightModel.from_edition(edition)
    frame = contribution_frame(model, model.weights, model.basket_weights * np.array([1, 2, 1, 1, 1]))
    total = model.series(model.weights, model.basket_weights * np.array([1, 2, 1, 1, 1]))[0, -1]
    assert frame["contribution"].sum() == pytest.approx(total[-1] - total[-2])
    assert frame["share"].sum() == pytest.approx(100.0)


def test_geometric_panel_computes_contributes_and_saves_its_method(edition, tmp_path):
    panel = WhatIfPanel(edition, save_dir=tmp_path, band_draws=0, draw=False, aggregation="geometric")
    panel.basket_sliders["life_sciences_health"].value = 20
    scenario = Scenario(name="x", basket_weights={"life_sciences_health": 20})
    expected = compute_scenario(edition, scenario, warn=False, aggregation="geometric").series
    np.testing.assert_allclose(panel.last["series"].to_numpy(), expected.to_numpy(), rtol=0, atol=1e-10)
    frame = panel.last["contributions"]
    total = expected.loc["index071"]
    assert frame["contribution"].sum() == pytest.approx(total[2016] - total[2015], abs=1e-9)
    panel.name.value = "meetkundig"
    path = panel.save()
    assert yaml.safe_load(path.read_text())["aggregation"] == "geometric"
    assert load_scenario(path, edition).aggregation == "geometric"
    started = WhatIfPanel(edition, start=load_scenario(path, edition), save_dir=tmp_path, band_draws=0, draw=False)
    assert started.model.aggregation == "geometric"  # the sliders explore the start scenario's method
    assert WhatIfPanel(edition, save_dir=tmp_path, band_draws=0, draw=False).model.aggregation == "arithmetic"


def test_browser_slider_noise_stays_out_of_the_saved_scenario(edition, panel, tmp_path):
    # JupyterLab's slider sends 25.000000000000004 after two PageDown presses from 30 (seen in Chromium)
    panel.basket_sliders["life_sciences_health"].value = 25.000000000000004
    panel.parameter_sliders["zzp"].value = 4.499999999999999
    panel.name.value = "ruis"
    path = panel.save()
    data = yaml.safe_load(path.read_text())
    assert data["basket_weights"] == {"life_sciences_health": 25.0}
    assert data["parameter_weights"] == {"zzp": 4.5}
    assert "25.0" in path.read_text() and "000000" not in path.read_text()


def test_name_and_description_reach_the_kernel_on_change_only(panel):
    # per keystroke the frontend holds text updates back while the kernel is busy, but sends a click at
    # once: the click could overtake the name (seen in JupyterLab); one update on blur/Enter comes first
    assert panel.name.continuous_update is False and panel.description.continuous_update is False


def test_status_line_escapes_html(panel):
    panel.name.value = ""
    assert panel.save() is None
    assert "&lt;scenario &gt;: key &#x27;name&#x27;" in panel.status.value  # not swallowed as a tag "<scenario >"
    assert "<scenario" not in panel.status.value


def test_save_row_is_not_truncated(panel):
    # at ipywidgets' default widths JupyterLab showed "Omschrijv…" and "Bewaar als sce…"
    assert panel.save_button.layout.width == "auto"
    assert panel.name.style.description_width == panel.description.style.description_width == "initial"


def test_slider_labels_name_every_parameter_in_full(edition, panel):
    # cut off at 40 characters, two sliders both read "Aantal gediplomeerden (hbo en mbo) met e" (seen in
    # JupyterLab); the browser cuts a long label off itself and shows the tooltip on hover
    for p, slider in panel.parameter_sliders.items():
        assert slider.description == slider.tooltip == edition.parameters.loc[p, "name"]
    labels = [s.description for s in panel.parameter_sliders.values()]
    assert len(set(labels)) == len(labels)
    assert panel.basket_sliders["life_sciences_health"].description == edition.basket_names["life_sciences_health"]


def test_default_save_dir_lies_beside_the_editions_data_folder(data_copy):
    from index071lib.data.edition import load_edition
    from index071lib.report.widgets import default_save_dir

    assert default_save_dir(load_edition(2017, data_copy)) == data_copy.parent / "outputs" / "scenarios"
    assert WhatIfPanel(load_edition(2017, data_copy), band_draws=0, draw=False).save_dir == data_copy.parent / "outputs" / "scenarios"
