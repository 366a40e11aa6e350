import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from index071lib.cli import main  # noqa: E402
from index071lib.fastindex import WeightModel  # noqa: E402
from index071lib.scenarios import Scenario, compute_scenario, load_scenario  # noqa: E402
from index071lib.whatif_ui import WhatIfPanel, contribution_frame  # noqa: E402


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
