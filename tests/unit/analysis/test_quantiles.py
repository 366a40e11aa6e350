import numpy as np
import pytest

from index071lib.analysis.quantiles import QuantileWindows, quantiles_inplace, ranks

QS = (0.05, 0.5, 0.95)


def chunks_of(rows: np.ndarray, size: int) -> list[np.ndarray]:
    return [rows[:, a:a + size] for a in range(0, rows.shape[1], size)]


def test_ranks_match_numpy_linear_quantiles():
    x = np.random.default_rng(1).normal(size=1234)
    lo, hi, frac = ranks(len(x), QS)
    s = np.sort(x)
    # numpy interpolates from the upper value when the fraction is >= 0.5: equal up to the last bit
    np.testing.assert_allclose(s[lo] + (s[hi] - s[lo]) * frac, np.quantile(x, QS), rtol=1e-15, atol=0)


def test_quantiles_inplace_match_numpy():
    rows = np.random.default_rng(0).normal(size=(4, 1001))
    np.testing.assert_allclose(quantiles_inplace(rows.copy()), np.quantile(rows, QS, axis=1))


@pytest.mark.parametrize("n, size", [(50_001, 4096), (20_000, 20_000), (30_000, 777)])
def test_windows_give_the_exact_quantiles(n, size):
    rng = np.random.default_rng(n)
    rows = np.vstack([rng.normal(100, 3, n), rng.gamma(2.0, size=n), rng.uniform(size=n)])
    windows = QuantileWindows(rows[:, :5000], n)
    exact = windows.finish([windows.select(c) for c in chunks_of(rows, size)])
    # bit for bit the in-place partition (and numpy's quantile up to rounding)
    np.testing.assert_array_equal(exact, quantiles_inplace(rows.copy()))
    np.testing.assert_allclose(exact, np.quantile(rows, QS, axis=1), rtol=1e-15)


def test_windows_keep_only_a_few_values():
    rng = np.random.default_rng(3)
    rows = rng.normal(size=(2, 200_000))
    windows = QuantileWindows(rows[:, :32_768], rows.shape[1])
    part = windows.select(rows)
    kept = sum(len(v) for per_q in part.kept for v in per_q)
    assert kept < 0.1 * rows.size


def test_ties_and_extreme_quantiles():
    rows = np.random.default_rng(4).integers(0, 5, size=(3, 10_000)).astype(float)
    qs = (0.0, 0.3, 0.5, 1.0)
    windows = QuantileWindows(rows[:, :1000], rows.shape[1], qs)
    exact = windows.finish([windows.select(c) for c in chunks_of(rows, 3000)])
    np.testing.assert_array_equal(exact, quantiles_inplace(rows.copy(), qs))


def test_rows_may_be_given_as_a_list_of_views():
    rows = np.random.default_rng(5).normal(size=(3, 9000))
    windows = QuantileWindows(rows[:, :2000], 9000)
    as_list = windows.finish([windows.select([r for r in c]) for c in chunks_of(rows, 4000)])
    np.testing.assert_array_equal(as_list, quantiles_inplace(rows.copy()))


def test_a_missed_window_gives_none_not_a_wrong_number():
    rng = np.random.default_rng(6)
    pilot = rng.normal(0, 1, size=(1, 5000))
    data = rng.normal(5, 1, size=(1, 50_000))  # the pilot does not represent the data
    windows = QuantileWindows(pilot, data.shape[1])
    assert windows.finish([windows.select(c) for c in chunks_of(data, 10_000)]) is None


def test_nan_sorts_last_as_in_the_in_place_method():
    rows = np.random.default_rng(7).normal(size=(1, 10_000))
    rows[0, ::100] = np.nan  # 1% NaN: the 95% quantile and its window bounds are still numbers
    windows = QuantileWindows(rows[:, :5000], 10_000)
    exact = windows.finish([windows.select(c) for c in chunks_of(rows, 2500)])
    expected = quantiles_inplace(rows.copy())
    assert exact is not None and not np.isnan(expected).any()
    np.testing.assert_array_equal(exact, expected)
    rows[0, ::20] = np.nan  # 5%: the pilot's upper bound for the 95% quantile is NaN: no answer, not a wrong one
    windows = QuantileWindows(rows[:, :5000], 10_000)
    assert windows.finish([windows.select(c) for c in chunks_of(rows, 2500)]) is None


def test_bad_sample_shape():
    with pytest.raises(ValueError, match="sample"):
        QuantileWindows(np.zeros(10), 10)


def test_finish_on_a_thread_pool_gives_the_same_numbers():
    from concurrent.futures import ThreadPoolExecutor

    rows = np.random.default_rng(8).normal(size=(5, 12_000))
    windows = QuantileWindows(rows[:, :3000], 12_000)
    parts = [windows.select(c) for c in chunks_of(rows, 5000)]
    with ThreadPoolExecutor(2) as pool:
        np.testing.assert_array_equal(windows.finish(parts, pool.map), windows.finish(parts))


def test_a_cell_that_never_changes_is_counted_not_kept():
    rng = np.random.default_rng(9)
    rows = np.vstack([np.full(40_000, 104.25), rng.normal(size=40_000)])
    windows = QuantileWindows(rows[:, :8000], 40_000)
    parts = [windows.select(c) for c in chunks_of(rows, 10_000)]
    assert all(kept[0] is None for part in parts for kept in part.kept)  # nothing kept for the constant row
    np.testing.assert_array_equal(windows.finish(parts), quantiles_inplace(rows.copy()))


def test_parts_that_do_not_add_up_to_n_are_refused():
    rows = np.random.default_rng(10).normal(size=(2, 10_000))
    windows = QuantileWindows(rows[:, :2000], 10_000)
    parts = [windows.select(c) for c in chunks_of(rows, 1000)]
    with pytest.raises(ValueError, match="n = 10000"):
        windows.finish(parts[:-1])
    with pytest.raises(ValueError, match="n = 10000"):
        windows.finish(parts + parts[:1])
    with pytest.raises(ValueError, match="2 rows"):
        windows.select(rows[:1])
