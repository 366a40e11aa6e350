"""A real JupyterLab with the what-if notebook, driven by headless Chromium: shared by the browser test and
``benchmarks/jupyterlab_latency.py``.

:class:`Lab` starts ``jupyter lab`` on a free port with a token, in a temporary home that is a git
checkout like the repository (``.gitattributes``, the set-up's nbstripout filter, ``notebooks/whatif.ipynb``
committed), with a copy of ``data/`` (``$INDEX071_DATA``), so the save button's default folder
``outputs/scenarios/`` lies in that home and nothing is written into the repository. The functions below
read the what-if panel from the page and measure, inside the browser, the time from a key press on a
slider to the updated total on screen.
"""

from __future__ import annotations

import importlib.util
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

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
WINDOW = (1400, 1000)  # the researcher's screen of issue 15
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--window-size={WINDOW[0]},{WINDOW[1]}"]
START_TIMEOUT = 120  # server start, JupyterLab load, kernel start (seconds; a loaded 2-core CI machine)
SHOTS = Path(tempfile.gettempdir()) / "index071-lab-panel"  # screenshots for a human look (outside the repo)


class LabError(RuntimeError):
    """The server or the browser did not do what was expected (a test turns it into a failure)."""


def load_tasks():
    """The repository's ``tasks.py`` (set-up: the git filter and the Jupyter config)."""
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-c", "user.name=lab", "-c", "user.email=lab@example.org", *args], cwd=repo,
                          capture_output=True, text=True, check=True)
    return proc.stdout


class Lab:
    """A running ``jupyter lab`` server on a temporary git checkout (see the module docstring)."""

    def __init__(self, home: Path):
        self.home, self.token, self.url = home, os.urandom(16).hex(), None
        self.notebooks, self.data = home / "notebooks", home / "data"
        self.notebooks.mkdir(parents=True)
        shutil.copy2(ROOT / "notebooks" / "whatif.ipynb", self.notebooks / "whatif.ipynb")
        shutil.copy2(ROOT / ".gitattributes", home / ".gitattributes")
        home.joinpath(".gitignore").write_text((ROOT / ".gitignore").read_text()  # the repository's, and this home's
                                               + "/data/\n/jupyter/\n/ipython/\n/chromium/\n/jupyter.log\n")
        git(home, "init", "-q")
        load_tasks().configure_git(home, python=sys.executable)
        git(home, "add", ".")
        git(home, "commit", "-q", "-m", "the repository's notebook")
        shutil.copytree(ROOT / "data", self.data)
        self.save_dir = home / "outputs" / "scenarios"  # saved_scenarios_dir() for INDEX071_DATA=<home>/data
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
        self.env = env
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
                raise LabError(f"jupyter lab exited with {self.proc.returncode}:\n{self.log_text()}")
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
        raise LabError(f"jupyter lab did not answer within {START_TIMEOUT} s:\n{self.log_text()}")

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


def chromium(profile: Path, timeout: float = START_TIMEOUT):
    """A headless Chromium (selenium) at 1400×1000 with its own profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(timeout)
    driver.set_script_timeout(timeout)
    return driver


def wait_for(driver, lab: Lab, condition, timeout: float, what: str):
    """Wait until ``condition(driver)`` is truthy (polled); on time-out raise :class:`LabError` with a screenshot."""
    from selenium.common.exceptions import (
        StaleElementReferenceException,
        WebDriverException,
    )
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException,)).until(condition)
    except WebDriverException as err:
        SHOTS.mkdir(exist_ok=True)
        shot = SHOTS / f"failure-{int(time.time())}.png"
        driver.save_screenshot(str(shot))
        raise LabError(f"timed out after {timeout} s waiting for {what} ({type(err).__name__}); screenshot {shot}\n"
                       f"jupyter log:\n{lab.log_text()}") from None


# --- the notebook and the panel ------------------------------------------------------------------------------

JS_KERNEL_IDLE = """
const app = window.jupyterapp, w = app && app.shell.currentWidget;
const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
return !!(w && w.context && w.context.isReady && kernel && kernel.status === 'idle' && w.context.path === arguments[0]);
"""

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
const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
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


def open_and_run(driver, lab: Lab, notebook: str = "whatif.ipynb", timeout: float = 180) -> dict:
    """Open the notebook, run all cells (JupyterLab's command), wait for the panel; returns its state."""
    driver.get(f"{lab.url}/lab/tree/{notebook}?token={lab.token}")
    wait_for(driver, lab, lambda d: d.execute_script(JS_KERNEL_IDLE, notebook), START_TIMEOUT,
             "the notebook and an idle kernel")
    return run_all(driver, lab, timeout)


def run_all(driver, lab: Lab, timeout: float = 180) -> dict:
    """Run all cells of the open notebook and wait until the panel shows its status line and table."""
    driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
    time.sleep(0.5)  # the prompts turn to [*] first
    return wait_for(driver, lab, lambda d: (s := panel_state(d)) and (s["errors"] or (
        s["idle"] and not s["busy"] and s["table"] and s["status"] and s["chart"] and s["chart"]["complete"]))
        and s, timeout, "all cells to run and the panel to render")


def scroll_panel_into_view(driver) -> None:
    """Scroll the notebook so that the panel starts at the top of the window (what a researcher looks at)."""
    driver.execute_script("""
        const panel = document.querySelector('.index071-basket');
        const box = panel && panel.closest('.jp-OutputArea-output');
        if (box) box.scrollIntoView({block: 'start'});""")


def slider_handle(driver, ident: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f".index071-w-{ident} .noUi-handle")


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


def press_and_time(driver, lab: Lab, ident: str, key: str, expected_status: str, timeout: float = 60) -> dict:
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
    lat = wait_for(driver, lab, lambda d: (x := d.execute_script("return window.__index071Latency;"))
                   and x["total"] is not None and x["chart"] is not None and x, timeout,
                   f"the status line to read {expected_status!r} and the chart to follow")
    state = wait_for(driver, lab, lambda d: (s := panel_state(d)) and s["idle"] and s, timeout, "an idle kernel")
    return {"total_ms": lat["total"] - lat["key"], "chart_ms": lat["chart"] - lat["key"], "state": state}
