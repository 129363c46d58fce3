"""Running an import: read the file, build the map, write it as YAML or into a map, check the result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..core.load import MAX_NODES
from ..core.pipeline import Converted, check_source
from ..core.problems import START, Problem, UsageError
from ..core.read import decode
from ..core.yaml_out import dump
from .bitrix24 import import_bitrix24
from .common import Imported, Problems, count_values
from .google_ads import import_google_ads
from .into import fill_map
from .merge import GOOGLE_ADS, YANDEX_DIRECT, Merge, merge_bitrix24, merge_mermaid, merge_ppc
from .mermaid import import_mermaid
from .source import name_of
from .yandex_direct import import_yandex_direct


@dataclass(frozen=True)
class Kind:
    read: Callable[[list[str], Problems], Imported]
    merge: Callable[[dict[str, Any], dict[str, Any]], Merge]
    several: bool = False
    """Whether files are read together (the pages of one answer); the other kinds read one file."""


def _one(read: Callable[[str, Problems], Imported]) -> Callable[[list[str], Problems], Imported]:
    return lambda arguments, sink: read(arguments[0], sink)


KINDS: dict[str, Kind] = {
    "mermaid": Kind(_one(import_mermaid), merge_mermaid),
    "bitrix24": Kind(import_bitrix24, merge_bitrix24, several=True),
    "google-ads": Kind(_one(import_google_ads), lambda old, new: merge_ppc(old, new, GOOGLE_ADS)),
    "yandex-direct": Kind(_one(import_yandex_direct), lambda old, new: merge_ppc(old, new, YANDEX_DIRECT)),
}


def read_import(kind: str, arguments: str | list[str]) -> Imported:
    """Read `arguments` (paths, or `-` for standard input) as files of `kind` into map data."""
    arguments = [arguments] if isinstance(arguments, str) else arguments
    if len(arguments) > 1 and not KINDS[kind].several:
        raise UsageError(f"{kind} imports one file at a time; name one")
    if len(arguments) != len(set(arguments)):
        raise UsageError("a file is named twice")
    imported = KINDS[kind].read(arguments, Problems(name_of(arguments[0])))
    imported.path = ", ".join(name_of(argument) for argument in arguments)
    return imported


def import_file(kind: str, argument: str | list[str]) -> Converted:
    """A new map from `argument`, as YAML text."""
    imported = read_import(kind, argument)
    if imported.data is None:
        return Converted(None, imported.problems)
    if count_values(imported.data) > MAX_NODES:
        too_large = Problem(
            imported.path,
            START,
            "error",
            "too-large",
            f"the map would hold more than {MAX_NODES:,} values, more than a map may",
            "import a part of the export (some campaigns) at a time",
        )
        return Converted(None, [*imported.problems, too_large])
    text = dump(imported.data)
    checked = check_source(decode(f"<{kind} import of {imported.path}>", text.encode("utf-8")))
    if not checked.ok:  # a bug: every import is meant to validate
        return Converted(None, imported.problems + checked.problems)
    return Converted(text, imported.problems, f"imported from {_read_as(imported)}")


def _read_as(imported: Imported) -> str:
    """The files of an import with what each was read as: `account.csv (UTF-16 LE with a byte-order mark)`."""
    return ", ".join(f"{path} ({encoding})" for path, encoding in imported.read_as.items()) or imported.path


def import_into(kind: str, argument: str | list[str], map_path: str) -> Converted:
    """`map_path`'s text with the blocks `kind` imports replaced or filled from `argument`."""
    imported = read_import(kind, argument)
    if imported.data is None:
        return Converted(None, imported.problems)
    data = imported.data
    filled = fill_map(map_path, lambda document, _: KINDS[kind].merge(document.data, data), imported.problems)
    if filled.text is None:
        return filled
    return replace(filled, summary=f"{filled.summary}; read {_read_as(imported)}")
