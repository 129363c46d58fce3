"""Exporters: a checked map out in the formats other tools read (`cjm export KIND MAP`).

- `mermaid`: the journey grid as a Mermaid `journey` diagram (see `exporters.mermaid`);
- `json`: the whole validated map, normalised (see `exporters.json_map`);
- `csv`, `markdown`: the journey grid and the sales-system blocks as tables, `--block` choosing which (see
  `exporters.table`);
- `issues`: the plan as issues of a tracker, `--to jira`, `gitlab` or `github` (see `exporters.issues`).

    from cjm_cli.exporters.run import export_file
    converted = export_file("markdown", "map.yaml")
    converted.text       # the exported text, or None when the map has problems
"""

from __future__ import annotations

from ..core.choices import Choice, names
from ..core.i18n import N_

EXPORT_KINDS: tuple[Choice, ...] = (
    Choice("mermaid", N_("the journey grid as a Mermaid journey")),
    Choice("json", N_("the whole map, normalised")),
    Choice("csv", N_("one table: the journey grid, or the block --block names")),
    Choice("markdown", N_("every table of the map (or those --block names), each under its heading")),
    Choice("issues", N_("one tracker issue per open opportunity without a ticket (with --to)")),
)
"""What `cjm export` writes; `run.WRITERS` holds each one's writer. Light to import: the command line reads it."""
KINDS = names(EXPORT_KINDS)
GRID_ONLY = frozenset({"mermaid"})
"""The kinds that hold only the journey grid: a map without one cannot be exported as them."""
TABLES = frozenset({"csv", "markdown"})
"""The kinds that write tables, of the blocks `--block` names."""
EXPORT_BLOCKS: tuple[Choice, ...] = (
    Choice("journey", N_("the journey grid: stages as columns, lanes as rows")),
    Choice("channels", N_("a row per channel: its kind, whether it reaches the CRM, where it goes, its figures")),
    Choice("funnels", N_("a row per lead and deal stage: count, amount, conversion from the previous and the first")),
    Choice("automations", N_("a row per automation, by pipeline and stage: channel, delay, text, trigger, page")),
    Choice("pages", N_("a row per site page: the stages it serves, the campaigns that bring people to it")),
    Choice("campaigns", N_("a row per ad group: platform, network, keywords, ads, landing pages, cost, clicks")),
)
"""The tables of `cjm export csv|markdown --block`, in the order Markdown gives them; `views.blocks.BLOCKS`
builds all but the journey grid."""
ISSUES = "issues"
TRACKERS: tuple[Choice, ...] = (
    Choice("jira", N_("a CSV file for Jira's CSV importer")),
    Choice("gitlab", N_("a CSV file for GitLab's issue import")),
    Choice("github", N_("a shell script of GitHub CLI (gh) commands")),
)
"""Where `cjm export issues --to` writes for; `issues.TRACKERS` holds each one's writer."""
