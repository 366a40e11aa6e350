"""index071lib.text.fmt: Dutch numbers and dates on babel (thousands, decimals, signs, half-up, missing, -0)."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from babel.numbers import format_decimal

from index071lib.text.fmt import (
    MISSING,
    nl_datetime,
    nl_number,
    nl_percent,
    nl_weight,
    number_pattern,
)


@pytest.mark.parametrize("value, decimals, expected", [
    (12.5, 1, "12,5"),
    (999.0, 0, "999"),
    (1000.0, 0, "1.000"),
    (10000.0, 0, "10.000"),
    (1234567.891, 2, "1.234.567,89"),
    (-1234567.891, 1, "-1.234.567,9"),
    (0.05, 2, "0,05"),
    (7.0, 3, "7,000"),
    (2e15, 0, "2.000.000.000.000.000"),
])
def test_thousands_and_decimals(value, decimals, expected):
    assert nl_number(value, decimals) == expected


@pytest.mark.parametrize("value, decimals, expected", [
    (2.5, 0, "3"),          # half up, where babel and Python round half to even ("2")
    (0.125, 2, "0,13"),     # babel alone: "0,12"
    (-2.5, 0, "-3"),        # halves away from zero
    (110.455, 2, "110,46"),  # stored as 110.4549999…: the printed-table convention still rounds up
    (112.523, 0, "113"),
    (1.005, 2, "1,01"),
])
def test_half_up_before_formatting(value, decimals, expected):
    assert nl_number(value, decimals) == expected


def test_babel_alone_would_round_half_to_even():
    """Why fmt rounds first: babel's own rounding is half-even (the test above would fail without it)."""
    assert format_decimal(2.5, "#,##0", locale="nl_NL") == "2"
    assert format_decimal(0.125, "#,##0.00", locale="nl_NL") == "0,12"


def test_signs():
    assert nl_number(3.0, sign=True) == "+3"
    assert nl_number(-3.2, 1, sign=True) == "-3,2"
    assert nl_number(1234.5, 1, sign=True) == "+1.234,5"
    assert nl_number(0.0, 1, sign=True) == "0,0"        # zero has no sign
    assert nl_number(0.04, 1, sign=True) == "0,0"       # rounds to zero: no sign either
    assert nl_number(0.05, 1, sign=True) == "+0,1"
    assert nl_number(-3.2, 1) == "-3,2" and nl_number(3.2, 1) == "3,2"


@pytest.mark.parametrize("value", [-0.04, -0.0, -1e-12, np.float64(-0.049)])
def test_no_negative_zero(value):
    assert nl_number(value, 1) == "0,0"
    assert nl_number(value, 1, sign=True) == "0,0"


@pytest.mark.parametrize("value", [None, math.nan, np.nan, np.float64("nan"), pd.NA, float("nan")])
def test_missing(value):
    assert MISSING == "–"
    assert nl_number(value) == "–" and nl_number(value, 2, sign=True) == "–"
    assert nl_percent(value) == "–" and nl_weight(value) == "–"


def test_numpy_and_integer_inputs():
    assert nl_number(np.int64(1234)) == "1.234"
    assert nl_number(np.float32(2.5)) == "3"
    assert nl_number(7) == "7"


def test_percent_and_weight():
    assert nl_percent(12.5) == "12,5%"
    assert nl_percent(97, 0) == "97%"
    assert nl_percent(2.25, 1, sign=True) == "+2,3%"
    assert nl_percent(1234.5) == "1.234,5%"
    assert nl_weight(15) == "15%" and nl_weight(12.5) == "12,5%" and nl_weight(13.333) == "13,3%"


def test_patterns_are_parsed_once():
    assert number_pattern(2) is number_pattern(2)
    assert number_pattern(1, True).pattern == "+#,##0.0;-#,##0.0"


def test_dutch_run_date():
    assert nl_datetime(dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone.utc)) == "2 januari 2026 om 03:04 UTC"
    assert nl_datetime(dt.datetime(2026, 10, 31, 23, 59)) == "31 oktober 2026 om 23:59 UTC"  # naive = UTC
    cet = dt.timezone(dt.timedelta(hours=1))
    assert nl_datetime(dt.datetime(2026, 3, 1, 0, 30, tzinfo=cet)) == "28 februari 2026 om 23:30 UTC"


@pytest.mark.parametrize("value, expected", [
    (100.51000000000001, "100.51"), (110.45999999999999, "110.46"), (-1.42e-14, "0"), (2.8421709430404007e-14, "0"),
    (-0.0, "0"), (100.0, "100"), (113.27272727272727, "113.272727272727"), (102.29787234042553, "102.297872340426"),
    (-2.0099999999999909, "-2.01"), (123456.78900000001, "123456.789"), (1e20, "100000000000000000000"), (2.5e-07, "0.00000025"), (62250.0, "62250"), (float("nan"), ""),
    (None, ""), (1234567.5, "1234567.5"), (-3.25, "-3.25"),
])
def test_csv_number_has_no_float_noise(value, expected):
    from index071lib.text.fmt import csv_number
    assert csv_number(value) == expected


def test_csv_number_dutch_decimal_comma():
    from index071lib.text.fmt import csv_number
    assert csv_number(1234.5, decimal=",") == "1234,5"  # no thousands dot: a spreadsheet reads it back as a number


@pytest.mark.parametrize("value, expected", [(100.0, "100"), (99.84, "99.84"), (1 / 3, "0.3333333333333333"),
                                             (float("nan"), "")])
def test_data_number_is_exact(value, expected):
    from index071lib.text.fmt import data_number
    assert data_number(value) == expected
    if expected:
        assert float(expected) == value
