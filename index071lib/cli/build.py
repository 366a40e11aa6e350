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

from index071lib.build.runner import MAX_JOBS, plan_build, run_build
from index071lib.cli.common import add_edition_args, int_in


def default_jobs() -> int:
    """Default number of parallel notebooks: the number of cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _summary(console: Console, results, target) -> None:
    table = Table(title=escape(f"Build {target}"))
    for column in ("run", "status", "seconds", "attempts", "error"):
        table.add_column(column, overflow="fold")
    for r in results:  # an error quotes a notebook's exception, which may quote data: no rich markup in it
        table.add_row(escape(r.name), "ok" if r.ok else "[red]failed[/red]", f"{r.seconds:.1f}", str(r.attempts),
                      escape(r.error + (f" (kept: {r.notebook})" if not r.ok and r.notebook else "")))
    console.print(table)


def cmd_build(args) -> int:
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
            progress.update(task, advance=1, description=f"{'ok' if result.ok else 'FAILED'} {result.name}")
            if args.pdf and result.name != "pdf" and progress.tasks[0].completed == len(plan.runs):
                progress.update(task, description=f"{progress.tasks[0].description}; writing the PDF handout")
            progress.refresh()

        try:
            results = run_build(plan, workers, done, pdf=args.pdf)
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
    made = f", the Excel workbook and the PDF handout ({handout.pages} pages)" if handout else " and the Excel workbook"
    print(f"built {len(plan.runs)} reports{made} in {plan.target} (open {plan.target / 'index.html'})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``build`` to the CLI."""
    p = sub.add_parser("build", help="execute every notebook of an edition and write the HTML reports, "
                                     "index page and Excel workbook",
                       description="Validate the edition, scenario and every notebook parameter set, then execute "
                                   "all notebooks with papermill in parallel and write outputs/<edition>/ (HTML "
                                   "without code, index.html, Excel annex tables). Failed notebooks do not stop the "
                                   "others and never replace earlier good outputs. With --pdf also the printable "
                                   "handout of every report (index071-<edition>.pdf).")
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
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build)
