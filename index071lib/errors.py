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


class DataError(Index071Error):
    """Invalid input data: names the file, the row or parameter, and the column.

    Args:
        file: Path of the offending file (as given to the loader).
        problems: One or more ``(where, column, message)`` tuples; ``where`` names the
            row and/or parameter (e.g. ``"row 7 (parameter 'zzp')"``).
    """

    def __init__(self, file, problems):
        self.file = str(file)
        self.problems = list(problems)
        lines = [f"{self.file}: {where}, column '{column}': {message}" if column not in (None, "-")
                 else f"{self.file}: {where}: {message}"
                 for where, column, message in self.problems]
        super().__init__("\n".join(lines))


class ScenarioError(Index071Error):
    """Invalid scenario file: names the file and the key."""

    def __init__(self, file, key, message):
        self.file, self.key = str(file), key
        super().__init__(f"{file}: key '{key}': {message}")


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

    def __init__(self, file, problems):
        super().__init__(file, problems)
        lines = [f"{self.file}: {where}, key '{key}': {message}" if key not in (None, "-")
                 else f"{self.file}: {where}: {message}"
                 for where, key, message in self.problems]
        self.args = ("\n".join(lines),)


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
