"""The site, its pages, and the paid campaigns that land on them."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urljoin, urlsplit

from pydantic import (
    Field,
)

from .base import (
    Amount,
    Count,
    Id,
    Item,
    Link,
    Network,
    Printable,
    Text,
)
from .sales import Currency, Pulled


class Page(Item):
    """A page of the site and the stages it serves."""

    id: Id
    """Referred to by ad groups and ads as their landing page."""
    title: Text
    """The page's title, as drawn in the flow: "Catalogue", "Price list"."""
    url: Link
    """`https://...` or a path on the site such as `/products/a`."""
    stages: list[Id] = []
    """Journey stages (ids) the page serves."""
    deal_stages: list[Annotated[str, Field(max_length=130), Printable]] = []
    """Deal stages the page serves, as `pipeline.stage`, or a whole pipeline by its id."""
    lead_stages: list[Id] = []
    """Lead stages the page serves."""


class Site(Item):
    """The company's website."""

    url: Link | None = None
    """The site's address; page paths are relative to it."""
    pages: list[Page] = []
    """The site's pages that customers are sent to, each with the stages it serves."""


class Landings:
    """The page of the site each landing (a page id, a path or a URL) leads to. URLs are compared without
    the query (tracking parameters), the fragment and a trailing slash; paths against `site.url`. Made once
    for a map: a map with thousands of ad groups and pages looks each one up at once, not page by page."""

    def __init__(self, site: Site | None) -> None:
        self.base = site.url if site else None
        self.by_id: dict[str, Page] = {}
        self.by_address: dict[str, Page] = {}
        for page in site.pages if site else []:
            self.by_id.setdefault(page.id, page)
            self.by_address.setdefault(_address(page.url, self.base), page)

    def page(self, landing: str) -> Page | None:
        """The page `landing` leads to, or None: the first page with that id, else the first at that address."""
        return self.by_id.get(landing) or self.by_address.get(_address(landing, self.base))


def _address(url: str, base: str | None) -> str:
    parts = urlsplit(urljoin(base, url) if base else url)
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}" if parts.netloc else path


class Ad(Item):
    """One ad of an ad group."""

    title: Text
    """The ad's headline, as the ad system shows it."""
    text: Text | None = None
    """The ad's text under its headline."""
    landing: Annotated[str, Field(min_length=1, max_length=2000), Printable] | None = None
    """A page id from `site`, or a URL; when not given, the ad group's."""


class AdGroup(Item):
    """Keywords and ads about one theme, pointing at one landing page."""

    id: Id
    """The ad group's id (the ad system's, for `cjm pull`)."""
    name: Text
    """The ad group's name as the ad system shows it."""
    keywords: list[Text] = []
    """Search queries (or audiences, for social ads) the group targets."""
    ads: list[Ad] = []
    """The group's ads, each with its headline, text and landing page."""
    landing: Annotated[str, Field(min_length=1, max_length=2000), Printable] | None = None
    """A page id from `site`, or a URL."""
    cost: Amount | None = None
    """What the group's ads cost in the campaign's period, in its `currency`."""
    clicks: Count | None = None
    """Clicks on the group's ads in the period."""
    impressions: Count | None = None
    """How many times the group's ads were shown in the period."""


class Campaign(Item):
    """A paid campaign: ad groups with their keywords, ads and landing pages."""

    id: Id
    """The campaign's id (the ad system's, for `cjm pull`)."""
    name: Text
    """The campaign's name as the ad system shows it."""
    network: Network = "search"
    """Where the ads show: search (default), social, display, video."""
    platform: Text | None = None
    """Where it runs: Yandex Direct, Google Ads, VK Ads..."""
    channel: Id | None = None
    """The channel (id) its requests arrive through: its cost counts toward that channel's cost per lead, cost
    per sale and return on ad spend."""
    cost: Amount | None = None
    """What the campaign cost in the period, in `currency`."""
    clicks: Count | None = None
    """Clicks on its ads in the period."""
    impressions: Count | None = None
    """How many times its ads were shown in the period."""
    currency: Currency | None = None
    """The currency of `cost`, as the ad system writes it: `BYN`, `RUB`, `USD`."""
    pulled: Pulled | None = None
    """Where the cost, clicks and impressions came from (`cjm pull` writes it)."""
    groups: list[AdGroup] = []
    """The campaign's ad groups, with their keywords and ads."""
