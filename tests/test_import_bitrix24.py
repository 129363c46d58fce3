"""`cjm import bitrix24`: the answer of `crm.status.list`
(https://apidocs.bitrix24.com/api-reference/crm/status/crm-status-list.html) as leads, pipelines and channels."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from conftest import ROOT, Run

BITRIX = ROOT / "tests" / "fixtures" / "import" / "bitrix24"


def imported(run: Run) -> Any:
    assert run.exit_code == 0, run.stderr
    return yaml.safe_load(run.stdout)


def write_json(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "statuses.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_lead_statuses_in_the_crms_order_with_their_meaning(cjm: Callable[..., Run]) -> None:
    data = imported(cjm("import", "bitrix24", BITRIX / "statuses.json"))
    assert data["leads"]["stages"] == [
        {"id": "NEW", "name": "Не обработан"},
        {"id": "IN_PROCESS", "name": "В работе"},
        {"id": "PROCESSED", "name": "Обработан"},
        {"id": "UC_3XK9ZT", "name": "Ждёт коммерческое предложение"},  # SORT 35, listed last in the file
        {"id": "CONVERTED", "name": "Качественный лид", "meaning": "success"},
        {"id": "JUNK", "name": "Некачественный лид", "meaning": "failure"},
    ]


def test_one_pipeline_per_category_with_bitrix_stage_ids(cjm: Callable[..., Run]) -> None:
    deals = imported(cjm("import", "bitrix24", BITRIX / "statuses.json"))["deals"]
    assert [(p["id"], p["name"]) for p in deals] == [("pipeline_0", "Общая воронка"), ("pipeline_1", "Воронка 1")]
    general = {s["id"]: s.get("meaning", "progress") for s in deals[0]["stages"]}
    assert general == {
        "NEW": "progress",
        "PREPARATION": "progress",
        "PREPAYMENT_INVOICE": "progress",
        "EXECUTING": "progress",
        "FINAL_INVOICE": "progress",
        "WON": "success",
        "LOSE": "failure",
        "APOLOGY": "failure",  # EXTRA.SEMANTICS "apology": a failure
    }
    assert [s["id"] for s in deals[1]["stages"]] == [
        "C1:NEW",
        "C1:PREPARATION",
        "C1:PREPAYMENT_INVOICE",
        "C1:EXECUTING",
        "C1:UC_8HZNDK",
        "C1:WON",
        "C1:LOSE",
    ]


def test_sources_become_channels_that_feed_leads(cjm: Callable[..., Run]) -> None:
    channels = imported(cjm("import", "bitrix24", BITRIX / "statuses.json"))["channels"]
    by_id = {c["id"]: (c["name"], c["kind"], c["crm"], c["feeds"]) for c in channels}
    assert by_id["CALL"] == ("Звонок", "phone", True, "leads")
    assert by_id["WEB"] == ("Веб-сайт", "site", False, "leads")
    assert by_id["5_TELEGRAM"] == ("Telegram — Открытая линия", "messenger", True, "leads")  # `5|TELEGRAM`
    assert by_id["3_LIVECHAT"] == ("Онлайн-чат на сайте", "chat", True, "leads")
    assert by_id["375291112233"] == ("Входящая линия А1", "phone", True, "leads")
    assert by_id["UC_DEALBY"] == ("deal.by", "other", False, "leads")
    assert len(channels) == 11


def test_other_directories_are_left_out_with_a_warning_at_their_first_item(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "bitrix24", BITRIX / "statuses.json")
    assert "Производство" not in run.stdout and "Клиенты" not in run.stdout
    assert [line for line in run.stderr.splitlines() if " warning " in line] == [
        f"{BITRIX / 'statuses.json'}:470:5: warning not-kept the directory CONTACT_TYPE is not kept in the map: "
        "this item",
        f"{BITRIX / 'statuses.json'}:482:5: warning not-kept the directory INDUSTRY is not kept in the map: this item",
    ]
    assert "hint: a map holds lead statuses (STATUS), deal stages (DEAL_STAGE, DEAL_STAGE_<n>)" in run.stderr


def test_a_directory_of_many_items_is_one_warning_with_their_count(cjm: Callable[..., Run], tmp_path: Path) -> None:
    industries = [
        {"ID": str(200 + n), "ENTITY_ID": "INDUSTRY", "STATUS_ID": code, "NAME": name, "SORT": str(10 * n)}
        for n, (code, name) in enumerate((("IT", "Информационные технологии"), ("MANUFACTURING", "Производство")))
    ]
    lead = {"ID": "1", "ENTITY_ID": "STATUS", "STATUS_ID": "NEW", "NAME": "Новый", "SORT": "10"}
    run = cjm("import", "bitrix24", write_json(tmp_path, {"result": [lead, *industries], "total": 3}))
    assert imported(run)["leads"]["stages"] == [{"id": "NEW", "name": "Новый"}]
    assert run.stderr.splitlines()[0] == (
        f"{tmp_path / 'statuses.json'}:10:5: warning not-kept the directory INDUSTRY is not kept in the map: "
        "2 items, the first is this one"
    )


def test_pipelines_of_other_entities_and_other_batch_commands_are_warnings(
    cjm: Callable[..., Run], tmp_path: Path
) -> None:
    """crm.category.list answers for the entity type it is asked about (2 deals, 1032 and up smart processes:
    api-reference/crm/universal/category/crm-category-list.html); a batch may hold commands of other methods."""
    smart = {"id": 7, "name": "Сервисные заявки", "sort": 100, "entityTypeId": 1032, "isDefault": "Y"}
    deals = {"id": 0, "name": "Видеонаблюдение", "sort": 100, "entityTypeId": 2, "isDefault": "Y"}
    stage = {"ID": "2", "ENTITY_ID": "DEAL_STAGE", "STATUS_ID": "NEW", "NAME": "Новая", "SORT": "10"}
    batch = {
        "result": {
            "result": {
                "stages": [stage],
                "pipelines": {"categories": [deals]},
                "smart": {"categories": [smart]},
                "profile": {"ID": "1", "ADMIN": True, "NAME": "Анна"},
            },
            "result_error": [],
            "result_total": {"stages": 1, "pipelines": 1, "smart": 1},
        }
    }
    run = cjm("import", "bitrix24", write_json(tmp_path, batch))
    data = imported(run)
    assert [p["name"] for p in data["deals"]] == ["Видеонаблюдение"]
    warnings = [line.split(" warning ")[1] for line in run.stderr.splitlines() if " warning " in line]
    assert warnings == [
        "not-kept the batch command profile answered neither statuses nor categories: its answer is not kept in "
        "the map",
        "not-kept the category 7 is of entity type 1032, not of deals (2): it is not kept in the map",
    ]


def test_the_result_envelope_gives_the_same_map(cjm: Callable[..., Run]) -> None:
    bare = cjm("import", "bitrix24", BITRIX / "statuses.json")
    envelope = cjm("import", "bitrix24", BITRIX / "envelope.json")
    assert envelope.exit_code == 0
    assert envelope.stdout == bare.stdout


def test_semantics_without_extra_and_without_sort(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = write_json(
        tmp_path,
        [
            {"ENTITY_ID": "DEAL_STAGE_3", "STATUS_ID": "C3:LOSE", "NAME": "Провал", "SORT": 70, "SEMANTICS": "F"},
            {"ENTITY_ID": "DEAL_STAGE_3", "STATUS_ID": "C3:NEW", "NAME": "Новая", "SORT": "10", "SEMANTICS": None},
            {"ENTITY_ID": "DEAL_STAGE_3", "STATUS_ID": "C3:WON", "NAME": "Успех", "SORT": "60", "SEMANTICS": "S"},
        ],
    )
    deals = imported(cjm("import", "bitrix24", path))["deals"]
    assert deals[0]["id"] == "pipeline_3"
    assert deals[0]["stages"] == [
        {"id": "C3:NEW", "name": "Новая"},
        {"id": "C3:WON", "name": "Успех", "meaning": "success"},
        {"id": "C3:LOSE", "name": "Провал", "meaning": "failure"},
    ]


def test_one_page_of_a_longer_answer_is_imported_with_a_warning(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "bitrix24", BITRIX / "one-page.json")
    assert run.exit_code == 0
    assert (
        "one-page.json:1:1: warning incomplete the file holds 3 of 7 statuses: some pages of the answer are missing"
        in run.stderr
    )


def test_cut_short_json_is_reported_at_its_line_and_column(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "bitrix24", BITRIX / "truncated.json")
    assert run.exit_code == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        f"{BITRIX / 'truncated.json'}:250:9: error json-syntax invalid JSON: Unterminated string starting at",
        "    hint: the file ends too early: it looks cut short",
    ]


def test_a_syntax_error_in_the_middle(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "statuses.json"
    path.write_text('[\n  {"ENTITY_ID": "STATUS",\n   "STATUS_ID": "NEW" "NAME": "Новый"}\n]\n', encoding="utf-8")
    run = cjm("import", "bitrix24", path)
    assert f"{path}:3:23: error json-syntax invalid JSON: Expecting ',' delimiter" in run.stderr
    assert "hint: check the JSON near this position" in run.stderr


def test_the_wrong_shape_of_json(cjm: Callable[..., Run], tmp_path: Path) -> None:
    run = cjm("import", "bitrix24", BITRIX / "wrong-shape.json")
    assert run.exit_code == 1
    assert "wrong-shape.json:1:1: error json-shape expected the answer of crm.status.list" in run.stderr
    run = cjm("import", "bitrix24", write_json(tmp_path, ["NEW", "IN_PROCESS"]))
    assert "statuses.json:2:3: error json-shape item 1 is not an object" in run.stderr


def test_an_item_without_status_id_is_reported_where_it_starts(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "bitrix24", BITRIX / "missing-status-id.json")
    assert run.exit_code == 1
    assert f"{BITRIX / 'missing-status-id.json'}:18:3: error json-shape item 2 has no STATUS_ID" in run.stderr


def test_bitrix24s_own_error_answer(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "bitrix24", BITRIX / "error.json")
    assert run.exit_code == 1
    assert "error bitrix24-error the file is Bitrix24's error answer: INVALID_CREDENTIALS" in run.stderr


def test_nothing_to_import(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = write_json(tmp_path, {"result": [{"ENTITY_ID": "CONTACT_TYPE", "STATUS_ID": "CLIENT", "NAME": "Клиенты"}]})
    run = cjm("import", "bitrix24", path)
    assert run.exit_code == 1
    assert "error nothing-to-import no lead statuses (ENTITY_ID STATUS)" in run.stderr
    assert "hint: ENTITY_IDs found: CONTACT_TYPE" in run.stderr
    assert "hint: the list is empty" in cjm("import", "bitrix24", write_json(tmp_path, [])).stderr


def test_ids_a_map_cannot_hold_are_made_valid_and_duplicates_dropped(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = write_json(
        tmp_path,
        [
            {"ENTITY_ID": "STATUS", "STATUS_ID": "NEW", "NAME": "Новый", "SORT": "10"},
            {"ENTITY_ID": "STATUS", "STATUS_ID": "NEW", "NAME": "Новый (копия)", "SORT": "20"},
            {"ENTITY_ID": "STATUS", "STATUS_ID": "В РАБОТЕ", "NAME": "", "SORT": "30"},
        ],
    )
    run = cjm("import", "bitrix24", path)
    stages = imported(run)["leads"]["stages"]
    assert stages == [{"id": "NEW", "name": "Новый"}, {"id": "V_RABOTE", "name": "В РАБОТЕ"}]
    assert "warning duplicate-id NEW appears twice; the first one is kept" in run.stderr
    assert "warning json-shape status В РАБОТЕ has no NAME; its id is used as the name" in run.stderr


def test_latin_names_give_an_english_map(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = write_json(tmp_path, [{"ENTITY_ID": "DEAL_STAGE", "STATUS_ID": "NEW", "NAME": "New", "SORT": "10"}])
    data = imported(cjm("import", "bitrix24", path))
    assert (data["lang"], data["title"], data["deals"][0]["name"]) == (
        "en",
        "Bitrix24: leads, deals and sources",
        "General pipeline",
    )


# --- hostile answers: numbers Python will not convert, lone surrogates, sizes (issue 18) -------------------------


def test_a_number_of_43000_digits_is_a_warning_at_its_item_not_a_traceback(
    cjm: Callable[..., Run], tmp_path: Path
) -> None:
    # Python refuses to convert integers of more than 4,300 digits; 10x that once gave a traceback.
    digits = "7" * 43_000
    path = tmp_path / "statuses.json"
    path.write_text(
        '[\n  {"ENTITY_ID": "STATUS", "STATUS_ID": "NEW", "NAME": "Новый", "SORT": 10, "ID": ' + digits + "},\n"
        '  {"ENTITY_ID": "STATUS", "STATUS_ID": "JUNK", "NAME": "Брак", "SORT": ' + digits + ', "SEMANTICS": "F"}\n]\n',
        encoding="utf-8",
    )
    run = cjm("import", "bitrix24", path)
    assert run.exit_code == 0, run.stderr
    assert [s["id"] for s in imported(run)["leads"]["stages"]] == ["NEW", "JUNK"]
    assert f"{path}:3:3: warning json-shape SORT of JUNK is not a number" in run.stderr


def test_a_deal_category_of_50000_digits_is_left_out_without_a_traceback(
    cjm: Callable[..., Run], tmp_path: Path
) -> None:
    path = write_json(
        tmp_path,
        [
            {"ENTITY_ID": "STATUS", "STATUS_ID": "NEW", "NAME": "Новый"},
            {"ENTITY_ID": "DEAL_STAGE_" + "9" * 50_000, "STATUS_ID": "C9:NEW", "NAME": "Новая"},
        ],
    )
    run = cjm("import", "bitrix24", path)
    assert run.exit_code == 0, run.stderr
    assert "deals" not in imported(run)


def test_a_lone_surrogate_is_reported_at_its_item_in_the_json(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "statuses.json"
    path.write_text(
        '[\n  {"ENTITY_ID": "STATUS", "STATUS_ID": "NEW", "NAME": "Новый"},\n'
        '  {"ENTITY_ID": "STATUS", "STATUS_ID": "JUNK", "NAME": "Брак \\ud800"}\n]\n',
        encoding="utf-8",
    )
    run = cjm("import", "bitrix24", path)
    assert run.exit_code == 0, run.stderr
    assert imported(run)["leads"]["stages"][1]["name"] == "Брак \ufffd"
    assert run.stderr.splitlines()[0].startswith(f"{path}:3:3: warning json-text NAME of JUNK holds U+D800")


def test_200000_statuses_are_located_by_a_line_index(cjm: Callable[..., Run], tmp_path: Path) -> None:
    # 10x the 20,000 statuses that took 7 s when every item's position was counted from the start of the file
    # (100,000 took over a minute): the last item's problem is still at its own line. benchmarks/import_speed.py
    # prints the figures.
    other = '{"ENTITY_ID":"IN","STATUS_ID":"IT"},\n'
    text = "[\n" + other * 200_000 + '  {"ENTITY_ID": "STATUS", "STATUS_ID": "NEW", "SORT": "x"}\n]\n'
    path = tmp_path / "statuses.json"
    path.write_text(text, encoding="utf-8")
    run = cjm("import", "bitrix24", path)
    assert run.exit_code == 0, run.stderr
    assert f"{path}:200002:3: warning json-shape SORT of NEW is not a number" in run.stderr


# --- several pages, batch answers, pipeline names (issue 15) --------------------------------------------------------


def test_the_pages_of_one_answer_are_imported_together(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "bitrix24", BITRIX / "page-1.json", BITRIX / "page-2.json")
    assert run.stderr == ""  # 5 of 5: nothing missing
    ids = [s["id"] for s in imported(run)["leads"]["stages"]]
    assert ids == ["NEW", "IN_PROCESS", "PROCESSED", "CONVERTED", "JUNK"]
    saved_together = cjm("import", "bitrix24", BITRIX / "pages.json")  # an array of the pages' envelopes
    assert saved_together.stdout == run.stdout and saved_together.stderr == ""


def test_a_missing_page_is_a_warning_that_says_how_to_import_all(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "bitrix24", BITRIX / "page-1.json")
    assert "page-1.json:1:1: warning incomplete the file holds 3 of 5 statuses" in run.stderr
    assert "hint: fetch every page (the `start` parameter) and import the files together: cjm import bitrix24" in (
        run.stderr
    )


def test_problems_of_several_files_name_their_file(cjm: Callable[..., Run], tmp_path: Path) -> None:
    broken = write_json(tmp_path, [{"ENTITY_ID": "STATUS", "NAME": "Без кода"}])
    run = cjm("import", "bitrix24", BITRIX / "page-1.json", broken)
    assert run.exit_code == 1
    assert f"{broken}:2:3: error json-shape item 1 has no STATUS_ID" in run.stderr


def test_a_batch_answer_with_statuses_and_pipeline_names(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "bitrix24", BITRIX / "batch.json")
    data = imported(run)
    assert run.stderr == ""
    assert len(data["leads"]["stages"]) == 5
    assert [(p["id"], p["name"]) for p in data["deals"]] == [("pipeline_1", "Монтаж СКУД")]


def test_pipeline_names_from_crm_category_list(cjm: Callable[..., Run]) -> None:
    data = imported(cjm("import", "bitrix24", BITRIX / "statuses.json", BITRIX / "categories.json"))
    assert [(p["id"], p["name"]) for p in data["deals"]] == [
        ("pipeline_0", "Видеонаблюдение"),
        ("pipeline_1", "Монтаж СКУД"),
    ]
    older = imported(cjm("import", "bitrix24", BITRIX / "statuses.json", BITRIX / "dealcategories.json"))
    assert [p["name"] for p in older["deals"]] == ["Общая воронка", "Монтаж СКУД"]


def test_other_kinds_read_one_file(cjm: Callable[..., Run]) -> None:
    journey = ROOT / "tests" / "fixtures" / "import" / "mermaid" / "journey.mmd"
    run = cjm("import", "mermaid", journey, journey)
    assert run.exit_code == 2
    assert "mermaid imports one file at a time" in run.stderr


def test_a_pipeline_name_without_its_stages_is_a_warning_at_the_category(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "bitrix24", BITRIX / "page-1.json", BITRIX / "page-2.json", BITRIX / "categories.json")
    assert run.exit_code == 0
    lines = run.stderr.splitlines()
    assert (
        f"{BITRIX / 'categories.json'}:4:7: warning unused pipeline 0 (Видеонаблюдение) has no deal stages"
        in (lines[0])
    )
    assert "pipeline 1 (Монтаж СКУД) has no deal stages in the files: its name is not used" in lines[2]
