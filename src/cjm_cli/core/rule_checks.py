"""The methodology rules, checked: a map can be valid and still not a working tool (a stage nobody owns, a pain
nobody plans to fix, a channel whose requests go nowhere, a page no one visits). Each rule of the catalogue
(`rules.py`) reports such a gap as a warning with its stable code, the position of the element concerned and a
hint. Rules run only on maps without errors: they rely on every reference pointing somewhere.

Warnings go through `_Rules.warn`, which lists at most a hundred of one rule on one kind of element
(`rule_tally.py`). Every rule takes time in proportion to the map's size, not to the warnings it could give.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path as FilePath
from typing import Any

from .i18n import ntr, tr
from .load import Document, Path
from .model import (
    DealStage,
    JourneyMap,
    JourneyStage,
    Landings,
    LeadStage,
    Page,
    Pulled,
    after,
    minutes,
    parse_delay,
)
from .problems import Problem, shown
from .rule_tally import RuleTally
from .rules import ALL, BY_CODE, GROUPS, RuleOptions, expand
from .validate import suggest

TwinReader = Callable[[FilePath], "JourneyMap | str"]
"""Reads the twin map at a path: the map, or what is wrong with it (`rules.TWIN_UNREADABLE`, `TWIN_WITH_ERRORS`:
English, with `{twin}` for the path as the map writes it)."""


def check_rules(
    journey_map: JourneyMap, document: Document, options: RuleOptions, read_twin: TwinReader
) -> list[Problem]:
    """The methodology warnings of a map without errors."""
    rules = _Rules(journey_map, document, options, read_twin)
    rules.unknown_codes(document.data, ())
    rules.journey()
    rules.emotions()
    rules.channels()
    rules.funnels()
    rules.site()
    rules.blueprint()
    rules.twin()
    rules.evidence()
    rules.review()
    rules.day_in_life()
    rules.stale_figures()
    return rules.problems + rules.tally.left_out(document)


class _Rules:
    def __init__(self, journey_map: JourneyMap, document: Document, options: RuleOptions, read_twin: TwinReader):
        self.read_twin = read_twin
        self.map = journey_map
        self.document = document
        self.options = options
        self.problems: list[Problem] = []
        self.ignored_by_node: dict[int, frozenset[str]] = {}
        self.tally = RuleTally()

    def warn(self, code: str, path: Path, message: str, hint: str, at_key: bool = False) -> None:
        assert code in BY_CODE, code
        if not self.options.enabled(code) or self.map.type in BY_CODE[code].not_in or self.silenced(code, path):
            return
        if not self.tally.admit(code, path, at_key):
            return  # counted, in the warning `RuleTally.left_out` adds
        self.problems.append(self.document.problem(path, "warning", code, message, hint, at_key))

    def silenced(self, code: str, path: Path) -> bool:
        """Whether the element at `path`, or one holding it, lists `code` under `ignore:`."""
        node: Any = self.document.data
        for step in (None, *path):
            if step is not None:
                try:
                    node = node[step]
                except (KeyError, IndexError, TypeError):
                    return False
            if isinstance(node, dict) and "ignore" in node and code in self.ignored(node):
                return True
        return False

    def ignored(self, node: dict[str, Any]) -> frozenset[str]:
        """The codes an element's `ignore:` silences, worked out once per element (a map may list thousands)."""
        key = id(node)
        if key not in self.ignored_by_node:
            self.ignored_by_node[key] = _ignored(node)
        return self.ignored_by_node[key]

    def unknown_codes(self, node: Any, path: Path) -> None:
        if isinstance(node, dict):
            # The model made `ignore` a list of texts: rules run only on maps without errors.
            for i, code in enumerate(node.get("ignore") or ()):
                if not _is_rule_name(code):
                    hint = suggest(code.lower(), _SUGGESTED) or tr(
                        "`cjm rules` lists the codes; errors cannot be ignored"
                    )
                    message = tr("no rule is called '{code}'", code=shown(code))
                    self.warn("unknown-rule", (*path, "ignore", i), message, hint)
            for key, value in node.items():
                if key != "ignore":
                    self.unknown_codes(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                self.unknown_codes(value, (*path, i))

    # --- the journey grid ---------------------------------------------------------------------------------

    def journey(self) -> None:
        stages = self.map.journey.stages if self.map.journey else []
        fixed = {pain for stage in stages for o in stage.opportunities for pain in o.fixes}
        for i, stage in enumerate(stages):
            at: Path = ("journey", "stages", i)
            name = shown(stage.name, 40)
            if not stage.touchpoints:
                self.warn(
                    "stage-no-touchpoint",
                    at,
                    tr("stage '{name}' has no touchpoint", name=name),
                    tr("add `touchpoints:` with a channel id or a name"),
                )
            if stage.owner is None:
                self.warn(
                    "stage-no-owner",
                    at,
                    tr("stage '{name}' has no owner", name=name),
                    tr("add `owner:` with the id of the department responsible for it")
                    if self.map.departments
                    else tr("list the teams under `departments:` and give the stage an `owner:`"),
                )
            if not stage.kpis:
                self.warn(
                    "stage-no-kpi",
                    at,
                    tr("stage '{name}' has no KPI", name=name),
                    tr(
                        "add `kpis:` with a metric, e.g. `- {example}`",
                        example="{name: Conversion, target: 30, unit: '%'}",
                    ),
                )
            for j, pain in enumerate(stage.pains):
                if pain.id is not None and pain.id in fixed:
                    continue
                hint = (
                    tr("add an opportunity with `fixes: [{id}]`", id=pain.id)
                    if pain.id is not None
                    else tr("give the pain an `id` and list it in an opportunity's `fixes:`")
                )
                self.warn(
                    "pain-unaddressed",
                    (*at, "pains", j),
                    tr("no opportunity fixes the pain '{pain}'", pain=shown(pain.text, 40)),
                    hint,
                )

    def emotions(self) -> None:
        stages = self.map.journey.stages if self.map.journey else []
        if not stages:
            return
        assert self.map.journey is not None
        scale = self.map.journey.emotion_scale
        # Each persona's scores in the order of the stages, and who each stage's pains are of: read once, so
        # that the work grows with the scores and pains written, not with personas times stages.
        felt: dict[str, list[tuple[int, int]]] = {}
        for i, stage in enumerate(stages):
            for persona_id, value in stage.emotions.items():
                felt.setdefault(persona_id, []).append((i, value))
        pained = [{pain.persona for pain in stage.pains} for stage in stages]
        unfelt = _Unfelt(self, stages, (scale.min, scale.max))
        for p, persona in enumerate(self.map.personas):
            scores = felt.get(persona.id, [])
            if not scores:
                self.warn(
                    "persona-no-emotion",
                    ("personas", p),
                    tr("persona '{name}' has no emotion at any stage", name=shown(persona.name, 40)),
                    tr(
                        "add `{id}: {middle}` (from {min} to {max}) to the `emotions:` of each stage",
                        id=persona.id,
                        middle=math.floor(scale.middle),
                        min=scale.min,
                        max=scale.max,
                    ),
                )
                continue
            unfelt.report(persona.id, persona.name, {i for i, _value in scores})
            previous: int | None = None
            for i, value in scores:
                # A fall that stays positive (delighted -> pleased) is not a dip; a fall to neutral or below is.
                falls = previous is not None and value < previous and value <= scale.middle
                if (value == scale.min or falls) and not ({None, persona.id} & pained[i]):
                    names = {"name": shown(persona.name, 40), "stage": shown(stages[i].name, 40), "value": value}
                    message = (
                        tr(
                            "the emotion of '{name}' falls from {previous} to {value} at stage '{stage}', "
                            "which names no pain",
                            previous=previous,
                            **names,
                        )
                        if falls
                        else tr(
                            "the emotion of '{name}' is at the bottom ({value}) at stage '{stage}', "
                            "which names no pain",
                            **names,
                        )
                    )
                    self.warn(
                        "emotion-dip-no-pain",
                        ("journey", "stages", i, "emotions", persona.id),
                        message,
                        tr("add the pain behind the dip under `pains:` (with `persona:` when it is theirs only)"),
                    )
                previous = value

    # --- the sales system ---------------------------------------------------------------------------------

    def channels(self) -> None:
        m = self.map
        if m.leads is None and not m.deals:
            return  # a map of touchpoints only: channels have nothing to feed
        in_crm = sum(channel.crm for channel in m.channels)
        for i, channel in enumerate(m.channels):
            at: Path = ("channels", i)
            name = shown(channel.name, 40)
            # `feeds: null` written out says the requests are not processed on purpose (docs/format.md).
            on_purpose = self.document.plain_text.get((*at, "feeds"), "") != ""
            if channel.feeds is None and not on_purpose:
                self.warn(
                    "channel-feeds-nothing",
                    at,
                    tr("requests from channel '{name}' become neither leads nor deals", name=name),
                    tr("add `feeds: leads`, or `feeds: null` if its requests are not processed on purpose")
                    if m.leads
                    else tr(
                        "add `feeds:` with a pipeline id ({id}), or `feeds: null` if its requests are not processed "
                        "on purpose",
                        id=m.deals[0].id,
                    ),
                )
            elif not channel.crm and in_crm:
                self.warn(
                    "channel-not-in-crm",
                    (*at, "crm") if "crm" in self.document.data["channels"][i] else at,
                    ntr(
                        "requests from channel '{name}' are entered into the CRM by hand, while {n} other channel "
                        "reaches it by itself",
                        "requests from channel '{name}' are entered into the CRM by hand, while {n} other channels "
                        "reach it by itself",
                        in_crm,
                        name=name,
                    ),
                    tr("connect the channel to the CRM and set `crm: true`"),
                    at_key=True,
                )

    def funnels(self) -> None:
        m = self.map
        if m.leads is not None:
            if not any(stage.meaning == "failure" for stage in m.leads.stages):
                self.warn(
                    "leads-no-failure-exit",
                    ("leads",),
                    tr("the lead stages have no failure exit for unqualified requests"),
                    tr("add a stage such as `- {example}`", example="{id: junk, name: Junk, meaning: failure}"),
                    at_key=True,
                )
            self.dead_end(("leads", "stages"), m.leads.stages, leads=True)
        for i, pipeline in enumerate(m.deals):
            at: Path = ("deals", i)
            meanings = {stage.meaning for stage in pipeline.stages}
            name = shown(pipeline.name, 40)
            if "success" not in meanings:
                self.warn(
                    "pipeline-no-won",
                    at,
                    tr("pipeline '{name}' has no won stage", name=name),
                    tr("add the stage deals end in when won, with `meaning: success`"),
                )
            if "failure" not in meanings:
                self.warn(
                    "pipeline-no-lost",
                    at,
                    tr("pipeline '{name}' has no lost stage", name=name),
                    tr("add the stage deals end in when lost, with `meaning: failure`"),
                )
            self.dead_end((*at, "stages"), pipeline.stages, leads=False)
            for j, stage in enumerate(pipeline.stages):
                for k, automation in enumerate(stage.automations):
                    if automation.delay is not None and parse_delay(automation.delay) is None:
                        self.warn(
                            "automation-bad-delay",
                            (*at, "stages", j, "automations", k, "delay"),
                            tr(
                                "the delay '{delay}' at stage '{stage}' cannot be read",
                                delay=shown(automation.delay),
                                stage=shown(stage.name, 40),
                            ),
                            tr("write a number and a unit: `30m`, `2h`, `5d` or `1w`"),
                        )

    def dead_end(self, at: Path, stages: Sequence[LeadStage | DealStage], leads: bool) -> None:
        last = stages[-1]
        if last.meaning == "progress" and len(stages) > 1:
            name = shown(last.name, 40)
            self.warn(
                "stage-dead-end",
                (*at, len(stages) - 1),
                tr("no lead can leave stage '{name}': it is the last one and still in progress", name=name)
                if leads
                else tr("no deal can leave stage '{name}': it is the last one and still in progress", name=name),
                tr("add the stage that follows it, or mark it `meaning: success` or `meaning: failure`"),
            )

    def site(self) -> None:
        m = self.map
        pages = m.site.pages if m.site else []
        if not pages:
            return
        linked = {a.page for pipeline in m.deals for stage in pipeline.stages for a in stage.automations}
        promoted: set[str] = set()
        landings_of_site = Landings(m.site)
        for i, campaign in enumerate(m.ppc):
            for j, group in enumerate(campaign.groups):
                landings: list[tuple[Path, str | None]] = [((j, "landing"), group.landing)]
                landings += [((j, "ads", k, "landing"), ad.landing) for k, ad in enumerate(group.ads)]
                for where, landing in landings:
                    if landing is None:
                        continue
                    page = landings_of_site.page(landing)
                    if page is not None:
                        promoted.add(page.id)
                        continue
                    self.warn(
                        "landing-off-site",
                        ("ppc", i, "groups", *where),
                        tr(
                            "campaign '{name}' lands on {landing}, not on a page of the site",
                            name=shown(campaign.name, 40),
                            landing=shown(landing),
                        ),
                        tr("add the page under `site: pages:` and land on its id"),
                    )
        for i, page in enumerate(pages):
            if page.id in promoted or page.id in linked or _serves_a_stage(page):
                continue
            self.warn(
                "page-unused",
                ("site", "pages", i),
                tr("page '{title}' serves no stage and no campaign promotes it", title=shown(page.title, 40)),
                tr("list the stages it serves (`stages`, `lead_stages`, `deal_stages`) or land a campaign on it"),
            )

    def blueprint(self) -> None:
        if self.map.type != "blueprint":
            return
        stages = self.map.journey.stages if self.map.journey else []
        for lane, code in (("backstage", "blueprint-no-backstage"), ("support", "blueprint-no-support")):
            if not any(getattr(stage, lane) for stage in stages):
                self.warn(
                    code,
                    ("type",),
                    f"this service blueprint has no {lane} lane",
                    f"add `{lane}:` steps to the stages where they happen",
                )

    def twin(self) -> None:
        m = self.map
        if m.twin is None:
            if m.type == "ideal":
                self.warn(
                    "twin-missing",
                    ("type",),
                    tr("this ideal-state map names no current-state twin"),
                    tr("add `twin:` with the path of the current-state map, relative to this file"),
                )
            return
        base = self.options.twin_base
        wanted = any(self.options.enabled(code) and not self.silenced(code, ("twin",)) for code in _TWIN_CODES)
        if base is None or not wanted:
            return
        twin = self.read_twin(base / m.twin)
        if isinstance(twin, str):
            hint = tr("point `twin:` at the current-state map, relative to this file")
            self.warn("twin-missing", ("twin",), tr(twin, twin=shown(m.twin)), hint)
            return
        stage_ids = [stage.id for stage in twin.journey.stages] if twin.journey else []
        ours = [stage.id for stage in m.journey.stages] if m.journey else []
        only_here = [s for s in ours if s not in stage_ids]
        only_there = [s for s in stage_ids if s not in ours]
        if only_here or only_there:
            parts = []
            if only_here:
                parts.append(tr("only here: {ids}", ids=_listed(only_here)))
            if only_there:
                parts.append(tr("only in the twin: {ids}", ids=_listed(only_there)))
            self.warn(
                "twin-stages-differ",
                ("twin",),
                tr(
                    "this map and its twin {twin} do not share their stage ids ({differences})",
                    twin=shown(m.twin),
                    differences="; ".join(parts),
                ),
                tr("give the same stage the same id in both maps"),
            )

    # --- what the map is based on, and keeping it current ----------------------------------------------------

    def evidence(self) -> None:
        stages = self.map.journey.stages if self.map.journey else []
        if not self.map.research and not any(_has_evidence(stage) for stage in stages):
            return  # a map drawn before (or without) research: every pain would be reported
        for i, stage in enumerate(stages):
            for j, pain in enumerate(stage.pains):
                if pain.evidence or pain.confidence == "assumed":
                    continue
                text = shown(pain.text, 40)
                self.warn(
                    "pain-no-evidence",
                    ("journey", "stages", i, "pains", j),
                    tr(
                        "the pain '{pain}' is marked {confidence} but names no evidence",
                        pain=text,
                        confidence=pain.confidence,
                    )
                    if pain.confidence
                    else tr("the pain '{pain}' names no evidence", pain=text),
                    tr(
                        "add `evidence:` (an interview quote, a survey or ticket count, analytics), "
                        "or `confidence: assumed` when it is the team's guess"
                    ),
                )

    def review(self) -> None:
        m = self.map
        if m.review_every is None:
            return
        if m.reviewed is None:
            self.warn(
                "review-overdue",
                ("review_every",),
                tr("the map is to be reviewed every {every} but says no day it was", every=m.review_every),
                tr("add `reviewed:` with the day of the last review, YYYY-MM-DD"),
                at_key=True,
            )
            return
        due = after(date.fromisoformat(m.reviewed), m.review_every)
        today = self.options.today or date.today()
        if due < today:
            self.warn(
                "review-overdue",
                ("reviewed",),
                tr(
                    "the map was last reviewed on {reviewed} and was due for a review on {due} (every {every})",
                    reviewed=m.reviewed,
                    due=due.isoformat(),
                    every=m.review_every,
                ),
                tr("check the map against reality with its owner, then set `reviewed:` to that day"),
            )

    def day_in_life(self) -> None:
        if self.map.type != "day-in-life":
            return
        previous: tuple[str, str] | None = None  # the time and name of the last stage with a time
        for i, stage in enumerate(self.map.journey.stages if self.map.journey else []):
            at: Path = ("journey", "stages", i)
            if stage.time is None:
                self.warn(
                    "day-stage-time",
                    at,
                    tr("stage '{name}' of this day in the life has no time of day", name=shown(stage.name, 40)),
                    tr("add `time:` with when it happens, `07:30` or `07:30-08:15`"),
                )
                continue
            if previous is not None and minutes(stage.time) < minutes(previous[0]):
                self.warn(
                    "day-stage-time",
                    (*at, "time"),
                    tr(
                        "stage '{name}' at {time} comes after '{previous}' at {previous_time}",
                        name=shown(stage.name, 40),
                        time=stage.time,
                        previous=shown(previous[1], 40),
                        previous_time=previous[0],
                    ),
                    tr(
                        "put the stages in the order of the day; a day that goes past midnight: "
                        "`ignore: [day-stage-time]` on the stage after midnight"
                    ),
                )
            previous = (stage.time, stage.name)

    # --- pulled figures -----------------------------------------------------------------------------------

    def stale_figures(self) -> None:
        if not self.options.enabled("pulled-stale"):
            return
        today = self.options.today or date.today()
        limit = self.options.stale_after_days
        for at, what, pulled in _pulled(self.map):
            age = (today - date.fromisoformat(pulled.date)).days
            if age > limit:
                self.warn(
                    "pulled-stale",
                    (*at, "pulled", "date"),
                    ntr(
                        "the figures of {what} were pulled from {source} {n} day ago, on {date} (more than {limit})",
                        "the figures of {what} were pulled from {source} {n} days ago, on {date} (more than {limit})",
                        age,
                        what=what,
                        source=shown(pulled.source, 30),
                        date=pulled.date,
                        limit=limit,
                    ),
                    tr("pull them again with `cjm pull`, or allow older figures with `stale_after_days:` in .cjm.yaml"),
                )


def _pulled(m: JourneyMap) -> Iterator[tuple[Path, str, Pulled]]:
    """Every `pulled` of the map: where its block is, what to call the block, and the record."""
    if m.leads and m.leads.pulled:
        yield ("leads",), tr("the leads"), m.leads.pulled
    for i, pipeline in enumerate(m.deals):
        if pipeline.pulled:
            yield ("deals", i), tr("pipeline '{name}'", name=shown(pipeline.name, 40)), pipeline.pulled
    for i, channel in enumerate(m.channels):
        if channel.pulled:
            yield ("channels", i), tr("channel '{name}'", name=shown(channel.name, 40)), channel.pulled
    for i, campaign in enumerate(m.ppc):
        if campaign.pulled:
            yield ("ppc", i), tr("campaign '{name}'", name=shown(campaign.name, 40)), campaign.pulled
    for i, stage in enumerate(m.journey.stages if m.journey else []):
        for j, kpi in enumerate(stage.kpis):
            if kpi.pulled:
                yield ("journey", "stages", i, "kpis", j), tr("KPI '{name}'", name=shown(kpi.name, 40)), kpi.pulled


# What "did you mean" offers for an unknown name in `ignore:`; not `unknown-rule` for an error code such as
# `unknown-ref`, which cannot be ignored.
_SUGGESTED = [*(code for code in BY_CODE if code != "unknown-rule"), *GROUPS]


def _is_rule_name(name: str) -> bool:
    return name == ALL or name in BY_CODE or name in GROUPS


def _ignored(node: dict[str, Any]) -> frozenset[str]:
    """The codes an element's `ignore:` list silences (codes, groups or `all`; unknown names silence nothing)."""
    return expand(name for name in node.get("ignore") or () if _is_rule_name(name))


class _Unfelt:
    """`persona-no-emotion` for the stages a persona, scored at some stages, is not scored at. Their number is
    personas times stages at worst, far more than the map's size: stages are looked at only while such
    warnings are still listed, and the rest are counted (among the stages where the rule is not silenced)."""

    CODE = "persona-no-emotion"

    def __init__(self, rules: _Rules, stages: Sequence[Any], scale: tuple[int, int]) -> None:
        self.rules = rules
        self.stages = stages
        self.scale = scale
        """The lowest and highest score of the map's emotion scale, for the hint."""
        heard = rules.options.enabled(self.CODE)
        self.heard = [
            i for i in range(len(stages)) if heard and not rules.silenced(self.CODE, ("journey", "stages", i))
        ]
        self.rank = {stage: n for n, stage in enumerate(self.heard)}

    def report(self, persona_id: str, persona_name: str, scored: set[int]) -> None:
        rules, stages, heard = self.rules, self.stages, self.heard
        n = 0  # each turn either meets a score or lists a warning, and warnings are listed a hundred at most
        while n < len(heard) and rules.tally.room(self.CODE, ("journey", "stages", heard[n])):
            if heard[n] not in scored:
                stage = stages[heard[n]]
                rules.warn(
                    self.CODE,
                    ("journey", "stages", heard[n], "emotions") if stage.emotions else ("journey", "stages", heard[n]),
                    tr(
                        "persona '{name}' has no emotion at stage '{stage}'",
                        name=shown(persona_name, 40),
                        stage=shown(stage.name, 40),
                    ),
                    tr(
                        "add `{id}:` with a score from {min} to {max}",
                        id=persona_id,
                        min=self.scale[0],
                        max=self.scale[1],
                    ),
                    at_key=bool(stage.emotions),
                )
            n += 1
        left = len(heard) - n - sum(1 for i in scored if self.rank.get(i, -1) >= n)
        if left:
            first = next(i for i in heard[n:] if i not in scored)
            at_key = bool(stages[first].emotions)
            rules.tally.more(self.CODE, ("journey", "stages", first, *(("emotions",) if at_key else ())), left, at_key)


_TWIN_CODES = ("twin-missing", "twin-stages-differ")


def _has_evidence(stage: JourneyStage) -> bool:
    items = (*stage.actions, *stage.thoughts, *stage.pains, *stage.opportunities)
    return any(getattr(item, "evidence", None) for item in items) or any(stage.emotion_evidence.values())


def _serves_a_stage(page: Page) -> bool:
    return bool(page.stages or page.lead_stages or page.deal_stages)


def _listed(ids: list[str], limit: int = 5) -> str:
    shown_ids = ", ".join(shown(i, 30) for i in ids[:limit])
    return shown_ids + (tr(" and {n} more", n=len(ids) - limit) if len(ids) > limit else "")
