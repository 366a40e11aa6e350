"""The what-if sliders in a real JupyterLab, driven by headless Chromium.

A ``jupyter lab`` server is started on a free port with a token, on a temporary copy of
``notebooks/whatif.ipynb`` (and of ``data/``, through ``$INDEX071_DATA``, so the save button's default
folder ``outputs/scenarios/`` lies beside that copy and nothing is written into the repository).
Chromium opens the notebook, runs all cells with JupyterLab's own command ``notebook:run-all-cells``, waits
for the ipywidgets to render, moves the Life Sciences & Health basket slider with the keyboard, checks the
contribution table against the pipeline (computed here with :func:`~index071lib.core.pipeline.compute_index`),
then opens that basket's section of the parameter accordion with a click on its title, moves one parameter
slider with the keyboard and checks the table against the pipeline for both moved weights, saves the sliders
as a scenario and runs ``index071 whatif --scenario`` on the file written.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (installed by ``.ci/run``); skipped otherwise.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
import yaml

from index071lib.core.fastindex import WeightModel
from index071lib.core.pipeline import compute_index
from index071lib.data.edition import load_edition

from .browser_helpers import (
    ROOT,
    SHOTS,
    chromium,
    expected_table,
    followed,
    panel_state,
    press_on_handle,
    repo_files,
    save_scenario,
    skip_without_chromium,
    slider_handle,
    table_by_basket,
)
from .browser_helpers import wait_for as _wait_for

pytestmark = [pytest.mark.integration, pytest.mark.browser]

START_TIMEOUT = 120  # server start, JupyterLab load, kernel start (seconds; a loaded 2-core CI machine)
RUN_TIMEOUT = 180  # running every cell of the notebook
UPDATE_TIMEOUT = 60  # one slider move or click → new output
BASKET = "life_sciences_health"
NEW_WEIGHT = 25.0  # 30 (annex) minus two PageDown presses of 5 steps of 0.5
PARAMETER = "bsp_werkzame_personen"  # in the Life Sciences & Health basket; 27 in the annex
NEW_PARAMETER_WEIGHT = 22.0  # 27 minus two PageDown presses of 5 steps of 0.5 (the sliders' step)
SCENARIO_NAME = "minder_life_sciences"


class Lab:
    """A running ``jupyter lab`` server on a temporary folder."""

    def __init__(self, home: Path):
        self.home, self.token, self.url = home, os.urandom(16).hex(), None
        self.notebooks, self.data = home / "notebooks", home / "data"
        self.notebooks.mkdir(parents=True)
        shutil.copy2(ROOT / "notebooks" / "whatif.ipynb", self.notebooks / "whatif.ipynb")
        shutil.copytree(ROOT / "data", self.data)
        self.save_dir = home / "outputs" / "scenarios"  # default_save_dir() for INDEX071_DATA=<home>/data
        self.log_path, self.runtime = home / "jupyter.log", home / "jupyter" / "runtime"
        labconfig = home / "jupyter" / "config" / "labconfig"  # no "official Jupyter news?" pop-up
        labconfig.mkdir(parents=True)
        labconfig.joinpath("page_config.json").write_text(
            json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON", "MPLBACKEND"))}
        env.update(INDEX071_DATA=str(self.data), IPYTHONDIR=str(home / "ipython"),
                   JUPYTER_CONFIG_DIR=str(home / "jupyter" / "config"), JUPYTER_DATA_DIR=str(home / "jupyter" / "data"),
                   JUPYTER_RUNTIME_DIR=str(self.runtime),
                   JUPYTERLAB_SETTINGS_DIR=str(home / "jupyter" / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(home / "jupyter" / "workspaces"), JUPYTER_PLATFORM_DIRS="1")
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
                   "--port=0", "--ServerApp.port_retries=0",  # a free port, chosen by the server
                   f"--IdentityProvider.token={self.token}",
                   "--allow-root",  # CI runs as root
                   f"--ServerApp.root_dir={self.notebooks}", "--ServerApp.terminals_enabled=False",
                   "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: JupyterLab's commands
                   "--LabApp.news_url=None",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(command, cwd=self.notebooks, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    def request(self, path: str, method: str = "GET") -> int:
        req = urllib.request.Request(self.url + path, method=method, data=b"" if method == "POST" else None,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status

    def wait_until_up(self) -> None:
        """Wait for the server's info file (``jpserver-<pid>.json``: its port), then for ``/api/status``."""
        info = self.runtime / f"jpserver-{self.proc.pid}.json"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with {self.proc.returncode}:\n{self.log_text()}")
            try:
                if self.url is None and info.is_file():
                    self.url = f"http://127.0.0.1:{json.loads(info.read_text())['port']}"
                if self.url and self.request("/api/status") == 200:
                    return
            except (ValueError, KeyError):  # the info file half written
                pass
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        pytest.fail(f"jupyter lab did not answer within {START_TIMEOUT} s:\n{self.log_text()}")

    def log_text(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self) -> str | None:
        """Shut down via ``POST /api/shutdown`` (kernels first); kill only as a fallback.

        Returns:
            ``None`` after a clean shutdown, else what went wrong.
        """
        try:
            kernels = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            kernels = []
        problem = None
        if self.proc.poll() is None and self.url:
            try:  # the server stops its loop while answering: the connection may just close
                self.request("/api/shutdown", "POST")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                problem = "the server ignored /api/shutdown for 60 s"
        if self.proc.poll() is None:
            problem = problem or "the server never came up"
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own process group (start_new_session)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=15)
        elif self.proc.returncode != 0:
            problem = problem or f"the server exited with {self.proc.returncode}"
        _gone, alive = psutil.wait_procs(kernels, timeout=15)
        for proc in alive:
            proc.kill()
        if alive:
            problem = problem or f"{len(alive)} kernel process(es) outlived the server"
        self.log.close()
        return problem


@pytest.fixture(scope="module")
def lab():
    skip_without_chromium()
    home = Path(tempfile.mkdtemp(prefix="index071-lab-"))
    before = repo_files()
    server = Lab(home)
    try:
        server.wait_until_up()
        yield server
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


def wait_for(driver, lab, condition, timeout: float, what: str):
    """Wait until ``condition(driver)`` is truthy; on time-out fail with a screenshot and the jupyter log."""
    return _wait_for(driver, condition, timeout, what, lab.log_text)


# --- the test ----------------------------------------------------------------------------------------------

def test_sliders_in_jupyterlab(lab, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    edition = load_edition(2017, lab.data)
    names = edition.basket_names
    started = time.monotonic()
    SHOTS.mkdir(exist_ok=True)

    # 1. open the notebook; wait until JupyterLab has it and its kernel is idle
    browser.get(f"{lab.url}/lab/tree/whatif.ipynb?token={lab.token}")
    wait_for(browser, lab, lambda d: d.execute_script("""
        const app = window.jupyterapp, w = app && app.shell.currentWidget;
        const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
        return !!(w && w.context && w.context.isReady && kernel && kernel.status === 'idle'
                  && w.context.path === 'whatif.ipynb');"""), START_TIMEOUT, "the notebook and an idle kernel")
    assert browser.execute_script("return window.jupyterapp.shell.currentWidget.sessionContext.kernelDisplayName;")

    # 2. run all cells (JupyterLab's menu command Run > Run All Cells)
    browser.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
    state = wait_for(browser, lab, lambda d: (s := panel_state(d)) and (s["errors"] or (
        s["idle"] and not s["busy"] and s["table"] and s["chart"] and s["chart"]["complete"] and s["status"]) and s),
        RUN_TIMEOUT, "all cells to run and the sliders, chart and table to render")
    assert state["errors"] == [], state["errors"]
    labels = [label for label, _ in state["sliders"]]
    assert labels[:5] == [names[b] for b in edition.basket_ids]  # five basket sliders, then the parameter ones
    assert len(labels) == 5 + len(edition.parameters)
    assert state["sliders"][0][1] == "30.0"
    assert state["status"].startswith("Herberekend in ")
    before = table_by_basket(state, names)
    baseline = expected_table(edition, edition.basket_weights.astype(float))
    for basket, (share, contribution) in baseline.items():
        assert before[basket][0] == before[basket][2] == pytest.approx(share, abs=0.051), basket  # 1 decimal
        assert before[basket][1] == before[basket][3] == pytest.approx(contribution, abs=0.0051), basket  # 2
    chart_before = state["chart"]["src"]
    browser.save_screenshot(str(SHOTS / "sliders-before.png"))

    # 3. move the Life Sciences & Health slider by keyboard: focus its handle, PageDown twice (2 × 5 × 0.5)
    _slider, handle = slider_handle(browser, names[BASKET])
    press_on_handle(browser, handle, Keys.PAGE_DOWN, Keys.PAGE_DOWN)
    weights = edition.basket_weights.astype(float).copy()
    weights[BASKET] = NEW_WEIGHT
    expected = expected_table(edition, weights)

    state = wait_for(browser, lab, followed(names, expected, chart_before), UPDATE_TIMEOUT,
                     "the table and chart to follow the slider")
    assert state["errors"] == [], state["errors"]
    assert dict(state["sliders"])[names[BASKET]] == f"{NEW_WEIGHT:.1f}"
    after = table_by_basket(state, names)
    for basket in edition.basket_ids:
        assert after[basket][:2] == before[basket][:2]  # the baseline columns stay
        assert after[basket][2] == pytest.approx(expected[basket][0], abs=0.051)
        assert after[basket][3] == pytest.approx(expected[basket][1], abs=0.0051)
    assert after[BASKET][2] < before[BASKET][2]  # Life Sciences & Health weighs less ...
    assert after["vestigingsklimaat"][2] > before["vestigingsklimaat"][2]  # ... the others more
    total = compute_index(edition, basket_weights=weights, warn=False).total  # the shown contributions add up
    last, previous = edition.years[-1], edition.years[-2]  # to the change of the index under the sliders
    assert sum(row[3] for row in after.values()) == pytest.approx(total[last] - total[previous], abs=0.026)
    assert sum(row[3] for row in after.values()) != pytest.approx(sum(row[1] for row in after.values()), abs=0.005)
    browser.save_screenshot(str(SHOTS / "sliders-after.png"))
    table_basket, chart_basket = after, state["chart"]["src"]

    # 4. open the basket's section of the parameter accordion (a click on its title, as a user would), then
    #    move one parameter slider in it by keyboard: focus its handle, PageDown twice (2 × 5 × 0.5)
    section = next(c for c in browser.find_elements(By.CSS_SELECTOR, ".jupyter-widget-Accordion-child")
                   if c.find_element(By.CSS_SELECTOR, ".jupyter-widget-Collapse-header").text.strip()
                   == names[BASKET])
    header = section.find_element(By.CSS_SELECTOR, ".jupyter-widget-Collapse-header")
    contents = section.find_element(By.CSS_SELECTOR, ".jupyter-widget-Collapse-contents")
    parameter_name = edition.parameters.loc[PARAMETER, "name"]
    slider, handle = slider_handle(contents, parameter_name, "textContent")
    assert not handle.is_displayed()  # collapsed by default
    # the whole name as label (the browser cuts it off with "…") and as tooltip on hover
    assert slider.find_element(By.CSS_SELECTOR, ".widget-label").get_attribute("title") == parameter_name
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", header)
    header.click()
    wait_for(browser, lab, lambda d: "jupyter-widget-Collapse-open" in section.get_attribute("class")
             and handle.is_displayed(), UPDATE_TIMEOUT, f"the accordion section {names[BASKET]!r} to open")
    wait_for(browser, lab, lambda d: panel_state(d)["idle"], UPDATE_TIMEOUT, "an idle kernel after the click")
    step = browser.execute_script(  # the browser slider's (noUiSlider's) step; one PageDown moves 5 steps
        "const target = arguments[0].closest('.noUi-target');"
        "return target && target.noUiSlider ? target.noUiSlider.options.step : null;", handle)
    assert step == 0.5
    assert handle.get_attribute("aria-valuenow") == f"{edition.weights[PARAMETER]:.1f}"
    browser.save_screenshot(str(SHOTS / "sliders-accordion.png"))
    press_on_handle(browser, handle, Keys.PAGE_DOWN, Keys.PAGE_DOWN)
    parameter_weights = edition.weights.astype(float).copy()
    parameter_weights[PARAMETER] = NEW_PARAMETER_WEIGHT
    expected = expected_table(edition, weights, parameter_weights)

    state = wait_for(browser, lab, followed(names, expected, chart_basket), UPDATE_TIMEOUT,
                     "the table and chart to follow the parameter")
    assert state["errors"] == [], state["errors"]
    readouts = dict(state["sliders"])
    assert readouts[parameter_name] == f"{NEW_PARAMETER_WEIGHT:.1f}" and readouts[names[BASKET]] == f"{NEW_WEIGHT:.1f}"
    after = table_by_basket(state, names)
    for basket in edition.basket_ids:
        assert after[basket][:3] == table_basket[basket][:3]  # baseline and basket shares stay
        assert after[basket][3] == pytest.approx(expected[basket][1], abs=0.0051)
    assert after[BASKET][3] < table_basket[BASKET][3] - 0.05  # less weight on BSP jobs: a visible change
    param_total = compute_index(edition, weights=parameter_weights, basket_weights=weights, warn=False).total
    assert sum(row[3] for row in after.values()) == pytest.approx(param_total[last] - param_total[previous], abs=0.026)
    browser.save_screenshot(str(SHOTS / "sliders-parameter.png"))

    # 5. name the scenario, click "Bewaar als scenario"
    state, saved = save_scenario(browser, SCENARIO_NAME, UPDATE_TIMEOUT, lab.log_text)
    assert saved == lab.save_dir / f"{SCENARIO_NAME}.yml"
    assert saved.is_file()
    browser.save_screenshot(str(SHOTS / "sliders-saved.png"))
    content = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert content["name"] == SCENARIO_NAME
    assert content["basket_weights"] == {BASKET: NEW_WEIGHT}
    assert content["parameter_weights"] == {PARAMETER: NEW_PARAMETER_WEIGHT}
    elapsed_ui = time.monotonic() - started

    # 6. the CLI accepts the file and gives the moved weighting
    exe = shutil.which("index071") or str(Path(sys.executable).with_name("index071"))
    proc = subprocess.run([exe, "whatif", "--edition", "2017", "--scenario", str(saved), "--format", "csv"],
                          capture_output=True, text=True, timeout=120, cwd=lab.home)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    model = WeightModel.from_edition(edition)
    basket_weights = model.basket_weights.copy()
    basket_weights[model.baskets.index(BASKET)] = NEW_WEIGHT
    model_weights = model.weights.copy()
    model_weights[model.parameters.index(PARAMETER)] = NEW_PARAMETER_WEIGHT
    fast = model.frame(model_weights, basket_weights)
    cli_total = [r for r in rows if r["scenario"] == SCENARIO_NAME and r["series"] == edition.total_id]
    assert [int(r["year"]) for r in cli_total] == list(edition.years)
    for r in cli_total:
        assert float(r["value"]) == pytest.approx(fast.loc[edition.total_id, int(r["year"])], abs=1e-9)
        assert float(r["value"]) == pytest.approx(param_total[int(r["year"])], abs=1e-9)
    assert float(cli_total[-1]["value"]) != pytest.approx(total[last], abs=1e-3)  # the parameter slider counts
    assert float(cli_total[-1]["diff"]) != 0
    print(f"[jupyterlab] open, run, move two sliders and save in the browser: {elapsed_ui:.1f} s; "
          f"screenshots in {SHOTS}")
