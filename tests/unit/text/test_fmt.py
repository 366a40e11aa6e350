import math

from index071lib.text.fmt import nl_number, nl_percent, nl_weight


def test_dutch_numbers():
    assert nl_number(12.5, 1) == "12,5"
    assert nl_number(1234567.891, 2) == "1.234.567,89"
    assert nl_number(112.523) == "113"
    assert nl_number(2.5) == "3"  # half up, not to even
    assert nl_number(-0.04, 1) == "0,0"
    assert nl_number(3.0, sign=True) == "+3" and nl_number(-3.2, 1, sign=True) == "-3,2"
    assert nl_number(math.nan) == "–"


def test_percent_and_weight():
    assert nl_percent(12.5) == "12,5%"
    assert nl_percent(97, 0) == "97%"
    assert nl_weight(15) == "15%" and nl_weight(12.5) == "12,5%"
