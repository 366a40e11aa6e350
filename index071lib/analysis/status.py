"""How far a new edition is filled in: per parameter the latest year with a figure and what is missing."""

from __future__ import annotations

import pandas as pd

from index071lib.core.align import lags
from index071lib.data.edition import Edition


def edition_status(edition: Edition) -> pd.DataFrame:
    """Per parameter: the latest year filled in and what is still missing.

    Args:
        edition: A loaded edition (typically a new one being filled in).

    Returns:
        One row per parameter (in basket order): ``id, basket, name, source, last_year, lag``
        (edition's last year minus ``last_year``; the parameter is lag-aligned by that many years
        when the index is computed), ``missing_years`` (every year of the edition without a value,
        as text ``"2016 2017"``) and ``status`` (``complete``, ``lagged`` or ``empty``).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> s = edition_status(load_edition(2017)).set_index("id")
        >>> row = s.loc["verhuisde_personen"]
        >>> int(row["last_year"]), int(row["lag"]), row["missing_years"], row["status"]
        (2014, 2, '2015 2016', 'lagged')
    """
    values = edition.values
    present = values.notna()
    last = present.loc[:, ::-1].idxmax(axis=1).where(present.any(axis=1)).astype("Int64")
    lag = lags(values).reindex(values.index).astype("Int64")
    missing = present.apply(lambda row: " ".join(str(y) for y, ok in row.items() if not ok), axis=1)
    status = pd.Series("lagged", index=values.index)
    status[lag == 0] = "complete"
    status[~present.any(axis=1)] = "empty"
    p = edition.parameters
    return pd.DataFrame({
        "id": p.index, "basket": p["basket"].values, "name": p["name"].values, "source": p["source"].values,
        "last_year": last.values, "lag": lag.values, "missing_years": missing.values, "status": status.values,
    })
