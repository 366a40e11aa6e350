"""Checking a notebook's parameters: a wrong value stops the notebook with one Dutch line.

A researcher who types ``basket = "Vestigingsklimaat"`` (the name instead of the id) should read what
is wrong and what would be right, not a pandas ``KeyError`` fifty frames deep. Each check returns the
value when it is valid and raises :class:`~index071lib.errors.ParameterError` otherwise; a notebook shows
that error as one red line (``ParameterError._render_traceback_``) and papermill stops the run there.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path

from index071lib.analysis.whatif import load_scenarios
from index071lib.core.align import ALIGNMENTS
from index071lib.data.edition import Edition, available_editions, default_data_dir, load_edition
from index071lib.data.scenarios import Scenario, available_scenarios, resolve_scenario_path
from index071lib.errors import ParameterError, ScenarioError
from index071lib.text import nl

def _valid_list(valid: Mapping[str, str] | Sequence[str]) -> str:
    if isinstance(valid, Mapping):
        return ", ".join(f"{key} ({name})" if name and name != key else key for key, name in valid.items())
    return ", ".join(str(v) for v in valid)


def choose(name: str, value, valid: Mapping[str, str] | Sequence[str], what: str | None = None) -> str:
    """The value if it is one of ``valid``, else a :class:`ParameterError` naming the valid values.

    Args:
        name: Parameter name (as in the notebook's parameters cell).
        value: The value given.
        valid: The valid values, or valid value → Dutch name.
        what: Dutch noun for the kind of value (default: :data:`index071lib.text.nl.PARAMETER_NOUN` of ``name``).

    Returns:
        ``value``.

    Raises:
        ParameterError: One Dutch line: the parameter and value, a close match if there is one, and
            every valid value.

    Example:
        >>> choose("alignment", "lag", ALIGNMENTS)
        'lag'
        >>> choose("basket", "Regiomarketing", {"regiomarketing": "Regiomarketing"})
        Traceback (most recent call last):
        ...
        index071lib.errors.ParameterError: Ongeldige parameter basket = 'Regiomarketing': geen mandje. Bedoelt u 'regiomarketing'? Kies uit: regiomarketing (Regiomarketing).
    """
    keys = [str(k) for k in valid]
    if value in keys:
        return value
    text = str(value).strip().lower()
    names = {str(n).lower(): k for k, n in valid.items()} if isinstance(valid, Mapping) else {}
    same = [k for k in keys if k.lower() == text] or ([names[text]] if text in names else [])
    close = same or difflib.get_close_matches(text, keys, n=1, cutoff=0.6)
    noun = what or nl.PARAMETER_NOUN.get(name, name)
    raise ParameterError(name, nl.bad_choice(name, value, noun, _valid_list(valid), close[0] if close else None))


def check_alignment(alignment: str) -> str:
    """``alignment`` if it is an alignment method (``lag``, ``carry``, ``available``)."""
    return choose("alignment", alignment, {a: nl.ALIGNMENT[a] for a in ALIGNMENTS})


def check_edition(edition: int, data_dir: str | Path | None = None) -> Edition:
    """Load an edition; an edition that is not there is a :class:`ParameterError` listing the ones that are.

    Args:
        edition: Edition year; ``0`` (or ``None``) = the latest edition present.
        data_dir: Folder holding ``editions/`` (``""``/``None``: the default).

    Returns:
        The loaded edition.
    """
    data = Path(data_dir) if data_dir else default_data_dir()
    present = available_editions(data)
    if edition and edition not in present:
        raise ParameterError("edition", nl.bad_edition(edition, str(data), _valid_list([0, *present])))
    return load_edition(edition or None, data)


def check_basket(edition: Edition, basket: str) -> str:
    """``basket`` if it is a basket id of the edition."""
    return choose("basket", basket, {b: edition.basket_names[b] for b in edition.basket_ids})


def check_theme(edition: Edition, theme: str) -> str:
    """``theme`` if it is a theme id of the edition."""
    return choose("theme", theme, {t: edition.theme_names.get(t, t) for t in edition.theme_ids})


def check_scenarios(specs: str | Sequence[str], edition: Edition, data_dir: str | Path | None = None, *,
                    name: str = "scenarios", not_applicable: list | None = None) -> list[Scenario]:
    """Load scenarios by name or file; an unknown name or an invalid file is one Dutch line.

    Args:
        specs: Names or files; a comma-separated string is split; empty entries are skipped.
        edition: The edition the scenarios must fit.
        data_dir: The data folder (where names are looked up, see
            :func:`~index071lib.data.scenarios.scenario_search_path`).
        name: Parameter name for the message (``scenario`` or ``scenarios``).
        not_applicable: If given, scenarios that do not fit the edition are appended here (with the reason,
            :class:`~index071lib.errors.ScenarioNotApplicable`) and left out, instead of stopping the notebook.

    Returns:
        The scenarios (:func:`~index071lib.analysis.whatif.load_scenarios`).
    """
    if isinstance(specs, str):
        specs = [s.strip() for s in specs.split(",")]
    specs = [s for s in specs if s]
    data = data_dir or None
    for spec in specs:
        if not resolve_scenario_path(spec, data).is_file():
            known = list(available_scenarios(data))
            raise ParameterError(name, nl.unknown_scenario(name, spec, _valid_list(known)))
    try:
        return load_scenarios(specs, edition, data, not_applicable=not_applicable)
    except ScenarioError as err:
        raise ParameterError(name, nl.invalid_scenario_file(name, str(err))) from None


def check_scenario(spec: str, edition: Edition, data_dir: str | Path | None = None) -> Scenario | None:
    """One scenario by name or file (``""``: none, the official weights)."""
    chosen = check_scenarios([spec], edition, data_dir, name="scenario") if spec else []
    return chosen[0] if chosen else None
