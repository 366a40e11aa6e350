"""Panel commentary: optional expert notes per edition (``data/editions/<year>/commentary.yml``).

The file is optional. Its keys are ``total`` (text) and ``baskets`` / ``parameters`` / ``themes``
(mappings of id to text). Notes are shown verbatim in the reports, clearly marked as the panel's words,
beside the generated text. Unknown ids or keys raise :class:`~index071lib.errors.DataError` naming the
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
    """

    total: str = ""
    baskets: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    ignored: list[str] = field(default_factory=list)

    def note(self, kind: str, ident: str | None = None) -> str:
        """The note for ``kind`` (``total``, ``baskets``, ``parameters``, ``themes``) and id, or ``""``."""
        if kind == "total":
            return self.total
        return getattr(self, kind).get(ident, "")


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
        if key != "total" and key not in SECTIONS:
            problems.append((f"key '{key}'", "-", f"unknown key; allowed: total, {', '.join(SECTIONS)}"))
    total = data.get("total") or ""
    if not isinstance(total, str):
        problems.append(("key 'total'", "-", "must be text"))
    sections: dict[str, dict[str, str]] = {}
    ignored = []
    for section in SECTIONS:
        notes = data.get(section) or {}
        if not isinstance(notes, dict):
            problems.append((f"key '{section}'", "-", "must be a mapping of id to text"))
            continue
        kept = {}
        for ident, text in notes.items():
            empty = text is None or (isinstance(text, str) and not text.strip())
            if ident not in known[section]:
                if empty:
                    ignored.append(f"{section}.{ident}")
                else:
                    problems.append((f"key '{section}.{ident}'", "-",
                                     f"unknown id; expected one of {known[section]} (an empty entry would only "
                                     f"be noted)"))
            elif not isinstance(text, str) and text is not None:
                problems.append((f"key '{section}.{ident}'", "-", "note must be text"))
            else:
                kept[str(ident)] = (text or "").strip()
        sections[section] = kept
    if problems:
        raise DataError(path, problems)
    return Commentary(total=total.strip(), path=str(path), ignored=ignored, **sections)


def commentary_html(text: str, subject: str = "") -> str:
    """A panel note as an HTML block, marked as the panel's words (text shown verbatim, escaped).

    Args:
        text: The note (empty → empty string).
        subject: What the note is about (shown after the label), e.g. a parameter name.

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
    label = html.escape(nl.panel_note_label(subject))
    return (f'<blockquote class="panel-commentaar"><p class="panel-label">{label}</p>'
            f"<p>{html.escape(text)}</p></blockquote>")
