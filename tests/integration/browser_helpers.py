"""Shared by the browser tests of the what-if panel (JupyterLab and the Voilà meeting panel) and by
``benchmarks/jupyterlab_latency.py``.

Headless Chromium through selenium, a wait that fails with a screenshot and the server log, reading the
panel (sliders by id, the last-year table, the status line, the difference chart, the scenario tools) from
the page, pressing keys on a slider as a user would (timed in the browser), saving the sliders as a
scenario, and what the panel should show from the pandas pipeline.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest

from index071lib.core.pipeline import compute_index

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000"]  # the researcher's screen of issue 15
SHOTS = Path(tempfile.gettempdir()) / "index071-lab-panel"  # screenshots for a human look (outside the repo)


def skip_without_chromium() -> None:
    """Skip the calling test or fixture when headless Chromium and chromedriver are not installed."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("headless Chromium not installed (apt-get install chromium chromium-driver; see .ci/run)")


def repo_files() -> set[str]:
    """Every file under the repository folders a Jupyter session could write into."""
    return {str(p.relative_to(ROOT)) for folder in ("notebooks", "data", "outputs") for p in (ROOT / folder).rglob("*")}


def chromium(profile: Path, timeout: float, *, window: str | None = None, network_log: bool = False):
    """A headless Chromium (selenium) with its own profile folder and the browser console log kept.

    Args:
        profile: Profile folder (``--user-data-dir``).
        timeout: Page-load and script time-out in seconds.
        window: ``"W,H"`` instead of the researcher's 1400×1000 screen.
        network_log: Also keep the performance log (every request the page made).
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    flags = [f for f in FLAGS if not (window and f.startswith("--window-size="))]
    for flag in flags + ([f"--window-size={window}"] if window else []) + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", **({"performance": "ALL"} if network_log else {})})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(timeout)
    driver.set_script_timeout(timeout)
    return driver


@contextmanager
def browser_session(timeout: float = 60, **options):
    """A headless Chromium for one test module, in a profile folder removed afterwards; skips without Chromium.

    Args:
        timeout: Page-load and script time-out in seconds.
        **options: Passed on to :func:`chromium` (``window``, ``network_log``).
    """
    skip_without_chromium()
    profile = Path(tempfile.mkdtemp(prefix="index071-chromium-"))
    driver = chromium(profile, timeout, **options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver, condition, timeout: float, what: str, log: Callable[[], str] = lambda: "",
             shots: Path = SHOTS):
    """Wait until ``condition(driver)`` is truthy (polled); on time-out fail with a screenshot and the server log."""
    from selenium.common.exceptions import (
        StaleElementReferenceException,
        WebDriverException,
    )
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.25,
                             ignored_exceptions=(StaleElementReferenceException,)).until(condition)
    except WebDriverException as err:
        shots.mkdir(exist_ok=True)
        shot = shots / f"failure-{int(time.time())}.png"
        driver.save_screenshot(str(shot))
        pytest.fail(f"timed out after {timeout} s waiting for {what} ({type(err).__name__}); screenshot {shot}\n"
                    f"server log:\n{log()}")


# --- the panel's readers and actions -------------------------------------------------------------------------

# ``idle``: the kernel's state, from JupyterLab's notebook panel or Voilà's widget manager (both window.jupyterapp).
JS_PANEL = """
const out = {errors: [], sliders: {}, order: [], table: null, status: null, chart: null, busy: 0, idle: false,
             feedback: null, loaded: null, comparison: null, note: null, resultsShown: false};
document.querySelectorAll('.jp-Cell .jp-InputPrompt').forEach(p => { if (p.textContent.includes('*')) out.busy++; });
document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
    .forEach(e => out.errors.push(e.innerText));
document.querySelectorAll('.jp-OutputArea-output').forEach(e => {
    if (/Error displaying widget/.test(e.innerText || '')) out.errors.push(e.innerText);
});
const app = window.jupyterapp, w = app && app.shell.currentWidget;
let kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;  // JupyterLab
if (!kernel && app && app.widgetManager) { kernel = app.widgetManager.kernel; }  // Voilà
out.idle = !!(kernel && kernel.status === 'idle');
document.querySelectorAll('.index071-basket, .index071-parameter').forEach(row => {
    const id = Array.from(row.classList).find(c => c.startsWith('index071-w-')).slice('index071-w-'.length);
    const label = row.querySelector('.widget-html'), readout = row.querySelector('.widget-readout');
    const handle = row.querySelector('.noUi-handle');
    out.order.push(id);
    out.sliders[id] = {label: label ? label.textContent.trim() : '', readout: readout ? readout.textContent.trim() : '',
                       now: handle ? handle.getAttribute('aria-valuenow') : null,
                       labelWidth: label ? label.getBoundingClientRect().width : 0,
                       labelLines: label ? Math.round(label.getBoundingClientRect().height /
                                   parseFloat(getComputedStyle(label).lineHeight || 18)) : 0};
});
const table = document.querySelector('table.whatif.sliders');
if (table) {
    out.resultsShown = table.offsetParent !== null;
    out.table = Array.from(table.querySelectorAll('tbody tr')).map(tr => Array.from(tr.querySelectorAll('td'))
        .map(td => [td.textContent.trim(), td.classList.contains('changed')]));
}
const status = document.querySelector('.whatif-status');
if (status) out.status = status.innerText.trim();
document.querySelectorAll('.widget-html').forEach(h => {
    const t = (h.innerText || '').trim();
    if (t.startsWith('Er valt niets te berekenen')) out.status = t;
    if (t.startsWith('De mandjes tellen op')) out.note = t;
});
const fb = document.querySelector('.index071-feedback');
if (fb) out.feedback = fb.innerText.trim();
const lf = document.querySelector('.index071-load-feedback');
if (lf) out.loaded = lf.innerText.trim();
const cmp = document.querySelector('table.whatif.comparison');
if (cmp) out.comparison = {head: Array.from(cmp.querySelectorAll('thead th')).map(th => th.textContent.trim()),
                           rows: Array.from(cmp.querySelectorAll('tbody tr')).map(tr =>
                               Array.from(tr.querySelectorAll('td')).map(td => td.textContent.trim()))};
const img = document.querySelector('.index071-chart');
if (img) out.chart = {src: img.src.slice(-60), complete: img.complete, width: img.naturalWidth};
return out;
"""


def panel_state(driver) -> dict:
    """Everything the panel shows, read from the page (sliders by id, table rows, status line, chart, ...)."""
    return driver.execute_script(JS_PANEL)


def nl_float(text: str) -> float:
    """``'−1.234,56%'`` → -1234.56 (the Dutch number format of the panel)."""
    return float(text.strip().rstrip("%").replace("−", "-").replace(".", "").replace(",", "."))


def slider_handle(driver, ident: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f".index071-w-{ident} .noUi-handle")


def press_on_handle(driver, handle, *keys) -> None:
    """Focus a slider handle (scrolled into view) and press ``keys`` on it, as a keyboard user would."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", handle)
    assert driver.execute_script("return document.activeElement === arguments[0];", handle)
    handle.send_keys(*keys)


JS_LATENCY = """
const expected = arguments[0], chartBefore = arguments[1];
const lat = window.__index071Latency = {key: null, total: null, chart: null};
document.addEventListener('keydown', () => { if (lat.key === null) lat.key = performance.now(); },
                          {capture: true, once: true});
const painted = field => requestAnimationFrame(() => { if (lat[field] === null) lat[field] = performance.now(); });
const observer = new MutationObserver(() => {
    const status = document.querySelector('.whatif-status');
    if (lat.total === null && lat.key !== null && status && status.innerText.includes(expected)) painted('total');
    const img = document.querySelector('.index071-chart');
    if (lat.chart === null && lat.key !== null && img && img.src.slice(-60) !== chartBefore) painted('chart');
    if (lat.total !== null && lat.chart !== null) observer.disconnect();
});
observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                 attributeFilter: ['src']});
"""


def press_and_time(driver, ident: str, key: str, expected_status: str, timeout: float = 60,
                   log: Callable[[], str] = lambda: "") -> dict:
    """Press one key on a slider's handle and measure in the browser: key press → the expected total on screen,
    and key press → the new chart (milliseconds, to the next animation frame after the DOM change).

    Args:
        ident: Basket or parameter id of the slider.
        key: A selenium key (e.g. ``Keys.PAGE_DOWN``).
        expected_status: Text the status line must contain afterwards (e.g. ``"Index071 2016: 112,40"``).

    Returns:
        ``{"total_ms", "chart_ms"}`` and the panel state after the chart arrived.
    """
    handle = slider_handle(driver, ident)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", handle)
    chart_before = panel_state(driver)["chart"]["src"]
    driver.execute_script(JS_LATENCY, expected_status, chart_before)
    handle.send_keys(key)
    lat = wait_for(driver, lambda d: (x := d.execute_script("return window.__index071Latency;"))
                   and x["total"] is not None and x["chart"] is not None and x, timeout,
                   f"the status line to read {expected_status!r} and the chart to follow", log)
    state = wait_for(driver, lambda d: (s := panel_state(d)) and s["idle"] and s, timeout, "an idle kernel", log)
    return {"total_ms": lat["total"] - lat["key"], "chart_ms": lat["chart"] - lat["key"], "state": state}


def status_for(moved, official, total_id: str, year: int) -> str:
    """The status line the panel should show for these last-year values (total and baskets by id)."""
    from index071lib.text import nl
    from index071lib.text.fmt import nl_number

    value, base = nl_number(moved[total_id], 2), nl_number(official[total_id], 2)
    diff = "" if value == base else nl_number(moved[total_id] - official[total_id], 2, sign=True).replace("-", "−")
    return nl.slider_status("Index071", year, value, diff, base)


def expected_last_year(edition, basket_weights, weights=None):
    """Total and baskets of the last year from the pandas pipeline with these weights, and the official ones."""
    last = edition.years[-1]
    moved = compute_index(edition, weights=weights, basket_weights=basket_weights, warn=False).series[last]
    return moved, compute_index(edition, warn=False).series[last]


def check_table(state: dict, edition, moved, official) -> dict:
    """The panel's table against the pipeline (levels, differences, highlights); returns the rows by series id."""
    from index071lib.text.fmt import nl_number

    names = edition.basket_names
    by_name = {names[i]: i for i in [edition.total_id, *edition.basket_ids]}
    rows = {by_name[row[0][0]]: row for row in state["table"]}
    assert list(rows) == [edition.total_id, *edition.basket_ids]
    for ident, row in rows.items():
        assert nl_float(row[3][0]) == pytest.approx(official[ident], abs=0.0051), ident
        assert nl_float(row[4][0]) == pytest.approx(moved[ident], abs=0.0051), ident
        assert nl_float(row[5][0]) == pytest.approx(moved[ident] - official[ident], abs=0.0051), ident
        assert row[5][1] == (nl_number(moved[ident], 2) != nl_number(official[ident], 2)), ident  # highlighted
    return rows


def save_scenario(driver, typed: str, timeout: float, log: Callable[[], str] = lambda: "") -> dict:
    """Type ``typed`` (free text) into *Naam*, click *Bewaar als scenario* and wait for the feedback beside it.

    Returns:
        The panel state after the save (``feedback``: what the panel says next to the button).
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from index071lib.text import nl

    name_box = next(t for t in driver.find_elements(By.CSS_SELECTOR, ".widget-text")
                    if t.find_element(By.CSS_SELECTOR, ".widget-label").text == nl.FIELD_NAME)
    field = name_box.find_element(By.CSS_SELECTOR, "input")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(typed, Keys.TAB)
    button = next(b for b in driver.find_elements(By.CSS_SELECTOR, "button.widget-button")
                  if b.text.strip() == nl.SAVE_BUTTON)
    button.click()
    return wait_for(driver, lambda d: (s := panel_state(d)) and s["feedback"] and s, timeout,
                    "the feedback next to the save button", log)
