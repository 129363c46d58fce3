"""The methodology warnings of one map, counted: at most `LISTED` of one rule on one kind of element are listed,
the others counted in one warning more, at the first of them ("and 1,438,800 more persona-no-emotion warnings
on journey.stages"). A map within the size limits can be shaped to ask for millions of warnings (1,200
personas by 1,200 stages, each missing its emotions); listing them cost gigabytes.
"""

from __future__ import annotations

from .i18n import ntr, number, tr
from .load import Document, Path
from .problems import LISTED, Problem, Tally


def kind(path: Path) -> str:
    """The kind of element at `path`: the path of the list it is in (`journey.stages.pains` for
    `journey.stages[2].pains[0]` and below), or its key (`leads`)."""
    last = max((n for n, part in enumerate(path) if isinstance(part, int)), default=None)
    if last is None:
        return str(path[0]) if path else "map"
    return ".".join(str(part) for part in path[:last] if not isinstance(part, int))


class RuleTally:
    """Which warnings of the rules are listed, and how many of each rule and kind of element are not."""

    def __init__(self, limit: int = LISTED) -> None:
        self.limit = limit
        self._tally: Tally[tuple[str, str], tuple[Path, bool]] = Tally(limit)

    def admit(self, code: str, path: Path, at_key: bool) -> bool:
        """Count one warning of `code` at `path`: True when it is to be listed."""
        return self._tally.admit((code, kind(path)), (path, at_key))

    def room(self, code: str, path: Path) -> bool:
        """Whether one more warning of `code` on the kind of element at `path` would be listed."""
        return self._tally.room((code, kind(path)))

    def more(self, code: str, path: Path, count: int, at_key: bool) -> None:
        """`count` warnings of `code` left out, the first of them at `path`."""
        self._tally.count((code, kind(path)), (path, at_key), count)

    def left_out(self, document: Document) -> list[Problem]:
        """For each rule and kind of element with warnings left out, one warning counting them, at the first."""
        found = []
        for (code, where), count, (path, at_key) in self._tally.left_out():
            message = ntr(
                "and {count} more {code} warning on {where} (not listed)",
                "and {count} more {code} warnings on {where} (not listed)",
                count,
                count=number(count),
                code=code,
                where=where,
            )
            hint = tr(
                "the first {limit} are listed; silence the rule with --ignore {code} or `ignore: [{code}]`",
                limit=self.limit,
                code=code,
            )
            found.append(document.problem(path, "warning", code, message, hint, at_key))
        return found
