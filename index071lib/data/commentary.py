"""Panel commentary: optional expert notes per edition (``data/editions/<year>/commentary.yml``).

The file is optional. Its keys are ``total`` (text), ``baskets`` / ``parameters`` / ``themes``
(mappings of id to text) and ``source``: who wrote the notes, ``panel`` (the expert panel, the default) or
``publicatie`` (drawn from the publication's chapter texts). A single note may name its own source by being a
mapping ``{text: ..., source: ...}``. Notes are shown verbatim in the reports beside the generated text, marked
by their source (*Commentaar van het expertpanel* or *Toelichting uit de publicatie*). Unknown ids or keys
raise :class:`~index071lib.errors.DataError` naming the
file and the key, so a typo is caught before a build runs anything. An *empty* entry of an id the edition
does not have (the scaffold's entry of a parameter that was dropped afterwards) is no error: it is
listed in :attr:`Commentary.ignored`, which the build reports as a note.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from index071lib.data.edition import Edition
from index071lib.data.readers import read_yaml
from index071lib.errors import DataError
from index071lib.text import nl

FILE_NAME = "commentary.yml"
SECTIONS = ("baskets", "parameters", "themes")
#: Who wrote a note; ``panel`` when the file (or the note) does not say.
SOURCES = ("panel", "publicatie")


@dataclass
class Commentary:
    """Panel notes of one edition.

    Attributes:
        total: Note on the total index (may be empty).
        baskets: Basket id → note.
        parameters: Parameter id → note.
        themes: Theme id → note.
        path: File the notes came from (``None`` when the edition has none).
        ignored: Empty entries of ids the edition does not have, as ``section.id`` (e.g. a dropped parameter).
        source: Source of the notes (:data:`SOURCES`) unless a note names its own.
        sources: ``"<kind>.<id>"`` (``"total"`` for the total) → source of a note that names its own.
    """

    total: str = ""
    baskets: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    ignored: list[str] = field(default_factory=list)
    source: str = "panel"
    sources: dict[str, str] = field(default_factory=dict)

    def note(self, kind: str, ident: str | None = None) -> str:
        """The note for ``kind`` (``total``, ``baskets``, ``parameters``, ``themes``) and id, or ``""``."""
        if kind == "total":
            return self.total
        return getattr(self, kind).get(ident, "")

    def source_of(self, kind: str, ident: str | None = None) -> str:
        """Who wrote the note for ``kind`` and id: ``panel`` or ``publicatie``."""
        return self.sources.get("total" if kind == "total" else f"{kind}.{ident}", self.source)


def _known_ids(edition: Edition) -> dict[str, list[str]]:
    return {"baskets": edition.basket_ids, "parameters": list(edition.parameters.index),
            "themes": edition.theme_ids}


def load_commentary(edition: Edition) -> Commentary:
    """Read and validate the panel commentary of an edition.

    Args:
        edition: A loaded edition (its folder may hold ``commentary.yml``).

    Returns:
        The :class:`Commentary`; empty when the edition has no file.

    Raises:
        DataError: Naming the file and the key, for invalid YAML, unknown keys, a note that is not text, or a
            note on an id the edition does not have (an empty entry of such an id is only listed in
            :attr:`Commentary.ignored`).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> notes = load_commentary(load_edition(2017))
        >>> notes.note("baskets", "regiomarketing").startswith("Na een periode")
        True
    """
    path = edition.path / FILE_NAME
    if not path.exists():
        return Commentary()
    data = read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DataError(path, [("file", "-", "must be a mapping with keys total, baskets, parameters, themes")])
    known = _known_ids(edition)
    problems = []
    for key in data:
        if key not in ("total", "source") and key not in SECTIONS:
            problems.append((f"key '{key}'", "-", f"unknown key; allowed: total, source, {', '.join(SECTIONS)}"))
    source = _source(data.get("source"), "source", problems)
    sources: dict[str, str] = {}
    total = _note(data.get("total") or "", "total", "total", source, sources, problems)
    sections: dict[str, dict[str, str]] = {}
    ignored = []
    for section in SECTIONS:
        notes = data.get(section) or {}
        if not isinstance(notes, dict):
            problems.append((f"key '{section}'", "-", "must be a mapping of id to text"))
            continue
        sections[section] = {}
        for ident, value in notes.items():
            key = f"{section}.{ident}"
            if ident not in known[section]:
                if _empty(value):
                    ignored.append(key)
                else:
                    problems.append((f"key '{key}'", "-", f"unknown id; expected one of {known[section]} (an empty "
                                                          f"entry would only be noted)"))
            else:
                sections[section][str(ident)] = _note(value, key, key, source, sources, problems)
    if problems:
        raise DataError(path, problems)
    return Commentary(total=total, path=str(path), source=source, sources=sources, ignored=ignored, **sections)


def _empty(value) -> bool:
    """An entry without text: nothing, blank text, or a mapping whose ``text`` is blank."""
    if isinstance(value, dict):
        value = value.get("text")
    return value is None or (isinstance(value, str) and not value.strip())


def _source(value, key: str, problems: list) -> str:
    """A ``source`` value (empty or missing: ``panel``); an unknown one is a problem."""
    if value in (None, ""):
        return "panel"
    if value not in SOURCES:
        problems.append((f"key '{key}'", "-", f"unknown source {value!r}; allowed: {', '.join(SOURCES)}"))
        return "panel"
    return value


def _note(value, key: str, where: str, default: str, sources: dict[str, str], problems: list) -> str:
    """The text of a note (text, or a mapping ``{text, source}``); records a note's own source in ``sources``."""
    if isinstance(value, dict):
        unknown = set(value) - {"text", "source"}
        if unknown:
            problems.append((f"key '{where}'", "-", f"unknown key(s) {sorted(unknown)}; allowed: text, source"))
        own = _source(value.get("source"), f"{where}.source", problems)
        if value.get("source") not in (None, "") and own != default:
            sources[key] = own
        value = value.get("text") or ""
    if not isinstance(value, str):
        problems.append((f"key '{where}'", "-", "note must be text"))
        return ""
    return value.strip()


def commentary_html(text: str, subject: str = "", source: str = "panel") -> str:
    """A note as an HTML block, marked by its source (text shown verbatim, escaped).

    Args:
        text: The note (empty → empty string).
        subject: What the note is about (shown after the label), e.g. a parameter name.
        source: ``panel`` (*Commentaar van het expertpanel*) or ``publicatie`` (*Toelichting uit de publicatie*).

    Returns:
        HTML (a ``<blockquote class="panel-commentaar">``) or ``""``.

    Example:
        >>> commentary_html("Goed nieuws & meer.", "Expats")[:60]
        '<blockquote class="panel-commentaar"><p class="panel-label">'
        >>> commentary_html("")
        ''
    """
    if not text:
        return ""
    label = html.escape(nl.note_label(source, subject))
    kind = " publicatie" if source == "publicatie" else ""
    return (f'<blockquote class="panel-commentaar{kind}"><p class="panel-label">{label}</p>'
            f"<p>{html.escape(text)}</p></blockquote>")
