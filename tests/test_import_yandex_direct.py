"""`cjm import yandex-direct`: Direct Commander's CSV export, as "File format and field population rules"
(https://yandex.ru/support/direct-commander-new/advanced/file-format.html) specifies it: UTF-8, tabs, Russian
headers, `-` rows for keywords and `+` rows for additional ads."""

from __future__ import annotations

import csv
import io
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
