"""A real JupyterLab with the what-if notebook, for headless Chromium (:mod:`browser_helpers`): shared by the
JupyterLab test and ``benchmarks/jupyterlab_latency.py``.

:class:`Lab` starts ``jupyter lab`` on a free port with a token, in a temporary home that is a git
checkout like the repository (``.gitattributes``, the set-up's nbstripout filter, ``notebooks/whatif.ipynb``
committed), with a copy of ``data/`` (``$INDEX071_DATA``), so the save button's default folder
``outputs/scenarios/`` lies in that home and nothing is written into the repository. The functions below
open the notebook and run it as JupyterLab's menu does.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

from .browser_helpers import ROOT, panel_state, wait_for

START_TIMEOUT = 120  # server start, JupyterLab load, kernel start (seconds; a loaded 2-core CI machine)


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


# --- the notebook and the panel ------------------------------------------------------------------------------

JS_KERNEL_IDLE = """
const app = window.jupyterapp, w = app && app.shell.currentWidget;
const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
return !!(w && w.context && w.context.isReady && kernel && kernel.status === 'idle' && w.context.path === arguments[0]);
"""

def open_and_run(driver, lab: Lab, notebook: str = "whatif.ipynb", timeout: float = 180) -> dict:
    """Open the notebook, run all cells (JupyterLab's command), wait for the panel; returns its state."""
    driver.get(f"{lab.url}/lab/tree/{notebook}?token={lab.token}")
    wait_for(driver, lambda d: d.execute_script(JS_KERNEL_IDLE, notebook), START_TIMEOUT,
             "the notebook and an idle kernel", lab.log_text)
    return run_all(driver, lab, timeout)


def run_all(driver, lab: Lab, timeout: float = 180) -> dict:
    """Run all cells of the open notebook and wait until the panel shows its status line and table."""
    driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
    time.sleep(0.5)  # the prompts turn to [*] first
    return wait_for(driver, lambda d: (s := panel_state(d)) and (s["errors"] or (
        s["idle"] and not s["busy"] and s["table"] and s["status"] and s["chart"] and s["chart"]["complete"]))
        and s, timeout, "all cells to run and the panel to render", lab.log_text)


def scroll_panel_into_view(driver) -> None:
    """Scroll the notebook so that the panel starts at the top of the window (what a researcher looks at)."""
    driver.execute_script("""
        const panel = document.querySelector('.index071-basket');
        const box = panel && panel.closest('.jp-OutputArea-output');
        if (box) box.scrollIntoView({block: 'start'});""")
