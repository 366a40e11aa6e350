"""The what-if panel in a real JupyterLab, driven by headless Chromium at 1400×1000 (issue 15).

The server runs on a temporary git checkout with the set-up's notebook filter (:mod:`lab_helpers`). Chromium
opens ``whatif.ipynb``, runs all cells with JupyterLab's own command and then, as a researcher would:

1. checks the panel at rest: Dutch slider readouts, the basket weights' sum explained, the status line and
   the table against :func:`~index071lib.core.pipeline.compute_index`; saves the notebook and checks that
   ``git status`` stays clean (the filter and the save hook);
2. moves the Life Sciences & Health basket slider with the keyboard (PageDown twice, 30 → 25), timing each key
   press to the new total on screen in the browser, and checks the displayed total and difference against
   ``compute_index`` with those weights; then a parameter slider in its accordion section;
3. saves the sliders under a free-text name ("minder LSH 25" → ``minder_lsh_25``), uses that name in
   ``scenarios = "…"`` of the notebook (edited and rerun in the browser) and in ``index071 whatif --scenario``;
4. loads a shipped scenario into the sliders and checks their values, compares two scenarios side by side;
5. sets every basket to 0: the results are hidden, not left standing; the reset button brings them back.

Screenshots of the panel before and after a move (and at 390 px) go to ``$TMPDIR/index071-lab-panel/``
for a human look; the measured latencies are printed and written there as JSON (the figures for
``docs/benchmarks.md`` come from ``benchmarks/jupyterlab_latency.py``; timings are never assertions).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from index071lib.core.pipeline import compute_index, compute_scenario
from index071lib.data.edition import load_edition
from index071lib.data.scenarios import load_scenario, resolve_scenario_path, scenario_weights
from index071lib.report.widgets import weight_label
from index071lib.text.fmt import nl_number

from .browser_helpers import (
    SHOTS,
    check_table,
    chromium,
    expected_last_year,
    nl_float,
    panel_state,
    press_and_time,
    repo_files,
    save_scenario,
    skip_without_chromium,
    slider_handle,
    status_for,
    wait_for,
)
from .lab_helpers import (
    ROOT,
    START_TIMEOUT,
    Lab,
    LabError,
    git,
    load_tasks,
    open_and_run,
    run_all,
    scroll_panel_into_view,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser]

UPDATE_TIMEOUT = 60  # one slider move or click → new output
BASKET = "life_sciences_health"  # 30 in the annex; two PageDown presses of 5 steps of 0.5: 25
PARAMETER = "bsp_werkzame_personen"  # in the Life Sciences & Health basket; 27 in the annex → 22
TYPED_NAME, SLUG = "minder LSH 25", "minder_lsh_25"


@pytest.fixture(scope="module")
def lab():
    skip_without_chromium()
    if not (Path(sys.prefix) / load_tasks().JUPYTER_CONFIG.relative_to(ROOT / ".venv")).is_file():
        pytest.fail("the environment lacks the set-up's Jupyter config (the save hook): run `python3 tasks.py setup`")
    home = Path(tempfile.mkdtemp(prefix="index071-lab-"))
    before = repo_files()
    server = Lab(home)
    try:
        server.wait_until_up()
        yield server
    except LabError as err:
        pytest.fail(str(err))
    finally:
        problem = server.stop()
        log = server.log_path.read_text(errors="replace")[-5000:]
        shutil.rmtree(home, ignore_errors=True)
    assert problem is None, f"{problem}\n{log}"
    assert repo_files() == before, "the JupyterLab session wrote into the repository"


@pytest.fixture(scope="module")
def browser(lab):
    driver = chromium(lab.home / "chromium", START_TIMEOUT)
    try:
        yield driver
    finally:
        driver.quit()


def test_whatif_panel_in_jupyterlab(lab, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    edition = load_edition(2017, lab.data)
    names, year, total_id = edition.basket_names, edition.years[-1], edition.total_id
    SHOTS.mkdir(exist_ok=True)
    started = time.monotonic()
    try:
        state = open_and_run(browser, lab)
    except LabError as err:
        pytest.fail(str(err))
    assert state["errors"] == [], state["errors"]

    # 1. at rest: Dutch readouts, the sum of the basket weights explained, status line and table as the pipeline
    sliders = state["sliders"]
    assert state["order"][:5] == edition.basket_ids and len(state["order"]) == 5 + len(edition.parameters)
    assert sliders[BASKET]["readout"] == "30,0" and sliders[BASKET]["label"] == names[BASKET]
    assert "De mandjes tellen op tot 99" in state["note"] and "geschaald naar 100%" in state["note"]
    official = compute_index(edition, warn=False).series[year]
    assert state["status"] == status_for(official, official, total_id, year)
    rows = check_table(state, edition, official, official)
    assert rows[BASKET][1][0] == "30,3%"  # the share the 30 of 99 counts for, as the readout explains
    labels = {p: sliders[p]["label"] for p in edition.parameters.index}
    assert labels == edition.parameters["name"].astype(str).to_dict()  # every label in full (they wrap)
    browser.set_window_size(1400, 1000)
    scroll_panel_into_view(browser)
    browser.save_screenshot(str(SHOTS / "panel-before.png"))
    fits = browser.execute_script("""
        const r = e => document.querySelector(e).getBoundingClientRect();
        return {table: r('table.whatif.sliders').bottom, chart: r('.index071-chart').bottom,
                sliders: r('.index071-w-regiomarketing').bottom, height: window.innerHeight,
                right: r('.index071-chart').right, width: window.innerWidth};""")
    assert fits["chart"] <= fits["height"] and fits["sliders"] <= fits["height"], fits  # one screen at 1400×1000
    assert fits["right"] <= fits["width"], fits

    # the notebook saved after running: git sees no change (nbstripout filter + the save hook of the set-up)
    browser.execute_script("window.jupyterapp.commands.execute('docmanager:save');")
    wait_for(browser, lambda d: d.execute_script(
        "return !window.jupyterapp.shell.currentWidget.context.model.dirty;"), UPDATE_TIMEOUT, "the save")
    assert git(lab.home, "status", "--porcelain") == ""
    assert (lab.notebooks / "whatif.ipynb").read_bytes() == (ROOT / "notebooks" / "whatif.ipynb").read_bytes()

    # 2. the basket slider by keyboard, PageDown twice (5 steps of 0.5 each): each press timed in the browser
    latencies = []
    weights = edition.basket_weights.astype(float).copy()
    for value in (27.5, 25.0):
        weights[BASKET] = value
        moved, _ = expected_last_year(edition, weights)
        result = press_and_time(browser, BASKET, Keys.PAGE_DOWN, status_for(moved, official, total_id, year),
                                log=lab.log_text)
        latencies.append({k: round(v, 1) for k, v in result.items() if k.endswith("_ms")})
        state = result["state"]
    assert state["errors"] == [], state["errors"]
    assert state["sliders"][BASKET]["readout"] == "25,0"
    assert state["status"] == status_for(moved, official, total_id, year)
    assert state["status"] == "Index071 2016: 112,28 (−0,24 ten opzichte van 112,52 bij de officiële weging)"  # the example move
    rows = check_table(state, edition, moved, official)
    assert rows[BASKET][2] == ["26,6%", True] and rows["vestigingsklimaat"][2] == ["23,4%", True]
    scroll_panel_into_view(browser)
    browser.save_screenshot(str(SHOTS / "panel-after.png"))
    toggle_sidebar = "window.jupyterapp.commands.execute('application:toggle-left-area');"
    browser.execute_script(toggle_sidebar)  # on a phone-wide window the file browser would take it all
    browser.set_window_size(390, 1000)
    scroll_panel_into_view(browser)
    browser.save_screenshot(str(SHOTS / "panel-after-390.png"))
    browser.set_window_size(1400, 1000)
    browser.execute_script(toggle_sidebar)

    # a parameter slider: open its basket's section of the accordion (a click on the title), PageDown twice
    section = next(c for c in browser.find_elements(By.CSS_SELECTOR, ".jupyter-widget-Accordion-child")
                   if c.find_element(By.CSS_SELECTOR, ".jupyter-widget-Collapse-header").text.strip() == names[BASKET])
    header = section.find_element(By.CSS_SELECTOR, ".jupyter-widget-Collapse-header")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", header)
    header.click()
    wait_for(browser, lambda d: slider_handle(d, PARAMETER).is_displayed(), UPDATE_TIMEOUT, "the section to open")
    parameter_weights = edition.weights.astype(float).copy()
    for value in (24.5, 22.0):
        parameter_weights[PARAMETER] = value
        moved, _ = expected_last_year(edition, weights, parameter_weights)
        result = press_and_time(browser, PARAMETER, Keys.PAGE_DOWN, status_for(moved, official, total_id, year),
                                log=lab.log_text)
        latencies.append({k: round(v, 1) for k, v in result.items() if k.endswith("_ms")})
    state = result["state"]
    assert state["sliders"][PARAMETER]["readout"] == "22,0" and state["sliders"][BASKET]["readout"] == "25,0"
    rows = check_table(state, edition, moved, official)
    assert rows[BASKET][5][1]  # now the basket itself moved too
    browser.save_screenshot(str(SHOTS / "panel-parameter.png"))
    (SHOTS / "latency.json").write_text(json.dumps(latencies, indent=1))
    print(f"[jupyterlab] key press → total on screen / → chart, ms: {latencies}")

    # 3. save under a free-text name; the name then works in the notebook's scenarios and in the CLI
    state = save_scenario(browser, TYPED_NAME, UPDATE_TIMEOUT, lab.log_text)
    assert state["feedback"].startswith(f"Bewaard als {SLUG} ("), state["feedback"]
    assert f"index071 whatif --scenario {SLUG}" in state["feedback"]
    browser.save_screenshot(str(SHOTS / "panel-saved.png"))
    saved = lab.save_dir / f"{SLUG}.yml"
    content = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert content == {"name": SLUG, "title": TYPED_NAME, "description": TYPED_NAME, "basket_weights": {BASKET: 25.0},
                       "parameter_weights": {PARAMETER: 22.0}}
    exe = shutil.which("index071") or str(Path(sys.executable).with_name("index071"))
    for spec in (SLUG, TYPED_NAME):
        proc = subprocess.run([exe, "whatif", "--edition", "2017", "--scenario", spec, "--format", "csv"],
                              capture_output=True, text=True, timeout=120, cwd=lab.home, env=lab.env)
        assert proc.returncode == 0, proc.stderr
        cli = {r["series"]: float(r["value"]) for r in csv.DictReader(io.StringIO(proc.stdout))
               if r["year"] == str(year)}
        assert cli == pytest.approx(moved.to_dict(), abs=1e-9)

    browser.execute_script("""
        const nb = window.jupyterapp.shell.currentWidget.content;
        const cell = nb.widgets.find(c => (c.model.getMetadata('tags') || []).includes('parameters'));
        const source = cell.model.sharedModel.getSource();
        cell.model.sharedModel.setSource(source.replace(/^scenarios: str = "[^"]*"/m,
                                                        'scenarios: str = "life_sciences_20,' + arguments[0] + '"'));
        """, SLUG)
    state = run_all(browser, lab)
    assert state["errors"] == [], state["errors"]
    page = browser.find_element(By.CSS_SELECTOR, ".jp-Notebook").text
    # the scenario list of the report names it by its title (the name as typed) with its description
    assert f"{TYPED_NAME}: {TYPED_NAME}" in page

    # 4. load a shipped scenario into the sliders; compare two side by side
    Select(browser.find_element(By.CSS_SELECTOR, ".widget-dropdown select")).select_by_visible_text("hoofdstuktekst")
    next(b for b in browser.find_elements(By.CSS_SELECTOR, "button.widget-button")
         if b.text.strip() == "Laad in de schuifjes").click()
    state = wait_for(browser, lambda d: (s := panel_state(d)) and s["idle"] and s["loaded"]
                     and s["loaded"].startswith("Geladen: Wegingen uit de hoofdstukteksten") and s,  # by its title
                     UPDATE_TIMEOUT, "the scenario to load")
    scenario = load_scenario(resolve_scenario_path("hoofdstuktekst", lab.data), edition)
    p_weights, b_weights = scenario_weights(edition, scenario)
    for ident, value in [*b_weights.items(), *p_weights.items()]:
        assert state["sliders"][ident]["readout"] == weight_label(value), ident  # the slider's position, in Dutch
    expected = compute_scenario(edition, scenario, warn=False).series[year]
    rows = check_table(state, edition, expected, official)
    choices = Select(browser.find_element(By.CSS_SELECTOR, ".widget-select-multiple select"))
    choices.select_by_visible_text("life_sciences_20")
    choices.select_by_visible_text(SLUG)
    next(b for b in browser.find_elements(By.CSS_SELECTOR, "button.widget-button") if b.text.strip() == "Vergelijk").click()
    state = wait_for(browser, lambda d: (s := panel_state(d)) and s["comparison"] and s, UPDATE_TIMEOUT,
                     "the comparison table")
    assert state["comparison"]["head"] == ["Reeks", "Officieel", "life_sciences_20", SLUG, "Schuifjes"]
    total_row = state["comparison"]["rows"][0]
    assert total_row[0] == names[total_id] and nl_float(total_row[1]) == pytest.approx(official[total_id], abs=0.0051)
    assert total_row[3].startswith(nl_number(moved[total_id], 2) + " (−0,")
    browser.save_screenshot(str(SHOTS / "panel-compare.png"))

    # 5. every basket at 0: the results disappear instead of standing as if current; the reset button
    for basket in edition.basket_ids:
        handle = slider_handle(browser, basket)
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", handle)
        handle.send_keys(Keys.HOME)
        wait_for(browser, lambda d: (s := panel_state(d)) and s["idle"] and s["sliders"][basket]["readout"]
                 == "0,0", UPDATE_TIMEOUT, f"{basket} at 0")
    state = wait_for(browser, lambda d: (s := panel_state(d)) and s["idle"] and s["status"]
                     and s["status"].startswith("Er valt niets te berekenen") and s, UPDATE_TIMEOUT, "the empty state")
    assert not state["resultsShown"]
    next(b for b in browser.find_elements(By.CSS_SELECTOR, "button.widget-button")
         if b.text.strip() == "Terug naar de officiële weging").click()
    state = wait_for(browser, lambda d: (s := panel_state(d)) and s["idle"] and s["resultsShown"]
                     and s["status"] == status_for(official, official, total_id, year) and s, UPDATE_TIMEOUT,
                     "the official weights again")
    assert state["sliders"][BASKET]["readout"] == "30,0"
    print(f"[jupyterlab] the whole session in the browser: {time.monotonic() - started:.1f} s; screenshots in {SHOTS}")
