"""Is every message translated? Extract the templates and hold them against a catalogue.

Templates come from the Python code (``msg(...)``, ``N_(...)`` and ``_(...)``, through
Babel's Python extractor) and from the Jinja templates (``_(...)``, through Jinja's Babel
extractor). A template is a problem for a language when the catalogue has no translation
of it, marks it fuzzy, or translates it with other placeholders than the English has
(``{name}`` fields, their ``!r`` conversions and format specs), which would break or
change the message once filled in. ``msg()`` and ``N_()`` must be given a string literal:
a template built at run time cannot be extracted, so it cannot be translated.

Run ``python -m palermo.i18n.check`` (``make i18n-check``); it lists every problem and
exits 1 if there is any. See docs/translating.md.
"""

from __future__ import annotations

import ast
import string
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from palermo.i18n.catalogue import LOCALES, language_of, read_catalogue

PACKAGE = Path(__file__).resolve().parents[1]  # src/palermo
KEYWORDS = {"msg": None, "N_": None, "_": None}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
TEMPLATE_CALLS = frozenset({"msg", "N_"})


@dataclass(frozen=True)
class Problem:
    kind: str  # missing, fuzzy, placeholders, not_literal
    msgid: str
    where: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind}: {self.msgid!r}"


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _ast_templates(root: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """``msg``/``N_`` templates by parsing the code: Babel skips one nested in a call inside
    another keyword's arguments, and says nothing of a template that is not a literal."""
    found: dict[str, list[str]] = {}
    problems = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = str(path.relative_to(root.parent))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in TEMPLATE_CALLS or not node.args:
                continue
            template = _literal(node.args[0])
            if template is None:
                text = ast.unparse(node.args[0])
                problems.append(Problem("not_literal", text, f"{where}:{node.lineno}"))
            else:
                found.setdefault(template, []).append(f"{where}:{node.lineno}")
    return found, problems


def extract(root: Path = PACKAGE) -> tuple[dict[str, list[str]], list[Problem]]:
    """Every template under ``root`` with where it is used, and the calls that are not
    literals."""
    found: dict[str, list[str]] = {}
    options = {"**/templates/**.html": {"extensions": ""}}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(root), method_map=METHODS, options_map=options, keywords=KEYWORDS
    ):
        text = message[0] if isinstance(message, tuple) else message
        if text:
            found.setdefault(text, []).append(f"{root.name}/{filename}:{lineno}")
    from_ast, problems = _ast_templates(root)
    for template, places in from_ast.items():
        found.setdefault(template, places)
    return found, problems


def fields(template: str) -> set[tuple[str, str | None, str | None]]:
    """The placeholders of a ``str.format`` template: (name, conversion, format spec)."""
    return {
        (name, conversion, spec or None)
        for _text, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    }


def load_catalogue(locale: str) -> Catalog:
    return read_catalogue(locale)


def check(
    locale: str, templates: dict[str, list[str]], catalogue: Catalog | None = None
) -> list[Problem]:
    """What is wrong with ``locale``'s catalogue (or ``catalogue``) for ``templates``."""
    catalogue = catalogue if catalogue is not None else load_catalogue(locale)
    problems = [
        Problem("fuzzy", str(m.id), f"{language_of(locale)} catalogue")
        for m in catalogue
        if m.id and m.fuzzy
    ]
    for template, places in sorted(templates.items()):
        entry = catalogue.get(template)
        where = places[0]
        if entry is None or not entry.string:
            problems.append(Problem("missing", template, where))
            continue
        try:
            wanted, given = fields(template), fields(str(entry.string))
        except ValueError:  # an unbalanced brace: the message could never be formatted
            problems.append(Problem("placeholders", template, where))
            continue
        if wanted != given:
            problems.append(Problem("placeholders", template, where))
    return problems


def translated_locales() -> list[str]:
    return [locale for locale in LOCALES if locale != "en"]


def run(locales: Iterable[str], templates: dict[str, list[str]]) -> list[Problem]:
    problems: list[Problem] = []
    for locale in locales:
        problems += check(locale, templates)
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    locales = args or translated_locales()
    templates, problems = extract()
    problems += run(locales, templates)
    for problem in problems:
        print(problem)
    shown = ", ".join(locales)
    print(f"{len(templates)} templates checked against {shown}: {len(problems)} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
