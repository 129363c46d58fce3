"""Cross-references and unique ids, each problem at the exact position of the offending value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cjm_cli.api import check_file
from cjm_cli.core.problems import Problem
from cjm_cli.core.rules import NO_RULES

SALES = """\
cjm: 1
title: Sales
departments:
  - {id: sales, name: Sales}
personas:
  - {id: anna, name: Anna}
channels:
  - {id: telegram, name: Telegram, kind: messenger, crm: true, feeds: leads}
  - {id: kufar, name: kufar.by, kind: marketplace, feeds: product_b}
leads:
  stages:
    - {id: NEW, name: New}
    - {id: JUNK, name: Junk, meaning: failure}
deals:
  - id: product_a
    name: Product A
    cross_sell: [product_b]
    stages:
      - {id: NEW, name: New}
      - {id: WON, name: Won, meaning: success}
  - id: product_b
    name: Product B
    stages:
      - {id: "C1:NEW", name: New}
journey:
  stages:
    - id: awareness
      name: Awareness
      owner: sales
      touchpoints: [{channel: telegram}]
      emotions: {anna: 1}
      pains: [{id: slow, text: Slow answers}]
      opportunities: [{text: Bot, fixes: [slow], owner: sales}]
site:
  pages:
    - id: home
      title: Home
      url: /
      stages: [awareness]
      lead_stages: [NEW]
      deal_stages: [product_a.NEW, product_b, "product_b.C1:NEW"]
ppc:
  - id: brand
    name: Brand
    groups:
      - id: g1
        name: G1
        landing: home
        ads: [{title: Buy, landing: "https://example.by/promo"}]
"""


def problems_of(write_map: Callable[..., Path], text: str) -> list[Problem]:
    return check_file(str(write_map(text)), NO_RULES).problems


def where(problems: list[Problem]) -> list[tuple[int, int, str, str]]:
    return [(p.position.line, p.position.column, p.code, p.message) for p in problems]


def at(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The 1-based line and column where `needle` occurs in `text` (its n-th occurrence)."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def test_a_map_whose_references_all_resolve_is_valid(write_map: Callable[..., Path]) -> None:
    result = check_file(str(write_map(SALES)), NO_RULES)
    assert result.problems == [] and result.ok


def swap(old: str, new: str) -> str:
    assert SALES.count(old) == 1, old
    return SALES.replace(old, new)


def test_unknown_channel_of_a_touchpoint(write_map: Callable[..., Path]) -> None:
    text = swap("[{channel: telegram}]", "[{channel: telegramm}]")
    [problem] = problems_of(write_map, text)
    assert where([problem]) == [(*at(text, "telegramm"), "unknown-ref", "unknown channel 'telegramm'")]
    assert problem.hint == "did you mean 'telegram'?"


def test_unknown_owner_department(write_map: Callable[..., Path]) -> None:
    text = swap("owner: sales\n", "owner: sale\n")
    assert where(problems_of(write_map, text)) == [(*at(text, "sale\n"), "unknown-ref", "unknown department 'sale'")]


def test_unknown_persona_in_emotions_points_at_the_key(write_map: Callable[..., Path]) -> None:
    text = swap("{anna: 1}", "{ana: 1}")
    [problem] = problems_of(write_map, text)
    assert where([problem]) == [(*at(text, "ana: 1"), "unknown-ref", "unknown persona 'ana'")]
    assert problem.hint == "did you mean 'anna'?"


def test_unknown_pain_and_opportunity_owner(write_map: Callable[..., Path]) -> None:
    text = swap("fixes: [slow], owner: sales", "fixes: [slw], owner: marketing")
    assert where(problems_of(write_map, text)) == [
        (*at(text, "slw"), "unknown-ref", "unknown pain 'slw'"),
        (*at(text, "marketing"), "unknown-ref", "unknown department 'marketing'"),
    ]


def test_channel_feeds_leads_or_a_pipeline(write_map: Callable[..., Path]) -> None:
    text = swap("feeds: product_b}", "feeds: product_c}")
    [problem] = problems_of(write_map, text)
    assert where([problem]) == [(*at(text, "product_c"), "unknown-ref", "unknown target 'product_c'")]
    assert problem.hint == "did you mean 'product_b'?"


def test_cross_sell_must_name_another_pipeline(write_map: Callable[..., Path]) -> None:
    text = swap("cross_sell: [product_b]", "cross_sell: [product_a]")
    assert where(problems_of(write_map, text)) == [
        (*at(text, "product_a]"), "unknown-ref", "unknown pipeline 'product_a'")
    ]


def test_page_references_to_stages(write_map: Callable[..., Path]) -> None:
    text = swap("stages: [awareness]", "stages: [awarenes]").replace("lead_stages: [NEW]", "lead_stages: [NEWW]")
    text = text.replace('[product_a.NEW, product_b, "product_b.C1:NEW"]', "[product_a.WONN, product_c, product_b.NEW]")
    assert where(problems_of(write_map, text)) == [
        (*at(text, "awarenes]"), "unknown-ref", "unknown journey stage 'awarenes'"),
        (*at(text, "NEWW"), "unknown-ref", "unknown lead stage 'NEWW'"),
        (*at(text, "product_a.WONN"), "unknown-ref", "unknown deal stage 'product_a.WONN'"),
        (*at(text, "product_c"), "unknown-ref", "unknown pipeline 'product_c'"),
        (*at(text, "product_b.NEW"), "unknown-ref", "unknown deal stage 'product_b.NEW'"),
    ]


def test_landing_pages_are_page_ids_or_safe_links(write_map: Callable[..., Path]) -> None:
    text = swap("landing: home\n", "landing: hom\n").replace('"https://example.by/promo"', '"/x<script>"')
    found = problems_of(write_map, text)
    assert [(p.position.line, p.position.column, p.code) for p in found] == [
        (*at(text, "hom\n"), "unknown-ref"),
        (*at(text, '"/x<script>"'), "value"),
    ]
    assert found[0].hint == "did you mean 'home'?"


def test_duplicate_ids_name_the_first_line(write_map: Callable[..., Path]) -> None:
    text = swap("  - {id: kufar,", "  - {id: telegram,")
    [problem] = problems_of(write_map, text)
    assert where([problem]) == [
        (*at(text, "telegram", 2), "duplicate-id", "channel id 'telegram' is used twice (first on line 8)")
    ]


def test_stage_ids_are_unique_per_pipeline_only(write_map: Callable[..., Path]) -> None:
    assert problems_of(write_map, swap('"C1:NEW"', "NEW").replace('"product_b.C1:NEW"', "product_b.NEW")) == []
    text = swap("- {id: WON, name: Won, meaning: success}", "- {id: NEW, name: Won, meaning: success}")
    assert [p.code for p in problems_of(write_map, text)] == ["duplicate-id"]


def test_references_to_an_empty_block_say_so(write_map: Callable[..., Path]) -> None:
    text = "cjm: 1\ntitle: M\njourney:\n  stages:\n    - {id: s, name: S, emotions: {anna: 0}}\n"
    [problem] = problems_of(write_map, text)
    assert problem.hint == "the map defines no personas"


def test_persona_of_thoughts_actions_and_pains_owner_of_blueprint_steps_and_automation_pages(
    write_map: Callable[..., Path],
) -> None:
    text = """\
cjm: 1
title: B2B
type: blueprint
personas: [{id: engineer, name: Chief engineer}]
departments: [{id: service, name: Service}]
site:
  pages: [{id: manual, title: Manual, url: /manual}]
deals:
  - id: main
    name: Main
    stages:
      - id: NEW
        name: New
        automations: [{action: email, page: manul}]
journey:
  stages:
    - id: operation
      name: Operation
      thoughts: [{text: Will it break?, persona: enginer}]
      actions: [{text: Reads the manual, persona: engineer}]
      pains: [{text: No spare parts, persona: procurement}]
      backstage: [{text: Plan the service visit, owner: servise}, Order parts]
"""
    assert where(problems_of(write_map, text)) == [
        (*at(text, "manul"), "unknown-ref", "unknown page 'manul'"),
        (*at(text, "enginer"), "unknown-ref", "unknown persona 'enginer'"),
        (*at(text, "procurement"), "unknown-ref", "unknown persona 'procurement'"),
        (*at(text, "servise"), "unknown-ref", "unknown department 'servise'"),
    ]


def test_feeds_leads_in_a_map_without_leads_is_an_error(write_map: Callable[..., Path]) -> None:
    # Validated before, and the channel was drawn with no edge.
    leads = "leads:\n  stages:\n    - {id: NEW, name: New}\n    - {id: JUNK, name: Junk, meaning: failure}\n"
    text = SALES.replace(leads, "").replace("      lead_stages: [NEW]\n", "")
    [problem] = problems_of(write_map, text)
    assert where([problem]) == [
        (*at(text, "leads}"), "unknown-ref", "channel 'telegram' feeds leads, but the map has no `leads:` block")
    ]
    assert problem.hint == "add a `leads:` block with the lead stages, or feed a pipeline: product_a, product_b"
