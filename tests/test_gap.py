"""`cjm compare CURRENT IDEAL`: the gap from a current-state map to its ideal twin, stage by stage and persona by
persona (emotions now and in the ideal, pains resolved and through which opportunities, pains that remain or are
new, KPIs from actual to target, what is new), as text, Markdown and JSON, and as a picture of both curves."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cjm_cli.analysis.gap import gap
from cjm_cli.core.model import JourneyMap
from conftest import EXAMPLES, Run

Cjm = Callable[..., Run]
WriteMap = Callable[..., Path]

CURRENT = """\
cjm: 1
title: Shop today
personas: [{id: anna, name: Anna}, {id: mark, name: Mark}]
journey:
  stages:
    - id: find
      name: Find
      emotions: {anna: 0, mark: 1}
      pains: [{id: jargon, text: Jargon on the pages, persona: anna}]
      opportunities: [{text: Plain words, fixes: [jargon], status: done}]
      kpis: [{id: ctr, name: CTR, target: 4, actual: 3.1, unit: "%"}]
    - id: buy
      name: Buy
      emotions: {anna: -2, mark: -1}
      pains:
        - {id: late_cost, text: Late delivery cost}
        - {id: slow_site, text: Slow site}
        - Tiny font
      opportunities:
        - {id: upfront, text: Show the cost early, fixes: [late_cost], status: in-progress}
        - {text: Free delivery from 80 EUR, fixes: [late_cost]}
      kpis:
        - {name: Cart abandonment, target: 60, actual: 78, unit: "%", better: lower}
        - {name: Orders, actual: 120}
    - id: old
      name: Paper catalogue
      emotions: {anna: 0}
"""

IDEAL = """\
cjm: 1
title: Shop tomorrow
type: ideal
twin: current.yaml
personas: [{id: anna, name: Anna}, {id: mark, name: Mark}]
journey:
  stages:
    - id: find
      name: Find
      touchpoints: [{name: Shoe finder}]
      emotions: {anna: 1, mark: 1}
      kpis: [{id: ctr, name: Click rate, target: 5, unit: "%"}]
    - id: buy
      name: Buy
      actions: [Pays with Apple Pay]
      emotions: {anna: 1, mark: 2}
      pains:
        - {id: slow_site, text: The site is still slow on 3G}
        - Tiny font
        - {id: upsells, text: Too many upsells}
      kpis:
        - {name: Cart abandonment, target: 55, unit: "%", better: lower}
        - {name: Reviews, target: 15}
    - id: after
      name: After the order
      emotions: {anna: 2}
"""


def pair(write_map: WriteMap) -> tuple[Path, Path]:
    return write_map(CURRENT, "current.yaml"), write_map(IDEAL, "ideal.yaml")


def gap_json(cjm: Cjm, current: Path, ideal: Path) -> dict[str, Any]:
    result = cjm("compare", current, ideal, "-f", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def stage(document: dict[str, Any], stage_id: str) -> dict[str, Any]:
    [found] = [s for s in document["stages"] if s["id"] == stage_id]
    return dict(found)


def test_pains_the_ideal_no_longer_has_are_resolved_through_the_current_plan(cjm: Cjm, write_map: WriteMap) -> None:
    document = gap_json(cjm, *pair(write_map))
    buy = stage(document, "buy")
    assert buy["resolved"] == [
        {
            "pain": {"id": "late_cost", "text": "Late delivery cost", "persona": None},
            "through": [
                {"id": "upfront", "text": "Show the cost early", "status": "in-progress"},
                {"id": None, "text": "Free delivery from 80 EUR", "status": "idea"},
            ],
        }
    ]
    # kept by id (reworded in the ideal) and by text; a pain only the ideal has is new
    assert [p["text"] for p in buy["remaining"]] == ["Slow site", "Tiny font"]
    assert buy["new_pains"] == [{"id": "upsells", "text": "Too many upsells", "persona": None}]
    assert stage(document, "find")["resolved"] == [
        {
            "pain": {"id": "jargon", "text": "Jargon on the pages", "persona": "Anna"},
            "through": [{"id": None, "text": "Plain words", "status": "done"}],
        }
    ]
    assert document["summary"] == {"resolved": 2, "remaining": 2, "new_pains": 1, "new": 2}


def test_kpis_go_from_the_actual_value_now_to_the_ideals_target(cjm: Cjm, write_map: WriteMap) -> None:
    document = gap_json(cjm, *pair(write_map))
    kpis = {k["name"]: k for k in stage(document, "buy")["kpis"]}
    assert (kpis["Cart abandonment"]["actual"], kpis["Cart abandonment"]["target"]) == (78, 55)
    assert kpis["Cart abandonment"]["gap"] == 55 - 78
    assert kpis["Cart abandonment"]["met"] is False
    assert (kpis["Orders"]["target"], kpis["Orders"]["gap"]) == (None, None)  # no target anywhere
    assert (kpis["Reviews"]["in_current"], kpis["Reviews"]["actual"]) == (False, None)  # a new metric
    [ctr] = stage(document, "find")["kpis"]
    assert (ctr["name"], ctr["actual"], ctr["target"]) == ("CTR", 3.1, 5)  # matched by id, though renamed


def test_emotions_per_stage_and_persona_now_and_in_the_ideal(cjm: Cjm, write_map: WriteMap) -> None:
    document = gap_json(cjm, *pair(write_map))
    assert stage(document, "buy")["emotions"] == [
        {"persona": "anna", "name": "Anna", "now": -2, "ideal": 1, "change": 3},
        {"persona": "mark", "name": "Mark", "now": -1, "ideal": 2, "change": 3},
    ]
    after = stage(document, "after")
    assert (after["in_current"], after["in_ideal"]) == (False, True)
    assert after["emotions"] == [{"persona": "anna", "name": "Anna", "now": None, "ideal": 2, "change": None}]
    old = stage(document, "old")
    assert (old["in_current"], old["in_ideal"]) == (True, False)
    assert [s["id"] for s in document["stages"]] == ["find", "buy", "after", "old"]  # the ideal's order, then the rest


def test_what_is_new_in_the_ideal(cjm: Cjm, write_map: WriteMap) -> None:
    document = gap_json(cjm, *pair(write_map))
    assert stage(document, "find")["new"] == [{"lane": "touchpoints", "text": "Shoe finder"}]
    assert stage(document, "buy")["new"] == [{"lane": "actions", "text": "Pays with Apple Pay"}]


def test_text_reads_as_a_gap_not_as_a_diff(cjm: Cjm, write_map: WriteMap) -> None:
    out = cjm("compare", *pair(write_map)).stdout
    assert out.splitlines()[:2] == [
        "Gap to the ideal: Shop today → Shop tomorrow",
        "Pains the ideal resolves: 2 · Pains that remain: 2 · New pains: 1 · New in the ideal: 2",
    ]
    assert "  Emotion: Anna −2 → +1 (+3); Mark −1 → +2 (+3)" in out
    assert (
        "    - Late delivery cost — through: Show the cost early (in progress); Free delivery from 80 EUR (idea)" in out
    )
    assert "    - Cart abandonment: 78 % → 55 % (−23 %)" in out
    assert "(none)" not in out
    assert "4. Paper catalogue (only in the current map)" in out


def test_markdown_escapes_the_maps_text(cjm: Cjm, write_map: WriteMap) -> None:
    current, ideal = pair(write_map)
    ideal.write_text(IDEAL.replace("Shoe finder", "Finder | <script>x</script>"), encoding="utf-8")
    out = cjm("compare", current, ideal, "-f", "markdown").stdout
    assert out.startswith("## Gap to the ideal\n")
    assert "- Touchpoints: Finder \\| \\<script\\>x\\</script\\>" in out
    assert "| Anna | −2 | +1 | +3 |" in out


def test_russian_maps_get_russian_words(cjm: Cjm) -> None:
    out = cjm("compare", EXAMPLES / "b2b-blueprint.yaml", EXAMPLES / "b2b-blueprint.ideal.yaml").stdout
    assert out.startswith("Разрыв с идеалом: ")
    assert "Боли, которые решает идеал: 10 · Остаются: 1 · Новые боли: 1" in out
    assert "— через: Лизинг" not in out  # the leasing pain remains: nothing resolves it
    assert "    - 50% предоплаты без альтернатив (Андрей Павлович)" in out


def test_render_draws_both_curves_as_svg_and_png(cjm: Cjm, tmp_path: Path) -> None:
    out = tmp_path / "pictures"
    result = cjm(
        "compare", EXAMPLES / "b2b-blueprint.yaml", EXAMPLES / "b2b-blueprint.ideal.yaml", "--render", "-o", out
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["b2b-blueprint.ideal.gap.png", "b2b-blueprint.ideal.gap.svg"]
    assert (out / "b2b-blueprint.ideal.gap.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = (out / "b2b-blueprint.ideal.gap.svg").read_text(encoding="utf-8")
    for text in ("Разрыв с идеалом", "Сергей Викторович", "сейчас", "идеал", "Договор"):
        assert text in svg, text
    assert 'stroke-dasharray="5,2"' in svg  # today's curve is dashed


def test_a_map_with_problems_is_reported_and_nothing_compared(cjm: Cjm, write_map: WriteMap, tmp_path: Path) -> None:
    current, _ = pair(write_map)
    broken = write_map("cjm: 1\ntitle: [x]\n", "broken.yaml")
    result = cjm("compare", current, broken, "--render", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "broken.yaml:2:8: error type" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_usage_errors(cjm: Cjm, write_map: WriteMap) -> None:
    current, ideal = pair(write_map)
    assert cjm("compare", "-", "-", stdin="").exit_code == 2
    picture_without_render = cjm("compare", current, ideal, "-f", "svg")
    assert picture_without_render.exit_code == 2
    assert "--render" in picture_without_render.stderr
    assert cjm("compare", current, ideal, "-f", "text,json").exit_code == 2


def test_a_side_read_from_git(cjm: Cjm, tmp_path: Path) -> None:
    from conftest import git

    (tmp_path / "current.yaml").write_text(CURRENT, encoding="utf-8")
    (tmp_path / "ideal.yaml").write_text(IDEAL, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "maps")
    (tmp_path / "current.yaml").write_text("cjm: 1\ntitle: changed since\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cjm_cli", "compare", "HEAD:current.yaml", "ideal.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Gap to the ideal: Shop today → Shop tomorrow")


_PAINS = st.lists(
    st.tuples(st.sampled_from([None, "a", "b", "c"]), st.sampled_from(["Slow", "Late", "Dear", "Rude"])), max_size=5
)


def _map(pains: list[tuple[str | None, str]], kind: str) -> JourneyMap:
    written = []
    seen: set[str] = set()
    for pain_id, text in pains:
        if pain_id is None or pain_id in seen:  # ids are unique in a valid map
            written.append({"text": text})
        else:
            seen.add(pain_id)
            written.append({"id": pain_id, "text": text})
    stage = {"id": "s", "name": "S", "pains": written}
    return JourneyMap.model_validate({"cjm": 1, "title": kind, "journey": {"stages": [stage]}})


@settings(max_examples=200, deadline=None)
@given(_PAINS, _PAINS)
def test_every_pain_is_resolved_remains_or_is_new_exactly_once(
    now: list[tuple[str | None, str]], later: list[tuple[str | None, str]]
) -> None:
    current, ideal = _map(now, "current"), _map(later, "ideal")
    [stage] = gap(current, ideal).stages
    assert len(stage.resolved) + len(stage.remaining) == len(now)
    ideal_pains = ideal.journey.stages[0].pains if ideal.journey else []
    for pain in stage.new_pains:  # a new pain is one of the ideal's, matching none the current map keeps
        assert any(p.text == pain.text and p.id == pain.id for p in ideal_pains)
        assert not any(k.text == pain.text or (k.id is not None and k.id == pain.id) for k in stage.remaining)
