"""One look for every chart of the reports: a colour per basket, the official line, axes, ticks and sharp PNGs.

Every chart module (:mod:`index071lib.report.charts`, :mod:`index071lib.report.whatif_charts`, the what-if
panel) takes its colours and axes style from here, so a basket has the same colour on the overview, its own
page, the what-if and the sensitivity page, and the official line is always black and drawn on top.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.colors import to_hex, to_rgb
from matplotlib.ticker import FuncFormatter, MaxNLocator

from index071lib.text.fmt import nl_number
from index071lib.text.markup import chart_text

#: Colours of the baskets, in the order of the edition's baskets (seaborn's colour-blind palette without
#: its grey; none of them is black or the total's grey).
BASKET_COLOURS = ("#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#56b4e9", "#fbafe4",
                  "#ece133")
#: Colour of the total (Index071) wherever it is a series among the baskets.
TOTAL_COLOUR = "#555555"
#: The official index (the baseline of what-if and sensitivity charts): black, thick, always on top.
OFFICIAL_COLOUR = "black"
OFFICIAL_WIDTH = 2.6
OFFICIAL_ZORDER = 10
#: Rises and falls in contribution charts.
RISE, FALL = "#2e7d32", "#c62828"
GRID = "#dddddd"
#: PNGs are rendered at twice the size they are shown at (sharp on a projector or a high-density screen).
DPI, SCALE = 100, 2
#: Line styles and markers that tell scenarios apart inside one basket's colour.
SCENARIO_STYLES = (("--", "o"), (":", "s"), ("-.", "^"), ((0, (5, 1, 1, 1, 1, 1)), "D"), ((0, (1, 3)), "v"),
                   ((0, (8, 3)), "P"))
#: Smallest span (index points) of an index axis: a 1-point move then looks like one.
MIN_INDEX_SPAN = 20.0


def basket_palette(basket_ids: Sequence[str], total_id: str | None = None) -> dict[str, str]:
    """The colour of every basket (by its position in the edition) and of the total.

    Args:
        basket_ids: The edition's baskets, in order.
        total_id: Id of the total (gets :data:`TOTAL_COLOUR`).

    Returns:
        Hex colour by id.

    Example:
        >>> basket_palette(["a", "b"], "t")
        {'a': '#0173b2', 'b': '#de8f05', 't': '#555555'}
    """
    colours = {b: BASKET_COLOURS[i % len(BASKET_COLOURS)] for i, b in enumerate(basket_ids)}
    if total_id is not None:
        colours[total_id] = TOTAL_COLOUR
    return colours


def basket_colour(basket_ids: Sequence[str], ident: str, total_id: str | None = None) -> str:
    """The colour of one basket (or the total); an unknown id gets the total's grey.

    Example:
        >>> basket_colour(["a", "b"], "b")
        '#de8f05'
    """
    return basket_palette(basket_ids, total_id).get(ident, TOTAL_COLOUR)


def tint(colour: str, amount: float = 0.55) -> str:
    """A lighter shade of a colour (mixed with white by ``amount``), e.g. a parameter beside its basket.

    Example:
        >>> tint("#000000", 0.5)
        '#808080'
    """
    return to_hex([c + (1 - c) * amount for c in to_rgb(colour)])


def index_limits(low: float, high: float, *, min_span: float = MIN_INDEX_SPAN, pad: float = 0.08) -> tuple[float,
                                                                                                            float]:
    """Y limits of an index axis: the data with some room, at least ``min_span`` points wide (centred).

    Args:
        low: Smallest value shown.
        high: Largest value shown.
        min_span: Smallest span of the axis in index points.
        pad: Room above and below, as a share of the data span.

    Returns:
        ``(bottom, top)``.

    Example:
        >>> index_limits(95, 100)
        (87.5, 107.5)
        >>> index_limits(100, 150)
        (96.0, 154.0)
    """
    span = high - low
    bottom, top = low - span * pad, high + span * pad
    if top - bottom < min_span:
        middle = (low + high) / 2
        bottom, top = middle - min_span / 2, middle + min_span / 2
    return bottom, top


def tick_decimals(step: float) -> int:
    """Decimals needed to write ticks ``step`` apart without rounding them (0,25 → 2; 0,5 → 1; 2 → 0).

    Example:
        >>> tick_decimals(0.25), tick_decimals(0.5), tick_decimals(2.0), tick_decimals(0.1)
        (2, 1, 0, 1)
    """
    for decimals in range(0, 6):
        if math.isclose(round(step, decimals), step, rel_tol=1e-9, abs_tol=1e-12):
            return decimals
    return 6


def readable_ticks(axis, *, integer: bool = False) -> None:
    """Ticks in steps of 1, 2 or 5 (× a power of ten), written with the decimals the step needs.

    Args:
        axis: A matplotlib axis (``ax.xaxis`` or ``ax.yaxis``).
        integer: Whole-number ticks only (index points).
    """
    locator = MaxNLocator(nbins=7, steps=[1, 2, 5, 10], integer=integer)
    axis.set_major_locator(locator)

    def label(value, _pos):
        ticks = axis.get_majorticklocs()
        step = min((b - a for a, b in zip(ticks, ticks[1:])), default=1.0) or 1.0
        return nl_number(value, max(tick_decimals(abs(step)), tick_decimals(abs(value))))

    axis.set_major_formatter(FuncFormatter(label))


def style_axes(ax, title: str = "", ylabel: str = "", *, wrap: int = 45, grid: str = "y") -> None:
    """The report look of one axes: small title and ticks, light grid, no box on top and right.

    Args:
        ax: Matplotlib axes.
        title: Title (text from data is escaped for matplotlib; wrapped at ``wrap`` characters).
        ylabel: Y axis label.
        wrap: Width of a title line.
        grid: ``"y"``, ``"x"`` or ``"both"``.
    """
    import textwrap

    if title:
        ax.set_title("\n".join(textwrap.wrap(chart_text(title), wrap)), fontsize=10)
    ax.set_xlabel("")
    ax.set_ylabel(chart_text(ylabel), fontsize=8)
    ax.grid(axis=grid, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def png_bytes(figure, **kwargs) -> bytes:
    """A figure as PNG at :data:`SCALE` times its size in pixels (``figure.dpi`` × ``SCALE`` dots per inch)."""
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI * SCALE, **kwargs)
    return buffer.getvalue()


def sharp_inline_figures() -> bool:
    """Let Jupyter's inline backend show pyplot figures as 2× PNGs (``'retina'``), when running in a kernel.

    The image is twice as many pixels and shown at its normal size (nbconvert writes the halved width and
    height into the ``<img>``), so it stays sharp on a projector.

    Returns:
        Whether it was set (False outside IPython, e.g. in a plain Python process).
    """
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - the notebook kernel always has both
        return False
    if get_ipython() is None:
        return False
    set_matplotlib_formats("retina")
    return True
