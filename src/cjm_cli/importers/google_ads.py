"""Google Ads Editor exports in: campaigns, ad groups, keywords and ads -> `ppc`, final URLs -> `site` pages.

The input is what Google Ads Editor writes with Account > Export > "Export whole account (CSV)" (or a
selection): UTF-16 with tabs, one row per item (a campaign, an ad group, a keyword, an ad...), columns known
by their English headers in any case and spacing, as the Editor reads them itself
(https://support.google.com/google-ads/editor/answer/57747): `Campaign`, `Campaign Type`, `Ad Group`,
`Keyword`, `Criterion Type`, `Final URL`, `Headline 1`..`Headline 15`, `Description 1`..`Description 4`,
`Campaign Status`, `Ad Group Status`, `Status`. UTF-8 and commas (a CSV saved from a spreadsheet) are read too,
and so are reports downloaded from the web interface: title rows above the header, ` --` for an empty cell,
`Total: ...` rows (left out). Performance Max asset groups (`Asset Group`, `Long headline 1`..) are ad groups
with one ad: the headlines, or the first long headline without them, and the descriptions.

Keywords keep their match type in Google's notation: `[exact]`, `"phrase"`, broad as it is; negative
keywords are not kept (they are not what a group targets). An ad's title is its first three headlines as
Google shows them (`H1 | H2 | H3`), its text the first two descriptions. Removed items and totals rows are left
out; every other cell the map has no place for (settings, bids, the other headlines, negatives, sitelinks, a
report's figures) is a warning per column (`unplaced.warn_unplaced`).
"""

from __future__ import annotations

import re

from ..core.problems import START
from .common import Imported, Problems, fit, language
from .ppc import AdDraft, CampaignDraft, GroupDraft, build, network_words
from .source import name_of
from .table import Row, Table, read_table_file
from .unplaced import warn_unplaced

PLATFORM = "Google Ads"
_NETWORKS = (
    (("display",), "display"),
    (("video", "youtube"), "video"),
    (("demand gen", "discovery"), "social"),
    (("performance max",), "display"),
)
_WORDS = {"en": "Paid search: Google Ads", "ru": "Контекстная реклама: Google Ads"}
_BLANKS = frozenset({"--"})  # the web interface's empty cell (" --")


def _normalise(header: str) -> str:
    """`Ad Group`, `ad group`, `AdGroup`, `ad_group` are one column, as for Google Ads Editor."""
    return re.sub(r"[\s_]+", "", header).casefold()


def _is_header(names: set[str]) -> bool:
    groups = {"adgroup", "adgroupname", "assetgroup", "assetgroupname"}  # asset groups: Performance Max
    return bool(names & {"campaign", "campaignname"}) and bool(names & groups)


def import_google_ads(argument: str, sink: Problems) -> Imported:
    table = read_table_file(argument, sink, _normalise, _is_header, "'Campaign' and 'Ad group'")
    if table is None:
        return sink.result(None)
    table.blanks = _BLANKS
    campaigns = _campaigns(table, sink)
    warn_unplaced(table, sink, _hint)
    if sink.failed:
        return sink.result(None)
    if not campaigns:
        sink.error(START, "nothing-to-import", "the export holds no campaigns", f"is {name_of(argument)} empty?")
        return sink.result(None)
    lang = language([c.name for c in campaigns] + [g.name for c in campaigns for g in c.groups.values()])
    return sink.result({"cjm": 1, "title": _WORDS[lang], "lang": lang, **build(campaigns, PLATFORM, sink)})


def _campaigns(table: Table, sink: Problems) -> list[CampaignDraft]:
    c = _Columns(table)
    campaigns: dict[str, CampaignDraft] = {}
    for row in table.rows:
        if any(table.cell(row, index).casefold() == "removed" for index in c.statuses) or _is_total(row):
            table.leave_out(row)
            continue
        name = fit(table.cell(row, c.campaign), sink, row.position(c.campaign), "the campaign name")
        group_column = c.group if table.cell(row, c.group) else c.asset_group
        group_name = fit(table.cell(row, group_column), sink, row.position(group_column), "the ad group name")
        if not name:
            if group_name:
                sink.error(row.position(c.campaign), "value", "an ad group row without its campaign", "")
            continue
        table.place(row, c.campaign, c.campaign_type, *c.statuses)
        campaign = campaigns.setdefault(name, CampaignDraft(name, "search", row.position(c.campaign)))
        kind = table.cell(row, c.campaign_type)
        if kind:
            campaign.network = network_words(kind, _NETWORKS)
        if table.cell(row, c.keyword):
            table.place(row, c.match)  # it says what the keyword is (a negative one is not kept)
        if not group_name:
            continue  # a campaign's own row: settings, locations, campaign negatives
        table.place(row, group_column)
        group = campaign.groups.setdefault(group_name, GroupDraft(group_name, row.position(group_column)))
        _keyword(table, row, c, group, sink)
        _ad(table, row, c, group, sink)
    return list(campaigns.values())


class _Columns:
    def __init__(self, table: Table) -> None:
        self.campaign = table.index("campaign", "campaignname")
        self.group = table.index("adgroup", "adgroupname")
        self.asset_group = table.index("assetgroup", "assetgroupname")
        self.long_headlines = [i for n in range(1, 6) if (i := table.index(f"longheadline{n}")) is not None]
        self.campaign_type = table.index("campaigntype")
        self.keyword = table.index("keyword")
        self.match = table.index("criteriontype", "matchtype", "keywordmatchtype")
        self.final_url = table.index("finalurl", "finalurls")
        self.ad_type = table.index("adtype")
        self.headlines = [i for n in range(1, 16) if (i := table.index(f"headline{n}")) is not None]
        self.descriptions = [
            i
            for n in range(1, 5)
            if (i := table.index(f"description{n}", f"descriptionline{n}", *(["description"] if n == 1 else [])))
            is not None
        ]
        # `Campaign Status`, `Ad Group Status`, `Status`; `Keyword status` in reports from the web interface.
        self.statuses = [index for name, index in table.columns.items() if name.endswith("status")]


_METRICS = ("clicks", "impr", "cost", "ctr", "avg", "conv", "allconv", "interaction", "view", "searchimpr")
_SITELINKS = ("linktext", "sitelink", "callout", "structuredsnippet")
_REST = "they stay in the export, not the map"


def _hint(name: str) -> str:
    """Why the map has no place for the values of a column (its header as `_normalise` writes it)."""
    if re.fullmatch(r"headline\d+", name):
        return (
            "cjm keeps the first 3 headlines of an ad as its title (H1 | H2 | H3): the others are variants "
            f"Google rotates; {_REST}"
        )
    if re.fullmatch(r"longheadline\d+", name):
        return f"an asset group's ad takes its headlines, or its first long headline without them; {_REST}"
    if name.startswith("description"):
        return "cjm keeps an ad's first 2 descriptions as its text; the others, and a sitelink's, stay in the export"
    if name == "keyword":
        return f"negative keywords are not kept: a map lists what a group targets; {_REST}"
    if name in ("finalurl", "finalurls"):
        return "the row is neither a keyword nor an ad (a sitelink, another asset): its link is no landing of the map"
    if name.startswith(_SITELINKS):
        return f"sitelinks, callouts and other assets are not kept; {_REST}"
    if name.startswith(_METRICS):
        return "figures are not imported: cjm pull google-ads REPORT --into MAP fills cost, clicks and impressions"
    return (
        "a map keeps campaigns, ad groups, keywords and ads (title, text, landing page): settings, bids and "
        "targeting stay in the export"
    )


def _is_total(row: Row) -> bool:
    """A totals row of a report from the web interface: `Total: account`, `Total: Search`..."""
    first = next((cell.strip() for cell in row.cells if cell.strip()), "")
    return first.casefold().startswith(("total:", "итого:"))


def _keyword(table: Table, row: Row, c: _Columns, group: GroupDraft, sink: Problems) -> None:
    keyword = table.cell(row, c.keyword)
    if not keyword:
        return
    match = table.cell(row, c.match).casefold()
    if "negative" in match:
        return
    table.place(row, c.keyword, c.final_url)
    if "exact" in match and not keyword.startswith("["):
        keyword = f"[{keyword}]"
    elif "phrase" in match and not keyword.startswith('"'):
        keyword = f'"{keyword}"'
    group.keywords.append(fit(keyword, sink, row.position(c.keyword), "the keyword"))
    url = table.cell(row, c.final_url)
    if url:
        group.urls.append((url, row.position(c.final_url)))


def _ad(table: Table, row: Row, c: _Columns, group: GroupDraft, sink: Problems) -> None:
    headlines = [(i, h) for i in c.headlines if (h := table.cell(row, i))][:3]
    headlines = headlines or [(i, h) for i in c.long_headlines if (h := table.cell(row, i))][:1]
    if table.cell(row, c.keyword) or not (headlines or table.cell(row, c.ad_type)):
        return
    where = row.position(c.headlines[0] if c.headlines else c.ad_type)
    if not headlines:
        sink.warning(where, "value", "an ad without headlines is left out", "")
        table.leave_out(row)
        return
    descriptions = [(i, d) for i in c.descriptions if (d := table.cell(row, i))][:2]
    table.place(row, c.ad_type, c.final_url, *(i for i, _ in headlines + descriptions))
    group.ads.append(
        AdDraft(
            fit(" | ".join(h for _, h in headlines), sink, where, "the ad's headlines"),
            fit(" ".join(d for _, d in descriptions), sink, where, "the ad's descriptions"),
            table.cell(row, c.final_url),
            row.position(c.final_url),
        )
    )
