"""Exchange cases with other systems in the HTCDS shape: import files, export an agency's cases.

* ``read_rows(path)``: rows of a .csv, .xlsx, .parquet or .json file.
* ``import_cases(session, *, rows, actor, atomic)`` -> ``ImportReport``.
* ``import_simulated_agency(session, *, records, actor)``: the simulator's records.
* ``export_cases(session, *, actor, format)``: CSV or JSON text;
  ``export_records`` gives the rows themselves.

The column mapping is one table, in ``palermo.cases.exchange.columns``.
"""

from palermo.cases.exchange.columns import COLUMNS
from palermo.cases.exchange.exporter import FORMATS, export_cases, export_records
from palermo.cases.exchange.importer import ImportReport, import_cases, import_simulated_agency
from palermo.cases.exchange.readers import READERS, read_rows

__all__ = [
    "COLUMNS",
    "FORMATS",
    "READERS",
    "ImportReport",
    "export_cases",
    "export_records",
    "import_cases",
    "import_simulated_agency",
    "read_rows",
]
