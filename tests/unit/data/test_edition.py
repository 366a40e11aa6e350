"""Loading the 2017 edition, a second transcription check, and every kind of bad input."""

import re
from pathlib import Path

import numpy as np
import pytest
from conftest import SEED

from index071lib.data.edition import available_editions, latest_edition, load_edition
from index071lib.errors import DataError

# Second transcription, typed independently from the annex ("Bijlage") of the 2017 edition:
# basket → list of (weight, 2012..2016) in annex order; None = "-" or blank.
_ = None
ANNEX = {
    "life_sciences_health": [(27, 100, 120, 119, 133, _), (14, 100, 102, 108, 112, _), (10, 100, 101, 108, 111, _),
                             (13, 100, 105, 105, 109, 117), (10, 100, 105, 102, 112, _), (14, 100, 99, 100, 100, 95),
                             (12, 100, 109, 117, 122, _)],
    "ondernemerschap": [(15, 100, 109, 113, 120, 127), (23, 100, 100, 100, 102, _), (9, 100, 106, 104, 103, 103),
                        (6, 100, 106, 112, 120, 128), (9, 100, 99, 99, 99, 98), (14, 100, 107, 107, 112, _),
                        (13, 100, 107, 113, 118, _), (5, 100, 127, 145, 168, _)],
    "onderwijs_arbeidsmarkt": [(12.5, 100, 102, 102, 103, 109), (12.5, 100, 100, 100, 96, 78),
                               (12.5, 100, 103, 111, 113, _), (12.5, 100, 115, 125, 137, _),
                               (12.5, 100, 102, 111, 104, _), (12.5, 100, 100, 99, 98, _),
                               (12.5, 100, 100, 95, 100, _), (12.5, 100, 93, 104, 98, _)],
    "vestigingsklimaat": [(27, 100, 99, 99, 97, _), (10, 100, 100, 97, 103, _), (8, 100, 99, 98, 94, _),
                          (8, 100, 92, 101, 104, 109), (8, 100, 109, 110, 110, _), (15, 100, 100, 100, 108, 98),
                          (9, 100, 103, 106, 109, 112), (5, 100, 106, 119, 126, _), (10, 100, 100, 82, 104, 98)],
    "regiomarketing": [(15, 100, 98, 107, _, _), (19, 100, 105, 111, 116, 122), (20, 100, 105, 139, 144, _),
                       (16, 100, 116, 127, 123, _), (17, 100, 104, 110, 106, 114), (13, 100, 108, 113, 107, 90)],
}
OVERVIEW = {"life_sciences_health": (30, 100, 101, 108, 111, 117), "ondernemerschap": (19, 100, 102, 107, 110, 115),
            "onderwijs_arbeidsmarkt": (9, 100, 100, 102, 106, 105), "vestigingsklimaat": (22, 100, 100, 99, 104, 102),
            "regiomarketing": (19, 100, 103, 109, 117, 119), "index071": (None, 100, 101, 105, 110, 113)}


def _rows_of(edition, basket):
    ids = edition.parameters.index[edition.basket_of == basket]
    return [(edition.weights[i], *[None if np.isnan(v) else v for v in edition.values.loc[i]]) for i in ids]


def test_2017_matches_second_transcription(edition):
    assert len(edition.parameters) == 38
    assert edition.basket_ids == list(ANNEX)
    for basket, rows in ANNEX.items():
        assert _rows_of(edition, basket) == [tuple(map(lambda v: None if v is None else float(v), r)) for r in rows], basket
    for series, (weight, *values) in OVERVIEW.items():
        assert edition.published.loc[series].tolist() == values
        if weight is not None:
            assert edition.basket_weights[series] == weight


@pytest.mark.skipif(not SEED.is_file(), reason="seed text not beside the repository")
def test_2017_matches_seed_text(edition):
    """Third check: parse the annex rows straight out of the seed text."""
    text = SEED.read_text(encoding="utf-8")
    annex = text[text.index(" Bijlage"):text.index("We sluiten af met een volledig overzicht")]
    pattern = re.compile(r"(\d+(?:,\d+)?)% ((?:\d+|-)(?: (?:\d+|-)){3,4})\s*$", re.M)
    rows = [(float(m.group(1).replace(",", ".")), m.group(2).split()) for m in pattern.finditer(annex)]
    assert len(rows) == 5 + 38
    overview, params = rows[:5], rows[5:]
    assert [w for w, _ in overview] == edition.basket_weights.tolist()
    for (weight, cells), pid in zip(params, edition.parameters.index):
        cells = cells + ["-"] * (5 - len(cells))  # a blank trailing cell
        assert weight == edition.weights[pid], pid
        expected = [np.nan if c == "-" else float(c) for c in cells]
        np.testing.assert_array_equal(edition.values.loc[pid].to_numpy(), expected, err_msg=pid)


def test_missing_is_never_zero(edition):
    assert not (edition.values == 0).any().any()
    assert np.isnan(edition.values.loc["studenten_hl_ul", 2016])  # blank in the annex
    assert np.isnan(edition.values.loc["verhuisde_personen", 2015])  # "-" in the annex


def test_metadata(edition):
    p = edition.parameters
    assert p.index.is_unique and p.index.str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert set(p["polarity"]) == {"higher_is_better", "lower_is_better"}
    assert p["source"].notna().all()
    assert edition.basket_weights.sum() == 99
    assert len(edition.theme_series) == 9
    assert edition.theme_series.groupby("theme").size().to_dict() == {"afval": 1, "betatechniek": 3, "energie": 5}


def test_latest_edition(data_copy):
    assert available_editions(data_copy) == [2017]
    assert latest_edition(data_copy) == 2017
    assert load_edition(None, data_copy).year == 2017


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


BAD = [
    ("values.csv", "zzp,2014,112\n", "zzp,2014,1l2\n", r"values\.csv: row \d+ \(parameter 'zzp'\), column 'value': not a number"),
    ("values.csv", "zzp,2014,112\n", "zzp,2014,112\nzzp,2014,113\n",
     r"values\.csv: row \d+ \(parameter 'zzp'\), column 'parameter, year': duplicate"),
    ("parameters.csv", "\nzzp,", "\nstarters,", r"parameters\.csv: row \d+ \(parameter 'starters'\), column 'id': duplicate"),
    ("parameters.csv", "zzp,ondernemerschap", "zzp,ondernemen", r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'basket': unknown basket"),
    ("parameters.csv", "’ers,6,", "’ers,-6,", r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'weight': weight must be a number from 0 to 100"),
    ("parameters.csv", "’ers,6,", "’ers,zes,", r"parameters\.csv: row \d+ \(parameter 'zzp'\), column 'weight': not a number"),
    ("parameters.csv", "id,basket,order,name,weight", "id,mandje,order,name,weight",
     r"parameters\.csv: header, column 'basket': required column is missing"),
    ("values.csv", "expats,2012,100\n", "expats,2012,0\n", r"values\.csv: row \d+ \(parameter 'expats'\), column 'value': base value \(2012\) must be 100"),
    ("values.csv", "expats,2012,100\n", "expats,2021,100\n", r"values\.csv: row \d+ \(parameter 'expats'\), column 'year': year outside"),
    ("values.csv", "expats,2012,100\n", "expatz,2012,100\n", r"values\.csv: row \d+ \(parameter 'expatz'\), column 'parameter': unknown parameter"),
    ("edition.yml", "    weight: 22\n", "    weight: veel\n", r"edition\.yml: baskets\[3\] \(basket 'vestigingsklimaat'\), key 'weight': not a number"),
    ("edition.yml", "base_year: 2012\n", "", r"edition\.yml: top level, key 'base_year': required key is missing"),
    ("theme_values.csv", "restafval_huishoudens,2013,2013,61142", "restafval_huishoudens,2013,2013,veel",
     r"theme_values\.csv: row \d+ \(series 'restafval_huishoudens'\), column 'value': not a number"),
]


@pytest.mark.parametrize("file,old,new,message", BAD, ids=[b[3][:40] for b in BAD])
def test_bad_input_names_file_row_and_column(data_copy, file, old, new, message):
    _edit(data_copy / "editions" / "2017" / file, old, new)
    with pytest.raises(DataError) as info:
        load_edition(2017, data_copy)
    assert re.search(message, str(info.value)), str(info.value)


def test_bad_input_row_number_is_the_csv_line(data_copy):
    path = data_copy / "editions" / "2017" / "values.csv"
    _edit(path, "zzp,2014,112\n", "zzp,2014,x\n")
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if l == "zzp,2014,x")
    with pytest.raises(DataError, match=rf"row {line} "):
        load_edition(2017, data_copy)


def test_unknown_edition(data_copy):
    with pytest.raises(DataError, match="edition 2031 not found"):
        load_edition(2031, data_copy)


def test_invalid_yaml_in_edition_file(data_copy):
    path = data_copy / "editions" / "2017" / "edition.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("base_year: 2012", "base_year: [2012"), encoding="utf-8")
    with pytest.raises(DataError, match=r"edition\.yml: file: invalid YAML"):
        load_edition(2017, data_copy)


def test_default_data_dir_order(tmp_path, monkeypatch):
    from index071lib.data import edition as module

    monkeypatch.delenv("INDEX071_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    assert module.default_data_dir() == module.checkout_data_dir()  # no ./data here: the checkout's data/
    assert module.checkout_data_dir() == Path(__file__).resolve().parents[3] / "data"
    (tmp_path / "data" / "editions").mkdir(parents=True)
    assert module.default_data_dir() == tmp_path / "data"
    monkeypatch.setenv("INDEX071_DATA", str(tmp_path / "elsewhere"))
    assert module.default_data_dir() == tmp_path / "elsewhere"


def test_no_data_folder_asks_for_one(tmp_path, monkeypatch):
    """As in an installed wheel (no checkout) run outside a data folder."""
    from index071lib.data import locations as module

    monkeypatch.delenv("INDEX071_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(module, "checkout_data_dir", lambda: None)
    with pytest.raises(DataError, match=r"editions: folder: no edition data here.*--data-dir.*\$INDEX071_DATA"):
        module.default_data_dir()


def test_loading_an_edition_does_not_import_hypothesis():
    """pandera's built-in checks load without its hypothesis strategies; hypothesis itself stays importable."""
    import subprocess
    import sys

    code = ("import sys; from index071lib.data.edition import load_edition; e = load_edition(2017); "
            "print('hypothesis' in sys.modules, e.year); import hypothesis.strategies; print('importable')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "2017", "importable"]


def test_hypothesis_imported_first_is_left_alone():
    import subprocess
    import sys

    code = ("import hypothesis; from index071lib.data import schemas; import pandera.strategies.base_strategies as b; "
            "print(schemas.load_checks_without_strategies(), b.HAS_HYPOTHESIS)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
