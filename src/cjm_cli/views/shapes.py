"""The shapes of the views: what build makes and every renderer reads, as frozen dataclasses.

- `Grid`, the journey grid: stages as columns, lanes as rows, an emotion series per persona;
- `Flow`, the sales system: channels -> leads -> deal pipelines -> site pages <- paid campaigns;
- `FunnelTable`, the figures of the leads and of each pipeline as a table (the report and `cjm stats`);
- `Marks` and `DiffView`, a diff drawn over a map (`cjm diff --render`): a `Mark` on the elements that were
  added or changed, the ghosts of those removed, and a `DiffLegend`.

Everything a renderer shows is decided by build (which lanes exist, their titles in the map's language, which
pages no campaign promotes); renderers only place and style. Node keys are generated from positions in the
map, never from user text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..analysis.metrics import (
    FunnelKind,
)
from ..core.model import Meaning
from .scale import DEFAULT_SCALE_VIEW, ScaleView
from .theme import Line, Marker

Status = Literal["", "good", "bad"]


MarkKind = Literal["added", "changed", "removed"]


MARKERS: dict[MarkKind, str] = {"added": "+", "changed": "~", "removed": "\u2212"}


@dataclass(frozen=True)
class Mark:
    """How a diff changed an element drawn in a view (`cjm diff --render`)."""

    kind: MarkKind
    """`removed` marks a ghost: an element of the old map drawn where it was, struck through."""
    tag: str
    """The marker and the word, in the map's language: "+ added", "~ изменено"."""
    notes: tuple[str, ...] = ()
    """What changed, for people: "was: Decision", "actual was: 74", "+ keywords[\"trail\"]"."""

    @property
    def marker(self) -> str:
        return MARKERS[self.kind]


@dataclass(frozen=True)
class DiffLegend:
    """What a view drawn with a diff says beside its marks."""

    heading: str
    """ "Changes: HEAD~1:shop.yaml → shop.yaml"."""
    counts: tuple[tuple[MarkKind, str], ...]
    """The kinds of change and how many of each, as shown: ("added", "+ added: 2"); empty for no changes."""
    empty: str = ""
    """Said when the maps do not differ."""
    removed_title: str = ""
    removed: tuple[str, ...] = ()
    """Elements the diff removed that this view has no place for: "Page: Sale"."""


@dataclass(frozen=True)
class EvidenceLine:
    """A piece of evidence as the report lists it under its item."""

    text: str
    """ "interview · Interview 4 · 2025-04-11: “7 EUR? I closed the tab.”"."""
    href: str = ""
    """Its link, "" for none."""


@dataclass(frozen=True)
class Entry:
    """One item of a grid cell."""

    text: str
    persona_id: str = ""
    """Set when the item is one persona's only; the report hides it with that persona."""
    persona: str = ""
    """That persona's name, shown before the text."""
    detail: str = ""
    """A second, smaller line: an owner, what an opportunity fixes, a KPI's values."""
    status: Status = ""
    """For KPIs: whether the actual value meets the target."""
    mark: Mark | None = None
    confidence: str = ""
    """How sure the map is of it, in words ("assumed"); "" when it does not say."""
    confidence_key: str = ""
    """The same as the format writes it (`observed`, `inferred`, `assumed`), for styling."""
    evidence: tuple[EvidenceLine, ...] = ()


@dataclass(frozen=True)
class Lane:
    key: str
    title: str
    kind: Literal["items", "emotions", "line"]
    """`items`: a row of cells; `emotions`: the curve; `line`: a blueprint line between two lanes."""
    cells: tuple[tuple[Entry, ...], ...] = ()
    """One cell per stage (empty for the curve and lines)."""


@dataclass(frozen=True)
class PersonaView:
    id: str
    name: str
    colour: str
    role: str = ""
    description: str = ""
    goals: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    pains: tuple[str, ...] = ()
    mark: Mark | None = None
    marker: Marker = "circle"
    """The shape of its points on the emotion charts, and before its name in their legends."""
    line: Line = "solid"
    """The pattern of its curve."""


@dataclass(frozen=True)
class EmotionSeries:
    persona: PersonaView
    values: tuple[int | None, ...]
    """One value per stage, on the grid's scale; None where the map gives none."""
    feelings: tuple[str, ...]
    """The feeling in a word per stage ("" where none)."""
    marks: tuple[Mark | None, ...] = ()
    """Drawn with a diff: per stage, how the score or the feeling changed."""
    was: tuple[int | None, ...] = ()
    """Drawn with a diff: per stage, the old score where it changed or was removed."""
    confidence: tuple[str, ...] = ()
    """Per stage, how sure the map is of the emotion, in words ("" where it does not say)."""
    evidence: tuple[tuple[EvidenceLine, ...], ...] = ()
    """Per stage, what the emotion is based on."""


@dataclass(frozen=True)
class StageHead:
    id: str
    name: str
    description: str = ""
    mark: Mark | None = None
    time: str = ""
    """When in the day it happens (a day in the life): `07:30`, `07:30-08:15`."""
    """With a diff; a stage marked `removed` is the ghost of a stage the new map no longer has, with empty
    cells and no number."""

    @property
    def ghost(self) -> bool:
        return self.mark is not None and self.mark.kind == "removed"


@dataclass(frozen=True)
class KpiView:
    """A stage's KPI with its values as shown ("42 мин")."""

    stage: str
    name: str
    actual: str
    target: str
    period: str
    status: Status
    gap: str = ""
    """actual - target as shown: "+27 мин"; "" when either is unknown."""


@dataclass(frozen=True)
class Grid:
    stages: tuple[StageHead, ...]
    lanes: tuple[Lane, ...]
    emotions: tuple[EmotionSeries, ...]
    kpis: tuple[KpiView, ...]
    """Every KPI of every stage, in order."""
    legend: DiffLegend | None = None
    scale: ScaleView = DEFAULT_SCALE_VIEW
    """The scale of the emotions, as the map sets it."""

    @property
    def numbers(self) -> tuple[str, ...]:
        """The number over each stage, counting the map's stages: the ghost of a removed stage has none."""
        numbers: list[str] = []
        counted = 0
        for stage in self.stages:
            counted += not stage.ghost
            numbers.append("" if stage.ghost else f"{counted}")
        return tuple(numbers)


@dataclass(frozen=True)
class PageLink:
    """A page of the site named where it serves: on a stage, a pipeline or an automation's message."""

    key: str
    title: str
    href: str
    """An absolute link to the page, or "" when the site's address is unknown."""


@dataclass(frozen=True)
class AutomationView:
    key: str
    action: str
    """The action's title in the map's language."""
    text: str = ""
    trigger: str = ""
    delay: str = ""
    """As shown: "after 5 d"."""
    page: PageLink | None = None
    """The page its message links to."""
    mark: Mark | None = None


@dataclass(frozen=True)
class StageView:
    key: str
    id: str
    name: str
    meaning: Literal["progress", "success", "failure"]
    count: str = ""
    """Formatted count and amount: "190 · 342 000 BYN"."""
    conversion: str = ""
    """Share of the previous stage's count that reached this one: "72%"; "" when undefined."""
    drop_off: str = ""
    """When the step into this stage is the funnel's biggest drop-off, the share it loses: "−37%"."""
    automations: tuple[AutomationView, ...] = ()
    pages: tuple[PageLink, ...] = ()
    """The pages that serve this stage, drawn on it."""
    mark: Mark | None = None


@dataclass(frozen=True)
class Funnel:
    """The lead stages, or one deal pipeline: a chain of stages, its outcomes and figures."""

    key: str
    title: str
    subtitle: str
    chain: tuple[StageView, ...]
    """Progress and success stages in the order written."""
    failures: tuple[StageView, ...]
    overall: str = ""
    """Conversion from the first stage to the (first) success stage."""
    money: str = ""
    """Revenue and average deal: "выручка 235 800 BYN · средний чек 1 800 BYN"."""
    cross_sell: tuple[str, ...] = ()
    """Keys of the funnels this one sells along with."""
    pages: tuple[PageLink, ...] = ()
    """The pages that serve the whole pipeline."""
    mark: Mark | None = None

    @property
    def entry(self) -> str:
        """The key of the stage where the funnel starts ("" for a funnel without stages)."""
        first = (self.chain or self.failures)[:1]
        return first[0].key if first else ""


Route = Literal["crm", "manual", "idle", ""]


@dataclass(frozen=True)
class ChannelView:
    key: str
    name: str
    crm: bool
    target: str
    """Key of the funnel its requests go to; "" when they are not processed."""
    mark: Mark | None = None
    route: Route = ""
    """How its requests reach the CRM: by themselves, entered by hand, or not at all; "" when the map has no
    leads or pipelines to say where they would go."""
    figures: str = ""
    """Its leads, sales and revenue: "лиды 120 · продажи 30 · выручка 54 000 BYN"; "" without figures."""
    returns: str = ""
    """What its paid traffic cost per lead and per sale, and brought back: "цена лида 35 BYN · окупаемость 340%"."""


@dataclass(frozen=True)
class ChannelGroup:
    title: str
    channels: tuple[ChannelView, ...]


@dataclass(frozen=True)
class PageView:
    key: str
    title: str
    url: str
    href: str
    """An absolute link to the page, or "" when the site's address is unknown."""
    serves: tuple[str, ...]
    """The lead and deal stages (or whole pipelines) the page serves, as named: "Продукт А: Счёт"."""
    journey_stages: tuple[str, ...]
    """Names of the journey stages it serves."""
    promoted: bool
    unpromoted_flag: bool
    """True when the map has campaigns and none of them lands here: the seed's point."""
    mark: Mark | None = None


@dataclass(frozen=True)
class AdGroupView:
    key: str
    name: str
    keywords: tuple[str, ...]
    ads: tuple[str, ...]
    landing_keys: tuple[str, ...]
    """Pages of the site its group and ads land on."""
    landing_urls: tuple[str, ...]
    """Landings outside the map's site, as written."""
    mark: Mark | None = None
    figures: str = ""
    """Its cost and clicks: "расход 1 820,4 BYN · клики 910"."""


@dataclass(frozen=True)
class CampaignView:
    key: str
    title: str
    subtitle: str
    groups: tuple[AdGroupView, ...]
    mark: Mark | None = None
    figures: str = ""
    """Its cost, clicks and cost per click: "расход 3 888 BYN · клики 1 677"."""
    returns: str = ""
    """Cost per lead and per sale, return on ad spend, when the campaign is the only one of its channel."""


@dataclass(frozen=True)
class Flow:
    channel_groups: tuple[ChannelGroup, ...]
    leads: Funnel | None
    pipelines: tuple[Funnel, ...]
    pages: tuple[PageView, ...]
    campaigns: tuple[CampaignView, ...]
    crm: str = ""
    """The CRM's name, drawn around the leads and the deals."""
    legend: DiffLegend | None = None
    channels_note: str = ""
    """Where the channels' figures were pulled from and for which period, when they all say the same."""

    @property
    def funnels(self) -> tuple[Funnel, ...]:
        return ((self.leads,) if self.leads else ()) + self.pipelines


@dataclass(frozen=True)
class FunnelRow:
    id: str
    name: str
    meaning: Meaning
    count: str
    amount: str
    from_previous: str
    """Conversion from the previous stage of the chain: "72%", "—" when undefined, "" for the first stage
    and the exits, which no step leads to."""
    from_first: str
    """The count as a share of the first stage's: "41%", "—" when undefined."""
    bar: float | None
    """That share in percent, 0..100, for a bar; None when undefined."""
    drop_off: str
    """When the step into this stage is the funnel's biggest drop-off, the share it loses: "−37%"."""
    outcome: str
    """For success and failure stages, what they mean in this funnel: "won", "lost", "converted"..."""


@dataclass(frozen=True)
class FunnelTable:
    key: str
    """`leads`, or the pipeline's id."""
    kind: FunnelKind
    title: str
    subtitle: str
    """Period and currency: "Q1 2025 · BYN"."""
    rows: tuple[FunnelRow, ...]
    has_amounts: bool
    """Whether any stage has an amount (tables leave the column out when none has)."""
    has_figures: bool
    """Whether any stage has a count or an amount."""
    totals: tuple[tuple[str, str], ...]
    """(label, value) pairs, each only when defined: conversion, won, lost, revenue, average deal."""
    drop_off: str
    """The biggest drop-off in words: "Подготовка КП → Счёт на предоплату: 72% (−75)"; "" when none."""


Locator = tuple[str | int, ...]
"""Where an element is in a map: its keys and its positions in lists, `("journey", "stages", 2, "pains", 0)`,
`("deals", 0, "stages", 3, "automations", 1)`; a stage's owner is `(..., "owner", 0)` and a persona's score
at a stage `(..., "emotions", "anna")`."""


@dataclass(frozen=True)
class Marks:
    """A diff to draw over the new map: marks by where the elements are in it, and the ghosts of what the diff
    removed, by where they were. Made by `diff_render.py`."""

    elements: Mapping[Locator, Mark] = field(default_factory=dict)
    ghost_entries: Mapping[Locator, tuple[Entry, ...]] = field(default_factory=dict)
    """Removed grid items by the cell they were in, `("journey", "stages", 2, "pains")`, each with its mark."""
    ghost_stages: tuple[tuple[int, StageHead], ...] = ()
    """Removed journey stages (marked), each with the index of the new map's stage it is drawn before."""
    old_scores: Mapping[Locator, int] = field(default_factory=dict)
    """The old emotion score where it changed or was removed, by `(..., "emotions", persona)`."""
    ghost_automations: Mapping[Locator, tuple[AutomationView, ...]] = field(default_factory=dict)
    """Removed automations (marked) by their deal stage, `("deals", 0, "stages", 2)`."""
    grid_legend: DiffLegend | None = None
    flow_legend: DiffLegend | None = None


NO_MARKS = Marks()


@dataclass(frozen=True)
class ChangeRow:
    """One change in the diff report's list."""

    kind: MarkKind
    """How it is marked: a moved element is `changed`."""
    tag: str
    """The marker and the word: "+ added", "~ moved"."""
    where: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeGroup:
    title: str
    """The block of the map: "Journey", "Сделки"."""
    rows: tuple[ChangeRow, ...]


@dataclass(frozen=True)
class DiffView:
    """The diff report's own parts: what was compared, the counts, every change, and the marks."""

    old: str
    new: str
    legend: DiffLegend
    """Counts, and what the diff removed that no view has a place for."""
    groups: tuple[ChangeGroup, ...]
    marks: Marks
