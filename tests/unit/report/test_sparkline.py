"""Sparklines: inline SVG drawn in Python, scaled with a minimum vertical span, text escaped."""

import re

import pytest

from index071lib.report.sparkline import MIN_SPAN, sparkline_svg


def points(svg: str) -> list[tuple[float, float]]:
    raw = re.search(r'<polyline points="([^"]+)"', svg).group(1)
    return [tuple(float(v) for v in p.split(",")) for p in raw.split()]


def test_line_goes_through_every_value_left_to_right_and_marks_the_last():
    svg = sparkline_svg([100, 101, 108.04, 110.46, 117.04], "Verloop", width=160, height=40)
    xy = points(svg)
    assert len(xy) == 5 and [x for x, _ in xy] == sorted(x for x, _ in xy)
    assert xy[0][0] == 4 and xy[-1][0] == 156  # padding 4 on either side
    ys = [y for _, y in xy]
    assert ys[-1] == min(ys) and ys[0] == max(ys)  # higher values drawn higher (SVG y grows downwards)
    assert ys[0] == pytest.approx(36) and ys[-1] == pytest.approx(4)  # the span (17 points) fills the box
    circle = re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert (float(circle.group(1)), float(circle.group(2))) == pytest.approx(xy[-1], abs=0.05)


def test_a_flat_series_keeps_the_minimum_span():
    xy = points(sparkline_svg([104.0, 105.0], "x", height=40))
    # one point of change in a span of MIN_SPAN (10) points: a tenth of the 32 drawable pixels
    assert abs(xy[0][1] - xy[1][1]) == pytest.approx(32 / MIN_SPAN, abs=0.1)
    assert 4 < xy[1][1] < xy[0][1] < 36  # centred, not at the edges


def test_label_is_escaped_and_nothing_external():
    svg = sparkline_svg([1, 2], '<script>"')
    assert "<script>" not in svg and 'aria-label="&lt;script&gt;&quot;"' in svg
    assert "href" not in svg and "<text" not in svg


@pytest.mark.parametrize("values", [[], [1.0, float("nan")]])
def test_refuses_missing_values(values):
    with pytest.raises(ValueError):
        sparkline_svg(values, "x")
