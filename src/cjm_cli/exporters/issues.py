"""The plan into a tracker (`cjm export issues --to jira|gitlab|github MAP`): one issue per opportunity still to
do (idea, planned, in progress) that has no `ticket` yet, in the order of the plan, each with its stage,
personas, owner, status, due date, the pains it fixes (with their evidence), its hypothesis, the KPIs it should
move, its score and a link back to the map element. Where each format is specified: tests/fixtures/issues/.

- `jira`: a CSV file for Jira's CSV importer: UTF-8 without a byte-order mark (the importer would read it as
  part of the first header), commas, a header row of plain names (`Summary`, `Issue Type`, `Description`,
  `Status`, `Due Date`, `Component`, `Labels`); a field with several values (`Labels`) repeats its column, as
  the importer asks; dates `yyyy-MM-dd` (give that as the importer's date format). Labels have no spaces.
- `gitlab`: a CSV file for GitLab's issue import: `title`, `description`, `due_date` (`YYYY-MM-DD`).
- `github`: a POSIX shell script of GitHub CLI commands (`gh label create`, `gh issue create`), run as
  `sh issues.sh OWNER/REPO`; every text in single quotes, so that nothing in a map runs.

The description is written in the map's language. The map's text is made literal for each tracker: Markdown
escaped for GitLab and GitHub (and `@`, which would mention someone), Jira's macro, link, image and table marks
escaped; every text is put on one line after a label of cjm's, so that no map text starts a line (where
GitLab would run a quick action such as `/close`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..analysis.plan import METHODS, OPEN, PlanItem, plan_items, rank
from ..core.load import Document
from ..core.model import Confidence, JourneyMap
from ..core.text import escape_markdown
from ..views.plan import METHOD_NAMES, PlanRow, plan_table
from ..views.words import Words, words

TITLE_MAX = 255
"""The longest summary Jira takes (GitLab's and GitHub's titles are as long or longer)."""
ISSUE_TYPE = "Task"
"""The issue type every Jira project has."""
LABEL = "cjm"
_JIRA_STATUS = {"idea": "To Do", "planned": "To Do", "in-progress": "In Progress"}
_LABEL_COLOUR = "0e8a16"


@dataclass(frozen=True)
class Issue:
    """One issue as every tracker gets it; the description's lines are (label, text, list of texts)."""

    title: str
    status: str
    due: str
    component: str
    labels: tuple[str, ...]
    lines: tuple[tuple[str, str, tuple[str, ...]], ...]


def issues(journey_map: JourneyMap, path: str, document: Document | None, link_base: str | None) -> list[Issue]:
    """The issues of a checked map, in the order of its plan."""
    w = words(journey_map.lang)
    items = [i for i in plan_items(journey_map, path, document) if i.status in OPEN and i.ticket is None]
    plan = rank(items)
    table = plan_table(plan, journey_map.lang)
    return [_issue(row, row.item, w, link_base) for row in table.rows]


def _issue(row: PlanRow, item: PlanItem, w: Words, link_base: str | None) -> Issue:
    title = _one_line(item.text)
    lines: list[tuple[str, str, tuple[str, ...]]] = []
    if len(title) > TITLE_MAX:
        lines.append((w.opportunity, title, ()))
        title = title[: TITLE_MAX - 1] + "…"
    where = f"{item.path}:{item.line}" if item.line else item.path
    link = f"{link_base}{item.path}" + (f"#L{item.line}" if item.line else "") if link_base else ""
    lines += [
        (w.map, f"{item.map_title} — {link or where} ({item.where})", ()),
        (w.stage, item.stage, ()),
        (w.personas, row.personas, ()),
        (w.owner, row.owner, ()),
        (w.status.capitalize(), row.status_word, ()),
        (w.due, row.due, ()),
        (w.fixes.capitalize(), "", tuple(_pain(p.text, p.persona, p.evidence, p.confidence, w) for p in item.fixes)),
        (w.hypothesis, row.hypothesis, ()),
        (w.moves, "", row.moves),
        (w.score, _score(item), ()),
        (w.evidence, row.evidence, ()),
    ]
    labels = (LABEL, f"stage:{item.stage_id}", *(f"persona:{p}" for p in item.persona_ids))
    return Issue(
        title,
        item.status,
        item.due or "",
        item.owner or "",
        labels,
        tuple((label, _one_line(text), tuple(_one_line(x) for x in listed)) for label, text, listed in lines),
    )


def _pain(text: str, persona: str, evidence: int, confidence: Confidence | None, w: Words) -> str:
    parts = [f"{w.evidence}: {evidence}"] if evidence else []
    if confidence:
        parts.append(w.confidences[confidence])
    who = f" ({persona})" if persona else ""
    return f"{text}{who}" + (f" — {', '.join(parts)}" if parts else "")


def _score(item: PlanItem) -> str:
    scores = [score for method in METHODS if (score := item.score(method)) is not None]
    return "; ".join(f"{METHOD_NAMES[score.method]} {score.score:g}" for score in scores)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- Jira ---------------------------------------------------------------------------------------------------------

# A backslash is not doubled: `\\` is a line break in Jira's markup.
_JIRA_MARKS = re.compile(r"([{}\[\]!|])")


def _jira_text(text: str) -> str:
    """The map's text literal in Jira's wiki markup: no macro, link, image or table."""
    return _JIRA_MARKS.sub(r"\\\1", text)


def to_jira(found: list[Issue]) -> str:
    labels = max((len(issue.labels) for issue in found), default=1)
    head = ["Summary", "Issue Type", "Status", "Due Date", "Component", "Description", *(["Labels"] * labels)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(head)
    for issue in found:
        description = _description(issue, _jira_text, "- ")
        padded = [*issue.labels, *([""] * (labels - len(issue.labels)))]
        status = _JIRA_STATUS.get(issue.status, "To Do")
        writer.writerow([issue.title, ISSUE_TYPE, status, issue.due, issue.component, description, *padded])
    return out.getvalue()


# --- GitLab -------------------------------------------------------------------------------------------------------


def _markdown_text(text: str) -> str:
    """The map's text literal in GitLab and GitHub Markdown, mentioning nobody."""
    return escape_markdown(text).replace("@", "\\@")


def to_gitlab(found: list[Issue]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["title", "description", "due_date"])
    for issue in found:
        writer.writerow([issue.title, _description(issue, _markdown_text, "- ", bold=True), issue.due])
    return out.getvalue()


# --- GitHub -------------------------------------------------------------------------------------------------------


def _shell(text: str) -> str:
    """A shell word holding `text` exactly: single quotes, each quote in it written `'\\''`."""
    return "'" + text.replace("'", "'\\''") + "'"


def to_github(found: list[Issue], map_path: str) -> str:
    labels = list(dict.fromkeys(label for issue in found for label in issue.labels))
    lines = [
        "#!/bin/sh",
        f"# {len(found)} GitHub issues from the plan of {_one_line(map_path)}, made by cjm export issues --to github.",
        "# Needs the GitHub CLI (https://cli.github.com), logged in: gh auth login. Run: sh THIS_FILE OWNER/REPO",
        "set -eu",
        'repo="${1:?usage: sh THIS_FILE OWNER/REPO}"',
        "",
        "# The labels the issues carry, made (or updated) first: gh issue create fails on a label that is missing.",
        *(f'gh label create {_shell(label)} --repo "$repo" --color {_LABEL_COLOUR} --force' for label in labels),
        "",
    ]
    for issue in found:
        body = _description(issue, _markdown_text, "- ", bold=True)
        command = f'gh issue create --repo "$repo" --title {_shell(issue.title)} --body {_shell(body)}'
        lines.append(command + "".join(f" --label {_shell(label)}" for label in issue.labels))
    return "\n".join(lines) + "\n"


def _description(issue: Issue, literal: Callable[[str], str], bullet: str, bold: bool = False) -> str:
    """Each line of the issue as `Label: text`, a list under its label; empty lines left out."""
    out = []
    for label, text, listed in issue.lines:
        if not text and not listed:
            continue
        shown = f"**{label}:**" if bold else f"{label}:"
        out.append(f"{shown} {literal(text)}".rstrip())
        out += [f"{bullet}{literal(entry)}" for entry in listed]
    return "\n".join(out)


TRACKERS: dict[str, Callable[[list[Issue], str], str]] = {
    "jira": lambda found, _: to_jira(found),
    "gitlab": lambda found, _: to_gitlab(found),
    "github": to_github,
}
