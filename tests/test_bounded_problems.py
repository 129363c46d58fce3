"""Problems per map are bounded: at most a hundred warnings of one rule on one kind of element, and a hundred
errors of one code, are listed; the others are counted in one problem more. And the emotion rules, whose
warnings can number personas times stages, give the same warnings as the plain definition on small maps.
(How long the adversarial shapes take is measured by benchmarks/validate_adversarial.py.)"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_cli.core.pipeline import check_source
from cjm_cli.core.problems import LISTED
from cjm_cli.core.read import Source
from cjm_cli.core.rules import RuleOptions
from conftest import Run


def personas_by_stages(personas: int, stages: int, silenced: frozenset[int] = frozenset()) -> str:
    """Every persona scored at the first stage only; `silenced` stages ignore persona-no-emotion."""
    lines = ["cjm: 1", "title: Grid", "personas:"]
    lines += [f"  - {{id: p{i}, name: P{i}}}" for i in range(personas)]
    scores = ", ".join(f"p{i}: 0" for i in range(personas))
    lines += ["journey:", "  stages:", f"    - {{id: s0, name: S0, emotions: {{{scores}}}}}"]
    for i in range(1, stages):
        ignore = ", ignore: [persona-no-emotion]" if i in silenced else ""
        lines.append(f"    - {{id: s{i}, name: S{i}{ignore}}}")
    return "\n".join(lines) + "\n"


def test_personas_by_stages_list_a_hundred_and_count_the_rest(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    """Protects against warnings without bound: 1,200 personas by 1,200 stages gave 1,442,400 warnings and
    688 MB; a map well inside the size limit could need tens of GB. (300 by 300 here: 89,700.)"""
    run = cjm("validate", "--format", "json", write_map(personas_by_stages(300, 300)))
    [file] = json.loads(run.stdout)["files"]
    missing = [p for p in file["problems"] if p["code"] == "persona-no-emotion"]
    assert len(missing) == LISTED + 1
    [more] = [p for p in missing if p["message"].startswith("and ")]
    left = 300 * 299 - LISTED
    assert more["message"] == f"and {left:,} more persona-no-emotion warnings on journey.stages (not listed)"
    assert "--ignore persona-no-emotion" in more["hint"]
    assert Counter(p["code"] for p in file["problems"]) == {
        "persona-no-emotion": LISTED + 1,
        "stage-no-kpi": LISTED + 1,  # 300 stages: their own hundred, and one more
        "stage-no-owner": LISTED + 1,
        "stage-no-touchpoint": LISTED + 1,
    }


def test_the_count_leaves_out_the_stages_that_silence_the_rule() -> None:
    text = personas_by_stages(150, 10, silenced=frozenset({3, 7}))
    problems = check_source(Source("m.yaml", text), RuleOptions()).problems
    [more] = [p for p in problems if p.code == "persona-no-emotion" and p.message.startswith("and ")]
    assert more.message.startswith(f"and {150 * (9 - 2) - LISTED:,} more")
    quiet = check_source(Source("m.yaml", text), RuleOptions(ignore=frozenset({"persona-no-emotion"})))
    assert not [p for p in quiet.problems if p.code == "persona-no-emotion"]


def test_errors_of_one_code_are_bounded_too(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    """Protects against a problem list as long as the map: 1,000 touchpoints naming no channel."""
    lines = ["cjm: 1", "title: T", "channels: [{id: web, name: Web, kind: site}]", "journey:", "  stages:"]
    lines += ["    - id: s", "      name: S", "      touchpoints:"] + [
        f"        - {{channel: c{i}}}" for i in range(1000)
    ]
    run = cjm("validate", write_map("\n".join(lines) + "\n"))
    assert run.exit_code == 1
    assert run.stdout.count("error unknown-ref unknown channel") == LISTED
    assert "error unknown-ref and 900 more unknown-ref errors (not listed)" in run.stdout


# --- the emotion rules against their plain definition ---------------------------------------------------------


@st.composite
def grids(draw: st.DrawFn) -> tuple[int, int, dict[tuple[int, int], int], list[list[int | None]]]:
    """Personas, stages, the scores given (by persona and stage), and the persona of each pain of each stage
    (None: everyone's)."""
    personas, stages = draw(st.integers(1, 4)), draw(st.integers(1, 6))
    cells = st.dictionaries(st.tuples(st.integers(0, personas - 1), st.integers(0, stages - 1)), st.integers(-2, 2))
    pains = st.lists(st.lists(st.one_of(st.none(), st.integers(0, personas - 1)), max_size=2), min_size=stages)
    return personas, stages, draw(cells), draw(pains)[:stages]


def expected(
    personas: int, stages: int, scores: dict[tuple[int, int], int], pains: list[list[int | None]]
) -> Counter[tuple[str, str]]:
    """persona-no-emotion and emotion-dip-no-pain as the rules define them, cell by cell."""
    found: Counter[tuple[str, str]] = Counter()
    for p in range(personas):
        if not any((p, s) in scores for s in range(stages)):
            found["persona-no-emotion", f"persona 'P{p}' has no emotion at any stage"] += 1
            continue
        previous = None
        for s in range(stages):
            value = scores.get((p, s))
            if value is None:
                found["persona-no-emotion", f"persona 'P{p}' has no emotion at stage 'S{s}'"] += 1
                continue
            falls = previous is not None and value < previous and value <= 0
            if (value == -2 or falls) and not any(who in (None, p) for who in pains[s]):
                how = f"falls from {previous} to {value}" if falls else f"is at the bottom ({value})"
                message = f"the emotion of 'P{p}' {how} at stage 'S{s}', which names no pain"
                found["emotion-dip-no-pain", message] += 1
            previous = value
    return found


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(grids())
def test_emotion_rules_give_the_warnings_of_their_definition(
    grid: tuple[int, int, dict[tuple[int, int], int], list[list[int | None]]],
) -> None:
    """The emotion rules read each persona's scores once instead of every cell of the grid: the same
    warnings, in any grid of up to 4 personas and 6 stages."""
    personas, stages, scores, pains = grid
    lines = ["cjm: 1", "title: T", "personas:"] + [f"  - {{id: p{p}, name: P{p}}}" for p in range(personas)]
    lines += ["journey:", "  stages:"]
    for s in range(stages):
        felt = ", ".join(f"p{p}: {v}" for (p, at), v in sorted(scores.items()) if at == s)
        said = ", ".join("{text: X}" if who is None else f"{{text: X, persona: p{who}}}" for who in pains[s])
        lines.append(f"    - {{id: s{s}, name: S{s}, emotions: {{{felt}}}, pains: [{said}]}}")
    options = RuleOptions(select=frozenset({"persona-no-emotion", "emotion-dip-no-pain"}))
    checked = check_source(Source("m.yaml", "\n".join(lines) + "\n"), options)
    assert checked.ok, checked.problems
    assert Counter((p.code, p.message) for p in checked.problems) == expected(personas, stages, scores, pains)
