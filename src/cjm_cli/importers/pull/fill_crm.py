"""A portal's figures into the map: counts of lead stages, counts and amounts of deal stages, the leads, deals,
sales and revenue of channels.

What is matched to what:
- a lead stage, or a deal stage, by its id: the map keeps Bitrix24's ids (`NEW`, `C1:PREPAYMENT_INVOICE`),
  written as `cjm import bitrix24` writes them (`5|TELEGRAM` -> `5_TELEGRAM`, cut to 64 characters);
- a pipeline by its category: the `C<n>:` of its stage ids (none for the general pipeline, 0);
- a channel by its `crm_id`, else by its id written as above, else by its name (in any case).
"""

from __future__ import annotations

from ...core.load import Path
from ...core.model import Channel, DealStage, JourneyMap, Leads, LeadStage, Pipeline
from ...core.problems import shown
from ..bitrix24 import category_of
from ..ids import as_id
from .crm import Crm, Funnel, Source
from .fill import Filling


def fill_crm(filling: Filling, crm: Crm, m: JourneyMap) -> None:
    _leads(filling, crm, m)
    _pipelines(filling, crm, m)
    _channels(filling, crm, m)


def _leads(filling: Filling, crm: Crm, m: JourneyMap) -> None:
    if crm.leads is None:
        return
    if m.leads is None:
        total = crm.leads.stages[0].count if crm.leads.stages else 0
        filling.warn(
            (),
            "pull-no-place",
            f"the map has no `leads`; {total} lead(s) of the portal are not filled in",
            "add the lead stages first: cjm import bitrix24 ... --into",
        )
        return
    at: Path = ("leads",)
    filled = _stages(filling, crm.leads, [(s.id, s.name) for s in m.leads.stages], (*at, "stages"), "lead", False)
    filling.pulled(at, Leads)
    filling.merge.summary.append(f"filled {filled} of {len(m.leads.stages)} lead stage(s)")


def _pipelines(filling: Filling, crm: Crm, m: JourneyMap) -> None:
    by_category = {p.category: p for p in crm.pipelines}
    matched = set()
    for i, pipeline in enumerate(m.deals):
        at: Path = ("deals", i)
        category = category_of([s.id for s in pipeline.stages])
        funnel = by_category.get(category) if category is not None else None
        if funnel is None:
            filling.warn(
                at,
                "pull-not-in-crm",
                f"the portal has no pipeline for '{shown(pipeline.name, 40)}' "
                f"(category {category if category is not None else '?'}); its figures stay as they were",
                "its stage ids say the category: C<n>:... for pipeline n, no prefix for the general one",
            )
            continue
        matched.add(funnel.category)
        amounts = _currency(filling, funnel, pipeline, at)
        stages = [(s.id, s.name) for s in pipeline.stages]
        _stages(filling, funnel, stages, (*at, "stages"), "deal", amounts)
        filling.pulled(at, Pipeline)
    for funnel in crm.pipelines:
        if funnel.category not in matched and funnel.stages and (funnel.stages[0].count or 0) > 0:
            filling.warn(
                ("deals",) if m.deals else (),
                "pull-no-place",
                f"the map has no pipeline for category {funnel.category} "
                f"('{shown(funnel.name or '', 40)}'): its {funnel.stages[0].count} deal(s) are not filled in",
                "add it first: cjm import bitrix24 ... --into",
            )
    filling.merge.summary.append(f"filled {len(matched)} of {len(m.deals)} pipeline(s)")


def _currency(filling: Filling, funnel: Funnel, pipeline: Pipeline, at: Path) -> bool:
    """Whether the pipeline's amounts can be filled: its deals are in one currency, the pipeline's."""
    if len(funnel.currencies) > 1:
        filling.warn(
            at,
            "pull-currency",
            f"the deals of '{shown(pipeline.name, 40)}' are in several currencies "
            f"({', '.join(funnel.currencies)}); their amounts stay as they were",
            "split the pipeline by currency in the CRM, or keep its amounts by hand",
        )
        return False
    if funnel.currencies:
        [currency] = funnel.currencies
        if pipeline.currency is None:
            filling.set(at, "currency", currency, Pipeline)
        elif pipeline.currency.casefold() != currency.casefold():
            filling.warn(
                (*at, "currency"),
                "pull-currency",
                f"the deals are in {currency}, the pipeline's amounts "
                f"in {shown(pipeline.currency)}; the amounts stay as they were",
                f"write `currency: {currency}`",
            )
            return False
    return True


def _stages(filling: Filling, funnel: Funnel, stages: list[tuple[str, str]], at: Path, what: str, amounts: bool) -> int:
    crm = {as_id(s.id): s for s in funnel.stages}
    model = DealStage if what == "deal" else LeadStage
    filled = 0
    for j, (stage_id, name) in enumerate(stages):
        found = crm.get(stage_id)
        if found is None:
            filling.warn(
                (*at, j),
                "pull-not-in-crm",
                f"{what} stage {shown(stage_id, 40)} ('{shown(name, 40)}') is "
                "not in the portal; its figures stay as they were",
                "cjm pull bitrix24 --check lists how the map and the portal differ",
            )
            continue
        filling.set((*at, j), "count", found.count, model)
        if amounts and found.amount is not None:
            filling.set((*at, j), "amount", found.amount, model)
        filled += 1
    known = {stage_id for stage_id, _ in stages}
    for stage in funnel.stages:
        if as_id(stage.id) not in known and stage.count:
            filling.warn(
                at,
                "pull-no-place",
                f"{stage.count} {what}(s) reached stage {shown(stage.id, 40)} "
                f"('{shown(stage.name, 40)}'), which the map does not have",
                "add the stage first: cjm import bitrix24 ... --into, or see cjm pull bitrix24 --check",
            )
    return filled


def channel_for(source: Source, channels: list[Channel]) -> int | None:
    """The index of the map's channel that is `source`: by `crm_id`, by id, by name."""
    unlinked = [(i, c) for i, c in enumerate(channels) if c.crm_id is None]
    found = next((i for i, c in enumerate(channels) if c.crm_id == source.id), None)
    found = found if found is not None else next((i for i, c in unlinked if c.id == as_id(source.id)), None)
    name = source.name.casefold()
    return found if found is not None else next((i for i, c in unlinked if c.name.casefold() == name), None)


def _channels(filling: Filling, crm: Crm, m: JourneyMap) -> None:
    filled = 0
    for source in crm.sources:
        index = channel_for(source, m.channels)
        if index is None:
            if source.leads or source.deals:
                filling.warn(
                    ("channels",) if m.channels else (),
                    "pull-no-place",
                    f"{source.leads} lead(s) and {source.deals} deal(s) came from source "
                    f"{shown(source.id, 40)} ('{shown(source.name, 40)}'), which no channel of the map is",
                    f"give the channel `crm_id: {shown(source.id, 60)}`, or add it: cjm import bitrix24 ... --into",
                )
            continue
        at: Path = ("channels", index)
        channel = m.channels[index]
        for key in ("leads", "deals", "sales"):
            filling.set(at, key, getattr(source, key), Channel)
        if len(source.currencies) > 1:
            filling.warn(
                at,
                "pull-currency",
                f"the won deals of '{shown(channel.name, 40)}' are in several "
                f"currencies ({', '.join(source.currencies)}); its revenue stays as it was",
            )
        elif source.currencies and channel.currency and channel.currency.casefold() != source.currencies[0].casefold():
            filling.warn(
                (*at, "currency"),
                "pull-currency",
                f"the won deals are in {source.currencies[0]}, the "
                f"channel's revenue in {shown(channel.currency)}; its revenue stays as it was",
            )
        else:
            filling.set(at, "revenue", source.revenue, Channel)
            if source.currencies and channel.currency is None:
                filling.set(at, "currency", source.currencies[0], Channel)
        filling.pulled(at, Channel)
        filled += 1
    filling.merge.summary.append(f"filled {filled} channel(s)")
