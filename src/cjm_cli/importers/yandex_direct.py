"""Yandex Direct exports in: Direct Commander's CSV -> `ppc`, the ads' links -> `site` pages.

The input is Direct Commander's CSV/TXT export, specified in "File format and field population rules"
(https://yandex.ru/support/direct-commander-new/advanced/file-format.html): UTF-8, tab-separated, the first
row holds the Russian column names, in any order, some of them may be missing. One row per keyword
(`Доп. объявление группы` is `-`) carrying the group and its main ad, which may be written in the first row
of the group only; one row per additional ad (`+`). Columns read: `Название кампании` (or `Кампания`,
else `№ заказа`), `Тип кампании`, `Номер группы`, `Название группы`, `Фраза (с минус-словами)`,
`Заголовок 1`, `Заголовок 2`, `Текст`, `Ссылка`.

The XLSX the web interface downloads (one campaign; the sheet `Тексты`) is read too, and so is its CSV: the
campaign's name, number and type in the rows above the table (a label cell with its value beside or under
it), and the template's combinatorial ad, whose headlines repeat the names `Заголовок 1` and `Заголовок 2`
after the ordinary ad's and go on to `Заголовок 7`, with `Текст 1`..`Текст 3`.

Phrases are kept as written, with their operators and minus-words (the quotes of `"купить кроссовки"` too,
which Commander does not escape); Commander's `---autotargeting` is not a phrase and is left out. An ad's
title is `Заголовок 1 — Заголовок 2`, as Yandex shows them together. Every other cell the map has no place
for (settings, ids, bids, sitelinks, minus-phrases of a campaign or group, the other headlines and texts of a
combinatorial ad) is a warning per column (`unplaced.warn_unplaced`), except `Длина`, which follows from the
texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.problems import START
from .common import Imported, Problems, fit, language, one_line
from .ppc import AdDraft, CampaignDraft, GroupDraft, build, network_words
from .table import Row, Table, read_table_file
from .unplaced import warn_unplaced

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
    table = read_table_file(argument, sink, _normalise, _is_header, "'Название группы' and 'Фраза (с минус-словами)'")
    if table is None:
        return sink.result(None)
    columns = _Columns(table)
    if columns.phrase is None and columns.title is None and not columns.mixed_titles:
        sink.error(
            START,
            "columns",
            "the export has neither keywords ('Фраза (с минус-словами)') nor ads ('Заголовок 1')",
            "export the campaigns with their phrases and ads",
        )
        return sink.result(None)
    settings = _settings(table.above, sink)
    campaigns = _campaigns(table, columns, settings or _Settings(Path(argument).stem), sink)
    warn_unplaced(table, sink, _hint)
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
        # The template's combinatorial ad: `Заголовок 1` and `Заголовок 2` again, then `Заголовок 3`..`7`, and
        # `Текст 1`..`3` (the ordinary ad's columns come first, under the same names).
        again = [table.every(f"заголовок {n}")[1:2] for n in (1, 2)]
        self.mixed_titles = [i for found in again for i in found] + [
            i for n in range(3, 8) for i in table.every(f"заголовок {n}")[:1]
        ]
        self.mixed_texts = [i for n in range(1, 4) for i in table.every(f"текст {n}")[:1]]


@dataclass(frozen=True)
class _Settings:
    """The campaign a file is about, where the rows above the table name it (Direct's XLSX)."""

    name: str
    kind: str = ""
    number: str = ""


_LABELS = {"название кампании": "name", "кампания": "name", "тип кампании": "kind", "№ заказа": "number"}
_LABELS |= {"номер кампании": "number", "id кампании": "number"}


def _settings(above: list[Row], sink: Problems) -> _Settings | None:
    """A label cell (`Название кампании`, `Тип кампании`, `№ заказа`) with its value beside it or under it;
    the other settings there (`Валюта`...) in one warning."""
    found: dict[str, str] = {}
    read: set[tuple[int, int]] = set()  # (row, column) of the labels and values taken
    for index, row in enumerate(above):
        for column, cell in enumerate(row.cells):
            key = _LABELS.get(_normalise(cell).rstrip(":"))
            if key is None or key in found:
                continue
            read.add((index, column))
            beside = next(((i, one_line(c)) for i, c in enumerate(row.cells) if i > column and one_line(c)), None)
            below = above[index + 1].cells if index + 1 < len(above) else ()
            if beside is not None:
                found[key] = beside[1]
                read.add((index, beside[0]))
            elif column < len(below) and below[column].strip():
                found[key] = one_line(below[column])
                read.add((index + 1, column))
    _warn_other_settings(above, read, sink)
    if "name" not in found and "number" not in found:
        return None
    number = found.get("number", "")
    name = found.get("name") or _WORDS["ru"]["campaign"].format(id=number)
    return _Settings(name, found.get("kind", ""), number)


def _warn_other_settings(above: list[Row], read: set[tuple[int, int]], sink: Problems) -> None:
    """One warning for what the rows above the table hold besides the campaign's name, number and type (a
    row of one cell is a title, and says nothing a map would keep)."""
    unread = [
        (row, column, one_line(cell))
        for index, row in enumerate(above)
        if sum(1 for cell in row.cells if cell.strip()) > 1
        for column, cell in enumerate(row.cells)
        if cell.strip() and (index, column) not in read
    ]
    if unread:
        row, column, _ = unread[0]
        texts = ", ".join(f"'{text[:30]}'" for _, _, text in unread[:4]) + (", ..." if len(unread) > 4 else "")
        sink.warning(
            row.position(column),
            "not-kept",
            f"the campaign's settings above the table are not kept in the map: {texts}",
            "a map keeps the campaign's name and type; its currency, strategy and other settings stay in the export",
        )


def _campaigns(table: Table, c: _Columns, fallback: _Settings, sink: Problems) -> list[CampaignDraft]:
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
        table.place(row, c.group, c.group_number, c.extra_ad)
        marker = table.cell(row, c.extra_ad)
        if marker not in ("", "-", "+"):
            sink.warning(row.position(c.extra_ad), "value", f"'{marker[:20]}' is neither '-' nor '+'", "")
        if marker != "+":
            table.place(row, c.phrase)  # `---autotargeting` too: a setting, not a phrase
            phrase = _phrase(table, row, c.phrase)
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
    fallback: _Settings,
    sink: Problems,
) -> CampaignDraft:
    """The row's campaign: named in it, else the previous row's, else the one above the table (or the file's)."""
    table.place(row, c.campaign, c.campaign_number, c.campaign_type)
    name = fit(table.cell(row, c.campaign), sink, row.position(c.campaign), "the campaign name")
    number = table.cell(row, c.campaign_number)
    if not name and number:
        name = _WORDS[language([table.cell(row, c.group)])]["campaign"].format(id=number)
    if not name:
        if previous is not None:
            return previous
        name = fallback.name or "Yandex Direct"
    if name not in campaigns:
        kind = table.cell(row, c.campaign_type) or fallback.kind
        campaigns[name] = CampaignDraft(name, network_words(kind, _NETWORKS), row.position(c.campaign))
    return campaigns[name]


_REST = "they stay in the export, not the map"


def _hint(name: str) -> str | None:
    """Why the map has no place for the values of a column (its header as `_normalise` writes it); None for
    `Длина`, the length of the text beside it."""
    if name == "длина":
        return None
    if name.startswith("заголовок"):
        return (
            "cjm keeps two headlines of an ad as its title (Заголовок 1 — Заголовок 2): the others are variants "
            f"Direct rotates; {_REST}"
        )
    if name.startswith("текст"):
        return f"cjm keeps the first text of an ad: the others are variants Direct rotates; {_REST}"
    if "минус-фраз" in name:
        return f"minus-phrases of a campaign or group are not kept (a phrase keeps its own minus-words); {_REST}"
    if "быстрых ссылок" in name or name.startswith("уточнени"):
        return f"sitelinks and callouts are not kept; {_REST}"
    if name == "ссылка":
        return "the row has no headline: its link is no ad's, and no landing of the map"
    if name.startswith(("показы", "клики", "расход", "ctr", "ср.", "конверси")):
        return "figures are not imported: cjm pull yandex-direct REPORT --into MAP fills cost, clicks and impressions"
    if name.startswith("id ") or name.endswith(" id"):
        return "Direct's ids are not kept: the map names campaigns, groups and ads by their names"
    return (
        "a map keeps campaigns, groups, phrases and ads (title, text, landing page): bids, regions, statuses "
        "and the like stay in the export"
    )


def _phrase(table: Table, row: Row, column: int | None) -> str:
    """The phrase as written: Commander writes the phrase operator's quotes (`"купить кроссовки"`) unescaped,
    which CSV would take for quoting and drop."""
    raw = table.raw_cell(row, column)
    return raw if len(raw) > 1 and raw[0] == raw[-1] == '"' and '"' not in raw[1:-1] else table.cell(row, column)


def _ad(table: Table, row: Row, c: _Columns, group: GroupDraft, sink: Problems) -> None:
    """The row's ad, and its combinatorial ad (the template's second block of headlines)."""
    ordinary = ([c.title, c.title_2], [c.text], c.title)
    mixed = (c.mixed_titles, c.mixed_texts, None)
    for title_columns, text_columns, column in (ordinary, mixed):
        titles = [(i, t) for i in title_columns if i is not None and (t := table.cell(row, i))][:2]
        texts = [(i, t) for i in text_columns if i is not None and (t := table.cell(row, i))][:1]
        if not titles:
            continue
        where = row.position(column if column is not None else c.mixed_titles[0])
        table.place(row, c.link, *(i for i, _ in titles + texts))
        ad = AdDraft(
            fit(" — ".join(t for _, t in titles), sink, where, "the ad's title"),
            fit(texts[0][1] if texts else "", sink, where, "the ad's text"),
            table.cell(row, c.link),
            row.position(c.link),
        )
        if (ad.title, ad.text, ad.url) not in group.seen:
            group.seen.add((ad.title, ad.text, ad.url))
            group.ads.append(ad)
