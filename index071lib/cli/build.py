"""``index071 build``: run every notebook of an edition in parallel and write ``outputs/<edition>/``."""

from __future__ import annotations

import argparse
import os
import sys

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from index071lib.build.guard import MAX_JOBS
from index071lib.cli.common import add_edition_args, int_in


def default_jobs() -> int:
    """Default number of parallel notebooks: the number of cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _status(result) -> str:
    if not result.ok:
        return "[red]failed[/red]"
    return "reused" if result.reused else "ok"


def _summary(console: Console, results, target) -> None:
    table = Table(title=escape(f"Build {target}"))
    for column in ("run", "status", "seconds", "attempts", "inputs changed", "error"):
        table.add_column(column, overflow="fold")
    for r in results:  # an error quotes a notebook's exception, which may quote data: no rich markup in it
        table.add_row(escape(r.name), _status(r), f"{r.seconds:.1f}", str(r.attempts), escape(", ".join(r.changed)),
                      escape(r.error + (f" (kept: {r.notebook})" if not r.ok and r.notebook else "")))
    console.print(table)


def _nothing_to_do(args) -> dict | None:
    """The last build's record if building the official edition again would change nothing (no pandas)."""
    from pathlib import Path

    from index071lib.build.cache import up_to_date
    from index071lib.data.locations import default_data_dir, latest_edition

    if args.force or args.scenario:
        return None
    data = Path(args.data_dir) if args.data_dir else default_data_dir()
    year = args.edition if args.edition is not None else latest_edition(data)
    request = {"edition": year, "data_dir": str(data.resolve()), "only": sorted(args.only) if args.only else None,
               "scenario": None, "pdf": bool(args.pdf)}
    target = Path(args.output_dir) / str(year)
    manifest = up_to_date(request, target)
    if manifest is not None:
        manifest["target"] = target
    return manifest


def _made(results, handout) -> str:
    """``" and the Excel workbook"`` etc.: what besides the reports the build wrote."""
    return (f", the Excel workbook and the PDF handout ({handout.pages} pages)" if handout
            else " and the Excel workbook")


def cmd_build(args) -> int:
    unchanged = _nothing_to_do(args)
    if unchanged is not None:
        import datetime as _dt

        reports = sum(1 for r in unchanged["runs"] if r["name"] not in ("excel", "pdf"))
        when = _dt.datetime.fromtimestamp(unchanged["started"]).strftime("%Y-%m-%d %H:%M")
        extra = ", the Excel workbook and the PDF handout" if args.pdf else " and the Excel workbook"
        print(f"nothing changed since the build of {when}: the {reports} reports{extra} in {unchanged['target']} "
              f"are up to date (--force builds them again)")
        return 0
    from index071lib.build.runner import plan_build, run_build

    plan = plan_build(args.edition, scenario=args.scenario, data_dir=args.data_dir, output_dir=args.output_dir,
                      only=args.only)
    console = Console(stderr=True, width=150)
    workers = args.jobs or default_jobs()
    console.print(escape(f"index071 build: edition {plan.edition.year}, {len(plan.runs)} notebooks, {workers} parallel"
                         + (f", scenario {plan.scenario.name}" if plan.scenario else "") + f" → {plan.target}"))
    for note in plan.notes:
        console.print(escape(f"note: {note}"))
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    # auto_refresh=False: no refresh thread in this process while the worker processes are forked
    with Progress(*columns, console=console, transient=False, disable=args.quiet, auto_refresh=False) as progress:
        task = progress.add_task("notebooks", total=len(plan.runs) + (1 if args.pdf else 0))
        progress.refresh()

        def done(result):
            state = ("reused" if result.reused else "ok") if result.ok else "FAILED"
            progress.update(task, advance=1, description=f"{state} {result.name}")
            if args.pdf and result.name != "pdf" and progress.tasks[0].completed == len(plan.runs):
                progress.update(task, description=f"{progress.tasks[0].description}; writing the PDF handout")
            progress.refresh()

        try:
            results = run_build(plan, workers, done, pdf=args.pdf, force=args.force)
        except KeyboardInterrupt:
            progress.stop()
            print(f"error: build interrupted; the previous outputs in {plan.target} were kept", file=sys.stderr)
            return 130
    _summary(Console(width=150), results, plan.target)
    failed = [r for r in results if not r.ok]
    if failed:
        print(f"error: {len(failed)} of {len(results)} runs failed; previous good outputs were kept",
              file=sys.stderr)
        return 1
    handout = next((r for r in results if r.name == "pdf"), None)
    reused = sum(r.reused for r in results if r.name not in ("excel", "pdf"))
    again = f" ({len(plan.runs) - reused} made, {reused} unchanged and reused)" if reused else ""
    reports = f"{len(plan.runs)} report{'s' if len(plan.runs) != 1 else ''}"
    print(f"built {reports}{again}{_made(results, handout)} in {plan.target} "
          f"(open {plan.target / 'index.html'})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``build`` to the CLI."""
    p = sub.add_parser("build", help="execute every notebook of an edition and write the HTML reports, "
                                     "index page and Excel workbook",
                       description="Validate the edition, scenario and every notebook parameter set, then execute "
                                   "all notebooks with papermill in parallel and write outputs/<edition>/ (HTML "
                                   "without code, index.html, Excel annex tables). Failed notebooks do not stop the "
                                   "others and never replace earlier good outputs. With --pdf also the printable "
                                   "handout of every report (index071-<edition>.pdf). Reports whose inputs did not "
                                   "change since the last build are reused (recorded in build.json); --force builds "
                                   "everything again.")
    add_edition_args(p)
    p.add_argument("--jobs", "-j", type=int_in(1, MAX_JOBS), default=None,
                   help=f"notebooks run in parallel, 1 to {MAX_JOBS} (default: number of cores; never more than "
                        f"there are notebooks)")
    p.add_argument("--scenario", default=None,
                   help="scenario YAML file, or the name of a scenario (in <data-dir>/scenarios/, shipped, or saved "
                        "with the what-if sliders in outputs/scenarios/); output goes to outputs/<edition>/scenarios/<name>/")
    p.add_argument("--output-dir", default="outputs", help="root folder of the outputs (default: outputs)")
    p.add_argument("--only", nargs="+", default=None, metavar="NAME",
                   help="run only these notebooks, by run name (basket-regiomarketing) or notebook (basket)")
    p.add_argument("--pdf", action="store_true",
                   help="also write index071-<edition>.pdf: every report with a cover and contents, A4, for printing")
    p.add_argument("--force", action="store_true",
                   help="execute every notebook again; by default a report whose inputs (notebook, edition data, "
                        "its commentary, scenario, index071 itself) did not change since the last build is reused")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build)
