"""Paid campaigns read from an ad platform's export become the map's `ppc` block and the `site` pages their
ads land on.

Each landing URL becomes a page: one per address, the query (UTM tags) and fragment left out, `www.` and a
final `/` not telling pages apart. The site's address is the host most ads lead to; its pages are written as
paths (`/skud/`), pages elsewhere as full URLs. An ad group lands where most of its ads do; an ad that leads
elsewhere names its own landing page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from ..core.model import check_link
from ..core.problems import Position
from .common import Problems, fit, one_line
from .ids import Ids

_UNSAFE_IN_LINK = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f]")


@dataclass
class AdDraft:
    title: str
    text: str
    url: str
    where: Position  # the ad's row and its link's column


@dataclass
class GroupDraft:
    name: str
    where: Position
    keywords: list[str] = field(default_factory=list)
    ads: list[AdDraft] = field(default_factory=list)
    urls: list[tuple[str, Position]] = field(default_factory=list)  # landings named by keywords, not ads
    seen: set[tuple[str, str, str]] = field(default_factory=set)  # (title, text, url) of `ads`, each kept once


@dataclass
class CampaignDraft:
    name: str
    network: str
    where: Position
    groups: dict[str, GroupDraft] = field(default_factory=dict)


@dataclass(frozen=True)
class Landing:
    scheme: str
    host: str  # as written, lower case
    path: str  # as written, `/` when empty
    key: str  # what tells pages apart: host without `www.`, decoded path without a final `/`

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}{self.path}"

    @property
    def title(self) -> str:
        return one_line(f"{self.host}{unquote(self.path)}")


def landing(url: str) -> Landing | None:
    """The page an http(s) URL leads to, or None when it is not one."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc.lower().rpartition("@")[2]
    path = _UNSAFE_IN_LINK.sub(lambda m: quote(m.group()), parts.path) or "/"
    key = host.removeprefix("www.") + (unquote(path).rstrip("/") or "/")
    found = Landing(parts.scheme.lower(), host, path, key)
    try:
        check_link(found.url)
    except ValueError:
        return None
    return found


def page_key(url: str, site_host: str) -> str | None:
    """The key of a page written in a map: a full URL, or a path on the site at `site_host`."""
    if url.startswith("/") and not url.startswith("//") and site_host:
        url = f"https://{site_host}{url}"
    found = landing(url)
    return found.key if found else None


def build(campaigns: list[CampaignDraft], platform: str, sink: Problems) -> dict[str, Any]:
    """`{"ppc": [...], "site": {...}}` (no `site` when no ad leads anywhere)."""
    landings = _landings(campaigns, sink)
    pages = _pages(list(landings.values()))
    campaign_ids, group_ids = Ids(), Ids()
    ppc = []
    for campaign in campaigns:
        groups = [_group(group, group_ids, landings, pages) for group in campaign.groups.values()]
        ppc.append(
            {
                "id": campaign_ids.for_name(campaign.name, "campaign"),
                "name": campaign.name,
                "network": campaign.network,
                "platform": platform,
                "groups": groups,
            }
        )
    result: dict[str, Any] = {"ppc": ppc}
    if pages:
        main = _main_host(list(landings.values()))
        result["site"] = {
            "url": f"{main.scheme}://{main.host}",
            "pages": [
                {"id": page_id, "title": fit(page.title, sink, Position(1, 1), "a page title"), "url": _url(page, main)}
                for page, page_id in pages.values()
            ],
        }
    return result


def _landings(campaigns: list[CampaignDraft], sink: Problems) -> dict[str, Landing]:
    """Every URL the drafts name, parsed; a warning for each that is not an http(s) address."""
    found: dict[str, Landing] = {}
    for campaign in campaigns:
        for group in campaign.groups.values():
            for url, where in [(ad.url, ad.where) for ad in group.ads] + group.urls:
                if not url or url in found:
                    continue
                parsed = landing(url)
                if parsed is None:
                    sink.warning(
                        where,
                        "link",
                        f"'{url[:60]}' is not an http(s) address; no landing page is taken from it",
                        "final URLs start with https://",
                    )
                    continue
                found[url] = parsed
    return found


def _pages(landings: list[Landing]) -> dict[str, tuple[Landing, str]]:
    """One page per key, in the order first met, each with its id."""
    main = _main_host(landings) if landings else None
    ids = Ids()
    pages: dict[str, tuple[Landing, str]] = {}
    for found in landings:
        if found.key in pages:
            continue
        if main is not None and _same_host(found, main):
            page_id = ids.for_name(unquote(found.path), "home")
        else:
            page_id = ids.for_name(found.key, "page")
        pages[found.key] = (found, page_id)
    return pages


def _group(
    group: GroupDraft, ids: Ids, landings: dict[str, Landing], pages: dict[str, tuple[Landing, str]]
) -> dict[str, Any]:
    def page_of(url: str) -> str | None:
        found = landings.get(url)
        return pages[found.key][1] if found else None

    ad_pages = [page_of(ad.url) for ad in group.ads]
    candidates = [p for p in ad_pages if p] or [p for url, _ in group.urls if (p := page_of(url))]
    main_page = Counter(candidates).most_common(1)[0][0] if candidates else None
    result: dict[str, Any] = {"id": ids.for_name(group.name, "group"), "name": group.name}
    if main_page:
        result["landing"] = main_page
    if group.keywords:
        result["keywords"] = list(dict.fromkeys(group.keywords))
    ads, kept = [], set()
    for ad, page in zip(group.ads, ad_pages, strict=True):
        entry: dict[str, Any] = {"title": ad.title}
        if ad.text:
            entry["text"] = ad.text
        if page and page != main_page:
            entry["landing"] = page
        key = (ad.title, ad.text, entry.get("landing"))
        if key not in kept:
            kept.add(key)
            ads.append(entry)
    if ads:
        result["ads"] = ads
    return result


def _main_host(landings: list[Landing]) -> Landing:
    """The first landing on the host most landings are on."""
    counts = Counter(found.key.split("/", 1)[0] for found in landings)
    best = max(counts.values())
    return next(found for found in landings if counts[found.key.split("/", 1)[0]] == best)


def _same_host(found: Landing, main: Landing) -> bool:
    return found.key.split("/", 1)[0] == main.key.split("/", 1)[0]


def _url(page: Landing, main: Landing) -> str:
    return page.path if _same_host(page, main) else page.url


def network_words(text: str, table: tuple[tuple[tuple[str, ...], str], ...], default: str = "search") -> str:
    """The `network` of a campaign whose type reads `text`: the first entry of `table` with a word in it."""
    lowered = text.casefold()
    return next((network for words, network in table if any(word in lowered for word in words)), default)
