"""Starter maps for `cjm init`: commented templates shipped as package data (`NAME.LANG.yaml` beside this
module), and the first lines every new map gets (the schema modeline).

A template's text holds `{map}` where its comments name the map file (`cjm validate {map}`) and `{today}` where it
says the map was last reviewed (a new map is: today); nothing else in it is a placeholder, so braces of YAML flow
mappings stay as written.
"""

from __future__ import annotations

import os
import re
from datetime import date
from importlib.resources import files
from pathlib import Path

from ..core.i18n import N_
from ..core.language import Language

TEMPLATES: dict[str, str] = {  # what each is, in English: translated where shown
    "sales-system": N_("channels into a CRM, leads with a junk exit, a deal pipeline with automations, site, PPC"),
    "b2c": N_("a B2C journey grid: two personas, five stages, emotion curves, pains fixed by opportunities"),
    "b2b": N_("a B2B buying centre: three roles as personas, each with an emotion curve, from need to service"),
    "blueprint": N_("a service blueprint: frontstage, backstage and support lanes under the journey"),
    "day-in-life": N_("a day in the customer's life: stages are moments of the day, each with its time"),
    "ideal": N_("an ideal-state twin with the same stage ids (--from CURRENT.yaml: the twin of your map)"),
}
DEFAULT_TEMPLATE = "b2c"
IDEAL = "ideal"

SCHEMA_FILE = "cjm.schema.json"
# Where a project keeps the schema, looked for in the map's folder and each folder above it.
_SCHEMA_PLACES = (SCHEMA_FILE, f"schemas/{SCHEMA_FILE}")
# A file name that can stand in a comment and a shell command as it is.
_PLAIN_NAME = re.compile(r"[\w.+][\w.+-]*")

_SCHEMA_COMMENT: dict[Language, str] = {
    "en": "# Editors with the YAML language server complete keys and flag mistakes as you type against the schema\n"
    "# named above (a path relative to this file); write it for your cjm version: cjm schema -o {schema}\n",
    "ru": "# Редакторы с YAML language server подсказывают ключи и отмечают ошибки при наборе по схеме из строки\n"
    "# выше (путь относительно этого файла); схему вашей версии cjm пишет команда: cjm schema -o {schema}\n",
}


def starter_text(name: str, lang: Language, map_name: str = "map.yaml", today: date | None = None) -> str:
    """The template `name` in `lang`, its comments naming the map `map_name` (a bare file name), reviewed on
    `today` (the day it is made, by default)."""
    if name not in TEMPLATES:
        raise ValueError(f"no template called {name!r}")
    text = files(__name__).joinpath(f"{name}.{lang}.yaml").read_text(encoding="utf-8")
    text = text.replace("{today}", (today or date.today()).isoformat())
    return text.replace("{map}", map_name if _PLAIN_NAME.fullmatch(map_name) else "map.yaml")


def schema_reference(map_folder: Path) -> tuple[str, bool]:
    """The schema a map in `map_folder` should name, relative to that folder, and whether the file is there.

    An existing `cjm.schema.json` (or `schemas/cjm.schema.json`) in the folder or above it, up to the root of
    the git repository, is named; otherwise `cjm.schema.json` at the root of the repository, or beside the map
    outside a repository, for `cjm schema -o` to write.
    """
    start = map_folder.resolve()
    for folder in (start, *start.parents):
        for place in _SCHEMA_PLACES:
            if (folder / place).is_file():
                return _relative(folder / place, start), True
        if (folder / ".git").exists():
            return _relative(folder / SCHEMA_FILE, start), False
    return SCHEMA_FILE, False


def schema_header(schema: str, lang: Language) -> str:
    """The first lines of a new map: the modeline editors read, and what it is for."""
    return f"# yaml-language-server: $schema={schema}\n" + _SCHEMA_COMMENT[lang].replace("{schema}", schema)


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()
