"""Sensitivity of the index to its weights: Monte Carlo over weightings and one-at-a-time influence.

Schemes (both levels, baskets and parameters, are drawn independently in every draw):

* ``dirichlet`` (default): the parameter weights of each basket are a Dirichlet draw with mean equal
  to the panel's (normalised) weights of that basket, ``alpha = concentration × w``; the five basket
  weights are a Dirichlet draw around the panel's basket weights the same way. A higher concentration
  means draws closer to the panel's weights: a weight ``w`` (as a share) has standard deviation
  ``sqrt(w (1 − w) / (concentration + 1))``; with the default 100 a basket weight of 20% varies by
  about ±4 points (sd), a parameter weight of 12,5% within its basket by about ±3,3 points.
* ``uniform``: every weight (parameter and basket) is multiplied by an independent factor uniform in
  ``[1 − spread, 1 + spread]`` and the weights are renormalised (per basket, and across baskets).

Weights the reference sets to 0 (dropped parameters) stay 0 in every draw. Draws come in chunks, each
from its own generator spawned from ``numpy.random.SeedSequence(seed)``: the same seed, scheme and ``n``
give the same draws on any number of threads. Each chunk is evaluated with one matrix product
(:class:`~index071lib.core.fastindex.WeightModel`).

Speed (1,000,000 draws on 2 cores; see ``benchmarks/sensitivity.py``): most of the time is the gamma
variates, drawn with numpy's own algorithm compiled by numba (:mod:`index071lib.analysis.gamma`: the same
numbers as ``Generator.standard_gamma``, in about 60% of the time). Chunks are drawn and evaluated on
threads (one per CPU, at most four) while BLAS stays on one thread (OpenBLAS's own threads would
compete for the same cores), and for large ``n`` each chunk only passes through narrow quantile
windows (:mod:`index071lib.analysis.quantiles`) instead of being kept and partitioned, which gives the same
exact quantiles.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from index071lib.analysis.gamma import fill_standard_gamma
from index071lib.analysis.quantiles import QUANTILES, QuantileWindows, quantiles_inplace
from index071lib.core.fastindex import WeightModel

__all__ = ["SCHEMES", "SensitivityResult", "band", "draw_weights", "influence", "quantiles_inplace",
           "scheme_description", "simulate", "summarise"]

SCHEMES = ("dirichlet", "uniform")
DEFAULT_N = 10_000
DEFAULT_SEED = 2017
DEFAULT_CONCENTRATION = 100.0
DEFAULT_SPREAD = 0.25
#: Most weightings one simulation draws (about 40 s on 2 shared cores; the quantiles are exact long before).
MAX_N = 10_000_000
#: Dirichlet concentrations accepted: below, gamma draws underflow to zero (NaN weights); above, every draw
#: equals the reference weights.
CONCENTRATION_RANGE = (0.1, 1e9)
CHUNK = 65_536  # draws per chunk at most (one matrix product and one generator each)
MIN_CHUNK = 2_048  # smallest chunk worth a thread of its own
STREAM_FROM = 4  # from this many chunks on, quantiles are streamed through windows (no draws kept)
PILOT = 32_768  # draws that set the quantile windows


def scheme_description(scheme: str, concentration: float = DEFAULT_CONCENTRATION,
                       spread: float = DEFAULT_SPREAD) -> str:
    """One-line English description of a scheme (used in the JSON output).

    Example:
        >>> scheme_description("uniform", spread=0.25)
        'uniform: each basket and parameter weight x U(0.75, 1.25), renormalised'
    """
    if scheme == "dirichlet":
        return (f"dirichlet: basket weights and, per basket, parameter weights drawn from a Dirichlet "
                f"distribution around the reference weights (concentration {concentration:g})")
    if scheme == "uniform":
        return f"uniform: each basket and parameter weight x U({1 - spread:g}, {1 + spread:g}), renormalised"
    raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")


def _check(n: int, scheme: str, concentration: float, spread: float) -> None:
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    if not 1 <= int(n) <= MAX_N:
        raise ValueError(f"n must be from 1 to {MAX_N:,}, got {n}")
    if not CONCENTRATION_RANGE[0] <= concentration <= CONCENTRATION_RANGE[1]:
        raise ValueError(f"concentration must be from {CONCENTRATION_RANGE[0]:g} to {CONCENTRATION_RANGE[1]:g}, "
                         f"got {concentration}")
    if not 0 <= spread < 1:
        raise ValueError(f"spread must be in [0, 1), got {spread}")


def _centre(model: WeightModel) -> np.ndarray:
    """Reference weights as shares: parameters within their basket, then baskets across."""
    sums = np.bincount(model.basket_index, weights=model.weights, minlength=len(model.baskets))
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.nan_to_num(model.weights / sums[model.basket_index])
    return np.concatenate([within, model.basket_weights / model.basket_weights.sum()])


def _chunks(n: int) -> list[tuple[int, int]]:
    """Chunks of draws: up to :data:`CHUNK`, smaller for small ``n`` so that two threads share the work.

    Depends on ``n`` only (never on the number of threads), so results stay reproducible.
    """
    size = min(CHUNK, max(MIN_CHUNK, -(-n // 2)))
    return [(start, min(start + size, n)) for start in range(0, n, size)]


def _draw_block(centre: np.ndarray, size: int, rng: np.random.Generator, scheme: str, concentration: float,
                spread: float) -> np.ndarray:
    """Weights × draws for one chunk (one row per weight, filled in place)."""
    block = np.empty((len(centre), size))
    if scheme == "dirichlet":  # a dropped weight (centre 0) stays 0 and draws nothing
        return fill_standard_gamma(rng, concentration * centre, block)
    for i, c in enumerate(centre):
        block[i] = rng.uniform(1.0 - spread, 1.0 + spread, size=size)
        block[i] *= c
    return block


def draw_weights(model: WeightModel, n: int, *, seed: int = DEFAULT_SEED, scheme: str = "dirichlet",
                 concentration: float = DEFAULT_CONCENTRATION, spread: float = DEFAULT_SPREAD,
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` weightings around the model's reference weights (the draws :func:`simulate` uses).

    Draws come in chunks of at most :data:`CHUNK`, each from its own generator spawned from
    ``numpy.random.SeedSequence(seed)``, so the result depends only on the seed, the scheme and ``n``
    (not on the number of threads).

    Args:
        model: The model (its ``weights`` and ``basket_weights`` are the centre).
        n: Number of draws.
        seed: Seed.
        scheme: ``"dirichlet"`` or ``"uniform"`` (see the module docstring).
        concentration: Dirichlet concentration.
        spread: Half-width of the uniform factor.

    Returns:
        ``(parameter_weights (n, P), basket_weights (n, K))``, not normalised (the evaluation
        normalises per basket and across baskets; for the Dirichlet scheme these are the gamma
        variates whose normalisation is the Dirichlet draw).

    Raises:
        ValueError: For an unknown scheme or an out-of-range ``n``, concentration or spread.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> m = WeightModel.from_edition(load_edition(2017))
        >>> w, b = draw_weights(m, 3, seed=1)
        >>> w.shape, b.shape
        ((3, 38), (3, 5))
    """
    _check(n, scheme, concentration, spread)
    run = _Draws(model, int(n), seed, scheme, concentration, spread, workers=1)
    draws = np.concatenate([run.block(j) for j in range(len(run.chunks))], axis=1).T
    n_p = len(model.parameters)
    return draws[:, :n_p], draws[:, n_p:]


def summarise(model: WeightModel, series: np.ndarray, reference: np.ndarray) -> pd.DataFrame:
    """Median, 5–95% band and share rising per series and year, over a stack of draws.

    Args:
        model: The model (series ids, years).
        series: Draws × series × years (from :meth:`WeightModel.series`).
        reference: Series × years of the reference weighting (the baseline column).

    Returns:
        Tidy ``series, year, baseline, median, p05, p95, share_rising`` (shares 0–1; NaN for the
        first year).
    """
    n, n_s, n_y = series.shape
    rising = np.full((n_s, n_y), np.nan)
    rising[:, 1:] = (series[:, :, 1:] > series[:, :, :-1]).mean(axis=0)
    rows = np.array(series.reshape(n, -1).T, order="C", copy=True)  # partitioned in place
    quantiles = quantiles_inplace(rows).reshape(len(QUANTILES), n_s, n_y)
    return _frame(model, reference, quantiles, rising)


def _frame(model, reference, quantiles, rising) -> pd.DataFrame:
    ids, years = model.series_ids, list(model.years)
    n_s, n_y = len(ids), len(years)
    return pd.DataFrame({
        "series": np.repeat(ids, n_y), "year": np.tile(years, n_s),
        "baseline": reference.reshape(-1), "median": quantiles[1].reshape(-1),
        "p05": quantiles[0].reshape(-1), "p95": quantiles[2].reshape(-1), "share_rising": rising.reshape(-1),
    })


@dataclass
class SensitivityResult:
    """Result of :func:`simulate`.

    Attributes:
        n: Number of draws.
        seed: Seed used.
        scheme: ``dirichlet`` or ``uniform``.
        description: One-line description of the scheme and its parameter.
        summary: Tidy table (see :func:`summarise`).
        concentration: Dirichlet concentration used.
        spread: Uniform half-width used.
    """

    n: int
    seed: int
    scheme: str
    description: str
    summary: pd.DataFrame
    concentration: float
    spread: float

    def to_dict(self) -> dict:
        """The JSON form.

        ``{"n", "seed", "scheme", "series": {id: {year: {baseline, median, p05, p95, share_rising}}}}``.
        """
        out: dict = {}
        for row in self.summary.itertuples(index=False):
            share = None if np.isnan(row.share_rising) else float(row.share_rising)
            out.setdefault(row.series, {})[str(int(row.year))] = {
                "baseline": float(row.baseline), "median": float(row.median), "p05": float(row.p05),
                "p95": float(row.p95), "share_rising": share}
        return {"n": self.n, "seed": self.seed, "scheme": self.scheme, "scheme_description": self.description,
                "concentration": self.concentration, "spread": self.spread, "series": out}


class _Draws:
    """The chunks of one simulation: draw, evaluate and summarise each chunk (thread-safe)."""

    def __init__(self, model: WeightModel, n: int, seed: int, scheme: str, concentration: float, spread: float,
                 workers: int):
        self.model, self.n = model, n
        self.scheme, self.concentration, self.spread = scheme, concentration, spread
        self.centre = _centre(model)
        self.chunks = _chunks(n)
        self.seeds = np.random.SeedSequence(seed).spawn(len(self.chunks))
        self.workers = max(1, min(workers, len(self.chunks)))
        n_s, n_y = len(model.series_ids), len(model.years)
        self.reference = model.series()[0]
        # the band is taken over the cells that vary between weightings (not the base year, 100 in all)
        self.varying = np.flatnonzero(np.repeat(~model.constant_years()[None, :], n_s, axis=0).reshape(-1))
        self.shape = (n_s, n_y)

    def block(self, j: int) -> np.ndarray:
        """Chunk ``j``'s weights × draws (parameters, then baskets), from the chunk's own generator."""
        a, b = self.chunks[j]
        return _draw_block(self.centre, b - a, np.random.default_rng(self.seeds[j]), self.scheme,
                           self.concentration, self.spread)

    def evaluate(self, j: int) -> tuple[list, np.ndarray]:
        """Chunk ``j``: its varying cells (one row of draws each, views), and per series and year the
        number of draws above the year before."""
        n_p = len(self.model.parameters)
        n_s, n_y = self.shape
        block = self.block(j)
        rows = self.model.columns(block[:n_p], block[n_p:]).reshape(n_s * n_y, -1)
        rising = np.zeros((n_s, n_y - 1), dtype=np.int64)
        for s in range(n_s):  # one-dimensional counts are the fast ones
            for y in range(1, n_y):
                rising[s, y - 1] = np.count_nonzero(rows[s * n_y + y] > rows[s * n_y + y - 1])
        return [rows[i] for i in self.varying], rising

    def run(self) -> tuple[np.ndarray, np.ndarray]:
        """Quantiles ``(Q, varying cells)`` and rising counts ``(series, years − 1)`` over all draws."""
        with one_blas_thread(), contextlib.ExitStack() as stack:
            mapper = map
            if self.workers > 1:  # numpy releases the GIL: the chunks run side by side on threads
                mapper = stack.enter_context(ThreadPoolExecutor(self.workers)).map

            def pmap(fn, items) -> list:
                return list(mapper(fn, items))

            found = self.streamed(pmap) if len(self.chunks) >= STREAM_FROM and len(self.varying) else None
            return found or self.stored(pmap)

    def stored(self, pmap) -> tuple[np.ndarray, np.ndarray]:
        """Quantiles from all draws kept in memory (varying cells × n), partitioned in place per cell."""
        store = np.empty((len(self.varying), self.n))

        def keep(j: int) -> np.ndarray:
            rows, rising = self.evaluate(j)
            a, b = self.chunks[j]
            for i, row in enumerate(rows):
                store[i, a:b] = row
            return rising

        rising = sum(pmap(keep, range(len(self.chunks))))
        parts = [p for p in np.array_split(np.arange(len(self.varying)), self.workers) if len(p)]
        found = pmap(lambda p: quantiles_inplace(store[p[0]:p[-1] + 1]), parts)
        return (np.concatenate(found, axis=1) if found else np.empty((len(QUANTILES), 0))), rising

    def streamed(self, pmap) -> tuple[np.ndarray, np.ndarray] | None:
        """Quantiles streamed through windows set by the first chunks (see :mod:`index071lib.analysis.quantiles`).

        Returns ``None`` when a window missed (then :meth:`stored` gives the same exact numbers).
        """
        pilot = pmap(self.evaluate, range(self.workers))
        share = -(-PILOT // len(pilot))  # the windows come from the first draws of each pilot chunk
        sample = np.array([np.concatenate([rows[i][:share] for rows, _ in pilot]) for i in range(len(self.varying))])
        windows = QuantileWindows(sample, self.n)

        def select(j: int):
            rows, rising = pilot[j] if j < len(pilot) else self.evaluate(j)
            return windows.select(rows), rising

        done = pmap(select, range(len(self.chunks)))
        quantiles = windows.finish([part for part, _ in done], pmap)
        return None if quantiles is None else (quantiles, sum(rising for _, rising in done))


@functools.cache
def _threadpools():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


_BLAS_LOCK = threading.Lock()
_blas = {"users": 0, "limiter": None}


@contextlib.contextmanager
def one_blas_thread():
    """Keep BLAS on one thread while the draws run on ours (process-wide, for the duration of the call).

    OpenBLAS's own threads would compete with the workers for the same cores: measured on the 2-core
    machine, 1,000,000 draws took 1.9 s with them and 1.3 s without (``benchmarks/sensitivity.py``).
    Overlapping calls (from several threads) share one limit: the first sets it, the last restores it.
    threadpoolctl (and OpenBLAS) only promise the limit for calls made from the main thread; called
    from another thread, ``simulate`` gives the same numbers but may run slower.
    """
    with _BLAS_LOCK:
        if _blas["users"] == 0:
            _blas["limiter"] = _threadpools().limit(limits=1, user_api="blas")
        _blas["users"] += 1
    try:
        yield
    finally:
        with _BLAS_LOCK:
            _blas["users"] -= 1
            if _blas["users"] == 0:
                _blas["limiter"].restore_original_limits()
                _blas["limiter"] = None


def simulate(model: WeightModel, n: int = DEFAULT_N, *, seed: int = DEFAULT_SEED, scheme: str = "dirichlet",
             concentration: float = DEFAULT_CONCENTRATION, spread: float = DEFAULT_SPREAD,
             workers: int | None = None) -> SensitivityResult:
    """Draw ``n`` weightings, evaluate them with one matrix product per chunk and summarise.

    Chunks of at most :data:`CHUNK` draws (the same chunks and generators as :func:`draw_weights`) are
    drawn and evaluated on ``workers`` threads (numpy releases the GIL; BLAS is kept on one thread
    meanwhile); each chunk is one matrix product ``draws × parameters @ parameters × (baskets·years)``.
    The band uses the values of the years that vary between weightings (the base year is 100 in every
    weighting and is not sorted). With fewer than :data:`STREAM_FROM` chunks the draws are kept and
    partitioned; from there on each chunk only passes through narrow quantile windows
    (:class:`~index071lib.analysis.quantiles.QuantileWindows`), which gives the same exact quantiles without
    keeping a million draws per cell.

    Args:
        model: The model (reference weights = centre of the draws).
        n: Number of draws.
        seed: Random seed.
        scheme: ``"dirichlet"`` or ``"uniform"``.
        concentration: Dirichlet concentration.
        spread: Uniform half-width.
        workers: Threads (default: the number of CPUs, at most 4). The result does not depend on it.

    Returns:
        A :class:`SensitivityResult`.

    Raises:
        ValueError: For an unknown scheme or out-of-range numbers.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> r = simulate(WeightModel.from_edition(load_edition(2017)), 1000, seed=1)
        >>> row = r.summary.query("series == 'index071' and year == 2016").iloc[0]
        >>> bool(row["p05"] < row["median"] < row["p95"]), round(float(row["baseline"]), 2)
        (True, 112.52)
    """
    _check(n, scheme, concentration, spread)
    draws = _Draws(model, int(n), seed, scheme, concentration, spread, workers or min(os.cpu_count() or 1, 4))
    quantiles, rising_count = draws.run()
    n_s, n_y = draws.shape
    all_quantiles = np.repeat(draws.reference.reshape(1, -1), len(QUANTILES), axis=0)
    all_quantiles[:, draws.varying] = quantiles
    rising = np.full((n_s, n_y), np.nan)
    rising[:, 1:] = rising_count / draws.n
    summary = _frame(model, draws.reference, all_quantiles.reshape(len(QUANTILES), n_s, n_y), rising)
    return SensitivityResult(n=draws.n, seed=int(seed), scheme=scheme,
                             description=scheme_description(scheme, concentration, spread),
                             summary=summary, concentration=float(concentration), spread=float(spread))


def influence(model: WeightModel) -> pd.DataFrame:
    """One at a time: leave out each parameter (its basket renormalised) and each basket (the total renormalised).

    All variants are evaluated in one matrix product.

    Args:
        model: The model (reference weights = the starting point).

    Returns:
        One row per parameter and per basket: ``kind`` (``parameter``/``basket``), ``id``, ``basket``,
        ``latest`` (total in the latest year without it), ``effect_level`` (``latest`` minus the
        reference), ``change`` (latest year-on-year change of the total, index points) and
        ``effect_change`` (``change`` minus the reference change). Parameters or baskets whose reference
        weight is already 0 have effect 0.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> t = influence(WeightModel.from_edition(load_edition(2017)))
        >>> len(t), sorted(set(t["kind"]))
        (43, ['basket', 'parameter'])
    """
    n_p, n_k = len(model.parameters), len(model.baskets)
    w = np.tile(model.weights, (n_p + n_k, 1))
    w[np.arange(n_p), np.arange(n_p)] = 0.0
    b = np.tile(model.basket_weights, (n_p + n_k, 1))
    b[n_p + np.arange(n_k), np.arange(n_k)] = 0.0
    _, total = model.baskets_and_total(w, b)
    _, reference = model.baskets_and_total()
    latest, change = total[:, -1], total[:, -1] - total[:, -2]
    ref_latest, ref_change = reference[0, -1], reference[0, -1] - reference[0, -2]
    return pd.DataFrame({
        "kind": ["parameter"] * n_p + ["basket"] * n_k,
        "id": [*model.parameters, *model.baskets],
        "basket": [model.baskets[i] for i in model.basket_index] + list(model.baskets),
        "latest": latest, "effect_level": latest - ref_latest,
        "change": change, "effect_change": change - ref_change,
    })


def band(model: WeightModel, weights=None, basket_weights=None, *, n: int = DEFAULT_N, seed: int = DEFAULT_SEED,
         concentration: float = DEFAULT_CONCENTRATION) -> pd.DataFrame:
    """The 5–95% band of the total and baskets around any weighting (for live what-if charts).

    Args:
        model: The model.
        weights: Centre parameter weights (default: the model's reference).
        basket_weights: Centre basket weights (default: the model's reference).
        n: Draws.
        seed: Seed (fixed, so the band does not flicker between slider moves).
        concentration: Dirichlet concentration.

    Returns:
        The :func:`summarise` table around the given weighting.
    """
    centred = model if weights is None and basket_weights is None else _recentred(model, weights, basket_weights)
    return simulate(centred, n, seed=seed, concentration=concentration).summary


def _recentred(model: WeightModel, weights, basket_weights) -> WeightModel:
    from dataclasses import replace
    new = replace(model,
                  weights=model.weights if weights is None else np.asarray(weights, dtype=float),
                  basket_weights=(model.basket_weights if basket_weights is None
                                  else np.asarray(basket_weights, dtype=float)))
    cached = model.__dict__.get("_design_value")
    if cached is not None:
        object.__setattr__(new, "_design_value", cached)
    return new
