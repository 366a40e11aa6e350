"""Raw values: a parameter entered as a count or an amount instead of an index number.

A parameter may carry, in ``parameters.csv``, its raw value in the base year (``base_raw``) and the unit of its
raw figures (``raw_unit``); a row of ``values.csv`` may then give ``raw_value`` instead of ``value``. The index is
computed on loading, with the parameter's polarity, as chapter 7 computes the themes' indices:

* higher is better: ``raw / base_raw * 100``;
* lower is better: ``base_raw / raw * 100`` (the reciprocal, so that a fall is an improvement).

This module holds that one formula and its inverse; :func:`index071lib.core.indices.index_from_raw` calls
:func:`to_index` too, so that the themes and the parameters compute an index in the same way.
"""

from __future__ import annotations

import numpy as np

from index071lib.data.schemas import HIGHER, LOWER, POLARITIES


def _check(polarity: str) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, got {polarity!r}")


def to_index(raw, base_raw, polarity: str = HIGHER):
    """Index numbers (base = 100) from raw values and the raw value of the base year.

    Args:
        raw: A raw value, or an array/Series of them (> 0).
        base_raw: The raw value in the base year (> 0), a scalar or aligned with ``raw``.
        polarity: ``"higher_is_better"`` or ``"lower_is_better"``.

    Returns:
        The index number(s), full precision, same shape as ``raw``.

    Example:
        >>> to_index(120.0, 100.0), to_index(80.0, 100.0, "lower_is_better")
        (120.0, 125.0)
    """
    _check(polarity)
    with np.errstate(divide="ignore", invalid="ignore"):
        return raw / base_raw * 100.0 if polarity != LOWER else base_raw / raw * 100.0


def to_raw(index, base_raw, polarity: str = HIGHER):
    """The raw value that gives an index number: the inverse of :func:`to_index`.

    Example:
        >>> to_raw(125.0, 100.0, "lower_is_better")
        80.0
    """
    _check(polarity)
    with np.errstate(divide="ignore", invalid="ignore"):
        return index / 100.0 * base_raw if polarity != LOWER else base_raw / index * 100.0
