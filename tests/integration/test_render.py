"""Executing notebooks for real: a failing notebook, a kernel that fails to start, a failed or interrupted rebuild."""

import signal
import subprocess
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from index071lib.build import notebook as render
from index071lib.build.runner import NotebookJob, plan_build, run_build, single

from .conftest import index071_exe

pytestmark = pytest.mark.integration

PARAMS = 'edition: int = 2017  # edition\nscenario: str = ""  # scenario\ndata_dir: str = ""  # data'


def write_notebook(path, *sources):
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = new_code_cell(PARAMS)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell] + [new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def test_failing_cell_is_reported_and_notebook_kept(tmp_path):
    nb = write_notebook(tmp_path / "bad.ipynb", "x = 1", "1 / 0")
    result = render.run_job("bad", str(nb), {"edition": 2017}, str(tmp_path / "out"))
    assert not result.ok and result.attempts == 1
    assert "ZeroDivisionError" in result.error and result.error.startswith("cell ")
    kept = nbformat.read(result.notebook, as_version=4)
    assert any(o.output_type == "error" for c in kept.cells if c.cell_type == "code" for o in c.outputs)
    assert not (tmp_path / "out" / "bad.html").exists()


def test_kernel_start_failure_is_retried(tmp_path, monkeypatch):
    import papermill
    import zmq

    real, calls = papermill.execute_notebook, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # what a port race looks like (papermill #511)
            raise zmq.error.ZMQError(98, "Address already in use")
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    nb = write_notebook(tmp_path / "ok.ipynb", "print('hallo')")
    result = render.run_job("ok", str(nb), {"edition": 2017}, str(tmp_path / "out"))
    assert result.ok and result.attempts == 2 and "Address already in use" in result.retried[0]
    assert (tmp_path / "out" / "ok.html").read_text().count("hallo") >= 1


def test_start_failure_gives_up_after_retries(tmp_path, monkeypatch):
    import papermill

    def dead(*args, **kwargs):
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(papermill, "execute_notebook", dead)
    nb = write_notebook(tmp_path / "ok.ipynb", "1")
    result = render.run_job("ok", str(nb), {}, str(tmp_path / "out"), retries=2)
    assert not result.ok and result.attempts == 3 and "Kernel died" in result.error


def test_failed_rebuild_keeps_previous_good_output(tmp_path):
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir(), bad.mkdir()
    write_notebook(good / "n.ipynb", "print('goede versie')")
    write_notebook(bad / "n.ipynb", "raise ValueError('kapot')")
    job = NotebookJob("n.ipynb", "n", single, "Testrapport")
    out = tmp_path / "outputs"
    first = run_build(plan_build(2017, output_dir=out, jobs=[job], notebooks_dir=good), workers=1)
    assert all(r.ok for r in first)
    before = (out / "2017" / "n.html").read_bytes()
    second = run_build(plan_build(2017, output_dir=out, jobs=[job], notebooks_dir=bad), workers=1)
    failed = [r for r in second if r.name == "n"][0]
    assert not failed.ok and "ValueError: kapot" in failed.error
    assert (out / "2017" / "n.html").read_bytes() == before  # previous good report untouched
    assert (out / "2017" / "failed" / "n.ipynb").is_file()
    index = (out / "2017" / "index.html").read_text()
    assert "bijwerken mislukt; dit is de vorige versie" in index
    assert not [p for p in (out).iterdir() if p.name.startswith(".build-")]


def test_interrupted_build_keeps_outputs(tmp_path):
    target = tmp_path / "2017"
    target.mkdir()
    (target / "overview.html").write_text("vorige goede versie")
    proc = subprocess.Popen([index071_exe(), "build", "--edition", "2017", "--jobs", "1", "--only", "overview",
                             "--output-dir", str(tmp_path), "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert (target / "overview.html").read_text() == "vorige goede versie"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build-")]


@pytest.mark.parametrize("args, message", [
    (["--scenario", "nope.yml"], "nope.yml: key '(file)': scenario file not found"),
    (["--only", "basket-nope"], "unknown notebook run(s) ['basket-nope']"),
])
def test_cli_bad_build_request(tmp_path, args, message):
    proc = subprocess.run([index071_exe(), "build", "--edition", "2017", "--output-dir", str(tmp_path / "o"), *args],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1 and message in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()  # nothing run, nothing written
