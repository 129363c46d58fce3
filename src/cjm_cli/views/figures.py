"""Figures as a view shows them: counts, amounts, conversions, losses and KPI values written in the map's
language ("1 240", "72%", "−28%", "42 мин"), once for the flow, the funnel tables and the KPI lane."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..analysis.metrics import (
    FunnelMetrics,
    KpiMetrics,
    KpiStatus,
    Returns,
    StageFigures,
    Step,
    kpi_metrics,
)
from ..core.model import Channel, JourneyMap, Pulled
from ..core.period import Period, parse_period
from .shapes import (
    KpiView,
    Status,
)
from .words import Words, words

UNDEFINED = "—"


_STATUS: dict[KpiStatus, Status] = {"met": "good", "missed": "bad", "unknown": ""}


def kpi_view(kpi: KpiMetrics, lang: str, w: Words) -> KpiView:
    unit = f" {kpi.unit}" if kpi.unit else ""

    def shown(value: float | None) -> str:
        return "" if value is None else f"{number(value, lang)}{unit}"

    gap = "" if kpi.gap is None else f"{signed(kpi.gap, lang)}{unit}"
    period = period_shown(kpi.period, kpi.pulled, w)
    return KpiView(kpi.stage, kpi.name, shown(kpi.actual), shown(kpi.target), period, _STATUS[kpi.status], gap)


def kpi_views(journey_map: JourneyMap) -> tuple[KpiView, ...]:
    """Every KPI of every journey stage, as shown."""
    w = words(journey_map.lang)
    return tuple(kpi_view(k, journey_map.lang, w) for k in kpi_metrics(journey_map))


# --- pulled figures -----------------------------------------------------------------------------------------------


def period_shown(period: str | None, pulled: Pulled | None, w: Words) -> str:
    """What a block's figures cover, as a view says it: where they were pulled from and when, when they were
    ("факт за 3 кв. 2026, выгружено 03.12"); else the `period` as written."""
    return pulled_note(pulled, w) if pulled is not None else period or ""


def pulled_note(pulled: Pulled, w: Words) -> str:
    period = parse_period(pulled.period) if pulled.period else None
    day = date.fromisoformat(pulled.date)
    written = day_words(day, w, with_year=period is None or day.year != period.last.year)
    return (
        w.pulled_for.format(period=period_words(period, w), day=written) if period else w.pulled_on.format(day=written)
    )


def period_words(period: Period, w: Words) -> str:
    """`2026-Q3` -> "Q3 2026", "3 кв. 2026"; a month by its name; days from one to the other."""
    year = period.first.year
    if period.kind == "year":
        return w.year.format(year=year)
    if period.kind == "quarter":
        return w.quarter.format(quarter=period.quarter, year=year)
    if period.kind == "month":
        return f"{w.months[period.first.month]} {year}"
    first = day_words(period.first, w, with_year=period.first.year != period.last.year)
    return f"{first} – {day_words(period.last, w, with_year=True)}"


def day_words(day: date, w: Words, with_year: bool) -> str:
    pattern = w.day_in_year if with_year else w.day
    return pattern.format(
        d=day.day, dd=f"{day.day:02}", mon=w.months_short[day.month], mm=f"{day.month:02}", year=day.year
    )


def returns_text(returns: Returns, w: Words, lang: str) -> str:
    """Cost per lead, cost per sale and return on ad spend, where defined: "цена лида 35 BYN · окупаемость 340%"."""
    parts = []
    if returns.cost_per_lead is not None:
        parts.append(f"{w.cost_per_lead} {amount(returns.cost_per_lead, returns.currency, lang)}")
    if returns.cost_per_sale is not None:
        parts.append(f"{w.cost_per_sale} {amount(returns.cost_per_sale, returns.currency, lang)}")
    if returns.return_on_ad_spend is not None:
        parts.append(f"{w.return_on_ad_spend} {percent(returns.return_on_ad_spend, lang)}")
    return " · ".join(parts)


def loss(step: Step, lang: str) -> str:
    """The share a step loses, "−37%": shown with the biggest drop-off, so that its figure reads as a loss."""
    return "" if step.conversion is None else lost_percent(step.conversion, lang)


def stage_figures(stage: StageFigures, currency: str | None, lang: str) -> list[str]:
    shown = [number(stage.count, lang)] if stage.count is not None else []
    if stage.amount is not None:
        shown.append(amount(stage.amount, currency, lang))
    return shown


def amount(value: float, currency: str | None, lang: str) -> str:
    return f"{number(value, lang)} {currency or ''}".rstrip()


def share(ratio: float | None, lang: str, undefined: str = "") -> str:
    return undefined if ratio is None else percent(ratio, lang)


def money(figures: FunnelMetrics, w: Words, lang: str) -> list[tuple[str, str]]:
    """Revenue and average deal, where defined."""
    pairs = []
    if figures.revenue is not None:
        pairs.append((w.revenue, amount(figures.revenue, figures.currency, lang)))
    if figures.average_deal is not None:
        pairs.append((w.average_deal, amount(figures.average_deal, figures.currency, lang)))
    return pairs


_MINUS = "\u2212"  # a minus sign, not a hyphen
_NO_BREAK_SPACE = "\u00a0"


def number(value: float, lang: str) -> str:
    """1240 -> "1,240" (en) or "1 240" (ru: a no-break space, as Russian groups thousands); fractions to two
    places, without trailing zeros, with a decimal comma in Russian: 1240.5 -> "1 240,5"."""
    size = abs(value)
    if size >= 1e15:
        shown = f"{size:.3g}"
    else:
        shown = f"{_half_up(size, 2):,.2f}".rstrip("0").rstrip(".")
        if shown == "0" and size:  # a small fraction keeps its first digits: 0.004, not 0
            shown = f"{size:.2g}"
    if lang == "ru":
        shown = shown.replace(",", _NO_BREAK_SPACE).replace(".", ",")
    return (_MINUS if value < 0 else "") + shown


def average_score(value: float, lang: str, signed: bool) -> str:
    """An average of scores to one decimal place: "−0,4", "6.5"; "+1.2" with `signed` (a scale with negative
    scores writes its positive ones with their sign)."""
    rounded = float(_half_up(value, 1))
    return ("+" if signed and rounded > 0 else "") + number(rounded, lang)


def signed(value: float, lang: str) -> str:
    """A difference: "+27", "−60", "0"."""
    return ("+" if value > 0 else "") + number(value, lang)


def percent(ratio: float, lang: str) -> str:
    """0.8145 -> "81%"; below 10 %, one decimal place: 0.085 -> "8.5%" ("8,5%" in Russian)."""
    share = 100 * ratio
    if share < 1e15:
        share = float(_half_up(share, 1 if share < 10 else 0))
    return number(share, lang) + "%"


def lost_percent(conversion: float, lang: str) -> str:
    """The share a step loses, "−27%", as the complement of its conversion as shown ("73%"), so that the two
    figures add up to 100% on the page."""
    share = 100 * conversion
    shown = float(_half_up(share, 1 if share < 10 else 0)) if share < 1e15 else share
    return "\u2212" + percent(max(100 - shown, 0) / 100, lang)


def _half_up(value: float, places: int) -> Decimal:
    """Rounded as people round, halves up (Python's `round` rounds them to even: 72.5 -> 72), from the
    number as written (2.675 is 2.67499... in binary). For values below 1e15 (within Decimal's precision)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def channel_figures(channel: Channel, w: Words, lang: str) -> str:
    """A channel's pulled figures: "лиды 120 · сделки 30 · продажи 30 · выручка 54 000 BYN"."""
    parts = [
        f"{label} {number(value, lang)}"
        for label, value in (
            (w.leads_count, channel.leads),
            (w.deals_count, channel.deals),
            (w.sales_count, channel.sales),
        )
        if value is not None
    ]
    if channel.revenue is not None:
        parts.append(f"{w.revenue} {amount(channel.revenue, channel.currency, lang)}")
    return " · ".join(parts)


def spend_figures(cost: float | None, clicks: int | None, currency: str | None, w: Words, lang: str) -> str:
    """What ads cost and how often they were clicked: "расход 3 888 BYN · клики 1 677"."""
    parts = [f"{w.cost} {amount(cost, currency, lang)}"] if cost is not None else []
    parts += [f"{w.clicks} {number(clicks, lang)}"] if clicks is not None else []
    return " · ".join(parts)
