import sys

import numpy as np
import pytest

from index071lib.analysis import gamma
from index071lib.analysis._gamma_kernel import fill_rows
from index071lib.analysis.gamma import (
    agrees_with_numpy,
    fill_standard_gamma,
    numba_available,
)

SHAPES = np.array([0.0, 0.3, 1.0, 1.0 + 1e-12, 1.5, 5.0, 12.5, 30.303030303030305, 100.0, 1e6])


def numpy_rows(seed: int, shapes, n: int) -> tuple[np.ndarray, float]:
    rng = np.random.default_rng(seed)
    out = np.empty((len(shapes), n))
    for k, shape in enumerate(shapes):
        rng.standard_gamma(shape, size=n, out=out[k])
    return out, rng.random()


@pytest.fixture
def fresh_kernel():
    """Forget the cached kernel before and after the test (the test patches what it is built from)."""
    gamma._kernel.cache_clear()
    yield
    gamma._kernel.cache_clear()


def test_numba_is_installed_and_used():
    assert numba_available()  # a dependency: the README install must give the compiled kernel


def test_compiled_kernel_gives_numpys_numbers_and_generator_state():
    expected, next_value = numpy_rows(7, SHAPES, 50_000)
    rng = np.random.default_rng(7)
    out = fill_standard_gamma(rng, SHAPES, np.empty((len(SHAPES), 50_000)), use_numba=True)
    np.testing.assert_array_equal(out, expected)
    assert rng.random() == next_value


def test_the_algorithm_itself_uncompiled_gives_numpys_numbers():
    expected, next_value = numpy_rows(11, SHAPES, 300)
    rng = np.random.default_rng(11)
    out = np.empty((len(SHAPES), 300))
    fill_rows(rng, SHAPES, out)  # plain Python, no numba
    np.testing.assert_array_equal(out, expected)
    assert rng.random() == next_value


def test_agreement_check_catches_a_different_sampler():
    assert agrees_with_numpy(fill_rows)

    def marsaglia_with_float_noise(rng, shapes, out):
        fill_rows(rng, shapes, out)
        out[-1, -1] = np.nextafter(out[-1, -1], np.inf)

    def other_order(rng, shapes, out):  # right distribution, other random numbers
        for k in reversed(range(out.shape[0])):
            rng.standard_gamma(shapes[k], size=out.shape[1], out=out[k])

    assert not agrees_with_numpy(marsaglia_with_float_noise)
    assert not agrees_with_numpy(other_order)


def test_the_draws_are_gamma_distributed():
    out = fill_standard_gamma(np.random.default_rng(1), [2.0, 12.5], np.empty((2, 400_000)))
    np.testing.assert_allclose(out.mean(axis=1), [2.0, 12.5], rtol=5e-3)
    np.testing.assert_allclose(out.var(axis=1), [2.0, 12.5], rtol=2e-2)
    assert (out > 0).all()


def test_without_numba_numpy_fills_the_rows(monkeypatch, fresh_kernel):
    expected, _ = numpy_rows(3, [4.0, 0.5], 1000)
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba -> ImportError
    assert not numba_available()
    np.testing.assert_array_equal(fill_standard_gamma(np.random.default_rng(3), [4.0, 0.5], np.empty((2, 1000))),
                                  expected)
    with pytest.raises(RuntimeError, match="numba"):
        fill_standard_gamma(np.random.default_rng(3), [4.0], np.empty((1, 10)), use_numba=True)


def test_no_writable_cache_compiles_in_memory(monkeypatch, fresh_kernel):
    import numba

    real = numba.njit

    def njit(*args, **kwargs):
        if kwargs.get("cache"):
            raise RuntimeError("cannot cache function 'fill_rows': no locator available")
        return real(*args, **kwargs)

    monkeypatch.setattr(numba, "njit", njit)
    assert numba_available()
    expected, _ = numpy_rows(5, [3.0], 100)
    np.testing.assert_array_equal(fill_standard_gamma(np.random.default_rng(5), [3.0], np.empty((1, 100))), expected)


def test_a_kernel_that_disagrees_is_not_used(monkeypatch, fresh_kernel):
    import index071lib.analysis._gamma_kernel as source

    def wrong(rng, shapes, out):
        out[:] = 1.0

    monkeypatch.setattr(source, "fill_rows", wrong)
    with pytest.warns(RuntimeWarning, match="does not reproduce"):
        assert not numba_available()
    expected, _ = numpy_rows(2, [6.0], 50)
    np.testing.assert_array_equal(fill_standard_gamma(np.random.default_rng(2), [6.0], np.empty((1, 50))), expected)


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
