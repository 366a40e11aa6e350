#!/usr/bin/env python3
"""Build an edition N times in a row in parallel and count failures and kernel-start retries.

    python benchmarks/robustness.py [--repeat 10] [--jobs 2] [--edition 2017]

Parallel kernels can race for ports (papermill issues #511, #239); the build retries a kernel that fails
to start. This script shows that repeated parallel builds end without a spurious failure, and how often a
retry was needed (from each build's ``build.json``). Exit status 1 if any build failed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--edition", type=int, default=2017)
    args = parser.parse_args(argv)
    failures = retries = runs = 0
    with tempfile.TemporaryDirectory(prefix="index071-robust-") as tmp:
        for i in range(1, args.repeat + 1):
            start = time.perf_counter()
            proc = subprocess.run([str(BIN / "index071"), "build", "--edition", str(args.edition), "--jobs",
                                   str(args.jobs), "--quiet", "--force", "--output-dir", tmp],  # every build runs all
                                  capture_output=True, text=True)
            manifest = json.loads((Path(tmp) / str(args.edition) / "build.json").read_text())
            failed = [r["name"] for r in manifest["runs"] if not r["ok"]]
            retried = [(r["name"], m) for r in manifest["runs"] for m in r["retried"]]
            runs += sum(r["name"] != "excel" for r in manifest["runs"])
            failures += len(failed) + (proc.returncode != 0 and not failed)
            retries += len(retried)
            print(f"build {i:2d}: exit {proc.returncode}, {time.perf_counter() - start:5.1f} s, "
                  f"{sum(r['name'] != 'excel' for r in manifest['runs'])} notebooks + workbook, failed {failed or '-'}, kernel retries {retried or '-'}", flush=True)
    print(f"\n{args.repeat} builds, {runs} notebook runs: {failures} failures, {retries} kernel-start retries")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
