"""The CLI in-process (fast); the installed entry point is exercised in tests/integration."""

import csv
import importlib
import io
import json
import re

import pytest

from index071lib.cli.main import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_compute_csv(capsys):
    code, out, err = run(capsys, "compute", "--edition", "2017", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "series,year,computed,published"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 30
    cell = next(r for r in rows if r["series"] == "ondernemerschap" and r["year"] == "2013")
    assert float(cell["computed"]) == pytest.approx(9616 / 94, abs=1e-12)
    assert len(cell["computed"]) > 10  # full precision, not rounded
    assert "sum to 94" in err and "sum to 99" in err


def test_params_csv(capsys):
    code, out, _ = run(capsys, "params", "--edition", "2017", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 38
    assert list(rows[0]) == ["id", "basket", "name", "weight", "polarity", "source", "first_year", "last_year"]
    r = next(r for r in rows if r["id"] == "verhuisde_personen")
    assert (r["first_year"], r["last_year"], r["weight"]) == ("2012", "2014", "15")


def test_audit_json(capsys):
    code, out, _ = run(capsys, "audit", "--edition", "2017", "--format", "json")
    findings = json.loads(out)
    assert code == 0
    assert {"kind", "subject", "message"} <= set(findings[0])
    assert {f["kind"] for f in findings} == {"base_year_fallback", "theme_index_mismatch", "theme_method",
                                              "weight_sum", "chapter_weight", "reproduction_residual", "text_claim"}


def test_audit_table(capsys):
    code, out, _ = run(capsys, "audit")
    assert code == 0 and "15 findings" in out and "chain" in out


def test_bad_input_exits_nonzero_without_traceback(capsys, data_copy):
    path = data_copy / "editions" / "2017" / "parameters.csv"
    path.write_text(path.read_text().replace("’ers,6,", "’ers,-6,"))
    code, out, err = run(capsys, "compute", "--data-dir", str(data_copy), "--format", "csv")
    assert code == 1 and out == ""
    assert "Traceback" not in err
    assert "parameters.csv" in err and "'zzp'" in err and "'weight'" in err


def test_compute_geometric(capsys, edition):
    from index071lib.core.pipeline import compute_index

    code, out, err = run(capsys, "compute", "--edition", "2017", "--format", "csv", "--aggregation", "geometric")
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = compute_index(edition, warn=False, aggregation="geometric").series
    assert code == 0 and len(rows) == 30
    # full precision to 1e-12 (CSV output drops the float noise of the 16th-17th digit: text.fmt.csv_number)
    assert all(float(r["computed"]) == pytest.approx(expected.loc[r["series"], int(r["year"])], abs=1e-12) for r in rows)
    arithmetic = list(csv.DictReader(io.StringIO(run(capsys, "compute", "--edition", "2017", "--format", "csv")[1])))
    assert all(float(g["computed"]) <= float(a["computed"]) + 1e-12 for g, a in zip(rows, arithmetic))
    code, out, _ = run(capsys, "compute", "--edition", "2017", "--aggregation", "geometric")
    assert code == 0 and "computed (lag alignment, geometric mean) vs published" in out


def test_compute_geometric_refuses_zero_without_traceback(capsys, data_copy):
    path = data_copy / "editions" / "2017" / "values.csv"
    path.write_text(path.read_text().replace("zzp,2015,120", "zzp,2015,-4"))
    code, out, err = run(capsys, "compute", "--data-dir", str(data_copy), "--format", "csv",
                         "--aggregation", "geometric")
    assert code == 1 and out == "" and "Traceback" not in err
    # a negative index value is refused when the edition is loaded (for every aggregation), naming the row
    assert re.search(r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': index value must not be negative "
                     r"\(got -4", err)


@pytest.mark.parametrize("command", ["compute", "params", "audit"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "--edition" in capsys.readouterr().out


def test_interrupt_while_starting_exits_130_without_traceback(capsys, monkeypatch):
    cli = importlib.import_module("index071lib.cli.main")  # the package exports main(), which shadows the module

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert cli.main(["compute"]) == 130
    assert capsys.readouterr().err == "error: interrupted\n"


def test_no_data_folder_is_one_clear_message(capsys, tmp_path, monkeypatch):
    """An installed ``index071`` outside any data folder: ask for --data-dir / $INDEX071_DATA, exit 1."""
    from index071lib.data import locations

    monkeypatch.delenv("INDEX071_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(locations, "checkout_data_dir", lambda: None)
    for args in (["compute"], ["build", "--output-dir", str(tmp_path / "out")], ["whatif", "--scenario", "life_sciences_20"]):
        code, out, err = run(capsys, *args)
        assert code == 1 and out == ""
        assert err.startswith(f"error: {tmp_path / 'data' / 'editions'}: folder: no edition data here")
        assert "--data-dir" in err and "$INDEX071_DATA" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_names_with_rich_markup_are_printed_as_written(capsys, data_copy):
    """``[...]`` in a name is text for the CLI's tables; ``[/]`` used to end the program with a markup error."""
    path = data_copy / "editions" / "2017" / "parameters.csv"
    name = "[/] [bold]vet[/bold] [link=javascript:alert(1)]klik[/link]"
    path.write_text(path.read_text(encoding="utf-8").replace("Aantal zzp’ers", name, 1), encoding="utf-8")
    code, out, err = run(capsys, "params", "--data-dir", str(data_copy))
    assert code == 0, err
    squeezed = "".join(line.split("│")[3] for line in out.splitlines() if line.count("│") > 3).replace(" ", "")
    assert name.replace(" ", "") in squeezed  # the name column, folded over lines, holds every character


def test_command_modules_list_what_each_module_registers():
    """``build_parser(command)`` imports only the module of that command: the list must be right."""
    import argparse

    from index071lib.cli.main import COMMAND_MODULES

    for module, names in COMMAND_MODULES.items():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        assert tuple(sub.choices) == names, module


@pytest.mark.parametrize("argv", [["build", "--help"], ["status", "--help"], ["--help"]])
def test_one_command_parser_or_all(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert ("--force" in out) == (argv[0] == "build")
    assert ("new-edition" in out) == (argv == ["--help"])
