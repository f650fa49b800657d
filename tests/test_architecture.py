"""The dependency direction of DESIGN.md, read from the source's import statements."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "palermo"
ANALYTIC = ("estimation", "linkage", "publishing", "simulate")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules_under(package: str) -> list[Path]:
    root = SRC / package
    return sorted(root.rglob("*.py")) if root.is_dir() else []


def _offending(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in paths:
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                shown = path.relative_to(SRC) if path.is_relative_to(SRC) else path.name
                bad.append(f"{shown} imports {name}")
    return bad


def test_analytic_modules_import_neither_web_nor_store() -> None:
    # Pillars not written yet (linkage, publishing) are checked as soon as they exist.
    paths = [p for package in ANALYTIC for p in modules_under(package)]
    assert any("estimation" in str(p) for p in paths), "palermo.estimation not found"
    assert _offending(paths, ("palermo.web", "palermo.store", "palermo.cases", "sqlalchemy")) == []


def test_web_routes_reach_data_only_through_pillar_services() -> None:
    routes = modules_under("web/routes")
    assert routes, "no web routes found"
    # Sessions are passed through to services; building queries or touching models is not.
    forbidden = (
        "palermo.store.models",
        "palermo.store.audit",
        "sqlalchemy.select",
        "sqlalchemy.update",
        "sqlalchemy.delete",
        "sqlalchemy.insert",
        "sqlalchemy.text",
    )
    assert _offending(routes, forbidden) == []


def test_store_and_vocab_do_not_import_the_layers_above() -> None:
    above = (
        "palermo.web",
        "palermo.cli",
        "palermo.cases",
        "palermo.screening",
        "palermo.accounts",
        "palermo.demo",
    )
    assert _offending(modules_under("store") + modules_under("vocab"), above) == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("from palermo.store.models import Case\nimport palermo.web.app\n")
    assert imports_of(sample) >= {"palermo.store.models", "palermo.web.app"}
    assert len(_offending([sample], ("palermo.store", "palermo.web"))) == 3


def test_no_catch_all_modules() -> None:
    names = {p.name for p in SRC.rglob("*.py")}
    assert not names & {"utils.py", "misc.py", "helpers.py"}
