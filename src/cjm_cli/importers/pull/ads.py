"""Cost, clicks and impressions per campaign and ad group from an ad account's statistics report, as its web
interface downloads it (`cjm pull google-ads REPORT`, `cjm pull yandex-direct REPORT`).

- Google Ads: a campaign or ad group report downloaded as CSV or XLSX (Reports > Download, or the table of
  the Campaigns and Ad groups pages): title rows, then the header, one row per campaign or ad group, total rows.
  Headers in English or Russian: `Campaign`/`Кампания`, `Ad group`/`Группа объявлений`, `Impr.`/`Показы`,
  `Clicks`/`Клики`, `Cost`/`Стоимость`, `Currency code`/`Код валюты`.
- Yandex Direct: a report of the report wizard (Мастер отчётов) saved as CSV, TSV or XLSX (XLS, the old
  binary format, is refused with a problem saying to save it as XLSX), or a Reports API report (TSV,
  `returnMoneyInMicros: false`): `Кампания`/`CampaignName`, `Группа`/`AdGroupName`, `Показы`/`Impressions`,
  `Клики`/`Clicks`, `Расход (BYN)`/`Cost`.

A workbook is read through `importers.spreadsheet` (its sheet, its limits, openpyxl imported only then), so
it gives the same rows as the CSV of the same report: positions are its row and column numbers. Rows whose
campaign reads `Total`, `Итого` or `Всего` are totals and left out. The period is `--period`, or the one the
title rows above the header name (`July 1, 2026 - September 30, 2026`, `01.07.2026 - 30.09.2026`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...core.model import AdGroup, Campaign, JourneyMap
from ...core.period import Period
from ...core.problems import Position, shown
from ..common import Problems
from ..merge import GOOGLE_ADS, YANDEX_DIRECT, platform_key
from ..table import read_table_file
from .fill import Filling
from .numbers import HeaderRow, number, period_in

PLATFORMS = {"google-ads": GOOGLE_ADS, "yandex-direct": YANDEX_DIRECT}
_COLUMNS = {
    "campaign": ("campaign", "campaignname", "кампания", "названиекампании"),
    "group": ("adgroup", "adgroupname", "группаобъявлений", "группа", "названиегруппы"),
    "impressions": ("impr", "impressions", "показы"),
    "clicks": ("clicks", "клики"),
    "cost": ("cost", "стоимость", "расход", "расходы"),
    "currency": ("currencycode", "currency", "кодвалюты", "валюта"),
}
_FIGURES = {"cost", "clicks", "impressions"}
_TOTALS = re.compile(r"^(total|итого|всего)\b", re.IGNORECASE)
_CURRENCY_IN_HEADER = re.compile(r"\(([A-Za-z]{3}|руб\.?)\)|,\s*(руб\.?|[A-Za-z]{3})$")


@dataclass
class Spend:
    cost: float = 0.0
    clicks: int = 0
    impressions: int = 0
    counted: set[str] = field(default_factory=set)
    """Which of the three the report gave."""

    def add(self, cost: float | None, clicks: float | None, impressions: float | None) -> None:
        for key, value in (("cost", cost), ("clicks", clicks), ("impressions", impressions)):
            if value is not None:
                setattr(self, key, getattr(self, key) + (value if key == "cost" else int(value)))
                self.counted.add(key)


@dataclass
class CampaignSpend:
    name: str
    position: Position
    spend: Spend = field(default_factory=Spend)
    groups: dict[str, tuple[str, Spend]] = field(default_factory=dict)
    """By group name, folded: the name as written, and the group's figures."""
    currency: str | None = None


@dataclass
class Report:
    path: str
    campaigns: dict[str, CampaignSpend]
    """By campaign name, folded."""
    period: Period | None


def _normal(header: str) -> str:
    base = _CURRENCY_IN_HEADER.sub("", header.strip())
    return re.sub(r"[^\w]+", "", base.casefold())


def read_report(argument: str, sink: Problems) -> Report | None:
    """The report in `argument`: a CSV or TSV export, or an XLSX workbook (read as `importers.table` reads
    one), with the same columns."""
    aliases = {name: key for key, names in _COLUMNS.items() for name in names}
    header = HeaderRow(aliases, _normal, lambda names: "campaign" in names and bool(names & _FIGURES))
    table = read_table_file(
        argument, sink, header.normalise, header.is_header, "campaign and cost, clicks or impressions"
    )
    if table is None:
        return None
    header_currency = _currency_of_headers(table.heading)
    decimal_comma = header.russian
    campaigns: dict[str, CampaignSpend] = {}
    for row in table.rows:
        name = table.cell(row, table.index("campaign"))
        if not name or _TOTALS.match(name):
            continue
        values: dict[str, float | None] = {}
        for key in ("cost", "clicks", "impressions"):
            column = table.index(key)
            try:
                values[key] = number(table.cell(row, column), decimal_comma) if column is not None else None
            except ValueError as error:
                sink.error(row.position(column), "number", f"{key} of '{shown(name, 40)}': {error}", "")
        campaign = campaigns.setdefault(name.casefold(), CampaignSpend(name, row.position(table.index("campaign"))))
        currency = table.cell(row, table.index("currency")) or header_currency
        if currency:
            campaign.currency = currency.upper() if currency.isascii() else "RUB"
        spend = (values.get("cost"), values.get("clicks"), values.get("impressions"))
        campaign.spend.add(*spend)
        group = table.cell(row, table.index("group"))
        if group and not _TOTALS.match(group):
            campaign.groups.setdefault(group.casefold(), (group, Spend()))[1].add(*spend)
    return Report(sink.path, campaigns, period_in([" ".join(row.cells) for row in table.above]))


def _currency_of_headers(heading: tuple[str, ...]) -> str | None:
    """The currency a cost column's header names: `Расход (BYN)`, `Расход, руб.`, `Cost (USD)`."""
    for cell in heading:
        if re.sub(r"[^\w]+", "", cell.casefold()).startswith(("расход", "стоимость", "cost")):
            match = _CURRENCY_IN_HEADER.search(cell.strip())
            if match:
                found = match.group(1) or match.group(2)
                return "RUB" if found.startswith("руб") else found.upper()
    return None


def fill_report(filling: Filling, report: Report, m: JourneyMap, kind: str, sink: Problems) -> None:
    """Each campaign of the platform named in the report gets its cost, clicks and impressions, and so does
    each of its ad groups the report names; with `pulled`."""
    platform = PLATFORMS[kind]
    filled: set[str] = set()
    for i, campaign in enumerate(m.ppc):
        if campaign.platform is not None and platform_key(campaign.platform) not in platform:
            continue
        spend = report.campaigns.get(campaign.name.casefold()) or report.campaigns.get(campaign.id.casefold())
        if spend is None:
            continue
        at = ("ppc", i)
        filled.add(spend.name.casefold())
        cost_ok = True
        if spend.currency and campaign.currency and spend.currency.casefold() != campaign.currency.casefold():
            filling.warn(
                (*at, "currency"),
                "pull-currency",
                f"the report's costs are in {spend.currency}, the "
                f"campaign's in {shown(campaign.currency)}; its cost stays as it was",
            )
            cost_ok = False
        _spend(filling, at, spend.spend, Campaign, cost_ok)
        if spend.currency and campaign.currency is None:
            filling.set(at, "currency", spend.currency, Campaign)
        for j, group in enumerate(campaign.groups):
            found = spend.groups.get(group.name.casefold()) or spend.groups.get(group.id.casefold())
            if found is not None:
                _spend(filling, (*at, "groups", j), found[1], AdGroup, cost_ok)
        filling.pulled(at, Campaign)
    for key, spend in report.campaigns.items():
        if key not in filled:
            sink.warning(
                spend.position,
                "pull-no-place",
                f"the map has no campaign '{shown(spend.name, 60)}' of this platform",
                "import the campaigns first (cjm import ... --into), or check the name",
            )
    filling.merge.summary.append(f"filled {len(filled)} campaign(s)")


def _spend(
    filling: Filling, at: tuple[str | int, ...], spend: Spend, model: type[Campaign] | type[AdGroup], cost: bool
) -> None:
    if "cost" in spend.counted and cost:
        filling.set(at, "cost", round(spend.cost, 2), model)
    for key in ("clicks", "impressions"):
        if key in spend.counted:
            filling.set(at, key, getattr(spend, key), model)
