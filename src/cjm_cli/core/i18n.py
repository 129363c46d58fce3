"""The user's language: cjm's messages, hints, summaries and help in English or Russian.

Not the map's language (`lang:`, `core/language.py`), which chooses the words of its pictures and report:
this one is the language of the person at the terminal, chosen by `--lang` or, as gettext does, by the
environment (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`). English is written in the code; the Russian
catalogue (`cjm_cli/locale/ru/LC_MESSAGES/cjm.mo`, compiled from `cjm.po` beside it) is read only when the
language is Russian: an English run neither reads it nor touches gettext's settings.

A message is marked for translation where it is written: `tr("unknown key '{key}'", key=name)` translates and
fills named placeholders, which a translation may put in any order; `ntr` chooses a plural form by a number;
`N_` only marks a text kept in a table, which is translated by `tr` where it is shown.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gettext import NullTranslations

    from .language import Language

DOMAIN = "cjm"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
"""The compiled catalogues, `LOCALE_DIR/LANG/LC_MESSAGES/cjm.mo`, shipped inside the package."""

ENGLISH: Language = "en"

_chosen: Language | None = None
_catalogue: NullTranslations | None = None


def from_environment(environ: Mapping[str, str]) -> Language:
    """The language the environment asks for, as gettext reads it: the locale of messages is the first of
    `LC_ALL`, `LC_MESSAGES`, `LANG` that is set; unless it is C or POSIX, `LANGUAGE` (a list such as `ru:en`)
    comes first, its first language that cjm speaks deciding. English when nothing says Russian."""
    from .language import LANGUAGES

    locale = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")
    if _code(locale) in ("", "c", "posix"):
        return ENGLISH
    for entry in environ.get("LANGUAGE", "").split(":"):
        code = _code(entry)
        if code in LANGUAGES:
            return code
    code = _code(locale)
    return code if code in LANGUAGES else ENGLISH


def _code(locale: str) -> str:
    """`ru_RU.UTF-8@euro` -> `ru`."""
    return locale.split(".")[0].split("@")[0].split("_")[0].split("-")[0].strip().lower()


def choose(language: str | None) -> Language:
    """Use `language` (`ru`, `en`) from now on, or, given None, the one the environment asks for; gettext's
    default domain follows, so that a library translating through `gettext.gettext` (typer)
    speaks it too."""
    from .language import LANGUAGES

    global _chosen
    _unbind()
    _chosen = language if language in LANGUAGES else from_environment(os.environ)
    if _chosen != ENGLISH:
        _bind(_chosen)
    return _chosen


_UNSET = object()
_language_before: object = _UNSET
"""`LANGUAGE` as it was before `_bind` set it (None: unset), restored by `_unbind`; `_UNSET` while unbound."""


def _bind(language: Language) -> None:
    """Make cjm's catalogue gettext's default domain, in `language` whatever the environment says."""
    import gettext

    global _language_before
    _language_before = os.environ.get("LANGUAGE")
    os.environ["LANGUAGE"] = language  # gettext reads it first (and so do workers started later)
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)


def _unbind() -> None:
    """Undo `_bind` (an English run binds nothing and imports nothing)."""
    global _language_before
    if _language_before is _UNSET:
        return
    import gettext

    gettext.textdomain("messages")  # gettext's own default
    if isinstance(_language_before, str):
        os.environ["LANGUAGE"] = _language_before
    else:
        os.environ.pop("LANGUAGE", None)
    _language_before = _UNSET


def current() -> Language:
    """The language messages are written in: the one chosen, else the environment's."""
    return _chosen if _chosen is not None else choose(None)


def _translations() -> NullTranslations:
    """The catalogue of the current language, read once: opened by its path, not looked up with
    `gettext.translation`, whose search imports `locale` (a tenth of a cold start's imports)."""
    global _catalogue
    if _catalogue is None:
        import gettext

        try:
            with (LOCALE_DIR / current() / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as file:
                _catalogue = gettext.GNUTranslations(file)
        except OSError:  # a broken install: English rather than a traceback
            _catalogue = gettext.NullTranslations()
    return _catalogue


def tr(message: str, /, **values: object) -> str:
    """`message` in the user's language, its `{named}` placeholders filled with `values` (a message without
    values is returned as it is, braces and all)."""
    text = _translations().gettext(message) if current() != ENGLISH else message
    return text.format(**values) if values else text


def ntr(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form of `singular`/`plural` for the number `n` in the user's language (Russian has three), with
    `{n}` and the `{named}` placeholders filled."""
    english = singular if n == 1 else plural
    text = _translations().ngettext(singular, plural, n) if current() != ENGLISH else english
    return text.format(n=n, **values)


def in_english(make: Callable[..., str], *arguments: object) -> str:
    """`make(*arguments)` in English whatever the user's language: for a document whose other words are
    English (the Markdown of `cjm diff`, written for a pull request)."""
    global _chosen
    chosen = _chosen
    _chosen = ENGLISH
    try:
        return make(*arguments)
    finally:
        _chosen = chosen


def number(n: int) -> str:
    """A whole number as the user's language groups its digits: 1,438,800 or 1 438 800."""
    grouped = f"{n:,}"
    return grouped if current() == ENGLISH else grouped.replace(",", "\u00a0")


def N_(message: str, plural: str | None = None) -> str:
    """Mark `message` (and, given, its `plural`) for the catalogue without translating it: a text kept in a
    table, translated by `tr` where it is shown (the table is made once, before the language may be chosen),
    or one a library translates itself through gettext's default domain (`cli/typer_words.py`)."""
    return message
