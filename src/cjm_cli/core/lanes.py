"""The lanes of the journey grid, one row each: the one place that says what a lane shows, what it is called in
each language, its colours, and what its items refer to. The model declares the fields; the reference check,
the grid, its theme, the diff's marks and the exports read this table, so a new lane is one row here plus its
field on `model.JourneyStage` (tests/test_lanes.py fails when either is missing, or a stage drops a lane).

The rows are in the order the grid draws them, top to bottom.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .language import Language

LaneKind = Literal["items", "emotions", "line"]

KEY = "[key]"
"""In `references`: the keys of a mapping field (the personas of `emotions`), not an attribute of its items."""
ITSELF = ""
"""In `references`: the item itself, an id (a stage's `owner`)."""


@dataclass(frozen=True)
class GridLane:
    key: str
    """What the report, the CSS and a diff's marks call the lane: for a lane of items, the field it shows."""
    titles: Mapping[Language, str]
    kind: LaneKind
    """`items`: cards in each stage's cell; `emotions`: the curve of every persona; `line`: a blueprint line."""
    fields: tuple[str, ...] = ()
    """The fields of `JourneyStage` it shows."""
    colours: tuple[str, str, str] = ("", "", "")
    """Fill, border and text of its cards, as #rrggbb (a lane of items only)."""
    references: tuple[tuple[str, str], ...] = ()
    """What its items name, checked to exist: (attribute of an item, the kind of thing named): a persona, a
    department, a channel, a pain."""
    blueprint: bool = False
    """A service-blueprint lane: drawn, with the lines between them, in a blueprint or when any is filled."""

    @property
    def field(self) -> str:
        """The one field a lane of items shows."""
        return self.fields[0]


_PERSONA = ("persona", "personas")
_OWNER = ("owner", "departments")

LANES: tuple[GridLane, ...] = (
    GridLane(
        key="touchpoints",
        titles={"en": "Touchpoints", "ru": "Точки контакта"},
        kind="items",
        fields=("touchpoints",),
        colours=("#e3f2fd", "#90caf9", "#0d47a1"),
        references=(("channel", "channels"),),
    ),
    GridLane(
        key="actions",
        titles={"en": "Actions", "ru": "Действия"},
        kind="items",
        fields=("actions",),
        colours=("#f3e5f5", "#ce93d8", "#4a148c"),
        references=(_PERSONA,),
    ),
    GridLane(
        key="thoughts",
        titles={"en": "Thoughts", "ru": "Мысли"},
        kind="items",
        fields=("thoughts",),
        colours=("#fffde7", "#fff176", "#5d4037"),
        references=(_PERSONA,),
    ),
    GridLane(
        key="emotions",
        titles={"en": "Emotions", "ru": "Эмоции"},
        kind="emotions",
        fields=("emotions", "feelings", "emotion_evidence", "emotion_confidence"),
        references=((KEY, "personas"),),
    ),
    GridLane(
        key="pains",
        titles={"en": "Pains", "ru": "Боли"},
        kind="items",
        fields=("pains",),
        colours=("#ffebee", "#ef9a9a", "#b71c1c"),
        references=(_PERSONA,),
    ),
    GridLane(
        key="frontstage",
        titles={"en": "Frontstage", "ru": "Фронт-офис"},
        kind="items",
        fields=("frontstage",),
        colours=("#e1f5fe", "#81d4fa", "#01579b"),
        references=(_OWNER,),
        blueprint=True,
    ),
    GridLane(
        key="line_of_visibility",
        titles={"en": "line of visibility", "ru": "линия видимости"},
        kind="line",
        blueprint=True,
    ),
    GridLane(
        key="backstage",
        titles={"en": "Backstage", "ru": "Бэк-офис"},
        kind="items",
        fields=("backstage",),
        colours=("#f1f8e9", "#c5e1a5", "#33691e"),
        references=(_OWNER,),
        blueprint=True,
    ),
    GridLane(
        key="line_of_internal_interaction",
        titles={"en": "line of internal interaction", "ru": "линия внутреннего взаимодействия"},
        kind="line",
        blueprint=True,
    ),
    GridLane(
        key="support",
        titles={"en": "Support processes", "ru": "Поддерживающие процессы"},
        kind="items",
        fields=("support",),
        colours=("#f5f5f5", "#bdbdbd", "#424242"),
        references=(_OWNER,),
        blueprint=True,
    ),
    GridLane(
        key="opportunities",
        titles={"en": "Opportunities", "ru": "Возможности"},
        kind="items",
        fields=("opportunities",),
        colours=("#e8f5e9", "#a5d6a7", "#1b5e20"),
        references=(("fixes", "pains"), _OWNER, ("personas", "personas")),
    ),
    GridLane(
        key="owner",
        titles={"en": "Owner", "ru": "Ответственный"},
        kind="items",
        fields=("owner",),
        colours=("#eceff1", "#b0bec5", "#263238"),
        references=((ITSELF, "departments"),),
    ),
    GridLane(
        key="kpis",
        titles={"en": "KPIs", "ru": "KPI"},
        kind="items",
        fields=("kpis",),
        colours=("#ffffff", "#b0bec5", "#263238"),
    ),
)

BY_KEY: Mapping[str, GridLane] = {lane.key: lane for lane in LANES}
ITEM_LANES: tuple[GridLane, ...] = tuple(lane for lane in LANES if lane.kind == "items")


def items(stage: Any, lane: GridLane) -> list[Any]:
    """The items a lane of items shows for a stage, in the order written: a list field as it is, a single
    value (the stage's owner) as a list of one, or none."""
    value = getattr(stage, lane.field)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def named(item: Any, attribute: str) -> list[str]:
    """The ids an item names through one of its lane's `references`: none, one, or a list of them."""
    value = item if attribute == ITSELF else getattr(item, attribute, None)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
