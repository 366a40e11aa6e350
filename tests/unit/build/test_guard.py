"""A build on a shared output folder: the lock, the writable check, stale staging, workers that die with
the build, no retry on a full disk, and a report's files swapped together (no notebooks run here; the
real faults are in tests/integration/test_faults.py)."""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from index071lib.build import notebook
from index071lib.build.guard import (
    OutputError,
    OutputLock,
    check_writable,
    die_with_parent,
    lock_path,
    remember_parent,
    remove_stale_staging,
)
from index071lib.build.notebook import JobResult, run_job
from index071lib.build.runner import _swap_together, make_staging, plan_build, swap_in


def test_a_second_lock_names_the_first_holder_and_is_free_after_release(tmp_path):
    target = tmp_path / "outputs" / "2017"
    with OutputLock(target):
        assert lock_path(target).read_text().strip() == str(os.getpid())
        with pytest.raises(OutputError, match=rf"2017: another build \(PID {os.getpid()}\) is writing this folder"):
            OutputLock(target).acquire()
    assert not lock_path(target).exists()
    with OutputLock(target):
        pass


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from index071lib.build.guard import OutputLock
    OutputLock(Path(sys.argv[1])).acquire()
    print("locked", flush=True)
    time.sleep(60)
""")


def test_the_lock_of_a_killed_build_is_taken_over(tmp_path):
    target = tmp_path / "2017"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(OutputError, match=rf"another build \(PID {holder.pid}\)"):
            OutputLock(target).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert lock_path(target).read_text().strip() == str(holder.pid)  # the dead build's file is still there
    with OutputLock(target):
        assert lock_path(target).read_text().strip() == str(os.getpid())


def test_stale_staging_of_the_same_target_is_removed_and_no_other(tmp_path):
    for name in (".build-2017-abc", ".build-2017-def", ".build-2018-abc", "2017"):
        (tmp_path / name / "notebooks").mkdir(parents=True)
    removed = remove_stale_staging(tmp_path / "2017")
    assert sorted(p.name for p in removed) == [".build-2017-abc", ".build-2017-def"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build-2018-abc", "2017"]


def test_output_folder_must_be_a_folder_and_writable(tmp_path):
    check_writable(tmp_path / "outputs" / "2017")  # created on the way
    assert (tmp_path / "outputs").is_dir() and not list((tmp_path / "outputs").iterdir())
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match=r"file: is a file, not a folder"):
        check_writable(tmp_path / "file" / "2017")


def _grandchild(ready):
    remember_parent()
    pid = os.fork()
    if pid == 0:  # the "worker": arms the death signal and starts a "kernel"
        die_with_parent(interval=0.2)
        kernel = subprocess.Popen(["sleep", "60"])
        ready.put((os.getpid(), kernel.pid))
        time.sleep(60)
        os._exit(0)
    time.sleep(60)


def test_a_worker_and_its_kernel_die_when_the_build_is_killed():
    ready = multiprocessing.get_context("fork").Queue()
    build = multiprocessing.get_context("fork").Process(target=_grandchild, args=(ready,))
    build.start()
    worker, kernel = ready.get(timeout=30)
    os.kill(build.pid, signal.SIGKILL)
    build.join()
    gone, alive = psutil.wait_procs([psutil.Process(worker), psutil.Process(kernel)], timeout=10)
    for process in alive:
        process.kill()
    assert not alive, [p.pid for p in alive]


def test_a_full_disk_is_not_retried(tmp_path, monkeypatch):
    import papermill

    calls = []

    def full(*args, **kwargs):
        calls.append(1)
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "notebooks" / "x.ipynb"))

    monkeypatch.setattr(papermill, "execute_notebook", full)
    result = run_job("x", "x.ipynb", {}, str(tmp_path))
    assert (len(calls), result.attempts, result.ok, result.no_room) == (1, 1, False, True)
    assert result.error == f"no space left on device ({tmp_path}/notebooks/x.ipynb)"


def test_a_kernel_that_fails_to_start_is_still_retried(tmp_path, monkeypatch):
    import papermill

    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        raise OSError(errno.EADDRINUSE, "Address already in use")

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    monkeypatch.setattr(notebook.time, "sleep", lambda s: None)
    result = run_job("x", "x.ipynb", {}, str(tmp_path))
    assert len(calls) == result.attempts == 3 and not result.no_room


def test_a_reports_files_are_swapped_together_or_not_at_all(tmp_path):
    old_html, old_nb = tmp_path / "r.html", tmp_path / "r.ipynb"
    old_html.write_text("old html")
    old_nb.write_text("old notebook")
    new_html, new_nb = tmp_path / "new.html", tmp_path / "new.ipynb"
    new_html.write_text("new html")  # the new notebook is missing: the second move fails
    with pytest.raises(OSError):
        _swap_together([(new_html, old_html), (new_nb, old_nb)], tmp_path / "backup")
    assert old_html.read_text() == "old html" and old_nb.read_text() == "old notebook"


def test_a_run_that_failed_for_lack_of_room_leaves_no_notebook_in_failed(tmp_path):
    plan = plan_build(2017, output_dir=tmp_path, only=["overview", "audit"])
    staging = make_staging(plan)
    (staging / "notebooks").mkdir()
    (staging / "notebooks" / "audit.ipynb").write_text("")
    (staging / "notebooks" / "overview.ipynb").write_text('{"cells": []')
    results = [JobResult("audit", False, 1.0, notebook=str(staging / "notebooks" / "audit.ipynb"), error="x"),
               JobResult("overview", False, 1.0, notebook=str(staging / "notebooks" / "overview.ipynb"),
                         error="no space left on device", no_room=True)]
    swap_in(plan, staging, results, [])
    assert not (plan.target / "failed").exists()
    assert [r.notebook for r in results] == [None, None]
