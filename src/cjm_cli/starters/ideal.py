"""The ideal-state twin of a current-state map, for `cjm init --template ideal --from CURRENT`.

The twin keeps what the two maps are compared by: the journey stages (ids and names, in order), the personas,
departments and channels (those of the current map's shared files by including the same files). Each stage
keeps its owner, its touchpoints and its KPIs with their targets (in the ideal state the targets are met); what
the ideal state is about (actions, thoughts, emotions) is left to the user, as comments showing where it goes
and, for emotions, today's values.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.include import INCLUDE
from ..core.language import Language
from ..core.model import DEFAULT_SCALE, TEXT_MAX, JourneyMap, JourneyStage, Kpi
from ..core.pipeline import Checked
from ..core.yaml_out import dump

_WORDS: dict[Language, dict[str, str]] = {
    "en": {
        "intro": "# The ideal-state twin of the current-state map named by `twin:` below, made by `cjm init --from`:\n"
        "# the same stages (ids and names), personas, departments and channels. Describe how each stage should go;\n"
        "# `cjm validate` lists what is still missing. The two maps compare stage by stage: keep the stage ids.\n",
        "description": "# description: How the journey goes once the opportunities of the current map are in place.\n",
        "type": "  # the future state",
        "twin": "  # the current-state map, relative to this file",
        "include": "# The shared files the current map includes, relative to this file.\n",
        "channels": "# Channels as in the current map (without `feeds`: leads and deals are not part of this map).\n",
        "touchpoints": "# Today's owner and touchpoints: keep, change or add.\n",
        "said": '# What the customer does and thinks in the ideal state:\n# actions: [...]\n# thoughts: ["..."]\n',
        "emotions": "# Emotions today ({scale}); set the ones this stage should have and remove the #:\n",
        "lanes": "# The service blueprint lanes of the ideal state: frontstage, backstage, support.\n",
        "kpis": "# Today's KPIs with their targets: in the ideal state the targets are met.\n",
    },
    "ru": {
        "intro": "# Двойник идеального состояния для текущей карты из `twin:` ниже, сделан `cjm init --from`:\n"
        "# те же этапы (id и названия), персоны, отделы и каналы. Опишите, каким должен быть каждый этап;\n"
        "# `cjm validate` покажет, чего ещё не хватает. Карты сравниваются этап за этапом: id этапов не меняйте.\n",
        "description": "# description: Каким должен стать путь, когда улучшения из текущей карты внедрены.\n",
        "type": "  # будущее состояние",
        "twin": "  # карта текущего состояния, путь относительно этого файла",
        "include": "# Общие файлы, которые включает текущая карта, пути относительно этого файла.\n",
        "channels": "# Каналы как в текущей карте (без `feeds`: лидов и сделок в этой карте нет).\n",
        "touchpoints": "# Владелец и точки контакта как сейчас: оставьте, измените или добавьте.\n",
        "said": '# Что клиент делает и думает в идеальном состоянии:\n# actions: [...]\n# thoughts: ["..."]\n',
        "emotions": "# Эмоции сейчас ({scale}); поставьте те, что должны быть на этапе, и уберите #:\n",
        "lanes": "# Дорожки service blueprint в идеальном состоянии: frontstage, backstage, support.\n",
        "kpis": "# KPI как сейчас, с целями: в идеальном состоянии цели достигнуты.\n",
    },
}
_SCALE: dict[Language, str] = {"en": "from {min} to {max}", "ru": "от {min} до {max}"}
# A title that says it is the current state gets the ideal state's words instead.
_CURRENT_SUFFIX = re.compile(r"\s*\((?:current state|as-is|as is|текущее состояние|как есть)\)\s*$", re.IGNORECASE)
_IDEAL_SUFFIX: dict[Language, str] = {"en": " (ideal state)", "ru": " (идеальное состояние)"}
_STAGE_INDENT = 4


@dataclass(frozen=True)
class Included:
    """What the current map takes from shared files (`include:`): the paths the twin includes them by, and
    the items that come from them (`("personas", 2)`), which the twin does not write again."""

    paths: tuple[str, ...]
    items: frozenset[tuple[str | int, ...]]


def included_by(checked: Checked, folder: Path) -> Included | None:
    """The shared files of the checked map at `checked.path`, for a twin written in `folder`; None when it
    includes nothing."""
    loaded = checked.document
    written = loaded.data.get(INCLUDE) if loaded is not None and isinstance(loaded.data, dict) else None
    if loaded is None or not written:
        return None
    base = Path(checked.path).parent
    paths = tuple(Path(os.path.relpath((base / path).resolve(), folder.resolve())).as_posix() for path in written)
    return Included(paths, frozenset(loaded.files))


def ideal_twin(current: JourneyMap, twin: str, lang: Language, included: Included | None = None) -> str:
    """The text of an ideal-state map whose `twin:` is `twin` (the current map's path relative to the new
    file), with comments in `lang`. `current` must have journey stages. With `included`, the twin includes
    the current map's shared files and writes only the current map's own personas, departments and channels."""
    if current.journey is None:
        raise ValueError("the current map has no journey stages")
    words = _WORDS[lang]
    parts = [
        words["intro"],
        "cjm: 1\n",
        dump({"title": _ideal_title(current.title, current.lang)}),
        words["description"],
        "type: ideal" + words["type"] + "\n",
        f"lang: {current.lang}\n",
        _with_comment(dump({"twin": twin}), words["twin"]),
    ]
    if included is not None:
        parts.append("\n" + words["include"] + dump({INCLUDE: list(included.paths)}))
    skipped = included.items if included is not None else frozenset()

    def own(key: str, items: list[Any]) -> list[Any]:
        return [item for i, item in enumerate(items) if (key, i) not in skipped]

    for key, items in (
        ("personas", own("personas", current.personas)),
        ("departments", own("departments", current.departments)),
    ):
        if items:
            parts.append("\n" + dump({key: [_plain_data(item) for item in items]}))
    if own_channels := own("channels", current.channels):
        channels = [{k: v for k, v in _plain_data(c).items() if k != "feeds"} for c in own_channels]
        parts.append("\n" + words["channels"] + dump({"channels": channels}))
    blueprint = current.type == "blueprint" or any(s.frontstage or s.backstage or s.support for s in _stages(current))
    scale = current.journey.emotion_scale
    parts.append("\njourney:\n")
    if scale != DEFAULT_SCALE:  # the twin scores on the same scale, so that the maps compare
        parts.append(f"  emotion_scale: {{min: {scale.min}, max: {scale.max}}}\n")
    parts.append("  stages:\n")
    parts.append("\n".join(_stage(stage, current, words, lang, blueprint) for stage in _stages(current)))
    return "".join(parts)


def _stages(current: JourneyMap) -> list[JourneyStage]:
    return list(current.journey.stages) if current.journey else []


def _stage(stage: JourneyStage, current: JourneyMap, words: dict[str, str], lang: Language, blueprint: bool) -> str:
    inner = " " * (_STAGE_INDENT + 2)
    head: dict[str, Any] = {"id": stage.id, "name": stage.name}
    kept: dict[str, Any] = {}
    if stage.owner is not None:
        kept["owner"] = stage.owner
    if stage.touchpoints:
        kept["touchpoints"] = [_plain_data(touchpoint) for touchpoint in stage.touchpoints]
    text = dump([head], _STAGE_INDENT)
    if kept:
        text += _indented(words["touchpoints"], inner) + dump(kept, _STAGE_INDENT + 2)
    text += _indented(words["said"], inner)
    if current.personas:
        assert current.journey is not None
        scale = current.journey.emotion_scale
        neutral = math.floor(scale.middle)
        today = ", ".join(f"{p.id}: {stage.emotions.get(p.id, neutral)}" for p in current.personas)
        shown = _SCALE[lang].replace("{min}", str(scale.min)).replace("{max}", str(scale.max))
        text += _indented(words["emotions"].replace("{scale}", shown) + f"# emotions: {{{today}}}\n", inner)
    if blueprint:
        text += _indented(words["lanes"], inner)
    if stage.kpis:
        text += _indented(words["kpis"], inner) + dump({"kpis": [_kpi_target(kpi) for kpi in stage.kpis]}, len(inner))
    return text


def _kpi_target(kpi: Kpi) -> dict[str, Any]:
    """A KPI of the ideal state: its id (by which the gap finds it), name, target, unit and direction; today's
    value and period do not apply."""
    data = _plain_data(kpi)
    if isinstance(data.get("target"), float) and data["target"].is_integer():
        data["target"] = int(data["target"])  # written `40`, read as 40.0: write it back as it was
    return {key: data[key] for key in ("id", "name", "target", "unit", "better", "ignore") if key in data}


def _plain_data(item: Any) -> dict[str, Any]:
    """An item as the short mapping a person would write: no defaults, no empty values."""
    data: dict[str, Any] = item.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return data


def _ideal_title(title: str, lang: Language) -> str:
    ideal = _CURRENT_SUFFIX.sub("", title) + _IDEAL_SUFFIX[lang]
    return ideal if len(ideal) <= TEXT_MAX else title


def _with_comment(line: str, comment: str) -> str:
    return line.rstrip("\n") + comment + "\n" if line.count("\n") == 1 else line


def _indented(text: str, pad: str) -> str:
    return "".join(pad + line for line in text.splitlines(keepends=True))
