"""Pulled figures in the pictures and the report: which figures are pulled and for which period ("факт за 3 кв.
2026, выгружено 03.12"), and what paid traffic cost per lead and per sale and brought back, on the channel and
the campaign that earned it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli.analysis.metrics import measure
from cjm_cli.api import check_file
from cjm_cli.core.model import JourneyMap, Pulled
from cjm_cli.core.period import parse_period
from cjm_cli.views.figures import period_words, pulled_note
from cjm_cli.views.flow import build_flow
from cjm_cli.views.funnels import funnel_tables
from cjm_cli.views.words import words
from conftest import Run

MAP = """\
cjm: 1
title: Shop
lang: {lang}
journey:
  stages:
    - id: s1
      name: S1
      kpis:
        - id: visits
          name: Visits
          actual: 10
          period: Q1
          pulled: {{source: csv, period: 2026-07, date: '2026-08-02'}}
channels:
  - id: direct
    name: Direct
    kind: ads
    feeds: leads
    leads: 240
    sales: 30
    revenue: 60000
    currency: BYN
    pulled: {{source: bitrix24, period: 2026-Q3, date: '2026-12-03'}}
  - id: chat
    name: Chat
    kind: chat
    feeds: leads
    leads: 10
    pulled: {{source: bitrix24, period: 2026-Q3, date: '2026-12-03'}}
leads:
  period: I квартал
  pulled: {{source: bitrix24, period: 2026-Q3, date: '2026-12-03'}}
  stages:
    - {{id: NEW, name: New, count: 250}}
    - {{id: JUNK, name: Junk, meaning: failure, count: 10}}
ppc:
  - id: video
    name: Video
    channel: direct
    cost: 3000
    clicks: 1500
    currency: BYN
    pulled: {{source: yandex-direct, period: 2026-Q3, date: '2026-12-03'}}
    groups:
      - {{id: g1, name: G1, cost: 1000, clicks: 400}}
  - id: brand
    name: Brand
    channel: direct
    cost: 1800
    currency: BYN
    pulled: {{source: google-ads, period: 2026-Q3, date: '2026-12-03'}}
"""


def checked(write_map: Callable[..., Path], text: str) -> JourneyMap:
    result = check_file(str(write_map(text)))
    assert result.ok and result.journey_map is not None, result.problems
    return result.journey_map


@pytest.mark.parametrize(
    ("period", "day", "en", "ru"),
    [
        ("2026-Q3", "2026-12-03", "actual for Q3 2026, pulled 3 Dec", "факт за 3 кв. 2026, выгружено 03.12"),
        ("2026-07", "2026-08-02", "actual for July 2026, pulled 2 Aug", "факт за июль 2026, выгружено 02.08"),
        ("2026", "2027-01-10", "actual for 2026, pulled 10 Jan 2027", "факт за 2026 г., выгружено 10.01.2027"),
        (
            "2026-07-01..2026-07-31",
            "2026-08-01",
            "actual for 1 Jul – 31 Jul 2026, pulled 1 Aug",
            "факт за 01.07 – 31.07.2026, выгружено 01.08",
        ),
        (None, "2026-08-01", "pulled 1 Aug 2026", "выгружено 01.08.2026"),
    ],
)
def test_the_pulled_note_in_both_languages(period: str | None, day: str, en: str, ru: str) -> None:
    pulled = Pulled(source="bitrix24", period=period, date=day)
    assert (pulled_note(pulled, words("en")), pulled_note(pulled, words("ru"))) == (en, ru)


def test_a_period_across_years_names_both_years() -> None:
    period = parse_period("2025-12-15..2026-01-14")
    assert period_words(period, words("ru")) == "15.12.2025 – 14.01.2026"


def test_channel_returns_count_the_cost_of_its_campaigns(write_map: Callable[..., Path]) -> None:
    figures = measure(checked(write_map, MAP.format(lang="en")))
    [direct] = figures.channels
    assert (direct.key, direct.cost, direct.cost_per_lead, direct.cost_per_sale) == ("direct", 4800, 20, 160)
    assert direct.return_on_ad_spend == 12.5
    video, brand = figures.campaigns
    # Two campaigns share the channel: its leads are not either one's alone.
    assert (video.cost, video.cost_per_click, video.cost_per_lead) == (3000, 2, None)
    assert brand.cost_per_lead is None


def test_figures_of_different_periods_or_currencies_are_not_divided(write_map: Callable[..., Path]) -> None:
    other_period = MAP.format(lang="en").replace(
        "{source: google-ads, period: 2026-Q3", "{source: google-ads, period: 2026-Q2"
    )
    [direct] = measure(checked(write_map, other_period)).channels
    assert (direct.cost, direct.cost_per_lead, direct.return_on_ad_spend) == (None, None, None)
    other_currency = MAP.format(lang="en").replace(
        "    cost: 1800\n    currency: BYN", "    cost: 1800\n    currency: USD"
    )
    [direct] = measure(checked(write_map, other_currency)).channels
    assert direct.cost is None


def test_a_campaign_alone_on_its_channel_shows_the_channels_returns(write_map: Callable[..., Path]) -> None:
    text = MAP.format(lang="en").replace("    channel: direct\n    cost: 1800", "    cost: 1800")
    video, brand = measure(checked(write_map, text)).campaigns
    assert (video.cost_per_lead, video.cost_per_sale, video.return_on_ad_spend) == (12.5, 100, 20)
    assert brand.cost_per_lead is None


def test_the_flow_says_which_figures_are_pulled_and_what_ads_earned(write_map: Callable[..., Path]) -> None:
    flow = build_flow(checked(write_map, MAP.format(lang="ru")))
    assert flow is not None and flow.leads is not None
    assert flow.leads.subtitle == "факт за 3 кв. 2026, выгружено 03.12"  # not the hand-written "I квартал"
    assert flow.channels_note == "факт за 3 кв. 2026, выгружено 03.12"
    direct = flow.channel_groups[0].channels[0]
    assert direct.figures == "лиды 240 · продажи 30 · выручка 60\u00a0000 BYN"
    assert direct.returns == "цена лида 20 BYN · цена продажи 160 BYN · окупаемость 1\u00a0250%"
    video = flow.campaigns[0]
    assert video.subtitle == "поиск · факт за 3 кв. 2026, выгружено 03.12"
    assert video.figures == "расход 3\u00a0000 BYN · клики 1\u00a0500"
    assert video.groups[0].figures == "расход 1\u00a0000 BYN · клики 400"


def test_the_report_tables_say_it_too(write_map: Callable[..., Path], cjm: Callable[..., Run], tmp_path: Path) -> None:
    m = checked(write_map, MAP.format(lang="en"))
    [leads] = funnel_tables(m)
    assert leads.subtitle == "actual for Q3 2026, pulled 3 Dec"
    run = cjm("render", write_map(MAP.format(lang="en")), "-o", tmp_path / "out", "-f", "html,svg")
    assert run.exit_code == 0, run.stderr
    html = (tmp_path / "out" / "map.html").read_text(encoding="utf-8")
    assert "actual for July 2026, pulled 2 Aug" in html  # the KPI's
    assert "actual for Q3 2026, pulled 3 Dec" in html
    svg = (tmp_path / "out" / "map.flow.svg").read_text(encoding="utf-8")
    assert "cost per lead 20 BYN" in svg and "ROAS 1,250%" in svg  # wrapped in the node, on lines of their own


def test_a_map_without_pulled_figures_is_drawn_as_before(write_map: Callable[..., Path]) -> None:
    text = "cjm: 1\ntitle: T\nleads:\n  period: Q1 2025\n  stages: [{id: NEW, name: New, count: 5}]\n"
    flow = build_flow(checked(write_map, text))
    assert flow is not None and flow.leads is not None and flow.leads.subtitle == "Q1 2025"
    assert flow.channels_note == ""


def test_cjm_diff_tells_a_pull_apart(write_map: Callable[..., Path], cjm: Callable[..., Run]) -> None:
    pulled = write_map(MAP.format(lang="en"), "pulled.yaml")
    line = "leads:\n  period: I квартал\n  pulled: {source: bitrix24, period: 2026-Q3, date: '2026-12-03'}\n"
    before = write_map(MAP.format(lang="en").replace(line, "leads:\n  period: I квартал\n"))
    run = cjm("diff", before, pulled)
    assert '  ~ leads.pulled.source: (none) -> "bitrix24"\n' in run.stdout, run.stdout + run.stderr
    assert '  ~ leads.pulled.date: (none) -> "2026-12-03"\n' in run.stdout


def test_stats_json_carries_where_figures_came_from_and_the_returns(
    write_map: Callable[..., Path], cjm: Callable[..., Run]
) -> None:
    import json

    document = json.loads(cjm("stats", write_map(MAP.format(lang="en")), "-f", "json").stdout)["maps"][0]
    assert document["funnels"][0]["pulled"] == {"source": "bitrix24", "period": "2026-Q3", "date": "2026-12-03"}
    assert document["kpis"][0]["pulled"]["period"] == "2026-07"
    channel = next(r for r in document["returns"] if r["kind"] == "channel")
    assert (channel["key"], channel["cost_per_lead"], channel["return_on_ad_spend"]) == ("direct", 20.0, 12.5)
