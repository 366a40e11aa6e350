"""Aligning parameters whose latest figure is older than the edition year.

The publication uses "the most recent figure available" (seed, "Inleiding", point 2): a parameter
whose latest value is for year ``Y - k`` counts, in edition year ``Y``, with that latest value, and
its earlier values shift with it (*lag alignment*). The two obvious alternatives are offered too so
the panel can see what the choice does:

* ``"lag"`` (default, reproduces the publication): shift each series right by its lag ``k``;
  cells before its first shifted value are filled with that first value (the base, 100).
* ``"carry"``: keep values in place and carry the last value forward into missing years.
* ``"available"``: keep values in place and leave missing cells out (the aggregation then
  renormalises the weights of the parameters that are there).

Every function returns the aligned matrix and a *vintage* matrix: for each cell the data year the
value really belongs to (``<NA>`` where the cell was filled or is missing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

ALIGNMENTS = ("lag", "carry", "available")


def lags(values: pd.DataFrame) -> pd.Series:
    """Years between the last column and each row's latest value.

    Args:
        values: Parameters × years (columns sorted ascending).

    Returns:
        Integer lag per row (0 when the last year is filled in); rows without any value are dropped.

    Example:
        >>> lags(pd.DataFrame({2015: [1.0, 1.0], 2016: [2.0, None]}, index=["a", "b"])).tolist()
        [0, 1]
    """
    years = np.asarray(values.columns, dtype=int)
    last = values.apply(lambda row: row.last_valid_index(), axis=1).dropna()
    return (years[-1] - last.astype(int)).astype(int)


def _empty_vintage(values: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(pd.NA, index=values.index, columns=values.columns, dtype="Int64")


def align_lag(values: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lag alignment: latest value counts in the last year, earlier values shift with it.

    Args:
        values: Parameters × years (columns are consecutive years, ascending).

    Returns:
        ``(aligned, vintage)``. Leading cells that no data reaches are filled with the first
        shifted value and have vintage ``<NA>``.

    Example:
        >>> v = pd.DataFrame({2014: [100.0], 2015: [110.0], 2016: [None]}, index=["p"])
        >>> a, vin = align_lag(v)
        >>> a.loc["p"].tolist(), vin.loc["p"].tolist()
        ([100.0, 100.0, 110.0], [<NA>, 2014, 2015])
    """
    years = np.asarray(values.columns, dtype=int)
    aligned = pd.DataFrame(np.nan, index=values.index, columns=values.columns)
    vintage = _empty_vintage(values)
    k_by_row = lags(values)
    for row, k in k_by_row.items():
        data = values.loc[row].to_numpy(dtype=float)
        shifted = np.full(len(years), np.nan)
        shifted[k:] = data[: len(years) - k]
        source_years = years - k
        observed = ~np.isnan(shifted)
        first = int(np.argmax(observed))
        vintage.loc[row, years[observed]] = source_years[observed]
        shifted[:first] = shifted[first]
        aligned.loc[row] = shifted
    return aligned, vintage


def align_carry(values: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Carry the last value forward in place (no shift).

    Args:
        values: Parameters × years.

    Returns:
        ``(aligned, vintage)``; vintage is the year of the value carried into each cell.

    Example:
        >>> a, vin = align_carry(pd.DataFrame({2015: [110.0], 2016: [None]}, index=["p"]))
        >>> a.loc["p"].tolist(), vin.loc["p"].tolist()
        ([110.0, 110.0], [2015, 2015])
    """
    years = pd.DataFrame(np.broadcast_to(np.asarray(values.columns, dtype=float), values.shape),
                         index=values.index, columns=values.columns)
    observed_year = years.where(values.notna())
    vintage = observed_year.ffill(axis=1).astype("Int64")
    return values.ffill(axis=1), vintage


def align_available(values: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Leave values in place; missing cells stay missing (left out of the weighted mean).

    Args:
        values: Parameters × years.

    Returns:
        ``(values, vintage)`` with vintage = the column year where a value exists.

    Example:
        >>> a, vin = align_available(pd.DataFrame({2015: [110.0], 2016: [None]}, index=["p"]))
        >>> vin.loc["p"].tolist()
        [2015, <NA>]
    """
    years = pd.DataFrame(np.broadcast_to(np.asarray(values.columns, dtype=float), values.shape),
                         index=values.index, columns=values.columns)
    return values.copy(), years.where(values.notna()).astype("Int64")


def align(values: pd.DataFrame, method: str = "lag") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dispatch to one of the alignment methods.

    Args:
        values: Parameters × years.
        method: ``"lag"`` (default), ``"carry"`` or ``"available"``.

    Returns:
        ``(aligned, vintage)``.

    Raises:
        ValueError: For an unknown method.
    """
    functions = {"lag": align_lag, "carry": align_carry, "available": align_available}
    if method not in functions:
        raise ValueError(f"alignment must be one of {ALIGNMENTS}, got {method!r}")
    return functions[method](values)


def cell_status(vintage: pd.DataFrame, aligned: pd.DataFrame) -> pd.DataFrame:
    """Label each cell: ``observed``, ``lagged`` (a value of an earlier data year), ``filled`` or ``missing``.

    Args:
        vintage: Vintage matrix from an alignment function.
        aligned: The aligned values.

    Returns:
        Parameters × years of strings, for charts and reports.
    """
    years = pd.DataFrame(np.broadcast_to(np.asarray(vintage.columns, dtype=int), vintage.shape),
                         index=vintage.index, columns=vintage.columns)
    has_vintage = vintage.notna().to_numpy()
    v = vintage.fillna(-1).astype(int).to_numpy()
    status = np.where(~has_vintage, np.where(aligned.isna().to_numpy(), "missing", "filled"),
                      np.where(v == years.to_numpy(), "observed", "lagged"))
    return pd.DataFrame(status, index=vintage.index, columns=vintage.columns)
