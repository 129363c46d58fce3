"""Where a map and its CRM disagree (`cjm pull bitrix24 --check`): a lead or deal stage, a pipeline or a lead
source added, removed, renamed or moved in the CRM, or a stage whose meaning (won, lost) changed. Each
difference is an error at the place of the map it concerns: a renamed stage at its name, a removed one at
its id, an added one at the stage it follows in the CRM (or at its list), a moved one at its id.

Stages and pipelines are matched as `fill_crm` matches them. Sources: a channel is the source whose id is its
`crm_id` (or whose id is its own, or whose name is its name); a channel with a `crm_id` that the CRM no longer
lists was removed there. Channels without a `crm_id` that match no source are the map's own (a channel kept
out of the CRM) and are not reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...core.load import Document, Path
from ...core.model import JourneyMap
from ...core.problems import Problem, shown
from ...reports.problems import CRM_DIFFERENCES
from ..bitrix24 import category_of
from ..ids import as_id
from .crm import Crm, Funnel, Stage
from .fill_crm import channel_for


class _Drift:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def error(self, at: Path, code: str, message: str, hint: str = "", at_key: bool = False) -> None:
        assert code in CRM_DIFFERENCES
        self.problems.append(self.document.problem(at, "error", code, message, hint, at_key))

    def has(self, at: Path, key: str) -> bool:
        node: Any = self.document.data
        for step in at:
            node = node[step]
        return isinstance(node, dict) and key in node


def drift(document: Document, m: JourneyMap, crm: Crm) -> list[Problem]:
    """Every difference between the map and the CRM, sorted by position."""
    d = _Drift(document)
    if crm.leads is not None and m.leads is not None:
        stages = [(s.id, s.name, s.meaning) for s in m.leads.stages]
        _stages(d, crm.leads, stages, ("leads", "stages"), "lead stage")
    elif crm.leads is not None and crm.leads.stages:
        d.error((), "crm-added", "the CRM has lead stages and the map has no `leads`", _IMPORT)
    _pipelines(d, m, crm)
    _sources(d, m, crm)
    return sorted(d.problems, key=Problem.sort_key)


_IMPORT = "cjm import bitrix24 ... --into adds what the CRM has; or change the map by hand"


def _pipelines(d: _Drift, m: JourneyMap, crm: Crm) -> None:
    by_category = {p.category: p for p in crm.pipelines}
    seen: list[tuple[int, int]] = []  # (position in the CRM, index in the map)
    for i, pipeline in enumerate(m.deals):
        at: Path = ("deals", i)
        category = category_of([s.id for s in pipeline.stages])
        funnel = by_category.get(category) if category is not None else None
        if funnel is None:
            d.error(
                (*at, "id"),
                "crm-removed",
                f"pipeline '{shown(pipeline.name, 40)}' (category "
                f"{category if category is not None else '?'}) is not in the CRM",
                "remove it from the map, or "
                "check its stage ids: C<n>:... for pipeline n, no prefix for the general one",
            )
            continue
        seen.append((crm.pipelines.index(funnel), i))
        if funnel.name is not None and funnel.name != pipeline.name:
            d.error(
                (*at, "name"),
                "crm-renamed",
                f"pipeline '{shown(pipeline.name, 40)}' is called '{shown(funnel.name, 60)}' in the CRM",
                f"write `name: {shown(funnel.name, 60)}`",
            )
        stages = [(s.id, s.name, s.meaning) for s in pipeline.stages]
        _stages(d, funnel, stages, (*at, "stages"), "deal stage")
    for position, funnel in enumerate(crm.pipelines):
        if any(p == position for p, _ in seen):
            continue
        after = max((i for p, i in seen if p < position), default=None)
        where: Path = ("deals", after) if after is not None else ("deals",) if m.deals else ()
        d.error(
            where,
            "crm-added",
            f"pipeline '{shown(funnel.name or '', 60)}' (category {funnel.category}) was "
            "added in the CRM" + (f", after '{shown(m.deals[after].name, 40)}'" if after is not None else ""),
            _IMPORT,
            at_key=where == ("deals",),
        )
    for index in _moved([p for p, _ in seen]):
        i = seen[index][1]
        d.error(
            ("deals", i, "id"),
            "crm-moved",
            f"pipeline '{shown(m.deals[i].name, 40)}' comes elsewhere in the CRM's order",
            "order the pipelines as the CRM does",
        )


def _stages(d: _Drift, funnel: Funnel, stages: Sequence[tuple[str, str, str]], at: Path, what: str) -> None:
    crm: dict[str, tuple[int, Stage]] = {as_id(s.id): (n, s) for n, s in enumerate(funnel.stages)}
    seen: list[tuple[int, int]] = []
    for j, (stage_id, name, meaning) in enumerate(stages):
        found = crm.get(stage_id)
        if found is None:
            d.error(
                (*at, j, "id"),
                "crm-removed",
                f"{what} {shown(stage_id, 40)} ('{shown(name, 40)}') is not in the CRM",
                "remove it, or write the id it has in the CRM",
            )
            continue
        position, stage = found
        seen.append((position, j))
        if stage.name != name:
            d.error(
                (*at, j, "name"),
                "crm-renamed",
                f"{what} {shown(stage_id, 40)} is called "
                f"'{shown(stage.name, 60)}' in the CRM, '{shown(name, 40)}' here",
                f"write `name: {shown(stage.name, 60)}`",
            )
        if stage.meaning != meaning:
            d.error(
                (*at, j, "meaning") if d.has((*at, j), "meaning") else (*at, j, "id"),
                "crm-meaning",
                f"{what} {shown(stage_id, 40)} is {stage.meaning} in the CRM, {meaning} here",
                f"write `meaning: {stage.meaning}`",
            )
    present = {position for position, _ in seen}
    for n, stage in enumerate(funnel.stages):
        if n in present:
            continue
        after = max(((p, j) for p, j in seen if p < n), default=None)
        where: Path = (*at, after[1]) if after is not None else at
        follows = f", after {shown(stages[after[1]][0], 40)}" if after is not None else ", first"
        d.error(
            where,
            "crm-added",
            f"{what} {shown(stage.id, 40)} ('{shown(stage.name, 40)}') was added in the CRM{follows}",
            _IMPORT,
            at_key=after is None,
        )
    for index in _moved([p for p, _ in seen]):
        j = seen[index][1]
        d.error(
            (*at, j, "id"),
            "crm-moved",
            f"{what} {shown(stages[j][0], 40)} comes elsewhere in the CRM's "
            "order: " + " -> ".join(shown(s.id, 30) for s in funnel.stages[:12]),
            "order the stages as the CRM does",
        )


def _sources(d: _Drift, m: JourneyMap, crm: Crm) -> None:
    matched: set[int] = set()
    for source in crm.sources:
        index = channel_for(source, m.channels)
        if index is None:
            where: Path = ("channels",) if m.channels else ()
            d.error(
                where,
                "crm-added",
                f"lead source {shown(source.id, 40)} ('{shown(source.name, 40)}') is in the "
                "CRM and no channel of the map is it",
                f"add the channel, or give one `crm_id: {shown(source.id, 60)}`",
                at_key=bool(m.channels),
            )
            continue
        matched.add(index)
        channel = m.channels[index]
        if channel.name != source.name:
            d.error(
                ("channels", index, "name"),
                "crm-renamed",
                f"channel '{shown(channel.name, 40)}' (source "
                f"{shown(source.id, 40)}) is called '{shown(source.name, 60)}' in the CRM",
                f"write `name: {shown(source.name, 60)}`",
            )
    for i, channel in enumerate(m.channels):
        if channel.crm_id is not None and i not in matched:
            d.error(
                ("channels", i, "crm_id"),
                "crm-removed",
                f"lead source {shown(channel.crm_id, 40)} of channel '{shown(channel.name, 40)}' is not in the CRM",
                "remove `crm_id`, or write the source's id",
            )


def _moved(positions: list[int]) -> list[int]:
    """Indices of `positions` outside their longest increasing run: the fewest items to move to put them in order."""
    if not positions:
        return []
    best: list[int] = []  # best[k]: index of the smallest tail of an increasing run of length k + 1
    parent = [-1] * len(positions)
    for i, value in enumerate(positions):
        low, high = 0, len(best)
        while low < high:
            middle = (low + high) // 2
            if positions[best[middle]] < value:
                low = middle + 1
            else:
                high = middle
        parent[i] = best[low - 1] if low else -1
        if low == len(best):
            best.append(i)
        else:
            best[low] = i
    keep = set()
    i = best[-1]
    while i != -1:
        keep.add(i)
        i = parent[i]
    return [i for i in range(len(positions)) if i not in keep]
