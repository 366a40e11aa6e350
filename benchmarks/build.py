#!/usr/bin/env python3
"""Time the edition build: against a serial loop of papermill + nbconvert CLI calls, and its rebuilds.

    python benchmarks/build.py [--edition 2017] [--repeat 1] [--part all|batch|rebuild] [--jobs 2]

``--part batch`` measures in one run, on the same notebooks (the build plan of the edition):

* ``index071 build --jobs 1`` and ``--jobs 2`` (each in a fresh output folder);
* a serial loop: for every run ``papermill NOTEBOOK OUT -k python3 -p ...`` and then
  ``jupyter nbconvert --to html --no-input OUT``.

with the ratios: serial CLI loop / build --jobs 2 (goal ≥ 4) and build wall / (build CPU / 2 cores)
(goal ≤ 1.3).

``--part rebuild`` measures, in one run on a temporary copy of the data: a full build (``--jobs``), the
same build again with nothing changed (goal ≤ 2 s), and a build after editing one basket's note in
``commentary.yml`` (goal ≤ ¼ of the full build), the way the panel rebuilds during the week of the meeting.

Wall seconds and CPU seconds (user + system of all child processes, kernels included) are printed, and
the CPU seconds other processes used meanwhile (the machine is shared). Timings are never pass/fail: this
is a report, not a test.
"""

from __future__ import annotations

import argparse
import json
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


ONE_NOTE = "rebuild, one basket's commentary edited"


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def rebuilds(edition: int, jobs: int, round_: int) -> None:
    """Full build, rebuild with nothing changed, rebuild after one basket's commentary edit (one run)."""
    index071 = str(BIN / "index071")
    with tempfile.TemporaryDirectory(prefix="index071-bench-") as tmp:
        data, out = Path(tmp) / "data", Path(tmp) / "outputs"
        shutil.copytree(ROOT / "data" / "editions", data / "editions")
        build = [index071, "build", "--edition", str(edition), "--jobs", str(jobs), "--quiet", "--data-dir",
                 str(data), "--output-dir", str(out)]
        rows = {}
        print(f"\nround {round_}: rebuilds (load {load()})")
        rows["full build"] = measure([build])
        rows["rebuild, nothing changed"] = measure([build])
        notes = data / "editions" / str(edition) / "commentary.yml"
        text = notes.read_text(encoding="utf-8")
        edited = text.replace("regiomarketing: >-\n    ", "regiomarketing: >-\n    (bijgewerkt) ", 1)
        if edited == text:
            sys.exit(f"{notes}: no note on the basket regiomarketing to edit")
        notes.write_text(edited, encoding="utf-8")
        rows[ONE_NOTE] = measure([build])
        manifest = json.loads((out / str(edition) / "build.json").read_text(encoding="utf-8"))
        made = [r["name"] for r in manifest["runs"] if r["ok"] and not r.get("reused")]
        print(f"{'variant':42s} {'wall s':>8s} {'CPU s':>8s} {'other procs CPU s':>18s}")
        for name, (wall, cpu, other) in rows.items():
            print(f"{name:42s} {wall:8.2f} {cpu:8.2f} {other:18.1f}")
        full = rows["full build"][0]
        print(f"nothing changed               : {rows['rebuild, nothing changed'][0]:6.2f} s   (goal <= 2 s)")
        print(f"one commentary / full build   : {rows[ONE_NOTE][0] / full:6.3f}"
              f"    (goal <= 0.25); made again: {', '.join(made)}")
        print(f"load after: {load()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", type=int, default=2017)
    parser.add_argument("--repeat", type=int, default=1, help="repeat the measurements (default 1)")
    parser.add_argument("--part", choices=("all", "batch", "rebuild"), default="all",
                        help="batch: build vs CLI loop; rebuild: full build vs rebuilds (default: both)")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of the builds of the rebuild part (default 2)")
    args = parser.parse_args(argv)
    cores = len(os.sched_getaffinity(0))
    print(f"{cores} cores available; python {sys.version.split()[0]}; edition {args.edition}; load {load()}")
    for round_ in range(1, args.repeat + 1):
        if args.part in ("all", "rebuild"):
            rebuilds(args.edition, args.jobs, round_)
        if args.part in ("all", "batch"):
            batch(args.edition, round_)
    return 0


def batch(edition: int, round_: int) -> None:
    """The build with 1 and 2 workers against the serial CLI loop (one run)."""
    index071 = str(BIN / "index071")
    with tempfile.TemporaryDirectory(prefix="index071-bench-") as tmp:
        work = Path(tmp)
        loop = cli_loop(edition, work / "cli")
        (work / "cli").mkdir()
        rows = {}
        for jobs in (1, 2):  # --force: a build is a full build, whatever the folder holds
            rows[f"build --jobs {jobs}"] = measure([[index071, "build", "--edition", str(edition), "--jobs",
                                                     str(jobs), "--quiet", "--force", "--output-dir",
                                                     str(work / f"j{jobs}")]])
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


if __name__ == "__main__":
    sys.exit(main())
