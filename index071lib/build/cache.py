"""Incremental builds: re-execute only the notebook runs whose inputs changed, reuse the rest.

Every run of a build has a *key*: a SHA-256 over everything its report is made from, part by part
(:func:`run_parts`):

``library``
    index071's version and every file of the package (code, templates), the Python version and the
    installed distributions (:func:`library_digest`).
``notebook``
    The bytes of the notebook file.
``parameters``
    The run's parameters (edition, basket or theme, scenario path, data folder, ...) and its page title.
``edition``
    The edition's data files (:attr:`~index071lib.data.edition.Edition.data_files`, as the footer's
    checksum), and those of the previous edition (the overview's changes section and the comparison read
    it). Every report shows the data checksum in its footer, so any data file change re-runs every report.
``factors``
    The factor files of the sensitivity analysis (in the data folder and shipped).
``scenario``
    The bytes of the chosen scenario file (a scenario build), else nothing.
``scenarios``
    Only for jobs that read the list of scenarios (the what-if report): every scenario file that a name
    can refer to (data folder, shipped, saved with the sliders).
``commentary``
    The notes the report shows, with their source (:attr:`~index071lib.build.runner.NotebookJob.notes`):
    a basket report its basket's and its parameters' notes, a theme report its theme's, the overview the total's.
    Editing one basket's note re-runs that basket's report only.
``page``
    The navigation bar around the report (which reports exist).

The keys, the parts and the SHA-256 of the HTML and notebook each run wrote are recorded in the output
folder's ``build.json`` (key ``cache``). The next build reuses a run when its key is unchanged and both of
its files are still the ones recorded; it hard-links them into the staging folder (a copy where links are
not possible), so the swap-in of :mod:`index071lib.build.runner` treats reused and new reports alike. The
workbook, the index page and the PDF handout have keys of their own (:func:`workbook_key`,
:func:`index_key`, :func:`handout_key`). ``index071 build --force`` re-executes everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # this module must not import pandas: the up-to-date check runs before anything heavy
    from index071lib.data.edition import Edition

#: Version of the ``cache`` record in ``build.json`` (an older or newer record is ignored: full build).
RECORD_VERSION = 1
#: The panel's notes: not part of an edition's data digest (each report has the notes it shows in its key).
COMMENTARY = "commentary.yml"
#: File suffixes of the package that can change what a report shows.
SOURCE_SUFFIXES = (".py", ".j2", ".css", ".html", ".json", ".yml", ".yaml", ".tpl")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or ``None`` if it cannot be read (missing, a folder, no permission)."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def files_digest(paths: Iterable[Path], root: Path | None = None) -> str:
    """One SHA-256 over files: each name (relative to ``root`` if given) and its bytes; missing files count.

    Example:
        >>> files_digest([]) == files_digest([Path("/no/such/file")])
        False
    """
    digest = hashlib.sha256()
    for path in paths:
        name = str(path.relative_to(root)) if root else str(path)
        digest.update(name.encode("utf-8") + b"\0")
        digest.update((file_sha256(path) or "missing").encode("ascii") + b"\0")
    return digest.hexdigest()


def yaml_files(folders: Iterable[Path]) -> list[Path]:
    """The ``*.yml`` files of some folders (missing folders give none), sorted per folder."""
    found = []
    for folder in folders:
        if folder.is_dir():
            found += sorted(p for p in folder.glob("*.yml") if p.is_file())
    return found


def _installed_distributions() -> list[str]:
    """Names (with versions) of the distributions installed in this environment's site-packages."""
    names = []
    for entry in sys.path:
        if entry.endswith("site-packages") and os.path.isdir(entry):
            names += sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
    return names


@cache
def library_digest() -> str:
    """SHA-256 over index071's version, every source file of the package, Python and the installed packages.

    A new release, an edited module or template, or an upgraded dependency (pandas, matplotlib, nbconvert,
    ...) changes it: then every report is made again.
    """
    import index071lib

    package = Path(index071lib.__file__).resolve().parent
    sources = sorted(p for p in package.rglob("*")
                     if p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts and p.is_file())
    parts = [index071lib.__version__, sys.version, files_digest(sources, package), *_installed_distributions()]
    return sha256_bytes("\n".join(parts).encode("utf-8"))


def edition_digest(edition: Edition | None) -> str:
    """SHA-256 over an edition's data files (``"none"`` without an edition)."""
    return edition.sha256 if edition is not None else "none"


def digest_of(value) -> str:
    """SHA-256 of a JSON-able value (keys sorted)."""
    return sha256_bytes(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))


@dataclass(frozen=True)
class BuildInputs:
    """The digests every run of one build shares (computed once per build).

    Attributes:
        library: :func:`library_digest`.
        edition: The edition's and the previous edition's data files.
        factors: The factor files.
        scenario: The chosen scenario file (``""`` for the official weights).
        scenarios: Every scenario file a name can refer to.
    """

    library: str
    edition: str
    factors: str
    scenario: str
    scenarios: str


def data_files_of(folder: Path | None) -> list[Path]:
    """Every file of an edition folder except the panel's commentary (``[]`` without a folder)."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != COMMENTARY)


def build_inputs(edition: Edition, previous: Path | None, scenario_path: Path | None,
                 scenario_folders: list[Path], factor_folders: list[Path]) -> BuildInputs:
    """Digest the inputs that every run of a build shares.

    Args:
        edition: The edition built.
        previous: Folder of the previous edition (``None`` if there is none).
        scenario_path: The chosen scenario file (``None``: official weights).
        scenario_folders: Folders a scenario name is looked up in.
        factor_folders: Folders holding factor files.
    """
    before = files_digest(data_files_of(previous), previous) if previous else "none"
    return BuildInputs(library=library_digest(), edition=digest_of([edition_digest(edition), before]),
                       factors=files_digest(yaml_files(factor_folders)),
                       scenario=files_digest([scenario_path]) if scenario_path else "",
                       scenarios=files_digest(yaml_files(scenario_folders)))


@dataclass
class RunKey:
    """The key of one run and the digests it was made of (kept to say why a run was re-executed)."""

    parts: dict[str, str]
    key: str = ""

    def __post_init__(self):
        self.key = digest_of(self.parts)

    def changed(self, recorded: dict | None) -> list[str]:
        """Names of the parts that differ from a recorded entry (``["new"]`` if there is none)."""
        if not recorded or not isinstance(recorded.get("parts"), dict):
            return ["new"]
        old = recorded["parts"]
        return [name for name in sorted(set(self.parts) | set(old)) if self.parts.get(name) != old.get(name)]


def run_key(inputs: BuildInputs, notebook: Path, parameters: dict, title: str, notes: list, nav: str,
            reads: Iterable[str] = ()) -> RunKey:
    """The key of one notebook run.

    Args:
        inputs: The build's shared digests.
        notebook: The notebook file.
        parameters: The run's parameters (as passed to papermill).
        title: The page title.
        notes: The panel notes the report shows, as ``[section, id, text]`` lists.
        nav: The navigation bar's HTML.
        reads: Further shared inputs the job reads (``"scenarios"``).
    """
    parts = {"library": inputs.library, "notebook": file_sha256(notebook) or "missing",
             "parameters": digest_of({"parameters": parameters, "title": title}), "edition": inputs.edition,
             "factors": inputs.factors, "scenario": inputs.scenario, "commentary": digest_of(notes),
             "page": sha256_bytes(nav.encode("utf-8"))}
    for name in reads:
        parts[name] = getattr(inputs, name)
    return RunKey(parts)


def workbook_key(inputs: BuildInputs) -> RunKey:
    """The key of the Excel workbook: library, edition data and scenario (it shows no commentary)."""
    return RunKey({"library": inputs.library, "edition": inputs.edition, "scenario": inputs.scenario})


def index_key(inputs: BuildInputs, entries: list) -> RunKey:
    """The key of the index page: library, edition, scenario and every report's name, state and key.

    Args:
        inputs: The build's shared digests.
        entries: What the page lists: per report ``[name, present, failed in this build, key]``, and the
            workbook's and handout's file digests.
    """
    return RunKey({"library": inputs.library, "edition": inputs.edition, "scenario": inputs.scenario,
                   "reports": digest_of(entries)})


def handout_key(inputs: BuildInputs, reports: list[tuple[str, str | None]]) -> RunKey:
    """The key of the PDF handout: library, edition, scenario and the SHA-256 of every report it binds."""
    return RunKey({"library": inputs.library, "edition": inputs.edition, "scenario": inputs.scenario,
                   "reports": digest_of(reports)})


@dataclass
class CacheRecord:
    """The ``cache`` part of a previous ``build.json``: per output its key, parts and file digests."""

    runs: dict[str, dict] = field(default_factory=dict)
    workbook: dict = field(default_factory=dict)
    index: dict = field(default_factory=dict)
    handout: dict = field(default_factory=dict)

    @classmethod
    def read(cls, target: Path) -> CacheRecord:
        """The record of the last build of ``target`` (empty if none, unreadable or of another version)."""
        try:
            data = json.loads((target / "build.json").read_text(encoding="utf-8"))["cache"]
            if data.get("version") != RECORD_VERSION:
                return cls()
            return cls(runs=dict(data.get("runs") or {}), workbook=dict(data.get("workbook") or {}),
                       index=dict(data.get("index") or {}), handout=dict(data.get("handout") or {}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def to_dict(self, stamp: dict | None = None) -> dict:
        """The record as stored in ``build.json`` (with the up-to-date stamp of a build without failures)."""
        return {"version": RECORD_VERSION, "runs": self.runs, "workbook": self.workbook, "index": self.index,
                "handout": self.handout, "stamp": stamp}


def entry(key: RunKey, files: dict[str, Path], **extra) -> dict:
    """A record entry: the key, its parts and the SHA-256 of each output file now in place."""
    return {"key": key.key, "parts": key.parts, "files": {k: file_sha256(p) for k, p in files.items()}, **extra}


def still_valid(recorded: dict | None, key: RunKey, files: dict[str, Path]) -> bool:
    """Whether a recorded output can be reused: same key, and every file present with the recorded bytes."""
    if not recorded or recorded.get("key") != key.key:
        return False
    digests = recorded.get("files") or {}
    return all(digests.get(k) and file_sha256(p) == digests[k] for k, p in files.items())


def link_or_copy(source: Path, destination: Path) -> None:
    """Put ``source`` at ``destination`` (same file system: a hard link; otherwise a copy)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


# --- a build plan's keys and the reuse of its runs ----------------------------------------------------------

def plan_inputs(plan) -> BuildInputs:
    """The shared digests of a :class:`~index071lib.build.runner.BuildPlan`."""
    from index071lib.data.factors import shipped_factors
    from index071lib.data.scaffold import previous_edition
    from index071lib.data.scenarios import scenario_search_path

    before = previous_edition(plan.edition.year, plan.data_dir)
    return build_inputs(plan.edition, plan.edition.path.parent / str(before) if before is not None else None,
                        plan.scenario.path if plan.scenario else None, scenario_search_path(plan.data_dir),
                        [plan.data_dir / "factors", shipped_factors()])


def shown_notes(plan, run) -> list[list]:
    """The notes a run's report shows: ``[section, id, text, source]`` for every note its job declares (the
    source decides the note's label: *Commentaar van het expertpanel* or *Toelichting uit de publicatie*)."""
    return [[section, ident, plan.commentary.note(section, ident), plan.commentary.source_of(section, ident)]
            for section, ident in run.job.notes(plan.edition, run.own)]


def plan_keys(plan, inputs: BuildInputs) -> dict[str, RunKey]:
    """The key of every run of the plan (``plan.runs``), by run name."""
    from index071lib.build.site import nav_html

    return {run.name: run_key(inputs, run.notebook, run.parameters, run.title, shown_notes(plan, run),
                              nav_html(plan, run.name), run.job.reads) for run in plan.runs}


def run_files(target: Path, name: str) -> dict[str, Path]:
    """The two outputs of a run: its HTML report and its executed notebook."""
    return {"html": target / f"{name}.html", "notebook": target / "notebooks" / f"{name}.ipynb"}


def reuse_runs(plan, keys: dict[str, RunKey], record: CacheRecord, staging: Path):
    """Put the outputs of every run whose key is unchanged into the staging folder.

    Returns:
        Run name → a :class:`~index071lib.build.notebook.JobResult` marked ``reused``, for the runs kept.
    """
    from index071lib.build.notebook import JobResult

    kept = {}
    for run in plan.runs:
        files = run_files(plan.target, run.name)
        if not still_valid(record.runs.get(run.name), keys[run.name], files):
            continue
        staged = run_files(staging, run.name)
        try:
            for part, source in files.items():
                link_or_copy(source, staged[part])
        except OSError:  # cannot be reused (gone meanwhile, no room for a copy): made again
            continue
        kept[run.name] = JobResult(name=run.name, ok=True, seconds=0.0, notebook=str(files["notebook"]),
                                   html=str(files["html"]), reused=True)
    return kept


def record_runs(plan, keys: dict[str, RunKey], record: CacheRecord, results) -> dict[str, dict]:
    """The ``runs`` part of the new record: this build's good runs, and the earlier entries of the plan's
    other runs (a build restricted with ``--only``) whose outputs are still in place."""
    names = {run.name for run in plan.all_runs or plan.runs}
    mine = {run.name for run in plan.runs}
    runs = {name: old for name, old in record.runs.items() if name in names and name not in mine}
    for result in results:
        if result.name not in mine or not result.ok:
            continue
        old = record.runs.get(result.name) or {}
        seconds = old.get("seconds", 0.0) if result.reused else result.seconds
        runs[result.name] = entry(keys[result.name], run_files(plan.target, result.name), seconds=seconds)
    return runs


# --- the up-to-date check: a build whose every input is unchanged has nothing to do -----------------------

def snapshot(folder: Path) -> dict[str, str] | None:
    """Every entry of a folder (not recursive): files with their SHA-256, sub-folders as ``"dir"``.

    ``None`` if the folder does not exist (its appearance is a change too).
    """
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return None
    return {p.name: ("dir" if p.is_dir() else file_sha256(p) or "unreadable") for p in entries}


def watched_folders(plan) -> list[Path]:
    """Every folder a build of the plan reads: the editions (which exist), this and the previous edition,
    the notebooks, the scenario and factor folders."""
    from index071lib.data.factors import shipped_factors
    from index071lib.data.scenarios import scenario_search_path

    editions = plan.edition.path.parent
    folders = [editions, plan.edition.path, *sorted({run.notebook.parent for run in plan.all_runs or plan.runs}),
               *scenario_search_path(plan.data_dir), plan.data_dir / "factors", shipped_factors()]
    folders += [p for p in editions.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) < plan.edition.year]
    return list(dict.fromkeys(p.resolve() for p in folders))


def make_stamp(plan, request: dict, outputs: list[Path]) -> dict:
    """What the up-to-date check compares: the request, the library, every watched folder, every output."""
    return {"request": request, "library": library_digest(),
            "folders": {str(folder): snapshot(folder) for folder in watched_folders(plan)},
            "outputs": {str(p.relative_to(plan.target)): file_sha256(p) for p in outputs}}


def up_to_date(request: dict, target: Path) -> dict | None:
    """The record of the last build of ``target`` if building ``request`` again would change nothing.

    True when that build made every output without a failure, for the same request, with the same
    library, and no file of any folder it read has changed since (nor appeared or disappeared), and every
    output it wrote is still in place, byte for byte. Reads only files: no pandas, no edition loading.

    Args:
        request: ``{"edition", "data_dir", "only", "scenario", "pdf"}`` as the build would record it.
        target: The build's output folder.

    Returns:
        The last build's ``build.json`` (a dict), or ``None`` when the build has something to do.
    """
    try:
        manifest = json.loads((target / "build.json").read_text(encoding="utf-8"))
        stamp = manifest["cache"]["stamp"]
        if not stamp or stamp["request"] != request or stamp["library"] != library_digest():
            return None
        for folder, entries in stamp["folders"].items():
            if snapshot(Path(folder)) != entries:
                return None
        for name, digest in stamp["outputs"].items():
            if not digest or file_sha256(target / name) != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return manifest
