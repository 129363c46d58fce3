"""The languages of cjm's own words in pictures, reports and starter maps: a map's `lang`."""

from __future__ import annotations

from typing import Literal, get_args

from .i18n import N_

Language = Literal["ru", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
NAMES: dict[Language, str] = {"ru": N_("Russian"), "en": N_("English")}
"""Each language by its English name, for help texts (translated where shown)."""
