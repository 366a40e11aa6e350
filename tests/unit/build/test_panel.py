"""The meeting panel's notebook copy and Voilà command line (no server is started here; see tests/integration)."""

import json

import nbformat
import pytest

from index071lib.build.panel import panel_notebook, voila_argv
from index071lib.build.runner import NOTEBOOKS, BuildError


def injected(path) -> str:
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    return cells[0].source


def test_copy_has_the_meeting_parameters_after_the_parameters_cell(tmp_path):
    path = panel_notebook(tmp_path, edition=2017, data_dir=NOTEBOOKS.parent / "data", save_dir=tmp_path / "saved")
    assert path.parent == tmp_path and path.name == "Index071 2017 — wat als.ipynb"
    nb = nbformat.read(path, as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    at = tags.index(["parameters"])
    assert tags[at + 1] == ["injected-parameters"]  # papermill's place: the later cells see these values
    source = injected(path)
    assert "edition = 2017" in source and "sliders = True" in source and 'scenario = ""' in source
    assert f'data_dir = "{(NOTEBOOKS.parent / "data").resolve()}"' in source
    assert f'save_dir = "{(tmp_path / "saved").resolve()}"' in source
    original = nbformat.read(NOTEBOOKS / "whatif.ipynb", as_version=4)
    assert [c.source for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])] == \
        [c.source for c in original.cells]  # otherwise the notebook as it is
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_relative_folders_become_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = panel_notebook(tmp_path, edition=2017, data_dir="data", save_dir="saved", scenario="s.yml")
    source = injected(path)
    assert f'data_dir = "{tmp_path / "data"}"' in source and f'scenario = "{tmp_path / "s.yml"}"' in source


def test_a_notebook_without_the_parameters_is_refused(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = json.loads((NOTEBOOKS / "whatif.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = "\n".join(line for line in source.splitlines() if not line.startswith("save_dir"))
    (folder / "whatif.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(BuildError, match=r"parameters cell lacks \['save_dir'\]"):
        panel_notebook(tmp_path / "out", edition=2017, data_dir=tmp_path, save_dir=tmp_path, notebooks_dir=folder)


def test_voila_only_on_localhost_on_the_given_port_without_token_or_code(tmp_path):
    argv = voila_argv(tmp_path / "x.ipynb", 8877)
    assert argv[0] == str(tmp_path / "x.ipynb")
    assert "--port=8877" in argv and "--Voila.port_retries=0" in argv and "--Voila.ip=127.0.0.1" in argv
    assert "--Voila.token=" in argv and "--no-browser" in argv and "--strip_sources=True" in argv
    assert f"--Voila.root_dir={tmp_path}" in argv  # only the folder of the copy is served
