"""A named choice of the command line (a format, a view, a kind of file) with what it means, defined once where
it is implemented and read by the command line for its choices, help and completion."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .i18n import tr


@dataclass(frozen=True)
class Choice:
    name: str
    help: str
    """In English, marked with `N_` where it is written; `described` shows it in the user's language."""


def names(choices: Iterable[Choice]) -> tuple[str, ...]:
    return tuple(choice.name for choice in choices)


def described(choices: Iterable[Choice]) -> str:
    """`text: ...; json: ...`, for help texts, in the user's language."""
    return "; ".join(f"{choice.name}: {tr(choice.help)}" for choice in choices)
