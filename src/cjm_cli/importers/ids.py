"""Readable, stable ids from names: `Видеонаблюдение для дома` -> `videonablyudenie_dlya_doma`.

Ids in a map are latin letters, digits, `_`, `-` and `:` (see `model.ID_PATTERN`); names in Russian and
Belarusian are transliterated, everything else that an id cannot hold becomes `_`. The same names in the
same order always give the same ids: a second name that slugs the same gets `_2`, then `_3`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..core.model import ID_PATTERN

_MAX = 64
_SLUG_MAX = 48  # room for a `_2` suffix, and ids short enough to read

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ў": "u", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
_NOT_ID_CHAR = re.compile(r"[^a-z0-9]+")
_INVALID_IN_ID = re.compile(r"[^A-Za-z0-9_:-]")
_VALID_ID = re.compile(ID_PATTERN)


def _latin(text: str) -> str:
    """Cyrillic transliterated (keeping upper case), accented latin letters without accents: `café` -> `cafe`."""
    text = "".join(
        (_TRANSLIT[char.lower()].upper() if char.isupper() else _TRANSLIT[char]) if char.lower() in _TRANSLIT else char
        for char in text
    )
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(name: str, fallback: str) -> str:
    """`name` as a lower-case id of latin letters, digits and `_`; `fallback` when nothing is left."""
    text = _NOT_ID_CHAR.sub("_", _latin(name.lower())).strip("_")[:_SLUG_MAX].strip("_")
    return text or fallback


def as_id(raw: str) -> str:
    """An id written by another tool (`C1:PREPAYMENT_INVOICE`, `5|TELEGRAM`), made valid with as few changes as
    possible: Cyrillic transliterated, other characters an id cannot hold turned into `_`."""
    text = _INVALID_IN_ID.sub("_", _latin(raw.strip()))[:_MAX]
    if not _VALID_ID.match(text):
        text = ("_" + text)[:_MAX]
    return text


class Ids:
    """Hands out ids unique among themselves and the ids `taken` already."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self.tried: dict[str, int] = {}  # the last number tried for a wanted id: n names alike cost n, not n²

    def claim(self, wanted: str) -> str:
        """`wanted`, or `wanted_2`, `wanted_3`... whichever is free first."""
        found, number = wanted, self.tried.get(wanted, 1)
        if number > 1:
            suffix = f"_{number}"
            found = wanted[: _MAX - len(suffix)] + suffix
        while found in self.taken:
            number += 1
            suffix = f"_{number}"
            found = wanted[: _MAX - len(suffix)] + suffix
        self.taken.add(found)
        self.tried[wanted] = number
        return found

    def for_name(self, name: str, fallback: str) -> str:
        return self.claim(slug(name, fallback))
