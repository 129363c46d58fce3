"""The HTML report after the map: what the map says about itself under the title, the evidence under pains,
thoughts, emotions and opportunities, a Plan section with a value/effort picture, and in an ideal map's report
the gap from its twin; in the map's language, the map's text escaped, and nothing of it for a map without it."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, Run

Cjm = Callable[..., Run]
WriteMap = Callable[..., Path]


def report(cjm: Cjm, path: Path, out: Path) -> str:
    result = cjm("render", path, "-o", out, "-f", "html")
    assert result.exit_code == 0, result.stdout + result.stderr
    return (out / f"{path.stem}.html").read_text(encoding="utf-8")


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def found(pattern: str, page: str) -> str:
    match = re.search(pattern, page, flags=re.DOTALL)
    assert match, pattern
    return match.group()


def section(page: str, name: str) -> str:
    found = re.search(rf'<section class="{name}".*?</section>', page, flags=re.DOTALL)
    assert found, name
    return found.group()


def test_the_plan_ranks_the_opportunities_and_marks_what_is_done(cjm: Cjm, tmp_path: Path) -> None:
    plan = text_of(section(report(cjm, EXAMPLES / "b2c-running-shoes.yaml", tmp_path), "plan"))
    assert plan.startswith("Plan # RICE Opportunity Stage Status Owner Due Fixes KPIs it moves Ticket")
    assert '1 20,400 Show the delivery cost and "free from 80 EUR" on the product page and in the cart' in plan
    assert "Hypothesis: Without the surprise at the last step, fewer carts are abandoned" in plan
    assert "Cart abandonment: 78 % → 70 % (−8 %)" in plan
    assert "WEB-214" in plan
    assert (
        '5,100 "30-day returns, even after a treadmill run" next to the Pay button Decision and checkout done' in plan
    )
    assert "Value and effort (RICE) Quick wins Big bets Fill-ins Time sinks" in plan


def test_the_value_effort_picture_has_a_point_per_ranked_item(cjm: Cjm, tmp_path: Path) -> None:
    plan = section(report(cjm, EXAMPLES / "b2c-running-shoes.yaml", tmp_path), "plan")
    ranks = re.findall(r'<g class="ve-point"><title>(\d+)\. ', plan)
    ranked = json.loads(cjm("plan", "-f", "json", EXAMPLES / "b2c-running-shoes.yaml").stdout)["items"]
    assert ranks == [str(item["rank"]) for item in ranked if item["rank"] is not None]
    assert len(ranks) > 10


def test_evidence_and_confidence_show_under_their_cards(cjm: Cjm, tmp_path: Path) -> None:
    page = report(cjm, EXAMPLES / "b2c-running-shoes.yaml", tmp_path)
    pains = found(r'<tr class="lane pains".*?</tr>', page)
    shown = text_of(pains)
    assert (
        "Delivery cost and the free-delivery threshold appear only at the last checkout step observed Evidence: 2"
        in shown
    )
    assert "interview · Interview 4: “7 EUR for delivery? I closed the tab.”" in shown
    assert (
        '<a href="https://analytics.pacelab.example/funnels/checkout">analytics · Checkout funnel, Q1-Q2 · × 5120</a>'
        in pains
    )
    assert 'class="card c-inferred' in pains
    feelings = text_of(found(r'<tr class="lane feelings".*?</tr>', page))
    assert "anxiety observed Evidence: 1 survey · Effort score of checkout: 2.1 of 5 · × 212" in feelings


def test_the_map_says_what_it_is_for_and_when_it_is_next_reviewed(cjm: Cjm, tmp_path: Path) -> None:
    header = text_of(found(r"<header.*?</header>", report(cjm, EXAMPLES / "b2b-blueprint.yaml", tmp_path)))
    assert "Цель Понять, где сделка буксует у каждой роли закупочного центра" in header
    assert "Владелец карты Ирина Соколова, коммерческий директор" in header
    assert "Проверена 2026-10-30 · проверять раз в 6 мес. · следующая проверка 2027-04-30" in header
    assert "Исследования интервью · Интервью с клиентами" in header


def test_an_ideal_maps_report_shows_the_gap_from_its_twin(cjm: Cjm, tmp_path: Path) -> None:
    gap = section(report(cjm, EXAMPLES / "b2b-blueprint.ideal.yaml", tmp_path), "gap")
    shown = text_of(gap)
    assert shown.startswith("Разрыв с идеалом ПромВоздух: закупка и обслуживание компрессорной станции → ")
    assert "10 Боли, которые решает идеал 1 Остаются 1 Новые боли" in shown
    assert "Срок согласования договора: 24 дн. → 10 дн. (−14 дн.)" in shown
    assert "через: Типовой договор с заранее согласованными вариантами спорных пунктов (в работе)" in shown
    strands = re.findall(r'<g class="strands gap-curve[^"]*"[^>]*>(.*?)</g>', gap)
    assert len(strands) == 3 and all('class="now"' in s for s in strands)  # today's curve of each of the three roles


@pytest.mark.parametrize("twin", ["missing.yaml", "broken.yaml"])
def test_without_a_readable_twin_the_report_has_no_gap(
    cjm: Cjm, write_map: WriteMap, tmp_path: Path, twin: str
) -> None:
    write_map("cjm: 1\ntitle: [x]\n", "broken.yaml")
    ideal = write_map(f"cjm: 1\ntitle: Ideal\ntype: ideal\ntwin: {twin}\njourney: {{stages: [{{id: a, name: A}}]}}\n")
    page = report(cjm, ideal, tmp_path / "out")
    assert 'class="gap"' not in page


def test_a_map_without_any_of_it_gets_the_report_it_had(cjm: Cjm, write_map: WriteMap, tmp_path: Path) -> None:
    plain = write_map(
        "cjm: 1\ntitle: Shop\njourney: {stages: [{id: a, name: A, pains: [Slow], opportunities: [Fast]}]}\n"
    )
    page = report(cjm, plain, tmp_path)
    for part in ('class="about"', 'class="plan"', 'class="gap"', "<details", ".plan-table"):
        assert part not in page, part


def test_the_maps_text_is_escaped_everywhere_it_now_appears(cjm: Cjm, write_map: WriteMap, tmp_path: Path) -> None:
    attack = "<img src=x onerror=alert(1)>"
    text = f"""\
cjm: 1
title: Shop
goal: "{attack}"
research: [{{kind: interview, source: "{attack}"}}]
journey:
  stages:
    - id: a
      name: A
      pains:
        - {{id: p, text: Pain, evidence: [{{kind: survey, quote: "{attack}"}}]}}
      opportunities:
        - text: "{attack}"
          fixes: [p]
          hypothesis: "{attack}"
          rice: {{reach: 1, impact: 1, confidence: 50, effort: 1}}
        - {{text: Other, rice: {{reach: 2, impact: 1, confidence: 50, effort: 1}}}}
"""
    page = report(cjm, write_map(text), tmp_path)
    assert attack not in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") >= 5


def test_a_link_that_is_no_web_address_never_reaches_the_report(cjm: Cjm, write_map: WriteMap) -> None:
    stage = "{id: a, name: A, opportunities: [{text: X, ticket: 'javascript:alert(1)'}]}"
    text = f"cjm: 1\ntitle: T\njourney: {{stages: [{stage}]}}\n"
    result = cjm("validate", write_map(text))
    assert result.exit_code == 1
    assert "a link must start with https://" in result.stdout


def test_a_day_in_the_life_shows_each_stages_time(cjm: Cjm, tmp_path: Path) -> None:
    path = tmp_path / "day.yaml"
    assert cjm("init", path, "--template", "day-in-life", "--lang", "ru").exit_code == 0
    result = cjm("render", path, "-o", tmp_path, "-f", "svg,html")
    assert result.exit_code == 0, result.stdout
    page = (tmp_path / "day.html").read_text(encoding="utf-8")
    assert '<span class="number">2 · 07:30-08:10</span> Дорога в школу' in page
    svg = (tmp_path / "day.journey.svg").read_text(encoding="utf-8")
    assert "2 · 07:30-08:10" in html.unescape(svg)  # SVG writes the hyphen as &#45;
