#!/usr/bin/env python3
"""How fast the what-if panel follows a slider in a real JupyterLab: key press → new total on screen.

    python benchmarks/jupyterlab_latency.py [--presses 20]

Starts ``jupyter lab`` on a temporary copy of the notebook and the data (as the browser test does,
``tests/integration/lab_helpers.py`` and ``browser_helpers.py``), opens ``whatif.ipynb`` in headless Chromium at 1400×1000, runs all
cells, then presses PageDown/PageUp on the Life Sciences & Health slider (5 steps of 0.5 each) and on
one parameter slider, alternately, ``--presses`` times. For every press the browser itself measures the
time from the ``keydown`` event to the next animation frame after the status line shows the expected
total, and after the difference chart changed. Prints every press, the median and the maximum, and the
machine's load. A figure to read, not a pass/fail test (the goal of issue 15: total on screen ≤ 250 ms).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index071lib.core.pipeline import compute_index  # noqa: E402
from index071lib.data.edition import load_edition  # noqa: E402
from index071lib.text.fmt import nl_number  # noqa: E402
from tests.integration.browser_helpers import chromium, press_and_time  # noqa: E402
from tests.integration.lab_helpers import START_TIMEOUT, Lab, open_and_run  # noqa: E402

SLIDERS = (("basket", "life_sciences_health"), ("parameter", "bsp_werkzame_personen"))


def expected_status(edition, basket_weights, weights) -> str:
    year = edition.years[-1]
    value = compute_index(edition, weights=weights, basket_weights=basket_weights, warn=False).total[year]
    official = compute_index(edition, warn=False).total[year]
    diff = nl_number(value - official, 2, sign=True).replace("-", "−")
    shown = nl_number(value, 2)
    return f"Index071 {year}: {shown} (de officiële weging)" if shown == nl_number(official, 2) else \
        f"Index071 {year}: {shown} ({diff} t.o.v. officieel"


def main(argv: list[str] | None = None) -> int:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="index071-latency-"))
    lab = Lab(home)
    driver = None
    try:
        lab.wait_until_up()
        edition = load_edition(2017, lab.data)
        driver = chromium(home / "chromium", START_TIMEOUT)
        open_and_run(driver, lab)
        section = next(c for c in driver.find_elements(By.CSS_SELECTOR, ".jupyter-widget-Accordion-child")
                       if c.find_element(By.CSS_SELECTOR, ".jupyter-widget-Collapse-header").text.strip()
                       == edition.basket_names["life_sciences_health"])
        section.find_element(By.CSS_SELECTOR, ".jupyter-widget-Collapse-header").click()
        baskets, weights = edition.basket_weights.astype(float).copy(), edition.weights.astype(float).copy()
        totals, charts = [], []
        print(f"load at start: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores")
        for i in range(args.presses):
            kind, ident = SLIDERS[(i // 2) % 2]
            down = i % 2 == 0
            values = baskets if kind == "basket" else weights
            values[ident] += -2.5 if down else 2.5
            result = press_and_time(driver, ident, Keys.PAGE_DOWN if down else Keys.PAGE_UP,
                                    expected_status(edition, baskets, weights), log=lab.log_text)
            totals.append(result["total_ms"])
            charts.append(result["chart_ms"])
            print(f"press {i + 1:2d} {kind:9s} {'down' if down else 'up':4s}: total on screen {result['total_ms']:6.0f} ms,"
                  f" chart {result['chart_ms']:6.0f} ms", flush=True)
        print(f"\n{args.presses} presses: key → total on screen median {statistics.median(totals):.0f} ms, "
              f"max {max(totals):.0f} ms; key → chart median {statistics.median(charts):.0f} ms, max {max(charts):.0f} ms")
        print(f"load at end: {os.getloadavg()[0]:.2f} (1 min)")
    finally:
        if driver is not None:
            driver.quit()
        problem = lab.stop()
        shutil.rmtree(home, ignore_errors=True)
        if problem:
            print(f"server: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
