"""Loading YAML strictly: plain data only, YAML 1.2 scalars, positions, and hostile documents."""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjm_cli.core import yaml_nodes
from cjm_cli.core.load import MAX_NODES, load
from cjm_cli.core.problems import Position


@pytest.fixture(autouse=True, params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test of the loader runs with libyaml (PyYAML's C parser, checked by the pure-Python one) and with
    the pure-Python parser alone: a map's verdict must not depend on how PyYAML was built."""
    if request.param not in yaml_nodes.PARSERS:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(yaml_nodes, "PREFERRED", request.param)
    return str(request.param)


def problems(text: str) -> list[tuple[int, int, str]]:
    return [(p.position.line, p.position.column, p.code) for p in load("m.yaml", text).problems]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("no", "no"),
        ("off", "off"),
        ("yes", "yes"),
        ("12:30", "12:30"),
        ("2024-01-01", "2024-01-01"),
        ("true", True),
        ("False", False),
        ("12", 12),
        ("012", 12),
        ("0o14", 12),
        ("0x1f", 31),
        ("1.10", 1.1),
        ("-2", -2),
        ("1e3", 1000.0),
        ("~", None),
        ("null", None),
        ("", None),
        ("'no'", "no"),
        ('"12"', "12"),
        ("!!str 12", "12"),
        ("!!float 1", 1.0),
    ],
)
def test_scalars_resolve_by_the_yaml_1_2_core_schema(written: str, value: object) -> None:
    document = load("m.yaml", f"key: {written}\n")
    assert document.problems == []
    assert document.data == {"key": value}
    assert type(document.data["key"]) is type(value)


def test_infinity_and_nan_are_numbers() -> None:
    data = load("m.yaml", "a: .inf\nb: -.Inf\nc: .nan\n").data
    assert data["a"] == math.inf and data["b"] == -math.inf and math.isnan(data["c"])


def test_plain_text_of_non_text_scalars_is_kept_for_hints() -> None:
    document = load("m.yaml", "a:\n  - 1.10\n  - text\n")
    assert document.plain_text == {("a", 0): "1.10"}


def test_positions_of_keys_and_values_are_1_based_and_count_characters() -> None:
    document = load("m.yaml", "заголовок: Карта\nlist:\n  - id: x\n    name: Имя\n")
    assert document.key_positions[("заголовок",)] == Position(1, 1)
    assert document.positions[("заголовок",)] == Position(1, 12)
    assert document.positions[("list", 0)] == Position(3, 5)
    assert document.positions[("list", 0, "name")] == Position(4, 11)
    assert document.position(("list", 0, "missing", 3)) == Position(3, 5)


def test_duplicate_keys_are_reported_at_the_second_one() -> None:
    document = load("m.yaml", "title: A\nlang: en\ntitle: B\n")
    [problem] = document.problems
    assert (problem.position, problem.code) == (Position(3, 1), "duplicate-key")
    assert "line 1" in problem.message


def test_merge_keys_and_non_scalar_keys_are_refused() -> None:
    assert problems("base: &b {x: 1}\nitem:\n  <<: *b\n? [a, b]\n: c\n") == [(3, 3, "yaml-merge"), (4, 3, "yaml-key")]


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system [echo hacked]\n",
        "a: !!python/name:os.system\n",
        "a: !custom thing\n",
        "a: !!set {x}\n",
    ],
)
def test_tags_that_construct_objects_are_refused(text: str) -> None:
    document = load("m.yaml", text)
    assert [p.code for p in document.problems] == ["yaml-tag"]


def test_bad_explicit_scalar_tag_is_reported() -> None:
    assert problems("a: !!int twelve\n") == [(1, 4, "yaml-tag")]


def test_alias_bomb_is_stopped_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    started = time.perf_counter()
    document = load("m.yaml", "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 30  # a runaway expansion would take hours, not seconds
    assert [p.code for p in document.problems] == ["too-large"]
    assert str(f"{MAX_NODES:,}") in document.problems[0].message


def test_cyclic_alias_is_reported() -> None:
    assert problems("a: &x [1, *x]\n") == [(1, 4, "alias-cycle")]


def test_aliases_within_limits_are_expanded() -> None:
    document = load("m.yaml", "a: &k {n: 1}\nb: *k\n")
    assert document.data == {"a": {"n": 1}, "b": {"n": 1}}


def test_several_documents_are_one_problem() -> None:
    assert problems("a: 1\n---\nb: 2\n") == [(2, 1, "multiple-documents")]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "\n\n"])
def test_empty_documents_are_reported(text: str) -> None:
    assert [code for _, _, code in problems(text)] == ["empty"]


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b\n", "list"), ("just text\n", "single value")])
def test_the_top_level_must_be_a_mapping(text: str, kind: str) -> None:
    [problem] = load("m.yaml", text).problems
    assert problem.code == "not-a-map" and kind in problem.message


def test_deep_nesting_is_a_problem_not_a_recursion_error() -> None:
    assert [code for _, _, code in problems("a: " + "[" * 10_000 + "]" * 10_000 + "\n")] == ["too-deep"]
    assert [code for _, _, code in problems("a: " + "[" * 100 + "]" * 100 + "\n")] == ["too-deep"]


def test_tab_indentation_gets_its_own_code_and_hint() -> None:
    [problem] = load("m.yaml", "a:\n\t- b\n").problems
    assert (problem.position, problem.code) == (Position(2, 1), "tab")
    assert "spaces" in problem.hint


def test_syntax_errors_carry_position_and_hint() -> None:
    [problem] = load("m.yaml", "title: Map\nthought: Price: too high\n").problems
    assert (problem.position, problem.code) == (Position(2, 15), "yaml-syntax")
    assert "quoted" in problem.hint


def test_unclosed_quote_is_reported() -> None:
    [problem] = load("m.yaml", 'title: "Map\nlang: en\n').problems
    assert problem.code == "yaml-syntax" and problem.position.line >= 1


def test_nesting_past_libyaml_s_own_limit_is_reported_at_cjm_s_limit() -> None:
    """libyaml 0.2.6 refuses more than 1,000 levels before any event reaches cjm; the limit is cjm's, at 64."""
    [problem] = load("m.yaml", "a: " + "[" * 1_500 + "]" * 1_500 + "\n").problems
    assert (problem.code, problem.position) == ("too-deep", Position(1, 4 + 63))


def test_deep_block_nesting_is_reported_at_the_first_level_too_deep() -> None:
    text = "".join(f"{'  ' * level}k{level}:\n" for level in range(100)) + "  " * 100 + "end: 1\n"
    [problem] = load("m.yaml", text).problems
    # the top-level mapping is level 1; the mapping holding k64, on line 65, is the 65th
    assert (problem.code, problem.position) == ("too-deep", Position(65, 2 * 64 + 1))


def test_nesting_deep_enough_to_crash_the_c_composer_is_reported_first() -> None:
    [problem] = load("m.yaml", "a: " + "[" * 50_000 + "]" * 50_000 + "\n").problems
    # the top-level mapping is level 1, so the 64th bracket (at column 4 + 63) is one level too deep
    assert (problem.code, problem.position) == ("too-deep", Position(1, 4 + 63))


def test_numbers_too_long_to_convert_stay_text() -> None:
    document = load("m.yaml", f"a: {'1' * 5000}\nb: 0x{'f' * 5000}\n")
    assert document.problems == []
    assert document.data == {"a": "1" * 5000, "b": "0x" + "f" * 5000}


def test_tags_on_keys_are_refused_too() -> None:
    assert problems("{!!python/name:os.system anna: 1}\n") == [(1, 2, "yaml-tag")]


def test_unclosed_quote_is_reported_where_it_opens() -> None:
    [problem] = load("m.yaml", 'cjm: 1\ntitle: "Map\nlang: en\n').problems
    assert (problem.position, problem.code, problem.hint) == (
        Position(2, 8),
        "yaml-syntax",
        "this quote or bracket is never closed",
    )


def test_a_key_without_a_space_after_its_colon_is_named() -> None:
    [problem] = load("m.yaml", "cjm:1\ntitle: Map\n").problems
    assert problem.hint == "a key needs a space after its colon: write `cjm: 1` on line 1"


def test_colon_inside_a_flow_mapping_gets_a_hint() -> None:
    [problem] = load("m.yaml", "a: [{id: x, name: Звонки: входящие}]\n").problems
    assert problem.hint == "inside {...} a text holding ': ' or ',' must be quoted"


def test_text_cut_by_a_comment_is_a_warning_but_real_comments_are_not() -> None:
    document = load("m.yaml", "title: Заказ #123\nlang: en  # the language\nurl: https://x.by/#top\n")
    assert [(p.position, p.severity, p.code) for p in document.problems] == [
        (Position(1, 14), "warning", "comment-in-text")
    ]
    assert document.data == {"title": "Заказ", "lang": "en", "url": "https://x.by/#top"}


def test_too_large_without_aliases_suggests_splitting() -> None:
    text = "items:\n" + "".join(f"  - {i}\n" for i in range(MAX_NODES + 1))
    [problem] = load("m.yaml", text).problems
    assert problem.code == "too-large" and problem.hint == "split the map into several files"


# --- a comma splitting an item of a flow sequence (issue 15) ---------------------------------------------------


def test_a_comma_that_splits_an_item_of_a_flow_list_is_a_warning_with_the_fix() -> None:
    document = load("m.yaml", "support: [Битрикс24 (сделка, роботы), Телефония]\n")
    assert document.data == {"support": ["Битрикс24 (сделка", "роботы)", "Телефония"]}  # what YAML reads
    [problem] = document.problems
    assert (problem.position, problem.severity, problem.code) == (Position(1, 11), "warning", "comma-in-list")
    assert problem.message == "a comma inside [...] cut 'Битрикс24 (сделка, роботы)' into 2 items"
    assert problem.hint == 'quote the text: ["Битрикс24 (сделка, роботы)"], or write the list one item a line'


@pytest.mark.parametrize(
    "text",
    [
        "a: [ООО «Ромашка, и партнёры», ИП Петров]\n",
        'a: [ООО "Ромашка, и партнёры", ИП Петров]\n',
        "a: [Звонок (входящий, исходящий, пропущенный)]\n",
    ],
)
def test_quotes_and_brackets_of_any_kind_across_items(text: str) -> None:
    assert [p.code for p in load("m.yaml", text).problems] == ["comma-in-list"]


@pytest.mark.parametrize(
    "text",
    [
        'support: ["Битрикс24 (сделка, роботы)", Телефония]\n',  # quoted: one item
        "support: [Битрикс24 (сделка), роботы (триггеры)]\n",  # balanced in each item
        "support:\n  - Битрикс24 (сделка, роботы)\n",  # block style: the comma is text
        "a: [смайлик :), грустный :(]\n",  # closes before it opens: no pair
    ],
)
def test_items_that_stand_on_their_own_are_not_warned_about(text: str) -> None:
    assert load("m.yaml", text).problems == []


_WORDS = st.text(alphabet="abcxyzабвгдеж ", min_size=1, max_size=12).map(str.strip).filter(bool)


@settings(max_examples=200, deadline=None)
@given(head=_WORDS, inside=st.lists(_WORDS, min_size=2, max_size=4), tail=st.lists(_WORDS, max_size=3))
def test_the_fix_the_hint_gives_reads_back_as_one_item(head: str, inside: list[str], tail: list[str]) -> None:
    whole = f"{head} ({', '.join(inside)})"
    document = load("m.yaml", f"k: [{', '.join([whole, *tail])}]\n")
    [problem] = document.problems
    assert problem.code == "comma-in-list"
    fixed = problem.hint.removeprefix("quote the text: ").split(", or write")[0]
    again = load("m.yaml", f"k: {fixed}\n")
    assert again.problems == [] and again.data == {"k": [whole]}
    balanced = load("m.yaml", f"k: [{', '.join([head, *inside, *tail])}]\n")  # no bracket across items
    assert balanced.problems == []
