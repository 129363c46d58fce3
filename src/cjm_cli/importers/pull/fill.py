"""Pulled figures into a map's existing blocks, as `splice.Value` edits: each count, amount or cost is set where
it is written (or added beside its stage's other keys), with `pulled` (source, period, day) on the block. A
figure the map has no place for is a warning, never a new block: `cjm import` makes blocks, `cjm pull` fills
them.

Shared by every kind of pull: where a key goes (after the keys the model lists before it), how `pulled` and
the period are written, and the warnings' positions in the map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from ...core.load import Document, Path
from ...core.period import Period
from ...core.problems import Problem, Severity
from ..merge import Merge
from ..splice import Value


@dataclass(frozen=True)
class Record:
    """What `pulled:` says: the source, the period, the day."""

    source: str
    period: Period | None
    day: date

    def data(self) -> dict[str, Any]:
        written: dict[str, Any] = {"source": self.source}
        if self.period is not None:
            written["period"] = self.period.written
        written["date"] = self.day.isoformat()
        return written


class Filling:
    """The edits of one pull into one map, and the warnings about what did not fit, at their place in the map."""

    def __init__(self, document: Document, record: Record) -> None:
        self.document = document
        self.record = record
        self.merge = Merge()
        self.problems: list[Problem] = []

    def set(self, at: Path, key: str, value: Any, model: type[BaseModel]) -> None:
        """`key: value` in the mapping at `at`, after the keys `model` lists before it."""
        fields = list(model.model_fields)
        index = fields.index(key)
        after, before = tuple(reversed(fields[:index])), tuple(fields[index + 1 :])
        self.merge.edits.append(Value((*at, key), _number(value), after, before))

    def pulled(self, at: Path, model: type[BaseModel], record: Record | None = None) -> None:
        """`pulled:` on the block at `at` (`record`, or the pull's); the block's `period` text too, when its
        model has one, so that the block does not say one period while its figures cover another."""
        record = record or self.record
        block = self.value(at)
        if record.period is not None and "period" in model.model_fields:
            self.set(at, "period", record.period.written, model)
        existing = block.get("pulled") if isinstance(block, dict) else None
        if isinstance(existing, dict):
            written = record.data()
            fields = ("source", "period", "date")
            for key in fields:
                if key in written:
                    after = tuple(reversed(fields[: fields.index(key)]))
                    self.merge.edits.append(Value((*at, "pulled", key), written[key], after))
            if "period" in existing and "period" not in written:
                self.merge.edits.append(Value((*at, "pulled", "period"), None))
            return
        self.set(at, "pulled", record.data(), model)

    def value(self, at: Path) -> Any:
        node: Any = self.document.data
        for step in at:
            node = node[step]
        return node

    def warn(self, at: Path, code: str, message: str, hint: str = "", severity: Severity = "warning") -> None:
        self.problems.append(self.document.problem(at, severity, code, message, hint, isinstance(at[-1], str)))


def _number(value: Any) -> Any:
    """Whole amounts written without a fraction, as people write them: 235800, not 235800.0."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value
