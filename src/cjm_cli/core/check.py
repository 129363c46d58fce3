"""Stage 4, check: what a schema cannot say. Ids are unique and every reference points at something.

References checked: touchpoint -> channel; stage, opportunity and blueprint step owner -> department;
emotion, feeling, thought, action, pain and opportunity -> persona; opportunity -> pain and KPI; channel -> leads
or pipeline;
cross-sell -> pipeline; automation -> page; page -> journey, lead and deal stages; ad group and ad ->
landing page; campaign -> channel. An unknown id gets "did you mean".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from .i18n import N_, tr
from .lanes import ITSELF, KEY, LANES, items, named
from .load import Document, Path
from .model import JourneyMap, check_link
from .problems import Problem, shown
from .validate import suggest

LEADS = "leads"  # what a channel `feeds` when its requests become leads

# "Did you mean" compares a misspelt id with every id it could have meant; past these limits a map is
# generated or broken, not misspelt, and the comparisons would take minutes.
_MAX_SUGGESTIONS = 20
_MAX_CANDIDATES = 500


class _Checker:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.suggestions_left = _MAX_SUGGESTIONS
        self.suggested = False

    def error(self, path: Path, code: str, message: str, hint: str = "", at_key: bool = False) -> None:
        self.problems.append(self.document.problem(path, "error", code, message, hint, at_key))

    def unique(self, what: str, items: Iterable[tuple[str, Path]]) -> set[str]:
        """Report ids used twice among `items` (id, path of the id); return the set of ids. `what` names the
        items, in the user's language."""
        seen: dict[str, Path] = {}
        for identifier, path in items:
            if identifier not in seen:
                seen[identifier] = path
                continue
            first = seen[identifier]
            if self.document.file(first) == self.document.file(path):
                line = self.document.position(first).line
                self.error(
                    path,
                    "duplicate-id",
                    tr(
                        "{what} id '{id}' is used twice (first on line {line})",
                        what=what,
                        id=shown(identifier),
                        line=line,
                    ),
                    tr("ids must be unique; rename one of them"),
                )
            else:  # a map and a file it includes, or two included files: said where the first is
                self.error(
                    first,
                    "duplicate-id",
                    f"{what} id '{shown(identifier)}' is also defined in {self.where(path)}",
                    "an id is defined once: remove one of the two, or rename one",
                )
        return set(seen)

    def where(self, path: Path) -> str:
        """`file:line:col` of the value at `path`, for a message naming a place in another file."""
        position = self.document.position(path)
        return f"{self.document.file(path)}:{position.line}:{position.column}"

    def reference(
        self, path: Path, value: str, known: Collection[str], unknown: str, where: str, at_key: bool = False
    ) -> None:
        """`unknown`: the message's English text with `{id}` (translated here); `where`: where such things are
        listed, in the user's language."""
        if value in known:
            return
        message = tr(unknown, id=shown(value))
        self.error(path, "unknown-ref", message, self.hint(value, known, where), at_key)

    def hint(self, value: str, known: Collection[str], where: str) -> str:
        """ "Did you mean", else the ids known (`suggested` says which it was)."""
        self.suggested = False
        if not known:
            return tr("the map defines no {where}", where=where)
        if self.suggestions_left > 0 and len(known) <= _MAX_CANDIDATES:
            self.suggestions_left -= 1
            suggestion = suggest(value, known)
            if suggestion:
                self.suggested = True
                return suggestion
        listed = sorted(known)[:10] if len(known) <= _MAX_CANDIDATES else []
        more = ", ..." if len(known) > len(listed) else ""
        return tr("known: {ids}", ids=", ".join(listed) + more) if listed else ""


def check_references(journey_map: JourneyMap, document: Document) -> list[Problem]:
    """All reference and uniqueness problems of a valid-shaped map (sorted by position by the caller)."""
    c = _Checker(document)
    known = _unique_ids(c, journey_map)
    _journey_references(c, journey_map, known)
    _kpi_references(c, journey_map, known)
    _sales_references(c, journey_map, known)
    _site_references(c, journey_map, known)
    return c.problems


@dataclass
class _Known:
    """The ids a map defines, by what they name; `deal_stages` as `pipeline.STAGE` per pipeline."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    deal_stages: dict[str, set[str]] = field(default_factory=dict)


# What a reference names, for messages: (the message of an unknown one, where such things are listed). Whole
# sentences, not a word put into one, so that a translation can agree with the thing's gender.
_TARGETS = {
    "personas": (N_("unknown persona '{id}'"), N_("personas")),
    "departments": (N_("unknown department '{id}'"), N_("departments")),
    "channels": (N_("unknown channel '{id}'"), N_("channels")),
    "pains": (N_("unknown pain '{id}'"), N_("pains with an id")),
    "kpis": (N_("unknown KPI '{id}'"), N_("KPIs with an id")),
}


def _unique_ids(c: _Checker, m: JourneyMap) -> _Known:
    """Report ids used twice in their list; return every id the map defines."""
    known = _Known()
    ids = known.ids
    ids["personas"] = c.unique(tr("persona"), ((p.id, ("personas", i, "id")) for i, p in enumerate(m.personas)))
    ids["departments"] = c.unique(
        tr("department"), ((d.id, ("departments", i, "id")) for i, d in enumerate(m.departments))
    )
    ids["channels"] = c.unique(tr("channel"), ((ch.id, ("channels", i, "id")) for i, ch in enumerate(m.channels)))
    ids["pipelines"] = c.unique(tr("pipeline"), ((p.id, ("deals", i, "id")) for i, p in enumerate(m.deals)))
    for i, pipeline in enumerate(m.deals):
        stage_ids = c.unique(
            tr("stage of pipeline '{pipeline}'", pipeline=pipeline.id),
            ((s.id, ("deals", i, "stages", j, "id")) for j, s in enumerate(pipeline.stages)),
        )
        known.deal_stages[pipeline.id] = {f"{pipeline.id}.{stage}" for stage in stage_ids}
    lead_stages = m.leads.stages if m.leads else []
    ids["lead_stages"] = c.unique(
        tr("lead stage"), ((s.id, ("leads", "stages", j, "id")) for j, s in enumerate(lead_stages))
    )
    pages = m.site.pages if m.site else []
    ids["pages"] = c.unique(tr("page"), ((p.id, ("site", "pages", i, "id")) for i, p in enumerate(pages)))
    c.unique(tr("campaign"), ((k.id, ("ppc", i, "id")) for i, k in enumerate(m.ppc)))
    c.unique(
        tr("ad group"),
        ((g.id, ("ppc", i, "groups", j, "id")) for i, k in enumerate(m.ppc) for j, g in enumerate(k.groups)),
    )
    stages = m.journey.stages if m.journey else []
    ids["journey_stages"] = c.unique(
        tr("journey stage"), ((s.id, ("journey", "stages", i, "id")) for i, s in enumerate(stages))
    )
    for kind, what in (("opportunities", N_("opportunity")), ("pains", N_("pain")), ("kpis", N_("KPI"))):
        ids[kind] = c.unique(
            tr(what),
            (
                (item.id, ("journey", "stages", i, kind, j, "id"))
                for i, s in enumerate(stages)
                for j, item in enumerate(getattr(s, kind))
                if item.id is not None
            ),
        )
    return known


def _kpi_references(c: _Checker, m: JourneyMap, known: _Known) -> None:
    """The KPIs an opportunity says it `moves`, by their ids (unique in the whole map, so that an opportunity
    may move a later stage's KPI)."""
    unknown, where = _TARGETS["kpis"]
    for i, stage in enumerate(m.journey.stages if m.journey else []):
        for j, opportunity in enumerate(stage.opportunities):
            for k, move in enumerate(opportunity.moves):
                at: Path = ("journey", "stages", i, "opportunities", j, "moves", k, "kpi")
                c.reference(at, move.kpi, known.ids["kpis"], unknown, tr(where))


def _journey_references(c: _Checker, m: JourneyMap, known: _Known) -> None:
    """What the items of each lane of the grid name (`core.lanes`): personas, departments, channels, pains."""
    for i, stage in enumerate(m.journey.stages if m.journey else []):
        at: Path = ("journey", "stages", i)
        for lane in LANES:
            for attribute, target in lane.references:
                unknown, where = _TARGETS[target]
                if attribute == KEY:  # the personas of `emotions` and `feelings`
                    for name in lane.fields:
                        for key in getattr(stage, name):
                            c.reference((*at, name, key), key, known.ids[target], unknown, tr(where), at_key=True)
                    continue
                for j, item in enumerate(items(stage, lane)):
                    here: Path = (*at, lane.field) if attribute == ITSELF else (*at, lane.field, j, attribute)
                    values = named(item, attribute)
                    several = isinstance(getattr(item, attribute, None), list)  # `fixes: [a, b]`
                    for k, value in enumerate(values):
                        path: Path = (*here, k) if several else here
                        c.reference(path, value, known.ids[target], unknown, tr(where))


def _sales_references(c: _Checker, m: JourneyMap, known: _Known) -> None:
    """Channels feed leads or a pipeline; automations link to pages; pipelines sell along with other pipelines."""
    feedable = ({LEADS} if m.leads is not None else set()) | known.ids["pipelines"]
    for i, channel in enumerate(m.channels):
        if channel.feeds == LEADS and m.leads is None:
            pipelines = ", ".join(sorted(known.ids["pipelines"])[:10])
            c.error(
                ("channels", i, "feeds"),
                "unknown-ref",
                tr("channel '{id}' feeds leads, but the map has no `leads:` block", id=shown(channel.id)),
                tr("add a `leads:` block with the lead stages, or feed a pipeline: {pipelines}", pipelines=pipelines)
                if pipelines
                else tr("add a `leads:` block with the lead stages"),
            )
        elif channel.feeds is not None and channel.feeds not in feedable:
            # "Did you mean 'leads'" for `lead` even without the block: adding it is the fix.
            hint = c.hint(channel.feeds, {LEADS} | known.ids["pipelines"], tr("pipelines"))
            message = tr("unknown target '{id}'", id=shown(channel.feeds))
            c.error(("channels", i, "feeds"), "unknown-ref", message, hint)
    for i, pipeline in enumerate(m.deals):
        for j, deal_stage in enumerate(pipeline.stages):
            for k, automation in enumerate(deal_stage.automations):
                if automation.page is not None:
                    at = ("deals", i, "stages", j, "automations", k, "page")
                    c.reference(at, automation.page, known.ids["pages"], N_("unknown page '{id}'"), tr("site pages"))
        for j, other in enumerate(pipeline.cross_sell):
            if other != pipeline.id and other in known.ids["pipelines"]:
                continue
            c.reference(
                ("deals", i, "cross_sell", j),
                other,
                _others(known.ids["pipelines"], pipeline.id),
                N_("unknown pipeline '{id}'"),
                tr("other pipelines"),
            )


def _others(ids: set[str], own: str) -> Collection[str]:
    """The ids but `own`, for the hint of a wrong reference: a copy only where the hint can list them (a map
    of thousands of pipelines copying them for each of its cross-sells would take minutes)."""
    return ids - {own} if len(ids) <= _MAX_CANDIDATES else ids


def _site_references(c: _Checker, m: JourneyMap, known: _Known) -> None:
    """Pages serve journey, lead and deal stages; ad groups and ads land on pages (or on a URL)."""
    for i, page in enumerate(m.site.pages if m.site else []):
        at: Path = ("site", "pages", i)
        for j, stage_id in enumerate(page.stages):
            unknown = N_("unknown journey stage '{id}'")
            c.reference((*at, "stages", j), stage_id, known.ids["journey_stages"], unknown, tr("journey stages"))
        for j, stage_id in enumerate(page.lead_stages):
            unknown = N_("unknown lead stage '{id}'")
            c.reference((*at, "lead_stages", j), stage_id, known.ids["lead_stages"], unknown, tr("lead stages"))
        for j, target in enumerate(page.deal_stages):
            _check_deal_stage((*at, "deal_stages", j), target, known.deal_stages, c)
    for i, campaign in enumerate(m.ppc):
        if campaign.channel is not None:
            unknown, where = _TARGETS["channels"]
            c.reference(("ppc", i, "channel"), campaign.channel, known.ids["channels"], unknown, tr(where))
        for j, group in enumerate(campaign.groups):
            group_at: Path = ("ppc", i, "groups", j)
            if group.landing is not None:
                _check_landing(c, (*group_at, "landing"), group.landing, known.ids["pages"])
            for k, ad in enumerate(group.ads):
                if ad.landing is not None:
                    _check_landing(c, (*group_at, "ads", k, "landing"), ad.landing, known.ids["pages"])


def _check_deal_stage(path: Path, target: str, qualified_stages: dict[str, set[str]], c: _Checker) -> None:
    """`pipeline` or `pipeline.STAGE`; `qualified_stages` maps each pipeline to its `pipeline.STAGE` names."""
    pipeline, dot, _ = target.partition(".")
    if pipeline not in qualified_stages:
        c.reference(path, pipeline, qualified_stages.keys(), N_("unknown pipeline '{id}'"), tr("deal pipelines"))
    elif dot:
        where = tr("stages in pipeline '{pipeline}'", pipeline=pipeline)
        c.reference(path, target, qualified_stages[pipeline], N_("unknown deal stage '{id}'"), where)


def _check_landing(c: _Checker, path: Path, landing: str, pages: set[str]) -> None:
    """A landing is a page id, or a link (checked like every link) to a page outside the map."""
    if "://" in landing or landing.startswith(("/", "#", "mailto:")):
        try:
            check_link(landing)
        except ValueError as error:
            c.error(path, "value", str(error))
        return
    if landing in pages:
        return
    hint = c.hint(landing, pages, tr("site pages (or give a URL)"))
    if "." in landing and not c.suggested:
        hint = tr("a URL starts with https://: write https://{landing}", landing=landing)
    c.error(path, "unknown-ref", tr("unknown page '{id}'", id=shown(landing)), hint)
