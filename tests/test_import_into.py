"""`cjm import KIND FILE --into map.yaml`: the imported blocks are replaced or filled, every other line of the
map stays byte for byte (comments, blank lines, quoting, line endings), and a map that would not be valid is
never written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cjm_cli.api import check_file
from cjm_cli.exporters.run import export_file
from conftest import EXAMPLES, ROOT, Run, copy_example

FIXTURES = ROOT / "tests" / "fixtures" / "import"
GOOGLE = FIXTURES / "google-ads" / "editor-export.csv"
STATUSES = FIXTURES / "bitrix24" / "statuses.json"


def example(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    return copy_example(name, path)


def line_index(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines) if line.rstrip("\r") == text)


def test_google_ads_replaces_its_campaigns_and_keeps_the_rest_of_the_file(
    cjm: Callable[..., Run], tmp_path: Path
) -> None:
    path = example(tmp_path, "sales-system.yaml")
    before = path.read_text(encoding="utf-8").split("\n")
    run = cjm("import", "google-ads", GOOGLE, "--into", path)
    assert run.exit_code == 0, run.stderr
    after = path.read_text(encoding="utf-8").split("\n")
    last_page = line_index(before, "      deal_stages: [product_a.WON]")
    google = line_index(before, "  - id: ga_skud")
    # Everything down to the last page, byte for byte; then the one new page, added to `site.pages`.
    assert after[: last_page + 1] == before[: last_page + 1]
    assert after[last_page + 1 : last_page + 4] == [
        "    - id: turnikety_strazh_tech_by",
        "      title: turnikety.strazh-tech.by/",
        "      url: https://turnikety.strazh-tech.by/",
    ]
    # The comments between the blocks and the Yandex Direct campaign, byte for byte.
    kept = before[last_page + 1 : google]
    assert after[last_page + 4 : last_page + 4 + len(kept)] == kept
    assert (
        "# Контекстная реклама: запросы -> объявления -> группы -> кампании, у группы своя посадочная страница." in kept
    )
    # The Google Ads campaign is the import's, under the id the map gave it, landing on the map's pages.
    rest = "\n".join(after[last_page + 4 + len(kept) :])
    assert rest.startswith("  - id: ga_skud\n    name: 'Поиск: СКУД и бренд'\n")
    assert "        landing: page_b\n" in rest and "landing: turnikety_strazh_tech_by" in rest
    assert "  - id: kms_remarketing" in rest
    *warnings, summary = run.stderr.splitlines()
    assert summary == (
        f"wrote {path}: replaced 1 campaign(s) of the platform in `ppc` with 2; added 1 page(s) to `site`; "
        f"read {GOOGLE} (UTF-16 LE with a byte-order mark)"
    )
    assert all(" warning not-kept " in line or line.startswith("    hint: ") for line in warnings)  # budgets, bids...
    assert check_file(str(path)).ok


def test_importing_the_same_file_again_changes_nothing(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = example(tmp_path, "sales-system.yaml")
    for kind, source in (("google-ads", GOOGLE), ("bitrix24", STATUSES)):
        assert cjm("import", kind, source, "--into", path).exit_code == 0
        once = path.read_bytes()
        assert cjm("import", kind, source, "--into", path).exit_code == 0
        assert path.read_bytes() == once


def test_bitrix24_refreshes_stages_and_keeps_the_maps_figures(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = example(tmp_path, "sales-system.yaml")
    before = path.read_text(encoding="utf-8").split("\n")
    assert cjm("import", "bitrix24", STATUSES, "--into", path).exit_code == 0
    after = path.read_text(encoding="utf-8").split("\n")
    # Up to the last channel nothing changes; the sources the map has no channel for are added after it.
    last_channel = line_index(
        before,
        "    description: Госзакупки на СКУД для школ и поликлиник; ведёт один менеджер, сделку создаёт вручную.",
    )
    assert after[: last_channel + 1] == before[: last_channel + 1]
    added = after[
        last_channel + 1 : after.index(
            "# Лиды не делятся по воронкам. Задача менеджера: целевой ли лид, какой продукт нужен, перевести в сделку."
        )
    ]
    assert [line for line in added if line.startswith("  - id:")] == [
        "  - id: CALL",
        "  - id: WEB",
        "  - id: WEBFORM",
        "  - id: CALLBACK",
        "  - id: 5_TELEGRAM",
        "  - id: 5_VIBER",
        "  - id: '375291112233'",
        "  - id: OTHER",
    ]  # EMAIL is the map's `email`, the live chat and deal.by are there under their names
    # The site and the campaigns, after the deals, are untouched.
    site = line_index(before, "site:")
    assert after[line_index(after, "site:") - 3 :] == before[site - 3 :]
    journey_map = check_file(str(path)).journey_map
    assert journey_map is not None and journey_map.leads is not None
    assert journey_map.leads.period == "I квартал"
    assert [(s.id, s.count) for s in journey_map.leads.stages] == [
        ("NEW", 1240),
        ("IN_PROCESS", 1010),
        ("PROCESSED", 640),
        ("UC_3XK9ZT", None),
        ("CONVERTED", 410),
        ("JUNK", 380),
    ]
    product_a, product_b = journey_map.deals
    assert (product_a.id, product_a.name, product_a.currency, product_a.cross_sell) == (
        "product_a",
        "Продукт А: комплекты видеонаблюдения",
        "BYN",
        ["product_b"],
    )
    won = next(s for s in product_a.stages if s.id == "WON")
    assert (won.count, won.amount, won.automations[0].page) == (131, 235800, "tips_a")
    assert [s.id for s in product_a.stages][-1] == "APOLOGY"
    assert "C1:UC_8HZNDK" in [s.id for s in product_b.stages]
    assert product_b.stages[0].automations[0].text == "Позвонить клиенту и назначить выезд инженера на объект"


def test_mermaid_refreshes_actions_and_emotions_and_keeps_the_other_lanes(
    cjm: Callable[..., Run], tmp_path: Path
) -> None:
    path = example(tmp_path, "b2c-running-shoes.yaml")
    original = check_file(str(path)).journey_map
    diagram = export_file("mermaid", str(path)).text
    assert diagram is not None and original is not None and original.journey is not None
    diagram = diagram.replace(
        "    section Loyalty\n", "    section Loyalty\n        Shares a training plan: 5: Coach Olga\n"
    )
    source = tmp_path / "journey.mmd"
    source.write_text(diagram, encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    run = cjm("import", "mermaid", source, "--into", path)
    assert run.exit_code == 0, run.stderr
    updated = check_file(str(path)).journey_map
    assert updated is not None and updated.journey is not None
    # Stages and lanes the diagram cannot hold are as they were; only the new action and persona are added.
    for old, new in zip(original.journey.stages, updated.journey.stages, strict=True):
        assert new.model_copy(update={"actions": old.actions, "emotions": old.emotions}) == old
        assert [a.text for a in new.actions if a.text != "Shares a training plan"] == [a.text for a in old.actions]
    loyalty = updated.journey.stages[-1]
    assert loyalty.emotions == {**original.journey.stages[-1].emotions, "coach_olga": 2}
    assert [p.id for p in updated.personas] == ["beginner", "marathoner", "coach_olga"]
    # Above the journey (its last block) the file is as written, but for the new persona, added to `personas`.
    after = path.read_text(encoding="utf-8")
    added = "  - id: coach_olga\n    name: Coach Olga\n"
    head, old_head = after[: after.index("\njourney:")], before[: before.index("\njourney:")]
    assert head.replace(added, "", 1) == old_head
    assert head.index(added) < head.index("departments:")


def test_missing_blocks_are_added_at_the_end(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map("cjm: 1\ntitle: Карта продаж  # без блоков\nlang: ru\n\n# конец файла\n")
    before = path.read_text(encoding="utf-8")
    assert cjm("import", "bitrix24", STATUSES, "--into", path).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before + "\nchannels:\n  - id: CALL\n")
    assert after.index("\nchannels:\n") < after.index("\nleads:\n") < after.index("\ndeals:\n")  # the format's order
    assert check_file(str(path)).ok


def test_a_list_in_flow_style_is_written_again_in_block_style(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_map(
        """\
        cjm: 1
        title: Путь  # заголовок
        personas: [{id: anna, name: Анна}]   # одна персона
        # дальше сетка
        journey:
          stages:
            - {id: poisk, name: Поиск, emotions: {anna: 0}}
        """
    )
    source = tmp_path / "journey.mmd"
    source.write_text("journey\n  section Поиск\n    Ищет: 4: Анна, Марк\n", encoding="utf-8")
    assert cjm("import", "mermaid", source, "--into", path).exit_code == 0
    assert path.read_text(encoding="utf-8") == (
        "cjm: 1\n"
        "title: Путь  # заголовок\n"
        "personas:\n"
        "  - id: anna\n"
        "    name: Анна\n"
        "  - id: mark\n"
        "    name: Марк\n"
        "# дальше сетка\n"
        "journey:\n"
        "  stages:\n"
        "    - id: poisk\n"
        "      name: Поиск\n"
        "      actions:\n"
        "        - Ищет\n"
        "      emotions:\n"
        "        anna: 1\n"
        "        mark: 1\n"
    )


def test_crlf_line_endings_and_a_byte_order_mark_are_kept(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    original = b"\xef\xbb\xbf" + (EXAMPLES / "sales-system.yaml").read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(original)
    assert cjm("import", "google-ads", GOOGLE, "--into", path).exit_code == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf# yaml-language-server")
    assert after.count(b"\n") == after.count(b"\r\n")
    head = original[: original.index(b"      deal_stages: [product_a.WON]")]
    assert after.startswith(head)


def test_a_map_with_problems_is_not_touched(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map("cjm: 1\ntitle: Карта\nstagez: []\n")
    before = path.read_bytes()
    run = cjm("import", "bitrix24", STATUSES, "--into", path)
    assert run.exit_code == 1
    assert path.read_bytes() == before
    assert f"{path}:1:1: error into the map has problems; fix them before importing into it" in run.stderr
    assert f"{path}:3:1: error unknown-key unknown key 'stagez'" in run.stderr


def test_a_result_that_would_not_be_valid_is_not_written(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = example(tmp_path, "sales-system.yaml")
    before = path.read_bytes()
    source = tmp_path / "journey.mmd"
    source.write_text("journey\n  section Обращение\n    Пишет в Telegram: 4: Анна\n", encoding="utf-8")
    run = cjm("import", "mermaid", source, "--into", path)
    assert run.exit_code == 1
    assert path.read_bytes() == before
    assert f"{path}:1:1: error into the map would not be valid after the import; nothing was written" in run.stderr
    assert "error unknown-ref unknown journey stage 'qualification'" in run.stderr  # the stage the diagram lacks


def test_into_with_output_writes_elsewhere(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = example(tmp_path, "sales-system.yaml")
    out = tmp_path / "merged.yaml"
    assert cjm("import", "bitrix24", STATUSES, "--into", path, "-o", out).exit_code == 0
    assert path.read_bytes() == (EXAMPLES / "sales-system.yaml").read_bytes()
    assert check_file(str(out)).ok
    assert "APOLOGY" in out.read_text(encoding="utf-8")


def test_campaigns_of_a_platform_the_map_has_none_of_are_added(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    path = write_map(
        """\
        cjm: 1
        title: Реклама
        site:
          url: https://www.strazh-tech.by
          pages:
            - {id: skud_page, title: СКУД, url: /skud}
        ppc:
          - id: yd
            name: Поиск
            platform: Яндекс Директ
            groups:
              - {id: yd_skud, name: СКУД, landing: skud_page}
        """
    )
    before = path.read_text(encoding="utf-8")
    assert cjm("import", "google-ads", GOOGLE, "--into", path).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before[: before.index("ppc:")].rstrip("\n"))
    assert "        landing: skud_page\n" in after  # https://strazh-tech.by/skud/ is the map's page `/skud`
    assert after.index("  - id: yd\n") < after.index("  - id: poisk_skud_i_brend\n")
    assert check_file(str(path)).ok


def test_a_map_only_the_reference_parser_reads_is_filled_too(cjm: Callable[..., Run], tmp_path: Path) -> None:
    """A tab inside a block text, past its indentation, is text to YAML 1.2 and to cjm, but libyaml refuses it:
    the import reads the map's text as the check read it, not through libyaml alone."""
    path = tmp_path / "shop.yaml"
    path.write_text("cjm: 1\ntitle: Shop\ndescription: |\n  \tTabbed line\n", encoding="utf-8")
    assert check_file(str(path)).ok
    run = cjm("import", "bitrix24", STATUSES, "--into", path)
    assert run.exit_code == 0, run.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith("cjm: 1\ntitle: Shop\ndescription: |\n  \tTabbed line\n")
    assert check_file(str(path)).ok and "leads:" in text
