"""Exchange cases with other systems in the HTCDS shape: import files, export an agency's cases.

* ``read_table(path)`` / ``read_rows(path)``: rows of a .csv, .xlsx, .parquet or .json
  file, refused whole (by row and column) when reading it would lose values.
* ``import_cases(session, *, rows, actor, atomic)`` -> ``ImportReport``, in the caller's
  transaction; ``import_in_batches(store, ...)`` commits in batches (``--atomic``: staged,
  then swapped in). Both warn about possible duplicates (``PossibleDuplicate``).
* ``import_simulated_agency(session, *, records, actor)``: the simulator's records.
* ``export_cases(session, *, actor, format)``: CSV or JSON text, XLSX bytes (spreadsheet
  formulas neutralised);
  ``export_records`` gives the rows themselves.

The column mapping is one table, in ``palermo.cases.exchange.columns``.
"""

from palermo.cases.exchange.batches import ImportInterrupted, import_in_batches
from palermo.cases.exchange.columns import COLUMNS
from palermo.cases.exchange.exporter import FORMATS, export_cases, export_records
from palermo.cases.exchange.importer import ImportReport, import_cases, import_simulated_agency
from palermo.cases.exchange.readers import READERS, Table, read_rows, read_table
from palermo.cases.exchange.row_duplicates import PossibleDuplicate

__all__ = [
    "COLUMNS",
    "FORMATS",
    "READERS",
    "ImportInterrupted",
    "ImportReport",
    "PossibleDuplicate",
    "Table",
    "export_cases",
    "export_records",
    "import_cases",
    "import_in_batches",
    "import_simulated_agency",
    "read_rows",
    "read_table",
]
