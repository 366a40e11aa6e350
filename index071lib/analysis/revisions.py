"""Comparing an edition with the previous one: revised values, changed parameters, changed index.

* :func:`revisions` — for parameters in both editions, the values of the same year that differ
  (a revised figure, a figure filled in later, or one that disappeared). A revision of a parameter
  whose changelog entry says its source or method changed is a *method change*; others are *data
  revisions*.
* :func:`structure_changes` — what really differs between the two editions: baskets (added, dropped,
  renamed, weight), parameters (added, dropped, weight, source, basket) and the base year, and whether
  the changelog records it.
* :func:`compare_series` — the basket and total series of both editions side by side.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from index071lib.data.changelog import Changelog
from index071lib.data.edition import Edition

#: Values closer than this count as equal (the annex prints whole points; this only absorbs float noise).
TOLERANCE = 1e-9
REVISION_COLUMNS = ["parameter", "name", "year", "previous", "current", "change", "kind", "cause"]
STRUCTURE_COLUMNS = ["level", "id", "name", "change", "previous", "current", "documented"]
#: The changelog kind that documents a structural change, by ``(level, change)``.
CHANGELOG_KIND = {("parameter", "added"): "parameter_added", ("parameter", "dropped"): "parameter_dropped",
                  ("parameter", "weight"): "weight_changed", ("parameter", "source"): "source_changed",
                  ("basket", "added"): "basket_added", ("basket", "dropped"): "basket_removed",
                  ("basket", "renamed"): "basket_renamed", ("basket", "weight"): "basket_weight_changed",
                  ("edition", "base_year"): "base_year"}


def revisions(current: Edition, previous: Edition, changelog: Changelog | None = None,
              *, tolerance: float = TOLERANCE) -> pd.DataFrame:
    """Values of the same parameter and year that differ between two editions.

    Args:
        current: The newer edition.
        previous: The older edition.
        changelog: The newer edition's changelog; parameters listed there with ``source_changed``
            or ``method_changed`` get cause ``method``.
        tolerance: Absolute difference below which two values are equal.

    Returns:
        One row per changed cell, for parameters in both editions and years in both:
        ``parameter, name, year, previous, current, change`` (current − previous, NaN unless both
        exist), ``kind`` (``revised``, ``filled`` = missing before, ``removed`` = missing now) and
        ``cause`` (``method`` or ``data``). Sorted in the current edition's parameter order, then year.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> e = load_edition(2017)
        >>> revisions(e, e).empty
        True
    """
    params = [p for p in current.parameters.index if p in previous.parameters.index]
    years = [y for y in current.years if y in previous.years]
    cur = current.values.loc[params, years]
    prev = previous.values.loc[params, years]
    both = cur.notna() & prev.notna()
    revised = both & ((cur - prev).abs() > tolerance)
    filled = cur.notna() & prev.isna()
    removed = cur.isna() & prev.notna()
    method = changelog.method_changed if changelog is not None else set()
    rows = []
    for kind, mask in (("revised", revised), ("filled", filled), ("removed", removed)):
        for param, year in mask.stack().loc[lambda s: s].index:
            c, p = cur.loc[param, year], prev.loc[param, year]
            rows.append({"parameter": param, "name": current.parameters.loc[param, "name"], "year": int(year),
                         "previous": p, "current": c, "change": c - p, "kind": kind,
                         "cause": "method" if param in method else "data"})
    table = pd.DataFrame(rows, columns=REVISION_COLUMNS)
    if table.empty:
        return table
    order = {p: i for i, p in enumerate(params)}
    table = table.assign(_o=table["parameter"].map(order)).sort_values(["_o", "year"]).drop(columns="_o")
    return table.reset_index(drop=True)


def _parameter_changes(cp: pd.DataFrame, pp: pd.DataFrame) -> list[tuple]:
    rows = []
    for p in cp.index.difference(pp.index, sort=False):
        rows.append(("parameter", p, cp.loc[p, "name"], "added", None, float(cp.loc[p, "weight"])))
    for p in pp.index.difference(cp.index, sort=False):
        rows.append(("parameter", p, pp.loc[p, "name"], "dropped", float(pp.loc[p, "weight"]), None))
    for p in cp.index.intersection(pp.index, sort=False):
        name = cp.loc[p, "name"]
        if abs(float(cp.loc[p, "weight"]) - float(pp.loc[p, "weight"])) > TOLERANCE:
            rows.append(("parameter", p, name, "weight", float(pp.loc[p, "weight"]), float(cp.loc[p, "weight"])))
        if str(cp.loc[p, "source"]) != str(pp.loc[p, "source"]):
            rows.append(("parameter", p, name, "source", pp.loc[p, "source"], cp.loc[p, "source"]))
        if cp.loc[p, "basket"] != pp.loc[p, "basket"]:
            rows.append(("parameter", p, name, "basket", pp.loc[p, "basket"], cp.loc[p, "basket"]))
    return rows


def _basket_changes(current: Edition, previous: Edition) -> list[tuple]:
    cur, prev = current.basket_names, previous.basket_names
    cw, pw = current.basket_weights, previous.basket_weights
    rows = []
    for b in current.basket_ids:
        if b not in previous.basket_ids:
            rows.append(("basket", b, cur[b], "added", None, float(cw[b])))
            continue
        if cur[b] != prev[b]:
            rows.append(("basket", b, cur[b], "renamed", prev[b], cur[b]))
        if abs(float(cw[b]) - float(pw[b])) > TOLERANCE:
            rows.append(("basket", b, cur[b], "weight", float(pw[b]), float(cw[b])))
    for b in previous.basket_ids:
        if b not in current.basket_ids:
            rows.append(("basket", b, prev[b], "dropped", float(pw[b]), None))
    return rows


def structure_changes(current: Edition, previous: Edition, changelog: Changelog | None = None) -> pd.DataFrame:
    """What differs in the baskets, the parameter tables and the base year, and whether the changelog says so.

    Args:
        current: The newer edition.
        previous: The older edition.
        changelog: The newer edition's changelog (``None``: nothing is documented).

    Returns:
        One row per difference, edition first, then baskets, then parameters: ``level`` (``edition``,
        ``basket``, ``parameter``), ``id`` (``-`` for the base year), ``name`` (the current name, else the
        previous one), ``change`` (parameters: ``added``, ``dropped``, ``weight``, ``source``, ``basket`` =
        moved to another basket; baskets: ``added``, ``dropped``, ``renamed``, ``weight``; the edition:
        ``base_year``), ``previous``, ``current`` (the weight for a weight change and for what was added or
        dropped; the source, basket id, name or base year otherwise) and ``documented``: the changelog has
        an entry of the matching kind (:data:`CHANGELOG_KIND`) for that id; a source change also counts as documented by a
        ``method_changed`` entry; a parameter moved to another basket has no kind and is never documented.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> e = load_edition(2017)
        >>> structure_changes(e, e).empty
        True
    """
    rows = []
    if current.base_year != previous.base_year:
        rows.append(("edition", "-", None, "base_year", previous.base_year, current.base_year))
    rows += _basket_changes(current, previous) + _parameter_changes(current.parameters, previous.parameters)
    documented = set()
    if changelog is not None:
        for _, entry in changelog.changes.iterrows():
            ident = "-" if entry["kind"] == "base_year" else (
                entry["basket"] if entry["kind"].startswith("basket_") else entry["parameter"])
            documented.add((ident, entry["kind"]))
    table = pd.DataFrame(rows, columns=STRUCTURE_COLUMNS[:-1])
    table["documented"] = [
        (ident, CHANGELOG_KIND.get((level, change))) in documented
        or (change == "source" and (ident, "method_changed") in documented)
        for level, ident, change in zip(table["level"], table["id"], table["change"])
    ]
    return table


def undocumented(structure: pd.DataFrame) -> list[str]:
    """Messages for the differences that the changelog does not record (for review before publishing).

    Args:
        structure: Output of :func:`structure_changes`.

    Returns:
        One English message per undocumented difference.

    Example:
        >>> undocumented(pd.DataFrame([{"level": "basket", "id": "x", "name": "X", "change": "weight",
        ...                             "previous": 30.0, "current": 28.0, "documented": False}]))
        ["basket 'x': weight 30 → 28 but not in changelog.yml (kind basket_weight_changed)"]
    """
    messages = []
    for row in structure.itertuples(index=False):
        if row.documented:
            continue
        kind = CHANGELOG_KIND.get((row.level, row.change))
        where = "base year" if row.level == "edition" else f"{row.level} '{row.id}'"
        what = row.change
        if row.change in ("weight", "base_year"):
            what += f" {row.previous:g} → {row.current:g}"
        hint = f" (kind {kind})" if kind else " (a basket move has no changelog kind: describe it in the reason)"
        messages.append(f"{where}: {what} but not in changelog.yml{hint}")
    return messages


def compare_series(current, previous) -> pd.DataFrame:
    """Basket and total series of two computed editions side by side.

    Args:
        current: :class:`~index071lib.core.pipeline.IndexResult` of the newer edition.
        previous: ``IndexResult`` of the older edition.

    Returns:
        Tidy ``series, year, previous, current, difference`` for the series of the current edition
        and the years of either (NaN where an edition has no value).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> from index071lib.core.pipeline import compute_index
        >>> r = compute_index(load_edition(2017), warn=False)
        >>> float(compare_series(r, r)["difference"].abs().max())
        0.0
    """
    years = sorted(set(current.series.columns) | set(previous.series.columns))
    cur = current.series.reindex(columns=years)
    prev = previous.series.reindex(index=cur.index, columns=years)
    out = pd.DataFrame({
        "series": np.repeat(cur.index.to_numpy(), len(years)),
        "year": np.tile(np.asarray(years, dtype=int), len(cur.index)),
        "previous": prev.to_numpy(dtype=float).ravel(),
        "current": cur.to_numpy(dtype=float).ravel(),
    })
    out["difference"] = out["current"] - out["previous"]
    return out
