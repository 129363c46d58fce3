"""The languages of cjm's own words in pictures, reports and starter maps: a map's `lang`."""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["ru", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
NAMES: dict[Language, str] = {"ru": "Russian", "en": "English"}
"""Each language by its English name, for help texts."""
