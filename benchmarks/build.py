#!/usr/bin/env python3
"""Time the edition build against a plain serial loop of papermill + nbconvert CLI calls (same notebooks).

    python benchmarks/build.py [--edition 2017] [--repeat 1]

Measured in one run, on the same notebooks (the build plan of the edition):

* ``index071 build --jobs 1`` and ``--jobs 2`` (each in a fresh output folder);
* a serial loop: for every run ``papermill NOTEBOOK OUT -k python3 -p ...`` and then
  ``jupyter nbconvert --to html --no-input OUT``.

Wall seconds and CPU seconds (user + system of all child processes, kernels included) are printed, with
the ratios the issue asks for: serial CLI loop / build --jobs 2 (goal ≥ 4) and build wall / (build CPU / 2
cores) (goal ≤ 1.3). Timings are never pass/fail: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all processes, from /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measure(commands: list[list[str]]) -> tuple[float, float, float]:
    """Run commands one after the other.

    Returns:
        Wall seconds, CPU seconds of all our child processes (kernels included), and CPU seconds used by
        other processes on the machine meanwhile (a shared machine makes wall times noisy).
    """
    before, busy = resource.getrusage(resource.RUSAGE_CHILDREN), busy_seconds()
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, max(0.0, busy_seconds() - busy - cpu)


def cli_loop(edition: int, work: Path) -> list[list[str]]:
    """The papermill CLI + nbconvert CLI commands for every run of the build plan."""
    sys.path.insert(0, str(ROOT))
    from index071lib.build.runner import plan_build

    commands = []
    for run in plan_build(edition, output_dir=work / "unused").runs:
        out = work / f"{run.name}.ipynb"
        params = [arg for key, value in run.parameters.items() for arg in ("-p", key, str(value))]
        commands.append([str(BIN / "papermill"), str(run.notebook), str(out), "-k", "python3", *params])
        commands.append([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)])
    return commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=1, help="repeat the three measurements (default 1)")
    args = parser.parse_args(argv)
    index071 = str(BIN / "index071")
    cores = len(os.sched_getaffinity(0))
    print(f"{cores} cores available; python {sys.version.split()[0]}; edition {args.edition}")
    for round_ in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="index071-bench-") as tmp:
            work = Path(tmp)
            loop = cli_loop(args.edition, work / "cli")
            (work / "cli").mkdir()
            rows = {}
            for jobs in (1, 2):
                rows[f"build --jobs {jobs}"] = measure([[index071, "build", "--edition", str(args.edition),
                                                         "--jobs", str(jobs), "--quiet",
                                                         "--output-dir", str(work / f"j{jobs}")]])
            rows["serial papermill CLI + nbconvert CLI"] = measure(loop)
            n = len(loop) // 2
            print(f"\nround {round_}: {n} notebooks")
            print(f"{'variant':40s} {'wall s':>8s} {'CPU s':>8s} {'wall/(CPU/2)':>13s} {'other procs CPU s':>18s}")
            for name, (wall, cpu, other) in rows.items():
                print(f"{name:40s} {wall:8.1f} {cpu:8.1f} {wall / (cpu / 2):13.2f} {other:18.1f}")
            w1 = rows["build --jobs 1"][0]
            w2, c2, _ = rows["build --jobs 2"]
            wl = rows["serial papermill CLI + nbconvert CLI"][0]
            print(f"serial CLI loop / build --jobs 2 : {wl / w2:5.2f}x   (goal >= 4)")
            print(f"build --jobs 1 / build --jobs 2  : {w1 / w2:5.2f}x")
            print(f"build --jobs 2 wall / (CPU / 2)  : {w2 / (c2 / 2):5.2f}    (goal <= 1.3)")
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
