"""Small trend lines (sparklines) as inline SVG, made in Python: no script, no font, nothing from the network.

Used on the dashboard of the index page. The vertical range spans at least :data:`MIN_SPAN` index points, so
a move of one point does not fill the box and look like a collapse (the same idea as the charts' minimum span).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

#: Smallest vertical range drawn (index points).
MIN_SPAN = 10.0


def sparkline_svg(values: Sequence[float], label: str, *, width: int = 160, height: int = 40,
                  min_span: float = MIN_SPAN) -> str:
    """A line through ``values`` (oldest first) with the last point marked, scaled into a ``width × height`` box.

    Args:
        values: The series (full precision; at least one value, none missing).
        label: What the line shows, for screen readers (``aria-label``; escaped).
        width: Width of the drawing (the SVG scales with its box: ``viewBox``).
        height: Height of the drawing.
        min_span: Smallest vertical range; a flatter series is centred in it.

    Returns:
        An ``<svg class="trend" role="img">`` element.

    Example:
        >>> svg = sparkline_svg([100, 101, 105], "Trend <a>")
        >>> svg.startswith('<svg class="trend" role="img" aria-label="Trend &lt;a&gt;"') and "<polyline" in svg
        True
    """
    values = [float(v) for v in values]
    if not values or any(v != v for v in values):
        raise ValueError("a sparkline needs at least one value and no missing values")
    low, high = min(values), max(values)
    if high - low < min_span:
        middle = (high + low) / 2
        low, high = middle - min_span / 2, middle + min_span / 2
    pad = 4.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return pad + i * step, pad + (high - v) / (high - low) * (height - 2 * pad)

    points = [point(i, v) for i, v in enumerate(values)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    x, y = points[-1]
    return (f'<svg class="trend" role="img" aria-label="{html.escape(label)}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg">'
            f'<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="2" '
            f'stroke-linejoin="round" stroke-linecap="round"/>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="currentColor"/></svg>')
