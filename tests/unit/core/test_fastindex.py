from pathlib import Path

import numpy as np
import pytest

from index071lib.core.fastindex import WeightModel
from index071lib.core.pipeline import compute_index, compute_scenario
from index071lib.data.scenarios import load_scenario, scenario_weights

SCENARIOS = Path(__file__).resolve().parents[3] / "data" / "scenarios"


@pytest.mark.parametrize("alignment", ["lag", "carry", "available"])
def test_reference_weights_equal_pipeline(edition, alignment):
    model = WeightModel.from_edition(edition, alignment=alignment)
    expected = compute_index(edition, alignment=alignment, warn=False).series
    assert model.frame().index.tolist() == expected.index.tolist()
    np.testing.assert_allclose(model.frame().to_numpy(), expected.to_numpy(), rtol=0, atol=1e-10)


def test_available_alignment_has_missing_cells(edition):
    assert WeightModel.from_edition(edition, alignment="available").complete is False
    assert WeightModel.from_edition(edition).complete is True


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yml")), ids=lambda p: p.stem)
@pytest.mark.parametrize("alignment", ["lag", "available"])
def test_shipped_scenarios_equal_pipeline(edition, path, alignment):
    scenario = load_scenario(path, edition)
    model = WeightModel.from_edition(edition, alignment=alignment, scenario=scenario)
    expected = compute_scenario(edition, scenario, alignment=alignment, warn=False).series
    np.testing.assert_allclose(model.frame().to_numpy(), expected.to_numpy(), rtol=0, atol=1e-10)


def test_stack_equals_one_by_one(edition):
    model = WeightModel.from_edition(edition, alignment="available")
    rng = np.random.default_rng(0)
    w = rng.uniform(0.1, 2.0, size=(7, len(model.parameters)))
    b = rng.uniform(0.1, 2.0, size=(7, len(model.baskets)))
    stacked = model.series(w, b)
    assert stacked.shape == (7, 6, 5)
    for i in range(7):
        expected = compute_index(edition, alignment="available", warn=False,
                                 weights=_series(edition, model.parameters, w[i]),
                                 basket_weights=_series(edition, model.baskets, b[i])).series
        np.testing.assert_allclose(stacked[i], expected.to_numpy(), rtol=0, atol=1e-10)
    np.testing.assert_allclose(model.columns(w.T, b.T).transpose(2, 0, 1), stacked)


def _series(edition, ids, values):
    import pandas as pd
    return pd.Series(values, index=list(ids))


def test_scale_free(edition):
    model = WeightModel.from_edition(edition)
    np.testing.assert_allclose(model.series(model.weights * 7.5, model.basket_weights / 3), model.series())


def test_basket_without_weights_is_missing_and_total_uses_the_others(edition):
    model = WeightModel.from_edition(edition)
    w = model.weights.copy()
    w[model.basket_index == 1] = 0.0  # ondernemerschap: no weighted parameter
    baskets, total = model.baskets_and_total(w, model.basket_weights)
    assert np.isnan(baskets[0, 1]).all()
    keep = np.arange(len(model.baskets)) != 1
    expected = (baskets[0, keep] * model.basket_weights[keep, None]).sum(axis=0) / model.basket_weights[keep].sum()
    np.testing.assert_allclose(total[0], expected)


def test_single_weighting_broadcasts_against_a_stack(edition):
    model = WeightModel.from_edition(edition)
    b = np.tile(model.basket_weights, (3, 1))
    assert model.series(None, b).shape == (3, 6, 5)


def test_constant_years_is_the_base_year(edition):
    model = WeightModel.from_edition(edition)
    assert [y for y, c in zip(model.years, model.constant_years()) if c] == [2012]


def test_scenario_model_uses_scenario_weights(edition):
    scenario = load_scenario(SCENARIOS / "life_sciences_20.yml", edition)
    model = WeightModel.from_edition(edition, scenario=scenario)
    w, b = scenario_weights(edition, scenario)
    assert model.basket_weights.tolist() == b.tolist() and model.weights.tolist() == w.tolist()


# --- the geometric mean: the same matrix product on logarithms ---------------------------------------------

@pytest.mark.parametrize("alignment", ["lag", "carry", "available"])
def test_geometric_reference_weights_equal_pipeline(edition, alignment):
    model = WeightModel.from_edition(edition, alignment=alignment, aggregation="geometric")
    expected = compute_index(edition, alignment=alignment, warn=False, aggregation="geometric").series
    np.testing.assert_allclose(model.frame().to_numpy(), expected.to_numpy(), rtol=0, atol=1e-10)
    arithmetic = WeightModel.from_edition(edition, alignment=alignment).frame()
    assert (arithmetic - model.frame()).abs().max().max() > 0.1  # really another method


@pytest.mark.parametrize("alignment", ["lag", "available"])
def test_geometric_stack_equals_one_by_one(edition, alignment):
    model = WeightModel.from_edition(edition, alignment=alignment, aggregation="geometric")
    rng = np.random.default_rng(1)
    w = rng.uniform(0.0, 2.0, size=(6, len(model.parameters)))
    b = rng.uniform(0.1, 2.0, size=(6, len(model.baskets)))
    stacked = model.series(w, b)
    for i in range(len(w)):
        expected = compute_index(edition, alignment=alignment, warn=False, aggregation="geometric",
                                 weights=_series(edition, model.parameters, w[i]),
                                 basket_weights=_series(edition, model.baskets, b[i])).series
        np.testing.assert_allclose(stacked[i], expected.to_numpy(), rtol=0, atol=1e-10)


def test_geometric_basket_without_weights_is_missing_and_total_uses_the_others(edition):
    from index071lib.core.aggregate import weighted_geometric_mean

    model = WeightModel.from_edition(edition, aggregation="geometric")
    w = model.weights.copy()
    w[model.basket_index == 1] = 0.0  # ondernemerschap: no weighted parameter
    baskets, total = model.baskets_and_total(w, model.basket_weights)
    assert np.isnan(baskets[0, 1]).all()
    keep = np.arange(len(model.baskets)) != 1
    others = _frame(baskets[0, keep], [b for k, b in zip(keep, model.baskets) if k], model.years)
    expected = weighted_geometric_mean(others, _series(edition, others.index, model.basket_weights[keep]))
    np.testing.assert_allclose(total[0], expected.to_numpy(), rtol=0, atol=1e-10)


def _frame(values, index, columns):
    import pandas as pd
    return pd.DataFrame(values, index=list(index), columns=list(columns))


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yml")), ids=lambda p: p.stem)
def test_geometric_shipped_scenarios_equal_pipeline(edition, path):
    scenario = load_scenario(path, edition)
    model = WeightModel.from_edition(edition, scenario=scenario, aggregation="geometric")
    expected = compute_scenario(edition, scenario, warn=False, aggregation="geometric").series
    np.testing.assert_allclose(model.frame().to_numpy(), expected.to_numpy(), rtol=0, atol=1e-10)


def test_geometric_base_year_is_exactly_100_for_every_weighting(edition):
    model = WeightModel.from_edition(edition, aggregation="geometric")
    rng = np.random.default_rng(2)
    series = model.series(rng.uniform(0.1, 2.0, (50, len(model.parameters))), rng.uniform(0.1, 2.0, (50, 5)))
    assert (series[:, :, 0] == 100.0).all()
    assert [y for y, c in zip(model.years, model.constant_years()) if c] == [2012]


def test_scenario_names_its_aggregation(edition, tmp_path):
    path = tmp_path / "geo.yml"
    path.write_text("name: geo\naggregation: geometric\n")
    scenario = load_scenario(path, edition)
    assert WeightModel.from_edition(edition, scenario=scenario).aggregation == "geometric"
    assert WeightModel.from_edition(edition, scenario=None).aggregation == "arithmetic"
