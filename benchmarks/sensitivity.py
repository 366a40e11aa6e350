#!/usr/bin/env python3
"""Timings of the what-if recompute and the Monte Carlo sensitivity analysis (not a test).

    python benchmarks/sensitivity.py [--n 100000] [--pandas-n 2000] [--repeat 5] [--big-repeat 7]

Measures, in one run on the 2017 edition (38 parameters x 5 years, two levels of weights):

1. one slider move: the index for one weighting (``WeightModel.frame``), next to a full pipeline run;
2. a 10,000-draw band (draw + evaluate + median/5-95%/share rising), as the what-if sliders use it;
3. 1,000,000 draws, the same (Dirichlet, the uniform scheme, and the geometric mean); next to it the same draws without
   each of the three things that make it fast enough on 2 cores: with numpy's ``standard_gamma``
   instead of the same algorithm compiled by numba, with every draw kept and partitioned instead of
   streamed through quantile windows, and with OpenBLAS's own threads left on;
4. N draws three ways: vectorised (``sensitivity.simulate``), a per-draw numpy loop and a per-draw
   pandas loop (the library's ``aggregate_baskets``/``aggregate_total``). The loops get their weights
   pre-drawn (their drawing time is not counted, which favours them) and are summarised with the same
   quantiles. The pandas loop runs ``--pandas-n`` draws and is extrapolated per draw to N.

Wall-clock medians; CPU seconds (this process, all threads) are printed next to them because the
machine may be shared. Compare ratios from one run rather than absolute numbers across runs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from unittest import mock

import numpy as np
import pandas as pd

from index071lib.analysis import gamma, sensitivity
from index071lib.analysis.sensitivity import draw_weights, quantiles_inplace, simulate
from index071lib.core.aggregate import aggregate_baskets, aggregate_total
from index071lib.core.fastindex import WeightModel
from index071lib.core.pipeline import compute_index
from index071lib.data.edition import load_edition


def timed(fn, repeat: int, samples: list | None = None) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of ``repeat`` calls (wall times appended to ``samples``)."""
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    if samples is not None:
        samples.extend(walls)
    return statistics.median(walls), statistics.median(cpus)


def machine_speed() -> float:
    """Milliseconds for 10,000,000 standard normal variates on one thread: how fast the machine is right now.

    The gamma variates of the Dirichlet draws are built on these, so the 1,000,000-draw time moves with it.
    """
    rng = np.random.default_rng(0)
    out = np.empty(1_000_000)
    started = time.perf_counter()
    for _ in range(10):
        rng.standard_normal(out=out)
    return (time.perf_counter() - started) * 1e3


def numpy_loop(model: WeightModel, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per draw: two levels of weighted means with numpy; then the same summary."""
    x = model.aligned
    groups = []
    for k in range(len(model.baskets)):  # parameters are stored basket by basket: use plain slices
        idx = np.flatnonzero(model.basket_index == k)
        assert (np.diff(idx) == 1).all()
        groups.append(slice(idx[0], idx[-1] + 1))
    out = np.empty((len(w), len(model.baskets) + 1, x.shape[1]))
    for i in range(len(w)):
        for k, idx in enumerate(groups):
            out[i, k] = w[i, idx] @ x[idx] / w[i, idx].sum()
        out[i, -1] = b[i] @ out[i, :-1] / b[i].sum()
    return quantiles_inplace(np.array(out.reshape(len(w), -1).T, order="C"))


def pandas_loop(edition, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per draw: the library's pandas aggregation (aligned matrix computed once)."""
    aligned = compute_index(edition, warn=False).aligned
    ids, baskets = list(edition.parameters.index), edition.basket_ids
    out = []
    for i in range(len(w)):
        bs = aggregate_baskets(aligned, pd.Series(w[i], index=ids), edition.basket_of, baskets, warn=False)
        total = aggregate_total(bs, pd.Series(b[i], index=baskets), warn=False)
        out.append(np.vstack([bs.to_numpy(), total.to_numpy()]).reshape(-1))
    return quantiles_inplace(np.array(np.array(out).T, order="C"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="draws for the three-way comparison")
    parser.add_argument("--pandas-n", type=int, default=2_000, help="draws actually run by the pandas loop")
    parser.add_argument("--repeat", type=int, default=5, help="repeats of the short timings")
    parser.add_argument("--big-repeat", type=int, default=7, help="repeats of the 1,000,000-draw Dirichlet case")
    args = parser.parse_args(argv)

    edition = load_edition(2017)
    model = WeightModel.from_edition(edition)
    model.frame()  # build the design matrices once, as the what-if panel does at start
    simulate(model, 1000)  # load (or compile, on first use) the numba gamma kernel
    try:
        from importlib.metadata import version

        compiled = f"numba {version('numba')}, kernel {'used' if gamma.numba_available() else 'NOT usable'}"
    except Exception:  # noqa: BLE001 - numba missing
        compiled = "numba not installed: numpy's standard_gamma"
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; numpy {np.__version__}, "
          f"pandas {pd.__version__}, Python {sys.version.split()[0]}; {compiled}")
    print(f"machine speed now: 10,000,000 standard normal variates in {machine_speed():.0f} ms (one thread)")

    w1, b1 = model.weights * 1.01, model.basket_weights * 0.99
    slider, _ = timed(lambda: model.frame(w1, b1), 200)
    raw, _ = timed(lambda: model.series(w1, b1), 200)
    pipeline, _ = timed(lambda: compute_index(edition, weights=pd.Series(w1, index=list(model.parameters)),
                                              basket_weights=pd.Series(b1, index=list(model.baskets)), warn=False), 20)
    print(f"slider move (one weighting -> baskets and total DataFrame): {slider * 1e3:.3f} ms "
          f"(numpy array only {raw * 1e3:.3f} ms; full pipeline run {pipeline * 1e3:.1f} ms)")

    band_wall, band_cpu = timed(lambda: simulate(model, 10_000), args.repeat)
    print(f"10,000-draw band: {band_wall * 1e3:.1f} ms wall ({band_cpu * 1e3:.1f} ms CPU)")

    big: list[float] = []
    big_wall, big_cpu = timed(lambda: simulate(model, 1_000_000), args.big_repeat, big)
    print(f"1,000,000 draws x 38 parameters x 5 years: {big_wall:.2f} s wall ({big_cpu:.2f} s CPU, "
          f"{os.cpu_count()} threads at most); {len(big)} runs: min {min(big):.2f} s, max {max(big):.2f} s, "
          f"{sum(t < 1.5 for t in big)} of {len(big)} under 1.5 s ({', '.join(f'{t:.2f}' for t in big)})")
    uni_wall, uni_cpu = timed(lambda: simulate(model, 1_000_000, scheme="uniform"), 3)
    print(f"1,000,000 draws, uniform scheme (cheaper random numbers than the gamma variates of the Dirichlet): "
          f"{uni_wall:.2f} s wall ({uni_cpu:.2f} s CPU)")
    geometric = WeightModel.from_edition(edition, aggregation="geometric")
    geo_slider, _ = timed(lambda: geometric.frame(w1, b1), 200)
    geo_wall, geo_cpu = timed(lambda: simulate(geometric, 1_000_000), 3)
    print(f"1,000,000 draws, geometric mean (the same product on logarithms, then exp): {geo_wall:.2f} s wall "
          f"({geo_cpu:.2f} s CPU); one slider move {geo_slider * 1e3:.3f} ms")
    with mock.patch.object(gamma, "_kernel", lambda: None):
        numpy_wall, numpy_cpu = timed(lambda: simulate(model, 1_000_000), 3)
    print(f"  the same 1,000,000 Dirichlet draws with numpy's standard_gamma (same numbers, not compiled): "
          f"{numpy_wall:.2f} s wall ({numpy_cpu:.2f} s CPU)")
    with mock.patch.object(sensitivity, "STREAM_FROM", 10**9):
        kept_wall, kept_cpu = timed(lambda: simulate(model, 1_000_000), 3)
    print(f"  the same 1,000,000 Dirichlet draws, all kept and partitioned (no quantile windows): "
          f"{kept_wall:.2f} s wall ({kept_cpu:.2f} s CPU)")
    with mock.patch.object(sensitivity, "_one_blas_thread", contextlib.nullcontext):
        blas_wall, blas_cpu = timed(lambda: simulate(model, 1_000_000), 3)
    print(f"  the same, with OpenBLAS's own threads competing for the cores: {blas_wall:.2f} s wall "
          f"({blas_cpu:.2f} s CPU)")

    n = args.n
    vec_wall, vec_cpu = timed(lambda: simulate(model, n), 3)
    w, b = draw_weights(model, n)
    np_wall, np_cpu = timed(lambda: numpy_loop(model, w, b), 1)
    m = min(args.pandas_n, n)
    pd_wall, pd_cpu = timed(lambda: pandas_loop(edition, w[:m], b[:m]), 1)
    pd_wall_n, pd_cpu_n = pd_wall / m * n, pd_cpu / m * n
    print(f"\n{n:,} draws, two levels of weights (ratios: wall clock / CPU seconds):")
    print(f"  vectorised (draw + one matrix product per 65,536-draw chunk + summary): {vec_wall:.3f} s "
          f"({vec_cpu:.3f} s CPU)")
    print(f"  per-draw numpy loop (weights pre-drawn):  {np_wall:.2f} s ({np_cpu:.2f} s CPU) "
          f"= {np_wall / vec_wall:,.0f} x / {np_cpu / vec_cpu:,.0f} x vectorised")
    print(f"  per-draw pandas loop (weights pre-drawn): {pd_wall_n:.1f} s ({pd_cpu_n:.1f} s CPU) extrapolated from "
          f"{m:,} draws ({pd_wall:.2f} s, {pd_wall / m * 1e3:.2f} ms per draw) "
          f"= {pd_wall_n / vec_wall:,.0f} x / {pd_cpu_n / vec_cpu:,.0f} x vectorised")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}; 10,000,000 standard normal variates in "
          f"{machine_speed():.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
