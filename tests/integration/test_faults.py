"""Builds under faults (issue 10), with the real ``index071`` command and real kernels:

* ``kill -9`` of a build: its workers and kernels die with it; the next build takes over its lock and
  removes its staging folder.
* two builds of one output folder at once: the second stops at once, naming the first one's PID.
* a read-only output folder (a read-only tmpfs mount) and a full one (a small tmpfs): one message, nothing
  run or replaced, no empty notebook in ``failed/``. These need ``mount`` (root in a container that allows
  it) and are skipped with the reason otherwise.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from .conftest import index071_exe

pytestmark = pytest.mark.integration


def build(out: Path, *only: str, wait: bool = True):
    argv = [index071_exe(), "build", "--edition", "2017", "--jobs", "2", "--quiet", "--output-dir", str(out),
            "--only", *(only or ("overview",))]
    if not wait:
        return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(argv, capture_output=True, text=True, timeout=900)


def digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def wait_for(condition, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def kernels_of(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [p for p in process.children(recursive=True) if "ipykernel_launcher" in " ".join(p.cmdline())]
    except psutil.Error:
        return []


def test_kill_9_leaves_no_orphan_and_the_next_build_cleans_up(tmp_path):
    out = tmp_path / "outputs"
    first = build(out, "overview", "basket", wait=False)
    parent = psutil.Process(first.pid)
    wait_for(lambda: len(kernels_of(parent)) >= 2, 300, "two running kernels")
    family = parent.children(recursive=True)
    assert len(family) >= 4  # two workers, two kernels
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    _, alive = psutil.wait_procs(family, timeout=15)
    for process in alive:  # do not leave them running if the test fails
        process.kill()
    assert not alive, [" ".join(p.cmdline()[:4]) for p in alive]
    assert [p.name for p in out.glob(".build-2017-*")], "the killed build left its staging folder"
    assert (out / ".2017.lock").read_text().strip() == str(first.pid)

    second = build(out, "overview")
    assert second.returncode == 0, second.stderr
    assert not list(out.glob(".build-2017-*")) and not (out / ".2017.lock").exists()
    assert (out / "2017" / "overview.html").is_file()


def test_a_second_build_of_the_same_folder_stops_naming_the_first(tmp_path):
    out = tmp_path / "outputs"
    first = build(out, "overview", wait=False)
    wait_for(lambda: (out / ".2017.lock").is_file() and (out / ".2017.lock").read_text().strip(), 120, "the lock")
    second = build(out, "overview")
    assert second.returncode == 1
    assert f"another build (PID {first.pid}) is writing this folder" in second.stderr
    assert "Traceback" not in second.stderr
    assert first.wait(timeout=900) == 0, first.stderr.read()
    manifest = (out / "2017" / "build.json").read_text()
    assert '"name": "overview"' in manifest and not list(out.glob(".build-2017-*"))


@contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'mount failed'}); needs root "
                    f"and a container that allows mount")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def previous_build(out: Path) -> None:
    """A previous good build's files (what a failed build must leave alone)."""
    (out / "2017" / "notebooks").mkdir(parents=True)
    (out / "2017" / "overview.html").write_text("<p>vorige goede versie</p>" * 100, encoding="utf-8")
    (out / "2017" / "notebooks" / "overview.ipynb").write_text('{"cells": []}', encoding="utf-8")
    (out / "2017" / "index.html").write_text("<p>index</p>", encoding="utf-8")


@pytest.mark.parametrize("read_only", ["outputs", "outputs/2017"])
def test_a_read_only_output_folder_is_refused_before_anything_runs(tmp_path, read_only):
    with tmpfs(tmp_path / "outputs", "8m") as out:
        previous_build(out)
        if read_only == "outputs/2017":
            inner = subprocess.run(["mount", "--bind", "-o", "ro", str(out / "2017"), str(out / "2017")],
                                   capture_output=True, text=True)
            remount = subprocess.run(["mount", "-o", "remount,bind,ro", str(out / "2017")], capture_output=True,
                                     text=True)
            if inner.returncode or remount.returncode:
                pytest.skip(f"cannot bind-mount read-only here: {inner.stderr or remount.stderr}")
        else:
            subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        before = digest(out)
        start = time.monotonic()
        proc = build(out, "overview")
        took = time.monotonic() - start
        after = digest(out)
        if read_only == "outputs/2017":
            subprocess.run(["umount", "-l", str(out / "2017")], capture_output=True)
    assert before and after == before
    assert proc.returncode == 1
    assert f"{read_only.replace('outputs', str(out))}: the build cannot write here (read-only file system)" \
        in proc.stderr, proc.stderr
    assert "nothing was run" in proc.stderr and "Traceback" not in proc.stderr
    assert took < 60, "a notebook ran before the check"


@pytest.mark.parametrize("room", [4096, 16384], ids=["one-page-left", "four-pages-left"])
def test_a_full_disk_is_one_message_and_keeps_the_previous_outputs(tmp_path, room):
    """One page left: the writable check passes and nothing else fits; four: files are cut off half-way."""
    with tmpfs(tmp_path / "outputs", "2m") as out:
        previous_build(out)
        free = os.statvfs(out)
        filler = free.f_bavail * free.f_frsize - room
        with open(out / "filler", "wb") as fh:
            fh.write(b"\0" * filler)
        before = digest(out)
        proc = build(out, "overview")
        after = digest(out)
        left = sorted(p.name for p in out.iterdir())
        failed = list((out / "2017" / "failed").glob("*")) if (out / "2017" / "failed").exists() else []
    assert proc.returncode == 1
    assert "the disk is full or not writable (no space left on device" in proc.stderr, proc.stderr
    assert "nothing was retried" in proc.stderr and "Traceback" not in proc.stderr
    assert before and after == before
    assert left == ["2017", "filler"]  # no staging folder, no lock
    assert not failed
