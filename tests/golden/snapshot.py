"""The CLI outputs that a refactoring must not change, captured in-process.

``python tests/golden/snapshot.py`` rewrites ``tests/golden/expected/`` (only do this when a change of
numbers or wording is intended, and say so in the commit). ``tests/golden/test_golden.py`` compares a
fresh capture with it byte for byte.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).resolve().parent / "expected"
SHIPPED_SCENARIOS = ["gelijke_wegingen", "hoofdstuktekst", "life_sciences_20", "zonder_ranglijsten"]


def commands(data_dir: Path) -> dict[str, list[str]]:
    """Output file name -> CLI arguments, for the 2017 edition and a filled-in 2018 beside it."""
    d = ["--data-dir", str(data_dir)]
    cmds: dict[str, list[str]] = {}
    for year in (2017, 2018):
        e = ["--edition", str(year), *d]
        cmds[f"{year}-compute.csv"] = ["compute", *e, "--format", "csv"]
        cmds[f"{year}-compute.json"] = ["compute", *e, "--format", "json"]
        cmds[f"{year}-compute-table.txt"] = ["compute", *e]
        cmds[f"{year}-compute-carry.csv"] = ["compute", *e, "--format", "csv", "--alignment", "carry"]
        cmds[f"{year}-compute-available.csv"] = ["compute", *e, "--format", "csv", "--alignment", "available"]
        cmds[f"{year}-compute-base2015.csv"] = ["compute", *e, "--format", "csv", "--base-year", "2015"]
        cmds[f"{year}-params.csv"] = ["params", *e, "--format", "csv"]
        cmds[f"{year}-params.json"] = ["params", *e, "--format", "json"]
        cmds[f"{year}-audit.json"] = ["audit", *e, "--format", "json"]
        cmds[f"{year}-audit-table.txt"] = ["audit", *e]
        cmds[f"{year}-status.csv"] = ["status", *e, "--format", "csv"]
        cmds[f"{year}-status.json"] = ["status", *e, "--format", "json"]
        for name in SHIPPED_SCENARIOS:
            cmds[f"{year}-whatif-{name}.csv"] = ["whatif", *e, "--scenario", name, "--format", "csv"]
            cmds[f"{year}-whatif-{name}-weights.csv"] = ["whatif", *e, "--scenario", name, "--format", "csv",
                                                         "--table", "weights"]
            cmds[f"{year}-whatif-{name}.json"] = ["whatif", *e, "--scenario", name, "--format", "json"]
        cmds[f"{year}-sensitivity.json"] = ["sensitivity", *e, "--seed", "2017", "--format", "json"]
        cmds[f"{year}-sensitivity-uniform.json"] = ["sensitivity", *e, "--seed", "2017", "--n", "2000",
                                                    "--scheme", "uniform", "--format", "json"]
    e = ["--edition", "2018", *d, "--against", "2017"]
    cmds["2018-diff.json"] = ["diff", *e, "--format", "json"]
    cmds["2018-diff.csv"] = ["diff", *e, "--format", "csv"]
    cmds["2018-diff-table.txt"] = ["diff", *e]
    return cmds


def make_data(tmp: Path) -> Path:
    """A copy of the repository's editions with the test suite's filled-in 2018 edition beside 2017."""
    sys.path.insert(0, str(ROOT))
    from tests.conftest import make_2018

    data = tmp / "data"
    shutil.copytree(ROOT / "data" / "editions", data / "editions")
    make_2018(data)
    return data


def run(argv: list[str]) -> bytes:
    """Run ``index071 ARGV`` in this process; stdout, stderr and the exit code as bytes."""
    from index071lib.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.resetwarnings()
        warnings.simplefilter("default")  # as in a fresh process: every note shows, whatever ran before
        code = main(argv)
    return f"{out.getvalue()}\n--- stderr ---\n{err.getvalue()}\n--- exit {code} ---\n".encode()


def capture(tmp: Path) -> dict[str, bytes]:
    """Every output of :func:`commands`, with the temporary data path replaced by ``<data>`` and the folder of
    the shipped scenarios (in the checkout or an installed package, wherever it is) by ``<scenarios>``."""
    from index071lib.data.scenarios import shipped_scenarios

    data = make_data(tmp)
    return {name: run(argv).replace(str(data).encode(), b"<data>").replace(str(shipped_scenarios()).encode(),
                                                                           b"<scenarios>")
            for name, argv in commands(data).items()}


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        outputs = capture(Path(tmp))
    shutil.rmtree(EXPECTED, ignore_errors=True)
    EXPECTED.mkdir()
    for name, content in outputs.items():
        (EXPECTED / name).write_bytes(content)
    print(f"wrote {len(outputs)} files to {EXPECTED}")
