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
from .source import decode, read_file
from .spreadsheet import is_workbook, workbook_rows

_DELIMITERS = ("\t", ",", ";")
_HEADER_SEARCH = 30  # rows at the top that may hold titles instead of the header (Direct's XLSX: 10 and more)


@dataclass(frozen=True)
class Row:
    line: int  # where the row starts in the file, 1-based (a workbook's row number)
    cells: tuple[str, ...]
    raw: tuple[str, ...] | None = None
    """The cells as written, before CSV unquoting: for a tab-separated row on one line (Direct Commander writes
    a phrase in quotes, `"купить кроссовки"`, without escaping them), and for a workbook's cells."""

    def position(self, column: int | None) -> Position:
        """Line of the row, and the 1-based number of the field (the column) in it."""
        return Position(self.line, (column or 0) + 1)


@dataclass
class Table:
    columns: dict[str, int]  # normalised header -> index of its first occurrence
    rows: list[Row]
    names: list[str] = field(default_factory=list)  # every normalised header, in order (some written twice)
    blanks: frozenset[str] = frozenset()  # what a cell holds for "empty" (the Google Ads web interface: `--`)
    above: list[Row] = field(default_factory=list)  # the rows above the header: titles, a campaign's settings
    heading: tuple[str, ...] = ()  # the header's cells as written (`Расход (BYN)`, `Headline 4`)
    placed: set[tuple[int, int]] = field(default_factory=set)
    """(row's line, column) of every cell an importer put into the map or read to decide what goes there."""
    left_out: set[int] = field(default_factory=set)
    """The lines of rows an importer leaves out on purpose, as its documentation says (totals, removed items)."""

    def place(self, row: Row, *columns: int | None) -> None:
        """The row's cells in `columns` are in the map (or said where the rest goes)."""
        self.placed.update((row.line, column) for column in columns if column is not None)

    def leave_out(self, row: Row) -> None:
        self.left_out.add(row.line)

    def unplaced(self) -> list[tuple[int, int, Row]]:
        """For each column holding a value that no row placed: (the column, how many rows, the first such row),
        in the order of the columns."""
        found: dict[int, tuple[int, Row]] = {}
        for row in self.rows:
            if row.line in self.left_out:
                continue
            for column, text in enumerate(row.cells):
                if text and (row.line, column) not in self.placed and self.cell(row, column):
                    count, first = found.get(column, (0, row))
                    found[column] = (count + 1, first)
        return [(column, count, first) for column, (count, first) in sorted(found.items())]

    def header_of(self, column: int) -> str:
        """The header of `column` as written."""
        return one_line(self.heading[column]) if column < len(self.heading) else str(column + 1)

    def every(self, name: str) -> list[int]:
        """The columns of a header, in order: Direct's template writes `Заголовок 1` twice."""
        return [index for index, found in enumerate(self.names) if found == name]

    def index(self, *names: str) -> int | None:
        """The column of the first of `names` (normalised headers) the table has."""
        return next((self.columns[name] for name in names if name in self.columns), None)

    def raw_cell(self, row: Row, column: int | None) -> str:
        """The cell as written in the file (see `Row.raw`), or as read when the row has no raw form."""
        if row.raw is None or column is None or column >= len(row.raw):
            return self.cell(row, column)
        text = one_line(row.raw[column])
        return "" if text in self.blanks else text

    def cell(self, row: Row, column: int | None) -> str:
        if column is None or column >= len(row.cells):
            return ""
        text = one_line(row.cells[column])
        return "" if text in self.blanks else text


def read_table_file(
    argument: str,
    sink: Problems,
    normalise: Callable[[str], str],
    is_header: Callable[[set[str]], bool],
    required: str,
) -> Table | None:
    """The table in the file `argument`: a workbook's sheet (see `spreadsheet`) or a text export."""
    data = read_file(argument, sink)
    if data is None:
        return None
    if is_workbook(data):
        found_rows = workbook_rows(data, sink)
        if found_rows is None:
            return None
        sink.encodings[sink.path] = "XLSX"
        rows = [Row(line, cells, cells) for line, cells in found_rows]
        found = _header(rows, normalise, is_header)
        if found is None:
            _no_header(rows[:1], required, sink)
            return None
        number, names, body = found
        return _table(names, body, sink, rows[: number + 1])
    text = decode(data, sink)
    return None if text is None else read_table(text, sink, normalise, is_header, required)


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
        head = _rows(text, delimiter, None, limit=_HEADER_SEARCH) or []
        found = _header(head, normalise, is_header)
        if found is not None:
            number, names, _ = found
            body = _rows(text, delimiter, sink)
            return None if body is None else _table(names, body[number + 1 :], sink, head[: number + 1])
    _no_header(_rows(text, _best_delimiter(text), None, limit=1) or [], required, sink)
    return None


def _header(
    rows: list[Row], normalise: Callable[[str], str], is_header: Callable[[set[str]], bool]
) -> tuple[int, list[str], list[Row]] | None:
    """(the header's index among `rows`, its normalised names, the rows after it), if one of the first rows is."""
    for number, row in enumerate(rows[:_HEADER_SEARCH]):
        names = [normalise(cell) for cell in row.cells]
        if is_header(set(names)):
            return number, names, rows[number + 1 :]
    return None


def _table(names: list[str], body: list[Row], sink: Problems, head: list[Row]) -> Table:
    """The table under the header, the last of `head` (the rows read down to it)."""
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        columns.setdefault(name, index)
    *above, header = head
    return Table(columns, _complete(body, len(names), sink), names, above=above, heading=header.cells)


def _no_header(first_rows: list[Row], required: str, sink: Problems) -> None:
    first = next(iter(first_rows), None)
    found = ", ".join(cell.strip() for cell in first.cells if cell.strip())[:200] if first else ""
    sink.error(
        Position(first.line if first else 1, 1),
        "columns",
        f"the header row with the columns {required} is missing",
        f"the first row holds: {found}" if found else "the file should start with a row of column names",
    )


def _rows(text: str, delimiter: str, sink: Problems | None, limit: int | None = None) -> list[Row] | None:
    """The non-empty rows of `text`; on a CSV error, None after reporting it to `sink` (or, without a sink,
    the rows read so far: while looking for the header, a wrong delimiter may well trip the parser)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    lines = text.split("\n") if delimiter == "\t" else []
    rows: list[Row] = []
    line = 1
    try:
        for cells in reader:
            if cells and any(cell.strip() for cell in cells):
                single = lines and reader.line_num == line
                rows.append(Row(line, tuple(cells), tuple(lines[line - 1].split("\t")) if single else None))
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
        result.append(Row(row.line, row.cells[:width] + ("",) * (width - len(row.cells)), row.raw))
    return result


def _best_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=first_line.count)
