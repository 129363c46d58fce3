"""Exporters: a checked map out in the formats other tools read (`cjm export KIND MAP`).

- `mermaid`: the journey grid as a Mermaid `journey` diagram (see `exporters.mermaid`);
- `json`: the whole validated map, normalised (see `exporters.json_map`);
- `csv`, `markdown`: the journey grid as a table (see `exporters.table`);
- `issues`: the plan as issues of a tracker, `--to jira`, `gitlab` or `github` (see `exporters.issues`).

    from cjm_cli.exporters.run import export_file
    converted = export_file("markdown", "map.yaml")
    converted.text       # the exported text, or None when the map has problems
"""

from __future__ import annotations

from ..core.choices import Choice, names

EXPORT_KINDS: tuple[Choice, ...] = (
    Choice("mermaid", "the journey grid as a Mermaid journey"),
    Choice("json", "the whole map, normalised"),
    Choice("csv", "the journey grid as a table"),
    Choice("markdown", "the journey grid as a table"),
    Choice("issues", "one tracker issue per open opportunity without a ticket (with --to)"),
)
"""What `cjm export` writes; `run.WRITERS` holds each one's writer. Light to import: the command line reads it."""
KINDS = names(EXPORT_KINDS)
GRID_ONLY = frozenset({"mermaid", "csv", "markdown"})
"""The kinds that hold only the journey grid: a map without one cannot be exported as them."""
ISSUES = "issues"
TRACKERS: tuple[Choice, ...] = (
    Choice("jira", "a CSV file for Jira's CSV importer"),
    Choice("gitlab", "a CSV file for GitLab's issue import"),
    Choice("github", "a shell script of GitHub CLI (gh) commands"),
)
"""Where `cjm export issues --to` writes for; `issues.TRACKERS` holds each one's writer."""
