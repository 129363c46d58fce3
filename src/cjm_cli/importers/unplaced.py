"""What the rows of a table hold that an import does not put into the map: never dropped silently.

Each importer of a table (`google_ads`, `yandex_direct`) marks the cells it places (`Table.place`) and the rows
it leaves out on purpose, as its documentation says (`Table.leave_out`: totals, removed items). Every other
cell that holds a value is reported here: one warning per column, at the first row holding one, saying how
many rows do, with a hint from the importer saying why the map has no place for it and where it stays.
"""

from __future__ import annotations

from collections.abc import Callable

from .common import Problems
from .table import Table


def warn_unplaced(table: Table, sink: Problems, hint_of: Callable[[str], str | None]) -> None:
    """A warning for each column with values the import did not place. `hint_of(header)` (the header as the
    importer normalises it) says why; None for a column whose values follow from the others (Direct's `Длина`,
    the length of the text beside it), which is not reported."""
    for column, count, first in table.unplaced():
        hint = hint_of(table.names[column] if column < len(table.names) else "")
        if hint is None:
            continue
        rows = "this row holds it" if count == 1 else f"{count} rows hold it, the first is this one"
        sink.warning(
            first.position(column),
            "not-kept",
            f"'{table.header_of(column)[:60]}' is not kept in the map: {rows}",
            hint,
        )
