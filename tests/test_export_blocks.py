"""`cjm export csv|markdown|json` of every block a map can have: a sales-system map without a journey grid
exports its channels, funnels, automations, pages and campaigns; CSV one table a file (`--block`), Markdown
every table under its heading, JSON the whole map. What each table holds is read back from the file written
and compared with the map itself."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_cli.api import check_file
from cjm_cli.core.model import JourneyMap
from cjm_cli.core.text import spreadsheet_cell
from cjm_cli.exporters import EXPORT_BLOCKS
from cjm_cli.views.blocks import BLOCKS
from cjm_cli.views.words import words
from conftest import EXAMPLES, Run

BLOCK_NAMES = ["channels", "funnels", "automations", "pages", "campaigns"]


@pytest.fixture
def sales_only(tmp_path: Path) -> Path:
    """The bundled sales system without its journey grid (and the pages' links to its stages)."""
    data = yaml.safe_load((EXAMPLES / "sales-system.yaml").read_text(encoding="utf-8"))
    del data["journey"]
    for page in data["site"]["pages"]:
        page.pop("stages", None)
    path = tmp_path / "продажи.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert check_file(str(path)).ok
    return path


def the_map(path: Path) -> JourneyMap:
    journey_map = check_file(str(path)).journey_map
    assert journey_map is not None
    return journey_map


def rows_of(run: Run) -> list[list[str]]:
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("\ufeff")
    return list(csv.reader(io.StringIO(run.stdout.removeprefix("\ufeff"), newline="")))


def expected_rows(m: JourneyMap, block: str) -> list[str]:
    """The first cell of each row the block's table must have: one row per item of the map, in its order."""
    if block == "channels":
        return [c.name for c in m.channels]
    if block == "funnels":
        leads = [words(m.lang).leads] * len(m.leads.stages) if m.leads else []
        return leads + [p.name for p in m.deals for _ in p.stages]
    if block == "automations":
        return [p.name for p in m.deals for s in p.stages for _ in s.automations]
    if block == "pages":
        return [p.title for p in m.site.pages] if m.site else []
    return [c.name for c in m.ppc for _ in range(max(1, len(c.groups)))]


def test_the_blocks_of_the_command_line_are_the_views_tables() -> None:
    assert [c.name for c in EXPORT_BLOCKS] == ["journey", *BLOCKS]
    assert list(BLOCKS) == BLOCK_NAMES


@pytest.mark.parametrize("block", BLOCK_NAMES)
def test_csv_of_each_block_of_a_map_without_a_grid(block: str, sales_only: Path, cjm: Callable[..., Run]) -> None:
    m = the_map(sales_only)
    rows = rows_of(cjm("export", "csv", sales_only, "--block", block))
    header, body = rows[0], rows[1:]
    assert len(set(header)) == len(header) and all(header)
    assert all(len(row) == len(header) for row in body)
    assert [row[0] for row in body] == [spreadsheet_cell(x) for x in expected_rows(m, block)]
    for column in range(len(header)):  # no column is left empty
        assert any(row[column] for row in body), header[column]


def test_csv_rows_hold_what_the_map_says(sales_only: Path, cjm: Callable[..., Run]) -> None:
    m = the_map(sales_only)
    automations = [
        dict(zip(r[0], row, strict=True))
        for r in [rows_of(cjm("export", "csv", sales_only, "--block", "automations"))]
        for row in r[1:]
    ]
    written = [(p, s, a) for p in m.deals for s in p.stages for a in s.automations]
    assert [(row["Стадия"], row["Что"]) for row in automations] == [(s.name, a.text or "") for _, s, a in written]
    rows = rows_of(cjm("export", "csv", sales_only, "--block", "funnels"))
    counts = [row[rows[0].index("Кол-во")] for row in rows[1:]]
    stages = [s.count for s in (m.leads.stages if m.leads else [])] + [s.count for p in m.deals for s in p.stages]
    assert counts == [str(c) if c is not None else "" for c in stages]  # numbers a spreadsheet reads
    pages = rows_of(cjm("export", "csv", sales_only, "--block", "pages"))
    campaigns = {row[0]: row[pages[0].index("Кампании")] for row in pages[1:]}
    assert campaigns["Блог: инструкции и видеоуроки"] == "не рекламируется"
    assert "Поиск: видеонаблюдение › Цены на установку" in campaigns["Цены и калькулятор"].split("\n")


def test_csv_without_block_writes_the_grid_or_asks_for_a_block(sales_only: Path, cjm: Callable[..., Run]) -> None:
    grid = rows_of(cjm("export", "csv", EXAMPLES / "sales-system.yaml"))
    assert grid[0][0] == "Этап"
    assert grid == rows_of(cjm("export", "csv", EXAMPLES / "sales-system.yaml", "--block", "journey"))
    run = cjm("export", "csv", sales_only)
    assert (run.exit_code, run.stdout) == (1, "")
    assert "error no-journey the map has no journey grid" in run.stderr
    assert "--block channels, funnels, automations, pages or campaigns" in run.stderr


def test_a_block_the_map_does_not_have(sales_only: Path, cjm: Callable[..., Run]) -> None:
    run = cjm("export", "markdown", sales_only, "--block", "journey,pages")
    assert run.exit_code == 1 and run.stdout == ""
    assert "error no-journey" in run.stderr
    run = cjm("export", "csv", EXAMPLES / "b2c-running-shoes.yaml", "--block", "automations")
    assert run.exit_code == 1 and run.stdout == ""
    assert "error no-block the map has no automations to export" in run.stderr
    assert "it has: journey" in run.stderr


def test_block_usage_errors(cjm: Callable[..., Run]) -> None:
    sales = EXAMPLES / "sales-system.yaml"
    run = cjm("export", "csv", sales, "--block", "pages,campaigns")
    assert run.exit_code == 2 and "a CSV file holds one table" in run.stderr
    for kind in ("json", "mermaid"):
        assert cjm("export", kind, sales, "--block", "pages").exit_code == 2
    run = cjm("export", "markdown", sales, "--block", "pagez")
    assert run.exit_code == 2 and "unknown pagez" in run.stderr


def test_markdown_of_a_map_without_a_grid_has_every_table(sales_only: Path, cjm: Callable[..., Run]) -> None:
    m = the_map(sales_only)
    run = cjm("export", "markdown", sales_only)
    assert run.exit_code == 0, run.stderr
    w = words(m.lang)
    headings = [line for line in run.stdout.splitlines() if line.startswith("## ")]
    assert headings == [f"## {t}" for t in (w.channels, w.funnels, w.automations, w.pages, w.ppc)]
    for text in (
        *(c.name for c in m.channels),
        *(a.text for p in m.deals for s in p.stages for a in s.automations if a.text),
        *(page.title for page in (m.site.pages if m.site else [])),
        *(g.name for c in m.ppc for g in c.groups),
        *(k for c in m.ppc for g in c.groups for k in g.keywords),
    ):
        assert text.replace("|", "\\|") in run.stdout.replace("\\«", "«")
    only = cjm("export", "markdown", sales_only, "--block", "pages")
    assert only.stdout.count("## ") == 0 and only.stdout.startswith("| Страница |")


def test_markdown_of_a_map_with_a_grid_and_blocks(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    text = cjm("export", "markdown", EXAMPLES / "sales-system.yaml").stdout
    assert text.startswith("## Путь клиента\n\n| Этап |")
    assert "\n## Автоматизации\n\n| Воронка | Стадия |" in text
    b2c = cjm("export", "markdown", EXAMPLES / "b2c-running-shoes.yaml").stdout
    assert [line for line in b2c.splitlines() if line.startswith("## ")] == ["## Journey", "## Channels"]
    assert "| Channel | Kind |\n" in b2c  # without a CRM's funnels in the map, nothing about the CRM
    grid_only = write_map("cjm: 1\ntitle: T\njourney: {stages: [{id: a, name: A, actions: [x]}]}\n")
    assert cjm("export", "markdown", grid_only).stdout == "| Stage | A |\n| --- | --- |\n| Actions | x |\n"


@pytest.mark.parametrize("name", ["sales-system", "b2c-running-shoes", "b2b-blueprint"])
def test_json_holds_every_block(name: str, cjm: Callable[..., Run], sales_only: Path) -> None:
    for path in (EXAMPLES / f"{name}.yaml", sales_only):
        m = the_map(path)
        data = json.loads(cjm("export", "json", path).stdout)
        # every block, and no `include`: the checked map holds its shared definitions
        assert set(data) == {k for k, v in m.model_dump(exclude_none=True).items()} - {"include"}
        assert JourneyMap.model_validate(data) == m


TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXTS.filter(lambda t: t.strip() == t), text=TEXTS.filter(lambda t: t.strip() == t))
def test_csv_keeps_any_text_as_written(name: str, text: str, cjm: Callable[..., Run], tmp_path: Path) -> None:
    data = {
        "cjm": 1,
        "title": "t",
        "deals": [
            {
                "id": "p",
                "name": name,
                "stages": [{"id": "s", "name": "S", "automations": [{"action": "email", "text": text}]}],
            }
        ],
    }
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    if not check_file(str(path)).ok:  # a text the format refuses is no export's business
        return
    rows = rows_of(cjm("export", "csv", path, "--block", "automations"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Funnel"] == spreadsheet_cell(name)
    assert row["What"] == spreadsheet_cell(text)
