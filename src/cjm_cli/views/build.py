"""Stage 5, build: a checked map becomes layout-neutral views, ready to be drawn by any renderer.

Two views:
- `Grid`, the journey grid: stages as columns, lanes as rows, an emotion series per persona;
- `Flow`, the sales system: channels -> leads -> deal pipelines -> site pages <- paid campaigns.

Everything a renderer shows is decided here (which lanes exist, their order and titles in the map's
language, which pages no campaign promotes), so the pictures, the HTML report and `cjm stats` agree. The
figures (conversions, drop-offs, revenue, KPI status) come from `metrics.py`; this stage only writes them
out. Renderers only place and style. Node keys are generated from positions in the map, never from user text.

`cjm diff --render` draws a map with its changes marked: `build_grid` and `build_flow` take optional `Marks`
(made by `diff_render.py`), which put a `Mark` on the elements that were added or changed, add the elements
that were removed as ghosts where they were, and a `DiffLegend` to the view. Without marks every view is
exactly what `cjm render` draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar

from ..analysis.metrics import (
    FunnelKind,
    FunnelMetrics,
    KpiMetrics,
    KpiStatus,
    StageFigures,
    Step,
    kpi_metrics,
    lead_metrics,
    measure,
    measure_kpi,
    pipeline_metrics,
)
from ..core.model import JourneyMap, JourneyStage, Meaning, Opportunity, Pipeline, Said, landing_page, parse_delay
from .theme import persona_colour
from .words import lost_percent, number, percent, signed, words

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


# --- the journey grid -----------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class EmotionSeries:
    persona: PersonaView
    values: tuple[int | None, ...]
    """One value per stage, -2..2; None where the map gives none."""
    feelings: tuple[str, ...]
    """The feeling in a word per stage ("" where none)."""
    marks: tuple[Mark | None, ...] = ()
    """Drawn with a diff: per stage, how the score or the feeling changed."""
    was: tuple[int | None, ...] = ()
    """Drawn with a diff: per stage, the old score where it changed or was removed."""


@dataclass(frozen=True)
class StageHead:
    id: str
    name: str
    description: str = ""
    mark: Mark | None = None
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

    @property
    def numbers(self) -> tuple[str, ...]:
        """The number over each stage, counting the map's stages: the ghost of a removed stage has none."""
        numbers: list[str] = []
        counted = 0
        for stage in self.stages:
            counted += not stage.ghost
            numbers.append("" if stage.ghost else f"{counted}")
        return tuple(numbers)


# --- the sales-system flow ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AutomationView:
    key: str
    action: str
    """The action's title in the map's language."""
    text: str = ""
    trigger: str = ""
    delay: str = ""
    """As shown: "after 5 d"."""
    page_key: str = ""
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
    mark: Mark | None = None

    @property
    def entry(self) -> str:
        """The key of the stage where the funnel starts ("" for a funnel without stages)."""
        first = (self.chain or self.failures)[:1]
        return first[0].key if first else ""


@dataclass(frozen=True)
class ChannelView:
    key: str
    name: str
    crm: bool
    target: str
    """Key of the funnel its requests go to; "" when they are not processed."""
    mark: Mark | None = None


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
    served_by: tuple[str, ...]
    """Keys of the lead and deal stages (or funnels) the page serves."""
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


@dataclass(frozen=True)
class CampaignView:
    key: str
    title: str
    subtitle: str
    groups: tuple[AdGroupView, ...]
    mark: Mark | None = None


@dataclass(frozen=True)
class Flow:
    channel_groups: tuple[ChannelGroup, ...]
    leads: Funnel | None
    pipelines: tuple[Funnel, ...]
    pages: tuple[PageView, ...]
    campaigns: tuple[CampaignView, ...]
    legend: DiffLegend | None = None

    @property
    def funnels(self) -> tuple[Funnel, ...]:
        return ((self.leads,) if self.leads else ()) + self.pipelines


# --- funnel figures as tables (the report's Funnels section and `cjm stats`) -------------------------------------


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


UNDEFINED = "—"


# --- a diff drawn over the map (`cjm diff --render`) ----------------------------------------------------------

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


# --- building ---------------------------------------------------------------------------------------------------


def personas(journey_map: JourneyMap, marks: Marks = NO_MARKS) -> tuple[PersonaView, ...]:
    return tuple(
        PersonaView(
            p.id,
            p.name,
            persona_colour(i),
            p.role or "",
            p.description or "",
            tuple(p.goals),
            tuple(p.needs),
            tuple(p.pains),
            marks.elements.get(("personas", i)),
        )
        for i, p in enumerate(journey_map.personas)
    )


def has_flow(journey_map: JourneyMap) -> bool:
    """Whether the map describes a sales system. Channels alone do not: a journey grid lists them too."""
    m = journey_map
    return bool(m.leads or m.deals or (m.site and m.site.pages) or m.ppc)


def build_grid(journey_map: JourneyMap, marks: Marks = NO_MARKS) -> Grid | None:
    """The journey grid, or None when the map has no `journey`. Lanes no stage fills are left out. With
    `marks` (a diff), marked elements carry their mark and removed ones come back as ghosts."""
    if journey_map.journey is None:
        return None
    w = words(journey_map.lang)
    stages = journey_map.journey.stages
    people = personas(journey_map)
    names = {p.id: p.name for p in people}
    departments = {d.id: d.name for d in journey_map.departments}
    channels = {c.id: c.name for c in journey_map.channels}

    def said(items: Sequence[Said]) -> tuple[Entry, ...]:
        return tuple(Entry(i.text, i.persona or "", names.get(i.persona or "", "")) for i in items)

    def marked(key: str, cells: list[tuple[Entry, ...]]) -> list[tuple[Entry, ...]]:
        """A lane's cells with the diff's marks on their entries, and its ghosts after them."""
        return [
            (
                *(
                    _with_mark(entry, marks.elements.get(("journey", "stages", i, key, n)))
                    for n, entry in enumerate(cell)
                ),
                *marks.ghost_entries.get(("journey", "stages", i, key), ()),
            )
            for i, cell in enumerate(cells)
        ]

    def lane(key: str, cells: list[tuple[Entry, ...]]) -> list[Lane]:
        cells = marked(key, cells)
        return [Lane(key, w[key], "items", tuple(cells))] if any(cells) else []

    touchpoints = [
        tuple(Entry(t.name or channels.get(t.channel or "", t.channel or "")) for t in s.touchpoints) for s in stages
    ]
    pains = [tuple(Entry(p.text, p.persona or "", names.get(p.persona or "", "")) for p in s.pains) for s in stages]
    opportunities = [tuple(_opportunity(o, s, departments, w) for o in s.opportunities) for s in stages]
    owners: list[tuple[Entry, ...]] = [(Entry(departments.get(s.owner, s.owner)),) if s.owner else () for s in stages]
    stage_kpis = [[kpi_view(measure_kpi(s.id, s.name, k), journey_map.lang) for k in s.kpis] for s in stages]
    kpis = [tuple(_kpi_entry(k, w) for k in views) for views in stage_kpis]

    def blueprint(key: Literal["frontstage", "backstage", "support"]) -> list[tuple[Entry, ...]]:
        return [
            tuple(Entry(i.text, detail=departments.get(i.owner or "", i.owner or "")) for i in getattr(s, key))
            for s in stages
        ]

    columns = range(len(stages))
    series = tuple(
        EmotionSeries(
            p,
            tuple(s.emotions.get(p.id) for s in stages),
            tuple(s.feelings.get(p.id, "") for s in stages),
            tuple(marks.elements.get(("journey", "stages", i, "emotions", p.id)) for i in columns),
            tuple(marks.old_scores.get(("journey", "stages", i, "emotions", p.id)) for i in columns),
        )
        for p in people
    )
    series = tuple(s for s in series if any(v is not None for v in (*s.values, *s.was)) or any(s.feelings))

    lanes: list[Lane] = [
        *lane("touchpoints", touchpoints),
        *lane("actions", [said(s.actions) for s in stages]),
        *lane("thoughts", [said(s.thoughts) for s in stages]),
    ]
    if series:
        lanes.append(Lane("emotions", w["emotions"], "emotions"))
    lanes += lane("pains", pains)
    front, back, support = (marked(key, blueprint(key)) for key in ("frontstage", "backstage", "support"))
    if any(front) or any(back) or any(support) or journey_map.type == "blueprint":
        lanes += [
            Lane("frontstage", w["frontstage"], "items", tuple(front)),
            Lane("line_of_visibility", w["line_of_visibility"], "line"),
            Lane("backstage", w["backstage"], "items", tuple(back)),
            Lane("line_of_internal_interaction", w["line_of_internal_interaction"], "line"),
            Lane("support", w["support"], "items", tuple(support)),
        ]
    lanes += lane("opportunities", opportunities)
    lanes += lane("owner", owners)
    lanes += lane("kpis", kpis)
    heads = tuple(
        StageHead(s.id, s.name, s.description or "", marks.elements.get(("journey", "stages", i)))
        for i, s in enumerate(stages)
    )
    grid = Grid(heads, tuple(lanes), series, tuple(k for views in stage_kpis for k in views), marks.grid_legend)
    return _with_ghost_stages(grid, marks.ghost_stages) if marks.ghost_stages else grid


def _with_mark(entry: Entry, mark: Mark | None) -> Entry:
    return replace(entry, mark=mark) if mark else entry


_Cell = TypeVar("_Cell")


def _with_ghost_stages(grid: Grid, ghosts: tuple[tuple[int, StageHead], ...]) -> Grid:
    """The grid with a column for each stage the diff removed, where it was: its head and empty cells."""
    order: list[int | StageHead] = []  # a column of the grid by its index, or a ghost's head
    for index in range(len(grid.stages) + 1):
        order += [head for before, head in ghosts if before == index]
        if index < len(grid.stages):
            order.append(index)

    def columns(cells: tuple[_Cell, ...], empty: _Cell) -> tuple[_Cell, ...]:
        return tuple(cells[c] if isinstance(c, int) and c < len(cells) else empty for c in order)

    empty_cell: tuple[Entry, ...] = ()
    return replace(
        grid,
        stages=tuple(grid.stages[c] if isinstance(c, int) else c for c in order),
        lanes=tuple(
            replace(lane, cells=columns(lane.cells, empty_cell)) if lane.cells else lane for lane in grid.lanes
        ),
        emotions=tuple(
            replace(
                s,
                values=columns(s.values, None),
                feelings=columns(s.feelings, ""),
                marks=columns(s.marks, None),
                was=columns(s.was, None),
            )
            for s in grid.emotions
        ),
    )


def _opportunity(o: Opportunity, stage: JourneyStage, departments: dict[str, str], w: dict[str, str]) -> Entry:
    pains = {p.id: p.text for p in stage.pains if p.id}
    details = []
    if o.fixes:
        details.append(f"{w['fixes']}: " + "; ".join(_short(pains.get(f, f)) for f in o.fixes))
    if o.owner:
        details.append(departments.get(o.owner, o.owner))
    return Entry(o.text, detail=" · ".join(details))


_STATUS: dict[KpiStatus, Status] = {"met": "good", "missed": "bad", "unknown": ""}


def kpi_view(kpi: KpiMetrics, lang: str) -> KpiView:
    unit = f" {kpi.unit}" if kpi.unit else ""

    def shown(value: float | None) -> str:
        return "" if value is None else f"{number(value, lang)}{unit}"

    gap = "" if kpi.gap is None else f"{signed(kpi.gap, lang)}{unit}"
    return KpiView(
        kpi.stage, kpi.name, shown(kpi.actual), shown(kpi.target), kpi.period or "", _STATUS[kpi.status], gap
    )


def kpi_views(journey_map: JourneyMap) -> tuple[KpiView, ...]:
    """Every KPI of every journey stage, as shown."""
    return tuple(kpi_view(k, journey_map.lang) for k in kpi_metrics(journey_map))


def _kpi_entry(kpi: KpiView, w: dict[str, str]) -> Entry:
    parts = [kpi.actual, f"{w['target']} {kpi.target}" if kpi.target else "", kpi.period]
    return Entry(kpi.name, detail=" · ".join(p for p in parts if p), status=kpi.status)


def build_flow(journey_map: JourneyMap, marks: Marks = NO_MARKS) -> Flow | None:
    """The sales-system flow, or None when the map has none of its blocks. With `marks` (a diff), marked
    elements carry their mark and removed automations come back as ghosts beside their stage."""
    if not has_flow(journey_map):
        return None

    def mark(*where: str | int) -> Mark | None:
        return marks.elements.get(where)

    m = journey_map
    w = words(m.lang)
    lang = m.lang
    pages = m.site.pages if m.site else []
    page_keys = {p.id: f"page{i}" for i, p in enumerate(pages)}
    funnel_keys = {p.id: f"deals{i}" for i, p in enumerate(m.deals)}

    leads = None
    lead_stage_keys: dict[str, str] = {}
    if m.leads:
        lead_stage_keys = {s.id: f"lead{i}" for i, s in enumerate(m.leads.stages)}
        figures = lead_metrics(m.leads)
        leads = _funnel("leads", w["leads"], m.leads.period or "", figures, lead_stage_keys, w, lang)
        leads = _marked_funnel(leads, ("leads",), [s.id for s in m.leads.stages], marks)

    deal_stage_keys: dict[str, str] = {}
    pipelines = []
    for i, pipeline in enumerate(m.deals):
        keys = {s.id: f"deals{i}s{j}" for j, s in enumerate(pipeline.stages)}
        deal_stage_keys |= {f"{pipeline.id}.{s}": k for s, k in keys.items()}
        funnel = _pipeline(pipeline, funnel_keys[pipeline.id], keys, page_keys, funnel_keys, w, lang)
        pipelines.append(_marked_funnel(funnel, ("deals", i), [s.id for s in pipeline.stages], marks))

    groups: dict[str, list[ChannelView]] = {}
    for i, channel in enumerate(m.channels):
        target = "leads" if channel.feeds == "leads" and leads else funnel_keys.get(channel.feeds or "", "")
        view = ChannelView(f"ch{i}", channel.name, channel.crm, target, mark("channels", i))
        groups.setdefault(channel.kind, []).append(view)
    channel_groups = tuple(ChannelGroup(w[f"kind_{kind}"], tuple(views)) for kind, views in groups.items())

    campaigns = []
    promoted: set[str] = set()
    for i, campaign in enumerate(m.ppc):
        group_views = []
        for j, group in enumerate(campaign.groups):
            landings = [group.landing, *(ad.landing for ad in group.ads)]
            landed = [(x, landing_page(x, m.site)) for x in landings if x]
            landing_keys = _unique(page_keys[page.id] for _, page in landed if page)
            urls = _unique(x for x, page in landed if not page)
            promoted |= set(landing_keys)
            ads = tuple(ad.title + (f" — {ad.text}" if ad.text else "") for ad in group.ads)
            group_views.append(
                AdGroupView(
                    f"ppc{i}g{j}",
                    group.name,
                    tuple(group.keywords),
                    ads,
                    landing_keys,
                    urls,
                    mark("ppc", i, "groups", j),
                )
            )
        subtitle = " · ".join(x for x in (campaign.platform or "", w[f"network_{campaign.network}"]) if x)
        campaigns.append(CampaignView(f"ppc{i}", campaign.name, subtitle, tuple(group_views), mark("ppc", i)))

    journey_names = {s.id: s.name for s in m.journey.stages} if m.journey else {}
    site_url = (m.site.url or "").rstrip("/") if m.site else ""
    page_views = []
    for i, page in enumerate(pages):
        key = page_keys[page.id]
        served = [lead_stage_keys[s] for s in page.lead_stages if s in lead_stage_keys]
        served += [deal_stage_keys.get(s) or funnel_keys.get(s, "") for s in page.deal_stages]
        href = page.url if not page.url.startswith("/") else (site_url + page.url if site_url else "")
        page_views.append(
            PageView(
                key,
                page.title,
                page.url,
                href,
                _unique(k for k in served if k),
                tuple(journey_names.get(s, s) for s in page.stages),
                key in promoted,
                bool(m.ppc) and key not in promoted,
                mark("site", "pages", i),
            )
        )
    return Flow(channel_groups, leads, tuple(pipelines), tuple(page_views), tuple(campaigns), marks.flow_legend)


def _marked_funnel(funnel: Funnel, where: Locator, stage_ids: list[str], marks: Marks) -> Funnel:
    """The funnel with the diff's marks on it, its stages and their automations, and the ghosts of the
    automations removed from its stages."""
    if marks is NO_MARKS:
        return funnel
    index = {stage_id: j for j, stage_id in enumerate(stage_ids)}

    def stage(view: StageView) -> StageView:
        here = (*where, "stages", index[view.id])
        automations = tuple(
            replace(a, mark=marks.elements.get((*here, "automations", n))) for n, a in enumerate(view.automations)
        )
        # Keys are made here, as every key is; a ghost links to no page (the old map's pages are other keys).
        ghosts = tuple(
            replace(ghost, key=f"{view.key}x{n}", page_key="")
            for n, ghost in enumerate(marks.ghost_automations.get(here, ()))
        )
        return replace(view, mark=marks.elements.get(here), automations=automations + ghosts)

    return replace(
        funnel,
        mark=marks.elements.get(where),
        chain=tuple(map(stage, funnel.chain)),
        failures=tuple(map(stage, funnel.failures)),
    )


def _pipeline(
    pipeline: Pipeline,
    key: str,
    stage_keys: dict[str, str],
    page_keys: dict[str, str],
    funnel_keys: dict[str, str],
    w: dict[str, str],
    lang: str,
) -> Funnel:
    subtitle = " · ".join(x for x in (pipeline.period or "", pipeline.description or "") if x)
    funnel = _funnel(key, pipeline.name, subtitle, pipeline_metrics(pipeline), stage_keys, w, lang)
    stages = {s.id: s for s in pipeline.stages}

    def with_automations(view: StageView) -> StageView:
        automations = tuple(
            AutomationView(
                f"{view.key}a{n}",
                w[f"action_{a.action}"],
                a.text or "",
                a.trigger or "",
                _delay(a.delay, w, lang) if a.delay else "",
                page_keys.get(a.page or "", ""),
            )
            for n, a in enumerate(stages[view.id].automations)
        )
        return replace(view, automations=automations)

    return replace(
        funnel,
        chain=tuple(with_automations(s) for s in funnel.chain),
        failures=tuple(with_automations(s) for s in funnel.failures),
        cross_sell=tuple(funnel_keys[p] for p in pipeline.cross_sell if p in funnel_keys),
    )


def _funnel(
    key: str,
    title: str,
    subtitle: str,
    figures: FunnelMetrics,
    stage_keys: dict[str, str],
    w: dict[str, str],
    lang: str,
) -> Funnel:
    conversions = {step.to_stage: step.conversion for step in figures.steps}
    drop_off = figures.biggest_drop_off
    views = [
        StageView(
            stage_keys[stage.id],
            stage.id,
            stage.name,
            stage.meaning,
            " · ".join(_stage_figures(stage, figures.currency, lang)),
            _percent(conversions.get(stage.id), lang),
            _loss(drop_off, lang) if drop_off is not None and drop_off.to_stage == stage.id else "",
        )
        for stage in figures.stages
    ]
    overall = f"{w['conversion']} {percent(figures.overall, lang)}" if figures.overall is not None else ""
    return Funnel(
        key,
        title,
        subtitle,
        tuple(v for v in views if v.meaning != "failure"),
        tuple(v for v in views if v.meaning == "failure"),
        overall,
        " · ".join(f"{label} {value}" for label, value in _money(figures, w, lang)),
    )


def _loss(step: Step, lang: str) -> str:
    """The share a step loses, "−37%": shown with the biggest drop-off, so that its figure reads as a loss."""
    return "" if step.conversion is None else lost_percent(step.conversion, lang)


def _stage_figures(stage: StageFigures, currency: str | None, lang: str) -> list[str]:
    shown = [number(stage.count, lang)] if stage.count is not None else []
    if stage.amount is not None:
        shown.append(_amount(stage.amount, currency, lang))
    return shown


def _amount(value: float, currency: str | None, lang: str) -> str:
    return f"{number(value, lang)} {currency or ''}".rstrip()


def _percent(ratio: float | None, lang: str, undefined: str = "") -> str:
    return undefined if ratio is None else percent(ratio, lang)


def _money(figures: FunnelMetrics, w: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """Revenue and average deal, where defined."""
    pairs = []
    if figures.revenue is not None:
        pairs.append((w["revenue"], _amount(figures.revenue, figures.currency, lang)))
    if figures.average_deal is not None:
        pairs.append((w["average_deal"], _amount(figures.average_deal, figures.currency, lang)))
    return pairs


def funnel_tables(journey_map: JourneyMap) -> tuple[FunnelTable, ...]:
    """The figures of the leads and of every pipeline, as tables: one row per stage, in the order written."""
    w = words(journey_map.lang)
    return tuple(_funnel_table(f, w, journey_map.lang) for f in measure(journey_map).funnels)


def _funnel_table(figures: FunnelMetrics, w: dict[str, str], lang: str) -> FunnelTable:
    leads = figures.kind == "leads"
    outcomes = {"success": w["converted" if leads else "won"], "failure": w["unqualified" if leads else "lost"]}
    steps = {step.to_stage: step for step in figures.steps}
    drop_off = figures.biggest_drop_off
    rows = tuple(
        FunnelRow(
            stage.id,
            stage.name,
            stage.meaning,
            number(stage.count, lang) if stage.count is not None else UNDEFINED,
            _amount(stage.amount, figures.currency, lang) if stage.amount is not None else "",
            _percent(steps[stage.id].conversion, lang, UNDEFINED) if stage.id in steps else "",
            _percent(stage.of_entry, lang, UNDEFINED),
            None if stage.of_entry is None else round(min(max(stage.of_entry, 0.0), 1.0) * 100, 1),
            _loss(drop_off, lang) if drop_off is not None and drop_off.to_stage == stage.id else "",
            outcomes.get(stage.meaning, ""),
        )
        for stage in figures.stages
    )
    totals = [(w["conversion"], percent(figures.overall, lang))] if figures.overall is not None else []
    totals += [(outcomes["success"], number(figures.won, lang))] if figures.won is not None else []
    totals += [(outcomes["failure"], number(figures.lost, lang))] if figures.lost is not None else []
    totals += _money(figures, w, lang)
    described = ""
    if drop_off is not None and drop_off.conversion is not None and drop_off.lost is not None:
        names = {stage.id: stage.name for stage in figures.stages}
        described = (
            f"{names[drop_off.from_stage]} → {names[drop_off.to_stage]}: "
            f"{_loss(drop_off, lang)} ({signed(-drop_off.lost, lang)}), "
            f"{w['went_on']} {percent(drop_off.conversion, lang)}"
        )
    return FunnelTable(
        figures.key,
        figures.kind,
        figures.name if figures.name is not None else w["leads"],
        " · ".join(x for x in (figures.period, figures.currency) if x),
        rows,
        any(stage.amount is not None for stage in figures.stages),
        figures.has_figures,
        tuple(totals),
        described,
    )


_UNITS = {
    "en": {"m": "min", "h": "h", "d": "d", "w": "wk"},
    "ru": {"m": "мин", "h": "ч", "d": "дн.", "w": "нед."},
}


def _delay(delay: str, w: dict[str, str], lang: str) -> str:
    parsed = parse_delay(delay)
    if parsed is None:  # reported by the rules (automation-bad-delay); drawn as written
        return f"{w['after']} {delay}"
    amount, unit = parsed
    return f"{w['after']} {amount} {_UNITS[lang][unit]}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order, each once."""
    return tuple(dict.fromkeys(items))
