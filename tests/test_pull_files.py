"""`cjm pull csv|google-ads|yandex-direct FILE`: KPI values from an analytics export, costs from an ad report,
into the map's KPIs and campaigns (fixtures in tests/fixtures/pull/kpis and ads)."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjm_cli.api import check_file
from cjm_cli.importers.pull.numbers import number
from conftest import EXAMPLES, ROOT, Run

FIXTURES = ROOT / "tests" / "fixtures" / "pull"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    shutil.copyfile(EXAMPLES / "sales-system.yaml", path)
    return path


def kpis(path: Path) -> dict[str, tuple[float | None, float | None, str | None, str | None]]:
    m = check_file(str(path)).journey_map
    assert m is not None and m.journey is not None
    return {
        k.id: (k.actual, k.target, k.period, k.pulled.period if k.pulled else None)
        for s in m.journey.stages
        for k in s.kpis
        if k.id
    }


def test_kpi_values_come_from_a_ga4_export_with_its_period(cjm: Callable[..., Run], shop: Path) -> None:
    before = shop.read_text(encoding="utf-8")
    run = cjm("pull", "csv", FIXTURES / "kpis" / "ga4.csv", "--into", shop)
    assert run.exit_code == 0, run.stderr
    found = kpis(shop)
    assert found["leads_total"] == (1310, 1300, "2026-Q3", "2026-Q3")  # the dates of the export's comment lines
    assert found["crm_share"] == (93.5, 95, "2026-Q3", "2026-Q3")
    assert found["first_response"] == (28, 15, "2026-Q3", "2026-Q3")
    assert found["lead_to_deal"] == (33, 40, None, None)  # not in the file: as it was
    assert "ga4.csv:14:1: warning pull-no-place the map has no KPI with the id no_such_kpi" in run.stderr
    after = shop.read_text(encoding="utf-8")
    assert '        - {id: lead_to_deal, name: Конверсия лида в сделку, target: 40, actual: 33, unit: "%"}' in after
    assert (
        "        - {id: leads_total, name: Лиды, target: 1300, actual: 1310, period: 2026-Q3, "
        "pulled: {source: csv, period: 2026-Q3, date: '" in after
    )
    assert len(after.split("\n")) == len(before.split("\n"))


def test_kpi_values_with_russian_headers_decimal_commas_and_a_period_per_row(
    cjm: Callable[..., Run], shop: Path
) -> None:
    run = cjm("pull", "csv", FIXTURES / "kpis" / "metrica.csv", "--into", shop, "--period", "2026-Q3")
    assert run.exit_code == 0, run.stderr
    found = kpis(shop)
    assert found["lead_to_deal"] == (34.2, 40, "2026-Q3", "2026-Q3")
    assert found["repeat_purchases"] == (13.5, 20, "2026", "2026")  # the row's own period wins


def test_a_kpi_file_that_cannot_be_read_is_reported_at_its_row_and_nothing_is_written(
    cjm: Callable[..., Run], shop: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "kpis.csv"
    bad.write_text("kpi,actual\nleads_total,много\n", encoding="utf-8")
    before = shop.read_bytes()
    run = cjm("pull", "csv", bad, "--into", shop)
    assert run.exit_code == 1
    assert f"{bad}:2:2: error number actual of KPI leads_total: 'много' is not a number" in run.stderr
    assert shop.read_bytes() == before
    bad.write_text("name,value\nx,1\n", encoding="utf-8")
    run = cjm("pull", "csv", bad, "--into", shop)
    assert run.exit_code == 1 and "the header row with the columns kpi and actual is missing" in run.stderr


def test_without_into_the_file_is_printed(cjm: Callable[..., Run]) -> None:
    run = cjm("pull", "csv", FIXTURES / "kpis" / "ga4.csv", "-f", "json")
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["period"] == "2026-Q3"
    assert document["kpis"][0] == {"kpi": "leads_total", "actual": 1310.0, "target": 1300.0, "period": None}


def campaigns(path: Path) -> dict[str, Any]:
    m = check_file(str(path)).journey_map
    assert m is not None
    return {
        c.id: (c.cost, c.clicks, c.impressions, c.currency, c.pulled.period if c.pulled else None,
               [(g.id, g.cost, g.clicks, g.impressions) for g in c.groups])
        for c in m.ppc
    }  # fmt: skip


def test_google_ads_costs_fill_the_google_campaigns_and_their_groups(cjm: Callable[..., Run], shop: Path) -> None:
    run = cjm("pull", "google-ads", FIXTURES / "ads" / "google-ads-ad-groups.csv", "--into", shop)
    assert run.exit_code == 0, run.stderr
    found = campaigns(shop)
    assert found["ga_skud"] == (
        3445.75,
        990,
        16240,
        "BYN",
        "2026-Q3",
        [("ga_brand", 1140.5, 380, 4210), ("ga_skud_office", 2305.25, 610, 12030)],
    )
    assert found["yd_video"][0] is None  # another platform's campaign is left alone
    assert "warning pull-no-place the map has no campaign 'Ремаркетинг КМС' of this platform" in run.stderr


def test_yandex_direct_wizard_report_with_russian_numbers(cjm: Callable[..., Run], shop: Path) -> None:
    run = cjm("pull", "yandex-direct", FIXTURES / "ads" / "yandex-direct-wizard.tsv", "--into", shop)
    assert run.exit_code == 0, run.stderr
    cost, clicks, impressions, currency, period, groups = campaigns(shop)["yd_video"]
    assert (cost, clicks, impressions, currency, period) == (3888.0, 1677, 58500, "BYN", "2026-Q3")
    assert groups[2] == ("yd_video_price", 702.6, 312, 9800)


def test_a_report_in_another_currency_than_the_campaign_keeps_its_cost(cjm: Callable[..., Run], shop: Path) -> None:
    google = "    platform: Google Ads\n"
    text = shop.read_text(encoding="utf-8").replace(google, google + "    currency: USD\n")
    shop.write_text(text, encoding="utf-8")
    run = cjm("pull", "google-ads", FIXTURES / "ads" / "google-ads-ad-groups.csv", "--into", shop)
    assert run.exit_code == 0, run.stderr
    assert "the report's costs are in BYN, the campaign's in USD; its cost stays as it was" in run.stderr
    assert campaigns(shop)["ga_skud"][:3] == (None, 990, 16240)


def test_files_are_named_and_check_is_for_the_portal(cjm: Callable[..., Run], shop: Path) -> None:
    assert cjm("pull", "csv").exit_code == 2
    run = cjm("pull", "csv", FIXTURES / "kpis" / "ga4.csv", "--check", shop)
    assert (run.exit_code, "--check compares a map with a Bitrix24 portal" in run.stderr) == (2, True)


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False), st.booleans())
def test_numbers_read_back_as_either_language_writes_them(value: object, russian: bool) -> None:
    whole, _, fraction = f"{value:.2f}".partition(".")
    grouped = f"{int(whole):,}"
    written = grouped.replace(",", "\u00a0") + "," + fraction if russian else grouped + "." + fraction
    assert number(written, decimal_comma=russian) == pytest.approx(float(f"{value:.2f}"))


@given(st.text(max_size=20))
def test_any_cell_is_a_number_none_or_a_clear_value_error(text: str) -> None:
    try:
        number(text, decimal_comma=False)
    except ValueError as error:
        assert "is not a number" in str(error)


def workbook_of(report: Path, delimiter: str, russian: bool, path: Path) -> Path:
    """The XLSX the web interface downloads for the same report: the CSV's rows in a sheet, each cell that is a
    number (as the report's language writes it) stored as a number, the others as text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Отчёт" if russian else "Report"
    with report.open(encoding="utf-8", newline="") as file:
        for row in csv.reader(file, delimiter=delimiter):
            sheet.append([stored(cell, russian) for cell in row])
    book.save(path)
    return path


def stored(cell: str, russian: bool) -> str | float:
    written = cell.replace(" ", "").replace(",", ".") if russian else cell.replace(",", "")
    try:
        return float(written)
    except ValueError:
        return cell


REPORTS = [
    ("google-ads", "google-ads-ad-groups.csv", ",", False),
    ("yandex-direct", "yandex-direct-wizard.tsv", "\t", True),
]


@pytest.mark.parametrize(("kind", "name", "delimiter", "russian"), REPORTS, ids=[kind for kind, *_ in REPORTS])
def test_an_xlsx_report_fills_the_map_as_the_csv_of_the_same_report(
    kind: str, name: str, delimiter: str, russian: bool, cjm: Callable[..., Run], shop: Path, tmp_path: Path
) -> None:
    """Title rows (with the period), Cyrillic headers, the totals row: the same figures, the same map's bytes."""
    from_csv = tmp_path / "from-csv.yaml"
    assert cjm("pull", kind, FIXTURES / "ads" / name, "--into", shop, "-o", from_csv).exit_code == 0
    workbook = workbook_of(FIXTURES / "ads" / name, delimiter, russian, tmp_path / "report.xlsx")
    from_xlsx = tmp_path / "from-xlsx.yaml"
    run = cjm("pull", kind, workbook, "--into", shop, "-o", from_xlsx)
    assert run.exit_code == 0, run.stderr
    assert campaigns(from_xlsx) == campaigns(from_csv)
    assert from_xlsx.read_bytes() == from_csv.read_bytes()
    assert ("pull-no-place" in run.stderr) == (kind == "google-ads")  # `Ремаркетинг КМС`, at its row and column
    if kind == "google-ads":
        assert f"{workbook}:6:2: warning pull-no-place the map has no campaign 'Ремаркетинг КМС'" in run.stderr


def test_a_number_in_an_xlsx_report_that_is_no_number_is_at_its_row_and_column(
    cjm: Callable[..., Run], shop: Path, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Кампания", "Группа", "Показы", "Клики", "Расход, руб."])
    sheet.append(["Поиск: видеонаблюдение", "Цены на установку", 9800, "много", 702.6])
    book.save(tmp_path / "report.xlsx")
    before = shop.read_bytes()
    run = cjm("pull", "yandex-direct", tmp_path / "report.xlsx", "--into", shop)
    assert run.exit_code == 1
    assert f"{tmp_path / 'report.xlsx'}:2:4: error number clicks of 'Поиск: видеонаблюдение'" in run.stderr
    assert shop.read_bytes() == before


def test_an_xls_report_is_refused_with_what_to_do(cjm: Callable[..., Run], shop: Path, tmp_path: Path) -> None:
    """Excel 97-2003's compound document: its signature, then what Excel writes (no reader of it is kept here)."""
    xls = tmp_path / "report.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Кампания".encode("utf-16-le"))
    before = shop.read_bytes()
    run = cjm("pull", "yandex-direct", xls, "--into", shop)
    assert run.exit_code == 1
    assert f"{xls}:1:1: error xls the file is an XLS workbook (Excel 97-2003), which cjm does not read" in run.stderr
    assert "save it as XLSX" in run.stderr
    assert "Traceback" not in run.stderr
    assert shop.read_bytes() == before
