"""The people of a map and its journey grid: personas, departments, stages and the items of their lanes."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
    model_validator,
)

from .base import (
    ID_PATTERN,
    Direction,
    Id,
    Item,
    LongText,
    Printable,
    Score,
    Text,
    TextOrItem,
)


class Department(Item):
    """A team that owns stages of the journey (marketing, sales, support...)."""

    id: Id
    """Referred to by `owner` of stages and opportunities."""
    name: Text
    description: LongText | None = None


class Persona(Item):
    """A customer archetype; in B2B, one role of the buying centre."""

    id: Id
    """Referred to by the `emotions` of stages and the `persona` of thoughts, actions and pains."""
    name: Text
    """What the map calls them: a name ("Anna, beginner runner") or the role itself ("Chief engineer")."""
    role: Text | None = None
    """Their role, e.g. in the buying centre: chief engineer, procurement, director, finance."""
    description: LongText | None = None
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
            raise ValueError("a touchpoint needs a `channel`, a `name`, or both")
        return self


class Said(TextOrItem):
    """A thought or an action; give `persona` when it is one persona's, not everyone's."""

    persona: Id | None = None
    """The persona (id) it belongs to."""


class Pain(TextOrItem):
    """A barrier or pain point of the customer at this stage."""

    id: Id | None = None
    """Give it an id to let an opportunity say it `fixes` it."""
    persona: Id | None = None
    """The persona (id) who has it, when not everyone does."""


class LaneItem(TextOrItem):
    """A step of a service-blueprint lane; give `owner` to name the team behind it."""

    owner: Id | None = None
    """The department (id) that does it."""


class Opportunity(TextOrItem):
    """An improvement that removes a pain or makes the stage better."""

    id: Id | None = None
    fixes: list[Id] = []
    """Ids of the pains it addresses."""
    owner: Id | None = None
    """The department that would carry it out."""


class Kpi(Item):
    """A metric of the stage, with an optional target and actual value."""

    name: Text
    target: float | None = None
    """The value aimed at."""
    actual: float | None = None
    """The value measured."""
    unit: Annotated[str, Field(max_length=20), Printable] | None = None
    """Shown after the values: `%`, `days`, `BYN`."""
    period: Text | None = None
    """What the values cover: `Q1 2025`, `per month`."""
    better: Direction = "higher"
    """Whether a higher or a lower value is better (e.g. `lower` for response time)."""


# Editors check mapping keys only through `propertyNames`, which pydantic does not write for `dict[Id, ...]`.
_PERSONA_KEYS = Field(json_schema_extra={"propertyNames": {"pattern": ID_PATTERN}})


class JourneyStage(Item):
    """A column of the journey grid."""

    id: Id
    name: Text
    description: LongText | None = None
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
