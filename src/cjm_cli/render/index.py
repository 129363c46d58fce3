"""The portfolio index (`cjm render --index`): `index.html`, one self-contained page of every map rendered, and
`index.json`, the same for other tools.

Each map comes as a `views.portfolio.IndexEntry`: its summary (`analysis.portfolio`: made by the worker that drew
the map, or read from the stamp of a map nothing has changed), its problems, and the path of its report from
the index's folder. The page has the report's look (its theme, its colours as CSS variables, light and dark),
loads nothing and allows only its own style sheet, by its hash, as the report does.

`index.json` (`INDEX_VERSION` 1; UTF-8, numbers as numbers, null where a figure is undefined):

    {"index": 1, "lang": "ru", "today": "2026-12-03" | null,
     "totals": {"maps", "with_problems", "overdue" (null without today), "off_target", "open_pains"},
     "maps": [{"path", "report", "valid", "overdue",
               "errors": [{"line", "column", "code", "message", "hint"}], "warnings",
               "summary": {"title", "type", "lang", "owner", "personas",
                           "funnels": [{"key", "kind", "name", "entry", "won", "conversion", "revenue",
                                        "currency", "period"}],
                           "kpis", "off_target": [{"stage", "name", "actual", "target", "unit", "better", "gap"}],
                           "pains", "open_pains", "opportunities": {status: count},
                           "review": {"reviewed", "every", "due"} | null} | null}]}
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..analysis.portfolio import to_data
from ..core.problems import Problem, UsageError
from ..core.read import STDIN
from ..core.write import commit
from ..views import theme
from ..views.portfolio import IndexEntry, Portfolio, portfolio
from .html import templates
from .outputs import output_state, output_stem

if TYPE_CHECKING:
    from .batch import Done, Job

INDEX_VERSION = 1
HTML_NAME = "index.html"
JSON_NAME = "index.json"


def index_folder(folders: Sequence[Path], output: Path | None) -> Path:
    """Where the index goes: the output folder (`-o`), or the deepest folder all the maps' outputs are in or
    below (from the current folder, as the maps were named, when it can be)."""
    if output is not None:
        return output
    try:
        common = os.path.commonpath([os.path.abspath(folder) for folder in folders])
        return Path(os.path.relpath(common))
    except ValueError:  # folders on two drives (Windows)
        raise UsageError("the maps' outputs have no folder in common for the index: add -o DIR") from None


def refuse_clash(folders: dict[str, Path], folder: Path, stems: dict[str, str], html: bool) -> None:
    """A map whose report would be the index's own file is a usage error: the one would overwrite the other."""
    for argument, where in folders.items():
        same = os.path.abspath(where) == os.path.abspath(folder)
        if html and stems[argument] == Path(HTML_NAME).stem and same:
            raise UsageError(
                f"the report of {argument} would be {folder / HTML_NAME}, which is the index: rename the map, "
                "or write the outputs elsewhere with -o DIR"
            )


def report_link(report: Path, folder: Path) -> str:
    """The report's path from the index's folder, with `/` between names."""
    return Path(os.path.relpath(report.absolute(), folder.absolute())).as_posix()


def map_path(argument: str) -> str:
    """The map as found, one way of writing it: `./maps/a.yaml` and `maps/a.yaml` are `maps/a.yaml`."""
    return argument if argument == STDIN else Path(argument).as_posix()


def index_entry(job: Job, done: Done, folder: Path) -> IndexEntry:
    """A map of the index as its render left it; its report is linked when it is on disk (written now, or
    unchanged by its stamp), or would be (`--check`)."""
    report = job.folder / f"{output_stem(job.argument)}.html"
    asked = "html" in job.options.formats
    made = done.summary is not None and asked  # a map with problems has none
    there = job.check or done.unchanged or report in done.written
    link = report_link(report, folder) if made and there else None
    return IndexEntry(map_path(job.argument), done.summary, tuple(done.checked.problems), link, asked)


def settle(files: dict[Path, bytes], within: Path, check: bool) -> tuple[list[Path], list[tuple[str, Path]]]:
    """Write the index's files as a set, unless they hold these bytes already; or (`check`) compare them. The
    files written, and those stale or missing."""
    states = [(output_state(path, data), path) for path, data in files.items()]
    if check:
        return [], [(state, path) for state, path in states if state != "fresh"]
    if all(state == "fresh" for state, _path in states):
        return [], []
    return commit(files, within), []


def index_files(entries: Sequence[IndexEntry], folder: Path, today: date | None) -> dict[Path, bytes]:
    """The bytes of `index.html` and `index.json` in `folder`."""
    shown = portfolio(entries, today)
    return {
        folder / HTML_NAME: index_html(shown).encode("utf-8"),
        folder / JSON_NAME: index_json(entries, shown, today).encode("utf-8"),
    }


def index_html(shown: Portfolio) -> str:
    environment = templates()
    context = {
        "p": shown,
        "w": shown.w,
        "font_stack": theme.FONT_STACK,
        "light": theme.LIGHT_PAGE,
        "dark": theme.DARK_PAGE,
        "deals": theme.DEALS,
    }
    style = environment.get_template("index.css.j2").render(context)
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    return environment.get_template("index.html.j2").render(context, style=Markup(style), policy=policy)


def index_json(entries: Sequence[IndexEntry], shown: Portfolio, today: date | None) -> str:
    maps = []
    for entry, card in zip(entries, shown.cards, strict=True):
        maps.append(
            {
                "path": entry.path,
                "report": entry.report,
                "valid": entry.summary is not None,
                "overdue": card.overdue,
                "errors": [_problem(p) for p in entry.problems if p.severity == "error"],
                "warnings": entry.warnings,
                "summary": to_data(entry.summary) if entry.summary is not None else None,
            }
        )
    summaries = [e.summary for e in entries if e.summary is not None]
    document = {
        "index": INDEX_VERSION,
        "lang": shown.lang,
        "today": today.isoformat() if today is not None else None,
        "totals": {
            "maps": len(entries),
            "with_problems": sum(card.marked for card in shown.cards),
            "overdue": sum(bool(card.overdue) for card in shown.cards) if today is not None else None,
            "off_target": sum(len(s.off_target) for s in summaries),
            "open_pains": sum(s.open_pains for s in summaries),
        },
        "maps": maps,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "line": problem.position.line,
        "column": problem.position.column,
        "code": problem.code,
        "message": problem.message,
        "hint": problem.hint,
    }
