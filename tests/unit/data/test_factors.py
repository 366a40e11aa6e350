from pathlib import Path

import pytest

from index071lib.data.factors import load_factors, parse_factors, resolve_factors_path
from index071lib.errors import FactorError

FACTORS = Path(__file__).resolve().parents[3] / "data" / "factors"
VOCABULARIES = {"alignment": ("lag", "carry", "available"), "aggregation": ("arithmetic", "geometric")}


@pytest.mark.parametrize("path", sorted(FACTORS.glob("*.yml")), ids=lambda p: p.stem)
def test_shipped_factor_files_load(path):
    spec = load_factors(path, VOCABULARIES)
    assert spec.name == path.stem and spec.description and spec.path == path


def test_default_file():
    spec = load_factors(resolve_factors_path("standaard"), VOCABULARIES)
    assert (spec.basket_weight_spread, spec.per_basket, spec.parameter_weight_spread) == (0.25, False, 0.25)
    assert spec.choices_of("alignment") == ("lag", "carry", "available") and spec.noise is None


def test_data_folder_first(tmp_path):
    (tmp_path / "factors").mkdir()
    own = tmp_path / "factors" / "standaard.yml"
    own.write_text("name: eigen\nnoise: {spread: 0.01}\n")
    assert resolve_factors_path("standaard", tmp_path) == own
    assert resolve_factors_path("met_meetruis", tmp_path) == FACTORS / "met_meetruis.yml"


@pytest.mark.parametrize("text,key,message", [
    ("name: x\nweights: {spread: 0.1}\n", "weights", "unknown key"),
    ("name: X Y\nnoise: {spread: 0.1}\n", "name", "slug"),
    ("name: x\n", "(top level)", "no factor to vary"),
    ("name: x\nbasket_weights: 0.25\n", "basket_weights", "must be a mapping"),
    ("name: x\nbasket_weights: {spread: 0.25, per_basket: ja}\n", "basket_weights.per_basket", "true or false"),
    ("name: x\nbasket_weights: {spreid: 0.25}\n", "basket_weights.spreid", "unknown key"),
    ("name: x\nparameter_weights: {spread: 1.5}\n", "parameter_weights.spread", "less than 1"),
    ("name: x\nparameter_weights: {spread: veel}\n", "parameter_weights.spread", "a number"),
    ("name: x\nnoise: {spread: 0}\n", "noise.spread", "greater than 0"),
    ("name: x\nnoise: {}\n", "noise.spread", "required"),
    ("name: x\nalignment: {choices: [lag]}\n", "alignment.choices", "at least two"),
    ("name: x\nalignment: {choices: [lag, shift]}\n", "alignment.choices", "unknown alignment method 'shift'"),
    ("name: x\nalignment: {choices: [lag, lag]}\n", "alignment.choices", "twice"),
    ("name: x\ndescription: [a]\nnoise: {spread: 0.1}\n", "description", "text"),
    ("- a\n- b\n", "(top level)", "YAML mapping"),
    ("name: x\nnoise: {spread: [0.1\n", "(file)", "invalid YAML"),
])
def test_bad_factor_file(tmp_path, text, key, message):
    bad = tmp_path / "bad.yml"
    bad.write_text(text)
    with pytest.raises(FactorError, match=message) as err:
        load_factors(bad, VOCABULARIES)
    assert str(err.value).startswith(f"{bad}: key '{key}': ")


def test_missing_file(tmp_path):
    with pytest.raises(FactorError, match="factor file not found"):
        load_factors(tmp_path / "nope.yml", VOCABULARIES)


def test_aggregation_choices():
    data = {"name": "x", "aggregation": {"choices": ["geometric", "arithmetic"]}}
    assert parse_factors(data, VOCABULARIES).choices_of("aggregation") == ("geometric", "arithmetic")
    data["aggregation"]["choices"] = ["arithmetic", "harmonic"]
    with pytest.raises(FactorError, match="key 'aggregation.choices': unknown aggregation method 'harmonic'"):
        parse_factors(data, VOCABULARIES)
