#!/usr/bin/env python3
"""Timing of Dutch number formatting: babel (as used) vs the former hand-written formatter (not a test).

    .venv/bin/python benchmarks/text_format.py [--n 100000] [--repeat 5]

Formats ``n`` numbers (a fixed random mix of magnitudes and signs, with 0, 1 and 2 decimals, some with a
``+`` sign) three ways and prints the median time per run and per number:

- ``handwritten``: the f-string formatter index071lib used before babel (copied here for comparison);
- ``babel, cached pattern``: :func:`index071lib.text.fmt.nl_number` (the pattern object is parsed once);
- ``babel, pattern string``: ``babel.numbers.format_decimal`` with a pattern string and a locale name on
  every call (what a naive use of babel costs).

It also checks that the three agree on every number. Then, in context, it measures how much of two hot
paths babel takes: one what-if slider move (``WhatIfPanel.update`` with the 10.000-draw band and the
chart drawn as PNG, as in JupyterLab) and building every table of the overview and a basket report; each
prints the number of formatted numbers and the time spent inside ``babel.numbers.format_decimal``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from unittest import mock

import numpy as np
from babel.numbers import format_decimal

from index071lib.text import fmt
from index071lib.text.fmt import nl_number, round_half_up


def handwritten(value: float, decimals: int = 0, *, sign: bool = False) -> str:
    """The formatter before babel (index071lib 0.1.0), for comparison."""
    rounded = round_half_up(float(value), decimals)
    if rounded == 0:
        rounded = 0.0
    text = f"{abs(rounded):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if rounded < 0:
        text = "-" + text
    elif sign and rounded > 0:
        text = "+" + text
    return text


def babel_string(value: float, decimals: int = 0, *, sign: bool = False) -> str:
    """babel with the pattern as a string and the locale by name on each call."""
    rounded = round_half_up(float(value), decimals)
    if rounded == 0:
        rounded = 0.0
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    pattern = f"+{body};-{body}" if sign and rounded > 0 else body
    return format_decimal(rounded, pattern, locale="nl_NL")


def cases(n: int) -> list[tuple[float, int, bool]]:
    rng = np.random.default_rng(2017)
    values = rng.normal(0, 1, n) * 10.0 ** rng.integers(-2, 7, n)
    decimals = rng.integers(0, 3, n)
    signs = rng.random(n) < 0.3
    return [(float(v), int(d), bool(s)) for v, d, s in zip(values, decimals, signs)]


def timed(fn, data, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for value, decimals, sign in data:
            fn(value, decimals, sign=sign)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = cases(args.n)
    differ = [c for c in data if not (handwritten(c[0], c[1], sign=c[2]) == nl_number(c[0], c[1], sign=c[2])
                                      == babel_string(c[0], c[1], sign=c[2]))]
    print(f"{args.n:,} numbers, median of {args.repeat} runs; outputs differ for {len(differ)} numbers")
    for label, fn in [("handwritten", handwritten), ("babel, cached pattern", nl_number),
                      ("babel, pattern string", babel_string)]:
        seconds = timed(fn, data, args.repeat)
        print(f"{label:24s} {seconds:7.3f} s  {seconds / args.n * 1e6:6.2f} µs/number")
    hot_paths(args.repeat)


def babel_share(label: str, work, repeat: int) -> None:
    """Run ``work`` with format_decimal wrapped: formatted numbers, time in babel, total time (medians)."""
    original = fmt.format_decimal
    totals, inside, calls = [], [], []
    for _ in range(repeat):
        spent = [0.0, 0]

        def timed_format(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start
                spent[1] += 1

        with mock.patch.object(fmt, "format_decimal", timed_format):
            start = time.perf_counter()
            work()
            totals.append(time.perf_counter() - start)
        inside.append(spent[0])
        calls.append(spent[1])
    total, babel = statistics.median(totals), statistics.median(inside)
    print(f"{label}: {statistics.median(calls):.0f} numbers, {babel * 1000:.1f} ms in babel of {total * 1000:.0f} ms "
          f"({babel / total:.1%})")


def hot_paths(repeat: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from index071lib.data.edition import load_edition
    from index071lib.report import context, tables
    from index071lib.report.widgets import WhatIfPanel

    edition = load_edition(2017)
    panel = WhatIfPanel(edition, draw=True)
    slider = panel.basket_sliders["regiomarketing"]

    def as_png(fig):  # what JupyterLab's inline display does with the figure
        fig.savefig(io.BytesIO(), format="png")

    def move():
        with mock.patch("IPython.display.display", as_png):
            slider.value = 25.0 if slider.value != 25.0 else 20.0  # observe() runs update()

    babel_share("what-if slider move (band, chart drawn as PNG)", move, repeat)

    def report_tables():
        ctx = context.load_context(2017)
        for frame in (tables.series_table(ctx), tables.basket_weights_table(ctx),
                      tables.contributions_table(context.basket_contributions(ctx), "basket"),
                      tables.weights_table(ctx, "life_sciences_health"),
                      tables.annex_table(ctx, "life_sciences_health"),
                      tables.contributions_table(context.parameter_contributions(ctx, "life_sciences_health"))):
            tables.table_html(frame)
        tables.overview_header(ctx), tables.basket_header(ctx, "life_sciences_health")

    babel_share("tables of overview + basket report", report_tables, repeat)


if __name__ == "__main__":
    main()
