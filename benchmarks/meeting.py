#!/usr/bin/env python3
"""Time the two meeting tools: the PDF handout of a build and the start of ``index071 panel``.

    python benchmarks/meeting.py [--outputs outputs] [--edition 2017] [--repeat 1]

* Handout: on the reports already built in ``<outputs>/<edition>/`` (run ``index071 build`` first), the
  seconds to assemble the one HTML document, to lay it out (WeasyPrint) and to write the PDF; pages and
  file size. Written to a temporary file: the build's own PDF is not touched.
* Panel: ``index071 panel`` on a free port: seconds until the port accepts connections, then until the
  first page has arrived (Voilà starts a kernel and runs every cell before it answers), then until the
  command has exited after SIGINT (Ctrl-C) with its kernel.

Timings are a report, never pass/fail.
"""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

from index071lib.build import pdf
from index071lib.build.runner import plan_build


def time_handout(outputs: str, edition: int) -> None:
    import weasyprint

    plan = plan_build(edition, output_dir=outputs)
    if not pdf.chapters(plan):
        sys.exit(f"no reports in {plan.target}: run index071 build --edition {edition} --output-dir {outputs} first")
    start = time.perf_counter()
    document = pdf.handout_html(plan)
    assembled = time.perf_counter()
    rendered = weasyprint.HTML(string=document, url_fetcher=weasyprint.URLFetcher(allowed_protocols={"data"})).render()
    laid_out = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "handout.pdf"
        rendered.write_pdf(target)
        written = time.perf_counter()
        size = target.stat().st_size
    print(f"handout: {len(pdf.chapters(plan))} reports, {len(rendered.pages)} pages, {size / 1e6:.1f} MB; "
          f"HTML {assembled - start:.1f} s, layout {laid_out - assembled:.1f} s, PDF {written - laid_out:.1f} s, "
          f"total {written - start:.1f} s")


def time_panel(edition: int) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    exe = Path(sys.executable).with_name("index071")
    with tempfile.TemporaryDirectory() as home:
        start = time.perf_counter()
        proc = subprocess.Popen([str(exe), "panel", "--edition", str(edition), "--port", str(port), "--save-dir", home],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    sys.exit(f"index071 panel exited with {proc.returncode}")
                time.sleep(0.1)
        listening = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=600) as response:
            response.read()
        served = time.perf_counter()
        children = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)
        psutil.wait_procs(children, timeout=30)
        stopped = time.perf_counter()
    print(f"panel: listening after {listening - start:.1f} s, first page after {served - listening:.1f} s more, "
          f"stopped {stopped - served:.1f} s after Ctrl-C (exit {proc.returncode})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outputs", default="outputs")
    parser.add_argument("--edition", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"{psutil.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in psutil.getloadavg())}")
    for _ in range(args.repeat):
        time_handout(args.outputs, args.edition)
        time_panel(args.edition)


if __name__ == "__main__":
    main()
