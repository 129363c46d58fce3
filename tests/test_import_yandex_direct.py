"""`cjm import yandex-direct`: Direct Commander's CSV export, as "File format and field population rules"
(https://yandex.ru/support/direct-commander-new/advanced/file-format.html) specifies it: UTF-8, tabs, Russian
headers, `-` rows for keywords and `+` rows for additional ads."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from conftest import ROOT, Run

DIRECT = ROOT / "tests" / "fixtures" / "import" / "yandex-direct"
EXPORT = DIRECT / "commander-export.csv"


def imported(run: Run) -> Any:
    assert run.exit_code == 0, run.stderr
    return yaml.safe_load(run.stdout)


def groups(data: Any) -> dict[str, Any]:
    return {group["name"]: group for campaign in data["ppc"] for group in campaign["groups"]}


def write_rows(tmp_path: Path, rows: list[list[str]], name: str = "direct.csv") -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_campaigns_and_groups(cjm: Callable[..., Run]) -> None:
    data = imported(cjm("import", "yandex-direct", EXPORT))
    assert [(c["name"], c["platform"], [g["name"] for g in c["groups"]]) for c in data["ppc"]] == [
        (
            "Видеонаблюдение — поиск",
            "Яндекс Директ",
            ["Видеонаблюдение для дома и дачи", "Видеонаблюдение для бизнеса"],
        ),
        ("СКУД — поиск", "Яндекс Директ", ["Системы контроля доступа"]),
    ]


def test_phrases_as_written_and_rows_that_continue_a_group(cjm: Callable[..., Run]) -> None:
    by_name = groups(imported(cjm("import", "yandex-direct", EXPORT)))
    assert by_name["Видеонаблюдение для дома и дачи"]["keywords"] == [
        "комплект видеонаблюдения для дома -своими -руками",
        "камеры видеонаблюдения на дачу",
        '"видеонаблюдение с телефона"',  # a row with the group's columns left empty: the same group
    ]
    # `---autotargeting` is Commander's autotargeting, not a phrase.
    assert by_name["Видеонаблюдение для бизнеса"]["keywords"] == [
        "!видеонаблюдение для магазина",
        "установка видеонаблюдения в офисе -вакансии",
    ]


def test_main_ads_once_and_additional_ads(cjm: Callable[..., Run]) -> None:
    by_name = groups(imported(cjm("import", "yandex-direct", EXPORT)))
    assert by_name["Видеонаблюдение для дома и дачи"]["ads"] == [
        {
            "title": "Комплекты видеонаблюдения в Минске — Монтаж за 1 день",
            "text": "Готовые комплекты с монтажом за 1 день. Просмотр с телефона. Гарантия 3 года.",
        },
        {
            "title": "Видеонаблюдение на дачу под ключ",  # the `+` row
            "text": "Камеры с ночной съёмкой и записью в облако. Выезд инженера бесплатно.",
        },
    ]
    assert len(by_name["Видеонаблюдение для бизнеса"]["ads"]) == 1  # repeated on every keyword row, kept once


def test_links_become_pages_without_their_utm_tags(cjm: Callable[..., Run]) -> None:
    data = imported(cjm("import", "yandex-direct", EXPORT))
    assert [(p["id"], p["url"]) for p in data["site"]["pages"]] == [
        ("videonablyudenie", "/videonablyudenie/"),
        ("videonablyudenie_biznes", "/videonablyudenie/biznes/"),
        ("skud", "/skud/"),
        ("turnikety_strazh_tech_by", "https://turnikety.strazh-tech.by/"),
    ]
    access = groups(data)["Системы контроля доступа"]
    assert access["landing"] == "skud"
    assert access["ads"][1]["landing"] == "turnikety_strazh_tech_by"


def test_a_file_with_a_few_columns_and_no_campaign(cjm: Callable[..., Run]) -> None:
    data = imported(cjm("import", "yandex-direct", DIRECT / "few-columns.tsv"))
    assert data["ppc"][0]["name"] == "few-columns"  # named after the file
    assert data["ppc"][0]["groups"][0]["keywords"] == ["ремонт кроссовок минск", "заменить подошву кроссовок"]
    assert data["site"] == {
        "url": "https://pacelab.by",
        "pages": [{"id": "remont", "title": "pacelab.by/remont", "url": "/remont"}],
    }


def test_campaigns_known_only_by_their_number(cjm: Callable[..., Run], tmp_path: Path) -> None:
    rows = [
        ["№ заказа", "Название группы", "Фраза (с минус-словами)"],
        ["51234567", "Бренд", "стражтех"],
        ["51234599", "Бренд", "strazh tech"],
    ]
    data = imported(cjm("import", "yandex-direct", write_rows(tmp_path, rows)))
    assert [c["name"] for c in data["ppc"]] == ["Кампания 51234567", "Кампания 51234599"]


def test_a_marker_other_than_plus_or_minus(cjm: Callable[..., Run], tmp_path: Path) -> None:
    rows = [["Доп. объявление группы", "Название группы", "Фраза (с минус-словами)"], ["да", "Бренд", "стражтех"]]
    run = cjm("import", "yandex-direct", write_rows(tmp_path, rows))
    assert imported(run)["ppc"][0]["groups"][0]["keywords"] == ["стражтех"]
    assert f"{tmp_path / 'direct.csv'}:2:1: warning value 'да' is neither '-' nor '+'" in run.stderr


def test_the_group_column_is_required(cjm: Callable[..., Run], tmp_path: Path) -> None:
    rows = [["Кампания", "Фраза", "Заголовок 1"], ["Поиск", "стражтех", "СтражТех"]]
    run = cjm("import", "yandex-direct", write_rows(tmp_path, rows))
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        f"{tmp_path / 'direct.csv'}:1:1: error columns the header row with the columns 'Название группы' and "
        "'Фраза (с минус-словами)' is missing",
        "    hint: the first row holds: Кампания, Фраза, Заголовок 1",
    ]


def test_neither_phrases_nor_ads(cjm: Callable[..., Run], tmp_path: Path) -> None:
    run = cjm("import", "yandex-direct", write_rows(tmp_path, [["Название группы", "Регион"], ["Бренд", "Минск"]]))
    assert run.exit_code == 1
    assert "error columns the export has neither keywords ('Фраза (с минус-словами)') nor ads" in run.stderr


def test_a_row_before_any_group(cjm: Callable[..., Run], tmp_path: Path) -> None:
    rows = [["Название группы", "Фраза (с минус-словами)"], ["", "стражтех"], ["Бренд", "strazh"]]
    run = cjm("import", "yandex-direct", write_rows(tmp_path, rows))
    assert run.exit_code == 1
    assert ":2:1: error value a row before any group" in run.stderr


def test_a_windows_1251_file_is_read_and_the_summary_says_so(cjm: Callable[..., Run], tmp_path: Path) -> None:
    # Commander and Excel on a Russian Windows write Windows-1251; it was refused before.
    path = tmp_path / "cp1251.csv"
    path.write_bytes(EXPORT.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    out = tmp_path / "map.yaml"
    run = cjm("import", "yandex-direct", path, "-o", out)
    assert run.exit_code == 0, run.stderr
    assert out.read_text(encoding="utf-8") == cjm("import", "yandex-direct", EXPORT).stdout.replace(
        EXPORT.stem, path.stem
    )
    assert run.stderr.endswith(f"wrote {out}: imported from {path} (Windows-1251)\n")


# --- what the web interface downloads, and what Commander writes (issue 15) ---------------------------------------

TEMPLATE = DIRECT / "direct-template.xlsx"


def test_the_xlsx_template_from_the_web_interface(cjm: Callable[..., Run], tmp_path: Path) -> None:
    # Sheet "Тексты": the campaign's settings above the table (its name on line 2), the header on line 11 with
    # `Заголовок 1`/`Заголовок 2` twice (the ordinary ad, then the combinatorial one with `Текст 1..3`).
    # Refused before as "holds NUL bytes"; a CSV of this layout lost every ad and landing page silently.
    out = tmp_path / "map.yaml"
    run = cjm("import", "yandex-direct", TEMPLATE, "-o", out)
    assert run.exit_code == 0, run.stderr
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    [campaign] = data["ppc"]
    assert (campaign["name"], campaign["network"]) == ("Видеонаблюдение — поиск", "search")
    home, business = campaign["groups"]
    assert home["keywords"] == ['"видеонаблюдение для дома"', "!купить камеру видеонаблюдения -бесплатно"]
    assert home["ads"] == [
        {"title": "Видеонаблюдение для дома — Монтаж за 1 день", "text": "Комплекты из 2–8 камер с гарантией 3 года."}
    ]
    assert business["ads"] == [  # the combinatorial ad: its first two headlines and first text
        {
            "title": "Видеонаблюдение для бизнеса — Проект за 1 день",
            "text": "Камеры для магазина, склада и офиса под ключ.",
        }
    ]
    assert business["landing"] == "videonablyudenie_biznes"
    assert [p["url"] for p in data["site"]["pages"]] == ["/videonablyudenie/dom/", "/videonablyudenie/biznes/"]
    # What the map does not keep, one warning per column at its row and column (A is 1): the combinatorial ad's
    # other headlines and texts, the ad's type, the group's region and bid; the currency above the table in
    # one warning; the sheet `Регионы` beside `Тексты`.
    warnings = [line for line in run.stderr.splitlines() if " warning " in line]
    assert [line.split(" is not")[0] for line in warnings] == [
        f"{TEMPLATE}:1:1: warning not-kept the sheet 'Регионы'",
        f"{TEMPLATE}:5:1: warning not-kept the campaign's settings above the table are not kept in the map: "
        "'Валюта', 'BYN'",
        f"{TEMPLATE}:12:2: warning not-kept 'Тип объявления'",
        f"{TEMPLATE}:12:25: warning not-kept 'Регион'",
        f"{TEMPLATE}:12:26: warning not-kept 'Ставка'",
        f"{TEMPLATE}:14:17: warning not-kept 'Заголовок 3'",
        f"{TEMPLATE}:14:18: warning not-kept 'Заголовок 4'",
        f"{TEMPLATE}:14:23: warning not-kept 'Текст 2'",
    ]
    assert "hint: cjm keeps two headlines of an ad as its title (Заголовок 1 — Заголовок 2)" in run.stderr
    assert run.stderr.splitlines()[-1] == f"wrote {out}: imported from {TEMPLATE} (XLSX)"


def test_an_xls_workbook_is_refused_with_what_to_do(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "campaign.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))  # the start of every Excel 97-2003 file
    run = cjm("import", "yandex-direct", path)
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        f"{path}:1:1: error xls the file is an XLS workbook (Excel 97-2003), which cjm does not read",
        "    hint: save it as XLSX (Excel: File > Save as > Excel Workbook), or download it as XLSX or CSV",
    ]


def test_broken_and_oversized_workbooks_are_problems(cjm: Callable[..., Run], tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(TEMPLATE.read_bytes()[:2000])
    run = cjm("import", "yandex-direct", broken)
    assert run.exit_code == 1
    assert f"{broken}:1:1: error xlsx the workbook cannot be read" in run.stderr
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (65 * 1024 * 1024))
    run = cjm("import", "yandex-direct", bomb)
    assert run.exit_code == 1
    assert f"{bomb}:1:1: error too-large the workbook unpacks to more than 64 MiB" in run.stderr


def test_commanders_phrase_in_quotes_keeps_its_quotes(cjm: Callable[..., Run], tmp_path: Path) -> None:
    # Commander writes the phrase operator unescaped in its tab-separated files; CSV quoting took it away.
    path = tmp_path / "direct.tsv"
    path.write_text(
        'Название группы\tФраза (с минус-словами)\nБренд\t"стражтех"\n'
        'Бренд\t"""strazh tech"""\nБренд\t!стражтех минск\n',
        encoding="utf-8",
    )
    keywords = groups(imported(cjm("import", "yandex-direct", path)))["Бренд"]["keywords"]
    assert keywords == ['"стражтех"', '"strazh tech"', "!стражтех минск"]  # Excel's escaped quotes read as before


def test_what_openpyxl_does_not_read_is_no_warning_of_python_on_the_screen(tmp_path: Path) -> None:
    # Excel writes data validations as an extension openpyxl drops, saying so with a Python warning; a
    # workbook without styles gets another. Neither is about the data: the user sees cjm's problems only.
    path = tmp_path / "campaign.xlsx"
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                extension = (
                    b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.'
                    b'microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0"/></ext></extLst>'
                )
                data = data.replace(b"</worksheet>", extension + b"</worksheet>")
            if item.filename != "xl/styles.xml":
                target.writestr(item, data)
    # The real command, in a process of its own: Python's warnings go to its standard error as they would.
    run = subprocess.run(
        [sys.executable, "-m", "cjm_cli", "import", "yandex-direct", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "UserWarning" not in run.stderr and "not supported" not in run.stderr


def kept_out(run: Run) -> list[str]:
    """The `not-kept` warnings, without the file's name: `line:col: 'header' ... rows ...`."""
    return [
        line.split(":", 1)[1].replace(" warning not-kept ", " ").replace(" is not kept in the map", "")
        for line in run.stderr.splitlines()
        if " warning not-kept " in line
    ]


def test_what_a_commander_export_holds_beyond_the_map_is_a_warning_per_column(cjm: Callable[..., Run]) -> None:
    """The campaign's minus-phrases and currency, Direct's ids, the ad's type and display link, regions, bids and
    statuses; not `Длина`, the length of the text beside it, which follows from the map's texts."""
    run = cjm("import", "yandex-direct", EXPORT)
    assert run.exit_code == 0, run.stderr
    found = kept_out(run)
    assert found[0] == "2:4: 'Минус-фразы на кампанию': 6 rows hold it, the first is this one"
    assert [entry.split("'")[1] for entry in found] == [
        "Минус-фразы на кампанию",
        "Валюта",
        "Тип объявления",
        "ID группы",
        "ID фразы",
        "Отображаемая ссылка",
        "Регион",
        "Ставка",
        "Статус объявления",
        "Статус фразы",
    ]
    assert "hint: Direct's ids are not kept: the map names campaigns, groups and ads by their names" in run.stderr


def test_sitelinks_callouts_and_group_minus_phrases_are_warnings(cjm: Callable[..., Run]) -> None:
    """commander-extensions.csv: Commander's export in Windows-1251 with the sitelinks (`||` between them), the
    callouts (`Уточнения`) and the group's minus-phrases filled in."""
    run = cjm("import", "yandex-direct", DIRECT / "commander-extensions.csv")
    data = imported(run)
    assert groups(data)["Ёлочные турникеты"]["ads"] == [
        {"title": "Турникеты-триподы — Ёмкие цены", "text": "Трипод с считывателем карт. Монтаж за 1 день."}
    ]
    both = "2 rows hold it, the first is this one"
    assert kept_out(run) == [
        f"2:2: 'Тип объявления': {both}",
        f"2:14: 'Заголовки быстрых ссылок': {both}",
        f"2:15: 'Описания быстрых ссылок': {both}",
        f"2:16: 'Адреса быстрых ссылок': {both}",
        "2:17: 'Уточнения': this row holds it",
        f"2:18: 'Минус-фразы на группу': {both}",
    ]
    assert "hint: sitelinks and callouts are not kept" in run.stderr
