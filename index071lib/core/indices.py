"""Index numbers: rebasing, polarity, chain (year-on-year) indices and linking.

All functions take and return :class:`pandas.Series` indexed by year and keep full precision;
rounding is only for display (:func:`round_half_up`).
"""

from __future__ import annotations

import warnings

import pandas as pd

from index071lib.data.rawvalues import to_index
from index071lib.data.schemas import HIGHER, LOWER, POLARITIES  # noqa: F401 (the vocabulary of parameters.csv)
from index071lib.errors import BaseYearWarning
from index071lib.text.fmt import round_half_up  # noqa: F401 (display rounding, as printed tables do)


def _check_polarity(polarity: str) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, got {polarity!r}")


def resolve_base_year(series: pd.Series, base_year: int, *, name: str | None = None) -> int:
    """Return ``base_year`` if the series has a value there, else the first year with a value.

    Args:
        series: Values indexed by year.
        base_year: The requested base year.
        name: Name used in the warning (defaults to ``series.name``).

    Returns:
        The year to use as base.

    Raises:
        ValueError: If the series has no value at all.

    Warns:
        BaseYearWarning: When falling back to the first available year.

    Example:
        >>> import pandas as pd
        >>> resolve_base_year(pd.Series([None, 771.0], index=[2012, 2013]), 2012)  # doctest: +SKIP
        2013
    """
    available = series.dropna()
    if available.empty:
        raise ValueError(f"series {name or series.name!r} has no values")
    if base_year in available.index:
        return base_year
    fallback = int(available.index[0])
    warnings.warn(
        f"series {name or series.name!r}: base year {base_year} is missing; "
        f"using the first available year {fallback} as base",
        BaseYearWarning,
        stacklevel=2,
    )
    return fallback


def rebase(series: pd.Series, base_year: int) -> pd.Series:
    """Rebase a series so that its value in ``base_year`` is 100.

    If the base year is missing, the first available year becomes the base (with a
    :class:`~index071lib.errors.BaseYearWarning`), as the publication does for the
    bèta "N-profiel" series.

    Args:
        series: Values (raw or index) indexed by year.
        base_year: Year that becomes 100.

    Returns:
        ``series / series[base] * 100`` at full precision.

    Raises:
        ValueError: If the base value is zero or the series is empty.

    Example:
        >>> rebase(pd.Series([50.0, 60.0], index=[2012, 2013]), 2012).tolist()
        [100.0, 120.0]
    """
    base = resolve_base_year(series, base_year)
    base_value = series.loc[base]
    if base_value == 0:
        raise ValueError(f"series {series.name!r}: base value in {base} is zero")
    return series / base_value * 100.0


def index_from_raw(series: pd.Series, base_year: int, polarity: str = HIGHER) -> pd.Series:
    """Index numbers from raw values, oriented so that a rise is an improvement.

    Higher-is-better: ``value / base * 100``. Lower-is-better: the reciprocal
    ``base / value * 100`` — what the energy and waste tables of chapter 7 print.

    Args:
        series: Raw values indexed by year.
        base_year: Base year (falls back to the first available year, with a warning).
        polarity: ``"higher_is_better"`` or ``"lower_is_better"``.

    Returns:
        The index series (base = 100).

    Example:
        >>> index_from_raw(pd.Series([62250.0, 58799.0], index=[2012, 2015]), 2012, "lower_is_better").round(2).tolist()
        [100.0, 105.87]
    """
    _check_polarity(polarity)
    if polarity == HIGHER:
        return rebase(series, base_year)
    base = resolve_base_year(series, base_year)
    base_value = series.loc[base]
    if base_value == 0:
        raise ValueError(f"series {series.name!r}: base value in {base} is zero")
    return to_index(series, base_value, polarity)


def chain_index(series: pd.Series, polarity: str = HIGHER) -> pd.Series:
    """Year-on-year (chain) index: each year relative to the previous one, times 100.

    The first year is 100. Lower-is-better series use the reciprocal ratio.

    Args:
        series: Raw values indexed by consecutive years.
        polarity: ``"higher_is_better"`` or ``"lower_is_better"``.

    Returns:
        ``value[t] / value[t-1] * 100`` (first year 100; NaN where a neighbour is missing).

    Example:
        >>> chain_index(pd.Series([415.0, 394.0, 455.0], index=[2012, 2013, 2014])).round(1).tolist()
        [100.0, 94.9, 115.5]
    """
    _check_polarity(polarity)
    ratio = series / series.shift(1) if polarity == HIGHER else series.shift(1) / series
    out = ratio * 100.0
    first = series.first_valid_index()
    if first is not None:
        out.loc[first] = 100.0
    return out


def chain_to_fixed(chain: pd.Series) -> pd.Series:
    """Turn a chain (year-on-year) index into a fixed-base index on its first year.

    Args:
        chain: Year-on-year index (first year 100).

    Returns:
        The cumulative product, first year = 100.

    Example:
        >>> chain_to_fixed(pd.Series([100.0, 110.0, 110.0], index=[1, 2, 3])).round(6).tolist()
        [100.0, 110.0, 121.0]
    """
    return (chain / 100.0).cumprod() * 100.0


def link_series(old: pd.Series, new: pd.Series, overlap_year: int) -> pd.Series:
    """Express a series on an old base on the scale of a new base, linked at an overlap year.

    Args:
        old: Series on the old base (e.g. 2008 = 100).
        new: Series on the new base (e.g. 2012 = 100).
        overlap_year: A year present in both.

    Returns:
        ``old * new[overlap] / old[overlap]``: equal to ``new`` in the overlap year, with the
        growth rates of ``old``.

    Raises:
        ValueError: If the overlap year is missing in either series or ``old`` is zero there.

    Example:
        >>> link_series(pd.Series([120.0, 132.0], index=[2012, 2013]), pd.Series([100.0], index=[2012]), 2012).tolist()
        [100.0, 110.0]
    """
    if overlap_year not in old.dropna().index or overlap_year not in new.dropna().index:
        raise ValueError(f"overlap year {overlap_year} must have a value in both series")
    if old.loc[overlap_year] == 0:
        raise ValueError(f"old series is zero in overlap year {overlap_year}")
    return old * (new.loc[overlap_year] / old.loc[overlap_year])




def candidate_series(raw: pd.Series, base_year: int, polarity: str) -> dict[str, pd.Series]:
    """All index methods the audit compares a printed series with.

    Args:
        raw: Raw values indexed by year.
        base_year: Base year of the fixed-base method.
        polarity: Polarity of the raw values.

    Returns:
        ``{"fixed_base": ..., "chain": ..., "fixed_base_inverted": ...}`` — the last one is the
        fixed base with the opposite polarity (a polarity mistake).
    """
    other = LOWER if polarity == HIGHER else HIGHER
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BaseYearWarning)
        return {
            "fixed_base": index_from_raw(raw, base_year, polarity),
            "chain": chain_index(raw, polarity),
            "fixed_base_inverted": index_from_raw(raw, base_year, other),
        }


def match_printed(raw: pd.Series, printed: pd.Series, base_year: int, polarity: str) -> pd.DataFrame:
    """Compare a printed index with every candidate method, cell by cell.

    A cell matches when the computed value rounded half-up to whole points equals the printed one.
    Cells where the raw value is missing are not compared.

    Args:
        raw: Raw values indexed by year.
        printed: Printed (whole-point) index indexed by year.
        base_year: Base year.
        polarity: Polarity of the raw values.

    Returns:
        One row per method with columns ``matches``, ``compared``, ``mismatched_years``.
    """
    rows = []
    for method, series in candidate_series(raw, base_year, polarity).items():
        both = series.notna() & printed.notna()
        equal = round_half_up(series[both]) == printed[both]
        rows.append({
            "method": method,
            "matches": int(equal.sum()),
            "compared": int(both.sum()),
            "mismatched_years": [int(y) for y in equal.index[~equal]],
        })
    return pd.DataFrame(rows).set_index("method")
