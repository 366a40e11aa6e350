"""Dutch number formatting for reader-facing text (12,5%; 1.234,5)."""

from __future__ import annotations

import math

from index071lib.indices import round_half_up


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
