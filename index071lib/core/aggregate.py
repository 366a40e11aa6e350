"""Weights and weighted aggregation: parameters → baskets → total, and contributions to a change.

The aggregation method is a seam like the alignment (:mod:`index071lib.core.align`): :data:`AGGREGATIONS`
holds one function per method, all with the signature of :func:`weighted_arithmetic_mean` (rows × years
and one weight per row in, one value per year out; missing cells are left out and the weights of the
rows present are renormalised).

* ``"arithmetic"`` (default, the publication's): ``Σ w·x / Σ w``.
* ``"geometric"``: ``exp(Σ w·ln x / Σ w)``; needs values > 0 and is never above the arithmetic mean
  (equal to it when the values are equal). It is computed relative to the largest value of each
  column, ``c · exp(Σ w·ln(x / c) / Σ w)``, so equal values give exactly that value (a base year stays
  exactly 100).

:func:`contributions` splits a change between two years into the parts' contributions (parameters to
their basket, or baskets to the total) for either method.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from index071lib.errors import OptionError, WeightSumWarning

TOLERANCE = 1e-9


def normalise_weights(weights: pd.Series, label: str, *, warn: bool = True) -> pd.Series:
    """Scale weights so that they sum to 100.

    Args:
        weights: Non-negative weights.
        label: What the weights belong to (a basket id, ``"baskets"``), named in the warning.
        warn: Emit a :class:`~index071lib.errors.WeightSumWarning` when the sum is not 100.

    Returns:
        ``weights / weights.sum() * 100``.

    Raises:
        ValueError: If a weight is negative or missing, or all weights are zero.

    Example:
        >>> normalise_weights(pd.Series({"a": 1.0, "b": 3.0}), "x", warn=False).tolist()
        [25.0, 75.0]
    """
    if weights.isna().any() or (weights < 0).any():
        raise ValueError(f"weights of {label} must be non-negative numbers")
    total = float(weights.sum())
    if total <= 0:
        raise ValueError(f"weights of {label} sum to zero")
    if warn and abs(total - 100.0) > TOLERANCE:
        warnings.warn(
            f"weights of {label} sum to {total:g}, not 100; normalised to 100",
            WeightSumWarning,
            stacklevel=2,
        )
    return weights / total * 100.0


def weighted_arithmetic_mean(matrix: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Weighted arithmetic mean of the rows of ``matrix``, per column, over the cells that are present.

    Missing cells are left out and the weights of what is there are renormalised, so a column
    with all rows present is the plain weighted mean.

    Args:
        matrix: Rows × years.
        weights: One weight per row of ``matrix`` (aligned by index).

    Returns:
        One value per column (NaN where no row has a value or all present weights are zero).

    Example:
        >>> m = pd.DataFrame({2016: [100.0, None], 2015: [100.0, 200.0]}, index=["a", "b"])
        >>> weighted_arithmetic_mean(m, pd.Series({"a": 1.0, "b": 1.0})).tolist()
        [100.0, 150.0]
    """
    w = weights.reindex(matrix.index).to_numpy(dtype=float)[:, None]
    x = matrix.to_numpy(dtype=float)
    present = ~np.isnan(x)
    num = np.where(present, x * w, 0.0).sum(axis=0)
    den = np.where(present, w, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return pd.Series(out, index=matrix.columns)


def non_positive_cells(matrix: pd.DataFrame) -> list[tuple]:
    """Cells that are present and ≤ 0 (the geometric mean has no logarithm for them).

    Args:
        matrix: Rows × years.

    Returns:
        ``(row, column, value)`` per such cell, row by row.

    Example:
        >>> non_positive_cells(pd.DataFrame({2015: [100.0, 0.0], 2016: [None, 5.0]}, index=["a", "b"]))
        [('b', 2015, 0.0)]
    """
    x = matrix.to_numpy(dtype=float)
    rows, cols = np.nonzero(~np.isnan(x) & (x <= 0))
    return [(matrix.index[i], matrix.columns[j], float(x[i, j])) for i, j in zip(rows, cols)]


def weighted_geometric_mean(matrix: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Weighted geometric mean of the rows of ``matrix``, per column, over the cells that are present.

    ``c · exp(Σ w·ln(x / c) / Σ w)`` with ``c`` the largest value present in the column (the same
    number as ``exp(Σ w·ln x / Σ w)``; equal values give exactly that value). Missing cells are left
    out and the other weights renormalised, as in :func:`weighted_arithmetic_mean`.

    Args:
        matrix: Rows × years; every present value must be > 0.
        weights: One weight per row of ``matrix`` (aligned by index).

    Returns:
        One value per column (NaN where no row has a value or all present weights are zero).

    Raises:
        ValueError: Naming the rows and columns of values ≤ 0.

    Example:
        >>> m = pd.DataFrame({2016: [100.0, 400.0]}, index=["a", "b"])
        >>> weighted_geometric_mean(m, pd.Series({"a": 1.0, "b": 1.0})).round(9).tolist()
        [200.0]
    """
    bad = non_positive_cells(matrix)
    if bad:
        cells = ", ".join(f"{row!r} in {col} ({value:g})" for row, col, value in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise ValueError(f"the geometric mean needs values > 0; got {cells}{more}")
    x = matrix.to_numpy(dtype=float)
    reference = np.where(np.isnan(x), 0.0, x).max(axis=0, initial=0.0)  # 0: nothing present in the column
    with np.errstate(invalid="ignore", divide="ignore"):
        logs = np.log(x / np.where(reference > 0, reference, np.nan))
    mean_log = weighted_arithmetic_mean(pd.DataFrame(logs, index=matrix.index, columns=matrix.columns), weights)
    return pd.Series(reference * np.exp(mean_log.to_numpy()), index=matrix.columns)


#: The aggregation methods: name → function ``(rows × years, weight per row) → value per year``.
AGGREGATIONS: dict[str, Callable[[pd.DataFrame, pd.Series], pd.Series]] = {
    "arithmetic": weighted_arithmetic_mean,
    "geometric": weighted_geometric_mean,
}


def check_aggregation(aggregation: str) -> str:
    """Return ``aggregation`` if it is a known method.

    Raises:
        OptionError: Naming the allowed methods.

    Example:
        >>> check_aggregation("geometric")
        'geometric'
    """
    if aggregation not in AGGREGATIONS:
        raise OptionError("aggregation", f"must be one of {tuple(AGGREGATIONS)}, got {aggregation!r}")
    return aggregation


def weighted_mean(matrix: pd.DataFrame, weights: pd.Series, aggregation: str = "arithmetic") -> pd.Series:
    """Dispatch to one of the aggregation methods (:data:`AGGREGATIONS`).

    Args:
        matrix: Rows × years.
        weights: One weight per row of ``matrix``.
        aggregation: ``"arithmetic"`` (default) or ``"geometric"``.

    Returns:
        One value per column.

    Raises:
        OptionError: For an unknown method.

    Example:
        >>> m = pd.DataFrame({2016: [100.0, None], 2015: [100.0, 200.0]}, index=["a", "b"])
        >>> weighted_mean(m, pd.Series({"a": 1.0, "b": 1.0})).tolist()
        [100.0, 150.0]
    """
    return AGGREGATIONS[check_aggregation(aggregation)](matrix, weights)


def aggregate_baskets(aligned: pd.DataFrame, weights: pd.Series, basket_of: pd.Series,
                      baskets: list[str] | None = None, *, warn: bool = True,
                      aggregation: str = "arithmetic") -> pd.DataFrame:
    """Basket series as the weighted mean of their parameters.

    Args:
        aligned: Parameters × years (after alignment).
        weights: Weight per parameter (any scale; normalised per basket).
        basket_of: Basket id per parameter.
        baskets: Basket order of the result (default: order of first appearance).
        warn: Warn (naming the basket and the sum) when a basket's weights do not sum to 100.
        aggregation: ``"arithmetic"`` (default) or ``"geometric"`` mean.

    Returns:
        Baskets × years.
    """
    baskets = baskets or list(dict.fromkeys(basket_of))
    rows = {}
    for basket in baskets:
        members = basket_of.index[basket_of == basket]
        w = normalise_weights(weights.reindex(members), f"basket {basket!r}", warn=warn)
        rows[basket] = weighted_mean(aligned.loc[members], w, aggregation)
    return pd.DataFrame(rows).T.reindex(columns=aligned.columns)


def aggregate_total(baskets: pd.DataFrame, basket_weights: pd.Series, *, warn: bool = True,
                    aggregation: str = "arithmetic") -> pd.Series:
    """Total index as the weighted mean of the basket series.

    Args:
        baskets: Baskets × years.
        basket_weights: Weight per basket (normalised, with a warning if the sum is not 100).
        warn: Emit the normalisation warning.
        aggregation: ``"arithmetic"`` (default) or ``"geometric"`` mean.

    Returns:
        The total per year.

    Example:
        >>> b = pd.DataFrame({2016: [110.0, 120.0]}, index=["x", "y"])
        >>> aggregate_total(b, pd.Series({"x": 50.0, "y": 50.0})).tolist()
        [115.0]
    """
    w = normalise_weights(basket_weights.reindex(baskets.index), "the baskets (total)", warn=warn)
    return weighted_mean(baskets, w, aggregation)


def effective_weights(weights: pd.Series, basket_of: pd.Series, basket_weights: pd.Series) -> pd.Series:
    """Weight of each parameter in the total, in percent (sums to 100).

    Args:
        weights: Weight per parameter (normalised within its basket).
        basket_of: Basket id per parameter.
        basket_weights: Weight per basket (normalised across baskets).

    Returns:
        ``w_p / Σ w_basket × W_basket / Σ W`` × 100 per parameter.

    Example:
        >>> effective_weights(pd.Series({"a": 1.0, "b": 1.0}), pd.Series({"a": "x", "b": "x"}), pd.Series({"x": 5.0})).tolist()
        [50.0, 50.0]
    """
    within = weights / weights.groupby(basket_of).transform("sum")
    across = basket_weights / basket_weights.sum()
    return within * basket_of.map(across) * 100.0


def contributions(values: pd.DataFrame, weights: pd.Series, year: int, previous: int, *,
                  basket_of: pd.Series | None = None, aggregation: str = "arithmetic") -> pd.DataFrame:
    """Contribution of each part to the change of its aggregate between two years, in index points.

    The one place contributions are computed: parameters to their basket (``basket_of`` given) and
    baskets to the total (``basket_of=None``: all rows form one aggregate).

    * arithmetic mean: contribution = share × change of the part;
    * geometric mean: contribution = share × (ln x_now − ln x_before) × L, with ``L = ΔG / Δln G``
      the logarithmic mean of the aggregate's two values ``G`` (``G`` itself when it does not move).
      Since ``Δln G = Σ share × Δln x``, these add up to ``ΔG`` as well.

    Per aggregate the contributions add up to its change when no cell of the two years is missing
    (the aggregation renormalises the weights of the cells present, the shares here do not).

    Args:
        values: Parts × years (aligned parameters, or baskets).
        weights: Weight per part (any scale; normalised per aggregate).
        year: The later year.
        previous: The earlier year.
        basket_of: Basket id per parameter; ``None`` when the parts are the baskets of the total.
        aggregation: ``"arithmetic"`` (default) or ``"geometric"``: the method the aggregate is made with.

    Returns:
        One row per part (index of ``values``): ``basket`` (only with ``basket_of``), ``share`` (0–1),
        ``change`` (index points) and ``contribution`` (index points).

    Raises:
        OptionError: For an unknown method.
        ValueError: For the geometric mean, values ≤ 0.

    Example:
        >>> v = pd.DataFrame({2015: [100.0, 100.0], 2016: [110.0, 90.0]}, index=["a", "b"])
        >>> contributions(v, pd.Series({"a": 3.0, "b": 1.0}), 2016, 2015)["contribution"].tolist()
        [7.5, -2.5]
    """
    check_aggregation(aggregation)
    weights = weights.reindex(values.index)
    if basket_of is None:
        share = weights / weights.sum()
        groups = pd.Series("", index=values.index)
    else:
        groups = basket_of.reindex(values.index)
        share = weights / weights.groupby(groups).transform("sum")
    change = values[year] - values[previous]
    if aggregation == "arithmetic":
        contribution = share * change
    else:
        before, now = (pd.Series({g: weighted_geometric_mean(values.loc[groups == g, [col]], share)[col]
                                  for g in dict.fromkeys(groups)}) for col in (previous, year))
        log_change = share * (np.log(values[year]) - np.log(values[previous]))
        rise = now / before - 1.0  # L = ΔG / ln(G_now / G_before), computed stably for small changes
        with np.errstate(invalid="ignore", divide="ignore"):
            factor = (before * rise / np.log1p(rise)).where(rise != 0, before)
        contribution = log_change * groups.map(factor)
    table = pd.DataFrame({"share": share, "change": change, "contribution": contribution})
    if basket_of is not None:
        table.insert(0, "basket", groups)
    return table
