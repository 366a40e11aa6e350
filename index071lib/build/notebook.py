"""Executing one notebook job (papermill) and exporting it to offline HTML (nbconvert), in a worker process.

This module is imported by the build's worker processes. It runs a notebook with papermill's Python API
(kernel ``python3``, immediate kernel shutdown), retries a kernel that fails to start (parallel kernels can
race for ports, papermill issues #511 and #239), and exports the executed notebook with an in-process
:class:`nbconvert.HTMLExporter` without input cells, using a template that loads nothing from the network.
"""

from __future__ import annotations

import errno
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index071lib.data.resources import resource_path

#: Folder of the nbconvert templates (package data of :mod:`index071lib.build`).
TEMPLATES = resource_path("index071lib.build", "templates")
#: Write errors that no retry can fix (disk full, quota, read-only file system, no permission).
NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)
START_RETRIES = 2
#: Cell tag of what a researcher reads in JupyterLab but a report reader does not need.
NOTEBOOK_ONLY = "notebook-only"
#: Tag (and, in the HTML, id) of the cell papermill inserts with a run's parameters.
INJECTED = "injected-parameters"
_EXPORTER = None


@dataclass
class JobResult:
    """Outcome of one notebook job.

    Attributes:
        name: Job name (e.g. ``basket-regiomarketing``).
        ok: Whether the notebook ran and was exported.
        seconds: Wall time of the job in the worker.
        attempts: Kernel start attempts used.
        notebook: Path of the executed notebook (kept also for a failure).
        html: Path of the HTML report (``None`` for a failure).
        error: ``"cell N: Error: message"`` for a failure.
        retried: Messages of kernel start failures that were retried.
        started: Wall-clock start (epoch seconds), for the build's timeline.
        pages: Number of pages, for the PDF handout (``None`` for a notebook run).
        no_room: The run failed because its output could not be written (disk full, read-only, no permission).
        reused: Nothing it depends on changed: the previous build's output was kept (not executed again).
        changed: For an output made again: which of its inputs changed (``new``: no earlier output;
            ``forced``: ``--force``), see :mod:`index071lib.build.cache`.
    """

    name: str
    ok: bool
    seconds: float
    attempts: int = 1
    notebook: str | None = None
    html: str | None = None
    error: str = ""
    retried: list[str] = field(default_factory=list)
    started: float = 0.0
    pages: int | None = None
    no_room: bool = False
    reused: bool = False
    changed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def html_exporter():
    """The offline HTML exporter (cached per process): lab look, no input cells, no network resources, no
    cells tagged :data:`NOTEBOOK_ONLY`.

    Returns:
        A configured :class:`nbconvert.HTMLExporter`.
    """
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        # cells tagged "notebook-only" (a researcher's introduction, "Onder de motorkap") stay out of reports
        config = Config({"TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": [NOTEBOOK_ONLY]}})
        _EXPORTER = HTMLExporter(config=config, template_name="lab", template_file="offline.html.j2",
                                 extra_template_basedirs=[str(TEMPLATES)], extra_template_paths=[str(TEMPLATES)],
                                 exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                                 embed_images=True, language_code="nl")
    return _EXPORTER


def with_alt_texts(nb):
    """A copy of a notebook in which every image output has a Dutch alt text.

    Charts of :mod:`index071lib.report.charts` bring their own (``metadata["image/png"]["alt"]``); any other
    figure (e.g. a matplotlib figure shown directly) gets one naming the section it illustrates (the last
    heading of a Markdown cell or of an HTML output above it), instead of nbconvert's English placeholder.

    Args:
        nb: An executed ``NotebookNode``.

    Returns:
        The copy.
    """
    import copy
    import html
    import re

    from index071lib.text import nl

    nb = copy.deepcopy(nb)
    section = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            headings = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")]
            section = headings[-1] if headings else section
            continue
        for output in cell.get("outputs", []):
            shown = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", str(output.get("data", {}).get("text/html", "")), re.S)
            section = html.unescape(re.sub(r"<[^>]+>", "", shown[-1])).strip() if shown else section
            for mime in ("image/png", "image/jpeg", "image/svg+xml"):
                if mime in output.get("data", {}):
                    meta = output.setdefault("metadata", {}).setdefault(mime, {})
                    if not meta.get("alt"):
                        meta["alt"] = nl.alt_section_figure(section)
    return nb


def has_footer(nb) -> bool:
    """Whether a report shows its own provenance footer (``<footer class="herkomst">``) in an output."""
    return any('class="herkomst"' in str(output.get("data", {}).get("text/html", ""))
               for cell in nb.cells for output in cell.get("outputs", []))


def export_html(nb, html_path: Path, page: dict | None = None) -> None:
    """Write the offline HTML report of an executed notebook.

    The report never loads widget scripts, so the saved widget state (``metadata.widgets``, which the
    what-if notebook records even in its static form) is left out of the page; the notebook itself
    keeps it.

    Args:
        nb: Executed notebook (a ``NotebookNode``) or the path of one.
        html_path: Target file.
        page: Optional HTML put around the report by the template: ``nav`` (the navigation bar, at the top)
            and ``footer`` (the provenance footer, at the bottom, unless the report shows its own).
    """
    import copy

    import nbformat

    if isinstance(nb, (str, Path)):
        nb = nbformat.read(nb, as_version=4)
    if "widgets" in nb.metadata:
        nb = copy.copy(nb)
        nb.metadata = nbformat.NotebookNode({k: v for k, v in nb.metadata.items() if k != "widgets"})
    nb = with_alt_texts(nb)
    for cell in nb.cells:  # papermill gives the cell it inserts a random id, which the page would carry
        if INJECTED in cell.get("metadata", {}).get("tags", []):
            cell["id"] = INJECTED
    page = dict(page or {})
    if page.get("footer") and has_footer(nb):
        page["footer"] = ""
    body, _ = html_exporter().from_notebook_node(nb, resources={"metadata": {"name": nb.metadata.get("title", "")},
                                                                "index071": page})
    html_path.write_text(body, encoding="utf-8")


def kernel_started(notebook_path: Path) -> bool:
    """Whether any code cell of a (partly) executed notebook ran, i.e. the kernel did start."""
    import nbformat

    if not notebook_path.is_file():
        return False
    try:
        nb = nbformat.read(notebook_path, as_version=4)
    except Exception:  # noqa: BLE001 - a half-written file means nothing ran that we can trust
        return False
    return any(c.get("execution_count") for c in nb.cells if c.cell_type == "code")


def describe_failure(err: Exception) -> str:
    """``"cell N (In [k]): Error: message"`` for a papermill execution error, else the exception text."""
    cell = getattr(err, "cell_index", None)
    if cell is not None:
        return f"cell {cell} (In [{err.exec_count}]): {err.ename}: {err.evalue}"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower() + (f" ({err.filename})" if err.filename else "")
    return f"{type(err).__name__}: {err}"


def run_job(name: str, notebook: str, parameters: dict, out_dir: str, *, retries: int = START_RETRIES,
            timeout: int = 600, title: str = "", page: dict | None = None) -> JobResult:
    """Execute one notebook with papermill and export it to HTML; never raises for a notebook failure.

    Args:
        name: Job name; outputs are ``<out_dir>/notebooks/<name>.ipynb`` and ``<out_dir>/<name>.html``.
        notebook: Source notebook.
        parameters: Papermill parameters.
        out_dir: Staging folder of the build.
        retries: How often to retry a kernel that fails to start.
        timeout: Per-cell execution timeout in seconds.
        title: Title of the HTML page (default: the notebook's).
        page: Navigation bar and footer of the page (see :func:`export_html`).

    Returns:
        A :class:`JobResult`; a failed run keeps its executed notebook for debugging.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    out = Path(out_dir)
    nb_path, html_path = out / "notebooks" / f"{name}.ipynb", out / f"{name}.html"
    nb_path.parent.mkdir(parents=True, exist_ok=True)
    result = JobResult(name=name, ok=False, seconds=0.0, notebook=str(nb_path), started=time.time())
    executed = None
    while True:
        try:
            # Saved once at the end (and on a cell error), not after every cell: each save re-validates and
            # re-serialises the whole notebook with its images.
            executed = papermill.execute_notebook(
                notebook, str(nb_path), parameters=parameters, kernel_name="python3", progress_bar=False,
                log_output=False, cwd=str(out), start_timeout=60, execution_timeout=timeout,
                request_save_on_cell_execute=False, shutdown_kernel="immediate",
                extra_arguments=["--IPKernelApp.log_level=ERROR"])  # no per-kernel TCP warning on the console
            break
        except (PapermillExecutionError, DeadKernelError, CellTimeoutError) as err:
            result.error = describe_failure(err)
            break
        except OSError as err:
            if err.errno not in NO_ROOM and result.attempts <= retries and not kernel_started(nb_path):
                result.retried.append(describe_failure(err))
                result.attempts += 1
                time.sleep(0.2 * result.attempts)
                continue
            result.error, result.no_room = describe_failure(err), err.errno in NO_ROOM
            break
        except Exception as err:  # noqa: BLE001 - kernel start/transport failures; retried if nothing ran
            if result.attempts <= retries and not kernel_started(nb_path):
                result.retried.append(describe_failure(err))
                result.attempts += 1
                time.sleep(0.2 * result.attempts)
                continue
            result.error = describe_failure(err)
            break
    if not result.error:
        try:
            if title:
                executed.metadata["title"] = title
            export_html(executed, html_path, page)
            result.ok, result.html = True, str(html_path)
        except OSError as err:
            result.error, result.no_room = f"HTML export: {describe_failure(err)}", err.errno in NO_ROOM
        except Exception as err:  # noqa: BLE001
            result.error = f"HTML export: {describe_failure(err)}"
    result.seconds = time.perf_counter() - start
    return result


def skip_iri_grammar() -> None:
    """Keep ``jsonschema`` from importing the optional ``rfc3987_syntax`` package in this process.

    jupyterlab's dependency tree installs ``rfc3987-syntax``; ``jsonschema`` imports it (to check the
    ``iri`` string formats, which the notebook schema does not use) and it builds a grammar at import time:
    ~1.6 s in every process that imports nbformat/papermill. A ``None`` entry in ``sys.modules`` makes that
    optional import fail fast, so jsonschema simply does not register those two format checks. Only the
    build's worker processes do this; nothing else changes.
    """
    import sys

    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def warm_up() -> None:
    """Worker initializer: import papermill and nbconvert and build the exporter once per process."""
    skip_iri_grammar()
    import papermill  # noqa: F401

    html_exporter()
