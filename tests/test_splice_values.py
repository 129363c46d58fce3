"""Setting one value of a map where it is written (`splice.Value`): what `cjm pull --into` does to counts,
amounts and dates. The rest of the line stays (a comment after the value, the other keys of a `{...}`), and a
key the mapping lacks is added beside the key it follows."""

from __future__ import annotations

import copy
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cjm_cli.core.load import load
from cjm_cli.importers.splice import Value, apply
from conftest import EXAMPLES

STAGES = """\
cjm: 1
title: Shop
leads:
  period: Q1   # hand-typed
  stages:
    - {id: NEW, name: New, count: 1240}
    - id: JUNK
      name: Junk
      meaning: failure
      count: 95          # the tenders from icetrade.by
    - {id: WON, name: Won}
"""


def edited(text: str, *edits: Value) -> str:
    return apply(text, load("map.yaml", text).data, list(edits))


def test_a_value_is_replaced_where_it_is_written_and_its_comment_stays() -> None:
    result = edited(STAGES, Value(("leads", "stages", 1, "count"), 101), Value(("leads", "period"), "2026-Q3"))
    assert result == STAGES.replace("count: 95 ", "count: 101 ").replace("period: Q1", "period: 2026-Q3")


def test_a_missing_key_is_added_after_the_key_it_follows_in_block_and_flow_mappings() -> None:
    result = edited(
        STAGES,
        Value(("leads", "stages", 2, "count"), 7, after=("count", "meaning", "name")),
        Value(("leads", "stages", 0, "amount"), 1.5, after=("count",)),
        Value(("leads", "stages", 1, "amount"), 2, after=("count",)),
        Value(("leads", "pulled"), {"source": "bitrix24", "date": "2026-12-03"}, after=("period",)),
    )
    assert result.splitlines() == [
        "cjm: 1",
        "title: Shop",
        "leads:",
        "  period: Q1   # hand-typed",
        "  pulled: {source: bitrix24, date: '2026-12-03'}",
        "  stages:",
        "    - {id: NEW, name: New, count: 1240, amount: 1.5}",
        "    - id: JUNK",
        "      name: Junk",
        "      meaning: failure",
        "      count: 95          # the tenders from icetrade.by",
        "      amount: 2",
        "    - {id: WON, name: Won, count: 7}",
    ]


def test_a_key_goes_before_the_key_it_precedes_when_none_it_follows_is_there() -> None:
    text = STAGES.replace("  period: Q1   # hand-typed\n", "")
    result = edited(text, Value(("leads", "period"), "2026-Q3", after=("pulled",), before=("stages",)))
    assert result == text.replace("leads:\n", "leads:\n  period: 2026-Q3\n")


def test_keys_added_at_the_same_place_keep_the_order_they_were_given_in() -> None:
    edits = [Value(("leads", "stages", 0, key), 1, after=("name",)) for key in ("zeta", "alpha", "mid")]
    assert "    - {id: NEW, name: New, zeta: 1, alpha: 1, mid: 1, count: 1240}\n" in edited(STAGES, *edits)


def test_crlf_line_endings_and_a_byte_order_mark_are_kept() -> None:
    text = "\ufeff" + STAGES.replace("\n", "\r\n")
    result = apply(text, load("map.yaml", STAGES).data, [Value(("leads", "stages", 0, "count"), 1)])
    assert result == text.replace("count: 1240", "count: 1")


def test_texts_that_yaml_would_misread_are_quoted() -> None:
    for value in ("a, b", "x: y", "1e5", "true", "[x]", "# not a comment", "Не обработан", "it's"):
        result = edited(STAGES, Value(("leads", "stages", 0, "name"), value))
        assert load("map.yaml", result).data["leads"]["stages"][0]["name"] == value


def test_filling_the_bundled_example_keeps_every_other_line() -> None:
    text = (EXAMPLES / "sales-system.yaml").read_text(encoding="utf-8")
    data = load("map.yaml", text).data
    edits = [
        Value(("deals", i, "stages", j, key), 1)
        for i, pipeline in enumerate(data["deals"])
        for j, _ in enumerate(pipeline["stages"])
        for key in ("count", "amount")
    ]
    result = apply(text, data, edits)
    before, after = text.split("\n"), result.split("\n")
    assert len(before) == len(after)
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed and all("count" in old or "amount" in old for old, _ in changed)
    loaded = load("map.yaml", result).data
    assert all(s["count"] == 1 and s["amount"] == 1 for p in loaded["deals"] for s in p["stages"])


# --- any value, in any style --------------------------------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20)
_VALUES = st.one_of(
    st.integers(min_value=0, max_value=10**12),
    st.floats(min_value=0, max_value=1e12, allow_nan=False),
    _TEXT,
)


HEAD = ["cjm: 1", "title: T", "leads:", "  stages:"]


@st.composite
def maps(draw: st.DrawFn) -> tuple[str, dict[str, Any], list[list[str]]]:
    """A map whose stages are written as block or flow mappings, with comments after some values; and the lines
    of each stage."""
    stages, stage_lines = [], []
    for i in range(draw(st.integers(min_value=1, max_value=4))):
        stage = {"id": f"S{i}", "name": f"Stage {i}", "count": draw(st.integers(min_value=0, max_value=99))}
        stages.append(stage)
        comment = "   # note" if draw(st.booleans()) else ""
        if draw(st.booleans()):
            stage_lines.append([f"    - {{id: S{i}, name: Stage {i}, count: {stage['count']}}}{comment}"])
        else:
            stage_lines.append([f"    - id: S{i}", f"      name: Stage {i}", f"      count: {stage['count']}{comment}"])
    text = "\n".join(HEAD + [line for lines in stage_lines for line in lines]) + "\n"
    return text, {"cjm": 1, "title": "T", "leads": {"stages": stages}}, stage_lines


@settings(max_examples=150, deadline=None)
@given(maps(), st.data())
def test_any_value_set_or_added_reads_back_and_other_lines_stay(
    written: tuple[str, dict[str, Any], list[list[str]]], data: Any
) -> None:
    text, expected, stage_lines = written
    count = len(expected["leads"]["stages"])
    edits = []
    for index in data.draw(st.sets(st.integers(min_value=0, max_value=count - 1), min_size=1)):
        key = data.draw(st.sampled_from(["count", "amount", "name"]))
        value = data.draw(_VALUES)
        edits.append(Value(("leads", "stages", index, key), value, after=("count",)))
    wanted = copy.deepcopy(expected)
    for edit in edits:
        wanted["leads"]["stages"][edit.path[2]][edit.path[3]] = edit.value
    result = apply(text, load("map.yaml", text).data, edits)
    loaded = load("map.yaml", result)
    assert loaded.problems == []
    assert _same(loaded.data, wanted)
    touched = {edit.path[2] for edit in edits}
    kept = HEAD + [line for i, lines in enumerate(stage_lines) if i not in touched for line in lines]
    lines = iter(result.split("\n"))
    assert all(line in lines for line in kept)  # in order, each where it was


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and math.isclose(a, b)
    return type(a) is type(b) and a == b
