"""What-if weightings: scenario files and the weights they imply.

A scenario is a small YAML file::

    name: ls_20                       # slug; used for output folders
    title: "Life sciences 20%"        # optional; how reports name the scenario (default: the slug)
    description: "Life sciences telt 20% in plaats van 30%"
    basket_weights: {life_sciences_health: 20}   # by basket id; others keep their weight
    parameter_weights: {zzp: 10}                 # by parameter id; others keep their weight
    drop: [shanghai_ranking]                     # parameter ids (weight 0; basket renormalised)
    equal_weights: within                        # within | across | both | true (= both) | false
    aggregation: geometric                       # arithmetic | geometric (default: that of the run)
    editions: [2017]                             # optional: the editions it is written for (default: any)

A scenario fits an edition when every id it names is one of the edition's and, if it lists ``editions``,
the edition is among them. One that does not fit (a parameter dropped in a later edition, or written for
another edition) raises :class:`~index071lib.errors.ScenarioNotApplicable` (a :class:`ScenarioError` with
the reason); the what-if page lists it as not applicable
(:func:`index071lib.analysis.whatif.load_scenarios` with ``not_applicable``), one asked for by name
(``--scenario``) is an error.

Application order: start from the annex weights; ``equal_weights`` (within baskets → every parameter
weight 1; across → every basket weight 1); then ``parameter_weights`` and ``basket_weights`` override;
then ``drop`` sets weights to 0. Weights need not sum to 100: they are normalised per basket and across
baskets, with a :class:`~index071lib.errors.WeightSumWarning` naming what was normalised.

``aggregation`` comes after the weights: it is how the weighted parameters are combined into each
basket and the weighted baskets into the total (:mod:`index071lib.core.aggregate`), with the same
method at both levels. A scenario that names it is computed with that method whatever the run's
``--aggregation`` says (the baseline it is compared with keeps the run's method); one that does not
name it follows the run (default ``arithmetic``, the publication's).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from index071lib.data.edition import Edition, default_data_dir
from index071lib.data.readers import read_yaml
from index071lib.data.resources import SCENARIOS_PACKAGE, resource_path
from index071lib.data.schemas import YEARS
from index071lib.errors import DataError, Index071Error, ScenarioError, ScenarioNotApplicable

KEYS = {"name", "title", "description", "basket_weights", "parameter_weights", "drop", "equal_weights", "aggregation",
        "editions"}
#: Aggregation methods (:data:`index071lib.core.aggregate.AGGREGATIONS`): the vocabulary of the ``aggregation`` key.
AGGREGATION_METHODS = ("arithmetic", "geometric")
EQUAL = {"within": (True, False), "across": (False, True), "both": (True, True), True: (True, True),
         False: (False, False), None: (False, False)}
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # whole name (fullmatch): no trailing newline, no path
#: Highest weight a scenario may give (weights are relative: they are normalised per basket and across baskets).
MAX_WEIGHT = 1_000_000
#: Longest title (it heads table columns and chart legends).
MAX_TITLE = 80


@dataclass
class Scenario:
    """A validated scenario.

    Attributes:
        name: Slug (used for output folders).
        description: Free text (Dutch, for reports).
        basket_weights: Overrides by basket id.
        parameter_weights: Overrides by parameter id.
        drop: Parameter ids to leave out.
        equal_within: Give every parameter of a basket the same weight.
        equal_across: Give every basket the same weight.
        path: File it came from (``None`` for scenarios built in code).
        aggregation: ``"arithmetic"`` or ``"geometric"``; ``None`` = the method of the run.
        editions: Edition years the scenario is written for (empty: any edition whose ids it names).
        title: How reports name the scenario (one line; empty: the slug, see :attr:`label`).
    """

    name: str
    description: str = ""
    basket_weights: dict[str, float] = field(default_factory=dict)
    parameter_weights: dict[str, float] = field(default_factory=dict)
    drop: list[str] = field(default_factory=list)
    equal_within: bool = False
    equal_across: bool = False
    path: Path | None = None
    aggregation: str | None = None
    editions: list[int] = field(default_factory=list)
    title: str = ""

    @property
    def label(self) -> str:
        """The scenario's name for readers: its title, else its slug.

        Example:
            >>> Scenario(name="ls_20", title="Life sciences 20%").label, Scenario(name="ls_20").label
            ('Life sciences 20%', 'ls_20')
        """
        return self.title or self.name

    def to_yaml(self) -> str:
        """Serialise to the YAML form :func:`load_scenario` accepts."""
        data: dict = {"name": self.name, **({"title": self.title} if self.title else {}),
                      "description": self.description}
        if self.basket_weights:
            data["basket_weights"] = {k: float(v) for k, v in self.basket_weights.items()}
        if self.parameter_weights:
            data["parameter_weights"] = {k: float(v) for k, v in self.parameter_weights.items()}
        if self.drop:
            data["drop"] = list(self.drop)
        equal = {(True, False): "within", (False, True): "across", (True, True): "both"}.get(
            (self.equal_within, self.equal_across))
        if equal:
            data["equal_weights"] = equal
        if self.aggregation:
            data["aggregation"] = self.aggregation
        if self.editions:
            data["editions"] = [int(y) for y in self.editions]
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _weights(file, key, mapping, kind: str) -> dict[str, float]:
    if not isinstance(mapping, dict):
        raise ScenarioError(file, key, f"must be a mapping of {kind} id to weight")
    out = {}
    for ident, value in mapping.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ScenarioError(file, f"{key}.{ident}", f"weight must be a number, got {value!r}")
        if not 0 <= value <= MAX_WEIGHT:
            raise ScenarioError(file, f"{key}.{ident}", f"weight must be a number from 0 to {MAX_WEIGHT:,}, "
                                                        f"got {value!r}")
        out[ident] = float(value)
    return out


def _editions(file, value) -> list[int]:
    """The ``editions`` key: a non-empty list of edition years (``[]`` when absent)."""
    if value is None:
        return []
    if not isinstance(value, list) or not value or not all(
            isinstance(y, int) and not isinstance(y, bool) and YEARS[0] <= y <= YEARS[1] for y in value):
        raise ScenarioError(file, "editions", f"must be a non-empty list of edition years ({YEARS[0]}–{YEARS[1]}), "
                                              f"e.g. [2017]; got {value!r}")
    return sorted(set(value))


def _check_fits(file, name: str, editions: list[int], edition: Edition, named: dict[str, list[tuple[str, str]]]):
    """Raise :class:`ScenarioNotApplicable` if the scenario is for other editions or names ids the edition lacks.

    Args:
        file: Name used in the message.
        name: The scenario's name.
        editions: Its ``editions`` (empty: any).
        edition: The edition checked against.
        named: ``"parameter"``/``"basket"`` → ``(key, id)`` pairs the scenario names.
    """
    if editions and edition.year not in editions:
        raise ScenarioNotApplicable(file, "editions", f"scenario '{name}' does not apply to edition {edition.year}: "
                                                      f"it is written for edition(s) {editions}",
                                    scenario=name, edition=edition.year, reason=("editions", editions))
    known = {"parameter": list(edition.parameters.index), "basket": edition.basket_ids}
    for kind in ("parameter", "basket"):
        missing = [(key, ident) for key, ident in named[kind] if ident not in known[kind]]
        if missing:
            key, ident = missing[0]
            ids = list(dict.fromkeys(i for _, i in missing))
            close = difflib.get_close_matches(str(ident), known[kind], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ScenarioNotApplicable(file, key, f"unknown {kind} id {', '.join(map(repr, ids))}: scenario "
                                                   f"'{name}' does not apply to edition {edition.year}, which has "
                                                   f"no such {kind}{hint}",
                                        scenario=name, edition=edition.year, reason=(kind, ids))


def parse_scenario(data, edition: Edition, file="<scenario>") -> Scenario:
    """Validate a scenario mapping against an edition.

    Args:
        data: The parsed YAML mapping.
        edition: The edition whose ids the scenario refers to.
        file: Name used in error messages.

    Returns:
        The :class:`Scenario`.

    Raises:
        ScenarioNotApplicable: A well-formed scenario that does not fit the edition: its ``editions`` leave
            this one out, or it names a parameter or basket id the edition does not have.
        ScenarioError: Naming the file and the key, for unknown keys, bad weights, or a basket left without
            parameters.
    """
    if not isinstance(data, dict):
        raise ScenarioError(file, "(top level)", "a scenario must be a YAML mapping")
    for key in data:
        if key not in KEYS:
            raise ScenarioError(file, key, f"unknown key; allowed: {sorted(KEYS)}")
    name = data.get("name")
    if not isinstance(name, str) or not SLUG.fullmatch(name):
        raise ScenarioError(file, "name", "required; a slug of a-z, 0-9, _ or - (at most 64 characters; used as "
                                          "folder name)")
    description = data.get("description") or ""
    if not isinstance(description, str):
        raise ScenarioError(file, "description", "must be text")
    title = data.get("title") or ""
    if not isinstance(title, str) or "\n" in title.strip() or len(title.strip()) > MAX_TITLE:
        raise ScenarioError(file, "title", f"must be one line of text of at most {MAX_TITLE} characters")
    editions = _editions(file, data.get("editions"))
    basket_weights = _weights(file, "basket_weights", data.get("basket_weights") or {}, "basket")
    parameter_weights = _weights(file, "parameter_weights", data.get("parameter_weights") or {}, "parameter")
    drop = data.get("drop") or []
    if not isinstance(drop, list) or not all(isinstance(d, str) for d in drop):
        raise ScenarioError(file, "drop", "must be a list of parameter ids")
    equal = data.get("equal_weights")
    if not isinstance(equal, (str, bool, type(None))) or equal not in EQUAL:
        raise ScenarioError(file, "equal_weights", "must be one of: within, across, both, true, false")
    aggregation = data.get("aggregation")
    if aggregation is not None and (not isinstance(aggregation, str) or aggregation not in AGGREGATION_METHODS):
        raise ScenarioError(file, "aggregation",
                            f"must be one of: {', '.join(AGGREGATION_METHODS)} (got {aggregation!r})")
    _check_fits(file, name, editions, edition, {
        "parameter": [(f"parameter_weights.{i}", i) for i in parameter_weights] + [(f"drop.{i}", i) for i in drop],
        "basket": [(f"basket_weights.{i}", i) for i in basket_weights]})
    scenario = Scenario(name=name, description=description, basket_weights=basket_weights,
                        parameter_weights=parameter_weights, drop=list(drop), equal_within=EQUAL[equal][0],
                        equal_across=EQUAL[equal][1], path=Path(file) if file != "<scenario>" else None,
                        aggregation=aggregation, editions=editions, title=title.strip())
    weights, baskets = scenario_weights(edition, scenario)
    sums = weights.groupby(edition.basket_of).sum()
    for basket in edition.basket_ids:
        if sums.get(basket, 0) <= 0:
            raise ScenarioError(file, "drop" if drop else "parameter_weights",
                                f"leaves basket {basket!r} without any weighted parameter")
    if baskets.sum() <= 0:
        raise ScenarioError(file, "basket_weights", "all basket weights are zero")
    return scenario


def load_scenario(spec, edition: Edition, data_dir=None) -> Scenario:
    """Read and validate a scenario YAML file (:func:`~index071lib.data.readers.read_yaml`).

    Args:
        spec: The file, or the name of a scenario (see :func:`resolve_scenario_path`).
        edition: Edition to validate ids against.
        data_dir: Data folder whose ``scenarios/`` is searched for a name (default: the default data folder).

    Returns:
        The :class:`Scenario`.

    Raises:
        ScenarioError: If the file is missing, not valid YAML, or invalid (names the file and key).
    """
    path = resolve_scenario_path(spec, data_dir)
    return parse_scenario(read_yaml_file(path, ScenarioError, "scenario file"), edition, path)


def read_yaml_file(path: Path, error: type[Index071Error], what: str):
    """Read a small YAML file (scenario or factor file) (UTF-8, duplicate keys refused; see data.readers.read_yaml).

    Args:
        path: The file.
        error: Exception class to raise, called as ``error(path, "(file)", message)``.
        what: What the file is, for the message (``"scenario file"``).

    Returns:
        The parsed YAML document.

    Raises:
        error: If the file is missing or not valid YAML.
    """
    if not path.exists():
        raise error(path, "(file)", f"{what} not found")
    try:
        return read_yaml(path)  # UTF-8, a folder, duplicate keys: checked as for every input file
    except DataError as err:
        raise error(path, "(file)", err.problems[0][2]) from None


def shipped_scenarios() -> Path:
    """Folder of the scenarios shipped with the package (``data/scenarios/`` in the repository)."""
    return resource_path(SCENARIOS_PACKAGE)


def saved_scenarios_dir(data_dir=None) -> Path:
    """Folder the what-if sliders save scenarios into: ``outputs/scenarios/`` beside the data folder.

    In the repository that is the git-ignored ``outputs/scenarios/``. Names of scenarios saved there are
    found like shipped ones (:func:`scenario_search_path`).

    Args:
        data_dir: The data folder (default: :func:`~index071lib.data.edition.default_data_dir`).

    Example:
        >>> saved_scenarios_dir("/srv/index071/data").as_posix()
        '/srv/index071/outputs/scenarios'
    """
    return Path(data_dir or default_data_dir()).resolve().parent / "outputs" / "scenarios"


def scenario_search_path(data_dir=None) -> list[Path]:
    """The folders a scenario name is looked up in, in this order.

    1. ``<data folder>/scenarios/`` (an own data folder's scenarios);
    2. the scenarios shipped with the package (:func:`shipped_scenarios`; ``data/scenarios/`` in the
       repository);
    3. the scenarios saved with the what-if sliders (:func:`saved_scenarios_dir`).

    Without any data folder (an installed package, no ``--data-dir`` or ``$INDEX071_DATA``) only the
    shipped scenarios.

    A shipped name therefore always means the shipped scenario; the sliders refuse to save under a name
    that is already taken.

    Args:
        data_dir: The data folder (default: :func:`~index071lib.data.edition.default_data_dir`).

    Returns:
        The folders (existing or not), without duplicates.
    """
    try:
        data = Path(data_dir) if data_dir else default_data_dir()
    except DataError:  # no data folder at all: only the shipped scenarios
        data = None
    folders = [shipped_scenarios()] if data is None else [data / "scenarios", shipped_scenarios(),
                                                          saved_scenarios_dir(data)]
    unique: list[Path] = []
    for folder in folders:
        if not any(folder.resolve() == seen.resolve() for seen in unique):
            unique.append(folder)
    return unique


def scenario_slug(text: str) -> str:
    """The scenario name (file name) for a free-text name: lower case, accents dropped, ``_`` between words.

    Args:
        text: What the user typed, e.g. ``"minder LSH 25"``.

    Returns:
        A name that :data:`SLUG` accepts, or ``""`` if the text has no letter or digit.

    Example:
        >>> scenario_slug("minder LSH 25"), scenario_slug("  Économie & zorg – 2.5 "), scenario_slug("?!")
        ('minder_lsh_25', 'economie_zorg_2_5', '')
    """
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9-]+", "_", plain).strip("_-")


def _is_name(spec: str) -> bool:
    """Whether a ``--scenario`` value is a name rather than a file path."""
    return not any(sep in spec for sep in ("/", "\\")) and not spec.lower().endswith((".yml", ".yaml"))


def resolve_scenario_path(spec, data_dir=None) -> Path:
    """Find a scenario file: a path as given, else a scenario by name along :func:`scenario_search_path`.

    This is the one place that turns a ``--scenario`` value or a notebook's ``scenario`` parameter into a
    file. A name may be given as typed in the sliders' name field: ``"minder LSH 25"`` finds
    ``minder_lsh_25.yml`` (:func:`scenario_slug`).

    Args:
        spec: A file path, or the name of a scenario (e.g. ``life_sciences_20``).
        data_dir: The data folder (default: :func:`~index071lib.data.edition.default_data_dir`).

    Returns:
        The path (which may not exist: :func:`load_scenario` then reports it).

    Example:
        >>> resolve_scenario_path("life_sciences_20").name
        'life_sciences_20.yml'
    """
    path = Path(spec)
    if path.is_file() or not _is_name(str(spec)):
        return path
    slug = scenario_slug(str(spec))
    for folder in scenario_search_path(data_dir) if slug else []:
        candidate = folder / f"{slug}.yml"
        if candidate.is_file():
            return candidate
    return path


def available_scenarios(data_dir=None) -> dict[str, Path]:
    """Every scenario that can be named, by name, in the order of :func:`scenario_search_path`.

    A name found in two folders is listed once, with the file a name lookup gives.

    Args:
        data_dir: The data folder (default: :func:`~index071lib.data.edition.default_data_dir`).

    Returns:
        Name → file (files are not validated here).

    Example:
        >>> sorted(available_scenarios())[:2]
        ['gelijke_wegingen', 'hoofdstuktekst']
    """
    found: dict[str, Path] = {}
    for folder in scenario_search_path(data_dir):
        for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
            found.setdefault(path.stem, path)
    return found


def resolve_shipped(spec, folder: str, shipped, data_dir=None) -> Path:
    """Find a YAML file: a path as given, else ``<name>.yml`` in the data folder's ``folder``, else shipped.

    Args:
        spec: A file path, or the name of a file (no folder, no suffix).
        folder: Sub-folder of the data folder (``scenarios``, ``factors``).
        shipped: Function giving the folder of the files shipped with the package.
        data_dir: Data folder (default: :func:`~index071lib.data.edition.default_data_dir`, skipped if there
            is none).

    Returns:
        The path (which may not exist: the loader then reports it).
    """
    path = Path(spec)
    if path.is_file() or path.parent != Path(".") or path.suffix != "":
        return path
    own = path.name + ".yml"
    try:
        data = Path(data_dir) if data_dir else default_data_dir()
    except DataError:  # no data folder at all: only the shipped files
        data = None
    if data is not None and (data / folder / own).is_file():
        return data / folder / own
    if (shipped() / own).is_file():
        return shipped() / own
    return path


def scenario_aggregation(scenario: Scenario | None, aggregation: str = "arithmetic") -> str:
    """The aggregation method a scenario is computed with: its own, else the run's.

    Args:
        scenario: The scenario, or ``None`` for the baseline.
        aggregation: The run's method (``--aggregation``).

    Returns:
        ``scenario.aggregation`` when the scenario names one, else ``aggregation``.

    Example:
        >>> scenario_aggregation(Scenario(name="x", aggregation="geometric")), scenario_aggregation(None)
        ('geometric', 'arithmetic')
    """
    return scenario.aggregation if scenario is not None and scenario.aggregation else aggregation


def scenario_weights(edition: Edition, scenario: Scenario | None) -> tuple[pd.Series, pd.Series]:
    """Parameter and basket weights implied by a scenario (not normalised).

    Args:
        edition: The edition (annex weights are the starting point).
        scenario: The scenario, or ``None`` for the baseline.

    Returns:
        ``(parameter_weights, basket_weights)``; dropped parameters have weight 0.

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> e = load_edition(2017)
        >>> w, b = scenario_weights(e, Scenario(name="x", basket_weights={"life_sciences_health": 20}))
        >>> float(b["life_sciences_health"]), float(w["zzp"])
        (20.0, 6.0)
    """
    weights = edition.weights.astype(float).copy()
    baskets = edition.basket_weights.astype(float).copy()
    if scenario is None:
        return weights, baskets
    if scenario.equal_within:
        weights[:] = 1.0
    if scenario.equal_across:
        baskets[:] = 1.0
    for ident, value in scenario.parameter_weights.items():
        weights[ident] = value
    for ident, value in scenario.basket_weights.items():
        baskets[ident] = value
    weights[list(scenario.drop)] = 0.0
    return weights, baskets
