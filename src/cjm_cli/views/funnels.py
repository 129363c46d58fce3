"""Build the funnel tables: the figures of the leads and of every pipeline, one row per stage in the order
written, as the report's Funnels section and `cjm stats` show them."""

from __future__ import annotations

from ..analysis.metrics import (
    FunnelMetrics,
    measure,
)
from ..core.model import JourneyMap
from .figures import (
    UNDEFINED,
    amount,
    loss,
    money,
    number,
    percent,
    period_shown,
    share,
    signed,
)
from .shapes import (
    FunnelRow,
    FunnelTable,
)
from .words import Words, words


def funnel_tables(journey_map: JourneyMap) -> tuple[FunnelTable, ...]:
    """The figures of the leads and of every pipeline, as tables: one row per stage, in the order written."""
    w = words(journey_map.lang)
    return tuple(_funnel_table(f, w, journey_map.lang) for f in measure(journey_map).funnels)


def _funnel_table(figures: FunnelMetrics, w: Words, lang: str) -> FunnelTable:
    leads = figures.kind == "leads"
    outcomes = {"success": w.converted if leads else w.won, "failure": w.unqualified if leads else w.lost}
    steps = {step.to_stage: step for step in figures.steps}
    drop_off = figures.biggest_drop_off
    rows = tuple(
        FunnelRow(
            stage.id,
            stage.name,
            stage.meaning,
            number(stage.count, lang) if stage.count is not None else UNDEFINED,
            amount(stage.amount, figures.currency, lang) if stage.amount is not None else "",
            share(steps[stage.id].conversion, lang, UNDEFINED) if stage.id in steps else "",
            share(stage.of_entry, lang, UNDEFINED),
            None if stage.of_entry is None else round(min(max(stage.of_entry, 0.0), 1.0) * 100, 1),
            loss(drop_off, lang) if drop_off is not None and drop_off.to_stage == stage.id else "",
            outcomes.get(stage.meaning, ""),
        )
        for stage in figures.stages
    )
    totals = [(w.conversion, percent(figures.overall, lang))] if figures.overall is not None else []
    totals += [(outcomes["success"], number(figures.won, lang))] if figures.won is not None else []
    totals += [(outcomes["failure"], number(figures.lost, lang))] if figures.lost is not None else []
    totals += money(figures, w, lang)
    described = ""
    if drop_off is not None and drop_off.conversion is not None and drop_off.lost is not None:
        names = {stage.id: stage.name for stage in figures.stages}
        described = (
            f"{names[drop_off.from_stage]} → {names[drop_off.to_stage]}: "
            f"{loss(drop_off, lang)} ({signed(-drop_off.lost, lang)}), "
            f"{w.went_on} {percent(drop_off.conversion, lang)}"
        )
    return FunnelTable(
        figures.key,
        figures.kind,
        figures.name if figures.name is not None else w.leads,
        " · ".join(x for x in (period_shown(figures.period, figures.pulled, w), figures.currency) if x),
        rows,
        any(stage.amount is not None for stage in figures.stages),
        figures.has_figures,
        tuple(totals),
        described,
    )
