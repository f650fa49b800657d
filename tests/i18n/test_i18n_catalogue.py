"""Every message of the code and of the templates has a French translation that keeps its
placeholders, and the check that says so catches what it should."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from pydantic_core import PydanticKnownError

from palermo.i18n.check import Problem, check, extract, fields, load_catalogue, main
from palermo.i18n.validation import PARSER_DETAILS, PYDANTIC_TEMPLATES

# Templates that must be among those extracted: a service message, one nested in a call
# inside another's arguments (Babel alone misses those), a screening reason, a pydantic
# message and a page's text.
KNOWN = (
    "This case has no valid consent for {purpose}. Record the person's consent, "
    "or ask a supervisor to record an override with a reason.",
    " and ",
    "Means: {label}.",
    "Input should be less than or equal to {le}",
    "Dashboard",
)


def _listing(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


def test_every_template_has_a_french_translation_with_its_placeholders() -> None:
    templates, problems = extract()
    assert len(templates) > 700
    for template in KNOWN:
        assert template in templates, template
    problems += check("fr", templates)
    assert not problems, "\n" + _listing(problems)


def test_template_strings_and_code_strings_are_both_extracted() -> None:
    templates, _ = extract()
    places = {where.split(":")[0].rsplit(".", 1)[-1] for p in templates.values() for where in p}
    assert places == {"py", "html"}
    assert any("/templates/" in where for where in templates["Record a consent"])
    assert any(where.endswith(".py:" + where.rsplit(":", 1)[1]) for where in templates[" and "])


def test_the_check_finds_missing_fuzzy_changed_placeholders_and_non_literals(
    tmp_path: Path,
) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "service.py").write_text(
        "from palermo.i18n import joined, msg\n"
        'ok = msg("Case {id} is closed.", id=1)\n'
        'renamed = msg("Referral {id} is {state}.", id=1, state="done")\n'
        'nested = msg("{items} left", items=joined([], sep=msg(" or ")))\n'
        'spec = msg("Took {seconds:.1f} s", seconds=1.0)\n'
        'built = msg(f"Case {ok}")\n'
        "variable = msg(ok)\n"
        'fuzzy = msg("Half done.")\n',
        encoding="utf-8",
    )
    templates, problems = extract(package)
    assert {p.kind for p in problems} == {"not_literal"}
    assert sorted(p.msgid for p in problems) == ["f'Case {ok}'", "ok"]
    assert " or " in templates  # nested in joined() inside msg(): found by the AST pass
    catalogue = Catalog(locale="fr")
    catalogue.add("Case {id} is closed.", "Le dossier {id} est clôturé.")
    catalogue.add("Referral {id} is {state}.", "L'orientation {numero} est {state}.")
    catalogue.add("Took {seconds:.1f} s", "A pris {seconds} s")
    catalogue.add("Half done.", "À moitié fait.", flags=["fuzzy"])
    found = {(p.kind, p.msgid) for p in check("fr", templates, catalogue)}
    assert found == {
        ("placeholders", "Referral {id} is {state}."),
        ("placeholders", "Took {seconds:.1f} s"),
        ("missing", "{items} left"),
        ("missing", " or "),
        ("fuzzy", "Half done."),
    }


def test_placeholders_compare_names_conversions_and_specs() -> None:
    assert fields("{code!r} for {list_name}") == {("code", "r", None), ("list_name", None, None)}
    assert fields("{n:03d}") == {("n", None, "03d")}
    assert fields("No placeholder") == set()


def test_the_catalogue_has_no_fuzzy_entry_and_every_entry_is_translated() -> None:
    catalogue = load_catalogue("fr")
    entries = [m for m in catalogue if m.id]
    assert len(entries) > 750
    assert [m.id for m in entries if m.fuzzy] == []
    assert [m.id for m in entries if not m.string] == []


def test_make_check_exits_1_on_a_problem_and_0_when_clean(capsys) -> None:
    assert main([]) == 0
    assert "0 problem(s)" in capsys.readouterr().out


def test_pydantic_templates_are_those_of_the_installed_pydantic_core() -> None:
    context = {
        "max_length": 1,
        "min_length": 1,
        "ge": 0,
        "le": 0,
        "gt": 0,
        "lt": 0,
        "error": "e",
        "field_type": "List",
        "actual_length": 0,
        "expected": "'a'",
        "class_name": "X",
        "pattern": "x",
    }
    for error_type, template in PYDANTIC_TEMPLATES.items():
        assert PydanticKnownError(error_type, context).message_template == template, error_type
    assert "input is too short" in PARSER_DETAILS
