"""A map's verdict does not depend on how PyYAML was built: libyaml and the pure-Python parser give the same
document, positions and problems.

The cases below are written in the style of the yaml-test-suite (https://github.com/yaml/yaml-test-suite), one
for each kind of input where PyYAML's two parsers, used as they are, disagree: 29 of the suite's 402 inputs got
another verdict from each. The property test draws documents from the pieces YAML is made of and compares both.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_cli.core import yaml_nodes
from cjm_cli.core.load import load
from conftest import EXAMPLES

pytestmark = pytest.mark.skipif("libyaml" not in yaml_nodes.PARSERS, reason="PyYAML was built without libyaml")


def document(text: str, parser: yaml_nodes.YamlParser) -> tuple[Any, ...]:
    loaded = load("m.yaml", text, parser)
    # repr: NaN equals itself there
    return tuple(
        repr(part)
        for part in (
            loaded.data,
            loaded.positions,
            loaded.key_positions,
            loaded.plain_text,
            loaded.flow_mappings,
            loaded.problems,
        )
    )


def verdict(text: str) -> list[tuple[str, int, int]]:
    """The problems of `text`, the same with either parser (asserted)."""
    assert document(text, "libyaml") == document(text, "python")
    return [(p.code, p.position.line, p.position.column) for p in load("m.yaml", text).problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Tabs: libyaml takes them as space between tokens and inside plain texts, as YAML 1.2 does; PyYAML's
        # pure-Python scanner refused every one. Where a tab would indent, both refuse it.
        pytest.param("cjm: 1\nlang: en\t# the language\n", [], id="tab-before-a-comment"),
        pytest.param("cjm: 1\ntitle:\tShop\n", [], id="tab-after-a-colon"),
        pytest.param("cjm: 1\ntitle: Shop\tand more\n", [], id="tab-inside-a-plain-text"),
        pytest.param("cjm: 1\ntitle: Shop\t\n", [], id="tab-at-the-end-of-a-line"),
        pytest.param("a: [x,\ty]\n", [], id="tab-in-a-flow-sequence"),
        pytest.param("a: |\t# note\n  text\n", [], id="tab-after-a-block-header"),
        pytest.param("a:\n\t- b\n", [("tab", 2, 1)], id="tab-indenting-a-list"),
        pytest.param("items:\n-\tone\n", [("tab", 2, 2)], id="tab-after-a-list-dash"),
        pytest.param("cjm: 1\ndescription: |\n\tIndented by a tab\n", [("tab", 3, 1)], id="tab-indenting-a-block"),
        # Directives: libyaml refused `%YAML 1.2` and unknown directives that the Python parser read.
        pytest.param("%YAML 1.2\n---\ncjm: 1\n", [], id="yaml-directive"),
        pytest.param("%FOO bar baz\n---\ncjm: 1\n", [], id="unknown-directive"),
        pytest.param("%TAG !e! tag:example.com,2000:\n---\ncjm: 1\n", [], id="tag-directive"),
        # Tags: a tag before a comma, the non-specific tag `!`.
        pytest.param("a: [!!str, b]\n", [("yaml-tag", 1, 5)], id="tag-before-a-comma"),
        pytest.param("cjm: 1\ntitle: ! Shop\n", [], id="non-specific-tag"),
        # Flow collections: `?` inside a text (a URL's query), an explicit key, empty values.
        pytest.param("pages: [{id: p, url: /shop?page=2}]\n", [], id="question-mark-in-a-url"),
        pytest.param("a: [what ? now]\n", [], id="question-mark-between-spaces"),
        pytest.param("a: [x, ? y : z]\n", [], id="explicit-key-in-a-flow-sequence"),
        pytest.param("a: {x: , y: 1}\n", [], id="empty-value-in-a-flow-mapping"),
        pytest.param("a: {x: 1,\n  y:\n}\n", [], id="empty-value-before-a-closing-brace"),
        # Block structure: an explicit key without a value, a comment glued to a block scalar's header.
        pytest.param("? just a key\n", [], id="explicit-key-without-value"),
        pytest.param("a: |#note\n  text\n", [("yaml-syntax", 1, 5)], id="comment-glued-to-a-block-header"),
        # Nesting: libyaml 0.2.6 stops at 1,000 levels before any event; cjm's limit is 64.
        pytest.param("a: " + "[" * 1_500 + "]" * 1_500 + "\n", [("too-deep", 1, 67)], id="nesting-past-libyaml"),
    ],
)
def test_inputs_the_parsers_read_differently_get_one_verdict(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert verdict(text) == expected


def test_a_tab_before_a_comment_leaves_the_value_as_written() -> None:
    assert load("m.yaml", "lang: en\t# the language\n", "python").data == {"lang": "en"}


def test_a_tab_inside_a_text_is_kept() -> None:
    assert load("m.yaml", "title: Shop\tand more\n", "python").data == {"title": "Shop\tand more"}


# The pieces documents are drawn from: indicators, white space (tabs included), quotes, escapes, block scalars,
# anchors and tags, directives and document markers, texts that look like numbers, Cyrillic and URLs.
PIECES = [
    *("a", "b c", "Карта", "1", "1.5", "no", "true", "~", "http://x.by/a?b=1#f", "=", "@", "`", "\\"),
    *(" ", "  ", "\t", "\n", "\n  ", "\n\t", "\n\n", "- ", "-\t", ": ", ":\t", ":", ",", ", ", "? ", "?"),
    *("[", "]", "{", "}", "#", " # c", "\t# c", "'", '"', "'it''s'", '"a\\x41\\u0416"', '"a\\\n b"'),
    *("|", ">", "|-", ">+", "|2", "|\n  x\n", ">-\n  x\n\n  y\n", "&x ", "*x", "!", "!!str ", "%YAML 1.2\n"),
    *("---", "...", "\n---\n", "key: ", "  k: v\n", "\u00a0", "\u3000", "🙂", "<<"),
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_any_document_gets_the_same_verdict_from_both_parsers(text: str) -> None:
    assert document(text, "libyaml") == document(text, "python")


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_the_examples_are_read_by_libyaml_alone(example: Path) -> None:
    """libyaml parses a map many times faster than the Python parser: ordinary maps must not need the latter."""
    assert not yaml_nodes.needs_reference(example.read_text(encoding="utf-8"))


def test_without_libyaml_the_python_parser_gives_the_same_document() -> None:
    text = "title: Карта\nlist: [no, 1.10, !!str 5, /shop?page=2]\nlang: en\t# comment\ntitle: again\n"
    script = f"""
import sys
sys.modules["yaml._yaml"] = None  # as if PyYAML had been built without libyaml
from cjm_cli.core import yaml_nodes
from cjm_cli.core.load import load
document = load("m.yaml", {text!r})
print(yaml_nodes.PARSERS, document.data, document.positions, [p.code for p in document.problems])
"""
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    document = load("m.yaml", text, "libyaml")
    assert output.strip() == f"('python',) {document.data} {document.positions} {[p.code for p in document.problems]}"
