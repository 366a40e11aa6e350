"""Main of the `index071` command: wires the subcommand modules together and turns library errors into one message.

Subcommands live in small modules that each expose ``register(subparsers)``; this module only wires
them together, turns library errors into one clear message (no traceback, exit 1) and shows
library warnings (weight normalisation, base-year fallback) as notes on stderr.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from importlib import import_module

from index071lib import __version__
from index071lib.errors import Index071Error

#: Modules providing subcommands, in the order of ``index071 --help``, with the commands each registers
#: (``tests/unit/cli/test_main.py`` checks the names against what the modules register).
COMMAND_MODULES = {
    "index071lib.cli.core": ("compute", "params", "audit"),
    "index071lib.cli.build": ("build",),
    "index071lib.cli.editions": ("new-edition", "status", "diff"),
    "index071lib.cli.entry": ("template", "import"),
    "index071lib.cli.whatif": ("whatif", "sensitivity"),
    "index071lib.cli.panel": ("panel",),
}


def command_of(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (its first word that is not an option), if any.

    Example:
        >>> command_of(["build", "--edition", "2017"]), command_of(["--version"])
        ('build', None)
    """
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with the registered subcommands.

    Args:
        command: A subcommand of :data:`COMMAND_MODULES`: only the module providing it is imported (a
            command does not pay for the imports of all others, e.g. ``build`` finding that nothing
            changed starts without pandas). Otherwise (``--help``, no or an unknown command): every module.
    """
    modules = [m for m, names in COMMAND_MODULES.items() if command in names] or list(COMMAND_MODULES)
    parser = argparse.ArgumentParser(
        prog="index071",
        description="Compute, audit and report the Index071, the yearly economic monitor of the Leiden region.",
    )
    parser.add_argument("--version", action="version", version=f"index071 {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in modules:
        import_module(name).register(sub)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):
    print(f"note: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``index071`` command.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        Process exit code: 0 on success, 1 on invalid input, 2 on a usage error, 130 when interrupted.
    """
    try:
        return _run(argv)
    except KeyboardInterrupt:  # Ctrl-C while starting up (imports) or in a command without its own handling
        print("error: interrupted", file=sys.stderr)
        return 130


def _run(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(command_of(argv))
    args = parser.parse_args(argv)
    previous = warnings.showwarning
    warnings.showwarning = _show_warning
    try:
        code = args.func(args)
    except Index071Error as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `index071 compute | head`
        return 0
    except OSError as err:  # a file that cannot be read or written (disk full, read-only, permission)
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{(err.strerror or 'input/output error').lower()}", file=sys.stderr)
        return 1
    except MemoryError:
        print("error: out of memory; try a smaller --n or fewer --jobs", file=sys.stderr)
        return 1
    finally:
        warnings.showwarning = previous
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
