"""``index071 panel``: the what-if sliders as a web page without code, for the panel meeting (Voilà).

Everything is validated first (edition, scenario, port). Voilà then runs in this process on a
parameterised copy of the what-if notebook in a temporary folder; Ctrl-C (or SIGTERM) stops the server,
which shuts its kernels down, and the temporary folder is removed.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import sys
import tempfile
from pathlib import Path

from index071lib.build.panel import DEFAULT_PORT, HOST, panel_notebook, panel_url, voila_argv
from index071lib.cli.common import add_edition_args
from index071lib.data.edition import default_data_dir, load_edition
from index071lib.data.scenarios import load_scenario, resolve_scenario_path
from index071lib.errors import Index071Error


class PanelError(Index071Error):
    """The panel cannot start (e.g. its port is taken)."""


def check_port(port: int) -> None:
    """Fail early, with the way out, if ``port`` cannot be listened on at ``127.0.0.1``.

    Raises:
        PanelError: Port out of range or in use.
    """
    if not 1 <= port <= 65535:
        raise PanelError(f"--port {port}: expected a port number between 1 and 65535")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError as err:
            raise PanelError(f"--port {port}: cannot listen on {HOST}:{port} ({err.strerror}); "
                             f"is a panel already running? Choose another port with --port") from None


def cmd_panel(args) -> int:
    from voila.app import Voila

    from index071lib.report.widgets import default_save_dir  # ipywidgets: not for every index071 command

    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    edition = load_edition(args.edition, data_dir)
    scenario = resolve_scenario_path(args.scenario, data_dir) if args.scenario else None
    if scenario is not None:
        load_scenario(scenario, edition)  # a clear message now rather than a traceback in the page
    save_dir = Path(args.save_dir) if args.save_dir else default_save_dir(edition)
    check_port(args.port)
    folder = Path(tempfile.mkdtemp(prefix="index071-panel-"))
    try:
        notebook = panel_notebook(folder, edition=edition.year, data_dir=data_dir, save_dir=save_dir,
                                  scenario=str(scenario or ""))
        print(f"index071 panel: edition {edition.year} at {panel_url(args.port)} (open it in a browser; "
              f"saved scenarios go to {save_dir.resolve()}); Ctrl-C stops the panel and its kernel",
              file=sys.stderr, flush=True)
        # Ctrl-C must reach Voilà (which then shuts its kernels down) even when this process was started
        # with SIGINT ignored, as a shell does for a command started in the background.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            Voila.launch_instance(argv=voila_argv(notebook, args.port))  # returns after Ctrl-C / SIGTERM
        except SystemExit as stop:  # Voilà exits for a port it could not get
            if stop.code:
                raise PanelError(f"Voilà could not start on {HOST}:{args.port} (exit {stop.code})") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("index071 panel: stopped", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``panel`` to the CLI."""
    p = sub.add_parser("panel", help="serve the what-if sliders as a web page without code for the panel meeting "
                                     "(Voilà, localhost only; Ctrl-C stops it)",
                       description="Run the what-if notebook in Voilà: the sliders, chart and tables without code "
                                   "cells, at http://127.0.0.1:<port>/ (localhost only, no token). Move the "
                                   "sliders while everyone watches; 'Bewaar als scenario' writes a scenario file "
                                   "for index071 whatif --scenario. Ctrl-C stops the server and its kernel.")
    add_edition_args(p)
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default: {DEFAULT_PORT})")
    p.add_argument("--scenario", default=None, help="scenario the sliders start from: a YAML file or a shipped name "
                                                    "(default: the official weights)")
    p.add_argument("--save-dir", default=None,
                   help="folder for scenarios saved from the page (default: outputs/scenarios/ beside the data)")
    p.set_defaults(func=cmd_panel)
