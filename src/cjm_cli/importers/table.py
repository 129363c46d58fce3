"""Spreadsheet exports in: rows of cells under a header row, with the line each row starts on.

The delimiter is a tab, a comma or a semicolon (Excel in Russian locales saves CSV with semicolons),
whichever finds the header. Columns are known by their header, in any order; a name written twice (Direct
Commander's repeated `Длина`) counts once, at its first place. Title rows above the header (as in reports
downloaded from the Google Ads web interface) are skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..core.problems import Position
from .common import Problems, one_line

_DELIMITERS = ("\t", ",", ";")
_HEADER_SEARCH = 10  # rows at the top that may hold titles instead of the header


@dataclass(frozen=True)
class Row:
    line: int  # where the row starts in the file, 1-based
    cells: tuple[str, ...]

    def position(self, column: int | None) -> Position:
        """Line of the row, and the 1-based number of the field (the column) in it."""
        return Position(self.line, (column or 0) + 1)


@dataclass
class Table:
    columns: dict[str, int]  # normalised header -> index of its first occurrence
    rows: list[Row]
    names: list[str] = field(default_factory=list)  # every normalised header, in order (some written twice)
    blanks: frozenset[str] = frozenset()  # what a cell holds for "empty" (the Google Ads web interface: `--`)

    def every(self, name: str) -> list[int]:
        """The columns of a header, in order: Direct's template writes `Заголовок 1` twice."""
        return [index for index, found in enumerate(self.names) if found == name]

    def index(self, *names: str) -> int | None:
        """The column of the first of `names` (normalised headers) the table has."""
        return next((self.columns[name] for name in names if name in self.columns), None)

    def cell(self, row: Row, column: int | None) -> str:
        if column is None or column >= len(row.cells):
            return ""
        text = one_line(row.cells[column])
        return "" if text in self.blanks else text


def read_table(
    text: str,
    sink: Problems,
    normalise: Callable[[str], str],
    is_header: Callable[[set[str]], bool],
    required: str,
) -> Table | None:
    """The table in `text`; `is_header` says whether a row's normalised cells make the header. `required`
    names the columns in the problem when no row does."""
    for delimiter in _DELIMITERS:
        for number, row in enumerate(_rows(text, delimiter, None, limit=_HEADER_SEARCH) or []):
            names = [normalise(cell) for cell in row.cells]
            if is_header(set(names)):
                body = _rows(text, delimiter, sink)
                if body is None:
                    return None
                columns: dict[str, int] = {}
                for index, name in enumerate(names):
                    columns.setdefault(name, index)
                return Table(columns, _complete(body[number + 1 :], len(names), sink), names)
    first = next(iter(_rows(text, _best_delimiter(text), None, limit=1) or []), None)
    found = ", ".join(cell.strip() for cell in first.cells if cell.strip())[:200] if first else ""
    sink.error(
        Position(first.line if first else 1, 1),
        "columns",
        f"the header row with the columns {required} is missing",
        f"the first row holds: {found}" if found else "the file should start with a row of column names",
    )
    return None


def _rows(text: str, delimiter: str, sink: Problems | None, limit: int | None = None) -> list[Row] | None:
    """The non-empty rows of `text`; on a CSV error, None after reporting it to `sink` (or, without a sink,
    the rows read so far: while looking for the header, a wrong delimiter may well trip the parser)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    line = 1
    try:
        for cells in reader:
            if cells and any(cell.strip() for cell in cells):
                rows.append(Row(line, tuple(cells)))
                if limit is not None and len(rows) >= limit:
                    break
            line = reader.line_num + 1
    except csv.Error as error:
        if sink is None:
            return rows
        message = str(error)
        hint = "check the quotes in this row"
        if "end of data" in message:
            message, hint = "a quoted field is never closed", "the file may be cut short, or a quote is missing"
        sink.error(Position(line, 1), "csv", f"CSV: {message}", hint)
        return None
    return rows


def _complete(rows: Iterable[Row], width: int, sink: Problems) -> list[Row]:
    """Rows as wide as the header: short rows padded, long rows cut with a warning (once)."""
    result = []
    warned = False
    for row in rows:
        if not warned and len(row.cells) > width and any(cell.strip() for cell in row.cells[width:]):
            sink.warning(
                row.position(width),
                "csv",
                f"the row has {len(row.cells)} fields, the header {width}; the extra fields are ignored",
                "check the delimiters in this row",
            )
            warned = True
        result.append(Row(row.line, row.cells[:width] + ("",) * (width - len(row.cells))))
    return result


def _best_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=first_line.count)
