"""The library's front door: everything the command line does, callable from Python. Re-exports only: the
work is done in the stages' packages (see docs/architecture.md).

    from cjm_cli.api import check_file
    check_file("map.yaml").problems
"""

from __future__ import annotations

from .analysis.diff import Change, Comparison, compare_files, diff_maps
from .analysis.gap import Gap, GapComparison, gap, twin_gap
from .analysis.gap import compare_files as compare_twins
from .analysis.metrics import MapMetrics, measure
from .analysis.plan import Plan, PlanItem, plan_items, rank
from .analysis.portfolio import MapSummary, summarise
from .core.config import Overrides, Settings
from .core.model import JourneyMap
from .core.pipeline import Checked, Converted, check_file, check_many, check_source, rules_for, settings_problems
from .core.problems import CjmError, EnvironmentFailure, Position, Problem, UsageError
from .core.rules import RULES, RuleOptions
from .core.schema import json_schema
from .render.batch import Done, Job, render_many
from .render.graphviz_run import Dot, find_dot, graphviz_version
from .render.index import index_entry, index_files
from .render.outputs import (
    Rendered,
    RenderOptions,
    RenderOutcome,
    check_render,
    output_folders,
    output_state,
    output_stem,
    render_checked,
    render_file,
    render_map,
    render_outputs,
)
from .views.portfolio import IndexEntry

__all__ = [
    "RULES",
    "Change",
    "Checked",
    "CjmError",
    "Comparison",
    "Converted",
    "Done",
    "Dot",
    "EnvironmentFailure",
    "Gap",
    "GapComparison",
    "IndexEntry",
    "Job",
    "JourneyMap",
    "MapMetrics",
    "MapSummary",
    "Overrides",
    "Plan",
    "PlanItem",
    "Position",
    "Problem",
    "RenderOptions",
    "RenderOutcome",
    "Rendered",
    "RuleOptions",
    "Settings",
    "UsageError",
    "check_file",
    "check_many",
    "check_render",
    "check_source",
    "compare_files",
    "compare_twins",
    "diff_maps",
    "find_dot",
    "gap",
    "graphviz_version",
    "index_entry",
    "index_files",
    "json_schema",
    "measure",
    "output_folders",
    "output_state",
    "output_stem",
    "plan_items",
    "rank",
    "render_checked",
    "render_file",
    "render_many",
    "render_map",
    "render_outputs",
    "rules_for",
    "settings_problems",
    "summarise",
    "twin_gap",
]
