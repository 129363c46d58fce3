"""The portfolio index as shown (`cjm render --index`): a card of each map in the index's language, with its
figures written as the report writes them, and the totals over every map.

The index is in one language, the one most of its maps are written in (`index_language`): its own words, the
map types and the figures (`1 240`, `33%`) in that language, the maps' own texts as written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import quote

from ..analysis.portfolio import FunnelSummary, MapSummary, OffTarget
from ..core.language import Language
from ..core.model import PlanStatus, interval_parts
from ..core.problems import Problem
from .figures import UNDEFINED, amount, number, percent, signed
from .words import Words, words

PROBLEMS_SHOWN = 3
"""The problems a card of a map with problems lists; `cjm validate` lists them all."""
KPIS_SHOWN = 8
"""The KPIs off target a card lists; the report (and `index.json`) has them all."""


@dataclass(frozen=True)
class IndexEntry:
    """One map of the index: what it is, or what is wrong with it, and where its report is."""

    path: str
    """The map file, as found."""
    summary: MapSummary | None
    """None for a map with problems (it was not drawn)."""
    problems: tuple[Problem, ...]
    """The map's problems and those of its render."""
    report: str | None
    """The report's path from the index's folder (`/` between names); None when no report was made."""
    html: bool = True
    """Whether reports were asked for (`-f` with `html`): a valid map without one then says why."""

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


@dataclass(frozen=True)
class KpiLine:
    stage: str
    name: str
    actual: str
    target: str
    gap: str


@dataclass(frozen=True)
class Card:
    """One map as the index shows it: what is wrong with it first, then (a valid map) what it says."""

    path: str
    report: str | None
    title: str
    """The map's title; its file name when the map has problems and no summary."""
    href: str | None
    """The report's address from the index, its names percent-encoded."""
    errors: int
    warnings: int
    problems: tuple[str, ...]
    """The first errors, as `line:column: message`."""
    more: str
    """What is not listed of the errors, and the command that lists it; "" when nothing."""
    flag: str
    """Over the problems of a map with errors; "" for the others."""
    said: str
    """How many warnings; "" without."""
    type: str = ""
    """The map's type as its badge says it; "" for a map with problems."""
    personas: tuple[str, ...] = ()
    owner: str = ""
    funnels: tuple[str, ...] = ()
    """One line a funnel: "Лиды: 1 240 → 410 успешно · конверсия 33%"."""
    kpis: str = ""
    """How many KPIs are off target of how many: "2 из 12"; "" without KPIs."""
    off_target: tuple[KpiLine, ...] = ()
    """The first `KPIS_SHOWN` of them."""
    more_kpis: str = ""
    """How many more are off target; "" when none."""
    pains: str = ""
    """Open pains of all pains: "3 из 5"; "" without pains."""
    opportunities: tuple[tuple[PlanStatus, str, int], ...] = ()
    """(status, its word, how many)."""
    review: str = ""
    """The day of the next review, or why there is none."""
    overdue: bool | None = None
    no_report: str = ""
    """Why a valid map has no link to its report; "" when it has one."""

    @property
    def marked(self) -> bool:
        return self.errors > 0


@dataclass(frozen=True)
class Portfolio:
    lang: Language
    w: Words
    cards: tuple[Card, ...]
    totals: tuple[tuple[str, str], ...]
    """(label, value) over every map."""
    note: str
    """What the review dates are as of."""


def index_language(summaries: Sequence[MapSummary | None]) -> Language:
    """The language most maps are written in; of equals, the first map's; English when no map says."""
    langs = [s.lang for s in summaries if s is not None]
    if not langs:
        return "en"
    counts = Counter(langs)
    most = max(counts.values())
    return next(lang for lang in langs if counts[lang] == most)


def portfolio(entries: Sequence[IndexEntry], today: date | None) -> Portfolio:
    lang = index_language([e.summary for e in entries])
    w = words(lang)
    cards = tuple(_card(e, w, lang, today) for e in entries)
    summaries = [e.summary for e in entries if e.summary is not None]
    totals = [
        (w.index_maps, number(len(entries), lang)),
        (w.index_with_problems, number(sum(c.marked for c in cards), lang)),
    ]
    if today is not None:
        totals.append((w.index_overdue, number(sum(bool(c.overdue) for c in cards), lang)))
    totals += [
        (w.index_off_target, number(sum(len(s.off_target) for s in summaries), lang)),
        (w.index_open_pains, number(sum(s.open_pains for s in summaries), lang)),
    ]
    note = w.index_as_of.format(day=today.isoformat()) if today is not None else w.index_no_today
    return Portfolio(lang, w, cards, tuple(totals), note)


def _card(entry: IndexEntry, w: Words, lang: str, today: date | None) -> Card:
    errors = [p for p in entry.problems if p.severity == "error"]
    s = entry.summary
    card = Card(
        path=entry.path,
        report=entry.report,
        title=s.title if s is not None else entry.path.replace("\\", "/").rsplit("/", 1)[-1],
        href=quote(entry.report) if entry.report is not None else None,
        errors=len(errors),
        warnings=entry.warnings,
        problems=tuple(f"{p.position.line}:{p.position.column}: {p.message}" for p in errors[:PROBLEMS_SHOWN]),
        more=w.index_more.format(n=len(errors) - PROBLEMS_SHOWN) if len(errors) > PROBLEMS_SHOWN else "",
        flag=f"{w.index_problems if s is None else w.index_not_written} ({w.index_errors.format(n=len(errors))})"
        if errors
        else "",
        said=w.index_warnings.format(n=entry.warnings) if entry.warnings else "",
    )
    if s is None:  # a map with problems says nothing else
        return card
    of = w.index_of
    review, overdue = _review(s, w, today)
    hidden = len(s.off_target) - KPIS_SHOWN
    return replace(
        card,
        type=w.map_types[s.type],
        personas=s.personas,
        owner=s.owner or "",
        funnels=tuple(_funnel(f, w, lang) for f in s.funnels),
        kpis=of.format(part=number(len(s.off_target), lang), whole=number(s.kpis, lang)) if s.kpis else "",
        off_target=tuple(_kpi(k, lang) for k in s.off_target[:KPIS_SHOWN]),
        more_kpis=w.index_more_kpis.format(n=hidden) if hidden > 0 else "",
        pains=of.format(part=number(s.open_pains, lang), whole=number(s.pains, lang)) if s.pains else "",
        opportunities=tuple((status, w.statuses[status], count) for status, count in s.opportunities.items()),
        review=review,
        overdue=overdue,
        no_report="" if entry.html else w.index_no_report,
    )


def _funnel(f: FunnelSummary, w: Words, lang: str) -> str:
    name = f.name if f.name is not None else w.leads
    flow = " → ".join(number(n, lang) for n in (f.entry, f.won) if n is not None)
    parts = [f"{flow} {w.won}" if f.won is not None else flow or UNDEFINED]
    if f.conversion is not None:
        parts.append(f"{w.conversion} {percent(f.conversion, lang)}")
    if f.revenue is not None:
        parts.append(f"{w.revenue.lower()} {amount(f.revenue, f.currency, lang)}")
    return f"{name}: {' · '.join(part for part in parts if part)}"


def _kpi(k: OffTarget, lang: str) -> KpiLine:
    unit = f"\u00a0{k.unit}" if k.unit else ""  # a no-break space: "24 %" is never cut at the line's end
    actual, target, gap = number(k.actual, lang), number(k.target, lang), signed(k.gap, lang)
    return KpiLine(k.stage, k.name, f"{actual}{unit}", f"{target}{unit}", f"{gap}{unit}")


def _review(s: MapSummary, w: Words, today: date | None) -> tuple[str, bool | None]:
    """The next review as the card says it (the day, or what the map says instead of one), and whether it is
    overdue (None without `today` or a day)."""
    review = s.review
    if review is None:
        return w.index_no_review, None
    if review.due is not None:
        overdue = review.overdue(today)
        return (f"{review.due} · {w.index_overdue_mark}" if overdue else review.due), overdue
    if review.reviewed:
        return f"{w.index_no_review} ({w.reviewed.lower()} {review.reviewed})", None
    count, unit = interval_parts(review.every or "")
    return f"{w.index_no_review} ({w.review_every} {count} {w.interval_units[unit]})", None
