"""Keep exported values from running as spreadsheet formulas (CSV and XLSX injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
by Excel, LibreOffice and Google Sheets as a formula, so a name typed as
``=HYPERLINK(...)`` would run on the computer of whoever opens the export. Following
the OWASP rule, such a value is written with a leading apostrophe, which spreadsheets
show as text. Values that already start with apostrophes before such a character get
one more, so the import can take exactly one away and read back what was exported.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(text: str) -> str:
    """The value as a spreadsheet may show it without running it."""
    return QUOTE + text if text.lstrip(QUOTE).startswith(TRIGGERS) else text


def restore(text: str) -> str:
    """The value ``neutralise`` was given (for values read back from a CSV or XLSX file)."""
    if text.startswith(QUOTE) and text.lstrip(QUOTE).startswith(TRIGGERS):
        return text[1:]
    return text
