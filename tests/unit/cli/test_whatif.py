"""``index071 whatif`` and ``index071 sensitivity`` in-process."""

import csv
import io
import json
from pathlib import Path

import pytest

from index071lib.cli.main import main
from index071lib.core.pipeline import compute_scenario
from index071lib.data.scenarios import load_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "data" / "scenarios"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_whatif_csv(capsys, edition):
    code, out, err = run(capsys, "whatif", "--edition", "2017", "--scenario", str(SCENARIOS / "life_sciences_20.yml"),
                         "--scenario", "zonder_ranglijsten", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "scenario,series,year,baseline,value,diff"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 60
    cell = next(r for r in rows if r["scenario"] == "zonder_ranglijsten" and r["series"] == "index071" and r["year"] == "2016")
    expected = compute_scenario(edition, load_scenario(SCENARIOS / "zonder_ranglijsten.yml", edition), warn=False).total[2016]
    assert float(cell["value"]) == pytest.approx(expected, abs=1e-12)  # full precision (CSV drops only float noise)
    assert float(cell["diff"]) == pytest.approx(float(cell["value"]) - float(cell["baseline"]), abs=1e-12)
    assert "note: scenario 'zonder_ranglijsten': the weights of basket 'regiomarketing' sum to 70" in err


def test_whatif_weights_csv_and_json(capsys):
    code, out, _ = run(capsys, "whatif", "--scenario", "gelijke_wegingen", "--format", "csv", "--table", "weights")
    assert code == 0 and out.splitlines()[0] == "scenario,parameter,basket,baseline,value,diff"
    assert sum(float(r["value"]) for r in csv.DictReader(io.StringIO(out))) == pytest.approx(100)
    code, out, _ = run(capsys, "whatif", "--scenario", "life_sciences_20", "--format", "json")
    data = json.loads(out)
    assert data["scenarios"][0]["name"] == "life_sciences_20" and len(data["scenarios"][0]["series"]) == 30
    assert len(data["scenarios"][0]["effective_weights"]) == 38 and data["notes"]


def test_whatif_table(capsys):
    code, out, _ = run(capsys, "whatif", "--scenario", "hoofdstuktekst")
    assert code == 0 and "Scenario 'hoofdstuktekst' vs baseline" in out and "Effective weights" in out


@pytest.mark.parametrize("text,key", [
    ("name: x\nbasket_weights: {life_science: 20}\n", "basket_weights.life_science"),
    ("name: x\nparameter_weights: {zzp: -3}\n", "parameter_weights.zzp"),
    ("name: x\nweights: {}\n", "weights"),
    ("name: x\ndrop: [leerbedrijven, plaatsingen_leerbaan, mbo4_aandeel, hbo_verpleegkunde_biotechniek, mbo_techniek,"
     " gediplomeerden_baan_3mnd, gediplomeerden_eigen_niveau, doorstromers_mbo_hbo]\n", "drop"),
    ("name: x\nparameter_weights: {zzp: [1]}\n", "parameter_weights.zzp"),
])
def test_whatif_bad_scenario(capsys, tmp_path, text, key):
    bad = tmp_path / "bad.yml"
    bad.write_text(text)
    code, out, err = run(capsys, "whatif", "--scenario", "life_sciences_20", "--scenario", str(bad), "--format", "csv")
    assert code == 1 and out == ""  # nothing written, not even the valid scenario
    assert "Traceback" not in err and "bad.yml" in err and f"key '{key}'" in err


def test_sensitivity_json(capsys):
    code, out, _ = run(capsys, "sensitivity", "--n", "2000", "--seed", "7", "--format", "json")
    data = json.loads(out)
    assert code == 0 and (data["n"], data["seed"], data["scheme"]) == (2000, 7, "dirichlet")
    assert set(data["series"]) == {"life_sciences_health", "ondernemerschap", "onderwijs_arbeidsmarkt",
                                   "vestigingsklimaat", "regiomarketing", "index071"}
    cell = data["series"]["index071"]["2016"]
    assert set(cell) == {"baseline", "median", "p05", "p95", "share_rising"}
    assert cell["p05"] < cell["baseline"] < cell["p95"]
    assert data["verdict_nl"].startswith("In 100% van de 2.000 alternatieve wegingen stijgt de Index071 in 2016")
    again = json.loads(run(capsys, "sensitivity", "--n", "2000", "--seed", "7", "--format", "json")[1])
    assert again == data


def test_sensitivity_table_and_scenario_centre(capsys):
    code, out, _ = run(capsys, "sensitivity", "--n", "1000", "--scheme", "uniform", "--spread", "0.1",
                       "--scenario", "life_sciences_20", "--top", "5")
    assert code == 0 and "around scenario 'life_sciences_20'" in out and "U(0.9, 1.1)" in out
    assert "alternatieve wegingen stijgt de Index071" in out


@pytest.mark.parametrize("args", [["--n", "0"], ["--spread", "1.5"], ["--concentration", "-1"], ["--scheme", "x"]])
def test_sensitivity_bad_options(capsys, args):
    with pytest.raises(SystemExit) as info:
        main(["sensitivity", *args])
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("command", ["whatif", "sensitivity"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0 and "--edition" in capsys.readouterr().out


def test_whatif_scenario_with_its_own_aggregation(capsys, edition, tmp_path):
    path = tmp_path / "geo.yml"
    path.write_text("name: geo\ndescription: Meetkundig gemiddelde.\naggregation: geometric\n")
    code, out, _ = run(capsys, "whatif", "--edition", "2017", "--scenario", str(path), "--format", "csv")
    rows = {(r["series"], r["year"]): r for r in csv.DictReader(io.StringIO(out))}
    expected = compute_scenario(edition, load_scenario(path, edition), warn=False)
    assert code == 0 and expected.aggregation == "geometric"
    # to 1e-12: CSV output drops only the float noise (text.fmt.csv_number)
    assert float(rows["index071", "2016"]["value"]) == pytest.approx(expected.total[2016], abs=1e-12)
    assert float(rows["index071", "2016"]["baseline"]) == pytest.approx(
        compute_scenario(edition, None, warn=False).total[2016], abs=1e-12)
    assert all(float(r["diff"]) <= 1e-12 for r in rows.values())  # same weights, geometric ≤ arithmetic
    data = json.loads(run(capsys, "whatif", "--scenario", str(path), "--format", "json")[1])
    assert data["scenarios"][0]["aggregation"] == "geometric" and "aggregation" not in data
    code, out, _ = run(capsys, "whatif", "--scenario", str(path))
    assert "(geometric mean; baseline arithmetic mean)" in out


def test_whatif_and_sensitivity_with_aggregation_option(capsys, edition):
    code, out, _ = run(capsys, "whatif", "--scenario", "life_sciences_20", "--format", "json",
                       "--aggregation", "geometric")
    data = json.loads(out)
    scenario = load_scenario(SCENARIOS / "life_sciences_20.yml", edition)
    expected = compute_scenario(edition, scenario, warn=False, aggregation="geometric").total[2016]
    cell = next(c for c in data["scenarios"][0]["series"] if c["series"] == "index071" and c["year"] == 2016)
    assert code == 0 and data["aggregation"] == "geometric" and cell["value"] == expected
    assert cell["baseline"] == compute_scenario(edition, None, warn=False, aggregation="geometric").total[2016]
    code, out, _ = run(capsys, "sensitivity", "--n", "500", "--format", "json", "--aggregation", "geometric")
    data = json.loads(out)
    geometric = compute_scenario(edition, None, warn=False, aggregation="geometric").total[2016]
    assert code == 0 and data["aggregation"] == "geometric"
    assert data["series"]["index071"]["2016"]["baseline"] == pytest.approx(geometric, abs=1e-10)
    code, out, _ = run(capsys, "sensitivity", "--n", "500", "--aggregation", "geometric")
    assert code == 0 and "seed 2017, geometric mean" in out


def test_sensitivity_sobol_json(capsys):
    args = ["sensitivity", "--method", "sobol", "--n", "256", "--seed", "4", "--resamples", "50", "--format", "json"]
    code, out, err = run(capsys, *args)
    assert code == 0, err
    data = json.loads(out)
    assert (data["method"], data["n"], data["seed"], data["num_resamples"], data["factors_name"]) == (
        "sobol", 256, 4, 50, "standaard")
    ids = [f["id"] for f in data["factors"]]
    assert ids[0] == "basket_weights" and ids[-2:] == ["alignment", "aggregation"] and len(ids) == 8
    assert data["evaluations"] == 256 * 10 and data["aggregation"] == "arithmetic"
    cell = data["series"]["index071"]["2016"]
    assert set(cell) == {"level", "change"}
    assert set(cell["change"]["S1"]) == set(ids) and set(cell["change"]["ST_conf"]) == set(ids)
    assert data["sentences_nl"]["index071"].startswith("Voor de stijging van de Index071 in 2016 telt ")
    assert json.loads(run(capsys, *args)[1]) == data  # the same seed: the same numbers


def test_sensitivity_sobol_table_with_own_factor_file(capsys, tmp_path):
    own = tmp_path / "mijn.yml"
    own.write_text("name: mijn\nbasket_weights: {spread: 0.3, per_basket: true}\nnoise: {spread: 0.01}\n")
    code, out, err = run(capsys, "sensitivity", "--method", "sobol", "--factors", str(own), "--n", "64",
                         "--resamples", "20")
    assert code == 0, err
    assert "factors 'mijn': N = 64 base samples, 512 evaluations" in out
    assert "basket_weights.regiomarketing" in out and "noise" in out


@pytest.mark.parametrize("args,message", [
    (["--method", "sobol", "--n", "1000"], "error: --n: the number of base samples must be a power of 2"),
    (["--method", "sobol", "--scheme", "uniform"], "error: --scheme: applies to --method montecarlo only"),
    (["--factors", "standaard"], "error: --factors: applies to --method sobol only"),
    (["--method", "sobol", "--factors", "geen_bestand"], "error: geen_bestand: key '(file)': factor file not found"),
])
def test_sensitivity_sobol_bad_options(capsys, args, message):
    code, out, err = run(capsys, "sensitivity", *args)
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.startswith(message) and len(err.strip().splitlines()) == 1


def test_sensitivity_sobol_bad_factor_file(capsys, tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: bad\nalignment: {choices: [lag, schuiven]}\n")
    code, out, err = run(capsys, "sensitivity", "--method", "sobol", "--factors", str(bad))
    assert code == 1 and out == ""
    assert err.strip() == (f"error: {bad}: key 'alignment.choices': unknown alignment method 'schuiven'; "
                           "expected one of ['lag', 'carry', 'available']")
