"""The model stage: structural errors of a map, each at its position, with a useful message and hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli.api import check_file
from cjm_cli.core.problems import Problem
from cjm_cli.core.rules import NO_RULES


def check(write_map: Callable[..., Path], text: str) -> list[Problem]:
    return check_file(str(write_map(text)), NO_RULES).problems


def where(problems: list[Problem]) -> list[tuple[int, int, str]]:
    return [(p.position.line, p.position.column, p.code) for p in problems]


def test_minimal_map_is_valid_with_defaults(write_map: Callable[..., Path]) -> None:
    result = check_file(str(write_map("cjm: 1\ntitle: Minimal\n")), NO_RULES)
    assert result.ok and result.problems == []
    assert result.journey_map is not None
    assert (result.journey_map.type, result.journey_map.lang, result.journey_map.personas) == ("current", "en", [])


def test_missing_version_and_title_point_at_the_mapping(write_map: Callable[..., Path]) -> None:
    problems = check(write_map, "description: no header\n")
    assert where(problems) == [(1, 1, "missing-key"), (1, 1, "missing-key")]
    assert {p.message for p in problems} == {"missing required key 'cjm'", "missing required key 'title'"}
    assert any("cjm: 1" in p.hint for p in problems)


def test_unsupported_version(write_map: Callable[..., Path]) -> None:
    [problem] = check(write_map, "cjm: 2\ntitle: Map\n")
    assert (problem.code, problem.position.line, problem.position.column) == ("version", 1, 6)


def test_unknown_key_points_at_the_key_and_suggests(write_map: Callable[..., Path]) -> None:
    problems = check(
        write_map,
        """\
        cjm: 1
        title: Map
        journey:
          stagez:
            - id: a
              name: A
        """,
    )
    unknown = [p for p in problems if p.code == "unknown-key"]
    assert where(unknown) == [(4, 3, "unknown-key")]
    assert unknown[0].hint == "did you mean 'stages'?"


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(write_map: Callable[..., Path]) -> None:
    [problem] = check(write_map, "cjm: 1\ntitle: Map\nsite:\n  zzz: 1\n")
    assert problem.hint == "allowed keys: url, pages"


def test_yaml_1_1_surprises_in_text_fields_keep_the_text_or_say_quote_it(write_map: Callable[..., Path]) -> None:
    problems = check(
        write_map,
        """\
        cjm: 1
        title: Map
        personas:
          - id: p
            name: no
            goals: [12:30, off, 1.10]
        """,
    )
    assert where(problems) == [(6, 25, "type")]
    assert problems[0].message == "expected text, got the number 1.1"
    assert problems[0].hint == 'YAML reads 1.10 as the number 1.1; quote it: "1.10"'


def test_boolean_fields_need_true_or_false(write_map: Callable[..., Path]) -> None:
    [problem] = check(write_map, "cjm: 1\ntitle: M\nchannels:\n  - {id: c, name: C, kind: site, crm: yes}\n")
    assert (problem.code, problem.hint) == ("type", "write true or false")


def test_numbers_are_not_taken_from_text(write_map: Callable[..., Path]) -> None:
    problems = check(write_map, "cjm: 1\ntitle: M\nleads:\n  stages:\n    - {id: NEW, name: New, count: '12'}\n")
    assert where(problems) == [(5, 35, "type")]
    assert problems[0].message == "expected a whole number, got the text '12'"


def test_enumerations_suggest_the_closest_value(write_map: Callable[..., Path]) -> None:
    [problem] = check(write_map, "cjm: 1\ntitle: M\ntype: blueprnt\n")
    assert problem.message == "the text 'blueprnt' is not allowed for 'type'"
    assert problem.hint == "did you mean 'blueprint'?"


def test_enumeration_without_close_match_lists_choices(write_map: Callable[..., Path]) -> None:
    [problem] = check(write_map, "cjm: 1\ntitle: M\nlang: de\n")
    assert problem.hint == "one of: ru, en"


def test_emotion_scale_is_bounded(write_map: Callable[..., Path]) -> None:
    problems = check(
        write_map,
        """\
        cjm: 1
        title: M
        personas: [{id: anna, name: Anna}]
        journey:
          stages:
            - id: s
              name: S
              emotions: {anna: 3}
        """,
    )
    assert where(problems) == [(8, 24, "value")]
    assert problems[0].message == "the emotion 3 of 'anna' is outside the map's scale, -2 to 2"
    assert problems[0].hint.endswith("`journey.emotion_scale` sets the scale")


def test_a_map_sets_its_own_emotion_scale_and_every_score_is_checked_against_it(
    write_map: Callable[..., Path],
) -> None:
    problems = check(
        write_map,
        """\
        cjm: 1
        title: M
        personas: [{id: anna, name: Anna}, {id: mark, name: Mark}]
        journey:
          emotion_scale: {min: 1, max: 10}
          stages:
            - {id: a, name: A, emotions: {anna: 1, mark: 10}}
            - {id: b, name: B, emotions: {anna: 0, mark: 11}}
            - {id: c, name: C, emotions: {anna: -2, mark: 5}}
        """,
    )
    assert where(problems) == [(8, 41, "value"), (8, 50, "value"), (9, 41, "value")]
    assert [p.message for p in problems] == [
        "the emotion 0 of 'anna' is outside the map's scale, 1 to 10",
        "the emotion 11 of 'mark' is outside the map's scale, 1 to 10",
        "the emotion -2 of 'anna' is outside the map's scale, 1 to 10",
    ]
    assert (
        problems[0].hint
        == "scores go from 1 (very negative) to 10 (very positive); `journey.emotion_scale` sets the scale"
    )


@pytest.mark.parametrize(
    ("scale", "column", "message"),
    [
        ("{min: 2, max: 2}", 32, "the scale goes up from `min` to `max`: max (2) must be more than min (2)"),
        ("{min: 5, max: -5}", 32, "the scale goes up from `min` to `max`: max (-5) must be more than min (5)"),
        ("{min: 1, max: 7.5}", 32, "expected a whole number, got the number 7.5"),
        ("{min: '1', max: 5}", 24, "expected a whole number, got the text '1'"),
        ("{min: 0, max: 1000}", 32, "the number 1000 is out of range for 'max': it must be at most 100"),
        ("{max: 10}", 18, "missing required key 'min'"),
        ("[1, 10]", 18, "expected a mapping of keys, got a list"),
    ],
)
def test_an_emotion_scale_is_two_whole_numbers_lowest_first(
    write_map: Callable[..., Path], scale: str, column: int, message: str
) -> None:
    text = f"cjm: 1\ntitle: M\njourney:\n  emotion_scale: {scale}\n  stages: [{{id: a, name: A}}]\n"
    problems = check(write_map, text)
    assert [(p.position.line, p.position.column, p.message) for p in problems] == [(4, column, message)]


def test_ids_must_be_simple(write_map: Callable[..., Path]) -> None:
    problems = check(write_map, "cjm: 1\ntitle: M\ndepartments:\n  - id: отдел продаж\n    name: Продажи\n")
    assert where(problems) == [(4, 9, "id")]
    assert "latin" in problems[0].hint


def test_empty_text_and_empty_required_lists(write_map: Callable[..., Path]) -> None:
    problems = check(write_map, "cjm: 1\ntitle: ''\njourney:\n  stages: []\n")
    assert where(problems) == [(2, 8, "value"), (4, 11, "value")]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:x",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example/x",
        "&#106;avascript:x",
    ],
)
def test_links_allow_only_safe_schemes(write_map: Callable[..., Path], url: str) -> None:
    text = f'cjm: 1\ntitle: M\nsite:\n  pages:\n    - {{id: p, title: P, url: "{url}"}}\n'
    problems = check(write_map, text.replace("\t", "\\t"))
    assert [p.code for p in problems] == ["value"]
    assert problems[0].position.line == 5


@pytest.mark.parametrize("url", ["https://example.by/a?b=1#c", "http://x.by", "/products/a", "mailto:sales@x.by"])
def test_safe_links_pass(write_map: Callable[..., Path], url: str) -> None:
    assert check(write_map, f"cjm: 1\ntitle: M\nsite:\n  pages:\n    - {{id: p, title: P, url: '{url}'}}\n") == []


def test_touchpoint_needs_a_channel_or_a_name(write_map: Callable[..., Path]) -> None:
    text = "cjm: 1\ntitle: M\njourney:\n  stages:\n    - id: s\n      name: S\n      touchpoints: [{}]\n"
    problems = check(write_map, text)
    assert where(problems) == [(7, 21, "value")]
    assert "channel" in problems[0].message


def test_pains_and_opportunities_accept_text_or_a_mapping(write_map: Callable[..., Path]) -> None:
    result = check_file(
        str(
            write_map(
                """\
                cjm: 1
                title: M
                journey:
                  stages:
                    - id: s
                      name: S
                      pains: [Долго ждать ответа, {id: slow, text: Медленная доставка}]
                      opportunities: [{text: Курьер за день, fixes: [slow]}, Чат на сайте]
                """
            )
        )
    )
    assert result.ok, result.problems
    assert result.journey_map is not None and result.journey_map.journey is not None
    stage = result.journey_map.journey.stages[0]
    assert [p.text for p in stage.pains] == ["Долго ждать ответа", "Медленная доставка"]
    assert stage.opportunities[0].fixes == ["slow"]


def test_all_structural_problems_are_reported_at_once(write_map: Callable[..., Path]) -> None:
    problems = check(
        write_map,
        """\
        cjm: 1
        title: M
        lang: fr
        channels:
          - {id: a, name: A, kind: fax}
          - {id: b, kind: site}
        """,
    )
    assert where(problems) == [(3, 7, "value"), (5, 28, "value"), (6, 5, "missing-key")]


def test_a_block_key_written_at_the_top_level_names_its_block(write_map: Callable[..., Path]) -> None:
    problems = check(write_map, "cjm: 1\ntitle: M\nstages: []\npages: []\n")
    assert [(p.position.line, p.code, p.hint) for p in problems] == [
        (3, "unknown-key", "`stages` belongs inside `journey:`, `leads:` or `deals:`, indented under it"),
        (4, "unknown-key", "`pages` belongs inside `site:`, indented under it"),
    ]


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("true", "unsupported format version: the boolean true", "this version of cjm reads `cjm: 1`"),
        ("1.0", "unsupported format version: the number 1.0", "this version of cjm reads `cjm: 1`"),
        ('"1"', "unsupported format version: the text '1'", "write `cjm: 1`, without quotes"),
        ("~", "unsupported format version: nothing (null)", "this version of cjm reads `cjm: 1`"),
    ],
)
def test_the_version_is_the_whole_number_1(
    write_map: Callable[..., Path], written: str, message: str, hint: str
) -> None:
    [problem] = check(write_map, f"cjm: {written}\ntitle: M\n")
    assert (problem.code, problem.message, problem.hint) == ("version", message, hint)


def test_list_items_are_named_by_their_list(write_map: Callable[..., Path]) -> None:
    text = "cjm: 1\ntitle: M\npersonas:\n  - id: p\n    name: P\n    goals: [ok, '']\n"
    [problem] = check(write_map, text)
    assert problem.message == "item 2 of 'goals' must not be empty"


def test_an_empty_value_says_write_a_value(write_map: Callable[..., Path]) -> None:
    [problem] = check(write_map, "cjm: 1\ntitle:\n")
    assert (problem.message, problem.hint) == ("expected text, got nothing (null)", "write a value, or remove the key")


def test_floats_are_shown_as_written(write_map: Callable[..., Path]) -> None:
    [problem] = check(write_map, "cjm: 1\ntitle: M\nleads:\n  stages:\n    - {id: N, name: N, count: 1.0}\n")
    assert problem.message == "expected a whole number, got the number 1.0"


def test_a_bad_id_used_as_a_key_points_at_the_key(write_map: Callable[..., Path]) -> None:
    text = "cjm: 1\ntitle: M\njourney:\n  stages:\n    - {id: s, name: S, emotions: {Анна: 1}}\n"
    [problem] = check(write_map, text)
    assert (problem.code, problem.position.column) == ("id", text.splitlines()[4].index("Анна") + 1)


def test_a_number_where_a_thought_belongs_says_quote_it(write_map: Callable[..., Path]) -> None:
    [problem] = check(write_map, "cjm: 1\ntitle: M\njourney:\n  stages:\n    - {id: s, name: S, thoughts: [42]}\n")
    assert (problem.message, problem.hint) == (
        "expected text, got the number 42",
        'YAML reads 42 as the number 42; quote it: "42"',
    )


def test_a_text_where_a_touchpoint_belongs_shows_the_mapping(write_map: Callable[..., Path]) -> None:
    [problem] = check(write_map, "cjm: 1\ntitle: M\njourney:\n  stages:\n    - {id: s, name: S, touchpoints: [Ads]}\n")
    assert problem.hint == "write {name: Ads} or {channel: Ads}"


def test_flow_comma_hint_only_for_a_stray_key_without_a_value(write_map: Callable[..., Path]) -> None:
    text = "cjm: 1\ntitle: M\njourney:\n  stages:\n    - {id: s, name: S, pains: [{text: hi, mood: x}]}\n"
    [problem] = check(write_map, text)
    assert problem.hint == "allowed keys: text, id, persona, evidence, confidence"


def test_a_key_with_nothing_after_the_colon_reads_as_a_mapping(write_map: Callable[..., Path]) -> None:
    [problem] = check(
        write_map,
        "cjm: 1\ntitle: M\njourney:\n  stages:\n    - id: s\n      name: S\n      thoughts:\n        - Price:\n",
    )
    assert problem.message == "'Price:' reads as a key and a value; a text holding ': ' must be quoted"
