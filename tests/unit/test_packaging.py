"""The wheel's package list in pyproject.toml is complete (it is explicit, see docs/packaging.md)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _folder(package: str) -> Path:
    mapped = CONFIG.get("package-dir", {}).get(package)
    return ROOT / mapped if mapped else ROOT.joinpath(*package.split("."))


def test_every_subpackage_is_listed():
    present = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "index071lib").rglob("*.py")
               if "__pycache__" not in p.parts}
    present |= {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "index071lib").rglob("*.j2")}
    missing = present - set(CONFIG["packages"])
    assert not missing, f"missing from [tool.setuptools] packages: {missing}"


def test_mapped_folders_are_importable_packages_with_their_data():
    for package, folder in CONFIG["package-dir"].items():
        assert package in CONFIG["packages"]
        assert (ROOT / folder / "__init__.py").is_file(), f"{folder} needs __init__.py (editable finder)"
    for package, patterns in CONFIG["package-data"].items():
        assert package in CONFIG["packages"]
        for pattern in patterns:
            assert sorted(_folder(package).glob(pattern)), f"{package}: {pattern} matches nothing"
    assert all(_folder(p).is_dir() for p in CONFIG["packages"])
