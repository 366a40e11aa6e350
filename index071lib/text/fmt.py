"""Dutch number formatting for reader-facing text (12,5%; 1.234,5)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def nl_number(value: float, decimals: int = 0, *, sign: bool = False) -> str:
    """Format a number the Dutch way: decimal comma, dot as thousands separator.

    Args:
        value: The number (rounded half-up for display only).
        decimals: Decimals to show.
        sign: Prefix ``+`` for positive numbers.

    Returns:
        The formatted text; ``"–"`` for a missing value.

    Example:
        >>> nl_number(1234.5, 1), nl_number(3, sign=True), nl_number(-0.04, 1)
        ('1.234,5', '+3', '0,0')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    rounded = round_half_up(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0,0"
    text = f"{abs(rounded):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if rounded < 0:
        text = "-" + text
    elif sign and rounded > 0:
        text = "+" + text
    return text


def nl_percent(value: float, decimals: int = 1, *, sign: bool = False) -> str:
    """Format a percentage (given in percent, not as a fraction): ``12,5%``.

    Example:
        >>> nl_percent(12.5), nl_percent(97, 0)
        ('12,5%', '97%')
    """
    return nl_number(value, decimals, sign=sign) + ("%" if value == value else "")


def nl_weight(value: float) -> str:
    """A weight in percent: whole numbers without decimals, others with one (``15%``, ``12,5%``).

    Example:
        >>> nl_weight(15.0), nl_weight(12.5)
        ('15%', '12,5%')
    """
    decimals = 0 if float(value).is_integer() else 1
    return nl_percent(value, decimals)

def round_half_up(values, decimals: int = 0):
    """Round halves away from zero (the convention of printed tables: 105,5 → 106).

    Python's :func:`round` and numpy round halves to even; printed index tables do not.
    A tiny tolerance absorbs binary representation error (``110.455`` stored as ``110.4549…``).

    Args:
        values: A number, array or pandas object.
        decimals: Number of decimals to keep.

    Returns:
        The rounded values, same type as ``values``.

    Example:
        >>> round_half_up(105.5), round_half_up(-0.5)
        (106.0, -1.0)
    """
    factor = 10.0 ** decimals
    scaled = np.asarray(values, dtype=float) * factor
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5 + 1e-9) / factor
    if isinstance(values, pd.Series):
        return pd.Series(rounded, index=values.index, name=values.name)
    if isinstance(values, pd.DataFrame):
        return pd.DataFrame(rounded, index=values.index, columns=values.columns)
    return float(rounded) if np.ndim(rounded) == 0 else rounded


METHODS = ("fixed_base", "chain")
