"""Every string the templates translate has a French translation, given once."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

from palermo.i18n.catalogue import LOCALE_DIR, translations
from palermo.web.rendering import TEMPLATES

PO = LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po"
LITERAL = re.compile(r"""_\(\s*(?:"([^"]+)"|'([^']+)')\s*[,)]""")


def _template_strings() -> set[tuple[str, str]]:
    found = set()
    for path in Path(TEMPLATES).rglob("*.html"):
        for double, single in LITERAL.findall(path.read_text()):
            found.add((path.name, double or single))
    return found


def test_every_template_string_has_a_french_translation() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string}
    strings = _template_strings()
    assert len(strings) > 100
    missing = sorted(s for s in strings if s[1] not in translated)
    assert missing == []


def test_no_message_is_defined_twice() -> None:
    ids = re.findall(r'^msgid "(.+)"$', PO.read_text(), flags=re.MULTILINE)
    assert [m for m, n in Counter(ids).items() if n > 1] == []


def test_french_catalogue_loads() -> None:
    assert translations("fr").gettext("Dashboard") == "Tableau de bord"
    assert translations("en").gettext("Dashboard") == "Dashboard"
