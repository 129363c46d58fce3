"""Plain data to map YAML that reads like a hand-written map: block style, lists indented under their key,
Unicode as it is, keys in the order given, each value on one line, texts with line breaks as `|` blocks.

cjm reads YAML 1.2 and PyYAML writes YAML 1.1, which disagree on a few plain scalars: a text such as `1e5` or
`0o17` is a number to cjm, not to PyYAML. Texts that YAML 1.2 would read as numbers are therefore quoted.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# The YAML 1.2 core schema's numbers (PyYAML already quotes its own booleans, nulls and 1.1 numbers).
_NUMBER_LIKE = re.compile(
    r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NO_FOLDING = 1 << 20  # PyYAML folds long plain texts at this width; a line per value diffs better


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # `key:\n  - item` as in the bundled examples, not PyYAML's `key:\n- item`.
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None
    if "\n" in value:
        style = "|"
    elif _NUMBER_LIKE.match(value):
        style = "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(data: Any, indent: int = 0) -> str:
    """`data` as YAML; every line shifted right by `indent` spaces."""
    text = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=_NO_FOLDING
    )
    if not indent:
        return text
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def inline(value: Any) -> str:
    """A value on one line, as YAML that reads back the same in a block and inside `{...}` or `[...]`: `1240`,
    `12.5`, `2026-Q3`, `'2026-12-03'`, `'a, b'`; a mapping or a list in flow style, `{source: bitrix24}`."""
    text = yaml.dump(
        [value], Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=True, width=_NO_FOLDING
    )
    return text.rstrip("\n")[1:-1]
