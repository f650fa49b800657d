"""Every string the templates translate has a French translation, given once."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

from palermo.i18n.catalogue import LOCALE_DIR, translations
from palermo.web.rendering import TEMPLATES

# messages.po and one file per newer pillar, merged on load.
POS = sorted((LOCALE_DIR / "fr" / "LC_MESSAGES").glob("*.po"))
LITERAL = re.compile(r"""_\(\s*(?:"([^"]+)"|'([^']+)')\s*[,)]""")


def _template_strings() -> set[tuple[str, str]]:
    found = set()
    for path in Path(TEMPLATES).rglob("*.html"):
        for double, single in LITERAL.findall(path.read_text()):
            found.add((path.name, double or single))
    return found


def test_every_template_string_has_a_french_translation() -> None:
    translated = set()
    for po in POS:
        with po.open("rb") as handle:
            translated |= {m.id for m in read_po(handle) if m.id and m.string}
    strings = _template_strings()
    assert len(strings) > 100
    missing = sorted(s for s in strings if s[1] not in translated)
    assert missing == []


def test_no_message_is_defined_twice() -> None:
    assert len(POS) > 1
    for po in POS:
        ids = re.findall(r'^msgid "(.+)"$', po.read_text(), flags=re.MULTILINE)
        assert [m for m, n in Counter(ids).items() if n > 1] == [], po.name


def test_files_that_share_a_message_translate_it_alike() -> None:
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po in POS:
        with po.open("rb") as handle:
            for m in read_po(handle):
                if not m.id or not m.string:
                    continue
                earlier = seen.setdefault(str(m.id), (po.name, str(m.string)))
                if earlier[1] != str(m.string):
                    clashes.append((m.id, earlier, (po.name, m.string)))
    assert clashes == []


def test_french_catalogue_loads() -> None:
    assert translations("fr").gettext("Dashboard") == "Tableau de bord"
    assert translations("en").gettext("Dashboard") == "Dashboard"
