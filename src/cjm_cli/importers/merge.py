"""How an import fills an existing map (`cjm import ... --into map.yaml`): the blocks it replaces, what of the
map's own it keeps, and what it adds. Only the blocks named here change; the splice keeps the rest of the
file as written.

- mermaid: `journey` is replaced by the diagram's stages; a stage the map already has (same name or id) keeps
  its other lanes (touchpoints, thoughts, pains, KPIs...) and gets the diagram's actions and emotions.
  Actors become personas: a persona the map has (same name or id) is used as it is, new ones are added. The
  journey keeps its `emotion_scale`, and the diagram's scores are placed on it (the import gives them on
  -2..2, Mermaid's 1..5 less 3).
- bitrix24: `leads` and `deals` are replaced by the CRM's stages; the map's `period`, counts, amounts and
  automations of stages that keep their id stay, and so do a pipeline's id, name and other keys (pipelines
  are matched by their Bitrix24 category, the `C<n>:` of their stage ids). Pipelines the export does not
  hold are kept. Sources the map has no channel for (same id or name) are added to `channels`.
- google-ads, yandex-direct: the campaigns of that platform in `ppc` are replaced, other campaigns are
  kept; landing pages the map's `site` has (same address) are used, new ones are added to `site.pages`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..core.model import DEFAULT_SCALE, DealStage, EmotionScale, JourneyStage
from .bitrix24 import category_of
from .ids import Ids
from .ppc import landing, page_key
from .splice import Edit, Items, Replace

GOOGLE_ADS = frozenset({"googleads", "adwords", "googleadwords"})
YANDEX_DIRECT = frozenset({"яндексдирект", "yandexdirect", "директ", "direct"})


@dataclass
class Merge:
    edits: list[Edit] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def _in_order(item: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """`item`'s keys in the order of the model's fields, as a map lists them."""
    return {name: item[name] for name in fields if name in item}


def _folded(text: Any) -> str:
    return text.casefold() if isinstance(text, str) else ""


# --- mermaid ------------------------------------------------------------------------------------------------------


def merge_mermaid(existing: dict[str, Any], imported: dict[str, Any]) -> Merge:
    merge = Merge()
    personas = existing.get("personas") or []
    persona_ids = Ids(p["id"] for p in personas)
    new_personas, renamed = [], {}
    persona_by_name: dict[str, str] = {}
    for known in personas:
        persona_by_name.setdefault(_folded(known["name"]), known["id"])
    known_ids = {known["id"] for known in personas}
    for persona in imported.get("personas", []):
        found = persona_by_name.get(_folded(persona["name"])) or (persona["id"] if persona["id"] in known_ids else None)
        if found is None:
            found = persona_ids.claim(persona["id"])
            new_personas.append({"id": found, "name": persona["name"]})
        renamed[persona["id"]] = found
    mentioned = set(renamed.values())

    journey = existing.get("journey") or {}
    written_scale = journey.get("emotion_scale")  # the map is valid: a scale it gives is one
    scale = EmotionScale.model_validate(written_scale) if written_scale else DEFAULT_SCALE
    old_stages = journey.get("stages", [])
    new_stages = imported["journey"]["stages"]
    by_name: dict[str, dict[str, Any]] = {}
    by_id: dict[str, dict[str, Any]] = {}
    for old_stage in old_stages:  # the first of a name or id, as a search from the top would find
        by_name.setdefault(_folded(old_stage["name"]), old_stage)
        by_id.setdefault(old_stage["id"], old_stage)
    matches = [by_name.get(_folded(stage["name"])) or by_id.get(stage["id"]) for stage in new_stages]
    stage_ids = Ids(old["id"] for old in matches if old is not None)
    stages = []
    for stage, old in zip(new_stages, matches, strict=True):
        emotions = {renamed[p]: DEFAULT_SCALE.onto(score, scale) for p, score in stage.get("emotions", {}).items()}
        if old is None:
            merged = {**stage, "id": stage_ids.claim(stage["id"]), "emotions": emotions}
        else:
            kept = {p: score for p, score in (old.get("emotions") or {}).items() if p not in mentioned}
            merged = {**old, "actions": stage.get("actions", []), "emotions": {**kept, **emotions}}
        stages.append(_in_order({k: v for k, v in merged.items() if v not in ([], {})}, _STAGE_FIELDS))
    if new_personas:  # first: a map without personas gets them before its journey
        merge.edits.append(Items(("personas",), append=new_personas))
        merge.summary.append(f"added {len(new_personas)} persona(s) to `personas`")
    kept_scale = {"emotion_scale": written_scale} if written_scale else {}
    merge.edits.append(Replace("journey", {**kept_scale, "stages": stages}))
    merge.summary.append(f"replaced `journey` ({len(stages)} stages)")
    return merge


_STAGE_FIELDS = list(JourneyStage.model_fields)


# --- bitrix24 -----------------------------------------------------------------------------------------------------


def merge_bitrix24(existing: dict[str, Any], imported: dict[str, Any]) -> Merge:
    merge = Merge()  # edits in the format's order: blocks the map lacks are added in this order
    if "channels" in imported:
        old_channels = existing.get("channels") or []
        known = {c["id"] for c in old_channels} | {_folded(c["id"]) for c in old_channels}
        known |= {_folded(c["name"]) for c in old_channels}
        ids = Ids(c["id"] for c in old_channels)
        new = [
            {**channel, "id": ids.claim(channel["id"])}
            for channel in imported["channels"]
            if not {channel["id"], _folded(channel["id"]), _folded(channel["name"])} & known
        ]
        if new:
            merge.edits.append(Items(("channels",), append=new))
            merge.summary.append(f"added {len(new)} channel(s) to `channels`")
    if "leads" in imported:
        old = existing.get("leads") or {}
        leads = {"period": old["period"]} if old.get("period") else {}
        leads["stages"] = _stages(imported["leads"]["stages"], old.get("stages", []), ("count",))
        merge.edits.append(Replace("leads", leads))
        merge.summary.append(f"replaced `leads` ({len(leads['stages'])} stages)")
    if "deals" in imported:
        edit = _pipelines(imported["deals"], existing.get("deals") or [])
        merge.edits.append(edit)
        merge.summary.append(f"updated {len(edit.replace)} and added {len(edit.append)} pipeline(s) in `deals`")
    return merge


def _stages(new: list[dict[str, Any]], old: list[dict[str, Any]], keep: tuple[str, ...]) -> list[dict[str, Any]]:
    """The CRM's stages, with the map's figures (`keep`) for stages that keep their id."""
    old_by_id = {stage["id"]: stage for stage in old}
    merged = []
    for stage in new:
        previous = old_by_id.get(stage["id"], {})
        merged.append(_in_order({**stage, **{k: previous[k] for k in keep if k in previous}}, _DEAL_STAGE_FIELDS))
    return merged


_DEAL_STAGE_FIELDS = list(DealStage.model_fields)


def _pipelines(new: list[dict[str, Any]], old: list[dict[str, Any]]) -> Items:
    """Pipelines the map has (matched by category) get the CRM's stages; new categories are added."""
    by_category: dict[int, dict[str, Any]] = {}
    for pipeline in new:
        category = category_of([s["id"] for s in pipeline["stages"]])
        if category is not None:
            by_category[category] = pipeline
    ids = Ids(p["id"] for p in old)
    edit = Items(("deals",))
    for index, pipeline in enumerate(old):
        category = category_of([s["id"] for s in pipeline.get("stages", [])])
        fresh = by_category.pop(category, None) if category is not None else None
        if fresh is not None:
            stages = _stages(fresh["stages"], pipeline.get("stages", []), ("count", "amount", "automations"))
            edit.replace[index] = [{**pipeline, "stages": stages}]  # the map's keys in the map's order
    edit.append.extend({**pipeline, "id": ids.claim(pipeline["id"])} for pipeline in by_category.values())
    return edit


# --- paid campaigns ---------------------------------------------------------------------------------------------


def platform_key(text: Any) -> str:
    return re.sub(r"[\W_]+", "", _folded(text))


def merge_ppc(existing: dict[str, Any], imported: dict[str, Any], platform: frozenset[str]) -> Merge:
    merge = Merge()
    renamed, new_pages = _pages(existing.get("site"), imported.get("site"))
    old = existing.get("ppc") or []
    replaced = [c for c in old if platform_key(c.get("platform")) in platform]
    kept = [c for c in old if platform_key(c.get("platform")) not in platform]
    campaign_ids = Ids(c["id"] for c in kept)
    group_ids = Ids(g["id"] for c in kept for g in c.get("groups", []))
    campaigns = []
    replaced_by_name: dict[str, dict[str, Any]] = {}
    for old_campaign in replaced:
        replaced_by_name.setdefault(_folded(old_campaign["name"]), old_campaign)
    for campaign in imported["ppc"]:
        before: dict[str, Any] = replaced_by_name.get(_folded(campaign["name"]), {})
        old_groups = {_folded(g["name"]): g["id"] for g in before.get("groups", [])}
        groups = []
        for group in campaign["groups"]:
            group = {**group, "id": group_ids.claim(old_groups.get(_folded(group["name"]), group["id"]))}
            if "landing" in group:
                group["landing"] = renamed[group["landing"]]
            if "ads" in group:
                group["ads"] = [_relanded(ad, renamed) for ad in group["ads"]]
            groups.append(group)
        campaign_id = campaign_ids.claim(before.get("id", campaign["id"]))
        campaigns.append({**campaign, "id": campaign_id, "groups": groups})
    if replaced:  # the platform's campaigns give way to the imported ones, where the first of them was
        indices = [index for index, c in enumerate(old) if platform_key(c.get("platform")) in platform]
        edit = Items(("ppc",), {index: campaigns if index == indices[0] else [] for index in indices})
    else:
        edit = Items(("ppc",), append=campaigns)
    merge.edits.append(edit)
    if replaced:
        merge.summary.append(f"replaced {len(replaced)} campaign(s) of the platform in `ppc` with {len(campaigns)}")
    else:
        merge.summary.append(f"added {len(campaigns)} campaign(s) to `ppc`")
    if new_pages:
        if existing.get("site") is None:
            merge.edits.append(Replace("site", {"url": imported["site"]["url"], "pages": new_pages}))
        else:
            merge.edits.append(Items(("site", "pages"), append=new_pages))
        merge.summary.append(f"added {len(new_pages)} page(s) to `site`")
    return merge


def _relanded(ad: dict[str, Any], renamed: dict[str, str]) -> dict[str, Any]:
    return {**ad, "landing": renamed[ad["landing"]]} if "landing" in ad else ad


def _pages(site: dict[str, Any] | None, imported: dict[str, Any] | None) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Imported page id -> the map's page id, and the pages the map does not have yet."""
    if not imported:
        return {}, []
    site = site or {}
    site_host = _host(site.get("url"))
    pages = site.get("pages", [])
    by_key = {key: p["id"] for p in pages if (key := page_key(p["url"], site_host))}
    ids = Ids(p["id"] for p in pages)
    renamed, new = {}, []
    for page in imported["pages"]:
        found = landing(page["url"] if not page["url"].startswith("/") else imported["url"] + page["url"])
        assert found is not None  # the importer made the page from a valid address
        if found.key in by_key:
            renamed[page["id"]] = by_key[found.key]
            continue
        on_site = bool(site_host) and _host(found.url).removeprefix("www.") == site_host.removeprefix("www.")
        page_id = ids.claim(page["id"])
        new.append({**page, "id": page_id, "url": found.path if on_site else found.url})
        renamed[page["id"]] = page_id
    return renamed, new


def _host(url: Any) -> str:
    found = landing(url) if isinstance(url, str) else None
    return found.host if found else ""
