import json

import numpy as np
import pytest

from index071lib.analysis.sensitivity import (
    band,
    draw_weights,
    influence,
    scheme_description,
    simulate,
    summarise,
)
from index071lib.core.fastindex import WeightModel
from index071lib.core.pipeline import compute_index, compute_scenario
from index071lib.data.scenarios import Scenario


@pytest.fixture(scope="module")
def model(edition):
    return WeightModel.from_edition(edition)


def test_reproducible_with_seed(model):
    a = simulate(model, 3000, seed=5)
    b = simulate(model, 3000, seed=5)
    c = simulate(model, 3000, seed=6)
    assert a.summary.equals(b.summary)
    assert not a.summary["median"].equals(c.summary["median"])


def test_result_does_not_depend_on_threads(model):
    n = 70_000  # two chunks
    assert simulate(model, n, seed=1, workers=1).summary.equals(simulate(model, n, seed=1, workers=3).summary)


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 4,096 draws, so that a few ten thousand draws take the streamed path."""
    from index071lib.analysis import sensitivity

    monkeypatch.setattr(sensitivity, "CHUNK", 4096)
    return sensitivity


def test_streamed_quantiles_equal_the_stored_ones(model, small_chunks, monkeypatch):
    n = 30_001  # 8 chunks: streamed through windows
    streamed = simulate(model, n, seed=8, workers=2)
    for workers in (1, 3):  # 3 threads: other pilot chunks, other windows, the same numbers
        assert simulate(model, n, seed=8, workers=workers).summary.equals(streamed.summary)
    monkeypatch.setattr(small_chunks, "STREAM_FROM", 10**9)  # every draw kept and partitioned
    stored = simulate(model, n, seed=8)
    assert stored.summary.equals(streamed.summary)
    w, b = draw_weights(model, n, seed=8)
    direct = summarise(model, model.series(w, b), model.series()[0])
    cols = ["median", "p05", "p95", "share_rising"]
    np.testing.assert_allclose(direct[cols].to_numpy(), streamed.summary[cols].to_numpy(), rtol=0, atol=1e-9)


def test_a_missed_window_falls_back_to_the_stored_draws(model, small_chunks, monkeypatch):
    calls = []

    class Missing(small_chunks.QuantileWindows):
        def finish(self, parts, mapper=map):
            calls.append(len(parts))
            return None

    expected = simulate(model, 30_001, seed=8).summary
    monkeypatch.setattr(small_chunks, "QuantileWindows", Missing)
    assert simulate(model, 30_001, seed=8).summary.equals(expected)
    assert calls == [8]


def blas_threads() -> set:
    from threadpoolctl import threadpool_info

    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


def test_blas_runs_on_one_thread_during_the_draws_and_is_restored(model, monkeypatch):
    from threadpoolctl import threadpool_limits

    from index071lib.analysis import sensitivity

    seen = []
    real = sensitivity._draw_block

    def spy(*args, **kwargs):
        seen.append(blas_threads())
        return real(*args, **kwargs)

    monkeypatch.setattr(sensitivity, "_draw_block", spy)
    with threadpool_limits(limits=2, user_api="blas"):  # so that "1" is a change, whatever the machine
        simulate(model, 5000, workers=2)
        assert blas_threads() == {2}
    assert seen and all(s == {1} for s in seen)


def test_numba_or_numpy_gamma_give_the_same_result(model, small_chunks, monkeypatch):
    from index071lib.analysis import gamma

    kernel, calls = gamma._kernel(), []
    assert kernel is not None

    def spy(*args):
        calls.append(args[2].shape)
        return kernel(*args)

    monkeypatch.setattr(gamma, "_kernel", lambda: spy)
    compiled = simulate(model, 20_000, seed=12)
    assert len(calls) == 5 and calls[0] == (len(model.parameters) + len(model.baskets), 4096)  # every chunk
    monkeypatch.setattr(gamma, "_kernel", lambda: None)
    assert simulate(model, 20_000, seed=12).summary.equals(compiled.summary)


def test_a_model_without_varying_cells(model, small_chunks):
    from dataclasses import replace

    one_year = replace(model, aligned=model.aligned[:, :1], years=model.years[:1])
    s = simulate(one_year, 30_000).summary  # enough chunks to stream, but nothing varies
    np.testing.assert_array_equal(s["median"], s["baseline"])
    assert s["share_rising"].isna().all()


def test_cells_that_do_not_vary_stream_exactly(model, small_chunks, monkeypatch):
    streamed = simulate(model, 30_000, scheme="uniform", spread=0.0)
    monkeypatch.setattr(small_chunks, "STREAM_FROM", 10**9)
    assert simulate(model, 30_000, scheme="uniform", spread=0.0).summary.equals(streamed.summary)


def test_simulate_summarises_the_draws_of_draw_weights(model):
    w, b = draw_weights(model, 70_000, seed=3)
    direct = summarise(model, model.series(w, b), model.series()[0])
    fast = simulate(model, 70_000, seed=3).summary
    cols = ["baseline", "median", "p05", "p95", "share_rising"]
    np.testing.assert_allclose(direct[cols].to_numpy(), fast[cols].to_numpy(), rtol=0, atol=1e-9)


@pytest.mark.parametrize("scheme", ["dirichlet", "uniform"])
def test_median_approaches_baseline_as_spread_shrinks(model, scheme):
    def worst(result):
        s = result.summary
        return float((s["median"] - s["baseline"]).abs().max()), float((s["p95"] - s["p05"]).max())

    wide = simulate(model, 4000, seed=2, scheme=scheme, concentration=20, spread=0.5)
    narrow = simulate(model, 4000, seed=2, scheme=scheme, concentration=1e4, spread=0.05)
    tiny = simulate(model, 4000, seed=2, scheme=scheme, concentration=1e9, spread=1e-6)
    assert worst(tiny)[0] < 1e-3 < worst(wide)[0]
    assert worst(tiny)[1] < worst(narrow)[1] < worst(wide)[1]


def test_zero_spread_gives_the_baseline_and_its_direction(model, edition):
    s = simulate(model, 500, scheme="uniform", spread=0.0).summary
    np.testing.assert_allclose(s["median"], s["baseline"], rtol=0, atol=1e-9)
    base = compute_index(edition, warn=False).total
    rows = s[s["series"] == "index071"].set_index("year")
    assert rows.loc[2016, "share_rising"] == float(base[2016] > base[2015]) == 1.0
    assert np.isnan(rows.loc[2012, "share_rising"])


def test_band_contains_baseline_and_shares_are_fractions(model):
    s = simulate(model, 5000, seed=1).summary
    varying = s[s["year"] > 2012]
    assert ((varying["p05"] <= varying["median"]) & (varying["median"] <= varying["p95"])).all()
    assert ((varying["p05"] < varying["baseline"]) & (varying["baseline"] < varying["p95"])).all()
    assert varying["share_rising"].between(0, 1).all()
    # vestigingsklimaat fell in 2016 under the panel weights (103.75 -> 102.41): most draws agree
    assert varying.set_index(["series", "year"]).loc[("vestigingsklimaat", 2016), "share_rising"] < 0.05


def test_dirichlet_draws_have_the_panel_weights_as_mean(model):
    w, b = draw_weights(model, 20_000, seed=4)
    shares = b / b.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(shares.mean(axis=0), model.basket_weights / model.basket_weights.sum(), atol=2e-3)


def test_dropped_parameters_stay_dropped(edition):
    model = WeightModel.from_edition(edition, scenario=Scenario(name="d", drop=["expats"]))
    w, _ = draw_weights(model, 100, seed=1)
    assert (w[:, model.parameters.index("expats")] == 0).all()
    assert (w[:, model.parameters.index("zzp")] > 0).all()


def test_influence_equals_pipeline_runs(edition, model):
    table = influence(model).set_index("id")
    for parameter in ["expats", "shanghai_ranking", "bsp_werkzame_personen"]:
        total = compute_scenario(edition, Scenario(name="x", drop=[parameter]), warn=False).total
        assert table.loc[parameter, "latest"] == pytest.approx(total[2016], abs=1e-10)
        assert table.loc[parameter, "change"] == pytest.approx(total[2016] - total[2015], abs=1e-10)
    total = compute_scenario(edition, Scenario(name="x", basket_weights={"vestigingsklimaat": 0}), warn=False).total
    assert table.loc["vestigingsklimaat", "latest"] == pytest.approx(total[2016], abs=1e-10)
    base = compute_index(edition, warn=False).total
    assert table.loc["expats", "effect_level"] == pytest.approx(table.loc["expats", "latest"] - base[2016])


def test_band_around_other_weights_equals_a_model_centred_there(edition, model):
    scenario = Scenario(name="ls", basket_weights={"life_sciences_health": 20})
    centred = WeightModel.from_edition(edition, scenario=scenario)
    assert band(model, centred.weights, centred.basket_weights, n=2000).equals(simulate(centred, 2000).summary)


def test_to_dict_is_json_with_the_documented_shape(model):
    result = simulate(model, 1000, seed=9)
    data = json.loads(json.dumps(result.to_dict()))
    assert (data["n"], data["seed"], data["scheme"]) == (1000, 9, "dirichlet")
    cell = data["series"]["index071"]["2016"]
    assert set(cell) == {"baseline", "median", "p05", "p95", "share_rising"}
    assert data["series"]["index071"]["2012"]["share_rising"] is None
    assert set(data["series"]) == set(model.series_ids)


@pytest.mark.parametrize("kwargs", [dict(n=0), dict(scheme="normal"), dict(concentration=0),
                                    dict(concentration=float("inf")), dict(spread=1.0)])
def test_bad_arguments(model, kwargs):
    with pytest.raises(ValueError):
        simulate(model, **{"n": 10, **kwargs})


def test_scheme_description():
    assert "concentration 50" in scheme_description("dirichlet", 50)
    with pytest.raises(ValueError):
        scheme_description("x")
