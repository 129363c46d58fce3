"""`cjm stats`: funnel and KPI figures as text and JSON, through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import EXAMPLES, Run

SMALL = """\
cjm: 1
title: Shoe shop
journey:
  stages:
    - id: buy
      name: Buying
      kpis:
        - {name: Response time, target: 15, actual: 42, unit: min, better: lower}
        - {name: Checkout conversion, target: 40, actual: 45, unit: "%"}
        - {name: Reviews}
leads:
  period: Q1
  stages:
    - {id: NEW, name: New, count: 200}
    - {id: WORK, name: In progress, count: 150}
    - {id: JUNK, name: Junk, meaning: failure, count: 90}
    - {id: DONE, name: Converted, meaning: success, count: 60}
deals:
  - id: shoes
    name: Shoes
    currency: EUR
    stages:
      - {id: NEW, name: New, count: 60, amount: 6000}
      - {id: FITTING, name: Fitting}
      - {id: PAID, name: Paid, count: 24, amount: 2880}
      - {id: SHIPPED, name: Shipped, meaning: success, count: 20, amount: 2500}
      - {id: LOST, name: Lost, meaning: failure, count: 30}
"""


def parsed(run: Run) -> dict[str, Any]:
    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    document: dict[str, Any] = json.loads(run.stdout, parse_constant=no_constants)
    return document


def test_text_tables_of_a_small_map(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map(SMALL)
    result = cjm("stats", path)
    assert result.exit_code == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: Shoe shop"
    # Leads: 150/200 = 75%, 60/150 = 40% (the biggest drop-off); of the first stage 75%, 45% (junk), 30%.
    assert "Leads · Q1" in lines
    assert "  NEW    New            200                       100%" in lines
    assert "  WORK   In progress    150            75%         75%" in lines
    assert "  JUNK   Junk            90                        45%  unqualified" in lines  # leads are not "lost"
    assert "  DONE   Converted       60            40%         30%  converted, ◀ biggest drop-off \u221260%" in lines
    assert "  conversion 30% · converted 60 · unqualified 90" in lines
    assert "  biggest drop-off: In progress → Converted: \u221260% (\u221290), went on: 40%" in lines
    # Shoes: the stage without a count breaks both steps around it; 20/24 = 83%; revenue 2 500 / 20 = 125.
    assert "Shoes · EUR" in lines
    assert "  FITTING  Fitting      —                         —           —" in lines
    assert "  PAID     Paid        24  2,880 EUR              —         40%" in lines
    assert "  SHIPPED  Shipped     20  2,500 EUR            83%         33%  won, ◀ biggest drop-off \u221217%" in lines
    assert "  LOST     Lost        30                                   50%  lost" in lines
    assert "  conversion 33% · won 20 · lost 30 · revenue 2,500 EUR · average deal 125 EUR" in lines
    # KPIs: status against the target in the direction that is better, the gap as actual - target.
    assert "  Buying  Response time        42 min  15 min  +27 min  target missed" in lines
    assert "  Buying  Checkout conversion    45 %    40 %     +5 %  target met" in lines
    assert "  Buying  Reviews                                       no target or actual" in lines


def test_json_holds_every_figure_as_a_number(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map(SMALL)
    result = cjm("stats", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = parsed(result)
    assert document["version"] == 1
    [shown] = document["maps"]
    assert (shown["path"], shown["valid"], shown["title"], shown["lang"], shown["problems"]) == (
        str(path),
        True,
        "Shoe shop",
        "en",
        [],
    )
    leads, shoes = shown["funnels"]
    assert leads == {
        "key": "leads",
        "kind": "leads",
        "name": None,
        "period": "Q1",
        "currency": None,
        "stages": [
            {"id": "NEW", "name": "New", "meaning": "progress", "count": 200, "amount": None, "of_entry": 1.0},
            {
                "id": "WORK",
                "name": "In progress",
                "meaning": "progress",
                "count": 150,
                "amount": None,
                "of_entry": 0.75,
            },
            {"id": "JUNK", "name": "Junk", "meaning": "failure", "count": 90, "amount": None, "of_entry": 0.45},
            {"id": "DONE", "name": "Converted", "meaning": "success", "count": 60, "amount": None, "of_entry": 0.3},
        ],
        "steps": [
            {"from": "NEW", "to": "WORK", "from_count": 200, "to_count": 150, "conversion": 0.75, "lost": 50},
            {"from": "WORK", "to": "DONE", "from_count": 150, "to_count": 60, "conversion": 0.4, "lost": 90},
        ],
        "overall_conversion": 0.3,
        "outcome": "DONE",
        "biggest_drop_off": {"from": "WORK", "to": "DONE", "conversion": 0.4, "lost": 90},
        "won": 60,
        "lost": 90,
        "revenue": None,
        "average_deal": None,
        "pulled": None,
    }
    assert [(s["from"], s["to"], s["conversion"], s["lost"]) for s in shoes["steps"]] == [
        ("NEW", "FITTING", None, None),
        ("FITTING", "PAID", None, None),
        ("PAID", "SHIPPED", 20 / 24, 4),
    ]
    assert (shoes["won"], shoes["lost"], shoes["revenue"], shoes["average_deal"]) == (20, 30, 2500, 125)
    assert shoes["overall_conversion"] == 20 / 60 and shoes["currency"] == "EUR"
    assert shown["kpis"][0] == {
        "stage_id": "buy",
        "stage": "Buying",
        "name": "Response time",
        "target": 15,
        "actual": 42,
        "unit": "min",
        "better": "lower",
        "period": None,
        "status": "missed",
        "gap": 27,
        "pulled": None,
    }
    assert [(k["status"], k["gap"]) for k in shown["kpis"][1:]] == [("met", 5), ("unknown", None)]


def test_numbers_follow_the_maps_language(cjm: Callable[..., Run]) -> None:
    result = cjm("stats", EXAMPLES / "sales-system.yaml")
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Лиды · I квартал" in out
    assert "1\u00a0240" in out  # a no-break space groups thousands in Russian
    assert "выручка 235\u00a0800 BYN · средний чек 1\u00a0800 BYN" in out  # 235 800 / 131 deals won
    # 190 of 265 went on (72%): 28% and 75 deals lost.
    assert "наибольшие потери: Подготовка КП → Счёт на предоплату: \u221228% (\u221275), дошло: 72%" in out
    assert "цель не достигнута" in out


def test_a_map_without_figures_says_so(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map("cjm: 1\ntitle: T\nleads: {stages: [{id: A, name: A}, {id: W, name: W, meaning: success}]}\n")
    result = cjm("stats", path)
    assert result.exit_code == 0
    assert "Leads: no counts or amounts" in result.stdout
    assert "no figures: the map gives no counts or amounts on lead and deal stages" in result.stdout
    document = parsed(cjm("stats", path, "-f", "json"))
    assert document["maps"][0]["funnels"][0]["overall_conversion"] is None


def test_a_map_with_errors_is_reported_as_validate_does(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    broken = write_map("cjm: 1\ntitle: T\nleads: {stages: [{id: A, name: A, count: -3}]}\n", "broken.yaml")
    good = write_map(SMALL, "good.yaml")
    result = cjm("stats", broken, good)
    assert result.exit_code == 1
    assert f"{broken}:3:42: error value" in result.stdout
    assert "Shoe shop" in result.stdout  # the other map is still measured
    document = parsed(cjm("stats", broken, good, "--format", "json"))
    first, second = document["maps"]
    assert first["valid"] is False and first["funnels"] == [] and first["title"] is None
    assert [(p["line"], p["column"], p["code"]) for p in first["problems"]] == [(3, 42, "value")]
    assert second["valid"] is True


def test_usage_errors_exit_2(cjm: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cjm("stats", tmp_path / "empty")
    assert result.exit_code == 2
    assert "no map files found" in result.stderr
    assert cjm("stats", EXAMPLES / "sales-system.yaml", "--format", "csv").exit_code == 2


def test_a_usage_error_cannot_forge_escape_sequences(cjm: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "maps\x1b[2J").mkdir()
    result = cjm("stats", tmp_path / "maps\x1b[2J")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "maps\\x1b[2J" in result.stderr


def test_map_text_cannot_forge_lines_or_escape_sequences(cjm: Callable[..., Run]) -> None:
    text = """\
cjm: 1
title: "Shop\\u202e"
leads: {stages: [{id: A, name: "A\\nfake: error", count: 3}]}
deals:
  - id: p
    name: P
    currency: "\\u2066$"
    stages: [{id: W, name: W, meaning: success, count: 1, amount: 5}]
"""
    result = cjm("stats", "-", stdin=text)
    assert result.exit_code == 0, result.stdout
    assert "\u202e" not in result.stdout and "\u2066" not in result.stdout
    assert "Shop\\u202e" in result.stdout
    assert "revenue 5 \\u2066$" in result.stdout  # the currency, too
    assert not any(line.startswith("fake") for line in result.stdout.splitlines())


def test_stats_through_a_subprocess_as_users_run_it(tmp_path: Path) -> None:
    map_path = tmp_path / "карта.yaml"
    map_path.write_text(SMALL, encoding="utf-8")
    result = subprocess.run(
        ["cjm", "stats", str(map_path), "-f", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["maps"][0]["funnels"][1]["average_deal"] == 125
