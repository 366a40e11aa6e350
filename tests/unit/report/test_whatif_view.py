import pytest

from index071lib.core.fastindex import WeightModel
from index071lib.core.pipeline import compute_scenario
from index071lib.data.scenarios import Scenario
from index071lib.report.whatif_view import (
    comparison_frame,
    comparison_html,
    last_year_frame,
    results_html,
    status_text,
)


def test_last_year_frame_matches_the_pipeline(edition):
    model = WeightModel.from_edition(edition)
    weights = model.weights.copy()
    weights[model.parameters.index("expats")] = 0.0
    baskets = model.basket_weights.copy()
    baskets[model.baskets.index("regiomarketing")] = 40.0
    frame = last_year_frame(model, weights, baskets)
    scenario = Scenario(name="x", parameter_weights={"expats": 0.0}, basket_weights={"regiomarketing": 40.0})
    expected = compute_scenario(edition, scenario, warn=False).series[2016]
    official = compute_scenario(edition, None, warn=False).series[2016]
    assert list(frame.index) == ["index071", *edition.basket_ids]
    assert frame["value"].to_dict() == pytest.approx(expected.to_dict(), abs=1e-10)
    assert frame["diff"].to_dict() == pytest.approx((expected - official).to_dict(), abs=1e-10)
    others = edition.basket_weights.sum() - edition.basket_weights["regiomarketing"]
    assert frame["share"].sum() == pytest.approx(100.0)
    assert frame.loc["regiomarketing", "share"] == pytest.approx(40 / (others + 40) * 100)


def test_results_html_escapes_names_and_marks_only_changed_cells(edition):
    model = WeightModel.from_edition(edition)
    frame = last_year_frame(model, model.weights, model.basket_weights)
    names = {**edition.basket_names, "regiomarketing": "<b>Regio</b> & co"}
    table = results_html(frame, names, 2016)
    assert "&lt;b&gt;Regio&lt;/b&gt; &amp; co" in table and "<b>Regio</b>" not in table
    assert 'class="changed"' not in table  # the official weights: nothing changed
    assert status_text(frame, "index071", 2016) == "Index071 2016: 112,52 (de officiële weging)"


def test_comparison_frame_and_html(edition):
    scenarios = [Scenario(name="a<b>", basket_weights={"regiomarketing": 30})]
    frame = comparison_frame(edition, scenarios)
    expected = compute_scenario(edition, scenarios[0], warn=False).series[2016]
    assert frame["a<b>"].to_dict() == pytest.approx(expected.to_dict())
    html = comparison_html(frame, edition.basket_names, 2016)
    assert "a&lt;b&gt;" in html and "<th>Officieel</th>" in html
    diff = expected["index071"] - frame.loc["index071", "official"]
    assert f"({'+' if diff > 0 else '−'}{abs(diff):.2f})".replace(".", ",") in html
    assert list(comparison_frame(edition, []).columns) == ["official"]
