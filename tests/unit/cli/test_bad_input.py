"""The bad-input catalogue (issue 10): every file of an edition, scenario files and CLI options, each mutated.

Each case runs the CLI in-process on a fresh copy of the 2017 data and asserts: the exit code (1 for bad
data, 2 for a bad option), one message naming the file and the row or key and the column (a regex per case),
no traceback and no Python exception text, at most 21 message lines, nothing on stdout, and nothing written
(checksums of the data folder and of an output folder holding a previous build, before and after).
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from index071lib.cli.main import main
from index071lib.errors import MAX_PROBLEMS

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
E = "editions/2017"
#: Python's own words, which must never reach a user: a traceback, an exception repr, an exception class name.
PYTHON_TEXT = re.compile(r"Traceback|File \"|[A-Z][A-Za-z]*(Error|Exception)\b|\w+Error\(")


@dataclass
class Case:
    """One bad input: what to change, which command reads it, and what the message must name."""

    id: str
    change: Callable[[Path], None]
    expect: list[str]
    command: list[str] = field(default_factory=lambda: ["compute"])
    code: int = 1


# --- ways to spoil a file (paths relative to the data folder) ------------------------------------------------

def edit(file: str, old: str, new: str, count: int = 1):
    def change(data: Path) -> None:
        path = data / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return change


def write(file: str, content: str | bytes):
    def change(data: Path) -> None:
        path = data / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return change


def drop_lines(file: str, pattern: str):
    def change(data: Path) -> None:
        path = data / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not re.search(pattern, line)]
        assert len(kept) < len(lines), (file, pattern)
        path.write_text("".join(kept), encoding="utf-8")
    return change


def latin1(file: str, old: str):
    """Replace ``old`` by the same text with an é in latin-1 (one byte 0xe9, invalid UTF-8)."""
    def change(data: Path) -> None:
        path = data / file
        raw = path.read_bytes()
        assert old.encode() in raw, (file, old)
        path.write_bytes(raw.replace(old.encode(), old.encode() + b"\xe9", 1))
    return change


def dutch(file: str, replace: dict[str, str | None]):
    """The file as Dutch Excel saves it (';' between columns; a text with ';' quoted), with some lines replaced
    (``comma text -> semicolon text``; ``None``: give that line's value a decimal comma, making it a comma file)."""
    def change(data: Path) -> None:
        path = data / file
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            match = next((k for k in replace if line.startswith(k)), None)
            if match is not None and replace[match] is not None:
                out.append(replace[match])
            else:
                fields = next(csv.reader([line]))
                if match is not None and fields[-1].isdigit():
                    fields[-1] += ",5"
                out.append(";".join(f'"{f}"' if ";" in f else f for f in fields))
        path.write_text("\r\n".join(out) + "\r\n", encoding="utf-8")
    return change


def workbook(spoil=None, content: bytes | None = None):
    """A workbook of ``index071 template`` for 2017 in the data folder (``book.xlsx``), spoilt by ``spoil(wb)``."""
    def change(data: Path) -> None:
        from openpyxl import load_workbook

        from index071lib.data.edition import load_edition
        from index071lib.report.template import write_template

        path = data / BOOK
        if content is not None:
            path.write_bytes(content)
            return
        write_template(load_edition(2017, data), path)
        wb = load_workbook(path)
        spoil(wb)
        wb.save(path)
    return change


def folder_instead(file: str):
    def change(data: Path) -> None:
        (data / file).unlink()
        (data / file).mkdir()
    return change


def flood(data: Path) -> None:
    rows = "".join(f"zzp,{2012 + i % 5},x{i}\n" for i in range(10_000))
    (data / E / "values.csv").write_text("parameter,year,value\n" + rows, encoding="utf-8")


def both(*changes):
    def change(data: Path) -> None:
        for c in changes:
            c(data)
    return change


def nothing(data: Path) -> None:
    pass


def scaffold_2018(data: Path) -> None:
    """``index071 new-edition 2018`` and nothing filled in yet."""
    from index071lib.data.scaffold import new_edition

    new_edition(2018, 2017, data)


def blank_year(file: str, year: int):
    """Every value of ``year`` left blank (a new edition whose newest year nobody filled in)."""
    def change(data: Path) -> None:
        path = data / file
        text = path.read_text(encoding="utf-8")
        blanked = re.sub(rf"^([^,\n]+),{year},[^,\n]*$", rf"\1,{year},", text, flags=re.M)
        assert blanked != text
        path.write_text(blanked, encoding="utf-8")
    return change


SCENARIO = "my.yml"
SCENARIO_OK = "name: mijn_scenario\ndescription: \"Test\"\nbasket_weights: {life_sciences_health: 20}\n"
WHATIF = ["whatif", "--scenario", "{data}/" + SCENARIO]
STATUS = ["status"]
BUILD = ["build", "--output-dir", "{out}", "--jobs", "1"]
V = f"{E}/values.csv"
P = f"{E}/parameters.csv"
Y = f"{E}/edition.yml"
CL = f"{E}/changelog.yml"
CM = f"{E}/commentary.yml"
VLINE = "zzp,2014,112\n"
BOOK = "book.xlsx"
IMPORT = ["import", "{data}/" + BOOK]

CASES = [
    # values.csv
    Case("values-inf", edit(V, VLINE, "zzp,2014,inf\n"), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': not a number"]),
    Case("values-1e309", edit(V, VLINE, "zzp,2014,1e309\n"), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': must be a finite number"]),
    Case("values-1e300", edit(V, VLINE, "zzp,2014,1e300\n"), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': index value above 10,000"]),
    Case("values-NaN", edit(V, VLINE, "zzp,2014,NaN\n"), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': not a number.*'-'"]),
    Case("values-negative", edit(V, VLINE, "zzp,2014,-5\n"), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': index value must not be negative"]),
    Case("values-negative-fraction", edit(V, VLINE, "zzp,2014,-0.5\n"), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': index value must not be negative"]),
    Case("values-zero-base", edit(V, "expats,2012,100\n", "expats,2012,0\n"), [r"values\.csv: row \d+ \(parameter 'expats'\), column 'value': base value \(2012\) must be 100"]),
    Case("values-negative-base", edit(V, "expats,2012,100\n", "expats,2012,-100\n"), [r"values\.csv: row \d+ \(parameter 'expats'\), column 'value': index value must not be negative"]),
    Case("values-base-not-100", edit(V, "expats,2012,100\n", "expats,2012,90\n"), [r"values\.csv: row \d+ \(parameter 'expats'\), column 'value': base value \(2012\) must be 100"]),
    Case("values-base-row-missing", drop_lines(V, r"^expats,2012,"), [r"values\.csv: parameter 'expats', column 'value': no value for the base year 2012"]),
    Case("values-base-value-blank", edit(V, "expats,2012,100\n", "expats,2012,-\n"), [r"values\.csv: parameter 'expats', column 'value': no value for the base year 2012"]),
    Case("values-parameter-without-rows", drop_lines(V, r"^expats,"), [r"values\.csv: parameter 'expats': has no rows"]),
    Case("values-header-only", write(V, "parameter,year,value\n"), [r"values\.csv: file: has no rows \(only the header\)"]),
    Case("values-empty-file", write(V, ""), [r"values\.csv: file: is empty"]),
    Case("values-tabs", lambda d: (d / V).write_text((d / V).read_text().replace(",", "\t")), [r"values\.csv: header: columns must be separated by commas \(or by semicolons, as Dutch Excel writes\), not by a tab"]),
    # values.csv as Dutch Excel saves it: semicolons, decimal commas (read), and what stays unclear (refused)
    Case("values-dutch-dot-among-commas", dutch(V, {"zzp,2014,112": "zzp;2014;112.5", "expats,2013,": None}), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': a dot in a number of a file with decimal commas"]),
    Case("values-dutch-thousands-dot", dutch(V, {"zzp,2014,112": "zzp;2014;1.120"}), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': unclear in a file separated by semicolons: 1234 or 1\.234\?"]),
    Case("values-dutch-two-commas", dutch(V, {"zzp,2014,112": "zzp;2014;11,2,5"}), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': not a number \(got '11,2,5'\)"]),
    Case("values-dutch-extra-field", dutch(V, {"zzp,2014,112": "zzp;2014;112;7"}), [r"values\.csv: line \d+: 4 fields, expected 3 \(parameter;year;value\); quote a text that holds a semicolon"]),
    Case("values-dutch-negative", dutch(V, {"zzp,2014,112": "zzp;2014;-1,5"}), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': index value must not be negative"]),
    Case("parameters-dutch-weight-word", both(edit(P, "’ers,6,", "’ers,zes,"), dutch(P, {})), [r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'weight': not a number \(got 'zes'\)"]),
    Case("values-bad-year", edit(V, VLINE, "zzp,20x4,112\n"), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'year': not a number \(got '20x4'\)"]),
    Case("values-fraction-year", edit(V, VLINE, "zzp,2014.5,112\n"), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'year': not a whole number"]),
    Case("values-year-outside", edit(V, VLINE, "zzp,2021,112\n"), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'year': year outside"]),
    Case("values-unknown-parameter", edit(V, VLINE, "zzq,2014,112\n"), [r"values\.csv: row \d+ \(parameter 'zzq'\), column 'parameter': unknown parameter"]),
    Case("values-duplicate-row", edit(V, VLINE, VLINE + VLINE), [r"values\.csv: row \d+ \(parameter 'zzp'\), column 'parameter, year': duplicate"]),
    Case("values-extra-field", edit(V, VLINE, "zzp,2014,112,7\n"), [r"values\.csv: line \d+: 4 fields, expected 3"]),
    Case("values-column-renamed", edit(V, "parameter,year,value", "parameter,year,waarde"), [r"values\.csv: header, column 'value': required column is missing"]),
    Case("values-latin1", latin1(V, "zzp,2014,112"), [r"values\.csv: file: is not UTF-8 text: byte 0xe9 at line \d+, column 13"]),
    Case("values-is-a-folder", folder_instead(V), [r"values\.csv: file: is a directory, not a file"]),
    Case("values-unclosed-quote", edit(V, VLINE, 'zzp,"2014,112\n'), [r"values\.csv: line \d+: a quote"]),
    Case("values-10000-bad-rows", flood, [r"values\.csv: row 2 \(parameter 'zzp'\), column 'value': not a number", r"… and [\d,]+ more problems"]),
    # parameters.csv
    Case("parameters-negative-weight", edit(P, "’ers,6,", "’ers,-6,"), [r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'weight': weight must be a number from 0 to 100"]),
    Case("parameters-weight-word", edit(P, "’ers,6,", "’ers,zes,"), [r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'weight': not a number \(got 'zes'\)"]),
    Case("parameters-weight-140", edit(P, "’ers,6,", "’ers,140,"), [r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'weight': weight must be a number from 0 to 100"]),
    Case("parameters-weight-inf", edit(P, "’ers,6,", "’ers,inf,"), [r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'weight': not a number"]),
    Case("parameters-basket-all-zero", lambda d: (d / P).write_text(re.sub(r"(,regiomarketing,\d+,[^,]*,)\d+,", r"\g<1>0,", (d / P).read_text(encoding="utf-8")), encoding="utf-8"),
         [r"parameters\.csv: basket 'regiomarketing', column 'weight': all weights of the basket are zero"]),
    Case("parameters-unknown-basket", edit(P, "zzp,ondernemerschap", "zzp,ondernemen"), [r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'basket': unknown basket"]),
    Case("parameters-duplicate-id", edit(P, "\nzzp,", "\nstarters,"), [r"parameters\.csv: row \d+ \(parameter 'starters'\), column 'id': duplicate"]),
    Case("parameters-id-not-slug", edit(P, "\nzzp,", "\nZZP,"), [r"parameters\.csv: row \d+ \(parameter 'ZZP'\), column 'id': must be a slug"]),
    Case("parameters-polarity", edit(P, "’ers,6,higher_is_better", "’ers,6,up"), [r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'polarity'"]),
    Case("parameters-unclosed-quote", edit(P, "Aantal life sciences bedrijven BSP", '"Aantal life sciences bedrijven BSP'), [r"parameters\.csv: line 3: a quote \(\"\) opened on this line"]),
    Case("parameters-header-only", write(P, "id,basket,order,name,weight,polarity,source,note\n"), [r"parameters\.csv: file: has no rows"]),
    Case("parameters-column-missing", edit(P, "id,basket,order", "id,mandje,order"), [r"parameters\.csv: header, column 'basket': required column is missing"]),
    Case("parameters-order-fraction", edit(P, "life_sciences_health,1,", "life_sciences_health,1.5,"), [r"parameters\.csv: row 2 \(parameter 'bsp_werkzame_personen'\), column 'order': not a whole number"]),
    # edition.yml
    Case("edition-year-2099", edit(Y, "edition: 2017", "edition: 2099"), [r"edition\.yml: top level, key 'edition': is 2099 but the folder is named 2017"]),
    Case("edition-year-abc", edit(Y, "edition: 2017", "edition: abc"), [r"edition\.yml: top level, key 'edition': must be a year"]),
    Case("edition-duplicate-key", edit(Y, "base_year: 2012", "base_year: 2012\nbase_year: 2013"), [r"edition\.yml: file: key 'base_year' appears twice \(lines \d+ and \d+\)"]),
    Case("edition-latin1", latin1(Y, 'name: "Regiomarketing'), [r"edition\.yml: file: is not UTF-8 text: byte 0xe9 at line \d+, column \d+"]),
    Case("edition-baskets-oops", edit(Y, "baskets:\n", "baskets: oops\nformer_baskets:\n"), [r"edition\.yml: top level, key 'baskets': must be a list"]),
    Case("edition-themes-energie", edit(Y, "themes:\n", "themes: energie\nformer_themes:\n"), [r"edition\.yml: top level, key 'themes': must be a list"]),
    Case("edition-basket-weights-zero", lambda d: (d / Y).write_text(re.sub(r"weight: \d+", "weight: 0", (d / Y).read_text(encoding="utf-8")), encoding="utf-8"),
         [r"edition\.yml: baskets, key 'weight': all basket weights are zero"]),
    Case("edition-basket-weight-word", edit(Y, "    weight: 22\n", "    weight: veel\n"), [r"edition\.yml: baskets\[3\] \(basket 'vestigingsklimaat'\), key 'weight': not a number"]),
    Case("edition-basket-entry-not-mapping", edit(Y, "  - id: regiomarketing\n    name: \"Regiomarketing\"\n    weight: 19\n", "  - regiomarketing\n"), [r"edition\.yml: baskets\[4\]: must be a mapping"]),
    Case("edition-base-year-outside", edit(Y, "base_year: 2012", "base_year: 2008"), [r"edition\.yml: top level, key 'base_year': 2008 is not one of the years"]),
    Case("edition-years-gap", edit(Y, "years: [2012, 2013, 2014, 2015, 2016]", "years: [2012, 2014, 2015, 2016]"), [r"edition\.yml: top level, key 'years': must be a list of consecutive years"]),
    Case("edition-years-after-edition", edit(Y, "years: [2012, 2013, 2014, 2015, 2016]", "years: [2012, 2013, 2014, 2015, 2016, 2017, 2018]"), [r"edition\.yml: top level, key 'years': ends in 2018, after the edition year 2017"]),
    Case("edition-files-missing", edit(Y, "files:\n", "bestanden:\n"), [r"edition\.yml: top level, key 'files': required key is missing"]),
    Case("edition-file-outside-folder", edit(Y, "values: values.csv", "values: ../../../values.csv"), [r"edition\.yml: files, key 'values': must be the name of a file in the edition folder"]),
    Case("edition-yaml-syntax", edit(Y, "base_year: 2012", "base_year: [2012"), [r"edition\.yml: file: invalid YAML at line \d+, column \d+"]),
    Case("edition-a-list", write(Y, "- 2017\n- 2012\n"), [r"edition\.yml: file: must be a mapping"]),
    Case("edition-empty", write(Y, ""), [r"edition\.yml: file: must be a mapping"]),
    Case("edition-basket-without-parameters", edit(Y, "  - id: regiomarketing\n", "  - id: extra\n    name: Extra\n    weight: 1\n  - id: regiomarketing\n"),
         [r"parameters\.csv: basket 'extra', column 'basket': has no parameters"]),
    # published.csv, chapter_weights.csv, theme_series.csv, theme_values.csv
    Case("published-inf", edit(f"{E}/published.csv", "life_sciences_health,2013,101", "life_sciences_health,2013,-inf"), [r"published\.csv: row 3 \(series 'life_sciences_health'\), column 'value': not a number"]),
    Case("published-unknown-series", edit(f"{E}/published.csv", "life_sciences_health,2013,101", "life_science,2013,101"), [r"published\.csv: row 3 \(series 'life_science'\), column 'series': unknown series"]),
    Case("chapter-weights-negative", edit(f"{E}/chapter_weights.csv", "bsp_ls_bedrijven,14,", "bsp_ls_bedrijven,-14,"), [r"chapter_weights\.csv: row 3 \(parameter 'bsp_ls_bedrijven'\), column 'weight': weight must be"]),
    Case("theme-series-unknown-theme", edit(f"{E}/theme_series.csv", "aardgas_woningen,energie,", "aardgas_woningen,energy,"), [r"theme_series\.csv: row 2 \(series 'aardgas_woningen'\), column 'theme': unknown theme"]),
    Case("theme-values-word", edit(f"{E}/theme_values.csv", "restafval_huishoudens,2013,2013,61142", "restafval_huishoudens,2013,2013,veel"), [r"theme_values\.csv: row \d+ \(series 'restafval_huishoudens'\), column 'value': not a number"]),
    Case("theme-values-negative", edit(f"{E}/theme_values.csv", "aardgas_woningen,2013,2013,164277", "aardgas_woningen,2013,2013,-164277"), [r"theme_values\.csv: row 3 \(series 'aardgas_woningen'\), column 'value': raw value must be > 0"]),
    # reference.csv (context figures of the publication)
    Case("reference-word", edit(f"{E}/reference.csv", "2015–2016,1.8,", "2015–2016,veel,"), [r"reference\.csv: row 2 \(id 'bbp_groei_2016'\), column 'value': not a number"]),
    Case("reference-unknown-page", edit(f"{E}/reference.csv", "bbp_groei_2016,overview,", "bbp_groei_2016,voorpagina,"), [r"reference\.csv: row 2 \(id 'bbp_groei_2016'\), column 'page': unknown page"]),
    # changelog.yml (read by status)
    Case("changelog-duplicate-key", edit(CL, "previous: 2016", "previous: 2016\nprevious: 2015"), [r"changelog\.yml: file: key 'previous' appears twice"], STATUS),
    Case("changelog-latin1", latin1(CL, "Wordt niet meer gemeten"), [r"changelog\.yml: file: is not UTF-8 text: byte 0xe9 at line \d+"], STATUS),
    Case("changelog-unknown-kind", edit(CL, "kind: parameter_dropped", "kind: parameter_gone"), [r"changelog\.yml: changes\[\d+\] \(parameter '\w+'\), key 'kind': unknown kind"], STATUS),
    Case("changelog-base-year-inf", edit(CL, "    new: 2012\n", "    new: .inf\n"), [r"changelog\.yml: changes\[0\], key 'new': must be a finite number"], STATUS),
    Case("changelog-previous-true", edit(CL, "previous: 2016", "previous: true"), [r"changelog\.yml: top level, key 'previous': must be a year before 2017"], STATUS),
    Case("changelog-is-a-folder", folder_instead(CL), [r"changelog\.yml: file: is a directory, not a file"], STATUS),
    Case("values-newest-year-empty", blank_year(V, 2016), [r"values\.csv: year 2016, column 'value': no parameter has a value for 2016, the newest year of edition 2017; nothing was built\. See what is missing with `index071 status --edition 2017`"], BUILD),
    Case("new-edition-not-filled-in", scaffold_2018, [r"editions/2018/values\.csv: year 2017, column 'value': no parameter has a value for 2017, the newest year of edition 2018; .*`index071 status --edition 2018`.* or build edition 2017 with --edition 2017"], BUILD),
    Case("changelog-basket-weight-no-basket", edit(CL, "changes:\n", "changes:\n  - kind: basket_weight_changed\n    new: 30\n    reason: Zwaarder.\n"), [r"changelog\.yml: changes\[0\], key 'basket': required for kind basket_weight_changed"], STATUS),
    Case("changelog-basket-weight-wrong-new", edit(CL, "changes:\n", "changes:\n  - kind: basket_weight_changed\n    basket: regiomarketing\n    new: 21\n    reason: Zwaarder.\n"), [r"changelog\.yml: changes\[0\] \(basket 'regiomarketing'\), key 'new': weight 21 differs from edition\.yml \(19\)"], STATUS),
    Case("changelog-basket-unknown", edit(CL, "changes:\n", "changes:\n  - kind: basket_renamed\n    basket: regio\n    reason: Nieuwe naam.\n"), [r"changelog\.yml: changes\[0\] \(basket 'regio'\), key 'basket': unknown basket"], STATUS),
    # commentary.yml (read by the build plan, before anything runs)
    Case("commentary-latin1", latin1(CM, "Het life sciences"), [r"commentary\.yml: file: is not UTF-8 text: byte 0xe9 at line \d+"], BUILD),
    Case("commentary-unknown-id", edit(CM, "  shanghai_ranking: >-", "  shanghai: >-"), [r"commentary\.yml: key 'parameters\.shanghai': unknown id"], BUILD),
    Case("commentary-duplicate-key", edit(CM, "parameters:\n", "parameters:\n  expats: Eerst.\n  expats: Dan.\n"), [r"commentary\.yml: file: key 'expats' appears twice"], BUILD),
    Case("commentary-not-text", edit(CM, "parameters:\n", "parameters:\n  expats: [1, 2]\n"), [r"commentary\.yml: key 'parameters\.expats': note must be text"], BUILD),
    # scenario files (whatif --scenario)
    Case("scenario-name-trailing-newline", write(SCENARIO, 'name: "mijn\\n"\n'), [r"my\.yml: key 'name': required; a slug"], WHATIF),
    Case("scenario-name-path", write(SCENARIO, 'name: "../../x"\n'), [r"my\.yml: key 'name': required; a slug"], WHATIF),
    Case("scenario-weight-inf", write(SCENARIO, "name: s\nbasket_weights: {life_sciences_health: .inf}\n"), [r"my\.yml: key 'basket_weights\.life_sciences_health': weight must be a number from 0"], WHATIF),
    Case("scenario-weight-1e300", write(SCENARIO, "name: s\nparameter_weights: {zzp: 1.0e+300}\n"), [r"my\.yml: key 'parameter_weights\.zzp': weight must be a number from 0 to 1,000,000"], WHATIF),
    Case("scenario-weight-nan", write(SCENARIO, "name: s\nparameter_weights: {zzp: .nan}\n"), [r"my\.yml: key 'parameter_weights\.zzp': weight must be a number"], WHATIF),
    Case("scenario-unknown-basket", write(SCENARIO, "name: s\nbasket_weights: {life_sciences: 20}\n"), [r"my\.yml: key 'basket_weights\.life_sciences': unknown basket id"], WHATIF),
    Case("scenario-duplicate-key", write(SCENARIO, SCENARIO_OK + "basket_weights: {regiomarketing: 5}\n"), [r"my\.yml: key '\(file\)': key 'basket_weights' appears twice"], WHATIF),
    Case("scenario-latin1", write(SCENARIO, SCENARIO_OK.replace("Test", "T\xe9st").encode("latin-1")), [r"my\.yml: key '\(file\)': is not UTF-8 text: byte 0xe9 at line 2"], WHATIF),
    Case("scenario-is-a-folder", lambda d: (d / SCENARIO).mkdir(), [r"my\.yml: key '\(file\)': is a directory, not a file"], WHATIF),
    Case("scenario-all-baskets-zero", write(SCENARIO, "name: s\nequal_weights: across\nbasket_weights: {life_sciences_health: 0, ondernemerschap: 0, onderwijs_arbeidsmarkt: 0, vestigingsklimaat: 0, regiomarketing: 0}\n"),
         [r"my\.yml: key 'basket_weights': all basket weights are zero"], WHATIF),
    Case("scenario-drops-a-basket", write(SCENARIO, "name: s\ndrop: [verhuisde_personen, expats, overnachtingen, museumbezoekers, ranglijsten_gemeenten, ranglijsten_onderwijs]\n"),
         [r"my\.yml: key 'drop': leaves basket 'regiomarketing' without any weighted parameter"], WHATIF),
    Case("scenario-weight-word", write(SCENARIO, "name: s\nparameter_weights: {zzp: 1e300}\n"), [r"my\.yml: key 'parameter_weights\.zzp': weight must be a number, got '1e300'"], WHATIF),
    Case("scenario-missing", nothing, [r"my\.yml: key '\(file\)': scenario file not found"], WHATIF),
    Case("scenario-editions-not-a-list", write(SCENARIO, "name: s\neditions: 2017\n"), [r"my\.yml: key 'editions': must be a non-empty list of edition years"], WHATIF),
    Case("scenario-for-another-edition", write(SCENARIO, "name: s\neditions: [2016]\n"), [r"my\.yml: key 'editions': scenario 's' does not apply to edition 2017: it is written for edition\(s\) \[2016\]"], WHATIF),
    Case("scenario-dropped-parameter", write(SCENARIO, "name: s\ndrop: [nieuwe_medicijnen]\n"), [r"my\.yml: key 'drop\.nieuwe_medicijnen': unknown parameter id 'nieuwe_medicijnen': scenario 's' does not apply to edition 2017"], WHATIF),
    # workbooks read by import (index071 template, filled in)
    Case("workbook-word-in-cell", workbook(lambda wb: setattr(wb["Vestigingsklimaat"]["J5"], "value", "veel")), [r"book\.xlsx: sheet 'Vestigingsklimaat', row 5, column J \(2015\) \(parameter 'werkgelegenheid_totaal'\), field 'value': not a number \(got 'veel'\)"], IMPORT),
    Case("workbook-negative", workbook(lambda wb: setattr(wb["Regiomarketing"]["H6"], "value", -4)), [r"book\.xlsx: sheet 'Regiomarketing', row 6, column H \(2013\) \(parameter 'expats'\), field 'value': index value must not be negative"], IMPORT),
    Case("workbook-base-not-100", workbook(lambda wb: setattr(wb["Regiomarketing"]["G6"], "value", 95)), [r"book\.xlsx: sheet 'Regiomarketing', row 6, column G \(2012\) \(parameter 'expats'\), field 'value': base value \(2012\) must be 100"], IMPORT),
    Case("workbook-formula", workbook(lambda wb: setattr(wb["Regiomarketing"]["K6"], "value", "=J6*1.02")), [r"book\.xlsx: sheet 'Regiomarketing', row 6, column K: holds a formula without a saved result"], IMPORT),
    Case("workbook-foreign-sheet", workbook(lambda wb: wb.create_sheet("Blad1")), [r"book\.xlsx: sheet 'Blad1', row 4, column A: must read 'id'"], IMPORT),
    Case("workbook-other-edition", workbook(lambda wb: setattr(wb["Regiomarketing"]["K4"], "value", 2017)), [r"book\.xlsx: sheet 'Regiomarketing', row 4: has the years 2012–2017, but edition 2017 has 2012–2016"], IMPORT),
    Case("workbook-row-deleted", workbook(lambda wb: wb["Regiomarketing"].delete_rows(6)), [r"book\.xlsx: parameter 'expats': is not in the workbook"], IMPORT),
    Case("workbook-not-xlsx", workbook(content=b"parameter,year,value\n"), [r"book\.xlsx: file: is not an Excel workbook \(\.xlsx\)"], IMPORT),
    Case("workbook-missing", nothing, [r"book\.xlsx: file: file not found"], IMPORT),
    # options
    Case("build-jobs-0", nothing, [r"argument --jobs/-j: must be a whole number from 1 to 32, got 0"], ["build", "--jobs", "0", "--output-dir", "{out}"], 2),
    Case("build-jobs-negative", nothing, [r"argument --jobs/-j: must be a whole number from 1 to 32, got -3"], ["build", "--jobs=-3", "--output-dir", "{out}"], 2),
    Case("build-output-dir-is-a-file", nothing, [r"previous\.html: is a file, not a folder"], ["build", "--output-dir", "{out}/previous.html"]),
    Case("build-unknown-only", nothing, [r"--only: unknown notebook run\(s\) \['overzicht'\]"], ["build", "--output-dir", "{out}", "--only", "overzicht"]),
    Case("sensitivity-n-10e12", nothing, [r"argument --n: must be a whole number from 1 to 10,000,000, got 1,000,000,000,000"], ["sensitivity", "--n", str(10**12)], 2),
    Case("sensitivity-n-0", nothing, [r"argument --n: must be a whole number from 1 to"], ["sensitivity", "--n", "0"], 2),
    Case("sensitivity-concentration-inf", nothing, [r"argument --concentration: must be a finite number in \[0\.1, 1e\+09\], got 'inf'"], ["sensitivity", "--concentration", "inf"], 2),
    Case("sensitivity-concentration-tiny", nothing, [r"argument --concentration: must be a finite number in \[0\.1, 1e\+09\], got '1e-300'"], ["sensitivity", "--concentration", "1e-300"], 2),
    Case("sensitivity-concentration-nan", nothing, [r"argument --concentration: must be a finite number"], ["sensitivity", "--concentration", "nan"], 2),
    Case("sensitivity-spread-1", nothing, [r"argument --spread: must be a finite number in \[0, 1\)"], ["sensitivity", "--scheme", "uniform", "--spread", "1"], 2),
    Case("sensitivity-seed-negative", nothing, [r"argument --seed: must be a whole number from 0"], ["sensitivity", "--seed=-1"], 2),
    Case("sensitivity-n-word", nothing, [r"argument --n: must be a whole number, got 'veel'"], ["sensitivity", "--n", "veel"], 2),
    Case("new-edition-1000000000", nothing, [r"editions/1000000000: new edition: year 1000000000 must lie from 1900 to 2100"], ["new-edition", "1000000000"]),
    Case("new-edition-far-future", nothing, [r"editions/2090: new edition: year 2090 must be after the source edition 2017, by at most 10 years"], ["new-edition", "2090"]),
    Case("new-edition-exists", nothing, [r"editions/2017: edition 2017 already exists"], ["new-edition", "2017"]),
    Case("compute-base-year-outside", nothing, [r"base_year: 1999 is not one of the years"], ["compute", "--base-year", "1999"]),
    Case("compute-unknown-edition", nothing, [r"editions/2031: folder: edition 2031 not found"], ["compute", "--edition", "2031"]),
    Case("template-exists", write("filled.xlsx", b"filled in by hand"), [r"--output: .*filled\.xlsx exists; it is not overwritten"], ["template", "--output", "{data}/filled.xlsx"]),
    Case("compute-edition-word", nothing, [r"argument --edition: invalid int value: 'abc'"], ["compute", "--edition", "abc"], 2),
]


def _digest(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` with a checksum of its bytes (folders: ``"dir"``)."""
    return {str(p.relative_to(root)): ("dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(root.rglob("*"))}


@pytest.fixture
def spoilt(tmp_path):
    """A fresh copy of the data and an output folder holding a previous build's file."""
    data = tmp_path / "data"
    shutil.copytree(DATA / "editions", data / "editions")
    out = tmp_path / "outputs"
    (out / "2017").mkdir(parents=True)
    (out / "2017" / "overview.html").write_text("previous good report", encoding="utf-8")
    (out / "previous.html").write_text("a file where a folder should be", encoding="utf-8")
    return data, out


def test_catalogue_is_large_and_covers_every_file():
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)
    files = " ".join(" ".join(c.expect) for c in CASES)
    for name in ("edition", "parameters", "values", "published", "chapter_weights", "theme_series", "theme_values",
                 "changelog", "commentary", "my"):
        assert f"{name}\\.yml" in files or f"{name}\\.csv" in files, name
    assert "book\\.xlsx" in files


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gives_one_clear_message_and_writes_nothing(case, spoilt, capsys):
    data, out = spoilt
    case.change(data)
    before = (_digest(data), _digest(out))
    argv = [a.replace("{data}", str(data)).replace("{out}", str(out)) for a in case.command] + ["--data-dir", str(data)]
    code = main(argv) if case.code == 1 else _usage_error(argv)
    stdout, stderr = capsys.readouterr()
    assert code == case.code, stderr
    for pattern in case.expect:
        assert re.search(pattern, stderr), f"{pattern!r} not in:\n{stderr}"
    assert not PYTHON_TEXT.search(stderr), stderr
    assert stdout == ""
    errors = [line for line in stderr.splitlines() if line.startswith("error:") or "error: argument" in line]
    assert len(errors) == 1, stderr
    assert len(stderr.splitlines()) <= MAX_PROBLEMS + 3, stderr  # problems, "… and N more", a header line
    assert (_digest(data), _digest(out)) == before


def _usage_error(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as info:
        main(argv)
    return info.value.code
