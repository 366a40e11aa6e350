"""``index071 panel``: the what-if sliders in Voilà, driven by headless Chromium as in the meeting.

The real command is started on a free port (edition 2017, saved scenarios into a temporary folder). Chromium
opens the page; no code is visible; the Life Sciences & Health basket slider is moved by keyboard and the
contribution table is checked against :func:`~index071lib.core.pipeline.compute_index`; the sliders are saved
as a scenario. Then the command gets SIGINT (what Ctrl-C sends) and must exit cleanly, its kernel gone,
its temporary notebook folder removed and nothing written into the repository.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (installed by ``.ci/run``); skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from index071lib.build.panel import panel_title
from index071lib.core.pipeline import compute_index, compute_scenario
from index071lib.data.edition import load_edition
from index071lib.data.scenarios import load_scenario

from .browser_helpers import (
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
from .conftest import index071_exe

pytestmark = [pytest.mark.integration, pytest.mark.browser]

START_TIMEOUT = 120  # command start (imports, Voilà) on a loaded 2-core machine (seconds)
RUN_TIMEOUT = 180  # the page: kernel start and every cell of the notebook
UPDATE_TIMEOUT = 60  # one slider move → new table and chart
STOP_TIMEOUT = 60  # SIGINT → server, kernel and command gone
BASKET = "life_sciences_health"
NEW_WEIGHT = 20.0  # 30 (annex) minus PageDown twice (2 × 5 steps of 0.5) and ArrowLeft ten times (10 × 0.5)
SCENARIO_NAME = "panel_minder_life_sciences"
# Where a code cell's source would be; a Voilà page may keep empty input containers of code cells, but none may
# show text (a markdown cell's rendered text also sits in a .jp-InputArea, so those are not asked for).
CODE_SELECTORS = (".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-CodeMirrorEditor, .cm-editor, .CodeMirror, "
                  ".highlight, pre code")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Panel:
    """A running ``index071 panel`` command (its own session: SIGINT reaches only what this test sends it)."""

    def __init__(self, home: Path):
        self.home, self.port = home, free_port()
        self.save_dir, self.log_path = home / "saved", home / "panel.log"
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON", "MPLBACKEND"))}
        env.update(IPYTHONDIR=str(home / "ipython"), JUPYTER_CONFIG_DIR=str(home / "jupyter" / "config"),
                   JUPYTER_DATA_DIR=str(home / "jupyter" / "data"), JUPYTER_RUNTIME_DIR=str(home / "jupyter" / "rt"),
                   JUPYTER_PLATFORM_DIRS="1", TMPDIR=str(home))  # the panel's temporary folder lands in home
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([index071_exe(), "panel", "--edition", "2017", "--port", str(self.port),
                                      "--save-dir", str(self.save_dir)], cwd=home, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)

    def log_text(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")[-5000:]

    def wait_until_up(self) -> None:
        """Wait until the port accepts connections (a GET would already run the notebook in a kernel)."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"index071 panel exited with {self.proc.returncode}:\n{self.log_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.25)
        pytest.fail(f"index071 panel did not listen within {START_TIMEOUT} s:\n{self.log_text()}")

    def descendants(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def interrupt(self) -> tuple[int | None, list[psutil.Process]]:
        """Send SIGINT (Ctrl-C) and wait.

        Returns:
            The exit code (``None`` if it did not exit in time) and the processes it had started that are still
            alive afterwards.
        """
        children = self.descendants()
        self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            code = None
        _gone, alive = psutil.wait_procs(children, timeout=15)
        return code, alive

    def kill(self) -> None:
        """Fallback after a failed test: the command's whole session, then whatever it started."""
        children = self.descendants()
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)
        for child in children:
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(children, timeout=15)


@pytest.fixture(scope="module")
def panel():
    skip_without_chromium()
    home = Path(tempfile.mkdtemp(prefix="index071-panel-test-"))
    before = repo_files()
    server = Panel(home)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.kill()  # only does something if the test stopped before its own Ctrl-C
        server.log.close()
        shutil.rmtree(home, ignore_errors=True)
    assert repo_files() == before, "the panel wrote into the repository"


@pytest.fixture(scope="module")
def browser(panel):
    driver = chromium(panel.home / "chromium", START_TIMEOUT)
    try:
        yield driver
    finally:
        driver.quit()


def visible_code(driver) -> list[str]:
    """Code-cell input shown on the page (class and text), and Python source anywhere in the page's text."""
    shown = driver.execute_script(f"""
        return Array.from(document.querySelectorAll('{CODE_SELECTORS}'))
            .filter(e => e.offsetParent !== null && e.innerText.trim() !== '')
            .map(e => e.className + ': ' + e.innerText.trim().slice(0, 80));""")
    text = driver.execute_script("return document.body.innerText;")
    return shown + [f"source text: {s!r}" for s in ("import ", "WhatIfPanel(", "load_edition(", "sliders = True")
                    if s in text]


def test_panel_in_voila(panel, browser):
    from selenium.webdriver.common.keys import Keys

    def wait_for(condition, timeout, what):
        return _wait_for(browser, condition, timeout, what, panel.log_text)

    edition = load_edition(2017)
    names = edition.basket_names
    SHOTS.mkdir(exist_ok=True)

    # 1. the page: every cell run, sliders, chart, table and status shown, no code
    browser.set_window_size(1280, 1600)
    browser.get(panel.url)
    state = wait_for(lambda d: (s := panel_state(d)) and (s["errors"] or (
        s["idle"] and s["table"] and s["chart"] and s["chart"]["complete"] and s["status"]
        and len(s["sliders"]) == 5 + len(edition.parameters)) and s), RUN_TIMEOUT,
        "Voilà to run the notebook and render sliders, chart and table")
    assert state["errors"] == [], state["errors"]
    assert browser.title == panel_title(2017)
    assert visible_code(browser) == []
    assert "Wat als de wegingen anders waren?" in browser.execute_script("return document.body.innerText;")
    labels = [label for label, _ in state["sliders"]]
    assert labels[:5] == [names[b] for b in edition.basket_ids]
    assert state["status"].startswith("Herberekend in ")
    before = table_by_basket(state, names)
    for basket, (share, contribution) in expected_table(edition, edition.basket_weights.astype(float)).items():
        assert before[basket][0] == before[basket][2] == pytest.approx(share, abs=0.051), basket
        assert before[basket][1] == before[basket][3] == pytest.approx(contribution, abs=0.0051), basket
    _slider, handle = slider_handle(browser, names[BASKET])
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'});", handle)
    browser.save_screenshot(str(SHOTS / "panel-before.png"))

    # 2. move the Life Sciences & Health slider by keyboard: PageDown twice (2 × 5 × 0.5), ArrowLeft ten times
    press_on_handle(browser, handle, Keys.PAGE_DOWN, Keys.PAGE_DOWN, *[Keys.ARROW_LEFT] * 10)
    weights = edition.basket_weights.astype(float).copy()
    weights[BASKET] = NEW_WEIGHT
    expected = expected_table(edition, weights)
    state = wait_for(followed(names, expected, state["chart"]["src"]), UPDATE_TIMEOUT,
                     "the table and chart to follow the slider")
    assert state["errors"] == [], state["errors"]
    assert dict(state["sliders"])[names[BASKET]] == f"{NEW_WEIGHT:.1f}"
    after = table_by_basket(state, names)
    for basket in edition.basket_ids:
        assert after[basket][:2] == before[basket][:2]  # the baseline columns stay
        assert after[basket][2] == pytest.approx(expected[basket][0], abs=0.051), basket
        assert after[basket][3] == pytest.approx(expected[basket][1], abs=0.0051), basket
    assert after[BASKET][2] < before[BASKET][2]
    total = compute_index(edition, basket_weights=weights, warn=False).total
    last, previous = edition.years[-1], edition.years[-2]
    assert sum(row[3] for row in after.values()) == pytest.approx(total[last] - total[previous], abs=0.026)
    assert visible_code(browser) == []
    browser.save_screenshot(str(SHOTS / "panel-after.png"))

    # 3. save the sliders as a scenario: the file is a valid scenario with the moved weight
    _state, saved = save_scenario(browser, SCENARIO_NAME, UPDATE_TIMEOUT, panel.log_text)
    assert saved == panel.save_dir / f"{SCENARIO_NAME}.yml" and saved.is_file()
    scenario = load_scenario(saved, edition)
    assert scenario.name == SCENARIO_NAME and scenario.basket_weights == {BASKET: NEW_WEIGHT}
    assert not scenario.parameter_weights and not scenario.drop
    assert compute_scenario(edition, scenario, warn=False).total.tolist() == pytest.approx(total.tolist(), abs=1e-9)
    browser.save_screenshot(str(SHOTS / "panel-saved.png"))
    browser.set_window_size(390, 1600)
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'});", handle)
    browser.save_screenshot(str(SHOTS / "panel-390.png"))

    # 4. Ctrl-C while the page is open: the command exits 0, its kernel goes with it, the notebook copy is removed
    kernels = [p for p in panel.descendants() if "ipykernel" in " ".join(p.cmdline())]
    assert len(kernels) == 1, [p.cmdline() for p in panel.descendants()]
    folders = list(panel.home.glob("index071-panel-*"))
    assert len(folders) == 1 and (folders[0] / f"{panel_title(2017)}.ipynb").is_file()
    code, alive = panel.interrupt()
    assert code == 0, panel.log_text()
    assert alive == [], f"left running after Ctrl-C: {[p.cmdline() for p in alive]}"
    assert not any(p.is_running() for p in kernels)
    assert not folders[0].exists()
    assert "index071 panel: stopped" in panel.log_text()
