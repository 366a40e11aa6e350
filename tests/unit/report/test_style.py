"""The one look of all charts: basket colours, index axes, tick steps, 2× PNGs."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from index071lib.data.edition import load_edition  # noqa: E402
from index071lib.report import style  # noqa: E402


@pytest.fixture(scope="module")
def edition():
    return load_edition(2017)


def test_every_basket_has_its_own_colour_and_the_total_grey(edition):
    colours = style.basket_palette(edition.basket_ids, edition.total_id)
    baskets = [colours[b] for b in edition.basket_ids]
    assert len(set(baskets)) == len(baskets) == 5
    assert colours[edition.total_id] == style.TOTAL_COLOUR not in baskets
    assert style.OFFICIAL_COLOUR not in baskets
    # the colour depends on the basket's place in the edition, not on which page asks
    assert style.basket_colour(edition.basket_ids, "vestigingsklimaat") == colours["vestigingsklimaat"]
    assert style.basket_colour(edition.basket_ids, "unknown") == style.TOTAL_COLOUR


def test_tint_is_lighter():
    from matplotlib.colors import to_rgb

    base = "#0173b2"
    assert all(t >= b for t, b in zip(to_rgb(style.tint(base)), to_rgb(base)))
    assert style.tint(base, 0) == base and style.tint(base, 1) == "#ffffff"


@pytest.mark.parametrize("low, high, expected", [(95, 100, (87.5, 107.5)), (100, 100.4, (90.2, 110.2)),
                                                 (100, 150, (96.0, 154.0))])
def test_index_limits_have_a_minimum_span(low, high, expected):
    assert style.index_limits(low, high) == pytest.approx(expected)


@pytest.mark.parametrize("step, decimals", [(1, 0), (0.5, 1), (0.25, 2), (0.2, 1), (0.05, 2), (5, 0),
                                            (0.30000000000000004, 1)])
def test_tick_decimals(step, decimals):
    assert style.tick_decimals(step) == decimals


def test_readable_ticks_are_steps_of_1_2_or_5_written_in_full():
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_xlim(-0.4, 1.3)  # the old axis read "0,3 0,5 0,8 1 1,3"
    style.readable_ticks(ax.xaxis)
    fig.canvas.draw()
    ticks = ax.get_xticks()
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1 and steps.pop() in {0.1, 0.2, 0.25, 0.5, 1.0}
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "0,3" not in labels and "0,8" not in labels
    decimals = {len(label.split(",")[1]) if "," in label else 0 for label in labels}
    assert len(decimals) == 1  # every label written with the same number of decimals


def test_png_is_twice_the_shown_size():
    import struct

    fig = Figure(figsize=(4, 3), dpi=style.DPI)
    fig.add_subplot().plot([1, 2])
    data = style.png_bytes(fig)
    assert struct.unpack(">II", data[16:24]) == (800, 600)


def test_sharp_inline_figures_outside_a_kernel():
    assert style.sharp_inline_figures() is False
