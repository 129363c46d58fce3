"""The keys pulled figures need in the format: `pulled` (source, period, day), the channels' and campaigns'
figures, KPI ids; each mistake reported at its line and column."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from cjm_cli.api import check_file
from cjm_cli.core.period import parse_period, resolve
from cjm_cli.core.rules import NO_RULES
from conftest import Run

MAP = """\
cjm: 1
title: Shop
journey:
  stages:
    - id: s1
      name: S1
      kpis:
        - {id: leads, name: Leads, actual: 10, pulled: {source: csv, period: 2026-Q3, date: '2026-12-03'}}
        - {id: leads, name: Leads again}
channels:
  - id: direct
    name: Яндекс Директ
    kind: ads
    crm_id: UC_3XK9ZT
    feeds: leads
    leads: 240
    deals: 40
    sales: 31
    revenue: 55800
    currency: BYN
    pulled: {source: bitrix24, period: 2026-07-01..2026-09-30, date: '2026-12-03'}
leads:
  period: 2026-Q3
  pulled: {source: bitrix24, period: 2026-Q3, date: '2026-12-03'}
  stages:
    - {id: NEW, name: New, count: 240}
    - {id: JUNK, name: Junk, meaning: failure}
ppc:
  - id: video
    name: Video
    channel: direkt
    cost: 4210.5
    clicks: 1830
    impressions: 52100
    currency: BYN
    pulled: {source: yandex-direct, period: 2026-Q3, date: '2026-12-03'}
    groups:
      - {id: g1, name: G1, cost: 10, clicks: 5, impressions: 100}
"""


def problems(write_map: Callable[..., Path], text: str) -> list[tuple[int, int, str, str]]:
    result = check_file(str(write_map(text)), NO_RULES)
    return [(p.position.line, p.position.column, p.code, p.message) for p in result.problems]


def test_pulled_figures_validate_and_references_are_checked(write_map: Callable[..., Path]) -> None:
    assert problems(write_map, MAP) == [
        (9, 16, "duplicate-id", "KPI id 'leads' is used twice (first on line 8)"),
        (31, 14, "unknown-ref", "unknown channel 'direkt'"),
    ]


@pytest.mark.parametrize(
    ("pulled", "message"),
    [
        ("{source: csv, period: 2026-Q5, date: '2026-12-03'}", "a period is written 2026, 2026-Q3, 2026-07"),
        ("{source: csv, period: 2026-13, date: '2026-12-03'}", "there is no month 13"),
        ("{source: csv, period: 2026-09-30..2026-07-01, date: '2026-12-03'}", "the period ends before it starts"),
        ("{source: csv, date: '2026-02-30'}", "'2026-02-30' is not a day of the calendar"),
        ("{source: csv, date: 03.12.2026}", "is not a day written YYYY-MM-DD"),
        ("{source: csv}", "missing"),
    ],
)
def test_a_period_or_a_day_that_cannot_be_read_is_an_error_at_its_place(
    write_map: Callable[..., Path], pulled: str, message: str
) -> None:
    text = MAP.replace("{source: csv, period: 2026-Q3, date: '2026-12-03'}", pulled)
    found = [(line, code, text) for line, _, code, text in problems(write_map, text)]
    assert len(found) == 1 and found[0][0] == 8 and message in found[0][2], found


def test_the_json_schema_knows_the_new_keys(cjm: Callable[..., Run]) -> None:
    schema = cjm("schema").stdout
    for key in ('"pulled"', '"crm_id"', '"impressions"', '"revenue"', "2026-Q3"):
        assert key in schema


def test_periods_are_read_as_written_and_relative_to_a_day() -> None:
    assert parse_period("2026-Q3").first == date(2026, 7, 1) and parse_period("2026-Q3").last == date(2026, 9, 30)
    assert parse_period("2024-02").last == date(2024, 2, 29)
    today = date(2026, 1, 15)
    assert resolve("last-quarter", today).written == "2025-Q4"
    assert resolve("this-quarter", today).written == "2026-Q1"
    assert resolve("last-month", today).written == "2025-12"
    assert resolve("last-year", today).written == "2025"
    assert resolve("2026-07-01..2026-07-31", today).written == "2026-07-01..2026-07-31"


def test_how_old_pulled_figures_may_be_is_set_in_the_settings(tmp_path: Path, cjm: Callable[..., Run]) -> None:
    (tmp_path / ".git").mkdir()
    old = (date.today() - timedelta(days=40)).isoformat()
    pulled = f"{{source: bitrix24, date: '{old}'}}"
    text = f"cjm: 1\ntitle: T\nleads:\n  pulled: {pulled}\n  stages: [{{id: NEW, name: New}}]\n"
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    run = cjm("validate", "--select", "pulled-stale", tmp_path / "map.yaml")
    assert (run.exit_code, run.stdout.count("pulled-stale")) == (0, 1)
    assert f"{tmp_path / 'map.yaml'}:4:36: warning pulled-stale the figures of the leads were pulled" in run.stdout
    (tmp_path / ".cjm.yaml").write_text("stale_after_days: 45\n", encoding="utf-8")
    assert "pulled-stale" not in cjm("validate", tmp_path / "map.yaml").stdout
    (tmp_path / ".cjm.yaml").write_text("stale_after_days: a month\n", encoding="utf-8")
    run = cjm("validate", tmp_path / "map.yaml")
    assert run.exit_code == 1
    assert f"{tmp_path / '.cjm.yaml'}:1:19: error config `stale_after_days` is a number of days" in run.stdout
