"""Rebuilds: ``index071 build`` makes again only what changed, and the result is what a full build gives.

On a copy of ``data/``: a full build with the PDF handout; the same build again (nothing changed); one
basket's commentary edited (only that basket's report and the handout are made again); a report
deleted by hand (only that one again); then a ``--force --pdf`` build of the same data into another folder,
whose every page must be byte for byte the cached result's, after the one line that differs by
nature (the time a page was made).
"""

import json
import re
import shutil
from pathlib import Path

import pytest

from .test_new_edition import digest, index071

pytestmark = pytest.mark.integration

OLD_NOTE, NEW_NOTE = "Na een periode van flinke groei", "Na een lange periode van flinke groei"
#: The time a page was made ("30 november 2026 om 22:39 UTC"): the one part of a page that differs by nature.
MADE = re.compile(rb"\d{1,2} [a-z]+ \d{4} om \d{2}:\d{2} UTC")
REPORTS = 12


def record(out):
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    return {r["name"]: r for r in manifest["runs"]}


def made_again(out) -> dict[str, list[str]]:
    """Run name → the inputs that changed, for every output this build made (not reused)."""
    return {name: r["changed"] for name, r in record(out).items() if r["ok"] and not r["reused"]}


def pages(out) -> dict[str, bytes]:
    return {p.name: MADE.sub(b"<time>", p.read_bytes()) for p in sorted(out.glob("*.html"))}


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    """The full build, then the rebuilds, each with what it printed and the output folder's digest after it."""
    tmp = tmp_path_factory.mktemp("cache")
    data, root = tmp / "data", tmp / "outputs"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data" / "editions", data / "editions")
    build = ["build", "--edition", 2017, "--data-dir", data, "--output-dir", root, "--jobs", 2]
    out, steps = root / "2017", {}

    def step(name, *extra):
        proc = index071(*build, *extra)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        steps[name] = (proc, digest(out), made_again(out), pages(out))

    step("full", "--pdf")
    step("unchanged", "--pdf")
    notes = data / "editions" / "2017" / "commentary.yml"
    notes.write_text(notes.read_text(encoding="utf-8").replace(OLD_NOTE, NEW_NOTE), encoding="utf-8")
    step("commentary", "--pdf")
    step("without-pdf")
    (out / "theme-afval.html").unlink()
    step("deleted")
    forced = index071("build", "--edition", 2017, "--data-dir", data, "--output-dir", tmp / "full", "--jobs", 2,
                      "--force", "--pdf")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    return out, steps, tmp / "full" / "2017"


def test_full_build_makes_everything(cached):
    _, steps, _ = cached
    again = steps["full"][2]
    assert len(again) == REPORTS + 2 and set(again) >= {"excel", "pdf", "overview", "basket-regiomarketing"}
    assert all(changed == ["new"] for changed in again.values())


def test_nothing_changed_changes_nothing(cached):
    _, steps, _ = cached
    proc, after, _, _ = steps["unchanged"]
    assert proc.stdout.startswith("nothing changed since the build of ")
    assert f"the {REPORTS} reports, the Excel workbook and the PDF handout" in proc.stdout
    assert after == steps["full"][1]  # not one byte of the output folder, build.json included


def test_one_basket_note_makes_only_that_basket_and_the_handout_again(cached):
    out, steps, _ = cached
    proc, after, again, shown = steps["commentary"]
    assert again == {"basket-regiomarketing": ["commentary"], "pdf": ["reports"]}
    assert NEW_NOTE.encode() in shown["basket-regiomarketing.html"]
    before = steps["unchanged"][1]
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"basket-regiomarketing.html", "notebooks/basket-regiomarketing.ipynb",
                       "index071-2017.pdf", "build.json"}  # the index page and workbook are kept as well
    assert f"built {REPORTS} reports (1 made, {REPORTS - 1} unchanged and reused)" in proc.stdout
    assert re.search(r"basket-regiomarketing\s*│ ok\s*│.*│ commentary", proc.stdout)


def test_another_request_with_the_same_inputs_reuses_everything(cached):
    _, steps, _ = cached
    proc, after, again, _ = steps["without-pdf"]
    assert again == {}
    assert f"(0 made, {REPORTS} unchanged and reused)" in proc.stdout
    assert {k: v for k, v in after.items() if k != "build.json"} == \
           {k: v for k, v in steps["commentary"][1].items() if k != "build.json"}


def test_a_deleted_report_is_made_again(cached):
    _, steps, _ = cached
    _, after, again, _ = steps["deleted"]
    assert again == {"theme-afval": ["outputs"]}
    assert "theme-afval.html" in after


def test_cached_result_is_what_a_full_build_gives(cached):
    out, steps, full = cached
    assert set(made_again(full)) == set(record(full)) and all(c == ["forced"] for c in made_again(full).values())
    incremental, fresh = pages(out), pages(full)
    assert set(incremental) == set(fresh) and len(fresh) == REPORTS + 1
    different = [name for name in fresh if incremental[name] != fresh[name]]
    assert different == [], different
    assert NEW_NOTE.encode() in fresh["basket-regiomarketing.html"]
