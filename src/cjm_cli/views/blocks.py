"""Build the tables of a map's sales-system blocks: channels, funnels (lead and deal stages), automations, site
pages and paid campaigns, one row per item in the order written, titled in the map's language.

The report shows them under the flow picture, where the picture is too small to read them from; `cjm export
csv|markdown` writes them for spreadsheets and wikis. Both read the same rows, so a table says the same
wherever it is. A cell holds texts, one per line, or a `Figure`: a number with the way the map's language
writes it ("1 240", "81%") and the way a spreadsheet reads it ("1240", "81%"). Columns no row fills are left
out; a block the map does not have gives no table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, get_args

from ..analysis.metrics import FunnelMetrics, measure
from ..core.model import JourneyMap, Landings, Page, parse_delay
from .figures import number, percent, period_shown
from .words import TableColumn, Words, words

BlockKey = Literal["channels", "funnels", "automations", "pages", "campaigns"]
BLOCKS: tuple[BlockKey, ...] = get_args(BlockKey)
"""Every block table, in the order the report and the exports give them."""


@dataclass(frozen=True)
class Figure:
    """A number in a table."""

    value: float
    shown: str
    """As the map's language writes it: "1 240", "576 000", "81%", "8,5%"."""
    plain: str
    """As a spreadsheet reads it, whatever its language: "1240", "576000", "81%", "8.5%"."""


Cell = tuple[str, ...] | Figure
"""The texts of a cell, one per line (none when empty), or a figure."""


@dataclass(frozen=True)
class BlockRow:
    cells: tuple[Cell, ...]
    flag: Literal["", "unpromoted"] = ""
    """`unpromoted`: a page no campaign brings anyone to, in a map that has campaigns (the cell says so too)."""


@dataclass(frozen=True)
class BlockTable:
    key: BlockKey
    title: str
    columns: tuple[TableColumn, ...]
    headers: tuple[str, ...]
    """The columns' titles in the map's language."""
    rows: tuple[BlockRow, ...]
    grouped: int = 0
    """How many leading columns name a group (a pipeline and its stage, a campaign): a reader needs them only
    where they change. Exports repeat them on every row, so that a spreadsheet can sort and filter."""

    def numeric(self, column: int) -> bool:
        """Whether the column holds figures (right-aligned in the report)."""
        return any(isinstance(row.cells[column], Figure) for row in self.rows)


def block_tables(journey_map: JourneyMap, only: Iterable[str] = BLOCKS) -> tuple[BlockTable, ...]:
    """The tables of the blocks the map has, of those in `only`, in the order of `BLOCKS`."""
    wanted = set(only)
    w = words(journey_map.lang)
    tables = (_BUILDERS[key](journey_map, w) for key in BLOCKS if key in wanted)
    return tuple(_without_empty_columns(table) for table in tables if table is not None and table.rows)


def _table(
    key: BlockKey, title: str, w: Words, columns: tuple[TableColumn, ...], rows: list[BlockRow], grouped: int = 0
) -> BlockTable:
    return BlockTable(key, title, columns, tuple(w.columns[c] for c in columns), tuple(rows), grouped)


def _without_empty_columns(table: BlockTable) -> BlockTable:
    kept = [i for i in range(len(table.columns)) if any(_filled(row.cells[i]) for row in table.rows)]
    grouped = sum(1 for i in kept if i < table.grouped)
    return replace(
        table,
        columns=tuple(table.columns[i] for i in kept),
        headers=tuple(table.headers[i] for i in kept),
        rows=tuple(replace(row, cells=tuple(row.cells[i] for i in kept)) for row in table.rows),
        grouped=grouped,
    )


def _filled(cell: Cell) -> bool:
    return isinstance(cell, Figure) or any(cell)


# --- figures ------------------------------------------------------------------------------------------------------


def _count(value: float | None, lang: str) -> Cell:
    if value is None:
        return ()
    plain = str(int(value)) if float(value).is_integer() else repr(float(value))
    return Figure(value, number(value, lang), plain)


def _share(ratio: float | None, lang: str) -> Cell:
    if ratio is None:
        return ()
    shown = 100 * ratio
    rounded = Decimal(str(shown)).quantize(Decimal("0.1") if shown < 10 else Decimal(1), rounding=ROUND_HALF_UP)
    return Figure(ratio, percent(ratio, lang), f"{rounded.normalize():f}%")


def _text(*texts: str | None) -> Cell:
    return tuple(t for t in texts if t)


# --- the blocks ---------------------------------------------------------------------------------------------------


def _channels(m: JourneyMap, w: Words) -> BlockTable | None:
    columns: tuple[TableColumn, ...] = (
        "channel",
        "kind",
        "crm",
        "feeds",
        "leads",
        "deals",
        "sales",
        "revenue",
        "currency",
        "description",
    )
    pipelines = {p.id: p.name for p in m.deals}
    # Where requests go, and whether they reach the CRM by themselves, only a map with a CRM's funnels says.
    crm = m.leads is not None or bool(m.deals)
    rows = []
    for c in m.channels:
        if c.feeds is None:
            feeds = w.not_processed
        elif c.feeds == "leads":
            feeds = w.leads
        else:
            feeds = pipelines.get(c.feeds, c.feeds)
        cells: tuple[Cell, ...] = (
            _text(c.name),
            _text(w.channel_kinds[c.kind]),
            _text(w.crm_by_itself if c.crm else w.manual) if crm else (),
            _text(feeds) if crm else (),
            _count(c.leads, m.lang),
            _count(c.deals, m.lang),
            _count(c.sales, m.lang),
            _count(c.revenue, m.lang),
            _text(c.currency if c.revenue is not None else None),
            _text(c.description),
        )
        rows.append(BlockRow(cells))
    return _table("channels", w.channels, w, columns, rows)


def _funnels(m: JourneyMap, w: Words) -> BlockTable | None:
    columns: tuple[TableColumn, ...] = (
        "funnel",
        "stage_id",
        "stage",
        "outcome",
        "count",
        "amount",
        "currency",
        "from_previous",
        "from_first",
        "period",
    )
    rows = []
    for funnel in measure(m).funnels:
        rows += _funnel_rows(funnel, w, m.lang)
    return _table("funnels", w.funnels, w, columns, rows, grouped=1)


def _funnel_rows(funnel: FunnelMetrics, w: Words, lang: str) -> list[BlockRow]:
    leads = funnel.kind == "leads"
    outcomes = {"success": w.converted if leads else w.won, "failure": w.unqualified if leads else w.lost}
    steps = {step.to_stage: step.conversion for step in funnel.steps}
    name = w.leads if funnel.name is None else funnel.name
    period = period_shown(funnel.period, funnel.pulled, w)
    return [
        BlockRow(
            (
                _text(name),
                _text(stage.id),
                _text(stage.name),
                _text(outcomes.get(stage.meaning)),
                _count(stage.count, lang),
                _count(stage.amount, lang),
                _text(funnel.currency if stage.amount is not None else None),
                _share(steps.get(stage.id), lang),
                _share(stage.of_entry, lang),
                _text(period),
            )
        )
        for stage in funnel.stages
    ]


def _automations(m: JourneyMap, w: Words) -> BlockTable | None:
    columns: tuple[TableColumn, ...] = ("funnel", "stage", "action", "delay", "text", "trigger", "page")
    pages = {p.id: p for p in m.site.pages} if m.site else {}
    rows = [
        BlockRow(
            (
                _text(pipeline.name),
                _text(stage.name),
                _text(w.automation_actions[a.action]),
                _text(_delay(a.delay, w) if a.delay else None),
                _text(a.text),
                _text(a.trigger or w.on_entry),
                _text(*_page(pages.get(a.page or ""), a.page)),
            )
        )
        for pipeline in m.deals
        for stage in pipeline.stages
        for a in stage.automations
    ]
    return _table("automations", w.automations, w, columns, rows, grouped=2)


def _delay(delay: str, w: Words) -> str:
    parsed = parse_delay(delay)
    if parsed is None:  # reported by the rules (automation-bad-delay); shown as written
        return delay
    amount, unit = parsed
    return f"{amount} {w.delay_units[unit]}"


def _page(page: Page | None, written: str | None) -> tuple[str, ...]:
    """A page as a cell: its title and address; an id the site does not have, as written."""
    if page is None:
        return (written,) if written else ()
    return (page.title, page.url)


def _pages(m: JourneyMap, w: Words) -> BlockTable | None:
    if m.site is None:
        return None
    columns: tuple[TableColumn, ...] = ("page", "address", "funnel_stages", "journey_stages", "campaigns")
    journey = {s.id: s.name for s in m.journey.stages} if m.journey else {}
    lead_stages = {s.id: s.name for s in m.leads.stages} if m.leads else {}
    deal_stages = {f"{p.id}.{s.id}": f"{p.name} › {s.name}" for p in m.deals for s in p.stages}
    deal_stages |= {p.id: w.whole_pipeline.format(pipeline=p.name) for p in m.deals}
    landings = _landings(m)
    rows = []
    for page in m.site.pages:
        served = [f"{w.leads} › {lead_stages.get(s, s)}" for s in page.lead_stages]
        served += [deal_stages.get(s, s) for s in page.deal_stages]
        brought = landings.get(page.id, [])
        unpromoted = bool(m.ppc) and not brought
        cells: tuple[Cell, ...] = (
            _text(page.title),
            _text(page.url),
            tuple(served),
            tuple(journey.get(s, s) for s in page.stages),
            (w.not_promoted,) if unpromoted else tuple(brought),
        )
        rows.append(BlockRow(cells, "unpromoted" if unpromoted else ""))
    return _table("pages", w.pages, w, columns, rows)


def _landings(m: JourneyMap) -> dict[str, list[str]]:
    """For each page id, the campaigns and ad groups that land on it ("Campaign › Group"), each once."""
    found: dict[str, dict[str, None]] = {}
    landings_of_site = Landings(m.site)
    for campaign in m.ppc:
        for group in campaign.groups:
            for landing in (group.landing, *(ad.landing for ad in group.ads)):
                page = landings_of_site.page(landing) if landing else None
                if page is not None:
                    found.setdefault(page.id, {})[f"{campaign.name} › {group.name}"] = None
    return {page: list(names) for page, names in found.items()}


def _campaigns(m: JourneyMap, w: Words) -> BlockTable | None:
    columns: tuple[TableColumn, ...] = (
        "campaign",
        "platform",
        "network",
        "ad_group",
        "keywords",
        "ads",
        "landing",
        "cost",
        "clicks",
        "currency",
    )
    rows = []
    landings_of_site = Landings(m.site)
    for campaign in m.ppc:
        head = (_text(campaign.name), _text(campaign.platform), _text(w.networks[campaign.network]))
        if not campaign.groups:
            figures = _spend(campaign.cost, campaign.clicks, campaign.currency, m.lang)
            rows.append(BlockRow((*head, (), (), (), (), *figures)))
        for group in campaign.groups:
            ads = tuple(ad.title + (f" — {ad.text}" if ad.text else "") for ad in group.ads)
            landings = [group.landing, *(ad.landing for ad in group.ads)]
            shown = dict.fromkeys(_landing(x, landings_of_site) for x in landings if x)
            figures = _spend(group.cost, group.clicks, campaign.currency, m.lang)
            rows.append(BlockRow((*head, _text(group.name), tuple(group.keywords), ads, tuple(shown), *figures)))
    return _table("campaigns", w.ppc, w, columns, rows, grouped=3)


def _landing(landing: str, landings_of_site: Landings) -> str:
    page = landings_of_site.page(landing)
    return f"{page.title} ({page.url})" if page else landing


def _spend(cost: float | None, clicks: int | None, currency: str | None, lang: str) -> tuple[Cell, Cell, Cell]:
    return _count(cost, lang), _count(clicks, lang), _text(currency if cost is not None else None)


_BUILDERS: dict[BlockKey, Callable[[JourneyMap, Words], BlockTable | None]] = {
    "channels": _channels,
    "funnels": _funnels,
    "automations": _automations,
    "pages": _pages,
    "campaigns": _campaigns,
}
