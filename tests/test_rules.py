"""Methodology rules: for each rule a map that triggers it, at the exact position of the element concerned,
and maps that come close without triggering it. `COMPLETE` follows the method everywhere: no warning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cjm_cli.api import check_file
from cjm_cli.core.problems import Problem
from cjm_cli.core.rules import BY_CODE, RuleOptions

COMPLETE = """\
cjm: 1
title: Shop
personas:
  - {id: anna, name: Anna}
  - {id: mark, name: Mark}
departments:
  - {id: sales, name: Sales}
journey:
  stages:
    - id: find
      name: Find
      owner: sales
      touchpoints: [{channel: tg}]
      emotions: {anna: 1, mark: 2}
      kpis: [{name: Visits}]
    - id: buy
      name: Buy
      owner: sales
      touchpoints: [{name: Cart}]
      emotions: {anna: -1, mark: 1}
      pains:
        - {id: long_form, text: Long form, persona: anna}
      opportunities:
        - {text: One-step order, fixes: [long_form]}
      kpis: [{name: Orders}]
channels:
  - {id: tg, name: Telegram, kind: messenger, crm: true, feeds: leads}
  - {id: site, name: Site, kind: site, crm: true, feeds: main}
leads:
  stages:
    - {id: new, name: New, count: 100}
    - {id: junk, name: Junk, meaning: failure, count: 20}
    - {id: ok, name: Qualified, meaning: success, count: 80}
deals:
  - id: main
    name: Main
    stages:
      - id: invoice
        name: Invoice
        automations:
          - {action: email, delay: 5d, page: tips}
      - {id: won, name: Won, meaning: success}
      - {id: lost, name: Lost, meaning: failure}
site:
  url: https://shop.by
  pages:
    - {id: home, title: Home, url: /, stages: [find]}
    - {id: tips, title: Tips, url: /tips}
    - {id: promo, title: Promo, url: https://shop.by/promo/}
ppc:
  - id: search
    name: Search
    groups:
      - id: g1
        name: Group
        landing: promo
        ads:
          - {title: Ad, landing: "https://SHOP.by/promo?utm_source=ya#top"}
"""


def swap(old: str, new: str, text: str = COMPLETE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def at(text: str, needle: str) -> tuple[int, int]:
    """Line and column (1-based) where `needle` starts in `text`."""
    assert text.count(needle) == 1, needle
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def warnings(write_map: Callable[..., Path], text: str, rules: RuleOptions | None = None) -> list[Problem]:
    result = check_file(str(write_map(text)), rules)
    assert result.ok, result.problems
    return result.problems


def found(write_map: Callable[..., Path], text: str) -> list[tuple[int, int, str]]:
    return [(p.position.line, p.position.column, p.code) for p in warnings(write_map, text)]


def test_a_map_that_follows_the_method_has_no_warning(write_map: Callable[..., Path]) -> None:
    assert warnings(write_map, COMPLETE) == []


# --- the journey grid -----------------------------------------------------------------------------------------


def test_stage_without_touchpoint_owner_or_kpi(write_map: Callable[..., Path]) -> None:
    text = swap(
        "    - id: find\n      name: Find\n      owner: sales\n      touchpoints: [{channel: tg}]\n",
        "    - id: find\n      name: Find\n",
    )
    text = swap("      kpis: [{name: Visits}]\n", "", text)
    line, column = at(text, "id: find")
    assert found(write_map, text) == [
        (line, column, "stage-no-kpi"),
        (line, column, "stage-no-owner"),
        (line, column, "stage-no-touchpoint"),
    ]
    [kpi] = [p for p in warnings(write_map, text) if p.code == "stage-no-kpi"]
    assert kpi.message == "stage 'Find' has no KPI" and "kpis:" in kpi.hint


def test_stage_owner_hint_asks_for_departments_when_the_map_has_none(write_map: Callable[..., Path]) -> None:
    text = (
        "cjm: 1\ntitle: T\njourney:\n  stages:\n    - {id: a, name: A, touchpoints: [{name: X}], kpis: [{name: K}]}\n"
    )
    [problem] = warnings(write_map, text)
    assert (problem.code, problem.position.line, problem.position.column) == ("stage-no-owner", 5, 7)
    assert "departments:" in problem.hint


def test_pain_no_opportunity_fixes(write_map: Callable[..., Path]) -> None:
    text = swap("        - {text: One-step order, fixes: [long_form]}", "        - {text: One-step order}")
    line, column = at(text, "{id: long_form")
    [problem] = warnings(write_map, text)
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "pain-unaddressed")
    assert problem.hint == "add an opportunity with `fixes: [long_form]`"


def test_pain_without_an_id_is_told_to_get_one(write_map: Callable[..., Path]) -> None:
    text = swap(
        "        - {id: long_form, text: Long form, persona: anna}",
        "        - Long form\n        - {id: long_form, text: L2}",
    )
    line, column = at(text, "Long form\n")
    [problem] = warnings(write_map, text)
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "pain-unaddressed")
    assert "give the pain an `id`" in problem.hint


# --- the emotion curve ----------------------------------------------------------------------------------------


def test_a_fall_below_neutral_without_a_pain_is_a_dip(write_map: Callable[..., Path]) -> None:
    # Anna falls from 1 to -1 at Buy; the only pain there is removed.
    text = swap("      pains:\n        - {id: long_form, text: Long form, persona: anna}\n", "")
    text = swap("        - {text: One-step order, fixes: [long_form]}", "        - {text: One-step order}", text)
    line, column = at(text, "anna: -1")
    problems = warnings(write_map, text)
    assert [(p.position.line, p.position.column, p.code) for p in problems] == [
        (line, column + len("anna: "), "emotion-dip-no-pain")
    ]
    assert problems[0].message == "the emotion of 'Anna' falls from 1 to -1 at stage 'Buy', which names no pain"


def test_a_pain_of_another_persona_does_not_explain_a_dip(write_map: Callable[..., Path]) -> None:
    text = swap("persona: anna}", "persona: mark}")
    line, column = at(text, "anna: -1")
    assert found(write_map, text) == [(line, column + len("anna: "), "emotion-dip-no-pain")]


def test_the_bottom_of_the_scale_is_a_dip_even_at_the_first_stage(write_map: Callable[..., Path]) -> None:
    text = swap("emotions: {anna: 1, mark: 2}", "emotions: {anna: -2, mark: 2}")
    line, column = at(text, "anna: -2")
    assert found(write_map, text) == [(line, column + len("anna: "), "emotion-dip-no-pain")]


def test_a_fall_that_stays_positive_is_not_a_dip(write_map: Callable[..., Path]) -> None:
    # Mark goes from 2 to 1 at Buy, where no pain is his: still content, no warning.
    assert "emotion-dip-no-pain" not in [code for _, _, code in found(write_map, COMPLETE)]


def on_ten(text: str = COMPLETE) -> str:
    """The complete map on a scale of 1 to 10: Anna 7 -> 4 (a dip, explained), Mark 9 -> 7."""
    text = swap("journey:\n  stages:", "journey:\n  emotion_scale: {min: 1, max: 10}\n  stages:", text)
    text = swap("emotions: {anna: 1, mark: 2}", "emotions: {anna: 7, mark: 9}", text)
    return swap("emotions: {anna: -1, mark: 1}", "emotions: {anna: 4, mark: 7}", text)


def test_on_another_scale_the_middle_and_the_bottom_are_the_scales_own(write_map: Callable[..., Path]) -> None:
    assert warnings(write_map, on_ten()) == []
    # Mark falls from 9 to 6, past the middle of 1..10 (5.5 is neutral): no pain of his there, a dip
    text = swap("mark: 7}", "mark: 5}", on_ten())
    line, column = at(text, "mark: 5")
    assert found(write_map, text) == [(line, column + len("mark: "), "emotion-dip-no-pain")]
    assert found(write_map, swap("mark: 7}", "mark: 6}", on_ten())) == []  # still above the middle
    # 1 is the bottom of this scale, -2 is not on it
    text = swap("{anna: 7, mark: 9}", "{anna: 7, mark: 1}", on_ten())
    line, column = at(text, "mark: 1")
    assert found(write_map, text) == [(line, column + len("mark: "), "emotion-dip-no-pain")]


def test_a_missing_emotion_is_asked_for_on_the_maps_scale(write_map: Callable[..., Path]) -> None:
    [problem] = warnings(write_map, swap("emotions: {anna: 4, mark: 7}", "emotions: {anna: 4}", on_ten()))
    assert problem.hint == "add `mark:` with a score from 1 to 10"
    text = swap("emotions: {anna: 4, mark: 7}", "emotions: {anna: 4}", on_ten())
    [problem] = warnings(write_map, swap("emotions: {anna: 7, mark: 9}", "emotions: {anna: 7}", text))
    assert problem.hint == "add `mark: 5` (from 1 to 10) to the `emotions:` of each stage"


def test_persona_without_emotion_at_a_stage(write_map: Callable[..., Path]) -> None:
    text = swap("emotions: {anna: -1, mark: 1}", "emotions: {anna: -1}")
    line, column = at(text, "emotions: {anna: -1}")
    [problem] = warnings(write_map, text)
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "persona-no-emotion")
    assert problem.message == "persona 'Mark' has no emotion at stage 'Buy'"


def test_persona_without_any_emotion_is_reported_once_at_the_persona(write_map: Callable[..., Path]) -> None:
    text = swap("emotions: {anna: -1, mark: 1}", "emotions: {anna: -1}")
    text = swap("emotions: {anna: 1, mark: 2}", "emotions: {anna: 1}", text)
    line, column = at(text, "{id: mark")
    assert found(write_map, text) == [(line, column, "persona-no-emotion")]


# --- channels -------------------------------------------------------------------------------------------------


def test_channel_that_feeds_nothing(write_map: Callable[..., Path]) -> None:
    text = swap("kind: site, crm: true, feeds: main}", "kind: site, crm: true}")
    line, column = at(text, "{id: site")
    [problem] = warnings(write_map, text)
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "channel-feeds-nothing")
    assert problem.hint == "add `feeds: leads`, or `feeds: null` if its requests are not processed on purpose"


def test_a_channel_not_processed_on_purpose_says_feeds_null(write_map: Callable[..., Path]) -> None:
    # docs/format.md: a channel whose requests are not processed at all has no target; `null` says so on purpose.
    for written in ("null", "~", "Null"):
        text = swap("kind: site, crm: true, feeds: main}", f"kind: site, crm: true, feeds: {written}}}")
        assert warnings(write_map, text) == []
    forgotten = swap("kind: site, crm: true, feeds: main}", "kind: site, crm: true, feeds: }")
    assert [p.code for p in warnings(write_map, forgotten)] == ["channel-feeds-nothing"]  # an empty value: forgotten


def test_channels_of_a_map_without_leads_or_deals_need_feed_nothing(write_map: Callable[..., Path]) -> None:
    text = (
        COMPLETE.split("leads:\n")[0].replace(", crm: true, feeds: leads", "").replace(", crm: true, feeds: main", "")
    )
    assert found(write_map, text) == []


def test_channel_not_in_crm_while_others_are(write_map: Callable[..., Path]) -> None:
    text = swap("kind: site, crm: true, feeds: main}", "kind: site, crm: false, feeds: main}")
    line, column = at(text, "crm: false")
    [problem] = warnings(write_map, text)
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "channel-not-in-crm")
    assert "while 1 other channel reaches it by itself" in problem.message


def test_no_channel_in_crm_is_not_reported_channel_by_channel(write_map: Callable[..., Path]) -> None:
    text = COMPLETE.replace("crm: true", "crm: false")
    assert found(write_map, text) == []


# --- leads, deals and automations -------------------------------------------------------------------------------


def test_leads_without_a_failure_exit(write_map: Callable[..., Path]) -> None:
    text = swap("    - {id: junk, name: Junk, meaning: failure, count: 20}\n", "")
    line, column = at(text, "leads:\n")
    assert found(write_map, text) == [(line, column, "leads-no-failure-exit")]


def test_pipeline_without_won_or_lost(write_map: Callable[..., Path]) -> None:
    text = swap(
        "      - {id: won, name: Won, meaning: success}\n      - {id: lost, name: Lost, meaning: failure}\n", ""
    )
    line, column = at(text, "id: main")
    # Without its outcomes, the invoice stage is also the last one, still in progress.
    assert found(write_map, text) == [
        (line, column, "pipeline-no-lost"),
        (line, column, "pipeline-no-won"),
    ]


def test_last_stage_in_progress_is_a_dead_end(write_map: Callable[..., Path]) -> None:
    text = swap(
        "      - {id: lost, name: Lost, meaning: failure}\n",
        "      - {id: lost, name: Lost, meaning: failure}\n      - {id: hold, name: On hold}\n",
    )
    line, column = at(text, "{id: hold")
    [problem] = warnings(write_map, text)
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "stage-dead-end")
    assert problem.message == "no deal can leave stage 'On hold': it is the last one and still in progress"


def test_dead_end_of_the_lead_stages(write_map: Callable[..., Path]) -> None:
    text = swap(
        "    - {id: ok, name: Qualified, meaning: success, count: 80}\n",
        "    - {id: ok, name: Qualified, meaning: success, count: 80}\n    - {id: wait, name: Waiting}\n",
    )
    line, column = at(text, "{id: wait")
    assert found(write_map, text) == [(line, column, "stage-dead-end")]


def test_a_single_stage_pipeline_is_not_a_dead_end_but_has_no_outcomes(write_map: Callable[..., Path]) -> None:
    text = "cjm: 1\ntitle: T\ndeals:\n  - {id: p, name: P, stages: [{id: a, name: A}]}\n"
    assert found(write_map, text) == [(4, 5, "pipeline-no-lost"), (4, 5, "pipeline-no-won")]


@pytest.mark.parametrize("delay", ["5 days", "d5", "5.5d", "-1d", "5s", "through 5 days"])
def test_unreadable_delay(write_map: Callable[..., Path], delay: str) -> None:
    text = swap("delay: 5d,", f'delay: "{delay}",')
    line, column = at(text, f'"{delay}"')
    [problem] = warnings(write_map, text)
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "automation-bad-delay")


@pytest.mark.parametrize("delay", ["30m", "2h", "5d", "1w", " 5 d "])
def test_readable_delays(write_map: Callable[..., Path], delay: str) -> None:
    assert found(write_map, swap("delay: 5d,", f'delay: "{delay}",')) == []


# --- site and campaigns -----------------------------------------------------------------------------------------


def test_page_that_serves_nothing_and_is_not_promoted(write_map: Callable[..., Path]) -> None:
    text = swap("          - {action: email, delay: 5d, page: tips}\n", "          - {action: email, delay: 5d}\n")
    line, column = at(text, "{id: tips")
    assert found(write_map, text) == [(line, column, "page-unused")]


def test_a_page_promoted_only_by_a_url_landing_is_used(write_map: Callable[..., Path]) -> None:
    # `promo` is reached by the group's id landing and by an ad's URL with tracking parameters; drop the id.
    text = swap("        landing: promo\n", "")
    assert found(write_map, text) == []


def test_landing_outside_the_site(write_map: Callable[..., Path]) -> None:
    text = swap('landing: "https://SHOP.by/promo?utm_source=ya#top"', 'landing: "https://other.by/promo"')
    line, column = at(text, '"https://other.by/promo"')
    [problem] = warnings(write_map, text)
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "landing-off-site")


def test_a_relative_landing_resolves_against_the_site(write_map: Callable[..., Path]) -> None:
    assert found(write_map, swap('landing: "https://SHOP.by/promo?utm_source=ya#top"', "landing: /promo")) == []


# --- blueprint and twin -----------------------------------------------------------------------------------------

BLUEPRINT = """\
cjm: 1
title: B
type: blueprint
departments: [{id: d, name: D}]
journey:
  stages:
    - id: a
      name: A
      owner: d
      touchpoints: [{name: T}]
      kpis: [{name: K}]
      frontstage: [Greets]
      backstage: [Prepares]
      support: [CRM]
"""


def test_blueprint_without_backstage_or_support(write_map: Callable[..., Path]) -> None:
    assert found(write_map, BLUEPRINT) == []
    text = swap("      backstage: [Prepares]\n      support: [CRM]\n", "", BLUEPRINT)
    line, column = at(text, "blueprint\n")
    assert found(write_map, text) == [(line, column, "blueprint-no-backstage"), (line, column, "blueprint-no-support")]


def test_a_grid_that_is_not_a_blueprint_needs_no_lanes(write_map: Callable[..., Path]) -> None:
    text = swap("type: blueprint\n", "", BLUEPRINT)
    assert found(write_map, swap("      backstage: [Prepares]\n      support: [CRM]\n", "", text)) == []


def test_ideal_map_without_a_twin(write_map: Callable[..., Path]) -> None:
    text = swap("type: blueprint\n", "type: ideal\n", BLUEPRINT)
    line, column = at(text, "ideal\n")
    assert found(write_map, text) == [(line, column, "twin-missing")]


def test_twin_that_does_not_exist_or_has_errors(write_map: Callable[..., Path]) -> None:
    text = swap("type: blueprint\n", "type: ideal\ntwin: current.yaml\n", BLUEPRINT)
    line, column = at(text, "current.yaml")
    [problem] = warnings(write_map, text, None)
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "twin-missing")
    assert problem.message == "the twin map current.yaml cannot be read"
    write_map("cjm: 1\n", "current.yaml")
    [problem] = warnings(write_map, text)
    assert problem.message == "the twin map current.yaml has errors (run `cjm validate` on it)"


def test_twin_with_other_stage_ids(write_map: Callable[..., Path]) -> None:
    ideal = swap("type: blueprint\n", "type: ideal\ntwin: ../current/map.yaml\n", BLUEPRINT)
    path = write_map(ideal, "ideal/map.yaml")
    write_map(swap("    - id: a\n", "    - id: b\n", BLUEPRINT), "current/map.yaml")
    [problem] = check_file(str(path)).problems
    line, column = at(ideal, "../current")
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "twin-stages-differ")
    assert "(only here: a; only in the twin: b)" in problem.message
    write_map(BLUEPRINT, "current/map.yaml")  # the same stage ids: no warning
    assert check_file(str(path)).problems == []


# --- pulled figures ---------------------------------------------------------------------------------------------


def test_figures_pulled_longer_ago_than_allowed(write_map: Callable[..., Path]) -> None:
    today = date(2026, 12, 3)
    pulled = "{source: bitrix24, period: 2026-Q3, date: '%s'}"
    text = swap("leads:\n", f"leads:\n  pulled: {pulled % '2026-11-02'}\n")  # 31 days: still fresh
    text = swap("  - id: search\n", f"  - id: search\n    pulled: {pulled % '2026-09-01'}\n", text)
    [problem] = warnings(write_map, text, RuleOptions(today=today))
    line, column = at(text, "'2026-09-01'")
    assert (problem.position.line, problem.position.column, problem.code) == (line, column, "pulled-stale")
    assert problem.message == (
        "the figures of campaign 'Search' were pulled from bitrix24 93 days ago, on 2026-09-01 (more than 31)"
    )
    assert [p.code for p in warnings(write_map, text, RuleOptions(today=today, stale_after_days=100))] == []


# --- silencing and choosing ---------------------------------------------------------------------------------------


def test_ignore_on_an_element_silences_it_and_what_it_holds(write_map: Callable[..., Path]) -> None:
    text = swap(
        "    - id: find\n      name: Find\n      owner: sales\n",
        "    - id: find\n      name: Find\n      ignore: [stage-no-owner]\n",
    )
    assert found(write_map, text) == []
    # On the journey, it covers every stage; another code does not.
    text = swap("      owner: sales\n      touchpoints: [{name: Cart}]", "      touchpoints: [{name: Cart}]", text)
    assert [code for _, _, code in found(write_map, text)] == ["stage-no-owner"]
    assert found(write_map, swap("journey:\n", "journey:\n  ignore: [stage-no-owner, pain-unaddressed]\n", text)) == []


def test_ignore_at_the_top_silences_the_whole_map(write_map: Callable[..., Path]) -> None:
    text = swap("kind: site, crm: true, feeds: main}", "kind: site, crm: false, feeds: main}")
    assert found(write_map, "ignore: [channel-not-in-crm]\n" + text) == []
    assert found(write_map, "ignore: [channels]\n" + text) == []  # a group of rules
    assert found(write_map, "ignore: [chanels]\n" + text) == [(1, 10, "unknown-rule"), (29, 40, "channel-not-in-crm")]


def test_unknown_code_in_ignore_is_a_warning_with_a_suggestion(write_map: Callable[..., Path]) -> None:
    text = swap(
        "      owner: sales\n      touchpoints: [{channel: tg}]",
        "      owner: sales\n      ignore: [stage-no-kip, unknown-ref]\n      touchpoints: [{channel: tg}]",
    )
    problems = warnings(write_map, text)
    line, column = at(text, "stage-no-kip")
    assert [(p.position.line, p.position.column, p.code) for p in problems] == [
        (line, column, "unknown-rule"),
        (line, column + len("stage-no-kip, "), "unknown-rule"),
    ]
    assert problems[0].hint == "did you mean 'stage-no-kpi'?"
    assert problems[1].hint == "`cjm rules` lists the codes; errors cannot be ignored"


def test_rule_options_select_and_ignore(write_map: Callable[..., Path]) -> None:
    text = swap("kind: site, crm: true, feeds: main}", "kind: site, crm: false}")
    everything = [code for _, _, code in found(write_map, text)]
    assert everything == ["channel-feeds-nothing"]  # a channel that feeds nothing is not also told about the CRM
    assert warnings(write_map, text, RuleOptions(select=frozenset({"stage-no-kpi"}))) == []
    assert warnings(write_map, text, RuleOptions(ignore=frozenset({"channel-feeds-nothing"}))) == []


def test_rules_run_only_on_maps_without_errors(write_map: Callable[..., Path]) -> None:
    text = swap("owner: sales\n      touchpoints: [{channel: tg}]", "owner: nobody\n      touchpoints: [{channel: tg}]")
    result = check_file(str(write_map(text)))
    assert [p.code for p in result.problems] == ["unknown-ref"]


def test_every_rule_has_a_rationale_and_a_test() -> None:
    source = "".join(path.read_text(encoding="utf-8") for path in Path(__file__).parent.glob("test_rules*.py"))
    for code, rule in BY_CODE.items():
        assert rule.rationale and rule.summary, code
        assert f'"{code}"' in source, f"no test names {code}"


def test_a_twin_that_names_this_map_back_is_read_once(write_map: Callable[..., Path]) -> None:
    # Two ideal maps naming each other, and one naming itself: no endless reading, and the same stages.
    first = write_map(swap("type: blueprint\n", "type: ideal\ntwin: second.yaml\n", BLUEPRINT), "first.yaml")
    write_map(swap("type: blueprint\n", "type: ideal\ntwin: first.yaml\n", BLUEPRINT), "second.yaml")
    itself = write_map(swap("type: blueprint\n", "type: ideal\ntwin: itself.yaml\n", BLUEPRINT), "itself.yaml")
    assert check_file(str(first)).problems == []
    assert check_file(str(itself)).problems == []


def test_the_twin_is_not_read_when_its_rules_are_off(write_map: Callable[..., Path]) -> None:
    text = swap("type: blueprint\n", "type: ideal\ntwin: missing.yaml\n", BLUEPRINT)
    assert found(write_map, text) == [(*at(text, "missing.yaml"), "twin-missing")]
    assert warnings(write_map, text, RuleOptions(ignore=frozenset({"twin-missing", "twin-stages-differ"}))) == []
    assert found(write_map, swap("type: ideal\n", "type: ideal\nignore: [twin]\n", text)) == []


def test_a_long_ignore_list_is_read_once_per_element(write_map: Callable[..., Path]) -> None:
    codes = ", ".join(["stage-no-kpi"] * 3000 + ["stage-no-kpx"])
    text = swap("    - id: find\n", f"    - ignore: [{codes}]\n      id: find\n")
    text = swap("      kpis: [{name: Visits}]\n", "", text)
    [problem] = warnings(write_map, text)
    assert (problem.code, problem.hint) == ("unknown-rule", "did you mean 'stage-no-kpi'?")


def test_ignore_names_are_compared_as_written_and_suggested_in_lower_case(write_map: Callable[..., Path]) -> None:
    [problem] = warnings(write_map, "ignore: [Stage-No-KPI]\n" + COMPLETE)
    assert (problem.code, problem.position.line, problem.position.column) == ("unknown-rule", 1, 10)
    assert problem.hint == "did you mean 'stage-no-kpi'?"


def test_ignore_written_as_one_code_says_to_make_it_a_list(write_map: Callable[..., Path]) -> None:
    result = check_file(str(write_map("ignore: stage-no-kpi\n" + COMPLETE)))
    [problem] = result.problems
    assert (problem.severity, problem.position.line, problem.position.column) == ("error", 1, 9)
    assert problem.message == "`ignore` is a list, even of one code: write `ignore: [stage-no-kpi]`"
