"""The edition build: every notebook × parameter set, executed in parallel, swapped in when done.

The batch plan is data-driven: :data:`JOBS` lists notebook jobs, each with a function returning its
parameter sets for an edition (one per basket, one per theme, ...). Adding a notebook is one line::

    NotebookJob("whatif.ipynb", "whatif", single, "Wat als: andere wegingen"),
    NotebookJob("editions.ipynb", "editions", lambda e: [{}] if has_previous(e) else [], "Vergelijking"),

Every notebook receives ``edition``, ``scenario`` (path or ``""``) and ``data_dir``, plus its own
parameters. Before anything runs, :func:`plan_build` validates the edition, the commentary, the scenario,
every notebook's ``parameters`` cell and every parameter value. The jobs then run in a process pool
(:mod:`index071lib.build.notebook`), into a staging folder next to the target; only what succeeded is moved
into ``outputs/<edition>/`` (a failed or interrupted build never destroys the previous good outputs).

Faults (:mod:`index071lib.build.guard`): a build holds a lock on its output folder (a second build of the same
folder stops, naming the first one's PID), checks that the folder is writable before anything runs, removes
staging folders that killed builds left behind, and its workers die with it. A full disk is reported once,
not retried, and never replaces a good report; a report's HTML and notebook are swapped in together or not at all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import active_children, get_context
from pathlib import Path

from index071lib.build.notebook import JobResult, run_job, warm_up
from index071lib.data.commentary import load_commentary
from index071lib.data.edition import Edition, default_data_dir, load_edition
from index071lib.build.guard import (
    NO_ROOM,
    OutputError,
    OutputLock,
    check_writable,
    describe_os_error,
    die_with_parent,
    remember_parent,
    remove_stale_staging,
    staging_prefix,
)
from index071lib.data.resources import NOTEBOOKS_PACKAGE, resource_path
from index071lib.data.scenarios import Scenario, load_scenario
from index071lib.errors import Index071Error
from index071lib.text import nl

#: Folder of the notebooks: package data (``notebooks/`` in the repository, see ``docs/packaging.md``).
NOTEBOOKS = resource_path(NOTEBOOKS_PACKAGE)
GENERIC = ("edition", "scenario", "data_dir")
#: Most worker processes a build starts (never more than it has notebooks to run).
MAX_JOBS = 32


class BuildError(Index071Error):
    """Invalid build request (unknown notebook, parameter or value); names the notebook and the parameter."""


def single(edition: Edition) -> list[dict]:
    """One run without own parameters."""
    return [{}]


def _has_previous(edition: Edition) -> bool:
    """Whether an older edition lies beside this one (then the comparison report is built)."""
    from index071lib.data.scaffold import previous_edition

    return previous_edition(edition.year, edition.path.parent.parent) is not None


@dataclass(frozen=True)
class NotebookJob:
    """A notebook of the batch and how to parameterise it.

    Attributes:
        notebook: File name in ``notebooks/``.
        prefix: Output name; runs with an own parameter are named ``<prefix>-<value>``.
        parameter_sets: Edition → list of parameter dicts (own parameters only).
        title: Dutch title for the index page.
        official_only: Skip in scenario builds (e.g. the audit of the publication).
        fixed: Parameters passed to every run of this job but not part of its name (e.g. ``sliders=False``).
    """

    notebook: str
    prefix: str
    parameter_sets: Callable[[Edition], list[dict]]
    title: str
    official_only: bool = False
    fixed: dict = field(default_factory=dict)


JOBS: list[NotebookJob] = [
    NotebookJob("overview.ipynb", "overview", single, nl.REPORT_TITLES["overview"]),
    NotebookJob("basket.ipynb", "basket", lambda e: [{"basket": b} for b in e.basket_ids], nl.REPORT_TITLES["basket"]),
    NotebookJob("theme.ipynb", "theme", lambda e: [{"theme": t} for t in e.theme_ids], nl.REPORT_TITLES["theme"]),
    NotebookJob("audit.ipynb", "audit", single, nl.REPORT_TITLES["audit"], official_only=True),
    NotebookJob("whatif.ipynb", "whatif", single, nl.REPORT_TITLES["whatif"], fixed={"sliders": False}),
    NotebookJob("sensitivity.ipynb", "sensitivity", single, nl.REPORT_TITLES["sensitivity"]),
    NotebookJob("editions.ipynb", "editions", lambda e: [{}] if _has_previous(e) else [],
                nl.REPORT_TITLES["editions"], official_only=True),
]

# Allowed values of the own parameters, checked before anything runs.
PARAMETER_CHOICES: dict[str, Callable[[Edition], list[str]]] = {
    "basket": lambda e: e.basket_ids,
    "theme": lambda e: e.theme_ids,
}


@dataclass
class PlannedRun:
    """One notebook execution of the plan (``title``: Dutch label, e.g. ``Mandje: Regiomarketing``)."""

    name: str
    notebook: Path
    parameters: dict
    title: str
    job: NotebookJob


@dataclass
class BuildPlan:
    """A validated build: what runs, with which data, and where it goes."""

    edition: Edition
    scenario: Scenario | None
    runs: list[PlannedRun]
    target: Path
    data_dir: Path
    results: list[JobResult] = field(default_factory=list)
    all_runs: list[PlannedRun] = field(default_factory=list)  # the full plan, also when ``only`` restricts ``runs``


_PARAM_LINE = re.compile(r"^(\w+)\s*:")


def notebook_parameters(path: Path) -> list[str]:
    """Names declared in a notebook's single ``parameters`` cell (``name: type = default  # help``).

    Raises:
        BuildError: If the notebook is missing, unreadable, or has not exactly one ``parameters`` cell.

    Example:
        >>> notebook_parameters(NOTEBOOKS / "theme.ipynb")
        ['edition', 'theme', 'scenario', 'data_dir']
    """
    if not path.is_file():
        raise BuildError(f"{path}: notebook not found")
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (ValueError, KeyError) as err:
        raise BuildError(f"{path}: not a readable notebook ({err})") from None
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise BuildError(f"{path}: needs exactly one cell tagged 'parameters' (found {len(tagged)})")
    source = "".join(tagged[0]["source"]) if isinstance(tagged[0]["source"], list) else tagged[0]["source"]
    return [m.group(1) for line in source.splitlines() if (m := _PARAM_LINE.match(line))]


def run_name(job: NotebookJob, parameters: dict) -> str:
    """Output name of a run: the prefix, plus the values of its own parameters.

    Example:
        >>> run_name(JOBS[1], {"basket": "regiomarketing"})
        'basket-regiomarketing'
    """
    return "-".join([job.prefix, *[str(v) for v in parameters.values()]])


def validate_parameters(job: NotebookJob, parameters: dict, declared: list[str], edition: Edition) -> None:
    """Check one parameter set against the notebook's declaration and the edition's ids.

    Raises:
        BuildError: Naming the notebook, the parameter and the allowed values.
    """
    for key, value in parameters.items():
        if key not in declared:
            raise BuildError(f"notebooks/{job.notebook}: parameter '{key}' is not declared in its parameters cell "
                             f"(declared: {declared})")
        allowed = PARAMETER_CHOICES.get(key)
        if allowed is not None and value not in allowed(edition):
            raise BuildError(f"notebooks/{job.notebook}: parameter '{key}': unknown value {value!r} for edition "
                             f"{edition.year}; expected one of {allowed(edition)}")
    missing = [g for g in GENERIC if g not in declared]
    if missing:
        raise BuildError(f"notebooks/{job.notebook}: parameters cell lacks the generic parameter(s) {missing}")


def plan_build(edition: int | None = None, *, scenario: str | None = None, data_dir: str | Path | None = None,
               output_dir: str | Path = "outputs", only: list[str] | None = None,
               jobs: list[NotebookJob] | None = None, notebooks_dir: Path = NOTEBOOKS) -> BuildPlan:
    """Validate everything and list the runs; nothing is executed or written.

    Args:
        edition: Edition year (default: the latest).
        scenario: Path or name of a scenario YAML (``None``/``""`` = official weights).
        data_dir: Folder holding ``editions/``.
        output_dir: Root of the outputs (``outputs/``).
        only: Restrict to these run names or notebook prefixes (e.g. ``overview``, ``basket-regiomarketing``).
        jobs: The job registry (default :data:`JOBS`).
        notebooks_dir: Folder of the notebooks.

    Returns:
        The :class:`BuildPlan`.

    Raises:
        DataError: Invalid edition data or commentary.
        ScenarioError: Invalid or missing scenario file.
        BuildError: Unknown notebook/parameter/value, or an ``only`` name that matches nothing.
    """
    data = Path(data_dir) if data_dir else default_data_dir()
    loaded = load_edition(edition, data)
    load_commentary(loaded)
    chosen = load_scenario(scenario, loaded, data) if scenario else None
    runs = []
    for job in jobs or JOBS:
        if chosen is not None and job.official_only:
            continue
        path = notebooks_dir / job.notebook
        declared = notebook_parameters(path)
        for own in job.parameter_sets(loaded):
            validate_parameters(job, {**own, **job.fixed}, declared, loaded)
            params = {"edition": loaded.year, **own, **job.fixed,
                      "scenario": str(chosen.path.resolve()) if chosen else "", "data_dir": str(data.resolve())}
            names = {**loaded.basket_names, **loaded.theme_names}
            label = job.title + "".join(f": {names.get(str(v), v)}" for v in own.values())
            runs.append(PlannedRun(run_name(job, own), path, params, label, job))
    all_runs = list(runs)
    if only:
        known = {r.name for r in runs} | {r.job.prefix for r in runs}
        unknown = [o for o in only if o not in known]
        if unknown:
            raise BuildError(f"--only: unknown notebook run(s) {unknown}; expected one of {sorted(known)}")
        runs = [r for r in runs if r.name in only or r.job.prefix in only]
    target = Path(output_dir) / str(loaded.year)
    if chosen is not None:
        target = target / "scenarios" / chosen.name
    return BuildPlan(edition=loaded, scenario=chosen, runs=runs, target=target, data_dir=data, all_runs=all_runs)


def execute(plan: BuildPlan, staging: Path, workers: int, on_done: Callable[[JobResult], None] | None = None,
            workbook: str | None = None) -> list[JobResult]:
    """Run every planned notebook in a pool of ``workers`` processes (one failure does not stop the others).

    Args:
        plan: A validated plan.
        staging: Folder the runs write into.
        workers: Number of worker processes.
        on_done: Called in the parent with each result as it finishes (progress bar).
        workbook: If given, also write the Excel workbook (file name in ``staging``) in the pool, while
            the first kernels start.

    Returns:
        The results, in plan order (plus a result named ``excel`` when a workbook was requested).
    """
    from index071lib.build.site import nav_html, page_footer_html
    from index071lib.report.excel import write_workbook

    results: dict[str, JobResult] = {}
    order = sorted(plan.runs, key=lambda r: -previous_seconds(plan.target).get(r.name, 0.0))
    workers = max(1, min(workers, MAX_JOBS, len(order) + bool(workbook)))
    remember_parent()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"),
                             initializer=_init_worker) as pool:
        futures = {}
        if workbook:
            futures[pool.submit(_timed, write_workbook, plan.edition, plan.scenario, staging / workbook)] = "excel"
        footer = page_footer_html(plan)
        for run in order:
            futures[pool.submit(run_job, run.name, str(run.notebook), run.parameters, str(staging),
                                          title=f"Index071 {plan.edition.year} — {run.title}",
                                          page={"nav": nav_html(plan, run.name), "footer": footer})] = run.name
        try:
            for future in as_completed(futures):
                name = futures[future]
                try:
                    result = future.result()
                except OSError as err:  # the workbook could not be written
                    result = JobResult(name=name, ok=False, seconds=0.0, error=describe_os_error(err),
                                       no_room=err.errno in NO_ROOM)
                except Exception as err:  # noqa: BLE001 - a crashed worker counts as that run's failure
                    result = JobResult(name=name, ok=False, seconds=0.0, error=f"{type(err).__name__}: {err}")
                results[name] = result
                if on_done and name != "excel":
                    on_done(result)
        except BaseException:  # interrupted: stop the workers (their kernels exit with them) before cleaning up
            stop_workers(pool)
            raise
    return [results[r.name] for r in plan.runs] + ([results["excel"]] if workbook else [])


def _init_worker() -> None:
    """Pool initializer: die with the build process, then import papermill and nbconvert once."""
    die_with_parent()
    warm_up()


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the running workers, waiting until they are gone.

    ``shutdown(wait=False)`` alone would leave the running notebooks writing into a staging folder that is
    about to be removed; terminated workers cannot. Their kernels (and anything else they started) are
    killed first: a kernel still starting up when its staging folder disappears would otherwise print a
    traceback into the user's terminal.
    """
    import psutil

    workers = active_children()
    descendants = []
    for process in workers:
        try:
            descendants += psutil.Process(process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for child in descendants:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(descendants, timeout=10)
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(timeout=10)


def _timed(function, *args) -> JobResult:
    """Run a non-notebook task of the build (the workbook) in a worker, as a :class:`JobResult`."""
    start, started = time.perf_counter(), time.time()
    function(*args)
    return JobResult(name="excel", ok=True, seconds=time.perf_counter() - start, started=started)


def previous_seconds(target: Path) -> dict[str, float]:
    """Seconds per run in the previous build of ``target`` (from its ``build.json``; empty if none).

    Used to start the longest notebooks first, so that the parallel batch does not end on a long tail.
    """
    try:
        runs = json.loads((target / "build.json").read_text(encoding="utf-8"))["runs"]
        return {r["name"]: float(r["seconds"]) for r in runs}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _swap_together(pairs: list[tuple[Path, Path]], backup: Path) -> None:
    """Move every ``(source, destination)`` into place, or none: on a failure the old files come back.

    Only renames within one file system, which need no free space.
    """
    done: list[tuple[Path, Path | None]] = []
    try:
        for i, (source, destination) in enumerate(pairs):
            old = None
            if destination.exists():
                backup.mkdir(exist_ok=True)
                old = backup / f"{i}-{destination.name}"
                os.replace(destination, old)
            done.append((destination, old))
            os.replace(source, destination)
    except OSError:
        for destination, old in reversed(done):
            try:
                if old is not None:
                    os.replace(old, destination)
                else:
                    destination.unlink(missing_ok=True)
            except OSError:
                pass
        raise


def _worth_keeping(notebook: Path) -> bool:
    """A failed run's notebook is kept for debugging only if it was written (not an empty file)."""
    try:
        return notebook.is_file() and notebook.stat().st_size > 0
    except OSError:
        return False


def swap_in(plan: BuildPlan, staging: Path, results: list[JobResult], extra: list[str]) -> None:
    """Move what succeeded from the staging folder into the target; keep failed notebooks for debugging.

    The previous report of a failed run stays in place. Failed executed notebooks go to ``failed/`` (not
    when the disk was full: such a file is empty or cut off). A report's HTML and notebook are moved
    together or not at all.

    Args:
        plan: The plan (its ``target``).
        staging: The staging folder.
        results: Results of the runs.
        extra: Further files in ``staging`` to move (index, workbook, manifest), if present.

    Raises:
        OutputError: If a file cannot be moved into the target (that report keeps its previous files).
    """
    target = plan.target
    backup = staging / ".replaced"
    try:
        (target / "notebooks").mkdir(parents=True, exist_ok=True)
        for result in results:
            stale = target / "failed" / f"{result.name}.ipynb"
            if result.ok:
                _swap_together([(staging / "notebooks" / f"{result.name}.ipynb",
                                 target / "notebooks" / f"{result.name}.ipynb"),
                                (staging / f"{result.name}.html", target / f"{result.name}.html")], backup)
                stale.unlink(missing_ok=True)
            elif result.notebook and not result.no_room and _worth_keeping(Path(result.notebook)):
                stale.parent.mkdir(exist_ok=True)
                os.replace(result.notebook, stale)
                result.notebook = str(stale)
            else:
                result.notebook = None
        for name in extra:
            if (staging / name).exists():
                os.replace(staging / name, target / name)
    except OSError as err:
        raise OutputError(f"{target}: could not move the new reports in: {describe_os_error(err)}; the reports "
                          f"not yet moved keep their previous version") from None


def _handout(plan: BuildPlan, staging: Path, runs: list[JobResult]) -> JobResult:
    """The PDF handout of the reports now in the target, or why it was not made (the earlier one is kept)."""
    from index071lib.build.pdf import write_handout

    failed = [r.name for r in runs if not r.ok]
    if failed:
        return JobResult(name="pdf", ok=False, seconds=0.0,
                         error=f"PDF not made: {len(failed)} report(s) failed in this build; the earlier PDF is kept")
    return write_handout(plan, staging)


def make_staging(plan: BuildPlan) -> Path:
    """A fresh staging folder on the same file system as the target (so the swap is a rename)."""
    parent = plan.target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=staging_prefix(plan.target), dir=parent))
    except OSError as err:
        raise OutputError(f"{parent}: cannot create the build's staging folder: {describe_os_error(err)}") from None


def run_build(plan: BuildPlan, workers: int, on_done: Callable[[JobResult], None] | None = None,
              pdf: bool = False) -> list[JobResult]:
    """Execute a plan, write the workbook, index page and manifest, and swap the outputs in.

    Holds the lock of the target folder for the whole build; checks that it can write there and removes
    staging folders of killed builds before anything runs.

    Args:
        plan: A validated plan.
        workers: Number of worker processes (at most :data:`MAX_JOBS` and the number of runs).
        on_done: Progress callback per finished run (and for the PDF handout).
        pdf: Also write the PDF handout of every report (:mod:`index071lib.build.pdf`), after the reports
            are in place; only if every notebook of this build succeeded. A failure keeps the earlier PDF.

    Returns:
        The results of the runs, then ``excel`` (and ``pdf``); also stored in ``plan.results`` and ``build.json``.

    Raises:
        OutputError: The target is taken by another build, not writable, or the disk is full.
    """
    from index071lib.build.site import write_index

    check_writable(plan.target)
    with OutputLock(plan.target):
        remove_stale_staging(plan.target)
        staging = make_staging(plan)
        try:
            start, wall_start = time.perf_counter(), time.time()
            workbook = f"index071-{plan.edition.year}.xlsx"
            results = execute(plan, staging, workers, on_done, workbook=workbook)
            plan.results = results
            runs = [r for r in results if r.name != "excel"]
            excel_ok = any(r.name == "excel" and r.ok for r in results)  # a failed write may leave a cut-off file
            swap_in(plan, staging, runs, [workbook] if excel_ok else [])
            _stop_if_full(plan, results)
            if pdf:
                results.append(_handout(plan, staging, runs))
                if on_done:
                    on_done(results[-1])
                _stop_if_full(plan, results)
            manifest = {"edition": plan.edition.year, "scenario": plan.scenario.name if plan.scenario else None,
                        "started": wall_start, "seconds": time.perf_counter() - start, "workers": workers,
                        "runs": [r.to_dict() for r in results]}
            try:
                (staging / "build.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False),
                                                    encoding="utf-8")
                os.replace(staging / "build.json", plan.target / "build.json")
                write_index(plan, results, staging)
            except OSError as err:
                raise OutputError(f"{plan.target}: could not write the index page and build record: "
                                  f"{describe_os_error(err)}; the reports themselves were replaced") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return results


def _stop_if_full(plan: BuildPlan, results: list[JobResult]) -> None:
    """One message when outputs could not be written for lack of room (disk full, read-only, no permission)."""
    full = [r for r in results if r.no_room]
    if full:
        raise OutputError(f"{plan.target}: the disk is full or not writable ({full[0].error}): "
                          f"{len(full)} of {len(results)} outputs could not be written, nothing was retried; "
                          f"the previous outputs of those reports are unchanged")
