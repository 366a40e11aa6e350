"""All reader-facing Dutch lives in index071lib/text/: no other module, nor a notebook code cell, holds Dutch words
in its string literals (docstrings and comments are for developers and may quote the Dutch output)."""

import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "index071lib"

#: Common words of the reports' Dutch (whole words, any case). English code and messages use none of them.
DUTCH = re.compile(r"\b(" + "|".join([
    "het", "van", "de", "een", "en", "niet", "zijn", "met", "voor", "naar", "geen", "alle", "ook", "wordt",
    "tellen", "telt", "stijgt", "daalt", "stijging", "daling", "mandjes?", "weging(en)?", "punt(en)?",
    "cijfers?", "jaar", "jaren", "editie", "bron", "reeks", "verschil", "bijdragen?", "verandering", "gelijk",
    "rapport(en)?", "officiële", "grafiek", "basisjaar", "bestand", "bewaard", "schuifjes", "naam", "aandeel",
    "overzicht", "trendthema", "herkomst", "legenda", "bevinding(en)?", "gepubliceerd", "berekend", "herzien",
    "vervallen",
]) + r")\b", re.IGNORECASE)

#: Dutch that must stay where it is: (file relative to the repository, exact text), with the reason.
ALLOWED = {
    ("index071lib/report/tables.py", ".herkomst {"): "CSS class of the provenance footer (a name, not text)",
    ("index071lib/report/context.py", 'class="herkomst"'): "the same CSS class",
    ("index071lib/build/notebook.py", 'class="herkomst"'): "the same CSS class (does a report show its own footer?)",
    ("index071lib/build/site.py", "footer.herkomst {"): "the same CSS class (style of the build's footer)",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def dutch_literals(source: str, where: str) -> list[str]:
    """``where:line: 'literal'`` for every string literal (not a docstring) with a Dutch word."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            for (path, allowed), _reason in ALLOWED.items():
                if where.startswith(path):
                    text = text.replace(allowed, "")
            if DUTCH.search(text):
                hits.append(f"{where}:{node.lineno}: {node.value[:80]!r}")
    return hits


def test_no_dutch_outside_the_catalogue():
    hits = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if not relative.startswith("index071lib/text/"):
            hits += dutch_literals(path.read_text(encoding="utf-8"), relative)
    assert hits == [], "Dutch text outside index071lib/text/ (move it to index071lib/text/nl.py):\n" + "\n".join(hits)


def test_notebook_code_cells_take_their_text_from_the_catalogue():
    hits = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "code":
                hits += dutch_literals("".join(cell["source"]), f"{path.name} cell {i}")
    assert hits == [], "\n".join(hits)


def test_the_scan_finds_dutch_and_skips_docstrings():
    source = '"""Module docstring: Het mandje stijgt."""\n\ndef f():\n    """Het mandje."""\n    return "Het mandje"\n'
    assert dutch_literals(source, "x.py") == ["x.py:5: 'Het mandje'"]
    assert dutch_literals('title = f"Index071 {year}: het globale overzicht"', "y.py") != []
    assert dutch_literals('message = "weights of basket {b} sum to {s}, not 100"', "z.py") == []
    assert dutch_literals('STYLE = ".herkomst {color: #555}"', "index071lib/report/tables.py") == []
    assert dutch_literals('STYLE = ".herkomst {color: #555}"', "index071lib/report/charts.py") != []
