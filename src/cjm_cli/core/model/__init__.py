"""Stage 3, model: the map format, version 1, as pydantic models.

The models are the single source of truth for the format: validation, the JSON Schema in `schemas/`
and the reference in `docs/format.md` all follow from them. Models only describe and validate data;
they never draw themselves (see the render stage for that).

Conventions that keep maps short and diffable:
- every block is optional; lists are drawn in the order they are written;
- things that are referred to elsewhere have an `id` (latin letters, digits, `_`, `-`, `:`),
  the rest is referred to by nothing and needs none;
- a pain or an opportunity may be written as plain text, or as a mapping when it needs more.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator

from ..i18n import tr
from ..language import Language
from ..period import check_day
from .base import (
    FORMAT_VERSION,
    ID_PATTERN,
    SCALE_LIMIT,
    TEXT_MAX,
    ActionKind,
    Amount,
    ChannelKind,
    Confidence,
    Count,
    Day,
    Direction,
    EvidenceKind,
    Id,
    Interval,
    Item,
    Link,
    LongText,
    MapType,
    Meaning,
    Network,
    PlanStatus,
    Printable,
    RuleCode,
    Score,
    Text,
    TextOrItem,
    TimeOfDay,
    after,
    check_link,
    check_time,
    interval_parts,
    minutes,
)
from .journey import (
    DEFAULT_SCALE,
    MERMAID_SCALE,
    SCALE_HINT,
    Department,
    EmotionScale,
    Journey,
    JourneyStage,
    Kpi,
    LaneItem,
    Opportunity,
    Pain,
    Persona,
    Said,
    Touchpoint,
)
from .research import RICE_IMPACTS, Evidence, Ice, KpiMove, Rice
from .sales import Automation, Channel, Crm, DealStage, Leads, LeadStage, Pipeline, Pulled, parse_delay
from .site import Ad, AdGroup, Campaign, Landings, Page, Site


class JourneyMap(Item):
    """A customer journey map: one journey, drawn as a sales-system flow and/or a journey grid."""

    model_config = ConfigDict(title="cjm map")

    cjm: Literal[1]
    """The version of the map format: 1."""

    @field_validator("cjm", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        if type(value) is not int:  # `true` and `1.0` equal 1 in Python; the version is written `1`
            raise ValueError(tr("the format version is the whole number 1"))
        return value

    title: Text
    """The map's name, shown at the top of every picture and the report: "Online shop: first purchase"."""
    description: LongText | None = None
    """A paragraph under the title: what the map covers and for whom."""
    type: MapType = "current"
    """`current` (as-is), `ideal` (future state), `day-in-life` or `blueprint` (service blueprint)."""
    lang: Language = "en"
    """The language of cjm's own labels in the pictures: `en` or `ru`."""
    twin: Annotated[str, Field(min_length=1, max_length=500), Printable] | None = None
    """The path, relative to this file, of the twin map: the current-state map of an ideal one."""
    goal: Text | None = None
    """What the map is for, the question it answers: "Find why beginners abandon checkout"."""
    scenario: LongText | None = None
    """The situation the journey covers, from where to where: "Buying a first pair online, from the ad to
    the first 50 km"."""
    research: list[Evidence] = []
    """The research the map is built on: interviews, surveys, analytics, support tickets, observation."""
    owner: Text | None = None
    """Who keeps the map current: a person or a team, as text."""
    reviewed: Day | None = None
    """The day the map was last checked against reality, `YYYY-MM-DD`."""
    review_every: Interval | None = None
    """How often it should be: `30 days`, `6 weeks`, `3 months`, `1 year`."""
    include: list[Annotated[str, Field(min_length=1, max_length=500), Printable]] = []
    """Shared files of personas, departments and channels, by their paths relative to this file: their items
    join the map's own, after them (a checked map holds them, and no `include`)."""
    personas: list[Persona] = []
    """Who the journey is drawn for; in B2B, the roles of the buying centre."""
    departments: list[Department] = []
    """The teams that own stages, opportunities and blueprint steps."""
    journey: Journey | None = None
    """The journey grid: stages with touchpoints, actions, thoughts, emotions, pains..."""
    crm: Crm | None = None
    """The CRM the leads and deals live in, named: drawn as the hub the channels feed."""
    channels: list[Channel] = []
    """How customers reach the company, and whether their requests reach the CRM."""
    leads: Leads | None = None
    """The lead stages of the CRM."""
    deals: list[Pipeline] = []
    """Deal pipelines, one per product line or direction."""
    site: Site | None = None
    """The website: pages and the stages they serve."""
    ppc: list[Campaign] = []
    """Paid campaigns: search and social ads."""


__all__ = [
    "DEFAULT_SCALE",
    "FORMAT_VERSION",
    "ID_PATTERN",
    "MERMAID_SCALE",
    "RICE_IMPACTS",
    "SCALE_HINT",
    "SCALE_LIMIT",
    "TEXT_MAX",
    "ActionKind",
    "Ad",
    "AdGroup",
    "Amount",
    "Automation",
    "Campaign",
    "Channel",
    "ChannelKind",
    "Confidence",
    "Count",
    "Crm",
    "Day",
    "DealStage",
    "Department",
    "Direction",
    "EmotionScale",
    "Evidence",
    "EvidenceKind",
    "Ice",
    "Id",
    "Interval",
    "Item",
    "Journey",
    "JourneyMap",
    "JourneyStage",
    "Kpi",
    "KpiMove",
    "Landings",
    "LaneItem",
    "LeadStage",
    "Leads",
    "Link",
    "LongText",
    "MapType",
    "Meaning",
    "Network",
    "Opportunity",
    "Page",
    "Pain",
    "Persona",
    "Pipeline",
    "PlanStatus",
    "Pulled",
    "Rice",
    "RuleCode",
    "Said",
    "Score",
    "Site",
    "Text",
    "TextOrItem",
    "TimeOfDay",
    "Touchpoint",
    "after",
    "check_day",
    "check_link",
    "check_time",
    "interval_parts",
    "minutes",
    "parse_delay",
]
