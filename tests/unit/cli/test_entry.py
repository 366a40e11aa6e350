"""The data-entry subcommands in-process: template, import (dry run and write), and --dutch CSV output."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from index071lib.cli.main import main
from index071lib.data.edition import load_edition
from index071lib.data.entry import FIRST_YEAR_COLUMN, HEADER_ROW


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_template_writes_and_refuses_to_overwrite(capsys, data_copy, tmp_path):
    path = tmp_path / "invoer.xlsx"
    code, out, err = run(capsys, "template", "--edition", 2017, "--data-dir", data_copy, "--output", path)
    assert code == 0 and out.startswith(f"wrote {path}: edition 2017, 5 basket sheets, 38 parameters") and err == ""
    path.write_bytes(b"filled in by hand")
    code, out, err = run(capsys, "template", "--edition", 2017, "--data-dir", data_copy, "--output", path)
    assert code == 1 and out == ""
    assert err == f"error: --output: {path} exists; it is not overwritten (a filled-in workbook may be lost): give " \
                  f"another --output, or --force to replace it\n"
    assert path.read_bytes() == b"filled in by hand"
    assert run(capsys, "template", "--data-dir", data_copy, "--output", path, "--force")[0] == 0
    assert load_workbook(path).sheetnames[1] == "Life Sciences & Health"


def test_template_output_must_be_xlsx(capsys, data_copy, tmp_path):
    code, out, err = run(capsys, "template", "--data-dir", data_copy, "--output", tmp_path / "invoer.csv")
    assert code == 1 and "must end in .xlsx" in err and not (tmp_path / "invoer.csv").exists()


def test_import_dry_run_then_write(capsys, data_copy, tmp_path):
    assert run(capsys, "new-edition", 2018, "--from", 2017, "--data-dir", data_copy)[0] == 0
    path = tmp_path / "invoer.xlsx"
    assert run(capsys, "template", "--edition", 2018, "--data-dir", data_copy, "-o", path)[0] == 0
    target = data_copy / "editions" / "2018" / "values.csv"
    before = target.read_bytes()
    code, out, _ = run(capsys, "import", "--edition", 2018, "--data-dir", data_copy, path, "--dry-run")
    assert code == 0 and "valid; no change" in out and target.read_bytes() == before
    wb = load_workbook(path)
    ws = wb["Life Sciences & Health"]
    ws.cell(row=HEADER_ROW + 1, column=FIRST_YEAR_COLUMN + 5).value = 137   # bsp_werkzame_personen 2017
    ws.cell(row=HEADER_ROW + 1, column=FIRST_YEAR_COLUMN + 1).value = 121   # 2013 was 120
    wb.save(path)
    code, out, _ = run(capsys, "import", "--edition", 2018, "--data-dir", data_copy, path, "--dry-run")
    assert code == 0 and "1 new, 1 revised" in out and "dry run: nothing written" in out
    assert target.read_bytes() == before
    code, out, _ = run(capsys, "import", "--edition", 2018, "--data-dir", data_copy, path)
    assert code == 0 and f"wrote {target} (1 new, 1 revised)" in out
    assert load_edition(2018, data_copy).values.loc["bsp_werkzame_personen", [2013, 2017]].tolist() == [121, 137]


def test_import_of_a_bad_workbook_writes_nothing(capsys, data_copy, tmp_path):
    path = tmp_path / "invoer.xlsx"
    assert run(capsys, "template", "--data-dir", data_copy, "-o", path)[0] == 0
    wb = load_workbook(path)
    wb["Regiomarketing"].cell(row=HEADER_ROW + 2, column=FIRST_YEAR_COLUMN + 2).value = "n.b."
    wb["Regiomarketing"].cell(row=HEADER_ROW + 1, column=FIRST_YEAR_COLUMN + 4).value = 130  # a valid change …
    wb.save(path)
    target = data_copy / "editions" / "2017" / "values.csv"
    before = target.read_bytes()
    code, out, err = run(capsys, "import", "--data-dir", data_copy, path)
    assert code == 1 and out == ""  # … is not written either
    assert err.startswith(f"error: {path}: sheet 'Regiomarketing', row 6, column I (2014) (parameter 'expats'), "
                          f"field 'value': not a number (got 'n.b.')")
    assert target.read_bytes() == before


def test_dutch_csv_output(capsys, data_copy):
    code, plain, _ = run(capsys, "compute", "--data-dir", data_copy, "--format", "csv")
    code, dutch, _ = run(capsys, "compute", "--data-dir", data_copy, "--format", "csv", "--dutch")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(plain)))
    dutch_rows = list(csv.DictReader(io.StringIO(dutch), delimiter=";"))
    assert dutch.splitlines()[0] == "series;year;computed;published"
    assert rows[1] == {"series": "life_sciences_health", "year": "2013", "computed": "100.51", "published": "101"}
    assert dutch_rows[1] == {"series": "life_sciences_health", "year": "2013", "computed": "100,51", "published": "101"}
    assert len(rows) == len(dutch_rows) == 30


def test_no_float_noise_in_csv_outputs(capsys, data_copy):
    for args in (["compute"], ["whatif", "--scenario", "gelijke_wegingen"], ["params"], ["status"]):
        code, out, _ = run(capsys, *args, "--data-dir", data_copy, "--format", "csv")
        assert code == 0
        for cell in (c for line in out.splitlines()[1:] for c in next(csv.reader([line]))):
            assert "e-" not in cell and "0000000" not in cell and "9999999" not in cell, (args, cell)
