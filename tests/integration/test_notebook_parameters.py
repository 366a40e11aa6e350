"""Notebook parameters checked in the notebook itself (papermill): one Dutch line for a wrong value."""

from pathlib import Path

import nbformat
import papermill as pm
import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def run(name: str, tmp_path: Path, **parameters):
    out = tmp_path / f"{name}.ipynb"
    try:
        pm.execute_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"), str(out), cwd=str(tmp_path),
                            progress_bar=False, kernel_name="python3", parameters=parameters)
        error = None
    except pm.PapermillExecutionError as err:
        error = err
    return nbformat.read(out, as_version=4), error


def test_a_bad_basket_id_is_one_dutch_line_naming_the_valid_ids(tmp_path, edition):
    nb, error = run("basket", tmp_path, edition=2017, basket="Vestigingsklimaat")
    assert error is not None and error.ename == "ParameterError"
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert len(errors) == 1 and len(errors[0].traceback) == 1  # one line, no traceback
    line = errors[0].traceback[0]
    assert line.startswith("\x1b[0;31mOngeldige parameter basket = 'Vestigingsklimaat': geen mandje.")
    assert all(basket in line for basket in edition.basket_ids)


def test_sensitivity_says_which_alignment_is_in_force(tmp_path):
    nb, error = run("sensitivity", tmp_path, edition=2017, n=2000, alignment="carry")
    assert error is None
    markdown = "\n".join(o["data"].get("text/markdown", "") for c in nb.cells for o in c.get("outputs", [])
                         if "data" in o)
    assert "laatste cijfer doorgetrokken naar latere jaren; dit is niet de officiële" in markdown
    assert "carry" not in markdown  # the method in words, never its id
    source = "\n".join(c.source for c in nb.cells)
    assert "baseline=centre" in source  # the legend: "Basisweging, laatste cijfer doorgetrokken (niet officieel)"
