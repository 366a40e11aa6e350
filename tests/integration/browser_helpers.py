"""Shared by the browser tests of the what-if sliders (JupyterLab and the Voilà meeting panel).

Headless Chromium through selenium, a wait that fails with a screenshot and the server log, reading the
panel (sliders, contribution table, status line, chart) from the page, moving a slider by keyboard as a
user would, saving the sliders as a scenario, and the expected table from the pandas pipeline.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from index071lib.core.pipeline import compute_index

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,2000"]
SHOTS = Path(tempfile.gettempdir()) / "index071-jupyterlab-sliders"  # screenshots for a human look (outside the repo)


def skip_without_chromium() -> None:
    """Skip the calling test or fixture when headless Chromium and chromedriver are not installed."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("headless Chromium not installed (apt-get install chromium chromium-driver; see .ci/run)")


def repo_files() -> set[str]:
    """Every file under the repository folders a Jupyter session could write into."""
    return {str(p.relative_to(ROOT)) for folder in ("notebooks", "data", "outputs") for p in (ROOT / folder).rglob("*")}


def chromium(profile: Path, timeout: float):
    """A headless Chromium (selenium) with its own profile folder and the browser console log kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(timeout)
    driver.set_script_timeout(timeout)
    return driver


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


# --- reading the panel -------------------------------------------------------------------------------------

def nl_float(text: str) -> float:
    """``'+1.234,56%'`` → 1234.56 (the Dutch number format of the reports)."""
    return float(text.strip().rstrip("%").replace("−", "-").replace(".", "").replace(",", "."))


# ``idle``: the kernel's state, from JupyterLab's notebook panel or Voilà's widget manager (both window.jupyterapp).
JS_PANEL = """
const out = {errors: [], sliders: [], table: null, status: null, chart: null, busy: 0, idle: false};
document.querySelectorAll('.jp-Cell .jp-InputPrompt').forEach(p => { if (p.textContent.includes('*')) out.busy++; });
document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
    .forEach(e => out.errors.push(e.innerText));  // a traceback
document.querySelectorAll('.jp-OutputArea-output').forEach(e => {
    if (/Error displaying widget/.test(e.innerText || '')) out.errors.push(e.innerText);
});
const app = window.jupyterapp, w = app && app.shell.currentWidget;
let kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;  // JupyterLab
if (!kernel && app && app.widgetManager) { kernel = app.widgetManager.kernel; }  // Voilà
out.idle = !!(kernel && kernel.status === 'idle');
document.querySelectorAll('.widget-slider').forEach(s => {
    const label = s.querySelector('.widget-label'), readout = s.querySelector('.widget-readout');
    out.sliders.push([label ? label.textContent : '', readout ? readout.textContent : '']);
});
const tables = Array.from(document.querySelectorAll('.widget-html table'));
if (tables.length) {
    out.table = Array.from(tables[tables.length - 1].querySelectorAll('tbody tr'))
        .map(tr => Array.from(tr.querySelectorAll('td')).map(td => td.textContent.trim()));
}
document.querySelectorAll('.widget-html').forEach(h => {
    const t = h.innerText || '';
    if (/^(Herberekend in|Bewaard als|Niet bewaard)/.test(t.trim())) out.status = t.trim();
});
const imgs = Array.from(document.querySelectorAll('.widget-output img'));
if (imgs.length) {
    const img = imgs[imgs.length - 1];
    out.chart = {src: img.src.length + ':' + img.src.slice(-200), complete: img.complete, width: img.naturalWidth};
}
return out;
"""


def panel_state(driver) -> dict:
    return driver.execute_script(JS_PANEL)


def table_by_basket(state: dict, names: dict) -> dict:
    """Table rows by basket id: ``(share baseline, contribution baseline, share sliders, contribution sliders)``."""
    by_name = {name: basket for basket, name in names.items()}
    return {by_name[row[0]]: tuple(nl_float(cell) for cell in row[1:]) for row in state["table"]}


def expected_table(edition, basket_weights, weights=None) -> dict:
    """The same table from the pandas pipeline: shares in percent and contributions in index points."""
    result = compute_index(edition, weights=weights, basket_weights=basket_weights, warn=False)
    last, previous = edition.years[-1], edition.years[-2]
    shares = basket_weights / basket_weights.sum() * 100.0
    return {b: (shares[b], shares[b] * (result.baskets.loc[b, last] - result.baskets.loc[b, previous]) / 100.0)
            for b in edition.basket_ids}


def followed(names: dict, expected: dict, chart_before: str):
    """Wait condition: the kernel idle, a new chart drawn and the table showing ``expected`` (or an error)."""
    def condition(d):
        s = panel_state(d)
        if s["errors"]:
            return s
        if (not s["idle"] or not s["table"] or s["chart"] is None or s["chart"]["src"] == chart_before
                or not s["chart"]["complete"]):
            return False  # the kernel is idle only after the last move is drawn
        rows = table_by_basket(s, names)
        done = all(abs(rows[b][2] - expected[b][0]) < 0.051 and abs(rows[b][3] - expected[b][1]) < 0.0051
                   for b in expected)
        return s if done else False

    return condition


# --- acting on the panel ------------------------------------------------------------------------------------

def slider_handle(container, label: str, attribute: str = "text"):
    """The handle of the slider labelled ``label`` inside ``container`` (the page or an accordion section).

    ``attribute="textContent"`` also finds the label of a slider that is not displayed (a closed section).
    """
    from selenium.webdriver.common.by import By

    def text(slider):
        element = slider.find_element(By.CSS_SELECTOR, ".widget-label")
        return element.text if attribute == "text" else element.get_attribute(attribute)

    slider = next(s for s in container.find_elements(By.CSS_SELECTOR, ".widget-slider") if text(s) == label)
    return slider, slider.find_element(By.CSS_SELECTOR, ".noUi-handle")


def press_on_handle(driver, handle, *keys) -> None:
    """Focus a slider handle (scrolled into view) and press ``keys`` on it, as a keyboard user would."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", handle)
    assert driver.execute_script("return document.activeElement === arguments[0];", handle)
    handle.send_keys(*keys)


def save_scenario(driver, name: str, timeout: float, log: Callable[[], str] = lambda: "") -> tuple[dict, Path]:
    """Type ``name`` into *Naam*, click *Bewaar als scenario* and wait for the status line.

    Returns:
        The panel state after the save and the path the status line names.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    name_box = next(t for t in driver.find_elements(By.CSS_SELECTOR, ".widget-text")
                    if t.find_element(By.CSS_SELECTOR, ".widget-label").text == "Naam")
    field = name_box.find_element(By.CSS_SELECTOR, "input")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(name, Keys.TAB)
    button = next(b for b in driver.find_elements(By.CSS_SELECTOR, "button.widget-button")
                  if b.text.strip() == "Bewaar als scenario")
    button.click()
    state = wait_for(driver, lambda d: (s := panel_state(d)) and s["status"]
                     and s["status"].startswith(("Bewaard als", "Niet bewaard")) and s, timeout,
                     "the status line to confirm the save", log)
    match = re.match(r"Bewaard als (\S+\.yml) \(gebruik: index071 whatif --scenario (\S+\.yml)\)", state["status"])
    assert match, state["status"]
    assert match.group(2) == match.group(1)
    return state, Path(match.group(1))
