"""Yandex Direct exports in: Direct Commander's CSV -> `ppc`, the ads' links -> `site` pages.

The input is Direct Commander's CSV/TXT export, specified in "File format and field population rules"
(https://yandex.ru/support/direct-commander-new/advanced/file-format.html): UTF-8, tab-separated, the first
row holds the Russian column names, in any order, some of them may be missing. One row per keyword
(`Доп. объявление группы` is `-`) carrying the group and its main ad, which may be written in the first row
of the group only; one row per additional ad (`+`). Columns read: `Название кампании` (or `Кампания`,
else `№ заказа`), `Тип кампании`, `Номер группы`, `Название группы`, `Фраза (с минус-словами)`,
`Заголовок 1`, `Заголовок 2`, `Текст`, `Ссылка`.

Phrases are kept as written, with their operators and minus-words; Commander's `---autotargeting` is not a
phrase and is left out. An ad's title is `Заголовок 1 — Заголовок 2`, as Yandex shows them together.
"""

from __future__ import annotations

from pathlib import Path

from ..core.problems import START
from .common import Imported, Problems, fit, language
from .ppc import AdDraft, CampaignDraft, GroupDraft, build, network_words
from .source import read_text
from .table import Row, Table, read_table

_NETWORKS = ((("медийн", "баннер", "смарт"), "display"), (("видео",), "video"))
_AUTOTARGETING = "---autotargeting"
_WORDS = {
    "ru": {"platform": "Яндекс Директ", "title": "Контекстная реклама: Яндекс Директ", "campaign": "Кампания {id}"},
    "en": {"platform": "Yandex Direct", "title": "Paid search: Yandex Direct", "campaign": "Campaign {id}"},
}


def _normalise(header: str) -> str:
    return " ".join(header.split()).casefold().replace("ё", "е")


def _is_header(names: set[str]) -> bool:
    return "название группы" in names


def import_yandex_direct(argument: str, sink: Problems) -> Imported:
    source = read_text(argument, sink)
    if source is None:
        return sink.result(None)
    table = read_table(source.text, sink, _normalise, _is_header, "'Название группы' and 'Фраза (с минус-словами)'")
    if table is None:
        return sink.result(None)
    columns = _Columns(table)
    if columns.phrase is None and columns.title is None:
        sink.error(
            START,
            "columns",
            "the export has neither keywords ('Фраза (с минус-словами)') nor ads ('Заголовок 1')",
            "export the campaigns with their phrases and ads",
        )
        return sink.result(None)
    fallback = Path(argument).stem
    campaigns = _campaigns(table, columns, fallback, sink)
    if sink.failed:
        return sink.result(None)
    if not campaigns:
        sink.error(START, "nothing-to-import", "the export holds no ad groups", "")
        return sink.result(None)
    lang = language([c.name for c in campaigns] + [g.name for c in campaigns for g in c.groups.values()])
    words = _WORDS[lang]
    return sink.result({"cjm": 1, "title": words["title"], "lang": lang, **build(campaigns, words["platform"], sink)})


class _Columns:
    def __init__(self, table: Table) -> None:
        self.campaign = table.index("название кампании", "кампания")
        self.campaign_number = table.index("№ заказа", "id кампании", "номер кампании")
        self.campaign_type = table.index("тип кампании")
        self.group = table.index("название группы")
        self.group_number = table.index("номер группы", "id группы")
        self.extra_ad = table.index("доп. объявление группы")
        self.phrase = table.index("фраза (с минус-словами)", "фраза", "ключевая фраза")
        self.title = table.index("заголовок 1", "заголовок")
        self.title_2 = table.index("заголовок 2")
        self.text = table.index("текст")
        self.link = table.index("ссылка")


def _campaigns(table: Table, c: _Columns, fallback: str, sink: Problems) -> list[CampaignDraft]:
    campaigns: dict[str, CampaignDraft] = {}
    campaign: CampaignDraft | None = None
    group: GroupDraft | None = None
    for row in table.rows:
        campaign = _campaign_of(table, row, c, campaigns, campaign, fallback, sink)
        group_name = fit(table.cell(row, c.group), sink, row.position(c.group), "the group name")
        number = table.cell(row, c.group_number)
        if group_name or number:
            key = number or group_name
            name = group_name or next((g.name for k, g in campaign.groups.items() if k == key), key)
            group = campaign.groups.setdefault(key, GroupDraft(name, row.position(c.group)))
        elif group is None:
            sink.error(row.position(c.group), "value", "a row before any group", "fill in 'Название группы'")
            continue
        marker = table.cell(row, c.extra_ad)
        if marker not in ("", "-", "+"):
            sink.warning(row.position(c.extra_ad), "value", f"'{marker[:20]}' is neither '-' nor '+'", "")
        if marker != "+":
            phrase = table.cell(row, c.phrase)
            if phrase and phrase.casefold() != _AUTOTARGETING:
                group.keywords.append(fit(phrase, sink, row.position(c.phrase), "the phrase"))
        _ad(table, row, c, group, sink)
    return list(campaigns.values())


def _campaign_of(
    table: Table,
    row: Row,
    c: _Columns,
    campaigns: dict[str, CampaignDraft],
    previous: CampaignDraft | None,
    fallback: str,
    sink: Problems,
) -> CampaignDraft:
    """The row's campaign: named in it, else the previous row's, else one named after the file."""
    name = fit(table.cell(row, c.campaign), sink, row.position(c.campaign), "the campaign name")
    number = table.cell(row, c.campaign_number)
    if not name and number:
        name = _WORDS[language([table.cell(row, c.group)])]["campaign"].format(id=number)
    if not name:
        if previous is not None:
            return previous
        name = fallback or "Yandex Direct"
    if name not in campaigns:
        kind = table.cell(row, c.campaign_type)
        campaigns[name] = CampaignDraft(name, network_words(kind, _NETWORKS), row.position(c.campaign))
    return campaigns[name]


def _ad(table: Table, row: Row, c: _Columns, group: GroupDraft, sink: Problems) -> None:
    title = table.cell(row, c.title)
    if not title:
        return
    where = row.position(c.title)
    second = table.cell(row, c.title_2)
    ad = AdDraft(
        fit(f"{title} — {second}" if second else title, sink, where, "the ad's title"),
        fit(table.cell(row, c.text), sink, where, "the ad's text"),
        table.cell(row, c.link),
        row.position(c.link),
    )
    if all((a.title, a.text, a.url) != (ad.title, ad.text, ad.url) for a in group.ads):
        group.ads.append(ad)
