"""Stage 3, model: the map format, version 1, as pydantic models.

The models are the single source of truth for the format: validation, the JSON Schema in `schemas/`
and the reference in `docs/format.md` all follow from them. Models only describe and validate data;
they never draw themselves (see the render stage for that).

Conventions that keep maps short and diffable:
- every block is optional; lists are drawn in the order they are written;
- things that are referred to elsewhere have an `id` (latin letters, digits, `_`, `-`, `:`),
  the rest is referred to by nothing and needs none;
- a pain or an opportunity may be written as plain text, or as a mapping when it needs more.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urljoin, urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from .language import Language

FORMAT_VERSION = 1

ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_:-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64)]
# Labels end up in Graphviz, whose labels cannot exceed 16 384 characters; texts stay well below that.
TEXT_MAX = 1000
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX)]
LongText = Annotated[str, Field(min_length=1, max_length=10_000)]
Score = Annotated[int, Field(ge=-2, le=2)]
Count = Annotated[int, Field(ge=0)]
Amount = Annotated[float, Field(ge=0)]

MapType = Literal["current", "ideal", "day-in-life", "blueprint"]
ChannelKind = Literal[
    "messenger", "site", "chat", "social", "email", "phone", "marketplace", "offline", "ads", "referral", "other"
]
Meaning = Literal["progress", "success", "failure"]
ActionKind = Literal["email", "sms", "message", "call", "task", "notify", "document", "webhook", "other"]
Network = Literal["search", "social", "display", "video"]
Direction = Literal["higher", "lower"]

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_URL_FORBIDDEN = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f]")


def check_link(value: str) -> str:
    """Allow http(s) and mailto links, site paths (`/...`) and in-page anchors (`#...`), nothing else."""
    if _URL_FORBIDDEN.search(value):
        raise ValueError("a link must not contain spaces, quotes, angle brackets or control characters")
    lowered = value.lower()
    if lowered.startswith(_SAFE_SCHEMES) or (value.startswith("/") and not value.startswith("//")):
        return value
    if value.startswith("#"):
        return value
    raise ValueError("a link must start with https://, http://, mailto:, / (a page of the site) or #")


# The same rule for editors (JSON Schema patterns have no flags, hence the spelled-out case).
_LINK_PATTERN = r"^([Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:|/(?!/)|#)[^\s<>\"'`\\]*$"
Link = Annotated[
    str,
    Field(min_length=1, max_length=2000, json_schema_extra={"pattern": _LINK_PATTERN}),
    AfterValidator(check_link),
]


# Any text: a name that is no rule gets a warning with "did you mean" (see rules.py), not a pattern error.
RuleCode = Annotated[str, Field(min_length=1, max_length=64)]


class Item(BaseModel):
    """Base of every block: unknown keys are errors, and values are never silently coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    ignore: list[RuleCode] | None = None
    """Methodology rules (codes or groups, see `cjm rules`) not to report for this element and everything
    inside it, e.g. `[stage-no-kpi]` on a stage that has no metric on purpose."""

    @field_validator("ignore", mode="before")
    @classmethod
    def _a_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError(f"`ignore` is a list, even of one code: write `ignore: [{value[:64]}]`")
        return value


class TextOrItem(Item):
    """An item that may be written as plain text, short for `{text: ...}`."""

    text: Text
    """What it says."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data}
        if isinstance(data, dict) and len(data) == 1:
            # `- Price: too high?` is YAML for a mapping; almost always meant as one text.
            [(key, value)] = data.items()
            if key not in cls.model_fields and not isinstance(value, dict | list):
                written = f"{key}: {value}" if value is not None else f"{key}:"
                raise ValueError(f"'{written[:60]}' reads as a key and a value; a text holding ': ' must be quoted")
        return data

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        as_object = handler.resolve_ref_schema(handler(core_schema))
        as_text = {"type": "string", "minLength": 1, "maxLength": TEXT_MAX, "description": "Short for {text: ...}."}
        return {"anyOf": [as_text, dict(as_object)], "description": as_object.get("description", "")}


# --- people and teams ---------------------------------------------------------------------------------------


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


# --- the journey grid ---------------------------------------------------------------------------------------


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
    unit: Annotated[str, Field(max_length=20)] | None = None
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


# --- the sales system ----------------------------------------------------------------------------------------


class Channel(Item):
    """A way customers reach the company: a messenger, the site, a marketplace, calls..."""

    id: Id
    """Referred to by touchpoints."""
    name: Text
    kind: ChannelKind
    """What sort of channel: messenger, site, chat, social, email, phone, marketplace (classifieds),
    offline, ads, referral or other."""
    crm: bool = False
    """True when requests reach the CRM by themselves (an integration); false when someone has to enter them."""
    feeds: Id | None = None
    """What its requests become: `leads`, or the id of a deal pipeline they go straight into.
    Leave it out for a channel whose requests are not processed at all."""
    description: LongText | None = None


class LeadStage(Item):
    """A lead status."""

    id: Id
    name: Text
    meaning: Meaning = "progress"
    """`progress` (still being worked), `success` (converted into a deal) or `failure` (unqualified, junk)."""
    count: Count | None = None
    """How many leads reached this stage (for conversion figures)."""


class Leads(Item):
    """Every inbound request becomes a lead; leads are qualified and then converted into deals."""

    period: Text | None = None
    """What the counts cover: `Q1 2025`, `2024`."""
    stages: Annotated[list[LeadStage], Field(min_length=1)]


_DELAY = re.compile(r"^\s*(\d{1,6})\s*([mhdw])\s*$")


def parse_delay(delay: str) -> tuple[int, Literal["m", "h", "d", "w"]] | None:
    """`"5d"` -> (5, "d"): an automation's delay as a number and a unit (minutes, hours, days, weeks);
    None when it is not written that way."""
    match = _DELAY.match(delay)
    return (int(match[1]), match[2]) if match else None  # type: ignore[return-value]


class Automation(Item):
    """Something the CRM does by itself at a stage (drawn highlighted)."""

    action: ActionKind
    """What the CRM does: email, sms, message (messenger), call, task, notify (an employee), document,
    webhook, other."""
    text: Text | None = None
    """What is sent or done: "Reminder about the invoice"."""
    trigger: Text | None = None
    """What starts it; when not given, the deal entering the stage."""
    delay: Annotated[str, Field(max_length=20)] | None = None
    """How long after the trigger: `30m`, `2h`, `5d`, `1w`."""
    page: Id | None = None
    """A site page (id) the message links to."""


class DealStage(Item):
    """A stage of a deal pipeline."""

    id: Id
    name: Text
    meaning: Meaning = "progress"
    """`progress`, `success` (won) or `failure` (lost)."""
    count: Count | None = None
    """How many deals reached this stage."""
    amount: Amount | None = None
    """The total amount of those deals."""
    automations: list[Automation] = []
    """What the CRM does by itself at this stage (drawn highlighted)."""


class Pipeline(Item):
    """A deal pipeline ("funnel"), usually one per product line."""

    id: Id
    """Referred to by channels, site pages (`pipeline.stage`) and cross-sells."""
    name: Text
    description: LongText | None = None
    currency: Annotated[str, Field(max_length=10)] | None = None
    """Currency of the stage amounts: `BYN`, `RUB`, `USD`."""
    period: Text | None = None
    """What the counts and amounts cover: `Q1 2025`, `2024`."""
    stages: Annotated[list[DealStage], Field(min_length=1)]
    cross_sell: list[Id] = []
    """Ids of pipelines whose products sell along with this one."""


# --- the site and paid traffic ------------------------------------------------------------------------------


class Page(Item):
    """A page of the site and the stages it serves."""

    id: Id
    """Referred to by ad groups and ads as their landing page."""
    title: Text
    url: Link
    """`https://...` or a path on the site such as `/products/a`."""
    stages: list[Id] = []
    """Journey stages (ids) the page serves."""
    deal_stages: list[Annotated[str, Field(max_length=130)]] = []
    """Deal stages the page serves, as `pipeline.stage`, or a whole pipeline by its id."""
    lead_stages: list[Id] = []
    """Lead stages the page serves."""


class Site(Item):
    """The company's website."""

    url: Link | None = None
    """The site's address; page paths are relative to it."""
    pages: list[Page] = []


def landing_page(landing: str, site: Site | None) -> Page | None:
    """The page of the site a landing (a page id, a path or a URL) leads to, or None. URLs are compared
    without the query (tracking parameters), the fragment and a trailing slash; paths against `site.url`."""
    pages = site.pages if site else []
    for page in pages:
        if page.id == landing:
            return page
    base = site.url if site else None
    wanted = _address(landing, base)
    return next((page for page in pages if _address(page.url, base) == wanted), None)


def _address(url: str, base: str | None) -> str:
    parts = urlsplit(urljoin(base, url) if base else url)
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}" if parts.netloc else path


class Ad(Item):
    """One ad of an ad group."""

    title: Text
    text: Text | None = None
    landing: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    """A page id from `site`, or a URL; when not given, the ad group's."""


class AdGroup(Item):
    """Keywords and ads about one theme, pointing at one landing page."""

    id: Id
    name: Text
    keywords: list[Text] = []
    """Search queries (or audiences, for social ads) the group targets."""
    ads: list[Ad] = []
    landing: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    """A page id from `site`, or a URL."""


class Campaign(Item):
    """A paid campaign: ad groups with their keywords, ads and landing pages."""

    id: Id
    name: Text
    network: Network = "search"
    """Where the ads show: search (default), social, display, video."""
    platform: Text | None = None
    """Where it runs: Yandex Direct, Google Ads, VK Ads..."""
    groups: list[AdGroup] = []


# --- the map -----------------------------------------------------------------------------------------------


class JourneyMap(Item):
    """A customer journey map: one journey, drawn as a sales-system flow and/or a journey grid."""

    model_config = ConfigDict(title="cjm map")

    cjm: Literal[1]
    """The version of the map format: 1."""

    @field_validator("cjm", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        if type(value) is not int:  # `true` and `1.0` equal 1 in Python; the version is written `1`
            raise ValueError("the format version is the whole number 1")
        return value

    title: Text
    description: LongText | None = None
    type: MapType = "current"
    """`current` (as-is), `ideal` (future state), `day-in-life` or `blueprint` (service blueprint)."""
    lang: Language = "en"
    """The language of cjm's own labels in the pictures: `en` or `ru`."""
    twin: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    """The path, relative to this file, of the twin map: the current-state map of an ideal one."""
    personas: list[Persona] = []
    """Who the journey is drawn for; in B2B, the roles of the buying centre."""
    departments: list[Department] = []
    """The teams that own stages, opportunities and blueprint steps."""
    journey: Journey | None = None
    """The journey grid: stages with touchpoints, actions, thoughts, emotions, pains..."""
    channels: list[Channel] = []
    """How customers reach the company, and whether their requests reach the CRM."""
    leads: Leads | None = None
    """The lead stages of the CRM."""
    deals: list[Pipeline] = []
    """Deal pipelines, one per product line or direction."""
    site: Site | None = None
    """The website: pages and the stages they serve."""
    ppc: list[Campaign] = []
    """Paid campaigns: search and social ads."""
