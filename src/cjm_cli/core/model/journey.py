"""The people of a map and its journey grid: personas, departments, stages and the items of their lanes."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
    model_validator,
)

from ..i18n import tr
from .base import (
    ID_PATTERN,
    Confidence,
    Day,
    Direction,
    Id,
    Item,
    Link,
    LongText,
    PlanStatus,
    Printable,
    Score,
    Text,
    TextOrItem,
    TimeOfDay,
)
from .research import Evidence, Ice, KpiMove, Rice
from .sales import Pulled


class Department(Item):
    """A team that owns stages of the journey (marketing, sales, support...)."""

    id: Id
    """Referred to by `owner` of stages and opportunities."""
    name: Text
    """The department's name as the team says it: "Sales", "Warehouse"."""
    description: LongText | None = None
    """What the department does in this journey, for the report."""


class Persona(Item):
    """A customer archetype; in B2B, one role of the buying centre."""

    id: Id
    """Referred to by the `emotions` of stages and the `persona` of thoughts, actions and pains."""
    name: Text
    """What the map calls them: a name ("Anna, beginner runner") or the role itself ("Chief engineer")."""
    role: Text | None = None
    """Their role, e.g. in the buying centre: chief engineer, procurement, director, finance."""
    description: LongText | None = None
    """Who this persona is, in a sentence or two, for the persona card of the report."""
    goals: list[Text] = []
    """What they want to achieve."""
    needs: list[Text] = []
    """What they need from us to get there."""
    pains: list[Text] = []
    """Problems that bring them to us, or that they meet on the way."""


class Touchpoint(Item):
    """Where the customer meets the company at this stage."""

    channel: Id | None = None
    """A channel id from `channels`; the touchpoint takes its name when `name` is not given."""
    name: Text | None = None
    """What the touchpoint is: "Ad in the feed", "Call with a manager"."""

    @model_validator(mode="after")
    def _named(self) -> Touchpoint:
        if self.channel is None and self.name is None:
            raise ValueError(tr("a touchpoint needs a `channel`, a `name`, or both"))
        return self


class Said(TextOrItem):
    """A thought or an action; give `persona` when it is one persona's, not everyone's."""

    persona: Id | None = None
    """The persona (id) it belongs to."""
    evidence: list[Evidence] = []
    """Where it was heard or seen: interviews, surveys, analytics, support tickets, observation."""
    confidence: Confidence | None = None
    """How sure the map is of it: `observed` (seen or heard), `inferred` (concluded from other data) or
    `assumed` (the team's guess, still to check)."""


class Pain(TextOrItem):
    """A barrier or pain point of the customer at this stage."""

    id: Id | None = None
    """Give it an id to let an opportunity say it `fixes` it."""
    persona: Id | None = None
    """The persona (id) who has it, when not everyone does."""
    evidence: list[Evidence] = []
    """The research behind it: quotes, counts, links to interviews, surveys, analytics, support tickets."""
    confidence: Confidence | None = None
    """How sure the map is of it: `observed`, `inferred` or `assumed`."""


class LaneItem(TextOrItem):
    """A step of a service-blueprint lane; give `owner` to name the team behind it."""

    owner: Id | None = None
    """The department (id) that does it."""


class Opportunity(TextOrItem):
    """An improvement that removes a pain or makes the stage better; with a score, a status and a due date,
    an item of the plan (`cjm plan`)."""

    id: Id | None = None
    """Names it in the plan, the tracker's issues and a comparison with the ideal map."""
    fixes: list[Id] = []
    """Ids of the pains it addresses."""
    owner: Id | None = None
    """The department that would carry it out."""
    personas: list[Id] = []
    """The personas (ids) it is for; none for everyone."""
    status: PlanStatus = "idea"
    """`idea` (default), `planned`, `in-progress`, `done` or `dropped`."""
    due: Day | None = None
    """When it should be done, `YYYY-MM-DD`."""
    hypothesis: Text | None = None
    """What the team expects and why, to be tested: "If delivery costs show on the product page, fewer carts
    are abandoned, because the surprise at checkout is gone"."""
    moves: list[KpiMove] = []
    """The KPIs (by id) it should move, and by how much: `[{kpi: cart_abandonment, by: -10}]`."""
    rice: Rice | None = None
    """A RICE score: `{reach, impact, confidence, effort}`."""
    ice: Ice | None = None
    """An ICE score: `{impact, confidence, ease}`, each 1..10."""
    ticket: Link | None = None
    """The issue in the team's tracker (Jira, GitLab, GitHub) where the work is followed."""
    evidence: list[Evidence] = []
    """What shows it would work: a test, a competitor's result, customers asking for it."""
    confidence: Confidence | None = None
    """How sure the map is of it: `observed`, `inferred` or `assumed`."""


class Kpi(Item):
    """A metric of the stage, with an optional target and actual value."""

    id: Id | None = None
    """Give it an id to let an opportunity say it `moves` it, or to fill its values from a file (`cjm pull csv`);
    unique in the map."""
    name: Text
    """What is measured: "Checkout conversion", "Time to first answer"."""
    target: float | None = None
    """The value aimed at, in `unit`."""
    actual: float | None = None
    """The value measured (drawn red when it misses `target`, green when it meets it)."""
    unit: Annotated[str, Field(max_length=20), Printable] | None = None
    """Shown after the values: `%`, `days`, `BYN`."""
    period: Text | None = None
    """What the values cover: `Q1 2025`, `per month`."""
    better: Direction = "higher"
    """Whether a higher or a lower value is better (e.g. `lower` for response time)."""
    pulled: Pulled | None = None
    """Where the values came from (`cjm pull` writes it)."""


# Editors check mapping keys only through `propertyNames`, which pydantic does not write for `dict[Id, ...]`.
_PERSONA_KEYS = Field(json_schema_extra={"propertyNames": {"pattern": ID_PATTERN}})


class JourneyStage(Item):
    """A column of the journey grid."""

    id: Id
    """The stage's id, referred to by site pages, twins and `cjm diff`: `choose`, `buy`."""
    name: Text
    """The stage's name, the title of its column in the grid: "Choice", "Purchase"."""
    description: LongText | None = None
    """What happens at this stage, shown under its name in the report."""
    time: TimeOfDay | None = None
    """When in the day it happens, `07:30` or `07:30-08:15`: the stages of a `day-in-life` map are moments of
    the customer's day."""
    owner: Id | None = None
    """The department (id from `departments`) responsible for this stage."""
    touchpoints: list[Touchpoint] = []
    """Where the customer meets the company at this stage."""
    actions: list[Said] = []
    """What the customer does."""
    thoughts: list[Said] = []
    """What the customer thinks, in their words: "Is this too expensive?"."""
    emotions: Annotated[dict[Id, Score], _PERSONA_KEYS] = {}
    """How each persona (by id) feels, from -2 (very negative) through 0 (neutral) to 2 (very positive)."""
    feelings: Annotated[dict[Id, Text], _PERSONA_KEYS] = {}
    """The feeling in a word per persona (by id): hope, doubt, irritation, trust."""
    emotion_evidence: Annotated[dict[Id, list[Evidence]], _PERSONA_KEYS] = {}
    """What each persona's emotion here is based on (by persona id): survey scores, interview quotes."""
    emotion_confidence: Annotated[dict[Id, Confidence], _PERSONA_KEYS] = {}
    """How sure the map is of each persona's emotion here: `observed`, `inferred` or `assumed`."""
    pains: list[Pain] = []
    """Barriers and pain points at this stage."""
    opportunities: list[Opportunity] = []
    """Improvements that would remove pains or make the stage better."""
    kpis: list[Kpi] = []
    """Metrics of the stage."""
    frontstage: list[LaneItem] = []
    """Service blueprint: what employees do in front of the customer."""
    backstage: list[LaneItem] = []
    """Service blueprint: what employees do out of the customer's sight."""
    support: list[LaneItem] = []
    """Service blueprint: the systems and processes that make the stage possible."""


class Journey(Item):
    """The classic journey grid: stages as columns, lanes as rows."""

    stages: Annotated[list[JourneyStage], Field(min_length=1)]
    """The stages of the journey, in the order the customer goes through them (the grid's columns)."""
