"""`cjm import google-ads`: Google Ads Editor's CSV export (https://support.google.com/google-ads/editor/answer/57747),
UTF-16 with tabs as the Editor writes it, or UTF-8 with commas or semicolons as spreadsheets save it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, Run

GOOGLE = ROOT / "tests" / "fixtures" / "import" / "google-ads"
EXPORT = GOOGLE / "editor-export.csv"


def imported(run: Run) -> Any:
    assert run.exit_code == 0, run.stderr
    return yaml.safe_load(run.stdout)


def rows_of_export() -> list[list[str]]:
    text = EXPORT.read_bytes().decode("utf-16")
    return list(csv.reader(io.StringIO(text), delimiter="\t"))


def write_rows(tmp_path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "export.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def groups(data: Any) -> dict[str, Any]:
    return {group["name"]: group for campaign in data["ppc"] for group in campaign["groups"]}


def test_the_editors_utf16_export_is_read(cjm: Callable[..., Run]) -> None:
    assert EXPORT.read_bytes()[:2] == b"\xff\xfe"  # the fixture is what the Editor writes: UTF-16LE, tabs
    data = imported(cjm("import", "google-ads", EXPORT))
    assert [(c["id"], c["name"], c["network"], c["platform"]) for c in data["ppc"]] == [
        ("poisk_skud_i_brend", "Поиск: СКУД и бренд", "search", "Google Ads"),
        ("kms_remarketing", "КМС: ремаркетинг", "display", "Google Ads"),
    ]


def test_keywords_keep_their_match_type_negatives_and_removed_items_are_left_out(cjm: Callable[..., Run]) -> None:
    by_name = groups(imported(cjm("import", "google-ads", EXPORT)))
    assert by_name["Брендовые запросы"]["keywords"] == ["[стражтех]", '"strazh tech"', "стражтех минск"]
    keywords = [keyword for group in by_name.values() for keyword in group.get("keywords", [])]
    assert "вакансии" not in str(keywords) and '"вакансии"' not in keywords  # a negative keyword
    assert "бесплатно" not in str(keywords)  # a campaign negative
    assert "Старые запросы" not in by_name  # removed in the account


def test_ads_show_three_headlines_and_two_descriptions(cjm: Callable[..., Run]) -> None:
    ads = groups(imported(cjm("import", "google-ads", EXPORT)))["Брендовые запросы"]["ads"]
    assert ads == [
        {
            "title": "СтражТех — системы безопасности | Видеонаблюдение и СКУД | Монтаж по всей Беларуси",
            "text": "Видеонаблюдение и контроль доступа с монтажом по всей Беларуси. "
            "Обследование объекта — бесплатно, смета за 1 день.",
        }
    ]


def test_final_urls_become_site_pages_and_landings(cjm: Callable[..., Run]) -> None:
    data = imported(cjm("import", "google-ads", EXPORT))
    assert data["site"]["url"] == "https://strazh-tech.by"
    assert [(p["id"], p["url"]) for p in data["site"]["pages"]] == [
        ("home", "/"),
        ("skud", "/skud/"),  # `https://www.strazh-tech.by/skud?utm_content=ad2` is the same page
        ("turnikety_strazh_tech_by", "https://turnikety.strazh-tech.by/"),
        ("ceny", "/ceny/"),
    ]
    office = groups(data)["СКУД для офиса и предприятия"]
    assert office["landing"] == "skud"  # where most of its ads lead
    assert [ad.get("landing") for ad in office["ads"]] == [None, None, "turnikety_strazh_tech_by"]


@pytest.mark.parametrize(("delimiter", "encoding"), [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-16")])
def test_spreadsheet_variants_give_the_same_map(
    delimiter: str, encoding: str, cjm: Callable[..., Run], tmp_path: Path
) -> None:
    path = write_rows(tmp_path, rows_of_export(), delimiter, encoding)
    assert cjm("import", "google-ads", path).stdout == cjm("import", "google-ads", EXPORT).stdout


def test_headers_in_any_case_and_spacing(cjm: Callable[..., Run], tmp_path: Path) -> None:
    rows = [["CAMPAIGN NAME", "ad_group", "KeyWord", "criterion type"], ["Поиск", "Бренд", "стражтех", "exact"]]
    data = imported(cjm("import", "google-ads", write_rows(tmp_path, rows)))
    assert data["ppc"][0]["groups"][0]["keywords"] == ["[стражтех]"]
    assert "site" not in data


def test_a_report_from_the_web_interface_with_title_rows(cjm: Callable[..., Run]) -> None:
    data = imported(cjm("import", "google-ads", GOOGLE / "web-report.csv"))
    by_name = groups(data)
    assert by_name["Брендовые запросы"]["keywords"] == ["[стражтех]", '"strazh tech"']
    assert by_name["СКУД для офиса и предприятия"]["keywords"] == ["скуд для офиса, цена"]
    assert "Старые запросы" not in by_name  # `Keyword status: Removed`
    assert len(data["ppc"]) == 1  # the `Total: account` row is no campaign


def test_missing_columns_are_named(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "google-ads", GOOGLE / "wrong-columns.csv")
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        f"{GOOGLE / 'wrong-columns.csv'}:1:1: error columns the header row with the columns 'Campaign' and 'Ad group'"
        " is missing",
        "    hint: the first row holds: Кампания, Группа объявлений, Ключевое слово",
    ]


def test_a_final_url_that_is_no_web_address_is_a_warning_at_its_row_and_column(
    cjm: Callable[..., Run], tmp_path: Path
) -> None:
    rows = [
        ["Campaign", "Ad Group", "Final URL", "Headline 1", "Description 1"],
        ["Поиск", "Бренд", "javascript:alert(1)", "СтражТех", "Системы безопасности"],
    ]
    run = cjm("import", "google-ads", write_rows(tmp_path, rows))
    data = imported(run)
    assert data["ppc"][0]["groups"][0] == {
        "id": "brend",
        "name": "Бренд",
        "ads": [{"title": "СтражТех", "text": "Системы безопасности"}],
    }
    assert f"{tmp_path / 'export.csv'}:2:3: warning link 'javascript:alert(1)' is not an http(s) address" in run.stderr


def test_a_quoted_field_that_is_never_closed(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('Campaign,Ad Group,Keyword\nПоиск,Бренд,стражтех\nПоиск,"Бренд,скуд\n', encoding="utf-8")
    run = cjm("import", "google-ads", path)
    assert run.exit_code == 1
    assert f"{path}:3:1: error csv CSV: a quoted field is never closed" in run.stderr


def test_an_ad_group_row_without_its_campaign(cjm: Callable[..., Run], tmp_path: Path) -> None:
    rows = [["Campaign", "Ad Group", "Keyword"], ["Поиск", "Бренд", "стражтех"], ["", "Бренд", "strazh"]]
    run = cjm("import", "google-ads", write_rows(tmp_path, rows))
    assert run.exit_code == 1
    assert ":3:1: error value an ad group row without its campaign" in run.stderr


def test_a_header_without_rows(cjm: Callable[..., Run], tmp_path: Path) -> None:
    run = cjm("import", "google-ads", write_rows(tmp_path, [["Campaign", "Ad Group"]]))
    assert run.exit_code == 1
    assert "error nothing-to-import the export holds no campaigns" in run.stderr


# --- what users really download (issue 15) ------------------------------------------------------------------------


def test_a_web_interface_report_with_empty_cells_as_dashes_and_totals(cjm: Callable[..., Run]) -> None:
    # "Excel CSV" from the web interface: UTF-16 with tabs, two title rows, " --" for an empty cell and one
    # "Total: ..." row per level. The totals were a campaign `--`, and every " --" URL a warning. The report's
    # figures are not the structure an import makes: one warning per column, saying how to pull them.
    run = cjm("import", "google-ads", GOOGLE / "web-report-excel.csv")
    data = imported(run)
    assert [line.split(" warning ")[1] for line in run.stderr.splitlines() if " warning " in line] == [
        "not-kept 'Clicks' is not kept in the map: 3 rows hold it, the first is this one",
        "not-kept 'Impr.' is not kept in the map: 3 rows hold it, the first is this one",
        "not-kept 'Cost' is not kept in the map: 3 rows hold it, the first is this one",
    ]
    assert "hint: figures are not imported: cjm pull google-ads REPORT --into MAP fills cost" in run.stderr
    assert [c["name"] for c in data["ppc"]] == ["Поиск: СКУД и бренд"]
    assert groups(data)["Брендовые запросы"] == {
        "id": "brendovye_zaprosy",
        "name": "Брендовые запросы",
        "keywords": ["[стражтех]", '"strazh tech"'],
    }
    assert groups(data)["СКУД для офиса и предприятия"]["landing"] == "skud"


def test_performance_max_asset_groups_become_groups_with_their_ad_and_landing(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "google-ads", GOOGLE / "pmax-export.csv")
    data = imported(run)
    [campaign] = data["ppc"]
    assert (campaign["name"], campaign["network"]) == ("PMax: видеонаблюдение", "display")
    home, business = campaign["groups"]  # the removed asset group is left out
    assert home["name"] == "Камеры для дома"
    assert home["ads"] == [
        {
            "title": "Камеры для дома | Монтаж за 1 день | Смотрите с телефона",
            "text": "Комплекты из 2–8 камер. Бесплатный выезд инженера.",
        }
    ]
    assert home["landing"] == "videonablyudenie_dom"
    # Without short headlines, the long headline is the ad's title.
    assert business["ads"] == [
        {"title": "Видеонаблюдение для магазина, склада и офиса под ключ", "text": "Проект и смета за 1 день."}
    ]
    assert {p["url"] for p in data["site"]["pages"]} == {"/videonablyudenie/dom/", "/videonablyudenie/biznes/"}


def test_a_report_downloaded_as_xlsx_gives_the_same_map(cjm: Callable[..., Run], tmp_path: Path) -> None:
    from openpyxl import Workbook

    source = GOOGLE / "web-report.csv"
    book = Workbook()
    for row in csv.reader(io.StringIO(source.read_text(encoding="utf-8"))):
        book.worksheets[0].append(row)
    path = tmp_path / "report.xlsx"
    book.save(path)
    run = cjm("import", "google-ads", path)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == cjm("import", "google-ads", source).stdout


def kept_out(run: Run) -> list[str]:
    """The `not-kept` warnings, without the file's name: `line:col: 'header' ... rows ...`."""
    return [
        line.split(":", 1)[1].replace(" warning not-kept ", " ").replace(" is not kept in the map", "")
        for line in run.stderr.splitlines()
        if " warning not-kept " in line
    ]


def test_what_an_editor_export_holds_beyond_the_map_is_a_warning_per_column(cjm: Callable[..., Run]) -> None:
    """Budgets, bids, networks and locations (the campaign's and the group's settings), the headlines beyond
    three, the display path, and negative keywords (of the campaign and of a group): at the first row holding
    each, with how many rows do. Removed items are left out without a word, as documented."""
    run = cjm("import", "google-ads", EXPORT)
    assert run.exit_code == 0, run.stderr
    assert kept_out(run) == [
        "2:4: 'Networks': 2 rows hold it, the first is this one",
        "2:5: 'Budget': 2 rows hold it, the first is this one",
        "2:6: 'Budget type': 2 rows hold it, the first is this one",
        "2:7: 'Languages': this row holds it",
        "2:8: 'Bid Strategy Type': this row holds it",
        "3:35: 'Location': this row holds it",
        "4:36: 'Keyword': 2 rows hold it, the first is this one",
        "5:10: 'Max CPC': 3 rows hold it, the first is this one",
        "5:11: 'Ad Group Type': 2 rows hold it, the first is this one",
        "6:37: 'First page bid': 8 rows hold it, the first is this one",
        "9:16: 'Headline 4': this row holds it",
        "9:17: 'Headline 5': this row holds it",
        "9:32: 'Path 1': this row holds it",
    ]
    assert "hint: negative keywords are not kept: a map lists what a group targets" in run.stderr
    assert "hint: cjm keeps the first 3 headlines of an ad as its title (H1 | H2 | H3)" in run.stderr


def test_sitelinks_negatives_and_fifteen_headlines_are_one_warning_per_column(cjm: Callable[..., Run]) -> None:
    """editor-assets.csv: campaign sitelinks (`Link Text`, `Description Line 1`, `Description Line 2`, `Final
    URL`), two negative keywords, and two responsive search ads of 15 headlines and 4 descriptions each."""
    run = cjm("import", "google-ads", GOOGLE / "editor-assets.csv")
    data = imported(run)
    [ad, _] = groups(data)["Видеонаблюдение для дома"]["ads"]
    assert ad["title"] == "Видеонаблюдение для дома | Монтаж за 1 день | Гарантия 3 года"
    both = "2 rows hold it, the first is this one"
    assert kept_out(run) == [
        f"3:4: 'Final URL': {both}",
        f"3:26: 'Link Text': {both}",
        f"3:27: 'Description Line 1': {both}",
        f"3:28: 'Description Line 2': {both}",
        f"7:25: 'Keyword': {both}",
        *(f"9:{n + 4}: 'Headline {n}': {both}" for n in range(4, 16)),
        f"9:22: 'Description 3': {both}",
        f"9:23: 'Description 4': {both}",
    ]
    assert "hint: sitelinks, callouts and other assets are not kept" in run.stderr


def test_the_same_export_as_xlsx_warns_at_the_same_rows_and_columns(cjm: Callable[..., Run], tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows_of_export():
        sheet.append(row)
    book.save(tmp_path / "export.xlsx")
    workbook = cjm("import", "google-ads", tmp_path / "export.xlsx")
    assert workbook.exit_code == 0, workbook.stderr
    assert kept_out(workbook) == kept_out(cjm("import", "google-ads", EXPORT))
    assert workbook.stdout == cjm("import", "google-ads", EXPORT).stdout
