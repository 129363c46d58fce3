"""The rules of what a map is based on and how it is kept: a pain without evidence in a map that records its
research, a review that is overdue, and a day in the life read hour by hour (where the rules about the
company's side of a stage are off)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from cjm_cli.api import check_file
from cjm_cli.core.rules import RuleOptions

WriteMap = Callable[..., Path]

RESEARCHED = """\
cjm: 1
title: Shop
research:
  - {kind: interview, source: Customer interviews, count: 9}
journey:
  stages:
    - id: buy
      name: Buy
      pains:
        - id: heard
          text: Long form
          evidence: [{kind: interview, quote: "Fourteen fields, really?"}]
        - {id: guessed, text: Slow pages, confidence: assumed}
        - {id: claimed, text: No chat at night, confidence: observed}
        - Hidden delivery cost
"""


OURS = ("pain-no-evidence", "review-overdue", "day-stage-time")


def warnings(
    path: Path, options: RuleOptions | None = None, codes: tuple[str, ...] = OURS
) -> list[tuple[int | str, ...]]:
    """(line, column, code, message) of each warning of these rules."""
    return [
        (p.position.line, p.position.column, p.code, p.message)
        for p in check_file(str(path), options).problems
        if p.code in codes
    ]


def test_pain_without_evidence_in_a_map_that_records_research(write_map: WriteMap) -> None:
    assert warnings(write_map(RESEARCHED)) == [
        (14, 11, "pain-no-evidence", "the pain 'No chat at night' is marked observed but names no evidence"),
        (15, 11, "pain-no-evidence", "the pain 'Hidden delivery cost' names no evidence"),
    ]


def test_evidence_anywhere_makes_the_map_one_that_records_research(write_map: WriteMap) -> None:
    text = RESEARCHED.replace("research:\n  - {kind: interview, source: Customer interviews, count: 9}\n", "")
    assert [w[2] for w in warnings(write_map(text))] == ["pain-no-evidence", "pain-no-evidence"]


def test_a_map_that_records_no_research_is_not_checked(write_map: WriteMap) -> None:
    text = "cjm: 1\ntitle: Shop\njourney: {stages: [{id: buy, name: Buy, pains: [Long form, Slow pages]}]}\n"
    assert warnings(write_map(text)) == []


def test_a_pain_can_be_silenced_like_any_element(write_map: WriteMap) -> None:
    text = RESEARCHED.replace("        - Hidden delivery cost\n", "        - {text: Hidden cost, ignore: [evidence]}\n")
    assert [w[3] for w in warnings(write_map(text))] == [
        "the pain 'No chat at night' is marked observed but names no evidence"
    ]


REVIEWED = "cjm: 1\ntitle: Shop\nowner: Olga\nreviewed: {reviewed}\nreview_every: {every}\n"


def test_a_review_is_overdue_the_day_after_it_was_due(write_map: WriteMap) -> None:
    path = write_map(REVIEWED.format(reviewed="2025-01-31", every="1 month"))
    assert warnings(path, RuleOptions(today=date(2025, 2, 28))) == []
    assert warnings(path, RuleOptions(today=date(2025, 3, 1))) == [
        (
            4,
            11,
            "review-overdue",
            "the map was last reviewed on 2025-01-31 and was due for a review on 2025-02-28 (every 1 month)",
        )
    ]


def test_the_review_is_checked_against_today_by_default(write_map: WriteMap) -> None:
    fresh = write_map(REVIEWED.format(reviewed=date.today().isoformat(), every="30 days"), "fresh.yaml")
    stale = write_map(REVIEWED.format(reviewed=(date.today() - timedelta(days=31)).isoformat(), every="30 days"))
    assert warnings(fresh) == []
    assert [w[2] for w in warnings(stale)] == ["review-overdue"]


def test_an_interval_without_a_review_day_asks_for_one(write_map: WriteMap) -> None:
    path = write_map("cjm: 1\ntitle: Shop\nreview_every: 6 weeks\n")
    assert warnings(path) == [
        (3, 1, "review-overdue", "the map is to be reviewed every 6 weeks but says no day it was")
    ]


def test_a_review_day_without_an_interval_is_never_overdue(write_map: WriteMap) -> None:
    assert warnings(write_map("cjm: 1\ntitle: Shop\nreviewed: 2001-01-01\n")) == []


DAY = """\
cjm: 1
title: A school day
type: day-in-life
personas: [{id: mum, name: Mum}]
journey:
  stages:
    - {id: wake, name: Wake up, time: "06:45", emotions: {mum: 0}}
    - {id: school, name: The way to school, time: 07:30-08:10, emotions: {mum: -1}, pains: [Traffic]}
    - {id: work, name: At work, emotions: {mum: 0}}
    - {id: pickup, name: Pick-up, time: "07:15", emotions: {mum: 1}}
"""


def test_a_day_in_the_life_has_its_times_in_order(write_map: WriteMap) -> None:
    assert warnings(write_map(DAY)) == [
        (9, 7, "day-stage-time", "stage 'At work' of this day in the life has no time of day"),
        (10, 41, "day-stage-time", "stage 'Pick-up' at 07:15 comes after 'The way to school' at 07:30-08:10"),
    ]


def test_a_day_in_the_life_is_not_asked_for_owners_touchpoints_or_kpis(write_map: WriteMap) -> None:
    every = (*OURS, "stage-no-owner", "stage-no-touchpoint", "stage-no-kpi")
    as_day = {w[2] for w in warnings(write_map(DAY, "day.yaml"), codes=every)}
    as_current = {w[2] for w in warnings(write_map(DAY.replace("type: day-in-life", "type: current")), codes=every)}
    assert as_day == {"day-stage-time"}
    assert {"stage-no-owner", "stage-no-touchpoint", "stage-no-kpi"} <= as_current
    assert "day-stage-time" not in as_current


def test_the_rules_page_says_which_rules_a_day_in_the_life_skips() -> None:
    from cjm_cli.core.rules import RULES

    skipped = [rule.code for rule in RULES if "day-in-life" in rule.not_in]
    assert skipped == ["stage-no-touchpoint", "stage-no-owner", "stage-no-kpi"]
    page = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page.count("Not checked in maps of type `day-in-life`.") == len(skipped)
