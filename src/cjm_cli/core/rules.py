"""The methodology rules: their codes, groups, summaries and reasons (the catalogue `cjm rules` lists), and which
of them run (`RuleOptions`, from the command line and `.cjm.yaml`, see `config.py`). The checks themselves are in
`rule_checks.py`; a map silences a rule for one element, and everything inside it, with `ignore: [CODE]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path as FilePath

from .i18n import N_, tr
from .problems import shown
from .validate import suggest


@dataclass(frozen=True)
class Rule:
    code: str
    group: str
    summary: str
    """What the rule reports, in one line (in English: `tr(rule.summary)` where it is shown)."""
    rationale: str
    """Why it matters to the method (in English, as `summary`)."""
    not_in: tuple[str, ...] = ()
    """The map types (`type:`) it is not checked in, where it makes no sense: a day in the customer's life
    has moments the company does not own, staff or measure."""


_DAY = ("day-in-life",)

RULES: tuple[Rule, ...] = (
    Rule(
        "stage-no-touchpoint",
        "journey",
        N_("a journey stage has no touchpoint"),
        N_(
            "A stage without a touchpoint is a stage where the company does not meet the customer: nothing there can "
            "be measured or improved. Name where the customer meets you (a channel, a page, a person)."
        ),
        _DAY,
    ),
    Rule(
        "stage-no-owner",
        "journey",
        N_("a journey stage has no owner"),
        N_(
            "A map is a working tool only when every step has a team answering for it; an unowned stage is where "
            "customers get lost between departments."
        ),
        _DAY,
    ),
    Rule(
        "stage-no-kpi",
        "journey",
        N_("a journey stage has no KPI"),
        N_(
            "What is not measured cannot be managed: each stage needs at least one metric (conversion, time, "
            "satisfaction) to tell whether a change helped."
        ),
        _DAY,
    ),
    Rule(
        "pain-unaddressed",
        "journey",
        N_("a pain point has no opportunity that fixes it"),
        N_(
            "Pains are collected to be removed. An opportunity says it addresses a pain with `fixes: [PAIN-ID]`; a "
            "pain no opportunity fixes is a known problem without a plan."
        ),
    ),
    Rule(
        "emotion-dip-no-pain",
        "emotions",
        N_("the emotion curve falls to neutral or below, or hits the bottom, at a stage that names no pain"),
        N_(
            "A dip of the curve is the map's alarm: something hurts there. Without a pain point at that stage the "
            "map shows the symptom and hides the cause."
        ),
    ),
    Rule(
        "persona-no-emotion",
        "emotions",
        N_("a persona has no emotion at a stage"),
        N_(
            "The emotion curve is read stage by stage; a gap breaks it and hides whether the stage went well or "
            "badly for that persona."
        ),
    ),
    Rule(
        "channel-feeds-nothing",
        "channels",
        N_("a channel's requests become neither leads nor deals"),
        N_(
            "Every inbound request should land in the CRM as a lead or a deal; requests from a channel that feeds "
            "nothing are not counted and are easily lost."
        ),
    ),
    Rule(
        "channel-not-in-crm",
        "channels",
        N_("a channel is not connected to the CRM while others are"),
        N_(
            "Requests someone has to type into the CRM by hand are delayed, lost or never entered; integrating "
            "the channel is usually the cheapest fix on the map."
        ),
    ),
    Rule(
        "leads-no-failure-exit",
        "funnel",
        N_("the lead stages have no failure exit (unqualified, junk)"),
        N_(
            "Not every request is a customer. Without a failure stage, junk stays in the funnel, and conversion "
            "figures mean nothing."
        ),
    ),
    Rule(
        "pipeline-no-won",
        "funnel",
        N_("a deal pipeline has no won (success) stage"),
        N_("Without a won stage a pipeline has no end: revenue, average deal and conversion cannot be counted."),
    ),
    Rule(
        "pipeline-no-lost",
        "funnel",
        N_("a deal pipeline has no lost (failure) stage"),
        N_(
            "Deals are lost in every business; without a lost stage they stay open forever, and the reasons for "
            "losing them are never collected."
        ),
    ),
    Rule(
        "stage-dead-end",
        "funnel",
        N_("a lead or deal stage that no lead or deal can leave"),
        N_(
            "A stage still in progress that is the last of its funnel is a dead end: what reaches it is neither "
            "won nor lost. Add the stage that follows it, or mark it `success` or `failure`."
        ),
    ),
    Rule(
        "automation-bad-delay",
        "funnel",
        N_("an automation's delay cannot be read"),
        N_(
            "The CRM runs an automation after a delay written as a number and a unit (`30m`, `2h`, `5d`, `1w`); "
            "anything else cannot be set up as written. (Automations are written inside their stage, so an "
            "automation on a stage that does not exist cannot be written.)"
        ),
    ),
    Rule(
        "page-unused",
        "site",
        N_("a site page serves no stage and no campaign promotes it"),
        N_(
            "A page that no stage uses and no ad leads to gets no planned traffic: link it to the stages it "
            "supports, promote it, or take it off the map."
        ),
    ),
    Rule(
        "landing-off-site",
        "site",
        N_("a campaign's landing page is not a page of the site"),
        N_(
            "Paid traffic should land on a page the map knows, so that it can be followed into the funnel; a "
            "landing outside the site's pages is traffic the map cannot account for."
        ),
    ),
    Rule(
        "pulled-stale",
        "figures",
        N_("figures pulled from the CRM, an ad account or analytics were pulled long ago"),
        N_(
            "A map stays true only while its figures are fresh: counts and costs pulled months ago describe a "
            "business that has moved on. Pull them again (`cjm pull`, from a scheduled CI job); how old is too old "
            "is `stale_after_days` in `.cjm.yaml` (31 days unless it says otherwise)."
        ),
    ),
    Rule(
        "blueprint-no-backstage",
        "blueprint",
        N_("a service blueprint has no backstage lane"),
        N_(
            "A service blueprint shows what happens behind the line of visibility; without backstage steps it is "
            "a journey grid, not a blueprint."
        ),
    ),
    Rule(
        "blueprint-no-support",
        "blueprint",
        N_("a service blueprint has no support lane"),
        N_(
            "The support processes and systems (CRM, warehouse, billing) are what a blueprint exists to show: "
            "name them under `support`."
        ),
    ),
    Rule(
        "twin-missing",
        "twin",
        N_("an ideal-state map has no current-state twin, or the twin cannot be read"),
        N_(
            "An ideal map is drawn against the current one: the gap between the two is the plan. Point `twin:` at "
            "the current-state map, relative to this file."
        ),
    ),
    Rule(
        "twin-stages-differ",
        "twin",
        N_("an ideal-state map and its twin do not share their stage ids"),
        N_(
            "The two maps are compared stage by stage (`cjm diff`); stages with different ids cannot be compared. "
            "Keep the ids and change the contents."
        ),
    ),
    Rule(
        "pain-no-evidence",
        "evidence",
        N_("in a map that records its research, a pain point names no evidence and is not marked as assumed"),
        N_(
            "A map is as good as the research behind it: a pain heard in interviews, counted in support tickets or "
            "seen in analytics is a fact to plan on, one nobody checked is a guess. Once a map records research "
            "(`research:` at the top, or `evidence:` anywhere), a pain without it reads as researched when it is "
            "not: add `evidence:` (a quote, a count, a link), or say `confidence: assumed`. A map that records no "
            "research at all is not checked, so that maps drawn before the research are not flooded."
        ),
    ),
    Rule(
        "review-overdue",
        "upkeep",
        N_("the map's last review (`reviewed`) is older than its `review_every`"),
        N_(
            "A map nobody keeps current stops describing the customer: products, channels and teams change. Check "
            "the map against reality as often as it says, then move `reviewed` to that day."
        ),
    ),
    Rule(
        "day-stage-time",
        "day-in-life",
        N_("a stage of a day-in-life map has no time of day, or an earlier one than the stage before it"),
        N_(
            "A day in the life is read as the customer's day, hour by hour: each stage is a moment with its `time` "
            "(`07:30`, `07:30-08:15`), in the order of the day."
        ),
    ),
    Rule(
        "unknown-rule",
        "meta",
        N_("an `ignore:` list names no rule"),
        N_("A misspelt code silences nothing; `cjm rules` lists the codes."),
    ),
)

TWIN_UNREADABLE = N_("the twin map {twin} cannot be read")
TWIN_WITH_ERRORS = N_("the twin map {twin} has errors (run `cjm validate` on it)")
"""What is wrong with an ideal map's twin (`twin-missing`), as a reader of twins says it."""

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
STALE_AFTER_DAYS = 31
"""How many days after they were pulled figures count as stale, unless `.cjm.yaml` says otherwise."""
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(rule.group for rule in RULES))
ALL = "all"


def expand(names: Iterable[str]) -> frozenset[str]:
    """Rule codes named by `names`: codes, group names (`journey`, `funnel`...) or `all`.

    Raises ValueError naming the first unknown name, with a suggestion."""
    codes: set[str] = set()
    for name in names:
        if name == ALL:
            codes |= BY_CODE.keys()
        elif name in BY_CODE:
            codes.add(name)
        elif name in GROUPS:
            codes |= {rule.code for rule in RULES if rule.group == name}
        else:
            hint = suggest(name, [*BY_CODE, *GROUPS]) or tr("`cjm rules` lists the codes and groups")
            raise ValueError(tr("unknown rule '{name}' ({hint})", name=shown(name), hint=hint))
    return frozenset(codes)


@dataclass(frozen=True)
class RuleOptions:
    """Which rules run, and where an ideal map's twin is looked for."""

    select: frozenset[str] = frozenset(BY_CODE)
    ignore: frozenset[str] = frozenset()
    twin_base: FilePath | None = None
    """The folder a `twin:` path is relative to; None skips reading the twin (a map read from git, say)."""
    stale_after_days: int = STALE_AFTER_DAYS
    """Pulled figures older than this many days are reported (`pulled-stale`)."""
    today: date | None = None
    """The day the age of pulled figures and a review's due day are counted to; None: the day the check runs."""

    def enabled(self, code: str) -> bool:
        return code in self.select and code not in self.ignore


NO_RULES = RuleOptions(select=frozenset())


def describe(codes: Iterable[str]) -> Iterator[Rule]:
    """The rules for `codes`, in the order of `RULES`."""
    wanted = set(codes)
    return (rule for rule in RULES if rule.code in wanted)
