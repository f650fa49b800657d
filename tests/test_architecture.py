"""The layout of DESIGN.md and ARCHITECTURE.md, checked: import contracts, module size and names."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "palermo"


def test_the_import_contracts_hold() -> None:
    """The dependency direction of DESIGN.md, as import-linter contracts (pyproject.toml):
    analytic pillars use no store or web, the linker no simulator, layers, no cycles."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(SRC.parents[1] / "pyproject.toml")) == 0


def test_no_catch_all_modules() -> None:
    names = {p.name for p in SRC.rglob("*.py")}
    assert not names & {"utils.py", "misc.py", "helpers.py"}


MAX_LINES = 400
# Alembic revisions are the schema's history, written once and never edited.
SIZE_EXEMPT = ("store/migrations/versions",)


def test_no_source_module_is_over_the_size_the_design_sets() -> None:
    too_long = []
    for path in SRC.rglob("*.py"):
        shown = path.relative_to(SRC).as_posix()
        if shown.startswith(SIZE_EXEMPT):
            continue
        lines = len(path.read_text().splitlines())
        if lines > MAX_LINES:
            too_long.append(f"{shown}: {lines} lines")
    assert too_long == []


def test_no_two_modules_share_a_name_inside_one_pillar() -> None:
    """A name says what a module holds: inside one top-level package, no file name twice."""
    clashes = []
    for package in sorted(p for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        seen: dict[str, str] = {}
        for path in sorted(package.rglob("*.py")):
            if path.name == "__init__.py" or "migrations" in path.parts:
                continue
            where = path.relative_to(SRC).as_posix()
            if path.name in seen:
                clashes.append(f"{seen[path.name]} and {where}")
            seen.setdefault(path.name, where)
    assert clashes == []


def test_every_source_folder_is_a_package() -> None:
    """Namespace packages are invisible to the import contracts (import-linter, grimp)."""
    skip = {"templates", "static", "locale", "data", "migrations", "__pycache__"}
    missing = [
        d.relative_to(SRC).as_posix()
        for d in SRC.rglob("*")
        if d.is_dir()
        and not skip & set(d.relative_to(SRC).parts)
        and any(d.glob("*.py"))
        and not (d / "__init__.py").exists()
    ]
    assert missing == []
