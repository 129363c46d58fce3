"""The sales system: channels, lead stages, deal pipelines and their automations."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
)

from ..period import PERIOD_PATTERN, check_period
from .base import (
    ActionKind,
    Amount,
    ChannelKind,
    Count,
    Day,
    Id,
    Item,
    LongText,
    Meaning,
    Printable,
    Text,
    null_is_a_value,
)

PeriodText = Annotated[
    str,
    Field(min_length=4, max_length=30, json_schema_extra={"pattern": PERIOD_PATTERN}),
    Printable,
    AfterValidator(check_period),
]
"""A period as `cjm pull` writes it: `2026`, `2026-Q3`, `2026-07` or `2026-07-01..2026-09-30`."""
Currency = Annotated[str, Field(max_length=10), Printable]


class Pulled(Item):
    """Where a block's figures came from, the period they cover and the day they were pulled (`cjm pull` writes
    it; the pictures and the report say "actual for Q3 2026, pulled 3 Dec", and the rule `pulled-stale` warns
    when the day is long past)."""

    source: Text
    """What they were pulled from: `bitrix24`, `csv`, `google-ads`, `yandex-direct`."""
    period: PeriodText | None = None
    """The period the figures cover: `2026`, `2026-Q3`, `2026-07` or `2026-07-01..2026-09-30`."""
    date: Day
    """The day they were pulled, `YYYY-MM-DD`."""


class Crm(Item):
    """The CRM the channels feed and the leads and deals live in: Bitrix24, amoCRM, HubSpot..."""

    name: Text
    """What the map calls it; the flow draws it as the frame around the leads and the deals: `Битрикс24`."""
    description: LongText | None = None
    """Anything worth knowing about it (edition, portal, integrations), for the report."""


class Channel(Item):
    """A way customers reach the company: a messenger, the site, a marketplace, calls..."""

    id: Id
    """Referred to by touchpoints."""
    name: Text
    """The channel's name as the team says it: "Telegram", "Site form", "kufar.by"."""
    kind: ChannelKind
    """What sort of channel: messenger, site, chat, social, email, phone, marketplace (classifieds),
    offline, ads, referral or other."""
    crm: bool = False
    """True when requests reach the CRM by themselves (an integration); false when someone has to enter them."""
    feeds: Annotated[Id | None, Field(json_schema_extra=null_is_a_value)] = None
    """What its requests become: `leads`, or the id of a deal pipeline they go straight into.
    `null` for a channel whose requests are not processed on purpose."""
    description: LongText | None = None
    """Anything worth knowing about the channel, for the report."""
    crm_id: Annotated[str, Field(min_length=1, max_length=100), Printable] | None = None
    """The CRM's id of the lead source this channel is (Bitrix24's SOURCE_ID: `CALL`, `5|TELEGRAM`,
    `UC_3XK9ZT`), when the channel's own `id` is not that id; `cjm pull` matches sources by it."""
    leads: Count | None = None
    """How many leads came through the channel in the period."""
    deals: Count | None = None
    """How many deals came through the channel in the period."""
    sales: Count | None = None
    """How many of those deals were won."""
    revenue: Amount | None = None
    """The amount of the won deals, in `currency`."""
    currency: Currency | None = None
    """The currency of `revenue`, as the CRM writes it: `BYN`, `RUB`, `USD`."""
    pulled: Pulled | None = None
    """Where the channel's figures came from (`cjm pull` writes it)."""


class LeadStage(Item):
    """A lead status."""

    id: Id
    """The lead status's id (the CRM's STATUS_ID, for `cjm pull`): `NEW`, `IN_PROCESS`, `JUNK`."""
    name: Text
    """The lead status's name as the CRM shows it: "New", "In progress", "Junk"."""
    meaning: Meaning = "progress"
    """`progress` (still being worked), `success` (converted into a deal) or `failure` (unqualified, junk)."""
    count: Count | None = None
    """How many leads reached this stage (for conversion figures)."""


class Leads(Item):
    """Every inbound request becomes a lead; leads are qualified and then converted into deals."""

    period: Text | None = None
    """What the counts cover: `Q1 2025`, `2024`."""
    pulled: Pulled | None = None
    """Where the counts came from (`cjm pull` writes it)."""
    stages: Annotated[list[LeadStage], Field(min_length=1)]
    """The lead statuses, in the order leads move through them."""


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
    delay: Annotated[str, Field(max_length=20), Printable] | None = None
    """How long after the trigger: `30m`, `2h`, `5d`, `1w`."""
    page: Id | None = None
    """A site page (id) the message links to."""


class DealStage(Item):
    """A stage of a deal pipeline."""

    id: Id
    """The deal stage's id (the CRM's STAGE_ID, for `cjm pull`), referred to by site pages as `pipeline.stage`."""
    name: Text
    """The deal stage's name as the CRM shows it: "Invoice sent", "Won"."""
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
    """The pipeline's name as the CRM shows it: "Product A", "Service contracts"."""
    description: LongText | None = None
    """What the pipeline sells and to whom, for the report."""
    currency: Currency | None = None
    """Currency of the stage amounts: `BYN`, `RUB`, `USD`."""
    period: Text | None = None
    """What the counts and amounts cover: `Q1 2025`, `2024`."""
    pulled: Pulled | None = None
    """Where the counts and amounts came from (`cjm pull` writes it)."""
    stages: Annotated[list[DealStage], Field(min_length=1)]
    """The deal stages, in the order deals move through them, with the won and lost outcomes."""
    cross_sell: list[Id] = []
    """Ids of pipelines whose products sell along with this one."""
