"""Items of a flow list that a comma cut in two: `[Битрикс24 (сделка, роботы)]` is the two items
"Битрикс24 (сделка" and "роботы)" in YAML, which no editor shows. A bracket or a quote opened in one plain item
and closed in a later one says the comma was meant as text; the loader warns with the quoted text as the fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from .yaml_nodes import PLAIN, Node, Scalar, Sequence


def split_items(node: Sequence) -> Iterator[tuple[Node, list[str]]]:
    """Each run of plain items of `node` that looks like one text cut by commas: its first item and its pieces."""
    opened = [_PAIRS.opened(item) for item in node.items]  # counted once: each item is looked at up to 20 times
    index = 0
    while index < len(node.items):
        end = _closing_item(opened, index)
        if end is None:
            index += 1
            continue
        yield node.items[index], [item.value for item in node.items[index : end + 1] if isinstance(item, Scalar)]
        index = end + 1


def _closing_item(opened: list[dict[str, int] | None], first: int) -> int | None:
    """The index of the plain item that closes what item `first` opens (a bracket or a quote), when the items
    between are plain too; None when `first` opens nothing or nothing closes it. `opened` holds what each item
    opens (None for an item that is not plain text)."""
    start = opened[first]
    depth = dict(start) if start is not None else None
    if depth is None or not any(value > 0 for value in depth.values()) or min(depth.values()) < 0:
        return None
    for index in range(first + 1, min(len(opened), first + _MAX_PIECES)):
        found = opened[index]
        if found is None:
            return None
        for pair, count in found.items():
            depth[pair] = (depth[pair] + count) % 2 if pair in _Pairs.QUOTES else depth[pair] + count
        if any(value < 0 for value in depth.values()):
            return None
        if not any(depth.values()):
            return index
    return None


class _Pairs:
    """How many brackets and quotes a plain scalar leaves open (negative: closes more than it opens)."""

    BRACKETS = ("()", "«»", "“”", "„“")
    QUOTES = ('"',)

    def opened(self, node: Node) -> dict[str, int] | None:
        if not isinstance(node, Scalar) or node.tag != PLAIN:
            return None
        text = node.value
        found = {pair: text.count(pair[0]) - text.count(pair[1]) for pair in self.BRACKETS}
        found.update({quote: text.count(quote) % 2 for quote in self.QUOTES})
        return found


_PAIRS = _Pairs()
_MAX_PIECES = 20  # a text cut into more pieces than this is no text a map holds
