"""The what-if notebook as a web app for the panel meeting (Voilà): a parameterised copy and Voilà's arguments.

Voilà runs a notebook as it is and cannot inject papermill parameters. :func:`panel_notebook` therefore
writes a copy of ``whatif.ipynb`` with papermill's own :func:`~papermill.parameterize.parameterize_notebook`
(the same ``injected-parameters`` cell a batch run gets): the edition, the data and save folders (made
absolute, so the kernel's working folder does not matter) and ``sliders=True``. :func:`voila_argv` is the
command line for that copy: localhost only, one fixed port, no token, no browser opened, no code shown.
"""

from __future__ import annotations

from pathlib import Path

from index071lib.build.runner import NOTEBOOKS, BuildError, notebook_parameters

NOTEBOOK = "whatif.ipynb"
DEFAULT_PORT = 8866
HOST = "127.0.0.1"


def panel_title(edition: int) -> str:
    """The page title (Voilà shows the notebook's file name in the browser tab).

    Example:
        >>> panel_title(2017)
        'Index071 2017 — wat als'
    """
    return f"Index071 {edition} — wat als"


def panel_notebook(folder: Path, *, edition: int, data_dir: Path, save_dir: Path, scenario: str = "",
                   notebooks_dir: Path = NOTEBOOKS) -> Path:
    """Write the what-if notebook with the meeting's parameters injected into ``folder``.

    Args:
        folder: An empty folder (Voilà's root: nothing else in it is served).
        edition: Edition year (already validated).
        data_dir: Folder holding ``editions/`` (made absolute).
        save_dir: Where *Bewaar als scenario* writes (made absolute).
        scenario: Scenario file the sliders start from (``""``: the official weights).
        notebooks_dir: Folder of the notebooks.

    Returns:
        Path of the parameterised notebook.

    Raises:
        BuildError: If the notebook does not declare one of these parameters.
    """
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    source = notebooks_dir / NOTEBOOK
    parameters = {"edition": int(edition), "data_dir": str(Path(data_dir).resolve()),
                  "save_dir": str(Path(save_dir).resolve()),
                  "scenario": str(Path(scenario).resolve()) if scenario else "", "sliders": True}
    declared = notebook_parameters(source)
    missing = [name for name in parameters if name not in declared]
    if missing:
        raise BuildError(f"{source}: parameters cell lacks {missing} (declared: {declared})")
    nb = parameterize_notebook(load_notebook_node(str(source)), parameters, comment="Parameters of index071 panel")
    target = Path(folder) / f"{panel_title(edition)}.ipynb"
    nbformat.write(nb, target)
    return target


def voila_argv(notebook: Path, port: int = DEFAULT_PORT) -> list[str]:
    """Voilà's command line for the panel.

    Only ``127.0.0.1`` (a meeting laptop, not the network), exactly ``port`` (no silent move to another
    one: the address is announced), no token (nobody else can reach localhost-only), no browser opened,
    code cells stripped, no tracebacks sent to the page.

    Example:
        >>> voila_argv(Path("/tmp/p/x.ipynb"), 8866)[:4]
        ['/tmp/p/x.ipynb', '--port=8866', '--Voila.port_retries=0', '--Voila.ip=127.0.0.1']
    """
    return [str(notebook), f"--port={int(port)}", "--Voila.port_retries=0", f"--Voila.ip={HOST}", "--no-browser",
            "--Voila.token=", "--strip_sources=True", "--show_tracebacks=False",
            f"--Voila.root_dir={Path(notebook).parent}"]


def panel_url(port: int = DEFAULT_PORT) -> str:
    """Address of the panel in the browser.

    Example:
        >>> panel_url(8866)
        'http://127.0.0.1:8866/'
    """
    return f"http://{HOST}:{int(port)}/"
