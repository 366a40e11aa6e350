"""The edition build: every notebook × parameter set, executed in parallel, swapped in when done.

The batch plan is data-driven: :data:`JOBS` lists notebook jobs, each with a function returning its
parameter sets for an edition (one per basket, one per theme, ...). Adding a notebook is one line::

    NotebookJob("whatif.ipynb", "whatif", single, "Wat als: andere wegingen"),
    NotebookJob("editions.ipynb", "editions", lambda e: [{}] if has_previous(e) else [], "Vergelijking"),

Every notebook receives ``edition``, ``scenario`` (path or ``""``) and ``data_dir``, plus its own
parameters. Before anything runs, :func:`plan_build` validates the edition, the commentary, the scenario,
every notebook's ``parameters`` cell and every parameter value, and the scenarios the what-if report
compares (one that does not fit the edition is a note in ``BuildPlan.notes``: the report lists it as not
applicable). The jobs then run in a process pool
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
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import active_children, get_context
from pathlib import Path

from index071lib.build import cache
from index071lib.build.notebook import JobResult, run_job, warm_up
from index071lib.data.commentary import Commentary, load_commentary
from index071lib.data.edition import Edition, default_data_dir, load_edition
from index071lib.build.guard import (  # noqa: F401 (MAX_JOBS: re-exported)
    MAX_JOBS,
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
from index071lib.errors import CommentaryNote, DataError, Index071Error, ScenarioNotApplicable
from index071lib.text import nl

#: Folder of the notebooks: package data (``notebooks/`` in the repository, see ``docs/packaging.md``).
NOTEBOOKS = resource_path(NOTEBOOKS_PACKAGE)
GENERIC = ("edition", "scenario", "data_dir")


class BuildError(Index071Error):
    """Invalid build request (unknown notebook, parameter or value); names the notebook and the parameter."""


def single(edition: Edition) -> list[dict]:
    """One run without own parameters."""
    return [{}]


def no_notes(edition: Edition, own: dict) -> list[tuple[str, str | None]]:
    """A report that shows no panel notes."""
    return []


def total_note(edition: Edition, own: dict) -> list[tuple[str, str | None]]:
    """The overview shows the panel's note on the total."""
    return [("total", None)]


def basket_notes(edition: Edition, own: dict) -> list[tuple[str, str | None]]:
    """A basket report shows the note on its basket and those on the basket's parameters."""
    basket = own["basket"]
    members = edition.basket_of.index[edition.basket_of == basket]
    return [("baskets", basket)] + [("parameters", str(p)) for p in members]


def theme_note(edition: Edition, own: dict) -> list[tuple[str, str | None]]:
    """A theme report shows the note on its theme."""
    return [("themes", own["theme"])]


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
        notes: (Edition, own parameters) → the panel notes a run shows, as ``(section, id)`` of
            ``commentary.yml`` (``("total", None)`` for the total). A run is made again when one of these
            notes changes, and only then (:mod:`index071lib.build.cache`); a report that shows a note
            must declare it.
        reads: Inputs besides the edition, the chosen scenario and the factor files that the job reads:
            ``"scenarios"`` (every scenario a name can refer to, e.g. the what-if comparison).
    """

    notebook: str
    prefix: str
    parameter_sets: Callable[[Edition], list[dict]]
    title: str
    official_only: bool = False
    fixed: dict = field(default_factory=dict)
    notes: Callable[[Edition, dict], list[tuple[str, str | None]]] = no_notes
    reads: tuple[str, ...] = ()


JOBS: list[NotebookJob] = [
    NotebookJob("overview.ipynb", "overview", single, nl.REPORT_TITLES["overview"], notes=total_note),
    NotebookJob("basket.ipynb", "basket", lambda e: [{"basket": b} for b in e.basket_ids], nl.REPORT_TITLES["basket"],
                notes=basket_notes),
    NotebookJob("theme.ipynb", "theme", lambda e: [{"theme": t} for t in e.theme_ids], nl.REPORT_TITLES["theme"],
                notes=theme_note),
    NotebookJob("audit.ipynb", "audit", single, nl.REPORT_TITLES["audit"], official_only=True),
    NotebookJob("whatif.ipynb", "whatif", single, nl.REPORT_TITLES["whatif"], fixed={"sliders": False},
                reads=("scenarios",)),
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
    own: dict = field(default_factory=dict)  # the run's own parameters (e.g. ``{"basket": "regiomarketing"}``)


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
    commentary: Commentary = field(default_factory=Commentary)
    request: dict = field(default_factory=dict)  # what was asked (resolved): edition, data folder, only, scenario
    notes: list[str] = field(default_factory=list)  # found while planning, shown before the build runs (English)


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


def notebook_defaults(path: Path) -> dict:
    """The literal defaults of a notebook's ``parameters`` cell (``name: type = default``).

    Example:
        >>> notebook_defaults(NOTEBOOKS / "whatif.ipynb")["alignment"]
        'lag'
    """
    import ast

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    cell = next(c for c in cells if "parameters" in c.get("metadata", {}).get("tags", []))
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    return {node.target.id: ast.literal_eval(node.value) for node in ast.parse(source).body
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None}


def scenario_list_notes(run: "PlannedRun", edition: Edition, data: Path) -> list[str]:
    """Check the scenarios a run compares (its ``scenarios`` parameter, else the notebook's default).

    A scenario that does not fit the edition (it names a parameter the edition dropped, or is written for
    other editions) is a note: the report lists it as not applicable. Any other problem stops the build here.

    Returns:
        One English note per scenario that does not apply.

    Raises:
        ScenarioError: A scenario of the list is missing or invalid.
    """
    from index071lib.analysis.whatif import load_scenarios

    specs = run.parameters.get("scenarios", notebook_defaults(run.notebook).get("scenarios", ""))
    skipped: list[ScenarioNotApplicable] = []
    load_scenarios(specs, edition, data, not_applicable=skipped)
    return [f"{run.name}: {err} (the report lists it as not applicable)" for err in skipped]


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
    check_newest_year(loaded)
    commentary = load_commentary(loaded)
    for key in commentary.ignored:
        warnings.warn(CommentaryNote(f"{commentary.path}: key '{key}': empty note of an id this edition no longer has "
                                     f"(ignored; the entry may be removed)"), stacklevel=2)
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
            runs.append(PlannedRun(run_name(job, own), path, params, label, job, own))
    all_runs = list(runs)
    if only:
        known = {r.name for r in runs} | {r.job.prefix for r in runs}
        unknown = [o for o in only if o not in known]
        if unknown:
            raise BuildError(f"--only: unknown notebook run(s) {unknown}; expected one of {sorted(known)}")
        runs = [r for r in runs if r.name in only or r.job.prefix in only]
    notes = [note for run in runs if "scenarios" in notebook_parameters(run.notebook)
             for note in scenario_list_notes(run, loaded, data)]
    target = Path(output_dir) / str(loaded.year)
    if chosen is not None:
        target = target / "scenarios" / chosen.name
    request = {"edition": loaded.year, "data_dir": str(data.resolve()), "only": sorted(only) if only else None,
               "scenario": str(chosen.path.resolve()) if chosen else None}
    return BuildPlan(edition=loaded, scenario=chosen, runs=runs, target=target, data_dir=data, all_runs=all_runs,
                     commentary=commentary, request=request, notes=notes)


def check_newest_year(edition: Edition) -> None:
    """Refuse to build an edition whose newest year has no value at all (a new edition not filled in yet).

    Raises:
        DataError: Naming ``values.csv``, the year, ``index071 status`` and the previous edition to build.
    """
    from index071lib.data.scaffold import previous_edition

    newest = edition.years[-1]
    if edition.values[newest].notna().any():
        return
    before = previous_edition(edition.year, edition.path.parent.parent)
    instead = f", or build edition {before} with --edition {before}" if before is not None else ""
    raise DataError(edition.path / edition.files["values"], [(
        f"year {newest}", "value",
        f"no parameter has a value for {newest}, the newest year of edition {edition.year}; nothing was built. "
        f"See what is missing with `index071 status --edition {edition.year}` and fill it in{instead}")])


def execute(plan: BuildPlan, staging: Path, workers: int, on_done: Callable[[JobResult], None] | None = None,
            workbook: str | None = None, runs: list[PlannedRun] | None = None) -> list[JobResult]:
    """Run planned notebooks in a pool of ``workers`` processes (one failure does not stop the others).

    Args:
        plan: A validated plan.
        staging: Folder the runs write into.
        workers: Number of worker processes.
        on_done: Called in the parent with each result as it finishes (progress bar).
        workbook: If given, also write the Excel workbook (file name in ``staging``) in the pool, while
            the first kernels start.
        runs: The runs to execute (default: every run of the plan); none and no workbook: no pool at all.

    Returns:
        The results, in plan order (plus a result named ``excel`` when a workbook was requested).
    """
    from index071lib.build.site import nav_html, page_footer_html
    from index071lib.report.excel import write_workbook

    runs = plan.runs if runs is None else runs
    if not runs and not workbook:
        return []
    results: dict[str, JobResult] = {}
    seconds = previous_seconds(plan.target)
    order = sorted(runs, key=lambda r: -seconds.get(r.name, 0.0))
    workers = max(1, min(workers, MAX_JOBS, len(order) + bool(workbook)))
    remember_parent()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"),
                             initializer=_init_worker) as pool:
        futures = {}
        # before anything is submitted: the footer fills the edition's cached checksum, and the pool's feeder
        # thread pickles the edition for the workbook meanwhile ("dictionary changed size during iteration")
        footer = page_footer_html(plan)
        if workbook:
            futures[pool.submit(_timed, write_workbook, plan.edition, plan.scenario, staging / workbook)] = "excel"
        # the browser tab names a scenario too (by its title: the page's banner says the rest)
        heading = nl.index_page_title(plan.edition.year, plan.scenario.label if plan.scenario else None)
        for run in order:
            futures[pool.submit(run_job, run.name, str(run.notebook), run.parameters, str(staging),
                                          title=f"{heading} — {run.title}",
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
    return [results[r.name] for r in runs] + ([results["excel"]] if workbook else [])


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

    Used to start the longest notebooks first, so that the parallel batch does not end on a long tail. A run
    that the previous build reused counts with the seconds of the build that made it.
    """
    try:
        manifest = json.loads((target / "build.json").read_text(encoding="utf-8"))
        seconds = {r["name"]: float(r["seconds"]) for r in manifest["runs"]}
        for name, made in ((manifest.get("cache") or {}).get("runs") or {}).items():
            seconds[name] = float(made.get("seconds", seconds.get(name, 0.0)))
        return seconds
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
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
              pdf: bool = False, force: bool = False) -> list[JobResult]:
    """Execute a plan, write the workbook, index page and manifest, and swap the outputs in.

    Holds the lock of the target folder for the whole build; checks that it can write there and removes
    staging folders of killed builds before anything runs. Runs whose inputs did not change since the
    previous build are not executed again: their outputs are reused (:mod:`index071lib.build.cache`); the
    same holds for the workbook, the index page and the PDF handout.

    Args:
        plan: A validated plan.
        workers: Number of worker processes (at most :data:`MAX_JOBS` and the number of runs).
        on_done: Progress callback per finished or reused run (and for the PDF handout).
        pdf: Also write the PDF handout of every report (:mod:`index071lib.build.pdf`), after the reports
            are in place; only if every notebook of this build succeeded. A failure keeps the earlier PDF.
        force: Execute every run and write every output, whatever the previous build left.

    Returns:
        The results of the runs, then ``excel`` (and ``pdf``); also stored in ``plan.results`` and ``build.json``.

    Raises:
        OutputError: The target is taken by another build, not writable, or the disk is full.
    """
    check_writable(plan.target)
    with OutputLock(plan.target):
        remove_stale_staging(plan.target)
        staging = make_staging(plan)
        try:
            start, wall_start = time.perf_counter(), time.time()
            record = cache.CacheRecord.read(plan.target)
            inputs = cache.plan_inputs(plan)
            keys = cache.plan_keys(plan, inputs)
            reused = {} if force else cache.reuse_runs(plan, keys, record, staging)
            workbook = f"index071-{plan.edition.year}.xlsx"
            book = _reuse_workbook(plan, cache.workbook_key(inputs), record, staging, workbook, force)
            for result in [reused[r.name] for r in plan.runs if r.name in reused]:
                if on_done:
                    on_done(result)
            executed = execute(plan, staging, workers, on_done, workbook=None if book else workbook,
                               runs=[r for r in plan.runs if r.name not in reused])
            for result in executed:  # same key but not reusable: its recorded outputs are gone or edited
                recorded = record.workbook if result.name == "excel" else record.runs.get(result.name)
                key = cache.workbook_key(inputs) if result.name == "excel" else keys[result.name]
                result.changed = ["forced"] if force else key.changed(recorded) or ["outputs"]
            done = {r.name: r for r in [*executed, *reused.values(), *([book] if book else [])]}
            results = [done[r.name] for r in plan.runs] + [done["excel"]]
            plan.results = results
            runs = results[:-1]
            excel_ok = done["excel"].ok  # a failed write may leave a cut-off file
            swap_in(plan, staging, runs, [workbook] if excel_ok else [])
            _stop_if_full(plan, results)
            handout = None
            if pdf:
                handout = _make_handout(plan, inputs, record, staging, runs, force)
                results.append(handout)
                if on_done:
                    on_done(handout)
                _stop_if_full(plan, results)
            _finish(plan, inputs, record, keys, results, staging, pdf, force,
                    {"edition": plan.edition.year, "scenario": plan.scenario.name if plan.scenario else None,
                     "started": wall_start, "workers": workers}, start)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return results


def _reuse_workbook(plan: BuildPlan, key: cache.RunKey, record: cache.CacheRecord, staging: Path, workbook: str,
                    force: bool) -> JobResult | None:
    """The previous workbook, linked into the staging folder, if its inputs did not change (else ``None``)."""
    files = {"xlsx": plan.target / workbook}
    if force or not cache.still_valid(record.workbook, key, files):
        return None
    try:
        cache.link_or_copy(files["xlsx"], staging / workbook)
    except OSError:
        return None
    return JobResult(name="excel", ok=True, seconds=0.0, reused=True)


def _make_handout(plan: BuildPlan, inputs: cache.BuildInputs, record: cache.CacheRecord, staging: Path,
                  runs: list[JobResult], force: bool) -> JobResult:
    """The PDF handout: the previous one if no report in it changed, else made again."""
    from index071lib.build.pdf import chapters, handout_name

    key = cache.handout_key(inputs, [(c.name, cache.file_sha256(c.path)) for c in chapters(plan)])
    target = plan.target / handout_name(plan)
    if not force and all(r.ok for r in runs) and cache.still_valid(record.handout, key, {"pdf": target}):
        return JobResult(name="pdf", ok=True, seconds=0.0, html=str(target), pages=record.handout.get("pages"),
                         reused=True)
    result = _handout(plan, staging, runs)
    result.changed = ["forced"] if force else key.changed(record.handout)
    record.handout = cache.entry(key, {"pdf": target}, pages=result.pages) if result.ok else {}
    return result


def _finish(plan: BuildPlan, inputs: cache.BuildInputs, record: cache.CacheRecord, keys: dict[str, cache.RunKey],
            results: list[JobResult], staging: Path, pdf: bool, force: bool, manifest: dict, start: float) -> None:
    """Write the index page (if what it shows changed) and ``build.json`` with the new cache record."""
    from index071lib.build.pdf import handout_name
    from index071lib.build.site import write_index

    target = plan.target
    failed = {r.name for r in results if not r.ok}
    shown = [[r.name, (target / f"{r.name}.html").is_file(), r.name in failed] for r in plan.all_runs or plan.runs]
    shown += [[name, (target / name).is_file()] for name in (f"index071-{plan.edition.year}.xlsx", handout_name(plan))]
    runs = [r for r in results if r.name in keys]
    shown.append([sum(r.ok for r in runs), len(failed & set(keys))])
    index_key = cache.index_key(inputs, shown)
    index = {"html": target / "index.html"}
    excel = next(r for r in results if r.name == "excel")
    new = cache.CacheRecord(runs=cache.record_runs(plan, keys, record, results),
                            workbook=cache.entry(cache.workbook_key(inputs), {"xlsx": target / f"index071-"
                                                 f"{plan.edition.year}.xlsx"}) if excel.ok else {},
                            handout=record.handout)
    try:
        if force or not cache.still_valid(record.index, index_key, index):
            write_index(plan, results, staging)
        new.index = cache.entry(index_key, index)
        outputs = [target / "index.html"] + [p for r in runs for p in cache.run_files(target, r.name).values()]
        outputs += [target / f"index071-{plan.edition.year}.xlsx"] + ([target / handout_name(plan)] if pdf else [])
        stamp = (cache.make_stamp(plan, {**plan.request, "pdf": pdf}, outputs)
                 if not failed and not plan.scenario else None)
        manifest.update(seconds=time.perf_counter() - start, runs=[r.to_dict() for r in results],
                        cache=new.to_dict(stamp))
        (staging / "build.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(staging / "build.json", target / "build.json")
    except OSError as err:
        raise OutputError(f"{target}: could not write the index page and build record: "
                          f"{describe_os_error(err)}; the reports themselves were replaced") from None


def _stop_if_full(plan: BuildPlan, results: list[JobResult]) -> None:
    """One message when outputs could not be written for lack of room (disk full, read-only, no permission)."""
    full = [r for r in results if r.no_room]
    if full:
        raise OutputError(f"{plan.target}: the disk is full or not writable ({full[0].error}): "
                          f"{len(full)} of {len(results)} outputs could not be written, nothing was retried; "
                          f"the previous outputs of those reports are unchanged")
