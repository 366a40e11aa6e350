"""The offline HTML export and the failure helpers (no kernel needed; execution is in tests/integration)."""

import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from index071lib.build import notebook as render
from index071lib.report.charts import series_chart
from index071lib.report.context import load_context


def executed_notebook():
    chart = series_chart(load_context(2017), ["index071"], "Index071")
    nb = new_notebook()
    code = new_code_cell("secret_source_code = 42\nchart", execution_count=1)
    data, metadata = chart._repr_mimebundle_()
    code.outputs = [new_output("execute_result", data=data, metadata=metadata, execution_count=1)]
    nb.cells = [new_markdown_cell("## Kop $x^2$"), code]
    return nb


def test_every_image_gets_a_dutch_alt_text_and_the_page_its_nav_and_footer(tmp_path):
    nb = executed_notebook()
    plain = new_code_cell("fig", execution_count=2)
    plain.outputs = [new_output("display_data", data={"image/png": nb.cells[1].outputs[0].data["image/png"],
                                                      "text/plain": "<Figure size 800x400 with 1 Axes>"})]
    nb.cells += [new_markdown_cell("## Gevoeligheid & meer"), plain]
    render.export_html(nb, tmp_path / "a.html", {"nav": '<nav class="x">N</nav>', "footer": "<footer>F</footer>"})
    page = (tmp_path / "a.html").read_text()
    alts = re.findall(r'<img[^>]*\balt="([^"]*)"', page)
    assert alts == ["Lijngrafiek: Index071. Van 2012 tot 2016: Index071 totaal van 100 naar 113.",
                    "Grafiek bij het onderdeel 'Gevoeligheid &amp; meer'."]
    assert "No description has been provided" not in page
    assert len(re.findall(r"<img", page)) == 2
    assert page.index('<nav class="x">N</nav>') < page.index("<main>") < page.index("<footer>F</footer>")
    assert not nb.cells[3].outputs[0].get("metadata", {}).get("image/png")  # the notebook is not changed
    # a report with its own provenance footer does not get a second one
    nb.cells.append(new_code_cell("f", outputs=[new_output("display_data", data={
        "text/html": '<footer class="herkomst">eigen</footer>'})]))
    render.export_html(nb, tmp_path / "b.html", {"nav": "", "footer": "<footer>F</footer>"})
    assert "<footer>F</footer>" not in (tmp_path / "b.html").read_text()


def test_export_is_offline_without_input(tmp_path):
    target = tmp_path / "r.html"
    render.export_html(executed_notebook(), target)
    page = target.read_text()
    assert "secret_source_code" not in page and "In&nbsp;[" not in page
    assert not re.search(r"<script[^>]+src=", page)
    assert "cdnjs" not in page and "mathjax" not in page.lower()
    assert re.search(r'<img[^>]+src="data:image/png;base64,', page)
    assert "Kop" in page and '<html lang="nl">' in page


def test_export_leaves_out_the_widget_state(tmp_path):
    nb = executed_notebook()
    state = {"state": {"abc": {"model_name": "FloatSliderModel", "state": {"value": 30.5}}}}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": state}
    render.export_html(nb, tmp_path / "w.html")
    page = (tmp_path / "w.html").read_text()
    assert "widget-state" not in page and "FloatSliderModel" not in page
    assert "widgets" in nb.metadata  # the notebook itself is not changed


def test_export_accepts_a_path(tmp_path):
    path = tmp_path / "n.ipynb"
    nbformat.write(executed_notebook(), path)
    render.export_html(path, tmp_path / "n.html")
    assert (tmp_path / "n.html").stat().st_size > 1000


def test_kernel_started(tmp_path):
    path = tmp_path / "n.ipynb"
    assert not render.kernel_started(path)
    nb = new_notebook(cells=[new_code_cell("1")])
    nbformat.write(nb, path)
    assert not render.kernel_started(path)
    nb.cells[0].execution_count = 1
    nbformat.write(nb, path)
    assert render.kernel_started(path)
    path.write_text("{half")
    assert not render.kernel_started(path)


def test_describe_failure():
    from papermill.exceptions import PapermillExecutionError

    err = PapermillExecutionError(4, 3, "1 / 0", "ValueError", "kapot", [])
    assert render.describe_failure(err) == "cell 4 (In [3]): ValueError: kapot"
    assert render.describe_failure(RuntimeError("x")) == "RuntimeError: x"


def test_job_result_round_trip():
    result = render.JobResult("overview", True, 1.5, retried=["ZMQError: Address already in use"])
    assert render.JobResult(**result.to_dict()) == result


def test_export_leaves_out_cells_for_the_notebook_only(tmp_path):
    nb = executed_notebook()
    intro = new_markdown_cell("# Zo gebruikt u dit notebook", metadata={"tags": [render.NOTEBOOK_ONLY]})
    hood = new_code_cell("frames = 1", metadata={"tags": [render.NOTEBOOK_ONLY]}, execution_count=2)
    hood.outputs = [new_output("execute_result", data={"text/plain": "motorkap-uitvoer"}, execution_count=2)]
    nb.cells = [intro, *nb.cells, hood]
    render.export_html(nb, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text()
    assert "Zo gebruikt u" not in page and "motorkap-uitvoer" not in page
    assert "Kop" in page and "data:image/png;base64," in page  # the rest stays


def test_a_figure_without_description_names_the_section_it_follows():
    import nbformat

    from index071lib.build.notebook import with_alt_texts

    nb = nbformat.v4.new_notebook()
    image = {"output_type": "display_data", "data": {"image/png": "iVBOR"}, "metadata": {}}
    nb.cells = [nbformat.v4.new_markdown_cell("## Telkens één weglaten"),
                nbformat.v4.new_code_cell(outputs=[{"output_type": "display_data", "metadata": {},
                                                    "data": {"text/html": "<h2>Welke keuze telt het zwaarst?</h2>"}}]),
                nbformat.v4.new_code_cell(outputs=[nbformat.from_dict(image)])]
    alt = with_alt_texts(nb).cells[2].outputs[0]["metadata"]["image/png"]["alt"]
    assert alt == "Grafiek bij het onderdeel 'Welke keuze telt het zwaarst?'."
