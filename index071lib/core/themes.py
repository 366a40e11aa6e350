"""Chapter 7 trend themes: indices computed from raw series, with their polarity and units."""

from __future__ import annotations

import warnings

import pandas as pd

from index071lib.core.indices import chain_index, index_from_raw
from index071lib.data.edition import Edition
from index071lib.errors import BaseYearWarning


def theme_table(edition: Edition, theme: str, *, base_year: int | None = None) -> pd.DataFrame:
    """Raw values and computed indices of every series of one theme (tidy).

    The index is a fixed-base index with the series' polarity (lower-is-better series use the
    reciprocal); a series without a value in the base year is based on its first available year.

    Args:
        edition: A loaded edition.
        theme: Theme id (``energie``, ``afval``, ``betatechniek``).
        base_year: Base year (default: the edition's).

    Returns:
        Columns ``series, name, unit, polarity, year, label, value, index, chain, printed_index,
        base_used``, in series order.

    Raises:
        KeyError: For an unknown theme.
    """
    if theme not in edition.theme_ids:
        raise KeyError(f"unknown theme {theme!r}; expected one of {edition.theme_ids}")
    base_year = base_year or edition.base_year
    meta = edition.theme_series[edition.theme_series["theme"] == theme]
    if "order" in meta:
        meta = meta.sort_values("order")
    frames = []
    for series_id, info in meta.iterrows():
        rows = edition.theme_values[edition.theme_values["series"] == series_id].set_index("year").sort_index()
        raw = rows["value"].rename(series_id)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", BaseYearWarning)
            index = index_from_raw(raw, base_year, info["polarity"])
        base_used = int(raw.dropna().index[0]) if caught else base_year
        frame = pd.DataFrame({
            "series": series_id,
            "name": info["name"],
            "unit": info["unit"],
            "polarity": info["polarity"],
            "year": rows.index.astype(int),
            "label": rows["label"],
            "value": raw,
            "index": index,
            "chain": chain_index(raw, info["polarity"]),
            "printed_index": rows.get("printed_index"),
            "base_used": base_used,
        })
        frames.append(frame.reset_index(drop=True))
    return pd.concat(frames, ignore_index=True)
