#!/usr/bin/env python3
"""Timings of the yearly edition workflow (not a test; numbers go to the README).

    .venv/bin/python benchmarks/editions.py [--repeat 5]

Measures, on a temporary copy of data/: scaffolding 2018 from 2017 (library call), the fill-in status,
the revision diff 2018 vs 2017, and one papermill run of notebooks/editions.ipynb (kernel start included).
Prints medians in seconds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from conftest import make_2018

    from index071lib.analysis.revisions import revisions, structure_changes
    from index071lib.analysis.status import edition_status
    from index071lib.data.changelog import load_changelog
    from index071lib.data.edition import load_edition
    from index071lib.data.scaffold import new_edition

    tmp = Path(tempfile.mkdtemp())
    try:
        def scaffold():
            target = tmp / f"s{time.perf_counter_ns()}"
            shutil.copytree(ROOT / "data" / "editions", target / "editions")
            t0 = time.perf_counter()
            new_edition(2018, 2017, target)
            scaffold.times.append(time.perf_counter() - t0)
        scaffold.times = []
        for _ in range(args.repeat):
            scaffold()
        data = tmp / "work" / "data"
        shutil.copytree(ROOT / "data" / "editions", data / "editions")
        make_2018(data)

        def status():
            edition_status(load_edition(2018, data))

        def diff():
            cur, prev = load_edition(2018, data), load_edition(2017, data)
            log = load_changelog(cur, prev)
            structure_changes(cur, prev, log)
            revisions(cur, prev, log)

        import papermill as pm

        def notebook():
            pm.execute_notebook(str(ROOT / "notebooks" / "editions.ipynb"), str(tmp / "out.ipynb"),
                                parameters={"edition": 2018, "data_dir": str(data)}, kernel_name="python3",
                                progress_bar=False, cwd=str(tmp))

        print(f"new_edition 2018 from 2017 (library):   {statistics.median(scaffold.times):.3f} s")
        print(f"status 2018 (load + status):            {timed(status, args.repeat):.3f} s")
        print(f"diff 2018 vs 2017 (2 loads + compare):  {timed(diff, args.repeat):.3f} s")
        print(f"editions.ipynb via papermill:           {timed(notebook, max(1, args.repeat // 2)):.3f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
