"""The ranges integer columns hold, as types for schemas and route parameters.

Primary keys and other integer columns are 32-bit (PostgreSQL's INTEGER), so an id past
2^31 - 1 (or a 2^64 one, which SQLite's driver cannot even bind) can only be a mistake
or a probe: declared with these types, it is refused as invalid input (422) before it
reaches the database, and the OpenAPI document states the bounds.
"""

from __future__ import annotations

from typing import Annotated

import annotated_types as at

INT_MAX = 2**31 - 1

# A primary key: 1 up to the column's largest value.
RowId = Annotated[int, at.Ge(1), at.Le(INT_MAX)]
# A page number of a listing (its OFFSET must stay in range too: pages are at most 200 rows).
PageNumber = Annotated[int, at.Ge(1), at.Le(INT_MAX // 200)]
