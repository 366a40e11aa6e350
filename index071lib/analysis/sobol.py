"""Which choice of the method matters most? Sobol' indices of the index over its weights and method choices.

The factors (a :class:`~index071lib.data.factors.FactorSpec`, from a file in ``data/factors/``):

* **basket weights**: each basket weight times an independent factor uniform in ``[1 − spread, 1 + spread]``
  (then renormalised, as always); one factor for all baskets together, or one per basket;
* **parameter weights**: the same for the parameter weights, one factor (a group) per basket;
* **alignment**: how parameters without a figure for the latest year count (``lag`` / ``carry`` /
  ``available``): a discrete factor, a uniform number mapped to one of the choices;
* **aggregation**: the averaging (arithmetic, geometric), discrete the same way, from the aggregation
  registry of :mod:`index071lib.core.aggregate`;
* **noise**: the latest figure of every parameter times ``1 + e``, ``e`` uniform in ``[−spread, spread]``
  independently per parameter: one factor (a group).

The outputs are, for the index and every basket, the level in the latest year and the change from the
year before. :func:`analyse` draws Saltelli's design (:mod:`index071lib.analysis.saltelli`), evaluates all
``N·(D + 2)`` rows with the fast weight model (:class:`~index071lib.core.fastindex.WeightModel`: one
matrix product per alignment and aggregation chosen, no pandas) and estimates first-order and total indices
with bootstrap intervals.

**Noise without leaving the matrix product.** The weighted mean of a basket with the latest figures of
its parameters scaled by ``1 + e_p`` is ``Σ w_p x_p (1 + e_p L_p) / Σ w_p`` (``L_p`` marks the cells that
hold the parameter's latest figure, after alignment). Give every parameter a low and a high twin,
``x_p (1 − s L_p)`` and ``x_p (1 + s L_p)``, with weights ``w_p (1 − t_p)`` and ``w_p t_p``: their weighted
mean is ``x_p (1 − s L_p + 2 s t_p L_p)``, which is ``x_p (1 + e_p L_p)`` for ``t_p = (1 + e_p / s) / 2``;
the twins' weights sum to ``w_p``, so the denominators (and the renormalisation over missing cells) are
unchanged. The twin model is a plain :class:`WeightModel` with ``2P`` rows: the whole design is still one
matrix product per alignment and aggregation. The geometric mean is the same product on logarithms:
the twins give ``x_p (1 − s L_p)^(1 − t_p) (1 + s L_p)^(t_p)``, which is ``x_p (1 + e_p L_p)`` for
``t_p = ln((1 + e_p) / (1 − s)) / ln((1 + s) / (1 − s))``. Each aggregation method has its ``t_p`` in
:data:`NOISE_SHARE`.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from index071lib.analysis.saltelli import (
    DEFAULT_CONF_LEVEL,
    DEFAULT_RESAMPLES,
    SobolIndices,
    resample_indices,
    saltelli_design,
    sobol_indices,
)
from index071lib.analysis.sensitivity import one_blas_thread
from index071lib.core.aggregate import AGGREGATIONS
from index071lib.core.align import ALIGNMENTS, align
from index071lib.core.fastindex import WeightModel
from index071lib.data.edition import Edition
from index071lib.data.factors import FactorSpec

DEFAULT_N = 2 ** 14
DEFAULT_SEED = 2017
MEASURES = ("level", "change")

#: Aggregation method (:data:`~index071lib.core.aggregate.AGGREGATIONS`) → the share ``t`` of the high noise
#: twin that gives the noise ``e = s (2u − 1)`` for a draw ``u`` (uniform in [0, 1)) and half-width ``s``
#: (see the module docstring): linear for the arithmetic mean, on logarithms for the geometric mean.
NOISE_SHARE = {
    "arithmetic": lambda u, s: u,
    "geometric": lambda u, s: np.log((1 + s * (2 * u - 1)) / (1 - s)) / np.log((1 + s) / (1 - s)),
}


def vocabularies() -> dict:
    """The allowed choices of the discrete factors, for :func:`~index071lib.data.factors.load_factors`.

    Example:
        >>> vocabularies()["aggregation"]
        ('arithmetic', 'geometric')
    """
    return {"alignment": ALIGNMENTS, "aggregation": tuple(AGGREGATIONS)}


@dataclass(frozen=True)
class Factor:
    """One factor (or group of inputs) of the analysis.

    Attributes:
        id: ``basket_weights``, ``basket_weights.<basket>``, ``parameter_weights.<basket>``, ``alignment``,
            ``aggregation`` or ``noise``.
        kind: ``basket_weights``, ``parameter_weights``, ``alignment``, ``aggregation`` or ``noise``.
        columns: Its columns of the design.
        members: What each column varies (basket or parameter ids; the factor's id for a discrete factor).
        basket: The basket of a per-basket factor.
        choices: The choices of a discrete factor.
        spread: Relative half-width of a continuous factor.
    """

    id: str
    kind: str
    columns: tuple[int, ...]
    members: tuple[str, ...]
    basket: str | None = None
    choices: tuple[str, ...] = ()
    spread: float | None = None

    def to_dict(self) -> dict:
        """The JSON form (without the design columns)."""
        out = {"id": self.id, "kind": self.kind, "members": list(self.members)}
        if self.basket:
            out["basket"] = self.basket
        if self.choices:
            out["choices"] = list(self.choices)
        if self.spread is not None:
            out["spread"] = self.spread
        return out


def factors_of(spec: FactorSpec, model: WeightModel) -> list[Factor]:
    """The factors of a spec for an edition's parameters and baskets, with their design columns.

    Columns: basket weights, parameter weights (basket by basket), the discrete factors, then the noise.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> m = WeightModel.from_edition(load_edition(2017))
        >>> fs = factors_of(FactorSpec("x", basket_weight_spread=0.2, parameter_weight_spread=0.2,
        ...                            choices=(("alignment", ("lag", "available")),)), m)
        >>> [f.id for f in fs][:3], len(fs), fs[-1].columns
        (['basket_weights', 'parameter_weights.life_sciences_health', 'parameter_weights.ondernemerschap'], 7, (43,))
    """
    out: list[Factor] = []
    start = 0
    baskets, parameters = list(model.baskets), list(model.parameters)
    if spec.basket_weight_spread is not None:
        cols = range(start, start + len(baskets))
        if spec.per_basket:
            out += [Factor(f"basket_weights.{b}", "basket_weights", (c,), (b,), basket=b,
                           spread=spec.basket_weight_spread) for b, c in zip(baskets, cols)]
        else:
            out.append(Factor("basket_weights", "basket_weights", tuple(cols), tuple(baskets),
                              spread=spec.basket_weight_spread))
        start += len(baskets)
    if spec.parameter_weight_spread is not None:
        for k, basket in enumerate(baskets):
            idx = np.flatnonzero(model.basket_index == k)
            out.append(Factor(f"parameter_weights.{basket}", "parameter_weights", tuple(int(start + i) for i in idx),
                              tuple(parameters[i] for i in idx), basket=basket, spread=spec.parameter_weight_spread))
        start += len(parameters)
    for name, choices in spec.choices:
        out.append(Factor(name, name, (start,), (name,), choices=choices))
        start += 1
    if spec.noise is not None:
        out.append(Factor("noise", "noise", tuple(range(start, start + len(parameters))), tuple(parameters),
                          spread=spec.noise))
    return out


def latest_cells(edition: Edition, alignment: str) -> np.ndarray:
    """Which aligned cells hold each parameter's latest figure (1) or another (0): parameters × years.

    The alignment only moves and copies figures, so aligning a matrix that marks every parameter's latest
    figure shows where that figure ends up (in the last year when lagged, in two years when carried forward).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> e = load_edition(2017)
        >>> latest_cells(e, "carry")[list(e.parameters.index).index("bsp_ls_bedrijven")].tolist()
        [0.0, 0.0, 0.0, 1.0, 1.0]
    """
    values = edition.values
    last = values.apply(lambda row: row.last_valid_index(), axis=1)
    marks = pd.DataFrame(np.where(values.notna(), 0.0, np.nan), index=values.index, columns=values.columns)
    for parameter, year in last.dropna().items():
        marks.loc[parameter, year] = 1.0
    aligned, _ = align(marks, alignment)
    return np.nan_to_num(aligned.reindex(list(edition.parameters.index)).to_numpy(dtype=float))


def noise_twins(model: WeightModel, latest: np.ndarray, spread: float) -> WeightModel:
    """The model with a low and a high twin of every parameter (see the module docstring).

    Args:
        model: The model of one alignment.
        latest: :func:`latest_cells` of that alignment.
        spread: Half-width ``s`` of the noise.

    Returns:
        A model with ``2P`` parameters: the low twins, then the high twins (weights ``w (1 − t)``, ``w t``).
    """
    names = tuple(f"{q}:low" for q in model.parameters) + tuple(f"{q}:high" for q in model.parameters)
    return replace(model, parameters=names,
                   aligned=np.vstack([model.aligned * (1 - spread * latest), model.aligned * (1 + spread * latest)]),
                   basket_index=np.concatenate([model.basket_index, model.basket_index]),
                   weights=np.concatenate([model.weights, model.weights]) / 2)


def _model(edition: Edition, alignment: str, aggregation: str, scenario) -> WeightModel:
    """The weight model of one alignment and aggregation (a scenario's own aggregation does not override it)."""
    if scenario is not None and scenario.aggregation:
        scenario = replace(scenario, aggregation=None)
    return WeightModel.from_edition(edition, alignment=alignment, scenario=scenario, aggregation=aggregation)


def _last_two_years(model: WeightModel) -> WeightModel:
    """The model restricted to the last two years (each year's weighted means use only that year's column)."""
    return replace(model, aligned=model.aligned[:, -2:], years=model.years[-2:])


def _choice(u: np.ndarray, k: int) -> np.ndarray:
    """A uniform number in [0, 1) mapped to one of ``k`` choices (equal shares)."""
    return np.minimum((u * k).astype(int), k - 1)


class ChoiceModel:
    """The index outputs for rows of the design: weights, alignment, aggregation and noise drawn per row.

    Args:
        edition: The edition.
        spec: The factors.
        scenario: Scenario whose weights are the reference (default: the annex weights).
        alignment: Alignment when it is not a factor, and of the reference (baseline) outputs.
        aggregation: Aggregation when it is not a factor, and of the reference outputs (a scenario's own
            aggregation, if it names one, comes first, as everywhere).

    Attributes:
        reference: The model of the reference choices (its weights are the centre of the weight factors).
        factors: The :class:`Factor` list (design columns in order).
        models: ``(alignment, aggregation)`` → the weight model evaluated for rows with those choices.
    """

    def __init__(self, edition: Edition, spec: FactorSpec, *, scenario=None, alignment: str = "lag",
                 aggregation: str = "arithmetic"):
        self.reference = WeightModel.from_edition(edition, alignment=alignment, scenario=scenario,
                                                  aggregation=aggregation)
        self.factors = factors_of(spec, self.reference)
        self.alignments = spec.choices_of("alignment") or (alignment,)
        self.aggregations = spec.choices_of("aggregation") or (self.reference.aggregation,)
        self.noise = spec.noise
        self.models: dict[tuple, WeightModel] = {}
        for a in self.alignments:
            latest = latest_cells(edition, a)[:, -2:] if self.noise is not None else None
            for g in self.aggregations:
                same = (a, g) == (alignment, self.reference.aggregation)  # the reference model is this one
                model = _last_two_years(self.reference if same else _model(edition, a, g, scenario))
                self.models[(a, g)] = model if latest is None else noise_twins(model, latest, self.noise)
        self.series_ids = list(self.reference.series_ids)
        self.year, self.previous = self.reference.years[-1], self.reference.years[-2]
        self._by_kind = {kind: [f for f in self.factors if f.kind == kind] for kind in
                         ("basket_weights", "parameter_weights", "alignment", "aggregation", "noise")}

    @property
    def groups(self) -> list[str]:
        """Factor id of every design column."""
        out = []
        for f in self.factors:
            out += [f.id] * len(f.columns)
        return out

    def _span(self, kind: str) -> slice | None:
        """The design columns of all factors of a kind (contiguous), or ``None`` when none is varied."""
        cols = [c for f in self._by_kind[kind] for c in f.columns]
        return slice(cols[0], cols[-1] + 1) if cols else None

    def _weights(self, xt: np.ndarray, kind: str, centre: np.ndarray) -> np.ndarray:
        """Weights × rows: the centre times ``1 − s + 2 s u`` (one column per basket / parameter, model order)."""
        span = self._span(kind)
        if span is None:
            return np.repeat(centre[:, None], xt.shape[1], axis=1)
        spread = self._by_kind[kind][0].spread
        return centre[:, None] * (1.0 - spread + 2.0 * spread * xt[span])

    def _choices(self, xt: np.ndarray, kind: str) -> np.ndarray:
        factors = self._by_kind[kind]
        if not factors:
            return np.zeros(xt.shape[1], dtype=int)
        return _choice(xt[factors[0].columns[0]], len(factors[0].choices))

    def evaluate(self, x: np.ndarray) -> np.ndarray:
        """Outputs of design rows: ``rows × series × (level, change)`` in the latest year.

        Rows are sorted by their discrete choices once; each run of equal choices is one matrix product
        of its weight model.

        Args:
            x: Design rows (values in [0, 1), columns as in :attr:`factors`).

        Returns:
            Level of every series (baskets, then the total) in the latest year, and its change from the
            year before (index points).
        """
        xt = np.asarray(x, dtype=float).T  # inputs × rows: every factor's inputs are a slice of rows
        n_g = len(self.aggregations)
        code = self._choices(xt, "alignment") * n_g + self._choices(xt, "aggregation")
        order = np.arange(len(code))
        if len(self.models) > 1:
            order = np.argsort(code, kind="stable")
            xt, code = xt[:, order], code[order]
        w = self._weights(xt, "parameter_weights", self.reference.weights)
        b = self._weights(xt, "basket_weights", self.reference.basket_weights)
        noise = self._span("noise")
        out = np.empty((len(order), len(self.series_ids), len(MEASURES)))
        bounds = np.flatnonzero(np.diff(code)) + 1
        for start, stop in zip([0, *bounds], [*bounds, len(code)]):
            key = int(code[start])
            a, g = self.alignments[key // n_g], self.aggregations[key % n_g]
            wk = w[:, start:stop]
            if noise is not None:  # the low and high twins: w (1 − t) and w t
                p = len(wk)
                twins = np.empty((2 * p, stop - start))
                np.multiply(wk, NOISE_SHARE[g](xt[noise, start:stop], self.noise), out=twins[p:])
                np.subtract(wk, twins[p:], out=twins[:p])
                wk = twins
            series = self.models[(a, g)].columns(wk, b[:, start:stop])  # series × years × rows
            rows = order[start:stop]
            out[rows, :, 0] = series[:, -1, :].T
            out[rows, :, 1] = (series[:, -1, :] - series[:, -2, :]).T
        return out

    def baseline(self) -> np.ndarray:
        """The outputs of the reference choices (reference weights, alignment and aggregation, no noise)."""
        series = self.reference.series()[0]
        return np.stack([series[:, -1], series[:, -1] - series[:, -2]], axis=1)


@dataclass
class SobolResult:
    """Result of :func:`analyse`.

    Attributes:
        n: Base samples ``N``.
        seed: Seed (of the design and of the bootstrap).
        spec: The factors as given.
        factors: The factors as analysed (with their members).
        series_ids: Output series: baskets, then the total.
        year: The latest year (level; change from ``previous``).
        previous: The year before.
        indices: Sobol' indices, outputs (series × measure, in that order) × factors.
        baseline: Outputs of the reference choices, series × measure.
        mean: Mean of the outputs over the design's ``A`` and ``B`` rows, series × measure.
        sd: Their standard deviation, series × measure.
        p05: Their 5% quantile, series × measure.
        p95: Their 95% quantile, series × measure.
        alignment: The reference alignment.
        aggregation: The reference aggregation.
        scenario: Name of the scenario of the reference weights, if any.
    """

    n: int
    seed: int
    spec: FactorSpec
    factors: list[Factor]
    series_ids: list[str]
    year: int
    previous: int
    indices: SobolIndices
    baseline: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    p05: np.ndarray
    p95: np.ndarray
    alignment: str = "lag"
    aggregation: str = "arithmetic"
    scenario: str | None = None

    @property
    def evaluations(self) -> int:
        """Evaluations of the index: ``N·(D + 2)``."""
        return self.n * (len(self.factors) + 2)

    def _cube(self, name: str) -> np.ndarray:
        return getattr(self.indices, name).reshape(len(self.series_ids), len(MEASURES), len(self.factors))

    def table(self) -> pd.DataFrame:
        """Tidy table: ``series, measure, factor, S1, S1_conf, ST, ST_conf`` (outputs in series order)."""
        s1, st, s1c, stc = (self._cube(k).reshape(-1) for k in ("s1", "st", "s1_conf", "st_conf"))
        n_s, n_m, n_f = len(self.series_ids), len(MEASURES), len(self.factors)
        return pd.DataFrame({
            "series": np.repeat(self.series_ids, n_m * n_f), "measure": np.tile(np.repeat(MEASURES, n_f), n_s),
            "factor": np.tile([f.id for f in self.factors], n_s * n_m),
            "S1": s1, "S1_conf": s1c, "ST": st, "ST_conf": stc})

    def to_dict(self) -> dict:
        """The JSON form (NaN as ``None``; see the CLI help of ``index071 sensitivity --method sobol``)."""
        ids = [f.id for f in self.factors]
        cubes = {key: self._cube(name) for key, name in
                 (("S1", "s1"), ("ST", "st"), ("S1_conf", "s1_conf"), ("ST_conf", "st_conf"))}
        series = {}
        for i, sid in enumerate(self.series_ids):
            measures = {}
            for j, measure in enumerate(MEASURES):
                entry = {key: _num(getattr(self, key)[i, j]) for key in ("baseline", "mean", "sd", "p05", "p95")}
                entry.update({key: dict(zip(ids, map(_num, cube[i, j]))) for key, cube in cubes.items()})
                measures[measure] = entry
            series[sid] = {str(self.year): measures}
        return {"method": "sobol", "n": self.n, "seed": self.seed, "evaluations": self.evaluations,
                "num_resamples": self.indices.num_resamples, "conf_level": self.indices.conf_level,
                "factors_name": self.spec.name, "factors_file": str(self.spec.path) if self.spec.path else None,
                "alignment": self.alignment, "aggregation": self.aggregation, "scenario": self.scenario,
                "year": self.year,
                "previous_year": self.previous, "factors": [f.to_dict() for f in self.factors], "series": series}


def _num(value) -> float | None:
    value = float(value)
    return None if np.isnan(value) else value


def analyse(edition: Edition, spec: FactorSpec, *, n: int = DEFAULT_N, seed: int = DEFAULT_SEED,
            num_resamples: int = DEFAULT_RESAMPLES, conf_level: float = DEFAULT_CONF_LEVEL, scenario=None,
            alignment: str = "lag", aggregation: str = "arithmetic", workers: int | None = None) -> SobolResult:
    """First-order and total Sobol' indices of the latest level and change of every series.

    Args:
        edition: The edition.
        spec: The factors (see :mod:`index071lib.data.factors`).
        n: Base samples ``N`` (a power of 2); the index is evaluated ``N·(D + 2)`` times for ``D`` factors.
        seed: Seed of the design (scrambled Sobol' sequence) and of the bootstrap.
        num_resamples: Bootstrap resamples.
        conf_level: Level of the bootstrap intervals.
        scenario: Scenario whose weights are the reference (centre of the weight factors).
        alignment: Alignment when it is not a factor, and of the baseline outputs.
        aggregation: Aggregation when it is not a factor, and of the baseline outputs.
        workers: Threads (default: the number of CPUs, at most 4; BLAS on one thread meanwhile). The
            result does not depend on it.

    Returns:
        A :class:`SobolResult`.

    Raises:
        ValueError: If ``n`` is not a power of 2, or for a bad resample count or level.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> spec = FactorSpec("x", basket_weight_spread=0.25, choices=(("alignment", ("lag", "available")),))
        >>> r = analyse(load_edition(2017), spec, n=256, num_resamples=50)
        >>> [f.id for f in r.factors], r.evaluations
        (['basket_weights', 'alignment'], 1024)
    """
    model = ChoiceModel(edition, spec, scenario=scenario, alignment=alignment, aggregation=aggregation)
    design = saltelli_design(model.groups, n, seed)
    d = len(design.names)
    with one_blas_thread(), ThreadPoolExecutor(workers or min(os.cpu_count() or 1, 4)) as pool:
        # the bootstrap's resample rows are drawn while the design is evaluated
        rows = pool.submit(resample_indices, n, int(num_resamples), seed)
        blocks = list(pool.map(lambda j: model.evaluate(design.a if j < 0 else design.b if j == d else design.ab(j)),
                               range(-1, d + 1)))
        ya, yb = blocks[0].reshape(n, -1), blocks[-1].reshape(n, -1)
        yab = np.stack([block.reshape(n, -1) for block in blocks[1:-1]])
        indices = sobol_indices(ya, yb, yab, num_resamples=num_resamples, conf_level=conf_level,
                                resamples=rows.result(), pmap=pool.map)
    both = np.concatenate([ya, yb]).reshape(2 * n, len(model.series_ids), len(MEASURES))
    return SobolResult(n=int(n), seed=int(seed), spec=spec, factors=model.factors, series_ids=model.series_ids,
                       year=model.year, previous=model.previous, indices=indices, baseline=model.baseline(),
                       mean=both.mean(axis=0), sd=both.std(axis=0), p05=np.quantile(both, 0.05, axis=0),
                       p95=np.quantile(both, 0.95, axis=0), alignment=alignment,
                       aggregation=model.reference.aggregation,
                       scenario=getattr(scenario, "name", None))
