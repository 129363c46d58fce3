"""The formats reports are written in, named once with what each is for. The command line takes its choices,
help and completion from here; each report module writes them (tests/test_formats.py checks that every
format has its writer).

Light to import: the command line reads it when it starts.
"""

from __future__ import annotations

from ..core.choices import Choice, names
from ..core.i18n import N_

PROBLEM_FORMATS: tuple[Choice, ...] = (
    Choice("auto", N_("github under GitHub Actions, else text")),
    Choice("text", N_("path:line:col: severity code message, the hint on the next line (in colour: see --color)")),
    Choice("json", N_("one document with every file and problem")),
    Choice("github", N_("workflow commands that annotate the lines of a pull request")),
    Choice("sarif", N_("a SARIF 2.1.0 log for code scanning")),
    Choice("gitlab", N_("a GitLab Code Quality report")),
)
DIFF_FORMATS: tuple[Choice, ...] = (
    Choice("text", N_("one line per change (+ added, - removed, ~ changed or moved)")),
    Choice("json", N_("one document")),
    Choice("markdown", N_("headings and tables to paste into a pull request")),
)
RULES_FORMATS: tuple[Choice, ...] = (
    Choice("text", N_("the rules by group, for a terminal")),
    Choice("json", N_("one document")),
    Choice("markdown", N_("the page docs/rules.md")),
)
STATS_FORMATS: tuple[Choice, ...] = (
    Choice("text", N_("a table per funnel and one of KPIs, in the map's language")),
    Choice("json", N_("one document with every figure as a number (see docs/metrics.md)")),
)

PLAN_FORMATS: tuple[Choice, ...] = (
    Choice("text", N_("the ranked backlog as a table, in the maps' language")),
    Choice("markdown", N_("a table to paste into a wiki or a pull request")),
    Choice("json", N_("one document with every item and figure (see docs/plan.md)")),
    Choice("csv", N_("one row per opportunity, for spreadsheets (UTF-8 with BOM)")),
)
GAP_FORMATS: tuple[Choice, ...] = (
    Choice("text", N_("the gap stage by stage, in the maps' language")),
    Choice("markdown", N_("the same, as headings and tables")),
    Choice("json", N_("one document with every figure (see docs/plan.md)")),
)

AUTO = "auto"
PROBLEMS = names(PROBLEM_FORMATS)
DIFFS = names(DIFF_FORMATS)
RULE_LISTS = names(RULES_FORMATS)
STATS = names(STATS_FORMATS)
PLANS = names(PLAN_FORMATS)
GAPS = names(GAP_FORMATS)
