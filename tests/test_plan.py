"""`cjm plan`: the opportunities of one or more maps as one backlog, ranked by RICE or ICE as docs/plan.md
defines them, filtered by status, out as text, Markdown, JSON and CSV, in the maps' language."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cjm_cli.analysis.plan import PlanItem, ice, rank, rice
from cjm_cli.core.model import Ice, Rice
from conftest import Run

Cjm = Callable[..., Run]
WriteMap = Callable[..., Path]

SHOP = """\
cjm: 1
title: Shop
lang: {lang}
personas: [{{id: anna, name: Anna}}]
departments: [{{id: web, name: Web team}}]
journey:
  stages:
    - id: checkout
      name: Checkout
      pains: [{{id: late_cost, text: Late delivery cost, persona: anna}}]
      opportunities:
        - id: cost_upfront
          text: Show the delivery cost early
          fixes: [late_cost]
          owner: web
          personas: [anna]
          status: planned
          due: 2025-09-30
          hypothesis: No surprise, fewer abandoned carts
          moves: [{{kpi: abandonment, by: -8}}]
          rice: {{reach: 5100, impact: 2, confidence: 80, effort: 0.5}}
        - text: Guest checkout
          status: in-progress
          rice: {{reach: 3000, impact: 1, confidence: 50, effort: 1}}
        - text: Apple Pay
          ice: {{impact: 8, confidence: 6, ease: 7}}
        - text: Chat at night
        - text: Old banner
          status: done
          rice: {{reach: 100000, impact: 3, confidence: 100, effort: 0.5}}
      kpis: [{{id: abandonment, name: Cart abandonment, target: 60, actual: 78, unit: "%", better: lower}}]
"""


def shop(write_map: WriteMap, lang: str = "en", name: str = "shop.yaml") -> Path:
    return write_map(SHOP.format(lang=lang), name)


def plan_json(cjm: Cjm, *args: str | Path) -> dict[str, object]:
    result = cjm("plan", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def texts(document: dict[str, object]) -> list[tuple[object, object]]:
    items = document["items"]
    assert isinstance(items, list)
    return [(item["rank"], item["text"]) for item in items]


def test_scores_follow_the_documented_formulas() -> None:
    score = rice(Rice(reach=5100, impact=2, confidence=80, effort=0.5))
    assert (score.score, score.value, score.effort) == (5100 * 2 * 0.8 / 0.5, 5100 * 2 * 0.8, 0.5)
    score = ice(Ice(impact=8, confidence=6, ease=7))
    assert (score.score, score.value, score.effort) == (8 * 6 * 7, 8 * 6, 11 - 7)


def test_open_items_are_ranked_by_rice_and_the_unscored_follow(cjm: Cjm, write_map: WriteMap) -> None:
    document = plan_json(cjm, shop(write_map))
    assert document["method"] == "rice"
    assert document["statuses"] == ["idea", "planned", "in-progress"]
    assert texts(document) == [
        (1, "Show the delivery cost early"),
        (2, "Guest checkout"),
        (None, "Apple Pay"),
        (None, "Chat at night"),
    ]


def test_ranking_by_ice_is_asked_for(cjm: Cjm, write_map: WriteMap) -> None:
    document = plan_json(cjm, shop(write_map), "--by", "ice")
    assert document["method"] == "ice"
    assert texts(document)[0] == (1, "Apple Pay")
    assert [rank for rank, _ in texts(document)][1:] == [None, None, None]


def test_without_a_choice_the_method_more_items_use_ranks(cjm: Cjm, write_map: WriteMap) -> None:
    text = SHOP.format(lang="en").replace(
        "rice: {reach: 3000, impact: 1, confidence: 50, effort: 1}", "ice: {impact: 2, confidence: 2, ease: 2}"
    )
    text = text.replace(
        "        - text: Chat at night\n",
        "        - text: Chat at night\n          ice: {impact: 5, confidence: 5, ease: 5}\n",
    )
    document = plan_json(cjm, write_map(text))
    assert document["method"] == "ice"
    assert texts(document)[:3] == [(1, "Apple Pay"), (2, "Chat at night"), (3, "Guest checkout")]


def test_statuses_choose_what_is_listed(cjm: Cjm, write_map: WriteMap) -> None:
    path = shop(write_map)
    assert texts(plan_json(cjm, path, "--status", "done")) == [(1, "Old banner")]
    assert len(texts(plan_json(cjm, path, "--status", "all"))) == 5
    assert texts(plan_json(cjm, path, "--status", "planned,in-progress")) == [
        (1, "Show the delivery cost early"),
        (2, "Guest checkout"),
    ]
    wrong = cjm("plan", path, "--status", "doing")
    assert wrong.exit_code == 2
    assert "--status: unknown doing" in wrong.stderr


def test_equal_scores_go_by_due_date_then_as_written(cjm: Cjm, write_map: WriteMap) -> None:
    same = "rice: {reach: 10, impact: 1, confidence: 100, effort: 1}"
    text = f"""\
cjm: 1
title: Ties
journey:
  stages:
    - id: s
      name: S
      opportunities:
        - {{text: First written, {same}}}
        - {{text: Due later, due: 2026-05-01, {same}}}
        - {{text: Due sooner, due: 2026-01-01, {same}}}
"""
    assert texts(plan_json(cjm, write_map(text))) == [(1, "Due sooner"), (2, "Due later"), (3, "First written")]


def test_maps_are_ranked_together(cjm: Cjm, write_map: WriteMap) -> None:
    other = SHOP.format(lang="en").replace("reach: 3000", "reach: 300000").replace("title: Shop", "title: Other")
    document = plan_json(cjm, shop(write_map), write_map(other, "other.yaml"))
    items = document["items"]
    assert isinstance(items, list)
    assert [(i["rank"], i["map"], i["text"]) for i in items[:2]] == [
        (1, "Other", "Guest checkout"),
        (2, "Shop", "Show the delivery cost early"),
    ]


def test_json_says_what_each_item_fixes_moves_and_where_it_is(cjm: Cjm, write_map: WriteMap) -> None:
    path = shop(write_map)
    items = plan_json(cjm, path)["items"]
    assert isinstance(items, list)
    first = items[0]
    assert (first["path"], first["line"], first["where"]) == (
        str(path),
        12,
        "journey.stages[checkout].opportunities[cost_upfront]",
    )
    assert first["personas"] == [{"id": "anna", "name": "Anna"}]
    assert first["owner"] == "Web team" and first["owner_id"] == "web"
    assert first["fixes"] == [
        {"id": "late_cost", "text": "Late delivery cost", "persona": "Anna", "evidence": 0, "confidence": None}
    ]
    assert first["moves"] == [
        {
            "kpi": "abandonment",
            "name": "Cart abandonment",
            "stage": "Checkout",
            "unit": "%",
            "better": "lower",
            "actual": 78.0,
            "target": 60.0,
            "by": -8.0,
            "expected": 70.0,
            "reaches_target": False,
        }
    ]
    assert first["rice"] == {"score": 5100 * 2 * 0.8 / 0.5, "value": 5100 * 2 * 0.8, "effort": 0.5}
    assert items[1]["where"] == 'journey.stages[checkout].opportunities["Guest checkout"]'


def test_text_is_a_table_in_the_maps_language(cjm: Cjm, write_map: WriteMap) -> None:
    english = cjm("plan", shop(write_map)).stdout
    assert english.splitlines()[0] == (
        "Plan · opportunities: 4 · ranked by RICE (reach × impact × confidence ÷ effort) · not scored by RICE: 2"
    )
    assert "  1  16,320  planned      2025-09-30  Web team  Show the delivery cost early  Checkout" in english
    russian = cjm("plan", shop(write_map, "ru", "ru.yaml")).stdout
    assert russian.splitlines()[0].startswith("План · возможностей: 4 · по оценке RICE (охват × влияние")
    assert "16\u00a0320  запланировано" in russian


def test_markdown_escapes_the_maps_text(cjm: Cjm, write_map: WriteMap) -> None:
    text = SHOP.format(lang="en").replace("Guest checkout", "Guest | <b>checkout</b>")
    out = cjm("plan", "-f", "markdown", write_map(text)).stdout
    assert out.startswith("## Plan\n\n")
    assert "| 2 | 1,500 | Guest \\| \\<b\\>checkout\\</b\\> | Checkout | in progress |" in out
    assert "| Cart abandonment: 78 % → 70 % (−8 %) |" in out


def test_csv_opens_in_a_spreadsheet_as_text_and_plain_numbers(cjm: Cjm, write_map: WriteMap) -> None:
    text = SHOP.format(lang="ru").replace("Guest checkout", '=HYPERLINK("http://x")')
    out = cjm("plan", "-f", "csv", write_map(text)).stdout
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows[0][:5] == ["#", "RICE", "Ценность", "Трудозатраты", "Статус"]
    assert rows[1][:4] == ["1", "16320", "8160", "0.5"]
    assert rows[2][7] == '\'=HYPERLINK("http://x")'
    assert {len(row) for row in rows} == {17}


def test_a_map_with_errors_is_reported_and_the_others_planned(cjm: Cjm, write_map: WriteMap) -> None:
    broken = write_map("cjm: 1\ntitle: [x]\n", "broken.yaml")
    result = cjm("plan", shop(write_map), broken)
    assert result.exit_code == 1
    assert "broken.yaml:2:8: error type" in result.stderr
    assert "Show the delivery cost early" in result.stdout


_SCORES = st.builds(
    Rice,
    reach=st.floats(0, 1e6),
    impact=st.sampled_from([0.25, 0.5, 1.0, 2.0, 3.0]),
    confidence=st.floats(1, 100),
    effort=st.floats(0.1, 100),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), _SCORES), st.one_of(st.none(), st.dates().map(str))), max_size=12))
def test_a_plan_ranks_every_item_once_highest_first(entries: list[tuple[Rice | None, str | None]]) -> None:
    items = [_item(n, score, due) for n, (score, due) in enumerate(entries)]
    plan = rank(items, "rice")
    assert sorted(id(r.item) for r in plan.items) == sorted(id(i) for i in items)
    ranked = [r for r in plan.items if r.rank is not None]
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert all(r.rank is None for r in plan.items[len(ranked) :])
    scores = [r.item.rice.score for r in ranked if r.item.rice]
    assert scores == sorted(scores, reverse=True)


def _item(n: int, score: Rice | None, due: str | None) -> PlanItem:
    return PlanItem(
        "m.yaml",
        "M",
        "en",
        "s",
        "S",
        1,
        n + 1,
        None,
        f"item {n}",
        "idea",
        None,
        None,
        due,
        (),
        (),
        None,
        (),
        (),
        rice(score) if score else None,
        None,
        None,
        0,
        None,
        f"where {n}",
        0,
    )


def test_an_items_place_is_named_as_cjm_diff_names_it(write_map: WriteMap) -> None:
    from cjm_cli.analysis.diff import diff_maps
    from cjm_cli.analysis.plan import plan_items
    from cjm_cli.api import check_file

    stage = "{id: s, name: S, opportunities: [{id: one, text: A}, B, B, {text: 'Say \"hi\"'}]}"
    new = check_file(str(write_map(f"cjm: 1\ntitle: T\njourney: {{stages: [{stage}]}}\n", "new.yaml"))).journey_map
    old = check_file(str(write_map("cjm: 1\ntitle: T\njourney: {stages: [{id: s, name: S}]}\n", "old.yaml")))
    assert new is not None and old.journey_map is not None
    added = [change.where for change in diff_maps(old.journey_map, new) if change.kind == "added"]
    assert [item.where for item in plan_items(new, "new.yaml")] == added
