"""Every word cjm adds to a picture or a report is in the map's language (`lang`): drawn from the real outputs
of the command line for every bundled example, the gap of each ideal map to its twin, and the diff of each
example against a copy with many of its fields changed (the notes of a diff name the fields that changed).

A word of the other language counts only when it is not the map's own text: the map's values (texts, ids,
names, addresses) and file names may be in any language, its keys may not show. Paths in the diff's list of
changes are the file's keys, written as code, and are left out; so are the DOT ids Graphviz writes as the
`<title>` of each shape."""

from __future__ import annotations

import dataclasses
import re
import shutil
import typing
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from cjm_cli.core.lanes import LANES
from cjm_cli.core.load import load
from cjm_cli.core.model import (
    ActionKind,
    ChannelKind,
    Confidence,
    Direction,
    EvidenceKind,
    MapType,
    Meaning,
    Network,
    PlanStatus,
)
from cjm_cli.views.words import WORDS
from conftest import EXAMPLES, Run
from test_words import format_keys

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
LETTERS = re.compile(r"[^\W\d_]{2,}")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _vocabulary_values() -> Iterator[str]:
    """Every value of a closed vocabulary of the format (`higher`, `in-progress`, `messenger`)."""
    for kind in (ActionKind, ChannelKind, Confidence, Direction, EvidenceKind, MapType, Meaning, Network, PlanStatus):
        yield from typing.get_args(kind)


def _words(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _words(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _words(getattr(value, field.name))


def _tokens(texts: Iterator[str] | list[str]) -> set[str]:
    return {token.casefold() for text in texts for token in LETTERS.findall(text)}


# cjm's English: its English words and lane titles, the keys of the format (`actual`, `crm_id`) and the values
# of its vocabularies as the file writes them (`lower`, `success`, `true`), less what Russian writes the same way
# (KPI, CRM, RICE) and cjm's own name.
ENGLISH = (
    _tokens([*_words(WORDS["en"]), *(lane.titles["en"] for lane in LANES)])
    | _tokens(key.replace("_", " ") for key in format_keys())
    | _tokens([*_vocabulary_values(), "true", "false", "none"])
) - _tokens([*_words(WORDS["ru"]), "cjm", "id"])


def _values(data: object) -> Iterator[str]:
    """The map's own text: every value (the keys are the format's; those keyed by persona are ids it lists)."""
    if isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for item in data:
            yield from _values(item)
    elif data is not None:
        yield str(data)


def data_of(path: Path) -> Any:
    """The map's data as cjm reads it (PyYAML alone reads some plain scalars YAML allows otherwise)."""
    return load(str(path), path.read_text(encoding="utf-8")).data


def own_words(*maps: Path) -> set[str]:
    """The words of the maps' values and of their paths (a diff's legend names the files)."""
    return _tokens([text for path in maps for text in (*_values(data_of(path)), str(path))])


class _Text(HTMLParser):
    """What a reader sees of a page and hears from a screen reader: text outside code, styles and scripts, and
    the text of the attributes that are shown or read out. The `title` of a shape of a Graphviz picture (an
    inline flow) is its DOT id, as in the picture's own file; cjm's tooltips are in `xlink:title`."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.hidden = 0
        self.graphviz = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shape = dict(attrs).get("class") in ("graph", "node", "edge", "cluster")
        if tag in ("code", "style", "script") or (tag == "title" and self.graphviz):
            self.hidden += 1
        self.graphviz = tag == "g" and shape
        self.texts += [v for k, v in attrs if k in ("title", "aria-label", "alt", "xlink:title") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "style", "script", "title") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.texts.append(data)


def shown(path: Path) -> list[str]:
    """The texts of an SVG picture (with its tooltips) or an HTML report."""
    if path.suffix == ".svg":
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")] + [e.get(XLINK_TITLE, "") for e in root.iter()]
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.texts


def foreign(path: Path, lang: str, own: set[str]) -> set[str]:
    """The words of the other language in an output of a map in `lang` that are not the map's own."""
    words = _tokens(shown(path))
    if lang == "ru":
        return (words & ENGLISH) - own
    return {w for w in words if CYRILLIC.search(w)} - own


def lang_of(path: Path) -> str:
    return str(data_of(path).get("lang", "en"))


MAPS = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def _read_by_people(folder: Path) -> list[Path]:
    """The pictures and reports of a folder: not the stamps (`NAME.stamp.json`), which are for cjm to read."""
    return sorted(path for path in folder.iterdir() if not path.name.endswith(".stamp.json"))


@pytest.mark.parametrize("name", MAPS)
def test_the_pictures_and_the_report_of_each_example_speak_its_language(
    name: str, cjm: Callable[..., Run], tmp_path: Path
) -> None:
    path = EXAMPLES / name
    run = cjm("render", path, "-f", "svg,html", "-o", tmp_path)
    assert run.exit_code == 0, run.stderr
    outputs = _read_by_people(tmp_path)
    assert outputs
    own = own_words(path)
    assert {out.name: foreign(out, lang_of(path), own) for out in outputs} == {out.name: set() for out in outputs}


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("template", ["sales-system", "b2c", "b2b", "blueprint", "day-in-life"])
def test_the_pictures_and_the_report_of_each_template_speak_its_language(
    template: str, lang: str, cjm: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "map.yaml"
    assert cjm("init", path, "-t", template, "--lang", lang).exit_code == 0
    run = cjm("render", path, "-f", "svg,html", "-o", tmp_path / "out")
    assert run.exit_code == 0, run.stderr
    own = own_words(path)
    outputs = _read_by_people(tmp_path / "out")
    assert {out.name: foreign(out, lang, own) for out in outputs} == {out.name: set() for out in outputs}


@pytest.mark.parametrize("name", [n for n in MAPS if ".ideal." in n])
def test_the_gap_to_the_ideal_speaks_the_ideals_language(name: str, cjm: Callable[..., Run], tmp_path: Path) -> None:
    ideal = EXAMPLES / name
    current = EXAMPLES / name.replace(".ideal", "")
    run = cjm("compare", current, ideal, "--render", "-f", "svg", "-o", tmp_path)
    assert run.exit_code == 0, run.stderr
    own = own_words(current, ideal)
    for out in sorted(tmp_path.glob("*.svg")):
        assert foreign(out, lang_of(ideal), own) == set(), out.name


# --- the diff: every kind of field changed -------------------------------------------------------------------------

_NUMBERS = {"count", "amount", "target", "actual", "cost", "clicks", "impressions", "leads", "sales", "revenue"}
_TEXTS = {"period", "unit", "description", "role", "hypothesis", "goal", "scenario"}
_SWAPS = {"better": ("higher", "lower"), "status": ("idea", "planned"), "crm": (True, False)}


def changed(data: object) -> object:
    """The map with many of its fields changed and none of its ids or references: figures up by one, texts
    with a word added, a KPI's direction, an opportunity's status and a channel's CRM flag swapped."""
    if isinstance(data, list):
        return [changed(item) for item in data]
    if not isinstance(data, dict):
        return data
    out: dict[str, object] = {}
    for key, value in data.items():
        if key in _NUMBERS and isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = value + 1
        elif key in _TEXTS and isinstance(value, str):
            out[key] = value + " (2)"
        elif key in _SWAPS and value in _SWAPS[key]:
            one, other = _SWAPS[key]
            out[key] = other if value == one else one
        else:
            out[key] = changed(value)
    return out


@pytest.mark.parametrize("name", MAPS)
def test_the_diff_of_each_example_names_its_fields_in_the_maps_language(
    name: str, cjm: Callable[..., Run], tmp_path: Path
) -> None:
    old = EXAMPLES / name
    new = tmp_path / name
    new.write_text(yaml.safe_dump(changed(data_of(old)), allow_unicode=True), encoding="utf-8")
    shutil.copytree(EXAMPLES / "shared", tmp_path / "shared")  # what the examples include
    run = cjm("diff", old, new, "--render", "-f", "svg,html", "-o", tmp_path / "out")
    assert run.exit_code == 0, run.stderr
    outputs = _read_by_people(tmp_path / "out")
    assert len(outputs) >= 2
    own = own_words(old, new)
    assert {out.name: foreign(out, lang_of(old), own) for out in outputs} == {out.name: set() for out in outputs}


def test_a_russian_diff_names_the_fields_and_values_in_russian(cjm: Callable[..., Run], tmp_path: Path) -> None:
    """The words of the issue: a KPI's `actual` and `period` changed in a Russian map read "факт: было 42"."""
    old = EXAMPLES / "b2b-blueprint.yaml"
    new = tmp_path / "new.yaml"
    text = old.read_text(encoding="utf-8")
    for before, after in (
        ("target: 60, actual: 42, unit: шт., period: в квартал", "target: 60, actual: 50, unit: шт., period: в месяц"),
        ("target: 1, actual: 4, unit: дн., better: lower", "target: 1, actual: 4, unit: дн."),
    ):
        assert before in text
        text = text.replace(before, after)
    new.write_text(text, encoding="utf-8")
    run = cjm("diff", old, new, "--render", "-f", "svg,html", "-o", tmp_path / "out")
    assert run.exit_code == 0, run.stderr
    texts = shown(tmp_path / "out" / "new.diff.journey.svg")
    assert {"факт: было 42", "период: было в квартал", "лучше: было меньше"} <= set(texts)
    assert "~ изменено · факт: было 42 · период: было в квартал" in texts  # the card's tooltip
    report = shown(tmp_path / "out" / "new.diff.html")
    assert "факт: было 42" in report and "меньше" in report and "больше" in report  # the list of changes too
