"""Saltelli's design and the Sobol' estimators: against SALib, and on models whose indices are known."""

import math

import numpy as np
import pytest
from SALib.analyze import sobol as salib_analyze
from SALib.sample import sobol as salib_sample
from SALib.test_functions import Ishigami

from index071lib.analysis.saltelli import (
    check_base_samples,
    resample_indices,
    saltelli_design,
    sobol_indices,
)


def _split(y: np.ndarray, n: int, d: int):
    """SALib's row order (per base sample: A, AB_1 … AB_D, B) → f(A), f(B), f(AB)."""
    rows = y.reshape(n, d + 2, *y.shape[1:])
    return rows[:, 0], rows[:, -1], np.moveaxis(rows[:, 1:-1], 1, 0)


def _indices(design, f, **kwargs):
    return sobol_indices(f(design.a), f(design.b), np.stack([f(design.ab(j)) for j in range(len(design.names))]),
                         **kwargs)


ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[list[float], list[float]]:
    """Analytic first-order and total indices of the Ishigami function (Sobol' & Levitan 1999)."""
    v1 = 0.5 * (1 + b * math.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * math.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def test_ishigami_formula_gives_the_published_values():
    s1, st = ishigami_indices()
    assert np.round(s1, 4).tolist() == [0.3139, 0.4424, 0.0]
    assert np.round(st, 4).tolist() == [0.5576, 0.4424, 0.2437]


@pytest.mark.parametrize("groups", [None, ["a", "b", "a"]], ids=["ungrouped", "grouped"])
def test_design_is_salibs_bit_for_bit(groups):
    problem = dict(ISHIGAMI, groups=groups) if groups else ISHIGAMI
    salib = salib_sample.sample(problem, 64, calc_second_order=False, seed=np.random.default_rng(9))
    design = saltelli_design(groups or ISHIGAMI["names"], 64, seed=9)
    assert np.array_equal(design.stacked() * (2 * math.pi) - math.pi, salib)


@pytest.mark.parametrize("groups", [None, ["a", "b", "a"]], ids=["ungrouped", "grouped"])
def test_indices_and_intervals_are_salibs(groups):
    """The vectorised bootstrap gives SALib's numbers: same estimators, same resamples."""
    problem = dict(ISHIGAMI, groups=groups) if groups else ISHIGAMI
    n, d = 512, len(set(groups or ISHIGAMI["names"]))
    x = salib_sample.sample(problem, n, calc_second_order=False, seed=np.random.default_rng(3))
    y = Ishigami.evaluate(x)
    ours = sobol_indices(*_split(y, n, d), num_resamples=300, conf_level=0.9, seed=11)
    theirs = salib_analyze.analyze(problem, y, calc_second_order=False, num_resamples=300, conf_level=0.9, seed=11)
    for key in ("S1", "ST", "S1_conf", "ST_conf"):
        np.testing.assert_allclose(getattr(ours, key.lower()), theirs[key], rtol=1e-10, atol=1e-13, err_msg=key)


def test_many_outputs_at_once_equal_one_at_a_time():
    design = saltelli_design(["x1", "x2", "x3"], 256, seed=4)

    def two(x):
        return np.stack([Ishigami.evaluate(x * 2 * math.pi - math.pi), x[:, 0] + 3 * x[:, 2] ** 2], axis=1)

    both = _indices(design, two, num_resamples=100, seed=5)
    for k in range(2):
        alone = _indices(design, lambda x: two(x)[:, k], num_resamples=100, seed=5)
        for key in ("s1", "st", "s1_conf", "st_conf"):
            np.testing.assert_allclose(getattr(both, key)[k], getattr(alone, key), rtol=1e-10, atol=1e-13)


def test_resample_indices_are_salibs_stream():
    """Drawn in slices and stored small, the resamples are the rows SALib draws in one call."""
    assert np.array_equal(resample_indices(9000, 50, seed=8), np.random.default_rng(8).integers(9000, size=(9000, 50)))


def test_additive_linear_model():
    """Y = Σ a_i X_i with X_i ~ U(0, 1): S_i = a_i² Var(X_i) / Var(Y) = a_i² / Σ a², first order = total.

    The fourth input does not enter: its indices are exactly 0. Checked against the 99% interval (eight
    checks at 95% would miss one in three seeds).
    """
    a = np.array([1.0, 2.0, 3.0, 0.0])
    design = saltelli_design(["x1", "x2", "x3", "dummy"], 4096, seed=1)
    s = _indices(design, lambda x: x @ a, num_resamples=1000, conf_level=0.99, seed=2)
    expected = a ** 2 / (a ** 2).sum()
    assert np.all(np.abs(s.s1 - expected) <= s.s1_conf)
    assert np.all(np.abs(s.st - expected) <= s.st_conf)
    assert s.s1[3] == 0.0 and s.st[3] == 0.0 and s.s1_conf[3] == 0.0 and s.st_conf[3] == 0.0
    np.testing.assert_allclose(s.s1[:3], s.st[:3], atol=0.02)


def test_grouped_linear_model():
    """A group's index is the sum of its members' variances: (1 + 4) / 14 for x1 and x2 together."""
    a = np.array([1.0, 2.0, 3.0])
    design = saltelli_design(["g", "g", "x3"], 4096, seed=6)
    s = _indices(design, lambda x: x @ a, num_resamples=1000, conf_level=0.99, seed=7)
    expected = np.array([5.0, 9.0]) / 14
    assert np.all(np.abs(s.s1 - expected) <= s.s1_conf) and np.all(np.abs(s.st - expected) <= s.st_conf)


def test_ishigami_published_values():
    """The Ishigami function (a = 7, b = 0.1): published indices inside the 99% bootstrap intervals."""
    design = saltelli_design(["x1", "x2", "x3"], 8192, seed=21)
    s = _indices(design, lambda x: Ishigami.evaluate(x * 2 * math.pi - math.pi), num_resamples=1000,
                 conf_level=0.99, seed=22)
    s1, st = ishigami_indices()
    assert np.all(np.abs(s.s1 - s1) <= s.s1_conf), (s.s1, s.s1_conf)
    assert np.all(np.abs(s.st - st) <= s.st_conf), (s.st, s.st_conf)
    assert np.all(s.s1_conf < 0.05) and np.all(s.st_conf < 0.05)  # and the intervals are narrow


def test_seeds_reproduce_exactly():
    def run(seed):
        design = saltelli_design(["x1", "x2", "x3"], 512, seed=seed)
        return _indices(design, lambda x: Ishigami.evaluate(x * 2 * math.pi - math.pi), num_resamples=200, seed=seed)

    one, again, other = run(5), run(5), run(6)
    for key in ("s1", "st", "s1_conf", "st_conf"):
        assert np.array_equal(getattr(one, key), getattr(again, key))
        assert not np.array_equal(getattr(one, key), getattr(other, key))


def test_an_output_that_does_not_vary_has_no_indices():
    design = saltelli_design(["x1", "x2"], 64, seed=1)
    s = _indices(design, lambda x: np.stack([np.full(len(x), 3.0), x[:, 0]], axis=1), num_resamples=20, seed=1)
    assert np.isnan(s.s1[0]).all() and np.isnan(s.st_conf[0]).all()
    assert s.s1[1, 0] == pytest.approx(1.0, abs=0.05) and s.st[1, 1] == 0.0


def test_base_samples_must_be_a_power_of_two():
    assert check_base_samples(16384) == 16384
    with pytest.raises(ValueError, match="power of 2.*got 10000; e.g. 8192 or 16384"):
        check_base_samples(10000)
    with pytest.raises(ValueError, match="power of 2"):
        saltelli_design(["x"], 2, seed=1)


def test_bad_arguments():
    y = np.zeros(8)
    with pytest.raises(ValueError, match="do not fit"):
        sobol_indices(y, y, np.zeros((2, 7)))
    with pytest.raises(ValueError, match="conf_level"):
        sobol_indices(y, y, np.zeros((1, 8)), conf_level=1.0)
