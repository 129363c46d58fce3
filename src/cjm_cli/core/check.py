"""Stage 4, check: what a schema cannot say. Ids are unique and every reference points at something.

References checked: touchpoint -> channel; stage, opportunity and blueprint step owner -> department;
emotion, feeling, thought, action and pain -> persona; opportunity -> pain; channel -> leads or pipeline;
cross-sell -> pipeline; automation -> page; page -> journey, lead and deal stages; ad group and ad ->
landing page. An unknown id gets "did you mean".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

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

    def error(self, path: Path, code: str, message: str, hint: str = "", at_key: bool = False) -> None:
        position = self.document.key_position(path) if at_key else self.document.position(path)
        self.problems.append(Problem(self.document.path, position, "error", code, message, hint))

    def unique(self, what: str, items: Iterable[tuple[str, Path]]) -> set[str]:
        """Report ids used twice among `items` (id, path of the id); return the set of ids."""
        seen: dict[str, Path] = {}
        for identifier, path in items:
            if identifier in seen:
                line = self.document.position(seen[identifier]).line
                self.error(
                    path,
                    "duplicate-id",
                    f"{what} id '{shown(identifier)}' is used twice (first on line {line})",
                    "ids must be unique; rename one of them",
                )
            else:
                seen[identifier] = path
        return set(seen)

    def reference(
        self, path: Path, value: str, known: Collection[str], what: str, where: str, at_key: bool = False
    ) -> None:
        if value in known:
            return
        self.error(path, "unknown-ref", f"unknown {what} '{shown(value)}'", self.hint(value, known, where), at_key)

    def hint(self, value: str, known: Collection[str], where: str) -> str:
        if not known:
            return f"the map defines no {where}"
        if self.suggestions_left > 0 and len(known) <= _MAX_CANDIDATES:
            self.suggestions_left -= 1
            suggestion = suggest(value, known)
            if suggestion:
                return suggestion
        listed = sorted(known)[:10] if len(known) <= _MAX_CANDIDATES else []
        return f"known: {', '.join(listed)}{', ...' if len(known) > len(listed) else ''}" if listed else ""


def check_references(journey_map: JourneyMap, document: Document) -> list[Problem]:
    """All reference and uniqueness problems of a valid-shaped map, in document order."""
    c = _Checker(document)
    m = journey_map

    personas = c.unique("persona", ((p.id, ("personas", i, "id")) for i, p in enumerate(m.personas)))
    departments = c.unique("department", ((d.id, ("departments", i, "id")) for i, d in enumerate(m.departments)))
    channels = c.unique("channel", ((ch.id, ("channels", i, "id")) for i, ch in enumerate(m.channels)))
    pipelines = c.unique("pipeline", ((p.id, ("deals", i, "id")) for i, p in enumerate(m.deals)))
    deal_stages: dict[str, set[str]] = {}
    for i, pipeline in enumerate(m.deals):
        deal_stages[pipeline.id] = c.unique(
            f"stage of pipeline '{pipeline.id}'",
            ((s.id, ("deals", i, "stages", j, "id")) for j, s in enumerate(pipeline.stages)),
        )
    lead_stages = c.unique(
        "lead stage", ((s.id, ("leads", "stages", j, "id")) for j, s in enumerate(m.leads.stages if m.leads else []))
    )
    pages = c.unique("page", ((p.id, ("site", "pages", i, "id")) for i, p in enumerate(m.site.pages if m.site else [])))
    c.unique("campaign", ((k.id, ("ppc", i, "id")) for i, k in enumerate(m.ppc)))
    c.unique(
        "ad group",
        ((g.id, ("ppc", i, "groups", j, "id")) for i, k in enumerate(m.ppc) for j, g in enumerate(k.groups)),
    )

    stages = m.journey.stages if m.journey else []
    journey_stages = c.unique("journey stage", ((s.id, ("journey", "stages", i, "id")) for i, s in enumerate(stages)))
    c.unique(
        "opportunity",
        (
            (opportunity.id, ("journey", "stages", i, "opportunities", j, "id"))
            for i, s in enumerate(stages)
            for j, opportunity in enumerate(s.opportunities)
            if opportunity.id is not None
        ),
    )
    pains = c.unique(
        "pain",
        (
            (pain.id, ("journey", "stages", i, "pains", j, "id"))
            for i, s in enumerate(stages)
            for j, pain in enumerate(s.pains)
            if pain.id is not None
        ),
    )

    for i, stage in enumerate(stages):
        at: Path = ("journey", "stages", i)
        if stage.owner is not None:
            c.reference((*at, "owner"), stage.owner, departments, "department", "departments")
        for j, touchpoint in enumerate(stage.touchpoints):
            if touchpoint.channel is not None:
                c.reference((*at, "touchpoints", j, "channel"), touchpoint.channel, channels, "channel", "channels")
        for lane in ("emotions", "feelings"):
            for persona in getattr(stage, lane):
                c.reference((*at, lane, persona), persona, personas, "persona", "personas", at_key=True)
        for lane in ("actions", "thoughts", "pains"):
            for j, entry in enumerate(getattr(stage, lane)):
                if entry.persona is not None:
                    c.reference((*at, lane, j, "persona"), entry.persona, personas, "persona", "personas")
        for lane in ("frontstage", "backstage", "support"):
            for j, step in enumerate(getattr(stage, lane)):
                if step.owner is not None:
                    c.reference((*at, lane, j, "owner"), step.owner, departments, "department", "departments")
        for j, opportunity in enumerate(stage.opportunities):
            for k, pain in enumerate(opportunity.fixes):
                c.reference((*at, "opportunities", j, "fixes", k), pain, pains, "pain", "pains with an id")
            if opportunity.owner is not None:
                c.reference(
                    (*at, "opportunities", j, "owner"), opportunity.owner, departments, "department", "departments"
                )

    feedable = {LEADS} | pipelines
    for i, channel in enumerate(m.channels):
        if channel.feeds is not None:
            c.reference(
                ("channels", i, "feeds"),
                channel.feeds,
                feedable,
                "target",
                "pipelines (a channel feeds `leads` or a pipeline id)",
            )
    for i, pipeline in enumerate(m.deals):
        for j, deal_stage in enumerate(pipeline.stages):
            for k, automation in enumerate(deal_stage.automations):
                if automation.page is not None:
                    at = ("deals", i, "stages", j, "automations", k, "page")
                    c.reference(at, automation.page, pages, "page", "site pages")
        for j, other in enumerate(pipeline.cross_sell):
            c.reference(("deals", i, "cross_sell", j), other, pipelines - {pipeline.id}, "pipeline", "other pipelines")

    qualified_stages = {p: {f"{p}.{s}" for s in ids} for p, ids in deal_stages.items()}
    for i, page in enumerate(m.site.pages if m.site else []):
        at = ("site", "pages", i)
        for j, stage_id in enumerate(page.stages):
            c.reference((*at, "stages", j), stage_id, journey_stages, "journey stage", "journey stages")
        for j, stage_id in enumerate(page.lead_stages):
            c.reference((*at, "lead_stages", j), stage_id, lead_stages, "lead stage", "lead stages")
        for j, target in enumerate(page.deal_stages):
            _check_deal_stage((*at, "deal_stages", j), target, qualified_stages, c)

    for i, campaign in enumerate(m.ppc):
        for j, group in enumerate(campaign.groups):
            at = ("ppc", i, "groups", j)
            if group.landing is not None:
                _check_landing(c, (*at, "landing"), group.landing, pages)
            for k, ad in enumerate(group.ads):
                if ad.landing is not None:
                    _check_landing(c, (*at, "ads", k, "landing"), ad.landing, pages)
    return c.problems


def _check_deal_stage(path: Path, target: str, qualified_stages: dict[str, set[str]], c: _Checker) -> None:
    """`pipeline` or `pipeline.STAGE`; `qualified_stages` maps each pipeline to its `pipeline.STAGE` names."""
    pipeline, dot, _ = target.partition(".")
    if pipeline not in qualified_stages:
        c.reference(path, pipeline, qualified_stages.keys(), "pipeline", "deal pipelines")
    elif dot:
        c.reference(path, target, qualified_stages[pipeline], "deal stage", f"stages in pipeline '{pipeline}'")


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
    hint = c.hint(landing, pages, "site pages (or give a URL)")
    if "." in landing and not hint.startswith("did you mean"):
        hint = f"a URL starts with https://: write https://{landing}"
    c.error(path, "unknown-ref", f"unknown page '{shown(landing)}'", hint)
