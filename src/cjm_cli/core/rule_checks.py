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
"""Reads the twin map at a path: the map, or what is wrong with it ("cannot be read", "has errors")."""


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
                    hint = suggest(code.lower(), _SUGGESTED) or "`cjm rules` lists the codes; errors cannot be ignored"
                    self.warn("unknown-rule", (*path, "ignore", i), f"no rule is called '{shown(code)}'", hint)
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
                    f"stage '{name}' has no touchpoint",
                    "add `touchpoints:` with a channel id or a name",
                )
            if stage.owner is None:
                self.warn(
                    "stage-no-owner",
                    at,
                    f"stage '{name}' has no owner",
                    "add `owner:` with the id of the department responsible for it"
                    if self.map.departments
                    else "list the teams under `departments:` and give the stage an `owner:`",
                )
            if not stage.kpis:
                self.warn(
                    "stage-no-kpi",
                    at,
                    f"stage '{name}' has no KPI",
                    "add `kpis:` with a metric, e.g. `- {name: Conversion, target: 30, unit: '%'}`",
                )
            for j, pain in enumerate(stage.pains):
                if pain.id is not None and pain.id in fixed:
                    continue
                hint = (
                    f"add an opportunity with `fixes: [{pain.id}]`"
                    if pain.id is not None
                    else "give the pain an `id` and list it in an opportunity's `fixes:`"
                )
                self.warn(
                    "pain-unaddressed",
                    (*at, "pains", j),
                    f"no opportunity fixes the pain '{shown(pain.text, 40)}'",
                    hint,
                )

    def emotions(self) -> None:
        stages = self.map.journey.stages if self.map.journey else []
        if not stages:
            return
        assert self.map.journey is not None
        scale = self.map.journey.emotion_scale
        on_scale = f"from {scale.min} to {scale.max}"
        # Each persona's scores in the order of the stages, and who each stage's pains are of: read once, so
        # that the work grows with the scores and pains written, not with personas times stages.
        felt: dict[str, list[tuple[int, int]]] = {}
        for i, stage in enumerate(stages):
            for persona_id, value in stage.emotions.items():
                felt.setdefault(persona_id, []).append((i, value))
        pained = [{pain.persona for pain in stage.pains} for stage in stages]
        unfelt = _Unfelt(self, stages, on_scale)
        for p, persona in enumerate(self.map.personas):
            scores = felt.get(persona.id, [])
            if not scores:
                self.warn(
                    "persona-no-emotion",
                    ("personas", p),
                    f"persona '{shown(persona.name, 40)}' has no emotion at any stage",
                    f"add `{persona.id}: {math.floor(scale.middle)}` ({on_scale}) to the `emotions:` of each stage",
                )
                continue
            unfelt.report(persona.id, persona.name, {i for i, _value in scores})
            previous: int | None = None
            for i, value in scores:
                # A fall that stays positive (delighted -> pleased) is not a dip; a fall to neutral or below is.
                falls = previous is not None and value < previous and value <= scale.middle
                if (value == scale.min or falls) and not ({None, persona.id} & pained[i]):
                    how = f"falls from {previous} to {value}" if falls else f"is at the bottom ({value})"
                    self.warn(
                        "emotion-dip-no-pain",
                        ("journey", "stages", i, "emotions", persona.id),
                        f"the emotion of '{shown(persona.name, 40)}' {how} at stage '{shown(stages[i].name, 40)}', "
                        "which names no pain",
                        "add the pain behind the dip under `pains:` (with `persona:` when it is theirs only)",
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
                target = "`leads`" if m.leads else f"a pipeline id ({m.deals[0].id})"
                self.warn(
                    "channel-feeds-nothing",
                    at,
                    f"requests from channel '{name}' become neither leads nor deals",
                    (f"add `feeds: {target.strip('`')}`" if m.leads else f"add `feeds:` with {target}")
                    + ", or `feeds: null` if its requests are not processed on purpose",
                )
            elif not channel.crm and in_crm:
                others = f"{in_crm} other channel" + ("s reach" if in_crm > 1 else " reaches")
                self.warn(
                    "channel-not-in-crm",
                    (*at, "crm") if "crm" in self.document.data["channels"][i] else at,
                    f"requests from channel '{name}' are entered into the CRM by hand, while {others} it by itself",
                    "connect the channel to the CRM and set `crm: true`",
                    at_key=True,
                )

    def funnels(self) -> None:
        m = self.map
        if m.leads is not None:
            if not any(stage.meaning == "failure" for stage in m.leads.stages):
                self.warn(
                    "leads-no-failure-exit",
                    ("leads",),
                    "the lead stages have no failure exit for unqualified requests",
                    "add a stage such as `- {id: junk, name: Junk, meaning: failure}`",
                    at_key=True,
                )
            self.dead_end(("leads", "stages"), m.leads.stages, "lead")
        for i, pipeline in enumerate(m.deals):
            at: Path = ("deals", i)
            meanings = {stage.meaning for stage in pipeline.stages}
            name = shown(pipeline.name, 40)
            if "success" not in meanings:
                self.warn(
                    "pipeline-no-won",
                    at,
                    f"pipeline '{name}' has no won stage",
                    "add the stage deals end in when won, with `meaning: success`",
                )
            if "failure" not in meanings:
                self.warn(
                    "pipeline-no-lost",
                    at,
                    f"pipeline '{name}' has no lost stage",
                    "add the stage deals end in when lost, with `meaning: failure`",
                )
            self.dead_end((*at, "stages"), pipeline.stages, "deal")
            for j, stage in enumerate(pipeline.stages):
                for k, automation in enumerate(stage.automations):
                    if automation.delay is not None and parse_delay(automation.delay) is None:
                        self.warn(
                            "automation-bad-delay",
                            (*at, "stages", j, "automations", k, "delay"),
                            f"the delay '{shown(automation.delay)}' at stage '{shown(stage.name, 40)}' cannot be read",
                            "write a number and a unit: `30m`, `2h`, `5d` or `1w`",
                        )

    def dead_end(self, at: Path, stages: Sequence[LeadStage | DealStage], what: str) -> None:
        last = stages[-1]
        if last.meaning == "progress" and len(stages) > 1:
            self.warn(
                "stage-dead-end",
                (*at, len(stages) - 1),
                f"no {what} can leave stage '{shown(last.name, 40)}': it is the last one and still in progress",
                "add the stage that follows it, or mark it `meaning: success` or `meaning: failure`",
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
                        f"campaign '{shown(campaign.name, 40)}' lands on {shown(landing)}, not on a page of the site",
                        "add the page under `site: pages:` and land on its id",
                    )
        for i, page in enumerate(pages):
            if page.id in promoted or page.id in linked or _serves_a_stage(page):
                continue
            self.warn(
                "page-unused",
                ("site", "pages", i),
                f"page '{shown(page.title, 40)}' serves no stage and no campaign promotes it",
                "list the stages it serves (`stages`, `lead_stages`, `deal_stages`) or land a campaign on it",
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
                    "this ideal-state map names no current-state twin",
                    "add `twin:` with the path of the current-state map, relative to this file",
                )
            return
        base = self.options.twin_base
        wanted = any(self.options.enabled(code) and not self.silenced(code, ("twin",)) for code in _TWIN_CODES)
        if base is None or not wanted:
            return
        twin = self.read_twin(base / m.twin)
        if isinstance(twin, str):
            self.warn("twin-missing", ("twin",), f"the twin map {shown(m.twin)} {twin}", _TWIN_HINT)
            return
        stage_ids = [stage.id for stage in twin.journey.stages] if twin.journey else []
        ours = [stage.id for stage in m.journey.stages] if m.journey else []
        only_here = [s for s in ours if s not in stage_ids]
        only_there = [s for s in stage_ids if s not in ours]
        if only_here or only_there:
            parts = []
            if only_here:
                parts.append("only here: " + _listed(only_here))
            if only_there:
                parts.append("only in the twin: " + _listed(only_there))
            self.warn(
                "twin-stages-differ",
                ("twin",),
                f"this map and its twin {shown(m.twin)} do not share their stage ids ({'; '.join(parts)})",
                "give the same stage the same id in both maps",
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
                claimed = f" is marked {pain.confidence} but" if pain.confidence else ""
                self.warn(
                    "pain-no-evidence",
                    ("journey", "stages", i, "pains", j),
                    f"the pain '{shown(pain.text, 40)}'{claimed} names no evidence",
                    "add `evidence:` (an interview quote, a survey or ticket count, analytics), "
                    "or `confidence: assumed` when it is the team's guess",
                )

    def review(self) -> None:
        m = self.map
        if m.review_every is None:
            return
        if m.reviewed is None:
            self.warn(
                "review-overdue",
                ("review_every",),
                f"the map is to be reviewed every {m.review_every} but says no day it was",
                "add `reviewed:` with the day of the last review, YYYY-MM-DD",
                at_key=True,
            )
            return
        due = after(date.fromisoformat(m.reviewed), m.review_every)
        today = self.options.today or date.today()
        if due < today:
            self.warn(
                "review-overdue",
                ("reviewed",),
                f"the map was last reviewed on {m.reviewed} and was due for a review on {due.isoformat()} "
                f"(every {m.review_every})",
                "check the map against reality with its owner, then set `reviewed:` to that day",
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
                    f"stage '{shown(stage.name, 40)}' of this day in the life has no time of day",
                    "add `time:` with when it happens, `07:30` or `07:30-08:15`",
                )
                continue
            if previous is not None and minutes(stage.time) < minutes(previous[0]):
                self.warn(
                    "day-stage-time",
                    (*at, "time"),
                    f"stage '{shown(stage.name, 40)}' at {stage.time} comes after '{shown(previous[1], 40)}' at "
                    f"{previous[0]}",
                    "put the stages in the order of the day; a day that goes past midnight: "
                    "`ignore: [day-stage-time]` on the stage after midnight",
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
                    f"the figures of {what} were pulled from {shown(pulled.source, 30)} {age} days ago, on "
                    f"{pulled.date} (more than {limit})",
                    "pull them again with `cjm pull`, or allow older figures with `stale_after_days:` in .cjm.yaml",
                )


def _pulled(m: JourneyMap) -> Iterator[tuple[Path, str, Pulled]]:
    """Every `pulled` of the map: where its block is, what to call the block, and the record."""
    if m.leads and m.leads.pulled:
        yield ("leads",), "the leads", m.leads.pulled
    for i, pipeline in enumerate(m.deals):
        if pipeline.pulled:
            yield ("deals", i), f"pipeline '{shown(pipeline.name, 40)}'", pipeline.pulled
    for i, channel in enumerate(m.channels):
        if channel.pulled:
            yield ("channels", i), f"channel '{shown(channel.name, 40)}'", channel.pulled
    for i, campaign in enumerate(m.ppc):
        if campaign.pulled:
            yield ("ppc", i), f"campaign '{shown(campaign.name, 40)}'", campaign.pulled
    for i, stage in enumerate(m.journey.stages if m.journey else []):
        for j, kpi in enumerate(stage.kpis):
            if kpi.pulled:
                yield ("journey", "stages", i, "kpis", j), f"KPI '{shown(kpi.name, 40)}'", kpi.pulled


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

    def __init__(self, rules: _Rules, stages: Sequence[Any], on_scale: str) -> None:
        self.rules = rules
        self.stages = stages
        self.on_scale = on_scale
        """The map's emotion scale, for the hint: "from -2 to 2"."""
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
                    f"persona '{shown(persona_name, 40)}' has no emotion at stage '{shown(stage.name, 40)}'",
                    f"add `{persona_id}:` with a score {self.on_scale}",
                    at_key=bool(stage.emotions),
                )
            n += 1
        left = len(heard) - n - sum(1 for i in scored if self.rank.get(i, -1) >= n)
        if left:
            first = next(i for i in heard[n:] if i not in scored)
            at_key = bool(stages[first].emotions)
            rules.tally.more(self.CODE, ("journey", "stages", first, *(("emotions",) if at_key else ())), left, at_key)


_TWIN_CODES = ("twin-missing", "twin-stages-differ")
_TWIN_HINT = "point `twin:` at the current-state map, relative to this file"


def _has_evidence(stage: JourneyStage) -> bool:
    items = (*stage.actions, *stage.thoughts, *stage.pains, *stage.opportunities)
    return any(getattr(item, "evidence", None) for item in items) or any(stage.emotion_evidence.values())


def _serves_a_stage(page: Page) -> bool:
    return bool(page.stages or page.lead_stages or page.deal_stages)


def _listed(ids: list[str], limit: int = 5) -> str:
    shown_ids = ", ".join(shown(i, 30) for i in ids[:limit])
    return shown_ids + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
