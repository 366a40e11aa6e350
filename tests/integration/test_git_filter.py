"""The set-up's notebook filter and save hook: outputs written by a notebook run never show up in git."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_output

from index071lib.build.lab import save_as_git_stores

from .lab_helpers import git, load_tasks  # the set-up's tasks.py and a git with a fixed author

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_setup_filter_keeps_notebook_outputs_out_of_git(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    tasks = load_tasks()
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    git(repo, "init", "-q")
    shutil.copy2(ROOT / ".gitattributes", repo / ".gitattributes")
    shipped = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in shipped:
        shutil.copy2(path, repo / "notebooks" / path.name)
    notebook = repo / "notebooks" / "whatif.ipynb"
    assert tasks.configure_git(repo, python=sys.executable) is True
    assert tasks.configure_git(repo, python=sys.executable) is False  # already so: nothing written
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "clean notebooks")
    # every committed notebook is exactly what the filter makes of it: after the set-up, nothing shows as changed
    for path in shipped:
        assert git(repo, "show", f"HEAD:notebooks/{path.name}").encode() == path.read_bytes(), path.name

    # what a run in JupyterLab writes: outputs, execution counts, widget state, the kernel's language details
    nb = with_outputs(nbformat.read(notebook, as_version=4))
    nbformat.write(nb, notebook)
    assert "uitvoer 1" in notebook.read_text()
    assert git(repo, "diff") == ""  # the filter: no output reaches a diff or a commit

    # saved by JupyterLab's server with the set-up's pre-save hook: the file is what git stores
    model = {"type": "notebook", "content": json.loads(nbformat.writes(nb))}
    save_as_git_stores(model, "notebooks/whatif.ipynb", ContentsManager(repo))
    nbformat.write(nbformat.from_dict(model["content"]), notebook)
    assert notebook.read_bytes() == (ROOT / "notebooks" / "whatif.ipynb").read_bytes()
    assert git(repo, "status", "--porcelain") == ""

    # a real change (a new cell) does show, without outputs
    nb.cells.append(nbformat.v4.new_markdown_cell("Nieuw"))
    nbformat.write(nb, notebook)
    assert git(repo, "status", "--porcelain").strip() == "M notebooks/whatif.ipynb"
    assert "Nieuw" in git(repo, "diff") and "uitvoer" not in git(repo, "diff")


def test_hook_leaves_notebooks_outside_git_alone(tmp_path):
    notebook = tmp_path / "mijn.ipynb"
    shutil.copy2(ROOT / "notebooks" / "whatif.ipynb", notebook)
    nb = with_outputs(nbformat.read(notebook, as_version=4))
    model = {"type": "notebook", "content": json.loads(nbformat.writes(nb))}
    save_as_git_stores(model, "mijn.ipynb", ContentsManager(tmp_path))
    assert model["content"] == json.loads(nbformat.writes(nb))


class ContentsManager:
    """The one method of a Jupyter contents manager the hook uses."""

    def __init__(self, root: Path):
        self.root = root

    def _get_os_path(self, path: str) -> str:
        return str(self.root / path)


def with_outputs(nb):
    for count, cell in enumerate([c for c in nb.cells if c.cell_type == "code"], 1):
        cell.execution_count = count
        cell.outputs = [new_output("stream", name="stdout", text=f"uitvoer {count}\n")]
    nb.metadata["language_info"] = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                                    "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                                    "pygments_lexer": "ipython3", "version": "3.11.2"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    return nb
