"""What a map is built on and what is planned from it: the evidence behind pains, thoughts, emotions and
opportunities, and an opportunity's score (RICE or ICE) and the KPIs it should move."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from ..i18n import tr
from .base import Count, Day, EvidenceKind, Id, Item, Link, Text

# Scores are finite: `.inf` would rank above everything and mean nothing.
_Number = Annotated[float, Field(allow_inf_nan=False)]


class Evidence(Item):
    """What a pain, thought, emotion or opportunity is based on: a quote, a figure, a source."""

    kind: EvidenceKind
    """Where it comes from: `interview`, `survey`, `analytics`, `support` (tickets, chats, calls to support),
    `observation` (field visits, usability tests), `review` (public reviews) or `other`."""
    quote: Text | None = None
    """What a customer said or wrote, in their words."""
    source: Text | None = None
    """Which interview, survey, report or queue: "Interview 7", "Checkout funnel, Q2"."""
    link: Link | None = None
    """Where to read or watch it: a recording, a dashboard, a ticket."""
    count: Count | None = None
    """How many said or did it: respondents, tickets, sessions."""
    date: Day | None = None
    """When it was collected, `YYYY-MM-DD`."""


RICE_IMPACTS = (3.0, 2.0, 1.0, 0.5, 0.25)
"""Intercom's impact scale: massive, high, medium, low, minimal."""


class Rice(Item):
    """A RICE score: reach × impact × confidence ÷ effort (Intercom's method)."""

    reach: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    """How many customers (or events) it reaches in a period, e.g. a quarter; use the same period across a map."""
    impact: Annotated[float, Field(json_schema_extra={"enum": list(RICE_IMPACTS)})]
    """How much it moves each of them: 3 (massive), 2 (high), 1 (medium), 0.5 (low) or 0.25 (minimal)."""
    confidence: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]
    """How sure the team is of reach and impact, in percent: 100 (high), 80 (medium), 50 (low)."""
    effort: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    """The work it takes, in person-months."""

    @field_validator("impact", mode="after")
    @classmethod
    def _on_the_scale(cls, value: float) -> float:
        if value not in RICE_IMPACTS:
            raise ValueError(tr("RICE impact is 3 (massive), 2 (high), 1 (medium), 0.5 (low) or 0.25 (minimal)"))
        return value


class Ice(Item):
    """An ICE score: impact × confidence × ease, each from 1 to 10."""

    impact: Annotated[float, Field(ge=1, le=10)]
    """How much it would move the goal, 1..10."""
    confidence: Annotated[float, Field(ge=1, le=10)]
    """How sure the team is that it will, 1..10."""
    ease: Annotated[float, Field(ge=1, le=10)]
    """How easy it is to do, 1..10 (10: a day's work)."""


class KpiMove(Item):
    """A KPI an opportunity should move, and by how much."""

    kpi: Id
    """The `id` of a KPI of this map (of any stage)."""
    by: _Number
    """The change expected, in the KPI's unit: `-10` for cart abandonment down from 78% to 68%."""


__all__ = ["RICE_IMPACTS", "Evidence", "Ice", "KpiMove", "Rice"]
