"""Build the sales-system flow: channels grouped by kind -> leads -> deal pipelines with their automations ->
site pages <- paid campaigns, with the figures of every funnel (from `analysis.metrics`). With `Marks` (a diff),
marked elements carry their mark and removed automations come back as ghosts beside their stage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..analysis.metrics import (
    FunnelMetrics,
    Returns,
    campaign_returns,
    channel_returns,
    lead_metrics,
    pipeline_metrics,
)
from ..core.model import ChannelKind, JourneyMap, Landings, Pipeline, parse_delay
from .figures import (
    channel_figures,
    loss,
    money,
    percent,
    period_shown,
    pulled_note,
    returns_text,
    share,
    spend_figures,
    stage_figures,
)
from .shapes import (
    NO_MARKS,
    AdGroupView,
    AutomationView,
    CampaignView,
    ChannelGroup,
    ChannelView,
    Flow,
    Funnel,
    Locator,
    Marks,
    PageLink,
    PageView,
    Route,
    StageView,
)
from .words import Words, words


def has_flow(journey_map: JourneyMap) -> bool:
    """Whether the map describes a sales system. Channels alone do not: a journey grid lists them too."""
    m = journey_map
    return bool(m.leads or m.deals or (m.site and m.site.pages) or m.ppc)


def build_flow(journey_map: JourneyMap, marks: Marks = NO_MARKS) -> Flow | None:
    """The sales-system flow, or None when the map has none of its blocks. With `marks` (a diff), marked
    elements carry their mark and removed automations come back as ghosts beside their stage."""
    if not has_flow(journey_map):
        return None
    keys = _Keys(journey_map)
    w = words(journey_map.lang)
    served = _served(journey_map, keys)
    leads = _leads(journey_map, keys, served, w, marks)
    pipelines = _pipelines(journey_map, keys, served, w, marks)
    channels = channel_returns(journey_map)
    channel_groups = _channel_groups(journey_map, keys, leads is not None, w, marks, channels)
    campaigns, promoted = _campaigns(journey_map, keys, w, marks, campaign_returns(journey_map, channels))
    pages = _pages(journey_map, keys, promoted, w, marks)
    crm = journey_map.crm.name if journey_map.crm else w.crm
    note = _channels_note(journey_map, w)
    return Flow(channel_groups, leads, pipelines, pages, campaigns, crm, marks.flow_legend, note)


def _channels_note(m: JourneyMap, w: Words) -> str:
    """The pulled note of the channels, when every channel with one has the same."""
    notes = {pulled_note(c.pulled, w) for c in m.channels if c.pulled is not None}
    return notes.pop() if len(notes) == 1 else ""


class _Keys:
    """The node key of every page, funnel and funnel stage: generated from positions, never from user text.
    Deal stages are keyed as pages name them, `pipeline.STAGE`."""

    def __init__(self, m: JourneyMap) -> None:
        self.pages = {p.id: f"page{i}" for i, p in enumerate(m.site.pages if m.site else [])}
        site_url = (m.site.url or "").rstrip("/") if m.site else ""
        self.links = {
            p.id: PageLink(self.pages[p.id], p.title, _href(p.url, site_url)) for p in (m.site.pages if m.site else [])
        }
        self.funnels = {p.id: f"deals{i}" for i, p in enumerate(m.deals)}
        self.lead_stages = {s.id: f"lead{i}" for i, s in enumerate(m.leads.stages)} if m.leads else {}
        self.pipeline_stages = [{s.id: f"deals{i}s{j}" for j, s in enumerate(p.stages)} for i, p in enumerate(m.deals)]
        self.deal_stages = {
            f"{pipeline.id}.{stage}": key
            for pipeline, stages in zip(m.deals, self.pipeline_stages, strict=True)
            for stage, key in stages.items()
        }


def _href(url: str, site_url: str) -> str:
    """An absolute link to a page: its URL, or its path on the site (none when the site's address is unknown)."""
    return url if not url.startswith("/") else (site_url + url if site_url else "")


def _served(m: JourneyMap, keys: _Keys) -> dict[str, tuple[PageLink, ...]]:
    """The pages that serve each lead stage, deal stage or whole pipeline, by its key, in the order written."""
    served: dict[str, list[PageLink]] = {}
    for page in m.site.pages if m.site else []:
        targets = [keys.lead_stages.get(s, "") for s in page.lead_stages]
        targets += [keys.deal_stages.get(s) or keys.funnels.get(s, "") for s in page.deal_stages]
        for key in _unique(t for t in targets if t):
            served.setdefault(key, []).append(keys.links[page.id])
    return {key: tuple(links) for key, links in served.items()}


def _with_pages(funnel: Funnel, served: dict[str, tuple[PageLink, ...]]) -> Funnel:
    def stage(view: StageView) -> StageView:
        return replace(view, pages=served.get(view.key, ()))

    return replace(
        funnel,
        chain=tuple(map(stage, funnel.chain)),
        failures=tuple(map(stage, funnel.failures)),
        pages=served.get(funnel.key, ()),
    )


def _leads(
    m: JourneyMap, keys: _Keys, served: dict[str, tuple[PageLink, ...]], w: Words, marks: Marks
) -> Funnel | None:
    if m.leads is None:
        return None
    subtitle = period_shown(m.leads.period, m.leads.pulled, w)
    leads = _funnel("leads", w.leads, subtitle, lead_metrics(m.leads), keys.lead_stages, w, m.lang)
    return _marked_funnel(_with_pages(leads, served), ("leads",), [s.id for s in m.leads.stages], marks)


def _pipelines(
    m: JourneyMap, keys: _Keys, served: dict[str, tuple[PageLink, ...]], w: Words, marks: Marks
) -> tuple[Funnel, ...]:
    return tuple(
        _marked_funnel(
            _with_pages(
                _pipeline(pipeline, keys.funnels[pipeline.id], keys.pipeline_stages[i], keys, w, m.lang), served
            ),
            ("deals", i),
            [s.id for s in pipeline.stages],
            marks,
        )
        for i, pipeline in enumerate(m.deals)
    )


def _channel_groups(
    m: JourneyMap, keys: _Keys, has_leads: bool, w: Words, marks: Marks, returns: tuple[Returns, ...]
) -> tuple[ChannelGroup, ...]:
    """Channels grouped by kind, in the order each kind first appears; each with the funnel it feeds and its
    figures."""
    groups: dict[ChannelKind, list[ChannelView]] = {}
    funnels = has_leads or bool(m.deals)
    by_channel = {r.key: returns_text(r, w, m.lang) for r in returns}
    for i, channel in enumerate(m.channels):
        target = "leads" if channel.feeds == "leads" and has_leads else keys.funnels.get(channel.feeds or "", "")
        route: Route = "crm" if channel.crm else "manual" if target else "idle" if funnels else ""
        mark = marks.elements.get(("channels", i))
        figures = channel_figures(channel, w, m.lang)
        returned = by_channel.get(channel.id, "")
        view = ChannelView(f"ch{i}", channel.name, channel.crm, target, mark, route, figures, returned)
        groups.setdefault(channel.kind, []).append(view)
    return tuple(ChannelGroup(w.channel_kinds[kind], tuple(views)) for kind, views in groups.items())


def _campaigns(
    m: JourneyMap, keys: _Keys, w: Words, marks: Marks, returns: tuple[Returns, ...]
) -> tuple[tuple[CampaignView, ...], set[str]]:
    """The campaigns with their ad groups and figures, and the keys of the pages some group or ad lands on."""
    campaigns = []
    promoted: set[str] = set()
    landings_of_site = Landings(m.site)
    for i, campaign in enumerate(m.ppc):
        group_views = []
        for j, group in enumerate(campaign.groups):
            landings = [group.landing, *(ad.landing for ad in group.ads)]
            landed = [(x, landings_of_site.page(x)) for x in landings if x]
            landing_keys = _unique(keys.pages[page.id] for _, page in landed if page)
            promoted |= set(landing_keys)
            group_views.append(
                AdGroupView(
                    f"ppc{i}g{j}",
                    group.name,
                    tuple(group.keywords),
                    tuple(ad.title + (f" — {ad.text}" if ad.text else "") for ad in group.ads),
                    landing_keys,
                    _unique(x for x, page in landed if not page),
                    marks.elements.get(("ppc", i, "groups", j)),
                    spend_figures(group.cost, group.clicks, campaign.currency, w, m.lang),
                )
            )
        note = pulled_note(campaign.pulled, w) if campaign.pulled else ""
        subtitle = " · ".join(x for x in (campaign.platform or "", w.networks[campaign.network], note) if x)
        mark = marks.elements.get(("ppc", i))
        figures = spend_figures(campaign.cost, campaign.clicks, campaign.currency, w, m.lang)
        view = CampaignView(f"ppc{i}", campaign.name, subtitle, tuple(group_views), mark, figures)
        campaigns.append(replace(view, returns=returns_text(returns[i], w, m.lang)))
    return tuple(campaigns), promoted


def _pages(m: JourneyMap, keys: _Keys, promoted: set[str], w: Words, marks: Marks) -> tuple[PageView, ...]:
    """The site's pages, each with the stages it serves and whether a campaign brings anyone to it."""
    journey_names = {s.id: s.name for s in m.journey.stages} if m.journey else {}
    # (the funnel's name, the stage's name) of each lead stage, deal stage (`pipeline.STAGE`) or whole pipeline
    stages: dict[str, tuple[str, str]] = {s.id: (w.leads, s.name) for s in m.leads.stages} if m.leads else {}
    stages |= {f"{p.id}.{s.id}": (p.name, s.name) for p in m.deals for s in p.stages}
    whole = {p.id: p.name for p in m.deals}
    views = []
    for i, page in enumerate(m.site.pages if m.site else []):
        key = keys.pages[page.id]
        served: dict[str, list[str]] = {}  # the stages a page serves, by funnel: "Продукт А: Новая, Счёт"
        for target in [*page.lead_stages, *page.deal_stages]:
            funnel, stage = stages.get(target) or (whole.get(target, target), "")
            served.setdefault(funnel, []).extend([stage] if stage else [])
        serves = [f"{funnel}: {', '.join(names)}" if names else funnel for funnel, names in served.items()]
        views.append(
            PageView(
                key,
                page.title,
                page.url,
                keys.links[page.id].href,
                _unique(serves),
                tuple(journey_names.get(s, s) for s in page.stages),
                key in promoted,
                bool(m.ppc) and key not in promoted,
                marks.elements.get(("site", "pages", i)),
            )
        )
    return tuple(views)


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
            replace(ghost, key=f"{view.key}x{n}", page=None)
            for n, ghost in enumerate(marks.ghost_automations.get(here, ()))
        )
        return replace(view, mark=marks.elements.get(here), automations=automations + ghosts)

    return replace(
        funnel,
        mark=marks.elements.get(where),
        chain=tuple(map(stage, funnel.chain)),
        failures=tuple(map(stage, funnel.failures)),
    )


def _pipeline(pipeline: Pipeline, key: str, stage_keys: dict[str, str], keys: _Keys, w: Words, lang: str) -> Funnel:
    period = period_shown(pipeline.period, pipeline.pulled, w)
    subtitle = " · ".join(x for x in (period, pipeline.description or "") if x)
    funnel = _funnel(key, pipeline.name, subtitle, pipeline_metrics(pipeline), stage_keys, w, lang)
    stages = {s.id: s for s in pipeline.stages}

    def with_automations(view: StageView) -> StageView:
        automations = tuple(
            AutomationView(
                f"{view.key}a{n}",
                w.automation_actions[a.action],
                a.text or "",
                a.trigger or "",
                _delay(a.delay, w, lang) if a.delay else "",
                keys.links.get(a.page or ""),
            )
            for n, a in enumerate(stages[view.id].automations)
        )
        return replace(view, automations=automations)

    return replace(
        funnel,
        chain=tuple(with_automations(s) for s in funnel.chain),
        failures=tuple(with_automations(s) for s in funnel.failures),
        cross_sell=tuple(keys.funnels[p] for p in pipeline.cross_sell if p in keys.funnels),
    )


def _funnel(
    key: str,
    title: str,
    subtitle: str,
    figures: FunnelMetrics,
    stage_keys: dict[str, str],
    w: Words,
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
            " · ".join(stage_figures(stage, figures.currency, lang)),
            share(conversions.get(stage.id), lang),
            loss(drop_off, lang) if drop_off is not None and drop_off.to_stage == stage.id else "",
        )
        for stage in figures.stages
    ]
    overall = f"{w.conversion} {percent(figures.overall, lang)}" if figures.overall is not None else ""
    return Funnel(
        key,
        title,
        subtitle,
        tuple(v for v in views if v.meaning != "failure"),
        tuple(v for v in views if v.meaning == "failure"),
        overall,
        " · ".join(f"{label} {value}" for label, value in money(figures, w, lang)),
    )


_UNITS = {
    "en": {"m": "min", "h": "h", "d": "d", "w": "wk"},
    "ru": {"m": "мин", "h": "ч", "d": "дн.", "w": "нед."},
}


def _delay(delay: str, w: Words, lang: str) -> str:
    parsed = parse_delay(delay)
    if parsed is None:  # reported by the rules (automation-bad-delay); drawn as written
        return f"{w.after} {delay}"
    amount, unit = parsed
    return f"{w.after} {amount} {_UNITS[lang][unit]}"


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order, each once."""
    return tuple(dict.fromkeys(items))
