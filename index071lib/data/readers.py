"""Reading the input files of an edition safely: one clear :class:`~index071lib.errors.DataError` per problem.

Every file of an edition and every scenario file goes through these three readers:

* :func:`read_text`: the file must exist, be a file (not a folder), be readable and be UTF-8; a bad byte
  is reported with its line and column.
* :func:`read_yaml`: :func:`read_text`, then ``yaml`` with a :class:`yaml.SafeLoader` that refuses a key
  given twice in one mapping (PyYAML would silently keep the later one).
* :func:`read_csv`: :func:`read_text`, then a first pass with the :mod:`csv` module that checks what pandas
  would misread or report in its own terms: an empty file, a separator other than the comma, a line with
  too many or too few fields, a quote that is never closed. A file separated by semicolons (as Dutch Excel
  saves CSV) is read as such; its numbers may have decimal commas (:func:`dutch_numbers`, applied by the
  schemas to the number columns). The table itself is then read by pandas as text
  (``"-"`` and blanks become missing), and ``frame.attrs["lines"]`` holds the file line of each row, so
  that messages name the line a person sees in an editor.
"""

from __future__ import annotations

import csv
import errno
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from index071lib.errors import DataError

#: Cells read as missing in every table.
MISSING = ("-", "")
_SEPARATORS = {";": "semicolon", "\t": "tab", "|": "vertical bar"}


def _fail(path, message: str, where: str = "file", error=DataError):
    raise error(path, [(where, "-", message)])


def os_problem(err: OSError) -> str:
    """A short English description of an operating-system error (no Python exception text).

    Example:
        >>> os_problem(PermissionError(13, "Permission denied"))
        'permission denied (cannot read)'
    """
    known = {errno.ENOENT: "file not found", errno.EISDIR: "is a directory, not a file",
             errno.EACCES: "permission denied (cannot read)", errno.EPERM: "permission denied (cannot read)",
             errno.ENOTDIR: "a part of the path is not a directory", errno.ELOOP: "too many symbolic links",
             errno.ENAMETOOLONG: "file name too long", errno.EIO: "input/output error"}
    return known.get(err.errno, (err.strerror or "cannot be read").lower())


def read_text(path, *, error=DataError) -> str:
    """The text of a UTF-8 file, or a clear error naming the file.

    Args:
        path: The file.
        error: Exception class to raise (a :class:`DataError` subclass).

    Returns:
        The text (a UTF-8 byte order mark is dropped).

    Raises:
        DataError: File missing, a folder, unreadable, or not UTF-8 (with line and column of the first bad byte).
    """
    path = Path(path)
    if path.is_dir():
        _fail(path, "is a directory, not a file", error=error)
    try:
        data = path.read_bytes()
    except OSError as err:
        _fail(path, os_problem(err), error=error)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        _fail(path, f"is not UTF-8 text: byte 0x{data[err.start]:02x} at line {line}, column {column} "
                    f"(save the file as UTF-8)", error=error)


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A key appears twice in one YAML mapping."""


class UniqueKeyLoader(yaml.SafeLoader):
    """A :class:`yaml.SafeLoader` that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            try:
                key = self.construct_object(key_node, deep=True)
                hash(key)
            except (TypeError, yaml.constructor.ConstructorError):
                continue  # an unhashable key: the base class reports it
            if key in seen:
                lines = f"lines {seen[key] + 1} and {key_node.start_mark.line + 1}"
                raise DuplicateKeyError(None, None, f"key {key!r} appears twice ({lines}); keep one",
                                        key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def _yaml_message(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err)
    if isinstance(err, DuplicateKeyError):
        return problem
    if mark is not None:
        return f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return f"invalid YAML: {problem}"


def parse_yaml(text: str, path, *, error=DataError):
    """Parse YAML text (safe, no duplicate keys); a syntax error names the line and column.

    Raises:
        DataError: Invalid YAML or a duplicate key.
    """
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        _fail(path, _yaml_message(err), error=error)
    except RecursionError:
        _fail(path, "invalid YAML: nested too deeply", error=error)


def read_yaml(path, *, error=DataError):
    """Read a YAML file with :func:`read_text` and :func:`parse_yaml`.

    Args:
        path: The file.
        error: Exception class to raise.

    Returns:
        The parsed document.

    Example:
        >>> import tempfile
        >>> p = Path(tempfile.mkdtemp()) / "x.yml"
        >>> _ = p.write_text("a: 1\\na: 2\\n", encoding="utf-8")
        >>> read_yaml(p)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        index071lib.errors.DataError: .../x.yml: file: key 'a' appears twice (lines 1 and 2); keep one
    """
    return parse_yaml(read_text(path, error=error), path, error=error)


def _separator_problem(header: list[str]) -> str | None:
    if len(header) == 1:
        for sep, name in _SEPARATORS.items():
            if sep in header[0]:
                return (f"columns must be separated by commas (or by semicolons, as Dutch Excel writes), "
                        f"not by a {name} ('{header[0][:60]}')")
    return None


def detect_separator(text: str) -> str:
    r"""``";"`` for a file as Dutch Excel saves CSV (its first line holds a ``;`` and no comma outside quotes),
    else ``","``.

    Example:
        >>> detect_separator("parameter;year;value\nzzp;2014;112,5\n"), detect_separator("a,b\n1,2\n")
        (';', ',')
    """
    for record in csv.reader(io.StringIO(text, newline="")):
        if record:
            return ";" if len(record) == 1 and ";" in record[0] else ","
    return ","


def _check_records(path, text: str, sep: str = ",") -> list[int]:
    """First pass with the csv module: field counts and quotes. Returns the file line of each data row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=sep)
    word = "comma" if sep == "," else "semicolon"
    lines: list[int] = []
    problems = []
    header = None
    end = 0
    try:
        for record in reader:
            start, end = end + 1, reader.line_num
            if not record:  # a blank line (pandas skips it too)
                continue
            if header is None:
                header = record
                other = _separator_problem(header)
                if other:
                    _fail(path, other, "header")
                names = [h.strip() for h in header]
                dupes = sorted({h for h in names if names.count(h) > 1})
                if dupes:
                    _fail(path, f"column name(s) {dupes} appear more than once", "header")
                if "" in names:
                    _fail(path, f"column {names.index('') + 1} has no name", "header")
                continue
            if any("\n" in cell or "\r" in cell for cell in record):
                problems.append((f"line {start}", "-", f"a quote (\") opened on this line is closed only on line "
                                                       f"{end}: is a closing quote missing?"))
            elif len(record) != len(header):
                problems.append((f"line {start}", "-", f"{len(record)} fields, expected {len(header)} "
                                                       f"({sep.join(header)}); quote a text that holds a {word}"))
            lines.append(start)
    except csv.Error as err:
        start, line, reason = end + 1, reader.line_num, str(err)
        if "EOF" in reason or "end of data" in reason:
            problems.append((f"line {start}", "-", "a quote (\") is opened but never closed"))
        elif line > start:
            problems.append((f"line {start}", "-", f"a quote (\") opened on this line is not closed before line "
                                                   f"{line}: is a closing quote missing?"))
        else:
            problems.append((f"line {start}", "-", f"badly quoted field: a quoted text must be followed by a "
                                                   f"{word} or the end of the line"))
    if header is None:
        _fail(path, "is empty (expected a header line with the column names)")
    if problems:
        raise DataError(path, problems)
    return lines


class FileLines:
    """The file line of each row of a table, kept in ``DataFrame.attrs``.

    pandas deep-copies ``attrs`` on almost every operation and compares them in ``concat``: this holder
    copies as itself and compares by identity, so a table of 390,000 rows does not pay per row each time.
    """

    __slots__ = ("array",)

    def __init__(self, lines):
        self.array = np.asarray(lines, dtype=np.int64)

    def __deepcopy__(self, memo) -> FileLines:
        return self

    def __len__(self) -> int:
        return len(self.array)


def read_csv(path, *, error=DataError) -> pd.DataFrame:
    """Read a table as text: ``"-"`` and blanks are missing; every other cell stays a string.

    Args:
        path: The CSV file (comma- or semicolon-separated, UTF-8, first line the column names).
        error: Exception class to raise.

    Returns:
        The table; ``attrs["lines"]`` lists the file line of each row.

    Raises:
        DataError: Naming the file and the line, for anything :func:`read_text` refuses, an empty file,
            another separator (a comma or, as Dutch Excel writes, a semicolon is read), a wrong number of
            fields or an unclosed quote.
    """
    text = read_text(path, error=error)
    sep = detect_separator(text)
    lines = _check_records(path, text, sep)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=list(MISSING), sep=sep)
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(lines) == len(frame):
        frame.attrs["lines"] = FileLines(lines)
    if sep == ";":
        frame.attrs["decimal_comma"] = True  # the schemas read its numbers with dutch_number
    return frame


#: A number as Dutch Excel writes it: optional thousands dots in groups of three, optional decimal comma.
_DUTCH = re.compile(r"^\s*[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?\s*$")
#: Digits with dots in groups of three and nothing else: thousands (Dutch) or decimals (English)?
_GROUPED = re.compile(r"^\s*[+-]?\d{1,3}(\.\d{3})+\s*$")


def dutch_numbers(cells: pd.Series, comma_file: bool) -> tuple[pd.Series, np.ndarray]:
    """Number cells of a ``;``-separated file as numbers with a decimal point, and the cells that are unclear.

    In a file with decimal commas (``comma_file``: some number cell holds a comma), ``1.234,5`` is
    1234.5 and ``1.234`` is 1234; a dot in another place (``100.5``) is unclear. In a file without any
    decimal comma, ``100.5`` is 100.5 and only ``1.234`` is unclear (1234 or 1.234?). Text that is no
    number is left as it is, for the schema to report.

    Args:
        cells: The cells (text; missing as NaN).
        comma_file: Whether the file writes decimal commas.

    Returns:
        ``(converted, unclear)``: the cells with ``.`` as decimal separator and no thousands separator, and a
        boolean array of the cells whose meaning is unclear.

    Example:
        >>> cells = pd.Series(["1.234,5", "1.234", "-0,5", "100.5", None])
        >>> converted, unclear = dutch_numbers(cells, comma_file=True)
        >>> converted.tolist()[:3], unclear.tolist()
        (['1234.5', '1234', '-0.5'], [False, False, False, True, False])
    """
    text = cells.astype(object)
    present = text.notna().to_numpy()
    strings = text.where(text.notna(), "").astype(str)
    dutch = strings.str.match(_DUTCH).to_numpy()
    grouped = strings.str.match(_GROUPED).to_numpy()
    dotted = strings.str.contains(".", regex=False).to_numpy()
    if comma_file:
        convert = present & dutch
        unclear = present & dotted & ~dutch
    else:
        convert = np.zeros(len(text), dtype=bool)
        unclear = present & grouped
    out = text.copy()
    out[convert] = strings[convert].str.replace(".", "", regex=False).str.replace(",", ".", regex=False).str.strip()
    return out, unclear

