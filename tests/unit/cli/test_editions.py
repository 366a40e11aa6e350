"""The edition subcommands in-process: new-edition, status, diff."""

import csv
import io
import json

from conftest import REVISED_2018

from index071lib.cli.main import main


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_new_edition_then_status_defaults_to_it(capsys, data_copy):
    code, out, err = run(capsys, "new-edition", 2018, "--from", 2017, "--data-dir", data_copy)
    assert code == 0 and "created" in out and (data_copy / "editions" / "2018" / "edition.yml").is_file()
    code, out, _ = run(capsys, "status", "--data-dir", data_copy, "--format", "csv")  # default: latest = 2018
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 38
    assert list(rows[0]) == ["id", "basket", "name", "source", "last_year", "lag", "missing_years", "status"]
    assert all(r["missing_years"].endswith("2017") and r["status"] == "lagged" for r in rows)
    code, out, _ = run(capsys, "status", "--data-dir", data_copy)
    assert "Index071 2018: 0 of 38 parameters have a value for 2017" in out


def test_new_edition_refuses_to_overwrite(capsys, data_copy):
    assert run(capsys, "new-edition", 2018, "--data-dir", data_copy)[0] == 0
    marker = data_copy / "editions" / "2018" / "values.csv"
    before = marker.read_bytes()
    code, out, err = run(capsys, "new-edition", 2018, "--from", 2017, "--data-dir", data_copy)
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.startswith("error: ") and "2018 already exists" in err
    assert marker.read_bytes() == before


def test_status_reports_broken_changelog(capsys, data_copy):
    (data_copy / "editions" / "2017" / "changelog.yml").write_text("edition: 2017\nchanges:\n  - kind: nieuw\n    reason: x\n")
    code, out, err = run(capsys, "status", "--data-dir", data_copy)
    assert code == 1 and out == ""
    assert "changelog.yml: changes[0], key 'kind': unknown kind" in err


def test_diff_formats(capsys, data_2018):
    code, out, err = run(capsys, "diff", "--data-dir", data_2018, "--format", "csv")  # 2018 vs 2017 by default
    assert code == 0 and err == ""  # every change is in the changelog: no notes
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["parameter", "name", "year", "previous", "current", "change", "kind", "cause"]
    assert {(r["parameter"], int(r["year"])) for r in rows if r["kind"] == "revised"} == set(REVISED_2018)
    code, out, _ = run(capsys, "diff", "--edition", 2018, "--against", 2017, "--data-dir", data_2018, "--format", "json")
    data = json.loads(out)
    assert (data["edition"], data["against"], data["undocumented"]) == (2018, 2017, [])
    assert {s["change"] for s in data["structure"]} == {"added", "dropped", "weight", "source"}
    assert len(data["revisions"]) == len(rows)
    code, out, _ = run(capsys, "diff", "--data-dir", data_2018)
    assert code == 0 and "4 changed values (2 from a method/source change)" in out


def test_diff_notes_undocumented_changes(capsys, data_2018, tmp_path):
    import shutil
    copy = tmp_path / "data"
    shutil.copytree(data_2018, copy)
    (copy / "editions" / "2018" / "changelog.yml").write_text("edition: 2018\nprevious: 2017\nchanges: []\n")
    code, out, err = run(capsys, "diff", "--data-dir", copy, "--format", "csv")
    assert code == 0
    assert "note: parameter 'misdrijven': dropped but not in changelog.yml (kind parameter_dropped)" in err
    # without the changelog the source change is a data revision
    assert {r["cause"] for r in csv.DictReader(io.StringIO(out))} == {"data"}


def test_diff_needs_a_previous_edition(capsys):
    code, out, err = run(capsys, "diff", "--edition", 2017)
    assert code == 1 and "no edition before 2017" in err and "Traceback" not in err


def test_compute_base_year_option(capsys):
    code, out, _ = run(capsys, "compute", "--base-year", 2015, "--format", "csv")
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["year"] == "2015"]
    assert code == 0 and all(abs(float(r["computed"]) - 100) < 1e-9 for r in rows) and len(rows) == 6
    code, out, err = run(capsys, "compute", "--base-year", 2011)
    assert code == 1 and "base_year: 2011 is not one of the years" in err and out == ""
