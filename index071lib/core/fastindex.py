"""The index for many weightings at once: one matrix product instead of a pipeline run per weighting.

The standard pipeline (:func:`index071lib.core.pipeline.compute_index`) aligns the parameters and then takes
two weighted means with pandas. For what-if sliders and Monte Carlo draws only the *weights* change, so
:class:`WeightModel` freezes the aligned matrix once and evaluates the same two weighted means for a
whole stack of weightings with numpy:

* baskets: ``num = W @ D`` and ``den = W @ E``, where ``D`` (parameters × baskets·years) holds each
  parameter's aligned values in its basket's block (0 elsewhere, and 0 for a missing cell) and ``E``
  holds 1 where the parameter is present. ``W`` is draws × parameters; one product gives every basket,
  year and draw; ``num / den`` is the weighted mean over the present cells (missing cells are left out
  and the other weights renormalised — exactly :func:`index071lib.core.aggregate.weighted_mean`).
* total: the weighted mean of the baskets with the basket weights (draws × baskets), again over the
  baskets present.

Weights are on any scale (they are normalised per basket and across baskets, as in the pipeline).

The geometric mean (``aggregation="geometric"``, :func:`index071lib.core.aggregate.weighted_geometric_mean`)
is the same product on logarithms: ``D`` holds ``ln(x / c)`` with ``c`` the largest value of the basket
in that year, and a basket is ``c · exp(num / den)``; the total is ``c · exp(Σ b·ln(B / c) / Σ b)``
over the baskets present, with ``c`` the largest basket of that year and draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from index071lib.data.edition import Edition


@dataclass(frozen=True, eq=False)
class WeightModel:
    """Frozen aligned matrix of an edition, ready to evaluate any number of weightings.

    Attributes:
        parameters: Parameter ids (row order of every weight vector).
        baskets: Basket ids (order of every basket weight vector).
        years: Years (columns).
        total_id: Id of the total series.
        aligned: Parameters × years, aligned values (NaN = missing).
        basket_index: Basket number (0-based, in ``baskets``) of each parameter.
        weights: Reference parameter weights (the panel's, or a scenario's).
        basket_weights: Reference basket weights.
        aggregation: ``"arithmetic"`` or ``"geometric"`` weighted mean (baskets and total alike).
    """

    parameters: tuple
    baskets: tuple
    years: tuple
    total_id: str
    aligned: np.ndarray
    basket_index: np.ndarray
    weights: np.ndarray
    basket_weights: np.ndarray
    aggregation: str = "arithmetic"

    @classmethod
    def from_edition(cls, edition: Edition, *, alignment: str = "lag", scenario=None,
                     aggregation: str = "arithmetic") -> "WeightModel":
        """Align an edition once and keep its matrix.

        Args:
            edition: A loaded edition.
            alignment: Alignment method (see :mod:`index071lib.core.align`).
            scenario: A :class:`~index071lib.data.scenarios.Scenario` whose weights become the reference
                weights (default: the annex weights), and whose aggregation method, if it names one, is used.
            aggregation: The aggregation method otherwise (``"arithmetic"`` or ``"geometric"``).

        Raises:
            OptionError: For an unknown aggregation method.
            DataError: For the geometric mean, an index value ≤ 0.

        Returns:
            The model.

        Example:
            >>> from index071lib.data.edition import load_edition
            >>> m = WeightModel.from_edition(load_edition(2017))
            >>> m.aligned.shape, len(m.baskets)
            ((38, 5), 5)
        """
        from index071lib.core.align import align
        from index071lib.core.pipeline import require_aggregation
        from index071lib.data.scenarios import scenario_aggregation, scenario_weights

        aggregation = require_aggregation(edition, scenario_aggregation(scenario, aggregation))
        aligned, _ = align(edition.values, alignment)
        weights, baskets = scenario_weights(edition, scenario)
        ids = list(edition.parameters.index)
        basket_ids = list(edition.basket_ids)
        index = edition.basket_of.reindex(ids).map({b: i for i, b in enumerate(basket_ids)})
        return cls(parameters=tuple(ids), baskets=tuple(basket_ids), years=tuple(int(y) for y in aligned.columns),
                   total_id=edition.total_id, aligned=aligned.loc[ids].to_numpy(dtype=float),
                   basket_index=index.to_numpy(dtype=int), weights=weights.reindex(ids).to_numpy(dtype=float),
                   basket_weights=baskets.reindex(basket_ids).to_numpy(dtype=float), aggregation=aggregation)

    @property
    def series_ids(self) -> list[str]:
        """Baskets, then the total: the order of the series axis of :meth:`series`."""
        return [*self.baskets, self.total_id]

    @property
    def complete(self) -> bool:
        """True when no aligned cell is missing (then the denominators do not depend on the year)."""
        return not np.isnan(self.aligned).any()

    @property
    def _reference(self) -> np.ndarray:
        """Baskets × years: the largest value present of each basket (the ``c`` of the geometric mean)."""
        reference = np.zeros((len(self.baskets), len(self.years)))
        np.maximum.at(reference, self.basket_index, np.nan_to_num(self.aligned, nan=0.0))
        return reference

    def _design(self) -> tuple[np.ndarray, np.ndarray]:
        n_p, n_y = self.aligned.shape
        n_k = len(self.baskets)
        present = ~np.isnan(self.aligned)
        values = self.aligned
        if self.aggregation == "geometric":
            with np.errstate(invalid="ignore", divide="ignore"):
                values = np.log(self.aligned / self._reference[self.basket_index])
        values = np.where(present, values, 0.0)
        numerator = np.zeros((n_p, n_k, n_y))
        numerator[np.arange(n_p), self.basket_index, :] = values
        if self.complete:
            denominator = np.zeros((n_p, n_k))
            denominator[np.arange(n_p), self.basket_index] = 1.0
        else:
            denominator = np.zeros((n_p, n_k, n_y))
            denominator[np.arange(n_p), self.basket_index, :] = present
        return numerator.reshape(n_p, n_k * n_y), denominator.reshape(n_p, -1)

    def columns(self, weights, basket_weights) -> np.ndarray:
        """Baskets and total for weightings given as columns (the fast layout).

        Args:
            weights: Parameter weights, shape ``(P, N)`` (one weighting per column; any scale ≥ 0).
            basket_weights: Basket weights, shape ``(K, N)``.

        Returns:
            ``(K + 1, Y, N)``: baskets then the total (series in :attr:`series_ids` order). A basket
            without any weighted present parameter in a year is NaN there and the total is taken over
            the other baskets.

        Example:
            >>> from index071lib.data.edition import load_edition
            >>> m = WeightModel.from_edition(load_edition(2017))
            >>> out = m.columns(np.stack([m.weights, m.weights], axis=1), np.stack([m.basket_weights] * 2, axis=1))
            >>> out.shape, round(float(out[-1, -1, 1]), 2)
            ((6, 5, 2), 112.52)
        """
        w = np.asarray(weights, dtype=float)
        b = np.asarray(basket_weights, dtype=float)
        n, n_k, n_y = w.shape[1], len(self.baskets), len(self.years)
        design = self._design_cached  # numerator and denominator blocks side by side
        product = design @ w  # the one matrix product: (K·Y + K or K·Y) × N
        num = product[:n_k * n_y].reshape(n_k, n_y, n)
        den = product[n_k * n_y:].reshape(n_k, 1 if self.complete else n_y, n)
        out = np.empty((n_k + 1, n_y, n))
        with np.errstate(invalid="ignore", divide="ignore"):
            np.divide(num, den, out=out[:n_k])
        empty = den <= 0
        if self.aggregation == "geometric":
            return self._geometric(out, empty, b)
        if not empty.any():
            total = out[n_k]
            np.multiply(out[0], b[0], out=total)
            for k in range(1, n_k):
                total += out[k] * b[k]
            total /= b.sum(axis=0)
            return out
        baskets = out[:n_k]
        baskets[np.broadcast_to(empty, baskets.shape)] = np.nan
        present = ~np.isnan(baskets)
        filled = np.where(present, baskets, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[n_k] = np.einsum("kn,kyn->yn", b, filled) / np.einsum("kn,kyn->yn", b, present.astype(float))
        return out

    def _geometric(self, out: np.ndarray, empty: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Finish :meth:`columns` for the geometric mean: ``out[:K]`` holds the baskets' mean ``ln(x / c)``."""
        n_k = len(self.baskets)
        reference = self._reference[:, :, None]
        if not empty.any():  # every basket present: the total from the logarithms already at hand
            logs = out[:n_k] + np.log(reference)  # ln of each basket, (K, Y, N)
            top = logs.argmax(axis=0)[None]  # the largest basket of each year and draw is the total's c
            top_log = np.take_along_axis(logs, top, axis=0)[0]
            np.exp(out[:n_k], out=out[:n_k])
            out[:n_k] *= reference
            total = out[n_k]
            np.multiply(logs[0] - top_log, b[0], out=total)
            for k in range(1, n_k):
                total += (logs[k] - top_log) * b[k]
            total /= b.sum(axis=0)
            np.exp(total, out=total)
            total *= np.take_along_axis(out[:n_k], top, axis=0)[0]
            return out
        baskets = out[:n_k]
        np.exp(baskets, out=baskets)
        baskets *= reference
        baskets[np.broadcast_to(empty, baskets.shape)] = np.nan
        present = ~np.isnan(baskets)
        top = np.where(present, baskets, 0.0).max(axis=0)  # (Y, N): the largest basket present
        with np.errstate(invalid="ignore", divide="ignore"):
            logs = np.log(np.where(present, baskets, top) / top)  # 0 where a basket is missing
            out[n_k] = top * np.exp(np.einsum("kn,kyn->yn", b, logs)
                                    / np.einsum("kn,kyn->yn", b, present.astype(float)))
        return out

    def series(self, weights=None, basket_weights=None) -> np.ndarray:
        """Baskets and total for a stack of weightings given as rows: shape ``(N, K + 1, Y)``.

        Args:
            weights: Parameter weights, ``(P,)`` or ``(N, P)`` (default: the reference weights).
            basket_weights: Basket weights, ``(K,)`` or ``(N, K)`` (default: the reference weights).

        Returns:
            Draws × series (:attr:`series_ids` order) × years.

        Example:
            >>> from index071lib.data.edition import load_edition
            >>> m = WeightModel.from_edition(load_edition(2017))
            >>> s = m.series()
            >>> s.shape, round(float(s[0, -1, -1]), 2)
            ((1, 6, 5), 112.52)
        """
        w = np.atleast_2d(self.weights if weights is None else np.asarray(weights, dtype=float))
        b = np.atleast_2d(self.basket_weights if basket_weights is None else np.asarray(basket_weights, dtype=float))
        n = max(len(w), len(b))
        w, b = np.broadcast_to(w, (n, w.shape[1])), np.broadcast_to(b, (n, b.shape[1]))
        return self.columns(w.T, b.T).transpose(2, 0, 1)

    def baskets_and_total(self, weights=None, basket_weights=None) -> tuple[np.ndarray, np.ndarray]:
        """Like :meth:`series`, split in baskets and total.

        Args:
            weights: Parameter weights, ``(P,)`` or ``(N, P)``.
            basket_weights: Basket weights, ``(K,)`` or ``(N, K)``.

        Returns:
            ``(baskets (N, K, Y), total (N, Y))``.
        """
        s = self.series(weights, basket_weights)
        return s[:, :-1, :], s[:, -1, :]

    def frame(self, weights=None, basket_weights=None) -> pd.DataFrame:
        """One weighting as a series × years DataFrame (like ``IndexResult.series``).

        Args:
            weights: Parameter weights ``(P,)`` (default: the reference weights).
            basket_weights: Basket weights ``(K,)`` (default: the reference weights).

        Returns:
            Baskets and total × years.
        """
        return pd.DataFrame(self.series(weights, basket_weights)[0], index=self.series_ids, columns=list(self.years))

    def constant_years(self) -> np.ndarray:
        """Years in which every weighting gives the same value (all parameters present and equal, e.g. the base year).

        Returns:
            Boolean per year.
        """
        x = self.aligned
        if x.shape[0] == 0:
            return np.zeros(x.shape[1], dtype=bool)
        return ~np.isnan(x).any(axis=0) & (x.max(axis=0) == x.min(axis=0))

    @property
    def _design_cached(self) -> np.ndarray:
        """``[D | E]`` transposed and contiguous: rows = basket·year numerators, then denominators."""
        cache = self.__dict__.get("_design_value")
        if cache is None:
            numerator, denominator = self._design()
            cache = np.ascontiguousarray(np.concatenate([numerator, denominator], axis=1).T)
            object.__setattr__(self, "_design_value", cache)
        return cache
