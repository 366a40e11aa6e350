"""Another base year for a whole edition, and the old index (previous base) linked to the new one.

**Re-referencing** (:func:`rereference`) divides every series of a computed edition — each aligned
parameter, each basket and the total — by its own value in the new base year and multiplies by 100.
Each series is scaled by a constant, so every year-on-year growth rate is unchanged; only the level
"= 100" moves. This is what moving the base from 2012 to 2015 means for a published index.

Lag-aligned cells: re-referencing works on the *edition-year columns* of the aligned matrix. A
parameter lagged by ``k`` years has, in column 2015, its value of data year ``2015 − k``; that value
becomes its 100. The vintage and status matrices are unchanged (the same data years sit in the same
cells). Cells filled with the first value (before a parameter's data starts) stay equal to the
parameter's first re-referenced value.

Rebasing the *parameters* to another base year and aggregating again (:func:`rebase_rows` then
:func:`~index071lib.core.pipeline.compute_index`) is a different thing: a fixed-weight mean of rebased
indices is not the rebased mean, so basket and total growth rates change. Use :func:`rereference`
to present an edition on another base; re-aggregation is a method change.

**Linking** (:func:`linked_old_index`): an edition may carry the series of the previous base
(``files: old_index:`` in ``edition.yml``, a tidy ``series,year,value`` table, e.g. on 2008 = 100,
and ``old_base_year``). The old series is put on the new scale at an overlap year with
:func:`~index071lib.core.indices.link_series`, so old and new can be shown side by side.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pandera.pandas as pa

from index071lib.core.indices import link_series
from index071lib.data import schemas
from index071lib.data.edition import Edition, _read_csv


def rebase_rows(frame: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Divide every row by its value in ``base_year`` (times 100).

    Args:
        frame: Series × years.
        base_year: A column of ``frame``.

    Returns:
        The rebased frame (full precision).

    Raises:
        ValueError: If ``base_year`` is not a column, or a row is missing or zero there.

    Example:
        >>> rebase_rows(pd.DataFrame({2012: [100.0], 2015: [125.0]}, index=["x"]), 2015).loc["x"].tolist()
        [80.0, 100.0]
    """
    if base_year not in frame.columns:
        raise ValueError(f"base year {base_year} is not one of the years {list(frame.columns)}")
    base = frame[base_year]
    bad = base.index[base.isna() | (base == 0)]
    if len(bad):
        raise ValueError(f"no non-zero value in base year {base_year} for: {', '.join(map(str, bad))}")
    return frame.div(base, axis=0) * 100.0


def rereference(result, base_year: int):
    """The same computed edition expressed on another base year (every series = 100 there).

    Args:
        result: An :class:`~index071lib.core.pipeline.IndexResult`.
        base_year: The new base year (one of the edition's years).

    Returns:
        A new ``IndexResult`` whose ``aligned``, ``baskets`` and ``total`` are divided by their own
        value in ``base_year``; ``vintage``, ``status`` and the weights are unchanged; ``base_year``
        is set. Year-on-year growth rates of every series are unchanged.

    Raises:
        ValueError: If the year is not in the edition or a series is missing/zero in it.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> from index071lib.core.pipeline import compute_index
        >>> r = rereference(compute_index(load_edition(2017), warn=False), 2015)
        >>> round(float(r.total[2015]), 9), round(float(r.total[2016]), 2)
        (100.0, 102.64)
    """
    total = rebase_rows(result.total.to_frame().T, base_year).iloc[0]
    total.name = result.total.name
    return dataclasses.replace(result, aligned=rebase_rows(result.aligned, base_year),
                               baskets=rebase_rows(result.baskets, base_year), total=total, base_year=base_year)


def growth_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year growth in percent per row (first year NaN).

    Args:
        frame: Series × years.

    Returns:
        ``(value[t] / value[t-1] − 1) × 100`` per cell.

    Example:
        >>> growth_rates(pd.DataFrame({2012: [100.0], 2013: [125.0]})).iloc[0].tolist()
        [nan, 25.0]
    """
    return (frame / frame.shift(1, axis=1) - 1.0) * 100.0


def old_index_schema(series_ids: list[str]) -> pa.DataFrameSchema:
    """Schema of ``old_index.csv`` (series of the previous base: series, year, value).

    Args:
        series_ids: Allowed series (the edition's baskets and total).

    Returns:
        The pandera schema (values > 0, one row per series and year).
    """
    return pa.DataFrameSchema(
        {
            "series": pa.Column(str, pa.Check.isin(series_ids, error=f"unknown series; expected one of {series_ids}")),
            "year": pa.Column(int, coerce=True),
            "value": pa.Column(float, pa.Check.gt(0, error="value must be > 0"), nullable=True, coerce=True),
        },
        unique=["series", "year"],
    )


def load_old_index(edition: Edition) -> pd.DataFrame | None:
    """The previous base's series carried by an edition (``files: old_index:``), if any.

    Args:
        edition: A loaded edition.

    Returns:
        Series × years on the old base (``attrs["base_year"]`` = ``old_base_year`` from edition.yml),
        or ``None`` when the edition has no old index.

    Raises:
        DataError: Naming the file, row and column for an invalid table.
    """
    name = edition.files.get("old_index")
    if not name:
        return None
    path = edition.path / name
    series_ids = edition.basket_ids + [edition.total_id]
    table = schemas.validate(_read_csv(path), old_index_schema(series_ids), path, "series", "series")
    wide = table.pivot(index="series", columns="year", values="value")
    wide = wide.reindex([s for s in series_ids if s in wide.index])
    wide.columns.name = "year"
    wide.attrs["base_year"] = edition.meta.get("old_base_year")
    return wide


def linked_old_index(new: pd.DataFrame, old: pd.DataFrame, overlap_year: int | None = None) -> pd.DataFrame:
    """Old and new index side by side, the old one linked to the new scale at an overlap year.

    Args:
        new: Series × years on the new base (e.g. ``IndexResult.series``).
        old: Series × years on the old base (e.g. :func:`load_old_index`).
        overlap_year: Year where both are known (default: the first year with a value in both
            total series — the new base year when the old series reaches it).

    Returns:
        Tidy ``series, year, new, old, old_linked`` for the series in both tables and the years of
        either; ``old_linked`` = old × new[overlap] / old[overlap] (equal to ``new`` in the overlap
        year, with the growth rates of the old series). ``attrs["overlap_year"]`` is set.

    Raises:
        ValueError: If no overlap year exists or the given one is missing in a series.

    Example:
        >>> new = pd.DataFrame({2012: [100.0], 2013: [103.0]}, index=["t"])
        >>> old = pd.DataFrame({2011: [110.0], 2012: [120.0]}, index=["t"])
        >>> linked_old_index(new, old)["old_linked"].round(4).tolist()
        [91.6667, 100.0, nan]
    """
    common = [s for s in new.index if s in old.index]
    if not common:
        raise ValueError("the old and the new index have no series in common")
    if overlap_year is None:
        both = [y for y in new.columns if y in old.columns
                and all(pd.notna(new.loc[s, y]) and pd.notna(old.loc[s, y]) for s in common)]
        if not both:
            raise ValueError("the old and the new index have no year in common")
        overlap_year = int(both[0])
    years = sorted(set(new.columns) | set(old.columns))
    rows = []
    for s in common:
        n = new.loc[s].reindex(years).astype(float)
        o = old.loc[s].reindex(years).astype(float)
        linked = link_series(o, n, overlap_year)
        rows.append(pd.DataFrame({"series": s, "year": years, "new": n.values, "old": o.values,
                                  "old_linked": linked.values}))
    out = pd.concat(rows, ignore_index=True)
    out.attrs["overlap_year"] = overlap_year
    return out
