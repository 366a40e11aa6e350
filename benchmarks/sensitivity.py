#!/usr/bin/env python3
"""Timings of the what-if recompute and the Monte Carlo sensitivity analysis (not a test).

    python benchmarks/sensitivity.py [--part all|montecarlo|sobol] [--n 100000] [--pandas-n 2000] [--repeat 5]
                                     [--big-repeat 7] [--sobol-factors met_meetruis] [--pipeline-rows 300] [--salib]

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
5. the variance-based (Sobol') analysis, ``index071 sensitivity --method sobol`` (N = 2^14 base samples, every
   factor of ``--sobol-factors``, 1,000 bootstrap resamples): in a fresh process, the first call and the
   median of five more, the imports, and the peak resident memory of that process; the whole command
   (``--format json``) from a shell; and the same design evaluated the way COINr's ``get_sensitivity``
   does it, the whole pandas pipeline once per row (``compute_index`` on values with the row's noise, with
   the row's weights and alignment), timed on ``--pipeline-rows`` rows of the design and extrapolated to
   all N·(D + 2) rows (its estimators are not counted, which favours it). ``--salib`` adds SALib's own
   ``sample.sobol`` and ``analyze.sobol`` (one output, extrapolated to all outputs); they take minutes.

Wall-clock medians; CPU seconds (this process, all threads) are printed next to them because the
machine may be shared. Compare ratios from one run rather than absolute numbers across runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
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
    parser.add_argument("--part", choices=["all", "montecarlo", "sobol"], default="all", help="what to measure")
    parser.add_argument("--n", type=int, default=100_000, help="draws for the three-way comparison")
    parser.add_argument("--pandas-n", type=int, default=2_000, help="draws actually run by the pandas loop")
    parser.add_argument("--repeat", type=int, default=5, help="repeats of the short timings")
    parser.add_argument("--big-repeat", type=int, default=7, help="repeats of the 1,000,000-draw Dirichlet case")
    parser.add_argument("--sobol-factors", default="met_meetruis", help="factor file of the Sobol' analysis")
    parser.add_argument("--pipeline-rows", type=int, default=300, help="design rows run through the pandas pipeline")
    parser.add_argument("--salib", action="store_true", help="also time SALib's own sampler and analyser (minutes)")
    parser.add_argument("--sobol-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sobol_child:
        return sobol_child(args.sobol_factors)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (1 min), "
          f"{os.getloadavg()[1]:.2f} (5 min); numpy {np.__version__}, pandas {pd.__version__}, "
          f"Python {sys.version.split()[0]}")
    if args.part in ("all", "montecarlo"):
        montecarlo(args)
    if args.part in ("all", "sobol"):
        sobol_part(args)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}; 10,000,000 standard normal variates in "
          f"{machine_speed():.0f} ms")
    return 0


def montecarlo(args) -> None:
    """Parts 1-4: the what-if recompute and the Monte Carlo draws."""
    edition = load_edition(2017)
    model = WeightModel.from_edition(edition)
    model.frame()  # build the design matrices once, as the what-if panel does at start
    simulate(model, 1000)  # load (or compile, on first use) the numba gamma kernel
    try:
        from importlib.metadata import version

        compiled = f"numba {version('numba')}, kernel {'used' if gamma.numba_available() else 'NOT usable'}"
    except Exception:  # noqa: BLE001 - numba missing
        compiled = "numba not installed: numpy's standard_gamma"
    print(f"gamma variates: {compiled}")
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
    with mock.patch.object(sensitivity, "one_blas_thread", contextlib.nullcontext):
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


def _spec(name: str):
    from index071lib.analysis import sobol
    from index071lib.data.factors import load_factors, resolve_factors_path

    return load_factors(resolve_factors_path(name), sobol.vocabularies())


def sobol_child(factors: str) -> int:
    """In a fresh process: imports, the first analysis, five more, and the peak resident memory (JSON line)."""
    started = time.perf_counter()
    from index071lib.analysis import sobol
    from index071lib.data.edition import load_edition as load

    edition, spec = load(2017), _spec(factors)
    import scipy.stats  # noqa: F401 - counted with the imports (the design needs it)

    imports = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    w0, c0 = time.perf_counter(), time.process_time()
    result = sobol.analyse(edition, spec, n=2 ** 14, num_resamples=1000)
    first, first_cpu = time.perf_counter() - w0, time.process_time() - c0
    walls: list[float] = []
    wall, cpu = timed(lambda: sobol.analyse(edition, spec, n=2 ** 14, num_resamples=1000), 5, walls)
    print(json.dumps({"imports": imports, "first": first, "first_cpu": first_cpu, "wall": wall, "cpu": cpu,
                      "walls": walls, "evaluations": result.evaluations, "factors": len(result.factors),
                      "rss_before_kib": rss_before, "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
    return 0


def pipeline_row(edition, model, row: np.ndarray) -> np.ndarray:
    """One design row the COINr way: the whole pandas pipeline (alignment included) with the row's choices."""
    from dataclasses import replace

    by = {f.kind: f for f in model.factors}
    weights = pd.Series(model.reference.weights, index=list(model.reference.parameters))
    baskets = pd.Series(model.reference.basket_weights, index=list(model.reference.baskets))
    for kind, centre in (("parameter_weights", weights), ("basket_weights", baskets)):
        for f in (f for f in model.factors if f.kind == kind):
            centre[list(f.members)] *= 1 - f.spread + 2 * f.spread * row[list(f.columns)]
    chosen = {"alignment": model.alignments[0], "aggregation": model.aggregations[0]}
    for kind in chosen:
        if kind in by:
            choices = by[kind].choices
            chosen[kind] = choices[min(int(row[by[kind].columns[0]] * len(choices)), len(choices) - 1)]
    values = edition.values
    if "noise" in by:
        values = values.copy()
        s = by["noise"].spread
        for parameter, col in zip(by["noise"].members, by["noise"].columns):
            year = values.loc[parameter].last_valid_index()
            values.loc[parameter, year] *= 1 + s * (2 * row[col] - 1)
    series = compute_index(replace(edition, values=values), weights=weights, basket_weights=baskets, warn=False,
                           **chosen).series
    return np.stack([series.iloc[:, -1], series.iloc[:, -1] - series.iloc[:, -2]], axis=1)


def sobol_part(args) -> None:
    """Part 5: the Sobol' analysis, vectorised, next to the per-row pandas pipeline (and SALib)."""
    from index071lib.analysis import sobol
    from index071lib.analysis.saltelli import saltelli_design

    proc = subprocess.run([sys.executable, __file__, "--sobol-child", "--sobol-factors", args.sobol_factors],
                          capture_output=True, text=True, check=True)
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    evaluations = child["evaluations"]
    print(f"\nSobol' analysis, factors '{args.sobol_factors}' ({child['factors']} factors), N = 2^14 base samples = "
          f"{evaluations:,} evaluations of the index, 1,000 bootstrap resamples, 12 outputs:")
    print(f"  in a fresh process: imports (index071lib, pandas, scipy.stats) {child['imports']:.2f} s; first analysis "
          f"{child['first']:.2f} s ({child['first_cpu']:.2f} s CPU); then median of 5: {child['wall']:.2f} s wall "
          f"({child['cpu']:.2f} s CPU), runs {', '.join(f'{w:.2f}' for w in child['walls'])}")
    print(f"  peak resident memory of that process: {child['peak_rss_kib'] / 1024:.0f} MiB "
          f"({child['rss_before_kib'] / 1024:.0f} MiB after the imports, before the first analysis)")
    exe = Path(sys.executable).with_name("index071")
    started = time.perf_counter()
    subprocess.run([str(exe), "sensitivity", "--method", "sobol", "--factors", args.sobol_factors, "--format", "json"],
                   capture_output=True, check=True)
    print(f"  the whole command `index071 sensitivity --method sobol --factors {args.sobol_factors} --format json`: "
          f"{time.perf_counter() - started:.2f} s")

    edition = load_edition(2017)
    model = sobol.ChoiceModel(edition, _spec(args.sobol_factors))
    design = saltelli_design(model.groups, 2 ** 14, 2017).stacked()
    rows = design[np.linspace(0, len(design) - 1, args.pipeline_rows).astype(int)]
    np.testing.assert_allclose(np.stack([pipeline_row(edition, model, r) for r in rows[:5]]), model.evaluate(rows[:5]),
                               atol=1e-9)  # the same numbers, the slow way
    wall, cpu = timed(lambda: [pipeline_row(edition, model, r) for r in rows], 1)
    per_row = wall / len(rows)
    print(f"  the same design the COINr way (the pandas pipeline once per row): {per_row * 1e3:.1f} ms per row "
          f"({cpu / len(rows) * 1e3:.1f} ms CPU) on {len(rows)} rows -> {per_row * evaluations:,.0f} s for all "
          f"{evaluations:,} rows = {per_row * evaluations / child['wall']:,.0f} x the whole vectorised analysis "
          f"(warm; {per_row * evaluations / child['first']:,.0f} x its first call)")
    if args.salib:
        salib(model, evaluations)


def salib(model, evaluations: int) -> None:
    """SALib's own sampler and analyser on the same problem (one output; extrapolated to twelve)."""
    from SALib.analyze import sobol as salib_analyze
    from SALib.sample import sobol as salib_sample

    problem = {"num_vars": len(model.groups), "names": [f"x{i}" for i in range(len(model.groups))],
               "bounds": [[0.0, 1.0]] * len(model.groups), "groups": model.groups}
    started = time.perf_counter()
    x = salib_sample.sample(problem, 2 ** 14, calc_second_order=False, seed=np.random.default_rng(2017))
    sampled = time.perf_counter() - started
    y = model.evaluate(x)[:, -1, 1]
    started = time.perf_counter()
    salib_analyze.analyze(problem, y, calc_second_order=False, num_resamples=1000, seed=2017)
    analysed = time.perf_counter() - started
    print(f"  SALib 1.x itself: sample.sobol {sampled:.1f} s; analyze.sobol {analysed:.1f} s for one output "
          f"(x 12 outputs = {analysed * 12:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
