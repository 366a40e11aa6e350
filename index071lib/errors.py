"""Exceptions and warnings of index071lib."""

from __future__ import annotations


#: Red, and back to normal, in a notebook's error output (ANSI codes, as IPython colours tracebacks).
_RED, _NORMAL = "\x1b[0;31m", "\x1b[0m"


class Index071Error(Exception):
    """Base class of all errors that the CLI reports without a traceback (and a notebook too)."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows for this error in a notebook: the message, not the traceback.

        The CLI prints these errors without a traceback; a notebook cell that raises one shows the same
        message (one line per problem) instead of some fifty lines of library frames.

        Example:
            >>> OptionError("base_year", "not an edition year")._render_traceback_()
            ['\\x1b[0;31mOptionError:\\x1b[0m base_year: not an edition year']
        """
        return [f"{_RED}{type(self).__name__}:{_NORMAL} {line}" if i == 0 else line
                for i, line in enumerate(str(self).splitlines() or [""])]


#: At most this many problems are listed in one message; the rest is counted ("… and N more problems").
MAX_PROBLEMS = 20


def problem_lines(file: str, problems: list, label: str = "column", omitted: int = 0) -> list[str]:
    """The lines of a data error: ``file: where, column 'c': message``, at most :data:`MAX_PROBLEMS` of them.

    The one place that builds such messages, so that a file with 390,000 bad rows gives 21 lines, not 390,000.

    Args:
        file: The file named on every line.
        problems: ``(where, column, message)`` tuples (``column`` ``None`` or ``"-"`` = no column).
        label: Word for the column (``"column"`` in tables, ``"key"`` in YAML files).
        omitted: Further problems that were counted but not passed in.

    Returns:
        The lines, the last one counting the problems left out.

    Example:
        >>> problem_lines("v.csv", [(f"row {i}", "value", "not a number") for i in range(2, 30)])[-1]
        'v.csv: … and 8 more problems'
    """
    lines = [f"{file}: {where}, {label} '{column}': {message}" if column not in (None, "-")
             else f"{file}: {where}: {message}"
             for where, column, message in problems[:MAX_PROBLEMS]]
    more = max(0, len(problems) - MAX_PROBLEMS) + omitted
    if more:
        lines.append(f"{file}: … and {more:,} more problem{'s' if more > 1 else ''}")
    return lines


class DataError(Index071Error):
    """Invalid input data: names the file, the row or parameter, and the column.

    Args:
        file: Path of the offending file (as given to the loader).
        problems: One or more ``(where, column, message)`` tuples; ``where`` names the row and/or
            parameter (e.g. ``"row 7 (parameter 'zzp')"``). The message lists at most
            :data:`MAX_PROBLEMS` of them; :attr:`problems` keeps all.
        label: Word for the column (default ``"column"``; ``"key"`` for YAML files).
        omitted: Problems counted but not listed in :attr:`problems` (a table with very many bad rows).
    """

    label = "column"

    def __init__(self, file, problems, *, label: str | None = None, omitted: int = 0):
        self.file = str(file)
        self.problems = list(problems)
        self.omitted = omitted
        if label:
            self.label = label
        super().__init__("\n".join(problem_lines(self.file, self.problems, self.label, omitted)))


class ScenarioError(Index071Error):
    """Invalid scenario file: names the file and the key."""

    def __init__(self, file, key, message):
        self.file, self.key = str(file), key
        super().__init__(f"{file}: key '{key}': {message}")


class ScenarioNotApplicable(ScenarioError):
    """A valid scenario that does not fit this edition: written for other editions, or naming ids it lacks.

    Attributes:
        scenario: The scenario's name.
        edition: The edition year it was checked against.
        reason: What does not fit: ``("editions", [2017])`` (the ``editions`` it declares) or
            ``("parameter", ["shanghai_ranking"])`` / ``("basket", [...])`` (ids the edition does not have).
    """

    def __init__(self, file, key, message, *, scenario: str, edition: int, reason: tuple[str, list]):
        self.scenario, self.edition, self.reason = scenario, edition, reason
        super().__init__(file, key, message)


class FactorError(Index071Error):
    """Invalid factor file of the variance-based sensitivity analysis: names the file and the key."""

    def __init__(self, file, key, message):
        self.file, self.key = str(file), key
        super().__init__(f"{file}: key '{key}': {message}")


class WeightSumWarning(UserWarning):
    """Weights of a basket (or of the baskets) do not sum to 100 and were normalised."""


class BaseYearWarning(UserWarning):
    """The requested base year is missing; the first available year was used instead."""


class ChangelogError(DataError):
    """Invalid ``changelog.yml`` of an edition: names the file, the entry and the key.

    Args:
        file: Path of the changelog.
        problems: ``(where, key, message)`` tuples; ``where`` names the entry
            (e.g. ``"changes[2] (parameter 'zzp')"``).
    """

    label = "key"


class EditionExistsError(Index071Error):
    """A new edition would overwrite an existing edition folder."""


class OptionError(Index071Error):
    """An invalid option or function parameter (e.g. a base year outside the edition): names it."""

    def __init__(self, name, message):
        self.name = name
        super().__init__(f"{name}: {message}")


class ParameterError(Index071Error):
    """A notebook parameter with a value it cannot take: one Dutch line naming the valid values.

    Args:
        name: The parameter (e.g. ``basket``).
        message: The whole reader-facing message (Dutch), e.g. made by
            :func:`index071lib.report.params.choose`.
    """

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(message)

    def _render_traceback_(self) -> list[str]:
        """The message alone, in red: a notebook shows one line, in the reader's language."""
        return [f"{_RED}{self}{_NORMAL}"]


class CommentaryNote(UserWarning):
    """An entry of ``commentary.yml`` that is ignored (an empty note on an id the edition no longer has)."""


class ValueRangeWarning(UserWarning):
    """A value passed validation but is unusually large (e.g. an index value above 1,000); names file and row."""
