"""The analytic core of recruitment stays free of the database and the web, in small modules."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "palermo"
OURS = [SRC / "recruitment", SRC / "simulate" / "ads"]
FORBIDDEN = ("palermo.store", "palermo.web", "palermo.cases", "sqlalchemy")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_database_or_web_imports() -> None:
    bad = [
        f"{p.relative_to(SRC)} imports {name}"
        for folder in OURS
        for p in folder.rglob("*.py")
        for name in _imports(p)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert bad == []


def test_modules_stay_under_400_lines_and_names_are_unique() -> None:
    paths = [p for folder in OURS for p in folder.rglob("*.py")]
    assert paths and all(len(p.read_text().splitlines()) <= 400 for p in paths)
    simulate_names = [p.name for p in (SRC / "simulate").rglob("*.py") if p.name != "__init__.py"]
    assert len(simulate_names) == len(set(simulate_names))
