"""Workbooks in: the rows of an XLSX sheet as texts, the way a CSV export would hold them.

XLSX (Office Open XML, what Excel writes since 2007 and what Yandex Direct's web interface downloads) is read
with openpyxl, imported here only, when a workbook is read: `cjm` starts without it. The sheet read is the
one named `Тексты` (Direct's campaign sheet) when the workbook has one, else the first; each other sheet that
holds a value is a warning. Positions are the row's number and the column's (A is 1), as a spreadsheet shows
them.

XLS (Excel 97-2003, a compound document) is refused with a problem that says to save it as XLSX or CSV:
no reader of the format is kept up well enough to be given files from anywhere.

A workbook is a zip archive: one that would unpack to more than `MAX_UNPACKED` bytes is refused before any
of it is read (an 8 MiB file can unpack to gigabytes), and so is one whose sheet has more cells than a map
could ever hold.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import date, datetime, time
from typing import Any

from ..core.problems import START, Position
from .common import Problems, one_line

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNPACKED = 64 * 1024 * 1024
MAX_CELLS = 2_000_000
PREFERRED_SHEET = "Тексты"


def is_workbook(data: bytes) -> bool:
    return data.startswith((XLSX_MAGIC, XLS_MAGIC))


def workbook_rows(data: bytes, sink: Problems) -> list[tuple[int, tuple[str, ...]]] | None:
    """The non-empty rows of the sheet to read, each with its 1-based number; None after reporting why not."""
    if data.startswith(XLS_MAGIC):
        sink.error(
            START,
            "xls",
            "the file is an XLS workbook (Excel 97-2003), which cjm does not read",
            "save it as XLSX (Excel: File > Save as > Excel Workbook), or download it as XLSX or CSV",
        )
        return None
    if not _unpacks_within_limits(data, sink):
        return None
    from openpyxl import load_workbook  # here only: starting `cjm` does not import it

    # openpyxl warns about what it does not read (data validation, conditional formats): none of it is data.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises what its zip and XML readers raise for a broken file
            _unreadable(error, sink)
            return None
        try:
            sheet = book[PREFERRED_SHEET] if PREFERRED_SHEET in book.sheetnames else book.worksheets[0]
            rows = _rows(sheet, sink)
            if rows is not None:
                _warn_other_sheets(book, sheet, sink)
            return rows
        except Exception as error:  # a sheet's XML is read only now, row by row
            _unreadable(error, sink)
            return None
        finally:
            book.close()


def _unpacks_within_limits(data: bytes, sink: Problems) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        _unreadable(error, sink)
        return False
    if unpacked > MAX_UNPACKED:
        sink.error(
            START,
            "too-large",
            f"the workbook unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MiB",
            "export a part of it (some campaigns) and import the parts one by one",
        )
        return False
    return True


def _rows(sheet: Any, sink: Problems) -> list[tuple[int, tuple[str, ...]]] | None:
    rows: list[tuple[int, tuple[str, ...]]] = []
    cells = 0
    for number, values in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
        cells += len(values)
        if cells > MAX_CELLS:
            sink.error(
                Position(number, 1),
                "too-large",
                f"the sheet has more than {MAX_CELLS:,} cells",
                "export a part of it (some campaigns) and import the parts one by one",
            )
            return None
        texts = tuple(_text(value) for value in values)
        while texts and not texts[-1]:
            texts = texts[:-1]
        if any(text.strip() for text in texts):
            rows.append((number, texts))
    return rows


def _warn_other_sheets(book: Any, read: Any, sink: Problems) -> None:
    """A warning for each other sheet holding a value (Direct's `Регионы`...): one sheet is read."""
    for sheet in book.worksheets:
        if sheet is read or not hasattr(sheet, "iter_rows"):  # a chart sheet holds no cells
            continue
        values = (value for row in sheet.iter_rows(values_only=True) for value in row)
        if any(_text(value).strip() for value in values):
            sink.warning(
                START,
                "not-kept",
                f"the sheet '{one_line(sheet.title)[:40]}' is not read: cjm reads '{one_line(read.title)[:40]}'",
                f"one sheet is read: '{PREFERRED_SHEET}' (Direct's) if the workbook has one, else the first; "
                "the others stay in the workbook",
            )


def _text(value: Any) -> str:
    """A cell's value as a CSV export would write it: whole numbers without `.0`, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _unreadable(error: Exception, sink: Problems) -> None:
    reason = " ".join(str(error).split())[:200] or type(error).__name__
    sink.error(START, "xlsx", f"the workbook cannot be read: {reason}", "open it in Excel and save it again")
