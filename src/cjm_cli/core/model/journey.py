"""The people of a map and its journey grid: personas, departments, stages and the items of their lanes."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Annotated, Any

from pydantic import (
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..i18n import tr
from .base import (
    ID_PATTERN,
    SCALE_LIMIT,
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
    """How each persona (by id) feels, on the journey's `emotion_scale`: from -2 (very negative) through 0
    (neutral) to 2 (very positive) unless the map sets another."""
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


_Bound = Annotated[int, Field(ge=-SCALE_LIMIT, le=SCALE_LIMIT)]


class EmotionScale(Item):
    """The scale of the emotions: whole numbers from `min` (very negative) to `max` (very positive)."""

    min: _Bound
    """The most negative score: `-2` by default; `1` on a scale of 1 to 10."""
    max: _Bound
    """The most positive score: `2` by default; `10` on a scale of 1 to 10."""

    @field_validator("max")
    @classmethod
    def _above_min(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("min")
        if low is not None and value <= low:
            raise ValueError(f"the scale goes up from `min` to `max`: max ({value}) must be more than min ({low})")
        return value

    @property
    def middle(self) -> float:
        """Halfway between the ends: the neutral score (0 on -2..2; 5.5, between two scores, on 1..10)."""
        return (self.min + self.max) / 2

    def holds(self, score: int) -> bool:
        return self.min <= score <= self.max

    def onto(self, score: float, other: EmotionScale) -> int:
        """`score` of this scale at the same place on `other`, linearly (ends to ends), rounded to the nearest
        whole score: -1 of -2..2 is 3 of 1..10 (3.25). A half goes away from the middle of `other`, so that
        both halves of a scale are placed alike (1 of 0..8 is 1 of 1..5, 7 is 5); the middle itself, when it
        falls between two scores, goes up (0 of -2..2 is 6 of 1..10, 5.5)."""
        placed = other.min + Fraction(score - self.min) * (other.max - other.min) / (self.max - self.min)
        if 2 * placed >= other.min + other.max:
            return math.floor(placed + Fraction(1, 2))
        return math.ceil(placed - Fraction(1, 2))


DEFAULT_SCALE = EmotionScale(min=-2, max=2)
MERMAID_SCALE = EmotionScale(min=1, max=5)
"""The scores of a Mermaid `journey` diagram, from 1 (worst) to 5 (best), which `cjm export mermaid` and
`cjm import mermaid` place a map's scale on and back."""
SCALE_HINT = "scores go from {min} (very negative) to {max} (very positive); `journey.emotion_scale` sets the scale"


def _off_scale(stages: Any, scale: EmotionScale) -> list[InitErrorDetails]:
    """The whole-number scores of the stages (as written, before they are validated) that the scale lacks."""
    found: list[InitErrorDetails] = []
    for i, stage in enumerate(stages if isinstance(stages, list) else []):
        emotions = stage.get("emotions") if isinstance(stage, dict) else None
        for persona, score in (emotions or {}).items() if isinstance(emotions, dict) else ():
            if type(score) is int and not scale.holds(score):
                context = {"score": score, "persona": str(persona)[:40], "min": scale.min, "max": scale.max}
                message = "the emotion {score} of '{persona}' is outside the map's scale, {min} to {max}"
                error = PydanticCustomError("emotion_scale", message, context)
                found.append(InitErrorDetails(type=error, loc=(i, "emotions", persona), input=score))
    return found


def _again(detail: Any) -> InitErrorDetails:
    """A problem pydantic found, to be raised again with others: its type, message and context as they were
    (cjm's own types, such as `control_character`, are no type pydantic knows by name)."""
    template = str(detail["msg"]).replace("{", "{{").replace("}", "}}")
    error = PydanticCustomError(detail["type"], template, detail.get("ctx"))
    return InitErrorDetails(type=error, loc=detail["loc"], input=detail["input"])


class Journey(Item):
    """The classic journey grid: stages as columns, lanes as rows."""

    @field_validator("stages", mode="wrap")
    @classmethod
    def _on_the_scale(cls, stages: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        """Every score on the journey's `emotion_scale` (validated before the stages): a score off the scale is
        a problem at that score, reported with the stages' other problems."""
        scale = info.data.get("emotion_scale")
        off = _off_scale(stages, scale) if isinstance(scale, EmotionScale) else []
        try:
            validated = handler(stages)
        except ValidationError as error:
            found = [_again(detail) for detail in error.errors()]
            raise ValidationError.from_exception_data(error.title, [*found, *off]) from None
        if off:
            raise ValidationError.from_exception_data(cls.__name__, off)
        return validated

    emotion_scale: EmotionScale = Field(DEFAULT_SCALE, json_schema_extra={"default": {"min": -2, "max": 2}})
    """The scale of every stage's `emotions`: `{min: -2, max: 2}` unless given; `{min: 1, max: 10}` as
    UXPressia scores, `{min: -3, max: 3}` for finer steps."""

    stages: Annotated[list[JourneyStage], Field(min_length=1)]
    """The stages of the journey, in the order the customer goes through them (the grid's columns)."""
