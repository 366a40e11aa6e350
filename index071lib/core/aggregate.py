"""Weights and weighted aggregation: parameters → baskets → total."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from index071lib.errors import WeightSumWarning

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


def weighted_mean(matrix: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Weighted mean of the rows of ``matrix``, per column, over the cells that are present.

    Missing cells are left out and the weights of what is there are renormalised, so a column
    with all rows present is the plain weighted mean.

    Args:
        matrix: Rows × years.
        weights: One weight per row of ``matrix`` (aligned by index).

    Returns:
        One value per column (NaN where no row has a value or all present weights are zero).

    Example:
        >>> m = pd.DataFrame({2016: [100.0, None], 2015: [100.0, 200.0]}, index=["a", "b"])
        >>> weighted_mean(m, pd.Series({"a": 1.0, "b": 1.0})).tolist()
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


def aggregate_baskets(aligned: pd.DataFrame, weights: pd.Series, basket_of: pd.Series,
                      baskets: list[str] | None = None, *, warn: bool = True) -> pd.DataFrame:
    """Basket series as the weighted mean of their parameters.

    Args:
        aligned: Parameters × years (after alignment).
        weights: Weight per parameter (any scale; normalised per basket).
        basket_of: Basket id per parameter.
        baskets: Basket order of the result (default: order of first appearance).
        warn: Warn (naming the basket and the sum) when a basket's weights do not sum to 100.

    Returns:
        Baskets × years.
    """
    baskets = baskets or list(dict.fromkeys(basket_of))
    rows = {}
    for basket in baskets:
        members = basket_of.index[basket_of == basket]
        w = normalise_weights(weights.reindex(members), f"basket {basket!r}", warn=warn)
        rows[basket] = weighted_mean(aligned.loc[members], w)
    return pd.DataFrame(rows).T.reindex(columns=aligned.columns)


def aggregate_total(baskets: pd.DataFrame, basket_weights: pd.Series, *, warn: bool = True) -> pd.Series:
    """Total index as the weighted mean of the basket series.

    Args:
        baskets: Baskets × years.
        basket_weights: Weight per basket (normalised, with a warning if the sum is not 100).
        warn: Emit the normalisation warning.

    Returns:
        The total per year.

    Example:
        >>> b = pd.DataFrame({2016: [110.0, 120.0]}, index=["x", "y"])
        >>> aggregate_total(b, pd.Series({"x": 50.0, "y": 50.0})).tolist()
        [115.0]
    """
    w = normalise_weights(basket_weights.reindex(baskets.index), "the baskets (total)", warn=warn)
    return weighted_mean(baskets, w)


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


def contributions(aligned: pd.DataFrame, weights: pd.Series, basket_of: pd.Series,
                  year: int, previous: int) -> pd.DataFrame:
    """Contribution of each parameter to its basket's change between two years.

    Contribution = normalised weight (share of the basket) × change of the parameter, in index
    points; per basket the contributions add up to the basket's change (when no cell is missing).

    Args:
        aligned: Parameters × years.
        weights: Weight per parameter.
        basket_of: Basket id per parameter.
        year: The later year.
        previous: The earlier year.

    Returns:
        One row per parameter: ``basket``, ``share`` (0–1), ``change`` and ``contribution``.
    """
    share = weights / weights.groupby(basket_of).transform("sum")
    change = aligned[year] - aligned[previous]
    return pd.DataFrame({
        "basket": basket_of,
        "share": share,
        "change": change,
        "contribution": share * change,
    })
