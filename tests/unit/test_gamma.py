import numpy as np
import pytest

from index071lib import gamma
from index071lib.gamma import fill_standard_gamma, numba_available

SHAPES = np.array([0.0, 0.3, 1.0, 1.5, 5.0, 12.5, 30.303030303030305, 100.0, 1e6])


def numpy_rows(seed: int, shapes, n: int) -> tuple[np.ndarray, float]:
    rng = np.random.default_rng(seed)
    out = np.empty((len(shapes), n))
    for k, shape in enumerate(shapes):
        rng.standard_gamma(shape, size=n, out=out[k])
    return out, rng.random()


def test_numba_is_installed_and_used():
    assert numba_available()  # a dependency: the README install must give the compiled kernel


@pytest.mark.parametrize("use_numba", [None, True, False])
def test_same_numbers_and_generator_state_as_numpy(use_numba):
    expected, next_value = numpy_rows(7, SHAPES, 50_000)
    rng = np.random.default_rng(7)
    out = fill_standard_gamma(rng, SHAPES, np.empty((len(SHAPES), 50_000)), use_numba=use_numba)
    np.testing.assert_array_equal(out, expected)
    assert rng.random() == next_value


def test_the_draws_are_gamma_distributed():
    out = fill_standard_gamma(np.random.default_rng(1), [2.0, 12.5], np.empty((2, 400_000)))
    np.testing.assert_allclose(out.mean(axis=1), [2.0, 12.5], rtol=5e-3)
    np.testing.assert_allclose(out.var(axis=1), [2.0, 12.5], rtol=2e-2)
    assert (out > 0).all()


def test_without_numba_numpy_fills_the_rows(monkeypatch):
    expected, _ = numpy_rows(3, [4.0, 0.5], 1000)
    monkeypatch.setattr(gamma, "_kernel", lambda: None)
    assert not gamma.numba_available()
    np.testing.assert_array_equal(fill_standard_gamma(np.random.default_rng(3), [4.0, 0.5], np.empty((2, 1000))),
                                  expected)
    with pytest.raises(RuntimeError, match="numba"):
        fill_standard_gamma(np.random.default_rng(3), [4.0], np.empty((1, 10)), use_numba=True)


@pytest.mark.parametrize("shapes, out, message", [
    ([-1.0], np.empty((1, 5)), "shapes"),
    ([np.nan], np.empty((1, 5)), "shapes"),
    ([1.0, 2.0], np.empty((1, 5)), "one row per shape"),
    ([1.0], np.empty((1, 5), dtype=np.float32), "float64"),
    ([1.0, 1.0], np.empty((5, 2)).T, "C-contiguous"),
])
def test_bad_arguments(shapes, out, message):
    with pytest.raises(ValueError, match=message):
        fill_standard_gamma(np.random.default_rng(0), shapes, out)
