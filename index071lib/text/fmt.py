"""Dutch number and date formatting for reader-facing text (12,5%; 1.234,5; 2 januari 2026), on babel.

Numbers are rounded half away from zero first (:func:`round_half_up`, as printed tables do) and then
formatted with babel's ``nl_NL`` locale data and an explicit pattern (decimal comma, dot as thousands
separator). The parsed patterns are cached: formatting one number costs a few microseconds
(``benchmarks/text_format.py``).
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

import numpy as np
import pandas as pd
from babel import Locale
from babel.dates import format_datetime
from babel.numbers import NumberPattern, format_decimal, parse_pattern

#: The locale of every reader-facing number and date.
LOCALE = Locale.parse("nl_NL")
#: What a missing value shows.
MISSING = "–"
#: Run dates in report footers: ``2 januari 2026 om 03:04 UTC``.
DATETIME_PATTERN = "d MMMM y 'om' HH:mm 'UTC'"


@lru_cache(maxsize=None)
def number_pattern(decimals: int, sign: bool = False) -> NumberPattern:
    """The babel pattern for ``decimals`` fixed decimals with thousands groups (and a ``+`` if ``sign``).

    Example:
        >>> number_pattern(2).pattern, number_pattern(0, True).pattern
        ('#,##0.00', '+#,##0;-#,##0')
    """
    body = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return parse_pattern(f"+{body};-{body}" if sign else body)


def is_missing(value) -> bool:
    """``None``, NaN or ``pd.NA``/``NaT`` (a number that is not there).

    Example:
        >>> is_missing(None), is_missing(float("nan")), is_missing(0.0)
        (True, True, False)
    """
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def nl_number(value: float, decimals: int = 0, *, sign: bool = False) -> str:
    """Format a number the Dutch way: decimal comma, dot as thousands separator.

    Args:
        value: The number (rounded half-up for display only).
        decimals: Decimals to show.
        sign: Prefix ``+`` for positive numbers (zero gets no sign).

    Returns:
        The formatted text; ``"–"`` for a missing value; never ``"-0,0"``.

    Example:
        >>> nl_number(1234.5, 1), nl_number(3, sign=True), nl_number(-0.04, 1)
        ('1.234,5', '+3', '0,0')
    """
    if is_missing(value):
        return MISSING
    rounded = round_half_up(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0,0"
    return format_decimal(rounded, number_pattern(decimals, sign and rounded > 0), locale=LOCALE)


def nl_percent(value: float, decimals: int = 1, *, sign: bool = False) -> str:
    """Format a percentage (given in percent, not as a fraction): ``12,5%``.

    Example:
        >>> nl_percent(12.5), nl_percent(97, 0), nl_percent(None)
        ('12,5%', '97%', '–')
    """
    if is_missing(value):
        return MISSING
    return nl_number(value, decimals, sign=sign) + LOCALE.number_symbols["latn"]["percentSign"]


def nl_weight(value: float) -> str:
    """A weight in percent: whole numbers without decimals, others with one (``15%``, ``12,5%``).

    Example:
        >>> nl_weight(15.0), nl_weight(12.5)
        ('15%', '12,5%')
    """
    if is_missing(value):
        return MISSING
    decimals = 0 if float(value).is_integer() else 1
    return nl_percent(value, decimals)


def nl_datetime(moment: _dt.datetime) -> str:
    """A moment in Dutch, in UTC: ``2 januari 2026 om 03:04 UTC`` (a naive time is taken as UTC).

    Example:
        >>> nl_datetime(_dt.datetime(2026, 1, 2, 3, 4, tzinfo=_dt.timezone.utc))
        '2 januari 2026 om 03:04 UTC'
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return format_datetime(moment, DATETIME_PATTERN, tzinfo=_dt.timezone.utc, locale=LOCALE)


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


#: Decimals of a number in CSV output, and significant digits at most: the precision of any figure typed or
#: published and of a computed one (to 1e-12 for an index number), without the binary noise of a computation
#: (``100.51000000000001``, a difference ``-2.0099999999999909``), which sits in the 16th–17th digit.
CSV_DECIMALS = 12
CSV_DIGITS = 15
#: A computed number closer to zero than this is written as ``0`` (``-1.42e-14`` is the noise of a difference).
CSV_ZERO = 1e-9


def csv_number(value, *, decimal: str = ".") -> str:
    """A number for CSV output: no float noise, no exponent, no ``-0``.

    Rounded to :data:`CSV_DECIMALS` decimals, fewer where the number has more than :data:`CSV_DIGITS`
    significant digits in all; trailing zeros are dropped.

    Args:
        value: The number (``None``/NaN gives an empty cell).
        decimal: The decimal separator (``","`` for a Dutch spreadsheet).

    Returns:
        The text: ``100.51``, ``102.297872340426``, ``0``, ``""`` for a missing value.

    Example:
        >>> csv_number(100.51000000000001), csv_number(-1.42e-14), csv_number(99.84, decimal=","), csv_number(100.0)
        ('100.51', '0', '99,84', '100')
    """
    if is_missing(value):
        return ""
    number = float(value)
    if abs(number) < CSV_ZERO:
        return "0"
    if not np.isfinite(number):
        return str(number)
    whole_digits = max(0, int(np.floor(np.log10(abs(number)))) + 1)
    decimals = max(0, min(CSV_DECIMALS, CSV_DIGITS - whole_digits))
    text = f"{round(number, decimals):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", decimal) if decimal != "." else text


def data_number(value) -> str:
    """A number for a data file (``values.csv``): the shortest text that reads back as the same float.

    Whole numbers have no ``.0``; nothing is rounded (a value typed as ``99.84`` is written ``99.84``).

    Example:
        >>> data_number(100.0), data_number(99.84), data_number(float("nan"))
        ('100', '99.84', '')
    """
    if is_missing(value):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
