"""Data entry through the installed ``index071`` command: template → fill in (as a person would, in a copy of the
workbook) → import, on a temporary copy of data/. The values are checked against the edition loaded back and
against ``values.csv`` read with the csv module; the 2017 edition's files stay byte-identical."""

from __future__ import annotations

import csv
import hashlib
import subprocess

import pytest
from conftest import FILLED_2018
from openpyxl import load_workbook

from index071lib.data.edition import load_edition
from index071lib.data.entry import FIRST_YEAR_COLUMN, HEADER_ROW

from .conftest import index071_exe

pytestmark = pytest.mark.integration


def index071(*args):
    return subprocess.run([index071_exe(), *map(str, args)], capture_output=True, text=True, timeout=300)


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_template_of_2017_imported_unchanged_changes_nothing(data_copy, tmp_path):
    folder = data_copy / "editions" / "2017"
    before = _digest(folder)
    book = tmp_path / "2017.xlsx"
    proc = index071("template", "--edition", 2017, "--data-dir", data_copy, "--output", book)
    assert proc.returncode == 0, proc.stderr
    proc = index071("import", "--edition", 2017, "--data-dir", data_copy, book)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{book}: valid; no change to {folder / 'values.csv'}\n"
    assert _digest(folder) == before


def test_fill_a_2018_scaffold_through_the_workbook(data_copy, tmp_path):
    assert index071("new-edition", 2018, "--from", 2017, "--data-dir", data_copy).returncode == 0
    book = tmp_path / "2018.xlsx"
    assert index071("template", "--edition", 2018, "--data-dir", data_copy, "-o", book).returncode == 0
    before_2017 = _digest(data_copy / "editions" / "2017")

    wb = load_workbook(book)
    for ws in wb.worksheets[1:]:
        years = {ws.cell(row=HEADER_ROW, column=c).value: c for c in range(FIRST_YEAR_COLUMN, ws.max_column + 1)}
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            pid = ws.cell(row=r, column=1).value
            for (p, year), value in FILLED_2018.items():
                if p == pid:
                    ws.cell(row=r, column=years[year], value=value)
    wb.save(book)

    dry = index071("import", "--edition", 2018, "--data-dir", data_copy, book, "--dry-run")
    target = data_copy / "editions" / "2018" / "values.csv"
    assert dry.returncode == 0, dry.stderr
    assert "5 new, 1 late" in dry.stdout and "dry run: nothing written" in dry.stdout
    scaffold = target.read_bytes()
    proc = index071("import", "--edition", 2018, "--data-dir", data_copy, book)
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {target} (5 new, 1 late)" in proc.stdout

    with open(target, newline="", encoding="utf-8") as fh:
        rows = {(r["parameter"], int(r["year"])): r["value"] for r in csv.DictReader(fh)}
    for key, value in FILLED_2018.items():
        assert rows[key] == str(value)
    changed = [a for a, b in zip(scaffold.decode().splitlines(), target.read_text().splitlines()) if a != b]
    assert len(changed) == len(FILLED_2018)  # nothing else in the file moved
    edition = load_edition(2018, data_copy)
    for (pid, year), value in FILLED_2018.items():
        assert edition.values.loc[pid, year] == value
    assert _digest(data_copy / "editions" / "2017") == before_2017

    status = index071("status", "--edition", 2018, "--data-dir", data_copy, "--format", "csv", "--dutch")
    assert status.returncode == 0 and status.stdout.startswith("id;basket;name;source;last_year;lag;missing_years;status")
    again = index071("import", "--edition", 2018, "--data-dir", data_copy, book)
    assert again.returncode == 0 and "valid; no change" in again.stdout
