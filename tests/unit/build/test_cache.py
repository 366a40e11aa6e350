"""The build cache: which inputs make which report again, and the up-to-date check (no notebook runs here;
tests/integration/test_build_cache.py builds for real)."""

import json
import shutil

import pytest
import yaml

from index071lib.build import cache
from index071lib.build.runner import plan_build

BASKET_NOTE = "Na een periode van flinke groei"


def keys_of(data_dir, out):
    plan = plan_build(2017, data_dir=data_dir, output_dir=out)
    return {name: key.key for name, key in cache.plan_keys(plan, cache.plan_inputs(plan)).items()}


def changed_runs(before: dict, after: dict) -> set[str]:
    assert set(before) == set(after)
    return {name for name in before if before[name] != after[name]}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def data(data_copy):
    (data_copy / "scenarios").mkdir()
    return data_copy


def test_keys_are_stable(data, tmp_path):
    assert keys_of(data, tmp_path) == keys_of(data, tmp_path)


@pytest.mark.parametrize("old, new, runs", [
    # one basket's note: that basket only
    (BASKET_NOTE, "Na een lange periode van flinke groei", {"basket-regiomarketing"}),
    # a parameter's note is shown in its basket's report
    ("Een incidentele daling op een dergelijke ranking", "Een eenmalige daling op een dergelijke ranking",
     {"basket-life_sciences_health"}),
    ("De files zijn overal in de Randstad terug", "De files zijn terug", {"basket-vestigingsklimaat"}),
    # the total's note: the overview; a theme's note: that theme
    ("De index groeit in deze editie met 3 punten.", "De index groeit met 3 punten.", {"overview"}),
    ("Alleen het huishoudelijk restafval is bekend", "Alleen het restafval is bekend", {"theme-afval"}),
    # a new note on a parameter without one
    ("parameters:\n", "parameters:\n  expats: Meer expats dan ooit.\n", {"basket-regiomarketing"}),
    # a comment in the file changes nothing
    ("# Commentary for the Index071 2017", "# Notes for the Index071 2017", set()),
])
def test_a_note_makes_only_the_reports_that_show_it_again(data, tmp_path, old, new, runs):
    before = keys_of(data, tmp_path)
    edit(data / "editions" / "2017" / "commentary.yml", old, new)
    assert changed_runs(before, keys_of(data, tmp_path)) == runs


def test_a_notes_source_makes_the_report_showing_it_again(data, tmp_path):
    """A note's source decides its label (panel or publication): changing only the source is an edit."""
    before = keys_of(data, tmp_path)
    path = data / "editions" / "2017" / "commentary.yml"
    notes = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert notes["source"] == "publicatie"
    notes["baskets"]["regiomarketing"] = {"text": notes["baskets"]["regiomarketing"], "source": "panel"}
    path.write_text(yaml.safe_dump(notes, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert changed_runs(before, keys_of(data, tmp_path)) == {"basket-regiomarketing"}


def test_edition_data_makes_every_report_again(data, tmp_path):
    """Every report shows the data's checksum in its footer: any data file change re-runs them all."""
    before = keys_of(data, tmp_path)
    edit(data / "editions" / "2017" / "values.csv", "expats,2013,105", "expats,2013,106")
    after = keys_of(data, tmp_path)
    assert changed_runs(before, after) == set(before)
    edit(data / "editions" / "2017" / "edition.yml", "title: \"Index071 2017\"", "title: \"Index071 (2017)\"")
    assert changed_runs(after, keys_of(data, tmp_path)) == set(before)


def test_a_saved_scenario_makes_only_the_whatif_report_again(data, tmp_path):
    before = keys_of(data, tmp_path)
    (data / "scenarios" / "mijn.yml").write_text("name: mijn\nbasket_weights: {regiomarketing: 30}\n")
    assert changed_runs(before, keys_of(data, tmp_path)) == {"whatif"}


def test_a_previous_edition_makes_every_report_again(data, tmp_path):
    """The overview's changes section and the comparison read the previous edition; all runs count it."""
    plan = plan_build(2017, data_dir=data, output_dir=tmp_path)
    inputs = cache.plan_inputs(plan)
    shutil.copytree(data / "editions" / "2017", data / "editions" / "2016")
    edit(data / "editions" / "2016" / "edition.yml", "edition: 2017", "edition: 2016")
    assert cache.plan_inputs(plan).edition != inputs.edition


def test_a_notebook_change_makes_its_runs_again(data, tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(plan_build(2017).runs[0].notebook.parent, notebooks)

    def keys():
        plan = plan_build(2017, data_dir=data, output_dir=tmp_path / "out", notebooks_dir=notebooks)
        return {n: k.key for n, k in cache.plan_keys(plan, cache.plan_inputs(plan)).items()}

    before = keys()
    edit(notebooks / "theme.ipynb", "# Everything is computed by index071lib", "# All is computed by index071lib")
    assert changed_runs(before, keys()) == {"theme-energie", "theme-afval", "theme-betatechniek"}


def test_changed_parts_say_why(data, tmp_path):
    plan = plan_build(2017, data_dir=data, output_dir=tmp_path)
    key = cache.plan_keys(plan, cache.plan_inputs(plan))["basket-regiomarketing"]
    recorded = {"key": key.key, "parts": dict(key.parts)}
    edit(data / "editions" / "2017" / "commentary.yml", BASKET_NOTE, "Na groei")
    plan = plan_build(2017, data_dir=data, output_dir=tmp_path)
    new = cache.plan_keys(plan, cache.plan_inputs(plan))["basket-regiomarketing"]
    assert new.changed(recorded) == ["commentary"] and new.changed(None) == ["new"]


def test_every_note_a_report_shows_is_declared(edition, tmp_path):
    """The notes each job declares cover what its notebook shows (tables.note_html, parameter_notes_html)."""
    plan = plan_build(2017, output_dir=tmp_path)
    declared = {run.name: {(s, i) for s, i, *_ in cache.shown_notes(plan, run)} for run in plan.runs}
    assert declared["overview"] == {("total", None)}
    assert declared["theme-afval"] == {("themes", "afval")}
    regio = declared["basket-regiomarketing"]
    assert ("baskets", "regiomarketing") in regio and ("parameters", "museumbezoekers") in regio
    assert ("parameters", "shanghai_ranking") in declared["basket-life_sciences_health"]
    assert len(regio) == 1 + int((edition.basket_of == "regiomarketing").sum())
    assert declared["audit"] == declared["whatif"] == declared["sensitivity"] == set()


def test_still_valid_needs_the_same_key_and_the_same_bytes(tmp_path):
    key = cache.RunKey({"notebook": "a"})
    page = tmp_path / "x.html"
    page.write_text("report")
    recorded = cache.entry(key, {"html": page})
    assert cache.still_valid(recorded, key, {"html": page})
    assert not cache.still_valid(recorded, cache.RunKey({"notebook": "b"}), {"html": page})
    page.write_text("report, edited by hand")
    assert not cache.still_valid(recorded, key, {"html": page})
    page.unlink()
    assert not cache.still_valid(recorded, key, {"html": page})
    assert not cache.still_valid(None, key, {"html": page})


@pytest.fixture
def stamped(data, tmp_path):
    """A plan whose (fake) outputs and build.json with its stamp are in place."""
    plan = plan_build(2017, data_dir=data, output_dir=tmp_path / "out")
    plan.target.mkdir(parents=True)
    outputs = []
    for name in ("overview.html", "index.html"):
        (plan.target / name).write_text(f"<p>{name}</p>")
        outputs.append(plan.target / name)
    request = {**plan.request, "pdf": False}
    stamp = cache.make_stamp(plan, request, outputs)
    manifest = {"started": 0, "runs": [], "cache": cache.CacheRecord().to_dict(stamp)}
    (plan.target / "build.json").write_text(json.dumps(manifest))
    return plan, request


def test_up_to_date_when_nothing_changed(stamped):
    plan, request = stamped
    assert request == {"edition": 2017, "data_dir": str(plan.data_dir.resolve()), "only": None, "scenario": None,
                       "pdf": False}
    assert cache.up_to_date(request, plan.target) is not None


@pytest.mark.parametrize("change", [
    lambda plan: edit(plan.edition.path / "commentary.yml", BASKET_NOTE, "Na groei"),
    lambda plan: (plan.edition.path / "notities.txt").write_text("nieuw bestand"),
    lambda plan: (plan.data_dir / "scenarios" / "mijn.yml").write_text("name: mijn\n"),
    lambda plan: shutil.copytree(plan.edition.path, plan.data_dir / "editions" / "2018"),
    lambda plan: (plan.target / "overview.html").write_text("<p>anders</p>"),
    lambda plan: (plan.target / "index.html").unlink(),
], ids=["commentary", "new-file-in-edition", "saved-scenario", "new-edition", "output-edited", "output-gone"])
def test_not_up_to_date_after_any_change(stamped, change):
    plan, request = stamped
    change(plan)
    assert cache.up_to_date(request, plan.target) is None


def test_not_up_to_date_for_another_request(stamped):
    plan, request = stamped
    for other in ({"pdf": True}, {"only": ["overview"]}, {"edition": 2016}):
        assert cache.up_to_date({**request, **other}, plan.target) is None


def test_a_build_with_failures_leaves_no_stamp(stamped):
    plan, request = stamped
    manifest = json.loads((plan.target / "build.json").read_text())
    manifest["cache"]["stamp"] = None
    (plan.target / "build.json").write_text(json.dumps(manifest))
    assert cache.up_to_date(request, plan.target) is None


def test_the_up_to_date_check_imports_no_pandas():
    """``index071 build`` with nothing to do must start fast: no pandas, pandera or nbformat."""
    import subprocess
    import sys

    code = ("import sys; from index071lib.cli.main import build_parser; build_parser('build'); "
            "import index071lib.build.cache, index071lib.data.locations; "
            "print(sorted(m for m in ('pandas', 'pandera', 'numpy', 'nbformat') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
