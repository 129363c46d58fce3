"""Numbers and date ranges as reports write them: `1,234.5` (English), `1 234,5` (Russian), `12,5%`, `--`; a
report's title line saying the period it covers: `July 1, 2026 - September 30, 2026`, `01.07.2026 - 30.09.2026`,
GA4's `# Start date: 20260701`."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date

from ...core.period import Period, days

_EMPTY = {"", "-", "--", "—", "–", "n/a", "н/д"}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_COMPACT = re.compile(r"\b(20\d{2})(\d{2})(\d{2})\b")
_WORDY = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}), (\d{4})")


def number(text: str, decimal_comma: bool) -> float | None:
    """The number in a report's cell; None for an empty one (`--`); ValueError when it is no number.
    `decimal_comma`: `1,5` is one and a half (Russian); otherwise `,` groups thousands (`1,234`)."""
    cleaned = text.strip().rstrip("%").strip()
    for space in (" ", "\u00a0", "\u202f", "'"):
        cleaned = cleaned.replace(space, "")
    if cleaned.lower() in _EMPTY:
        return None
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        cleaned = cleaned.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".") if decimal_comma else cleaned.replace(",", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(f"'{text.strip()[:30]}' is not a number")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(f"'{text.strip()[:30]}' is not a number")
    return value


class HeaderRow:
    """Finds a report's header row with `importers.table.read_table` (which normalises each cell of a row, then
    asks whether the row is the header) and remembers whether it was written in Russian: its numbers then have
    a decimal comma (`1 234,5`), an English one's a decimal point (`1,234.5`)."""

    def __init__(self, aliases: dict[str, str], normal: Callable[[str], str], wanted: Callable[[set[str]], bool]):
        self.aliases = aliases
        self.normal = normal
        self.wanted = wanted
        self.cells: list[str] = []
        self.russian = False

    def normalise(self, cell: str) -> str:
        self.cells.append(cell)
        written = self.normal(cell)
        return self.aliases.get(written, written)

    def is_header(self, names: set[str]) -> bool:
        found = self.wanted(names)
        if found:
            self.russian = any("\u0400" <= char <= "\u04ff" for cell in self.cells for char in cell)
        self.cells = []
        return found


def period_in(lines: list[str]) -> Period | None:
    """The period a report's title lines name (the first two days found, in order), or None."""
    found: list[date] = []
    for line in lines:
        found += _days(line)
        if len(found) >= 2:
            break
    if len(found) < 2:
        return None
    try:
        return days(found[0], found[1])
    except ValueError:
        return None


def _days(line: str) -> list[date]:
    found: list[tuple[int, date]] = []
    for pattern, order in ((_DOTTED, "dmy"), (_ISO, "ymd"), (_COMPACT, "ymd"), (_WORDY, "mdy")):
        for match in pattern.finditer(line):
            parts = dict(zip(order, match.groups(), strict=True))
            month = _MONTHS.get(parts["m"].lower()) if order == "mdy" else int(parts["m"])
            try:
                found.append((match.start(), date(int(parts["y"]), month or 0, int(parts["d"]))))
            except ValueError:
                continue
    return [day for _, day in sorted(found)]
