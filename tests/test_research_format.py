"""The format of what comes after the map: evidence and confidence on pains, thoughts, emotions and
opportunities; an opportunity's score, status, due date, personas, hypothesis, KPIs and ticket; the map's goal,
scenario, research, owner and review dates; the time of a day-in-life stage. Bad values are problems at their
line and column, with a hint."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cjm_cli.api import check_file
from cjm_cli.core.model import check_day, check_time, interval_parts, minutes
from conftest import Run

Cjm = Callable[..., Run]

PLANNED = """\
cjm: 1
title: Shop
goal: Find why carts are abandoned
scenario: From the ad to the first order
owner: Olga, CX lead
research:
  - {kind: interview, source: Customer interviews, count: 14, date: 2025-05-20}
reviewed: 2025-06-30
review_every: 3 months
personas: [{id: anna, name: Anna}, {id: mark, name: Mark}]
departments: [{id: web, name: Web team}]
journey:
  stages:
    - id: checkout
      name: Checkout
      emotions: {anna: -2, mark: -1}
      emotion_evidence:
        anna: [{kind: survey, source: Post-checkout survey, count: 212}]
      emotion_confidence: {anna: observed, mark: assumed}
      thoughts:
        - text: Why 7 EUR now?
          evidence: [{kind: interview, quote: "7 EUR? I closed the tab.", date: 2025-04-11}]
          confidence: observed
      pains:
        - id: late_cost
          text: Delivery cost shows at the last step
          confidence: observed
          evidence:
            - {kind: analytics, source: Funnel, count: 5120, link: https://analytics.example.com/f/42}
      opportunities:
        - id: cost_upfront
          text: Show the delivery cost on the product page
          fixes: [late_cost]
          owner: web
          personas: [anna, mark]
          status: in-progress
          due: 2025-09-30
          hypothesis: Without the surprise, fewer carts are abandoned
          moves: [{kpi: abandonment, by: -8}]
          rice: {reach: 5100, impact: 2, confidence: 80, effort: 0.5}
          ice: {impact: 8, confidence: 7, ease: 9}
          ticket: https://example.atlassian.net/browse/WEB-214
      kpis:
        - {id: abandonment, name: Cart abandonment, target: 60, actual: 78, unit: "%", better: lower}
"""


def problems_of(cjm: Cjm, path: Path) -> list[str]:
    result = cjm("validate", "--format", "text", "--select", "journey", path)
    return [line.removeprefix(f"{path}:") for line in result.stdout.splitlines() if not line.endswith(": valid")]


def test_a_map_with_every_new_key_is_valid(write_map: Callable[..., Path]) -> None:
    result = check_file(str(write_map(PLANNED)))
    assert result.ok, result.problems
    assert result.journey_map is not None and result.journey_map.journey is not None
    opportunity = result.journey_map.journey.stages[0].opportunities[0]
    assert (opportunity.status, opportunity.due, opportunity.moves[0].by) == ("in-progress", "2025-09-30", -8)
    assert result.journey_map.review_every == "3 months"


def test_an_opportunity_without_a_status_is_an_idea(write_map: Callable[..., Path]) -> None:
    path = write_map("cjm: 1\ntitle: T\njourney: {stages: [{id: s, name: S, opportunities: [Chat]}]}\n")
    result = check_file(str(path))
    assert result.journey_map is not None and result.journey_map.journey is not None
    assert result.journey_map.journey.stages[0].opportunities[0].status == "idea"


def test_bad_values_are_problems_at_their_place_with_a_hint(cjm: Cjm, write_map: Callable[..., Path]) -> None:
    text = (
        PLANNED.replace("due: 2025-09-30", "due: 31.09.2025")
        .replace("reviewed: 2025-06-30", "reviewed: 2025-02-30")
        .replace("review_every: 3 months", "review_every: quarterly")
        .replace("impact: 2, confidence: 80", "impact: 4, confidence: 80")
        .replace("status: in-progress", "status: in progress")
        .replace("confidence: observed\n          evidence:", "confidence: sure\n          evidence:")
        .replace("{kind: analytics,", "{kind: analitics,")
    )
    assert problems_of(cjm, write_map(text)) == [
        "8:11: error value '2025-02-30' is not a day of the calendar",
        "9:15: error value 'quarterly' is not an interval: write `30 days`, `6 weeks`, `3 months` or `1 year`",
        "27:23: error value the text 'sure' is not allowed for 'confidence'",
        "    hint: one of: observed, inferred, assumed",
        "29:22: error value the text 'analitics' is not allowed for 'kind'",
        "    hint: did you mean 'analytics'?",
        "36:19: error value the text 'in progress' is not allowed for 'status'",
        "    hint: did you mean 'in-progress'?",
        "37:16: error value '31.09.2025' is not a day written YYYY-MM-DD, e.g. 2025-03-31",
        "40:39: error value RICE impact is 3 (massive), 2 (high), 1 (medium), 0.5 (low) or 0.25 (minimal)",
    ]


def test_scores_stay_on_their_scales(cjm: Cjm, write_map: Callable[..., Path]) -> None:
    text = PLANNED.replace("effort: 0.5", "effort: 0").replace("ease: 9", "ease: 11")
    text = text.replace("reach: 5100", "reach: .inf")
    assert problems_of(cjm, write_map(text)) == [
        "40:25: error value the number inf is not allowed for 'reach'",
        "    hint: write a finite number",
        "40:66: error value the number 0 is out of range for 'effort': it must be more than 0",
        "41:49: error value the number 11 is out of range for 'ease': it must be at most 10",
    ]


def test_an_opportunity_names_personas_and_kpis_that_exist(cjm: Cjm, write_map: Callable[..., Path]) -> None:
    text = PLANNED.replace("personas: [anna, mark]", "personas: [ana]").replace("kpi: abandonment", "kpi: abandon")
    assert problems_of(cjm, write_map(text)) == [
        "35:22: error unknown-ref unknown persona 'ana'",
        "    hint: did you mean 'anna'?",
        "39:25: error unknown-ref unknown KPI 'abandon'",
        "    hint: did you mean 'abandonment'?",
    ]


def test_kpi_ids_are_unique_in_the_whole_map(cjm: Cjm, write_map: Callable[..., Path]) -> None:
    text = PLANNED.replace("      kpis:\n", "      kpis:\n        - {id: abandonment, name: Orders}\n")
    assert problems_of(cjm, write_map(text)) == [
        "45:16: error duplicate-id KPI id 'abandonment' is used twice (first on line 44)",
        "    hint: ids must be unique; rename one of them",
    ]


def test_emotion_evidence_names_personas_that_exist(cjm: Cjm, write_map: Callable[..., Path]) -> None:
    text = PLANNED.replace("emotion_confidence: {anna: observed, mark: assumed}", "emotion_confidence: {bob: assumed}")
    assert problems_of(cjm, write_map(text)) == [
        "19:28: error unknown-ref unknown persona 'bob'",
        "    hint: known: anna, mark",
    ]


def test_a_time_of_day_is_a_time_or_a_span(cjm: Cjm, write_map: Callable[..., Path]) -> None:
    def stage(time: str) -> str:
        return f"cjm: 1\ntitle: T\ntype: day-in-life\njourney: {{stages: [{{id: s, name: S, time: '{time}'}}]}}\n"

    for good in ("07:30", "7:30", "23:59", "07:30-08:15", "07:30 - 08:15"):
        assert check_file(str(write_map(stage(good)))).ok, good
    for bad in ("24:00", "7.30", "07:30-", "07:30–08:15", "morning"):
        assert problems_of(cjm, write_map(stage(bad))) == [
            f"4:43: error value '{bad}' is not a time of day: write `07:30`, or `07:30-08:15` for a span"
        ], bad


def test_a_diff_shows_changed_evidence_as_values(cjm: Cjm, write_map: Callable[..., Path]) -> None:
    old = write_map(PLANNED, "old.yaml")
    changed = PLANNED.replace("count: 212}", "count: 240}").replace("status: in-progress", "status: done")
    new = write_map(changed, "new.yaml")
    document = json.loads(cjm("diff", "--format", "json", old, new).stdout)
    assert [(c["where"], c["old"], c["new"]) for c in document["changes"]] == [
        (
            "journey.stages[checkout].emotion_evidence[anna]",
            [{"kind": "survey", "source": "Post-checkout survey", "count": 212}],
            [{"kind": "survey", "source": "Post-checkout survey", "count": 240}],
        ),
        ("journey.stages[checkout].opportunities[cost_upfront].status", "in-progress", "done"),
    ]


@given(st.text(max_size=12))
def test_a_day_is_exactly_an_iso_calendar_day(text: str) -> None:
    try:
        expected = date.fromisoformat(text).isoformat() == text
    except ValueError:
        expected = False
    try:
        check_day(text)
        accepted = True
    except ValueError:
        accepted = False
    assert accepted == expected


@given(st.dates())
def test_every_calendar_day_is_a_day(day: date) -> None:
    written = day.isoformat()
    assert len(written) != 10 or check_day(written) == written


def test_intervals_read_as_a_number_and_a_unit() -> None:
    assert interval_parts("3 months") == (3, "month")
    assert interval_parts("1 year") == (1, "year")
    assert interval_parts("30 days") == (30, "day")
    assert timedelta(days=interval_parts("6 weeks")[0] * 7).days == 42


@given(st.text(max_size=20))
def test_a_time_of_day_that_is_accepted_is_a_minute_of_the_day(text: str) -> None:
    try:
        check_time(text)
    except ValueError:
        return
    assert 0 <= minutes(text) < 24 * 60
