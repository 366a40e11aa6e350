"""Factor files of the variance-based (Sobol') sensitivity analysis: which choices of the method vary, and how.

A factor file is a small YAML file in ``data/factors/`` (beside ``data/scenarios/``)::

    name: standaard                      # slug
    description: "De keuzes van het panel"
    basket_weights:                      # each basket weight x U(1 - spread, 1 + spread), then renormalised
      spread: 0.25
      per_basket: false                  # false: the basket weights are one factor; true: one factor per basket
    parameter_weights:                   # each parameter weight x U(1 - spread, 1 + spread); one factor per basket
      spread: 0.25
    alignment:                           # how parameters without a figure for the latest year count
      choices: [lag, carry, available]
    aggregation:                         # how parameters and baskets are averaged
      choices: [arithmetic, geometric]
    noise:                               # the latest figure of every parameter x (1 + e), e ~ U(-spread, spread)
      spread: 0.02

Every section is optional (a missing section is not varied: the reference weights, the alignment of the
command line, the default aggregation); at least one must be there. The names of the discrete choices are
checked against the vocabularies the caller passes (the alignment methods and aggregation registry live in
the core layer, above this one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from index071lib.data.resources import FACTORS_PACKAGE, resource_path
from index071lib.data.scenarios import SLUG, read_yaml_file, resolve_shipped
from index071lib.errors import FactorError

#: Discrete factors: section name → what the vocabulary is (named in error messages).
DISCRETE = {"alignment": "alignment method", "aggregation": "aggregation method"}
KEYS = {"name", "description", "basket_weights", "parameter_weights", "noise", *DISCRETE}
SECTION_KEYS = {"basket_weights": {"spread", "per_basket"}, "parameter_weights": {"spread"}, "noise": {"spread"},
                **{name: {"choices"} for name in DISCRETE}}


@dataclass(frozen=True)
class FactorSpec:
    """A validated factor file.

    Attributes:
        name: Slug.
        description: Free text (Dutch, for reports).
        basket_weight_spread: Relative half-width of the basket weights (``None``: not varied).
        per_basket: One factor per basket weight instead of one for all basket weights.
        parameter_weight_spread: Relative half-width of the parameter weights (``None``: not varied).
        choices: Discrete factor → its choices, in the file's order (only the sections present).
        noise: Relative half-width of the noise on the latest figures (``None``: no noise).
        path: File it came from (``None`` for a spec built in code).
    """

    name: str
    description: str = ""
    basket_weight_spread: float | None = None
    per_basket: bool = False
    parameter_weight_spread: float | None = None
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    noise: float | None = None
    path: Path | None = None

    def choices_of(self, factor: str) -> tuple[str, ...] | None:
        """The choices of a discrete factor, or ``None`` when it is not varied."""
        return dict(self.choices).get(factor)


def _section(file, key, value) -> dict:
    if not isinstance(value, dict):
        raise FactorError(file, key, f"must be a mapping with {sorted(SECTION_KEYS[key])}")
    for sub in value:
        if sub not in SECTION_KEYS[key]:
            raise FactorError(file, f"{key}.{sub}", f"unknown key; allowed: {sorted(SECTION_KEYS[key])}")
    return value


def _spread(file, key, section: dict, upper: float) -> float:
    value = section.get("spread")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise FactorError(file, f"{key}.spread", f"required; a number greater than 0 and less than {upper:g}, "
                                                 f"got {value!r}")
    if not 0 < value < upper:
        raise FactorError(file, f"{key}.spread", f"must be greater than 0 and less than {upper:g}, got {value!r}")
    return float(value)


def _choices(file, key, section: dict, known) -> tuple[str, ...]:
    choices = section.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        raise FactorError(file, f"{key}.choices", f"required; a list of at least two of {list(known)}")
    for choice in choices:
        if not isinstance(choice, str) or choice not in known:
            raise FactorError(file, f"{key}.choices", f"unknown {DISCRETE[key]} {choice!r}; expected one of "
                                                      f"{list(known)}")
    if len(set(choices)) != len(choices):
        raise FactorError(file, f"{key}.choices", "lists a choice twice")
    return tuple(choices)


def parse_factors(data, vocabularies: dict, file="<factors>") -> FactorSpec:
    """Validate a factor mapping.

    Args:
        data: The parsed YAML mapping.
        vocabularies: Discrete factor → its allowed choices.
        file: Name used in error messages.

    Returns:
        The :class:`FactorSpec`.

    Raises:
        FactorError: Naming the file and the key, for unknown keys, bad numbers or unknown choices.

    Example:
        >>> spec = parse_factors({"name": "x", "alignment": {"choices": ["lag", "available"]}},
        ...                      {"alignment": ("lag", "carry", "available")})
        >>> spec.choices_of("alignment"), spec.basket_weight_spread
        (('lag', 'available'), None)
    """
    if not isinstance(data, dict):
        raise FactorError(file, "(top level)", "a factor file must be a YAML mapping")
    for key in data:
        if key not in KEYS:
            raise FactorError(file, key, f"unknown key; allowed: {sorted(KEYS)}")
    name = data.get("name")
    if not isinstance(name, str) or not SLUG.fullmatch(name):
        raise FactorError(file, "name", "required; a slug of a-z, 0-9, _ or -")
    description = data.get("description") or ""
    if not isinstance(description, str):
        raise FactorError(file, "description", "must be text")
    sections = {key: _section(file, key, data[key]) for key in SECTION_KEYS if key in data}
    if not sections:
        raise FactorError(file, "(top level)", f"no factor to vary; add one or more of {sorted(SECTION_KEYS)}")
    basket = sections.get("basket_weights")
    per_basket = basket.get("per_basket", False) if basket is not None else False
    if not isinstance(per_basket, bool):
        raise FactorError(file, "basket_weights.per_basket", f"must be true or false, got {per_basket!r}")
    parameter = sections.get("parameter_weights")
    noise = sections.get("noise")
    choices = tuple((key, _choices(file, key, sections[key], vocabularies.get(key)))
                    for key in DISCRETE if key in sections)
    return FactorSpec(name=name, description=description,
                      basket_weight_spread=(_spread(file, "basket_weights", basket, 1)
                                            if basket is not None else None),
                      per_basket=per_basket,
                      parameter_weight_spread=(_spread(file, "parameter_weights", parameter, 1)
                                               if parameter is not None else None),
                      choices=choices, noise=_spread(file, "noise", noise, 1) if noise is not None else None,
                      path=Path(file) if file != "<factors>" else None)


def load_factors(path, vocabularies: dict) -> FactorSpec:
    """Read and validate a factor YAML file (:func:`~index071lib.data.readers.read_yaml`).

    Args:
        path: The file.
        vocabularies: Discrete factor → its allowed choices (see :func:`parse_factors`).

    Returns:
        The :class:`FactorSpec`.

    Raises:
        FactorError: If the file is missing, not valid YAML, or invalid (names the file and key).
    """
    path = Path(path)
    return parse_factors(read_yaml_file(path, FactorError, "factor file"), vocabularies, path)


def shipped_factors() -> Path:
    """Folder of the factor files shipped with the package (``data/factors/`` in the repository)."""
    return resource_path(FACTORS_PACKAGE)


def resolve_factors_path(spec, data_dir=None) -> Path:
    """Find a factor file: a path as given, else by name in the data folder's ``factors/``, else a shipped one.

    Args:
        spec: A file path, or the name of a factor file (e.g. ``standaard``).
        data_dir: Folder holding ``factors/`` (default: the data folder, skipped if there is none).

    Returns:
        The path (which may not exist: :func:`load_factors` then reports it).

    Example:
        >>> resolve_factors_path("standaard").name
        'standaard.yml'
    """
    return resolve_shipped(spec, "factors", shipped_factors, data_dir)
