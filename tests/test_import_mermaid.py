"""`cjm import mermaid`: Mermaid's journey syntax as Mermaid reads it (https://mermaid.js.org/syntax/userJourney.html,
grammar in mermaid-js/mermaid `user-journey/parser/journey.jison`), scores on cjm's scale, and problems with
their line numbers for what Mermaid would not draw."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from conftest import ROOT, Run

MERMAID = ROOT / "tests" / "fixtures" / "import" / "mermaid"


def imported(run: Run) -> Any:
    assert run.exit_code == 0, run.stderr
    return yaml.safe_load(run.stdout)


def stages(data: Any) -> dict[str, Any]:
    return {stage["name"]: stage for stage in data["journey"]["stages"]}


def write(tmp_path: Path, text: str, name: str = "journey.mmd") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sections_become_stages_tasks_actions_actors_personas(cjm: Callable[..., Run]) -> None:
    data = imported(cjm("import", "mermaid", MERMAID / "journey.mmd"))
    assert data["title"] == "Покупка беговых кроссовок онлайн"
    assert data["lang"] == "ru"
    assert data["personas"] == [{"id": "anna", "name": "Анна"}, {"id": "mark", "name": "Марк"}]
    assert list(stages(data)) == ["Без раздела", "Выбор", "Оформление заказа", "Доставка #1", "Повторная покупка"]
    assert stages(data)["Выбор"]["actions"] == [
        "Фильтрует каталог по амортизации",
        "Спрашивает в чате про размер",
        'Читает отзывы "маломерят"',  # entity codes decoded, the `# ...` comment dropped
    ]
    assert "actions" not in stages(data)["Повторная покупка"]


def test_scores_one_to_five_become_emotions_minus_two_to_two(cjm: Callable[..., Run]) -> None:
    by_name = stages(imported(cjm("import", "mermaid", MERMAID / "journey.mmd")))
    assert by_name["Без раздела"]["emotions"] == {"anna": 1}  # 4 - 3
    assert by_name["Оформление заказа"]["emotions"] == {"anna": -2, "mark": -2}  # 1 - 3
    # One emotion per persona per stage: the mean, rounded half away from zero. Anna: 2, 3 -> -0.5 -> -1.
    assert by_name["Выбор"]["emotions"] == {"anna": -1, "mark": -1}
    assert by_name["Доставка #1"]["emotions"] == {"anna": 2, "mark": 2}  # Mark: 4, 5 -> 1.5 -> 2


def test_accessibility_title_and_description(cjm: Callable[..., Run], tmp_path: Path) -> None:
    data = imported(cjm("import", "mermaid", MERMAID / "journey.mmd"))
    assert data["description"] == "Карта собрана по 14 интервью с покупателями.\nОценки: 1 — плохо, 5 — отлично."
    untitled = write(tmp_path, "journey\n  accTitle: Путь № 1; без #заголовка\n  accDescr: Одна строка\n  Шаг: 3: Я\n")
    data = imported(cjm("import", "mermaid", untitled))
    assert data["title"] == "Путь № 1; без #заголовка"  # Mermaid reads accTitle to the end of the line
    assert data["description"] == "Одна строка"


def test_tasks_without_actors_or_with_an_empty_actor_are_actions_without_emotions(
    cjm: Callable[..., Run], tmp_path: Path
) -> None:
    run = cjm("import", "mermaid", write(tmp_path, "journey\n  section Поиск\n    Ищет: 5\n    Сравнивает: 3:\n"))
    stage = stages(imported(run))["Поиск"]
    assert stage["actions"] == ["Ищет", "Сравнивает"]
    assert "emotions" not in stage
    assert "personas" not in yaml.safe_load(run.stdout)
    # A score other than neutral is information the map cannot keep: a warning says so, at the task.
    assert f"{tmp_path / 'journey.mmd'}:3:5: warning score 1 task(s) without actors" in run.stderr


def test_keywords_in_any_case_and_comments(cjm: Callable[..., Run], tmp_path: Path) -> None:
    text = "%%{init: {'theme': 'forest'}}%%\nJOURNEY\n  Title Путь\n  %% комментарий\n  SECTION Поиск\n    Ищет: 4: Я\n"
    data = imported(cjm("import", "mermaid", write(tmp_path, text)))
    assert data["title"] == "Путь"
    assert stages(data)["Поиск"]["emotions"] == {"ya": 1}


def test_markdown_file_with_the_journey_in_a_mermaid_block(cjm: Callable[..., Run]) -> None:
    data = imported(cjm("import", "mermaid", MERMAID / "readme.md"))
    assert data["title"] == "Путь клиента (из front matter)"
    assert list(stages(data)) == ["Поиск", "Покупка"]


def test_problems_in_a_markdown_block_have_the_files_line_numbers(cjm: Callable[..., Run], tmp_path: Path) -> None:
    path = write(
        tmp_path, "# Проект\n\n```mermaid\njourney\n  section Поиск\n    Ищет; сравнивает: 3: Я\n```\n", "README.md"
    )
    run = cjm("import", "mermaid", path)
    assert run.exit_code == 1
    assert run.stderr.startswith(f"{path}:6:9: error mermaid-syntax Mermaid does not allow ';' here")


def test_a_semicolon_is_an_error_at_its_column(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "mermaid", MERMAID / "semicolon.mmd")
    assert run.exit_code == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        f"{MERMAID / 'semicolon.mmd'}:4:21: error mermaid-syntax Mermaid does not allow ';' here",
        "    hint: write #59; for a semicolon in a text",
    ]


def test_every_statement_mermaid_cannot_read_is_reported_with_its_line(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "mermaid", MERMAID / "bad-score.mmd")
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    assert f"{MERMAID / 'bad-score.mmd'}:5:21: error score the score 'отлично' is not a number" in lines
    assert f"{MERMAID / 'bad-score.mmd'}:6:7: error mermaid-syntax not a journey statement: 'Сравнивает цены'" in lines


def test_a_colon_in_a_section_name(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "mermaid", MERMAID / "colon-in-section.mmd")
    assert run.exit_code == 1
    assert f"{MERMAID / 'colon-in-section.mmd'}:3:19: error mermaid-syntax a section name cannot hold ':'" in run.stderr


def test_another_kind_of_diagram(cjm: Callable[..., Run], tmp_path: Path) -> None:
    run = cjm("import", "mermaid", MERMAID / "flowchart.mmd")
    assert run.exit_code == 1
    assert "flowchart.mmd:2:1: error not-journey this is not a Mermaid journey diagram: it starts with `flowchart`" in (
        run.stderr
    )
    markdown = write(tmp_path, "# Схема\n\n```mermaid\nflowchart LR\n  A --> B\n```\n", "README.md")
    run = cjm("import", "mermaid", markdown)
    assert f"{markdown}:3:1: error not-journey none of the file's Mermaid diagrams is a journey diagram" in run.stderr


def test_scores_outside_one_to_five_are_clamped_with_a_warning(cjm: Callable[..., Run], tmp_path: Path) -> None:
    run = cjm("import", "mermaid", write(tmp_path, "journey\n  section Поиск\n    Ищет: 7: Я\n    Ждёт: 0: Ты\n"))
    assert stages(imported(run))["Поиск"]["emotions"] == {"ya": 2, "ty": -2}
    assert ":3:10: warning score the score 7 is outside Mermaid's 1..5; taken as 5" in run.stderr
    assert ":4:10: warning score the score 0 is outside Mermaid's 1..5; taken as 1" in run.stderr


def test_a_task_without_a_score(cjm: Callable[..., Run], tmp_path: Path) -> None:
    run = cjm("import", "mermaid", write(tmp_path, "journey\n  section Поиск\n    Ищет:\n"))
    assert run.exit_code == 1
    assert ":3:10: error score a task needs a score after ':'" in run.stderr


def test_an_empty_diagram_and_an_unclosed_description(cjm: Callable[..., Run], tmp_path: Path) -> None:
    run = cjm("import", "mermaid", write(tmp_path, "journey\n  title Только заголовок\n"))
    assert run.exit_code == 1
    assert ":1:1: error empty the journey has no sections or tasks" in run.stderr
    run = cjm("import", "mermaid", write(tmp_path, "journey\n  accDescr {\n  текст\n  section А\n"))
    assert ":2:3: error mermaid-syntax `accDescr {` is never closed" in run.stderr


def test_same_names_get_distinct_ids(cjm: Callable[..., Run], tmp_path: Path) -> None:
    text = "journey\n  section Поиск\n    А: 3: Анна\n  section поиск\n    Б: 3: анна\n"
    data = imported(cjm("import", "mermaid", write(tmp_path, text)))
    assert [s["id"] for s in data["journey"]["stages"]] == ["poisk", "poisk_2"]
    assert [p["id"] for p in data["personas"]] == ["anna", "anna_2"]


def test_front_matter_nested_10000_deep_is_a_warning_not_a_recursion_error(
    cjm: Callable[..., Run], tmp_path: Path
) -> None:
    # 1,000 levels once ended in a RecursionError; front matter is read by cjm's own depth-limited loader.
    deep = "[" * 10_000 + "]" * 10_000
    text = f"---\ntitle: Путь\nconfig: {deep}\n---\njourney\n  section Поиск\n    Ищет: 4: Анна\n"
    run = cjm("import", "mermaid", write(tmp_path, text))
    assert run.exit_code == 0, run.stderr
    assert list(stages(imported(run))) == ["Поиск"]
    assert f"{tmp_path / 'journey.mmd'}:3:" in run.stderr
    assert "warning front-matter the front matter is not read: the YAML is nested more than 64 levels deep" in (
        run.stderr
    )


# --- what Mermaid's own docs, tests and demos write (issue 15) ----------------------------------------------------


def test_a_statement_after_the_closing_brace_of_a_description_is_read(cjm: Callable[..., Run], tmp_path: Path) -> None:
    data = imported(cjm("import", "mermaid", MERMAID / "acc-descr-block.mmd"))
    assert data["title"] == "Покупка кроссовок"  # not the accTitle: the title after `}` counts
    assert data["description"] == "Путь покупателя кроссовок\nпо интервью"
    text = "journey\n  section Выбор\n  accDescr { Одна строка } Сравнивает модели: 2: Анна, Марк\n"
    stage = stages(imported(cjm("import", "mermaid", write(tmp_path, text))))["Выбор"]
    assert stage == {
        "id": "vybor",
        "name": "Выбор",
        "actions": ["Сравнивает модели"],
        "emotions": {"anna": -1, "mark": -1},
    }
    text = "journey\n  accDescr {\n    Две\n    строки } section Оплата\n    Платит: 4: Анна\n"
    assert list(stages(imported(cjm("import", "mermaid", write(tmp_path, text))))) == ["Оплата"]


def test_journey_and_title_on_one_line(cjm: Callable[..., Run]) -> None:
    data = imported(cjm("import", "mermaid", MERMAID / "one-line.mmd"))
    assert data["title"] == "Мой рабочий день"
    assert list(stages(data)) == ["На работу"]


def test_a_task_starting_with_the_word_journey_is_an_error_as_in_mermaid(
    cjm: Callable[..., Run], tmp_path: Path
) -> None:
    run = cjm("import", "mermaid", write(tmp_path, "journey\n  section Путь\n    Journey planning: 3: Me\n"))
    assert run.exit_code == 1
    assert ":3:5: error mermaid-syntax a statement cannot start with `journey`" in run.stderr


def test_mermaid_example_blocks_and_several_journeys_in_markdown(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "mermaid", MERMAID / "docs-example.md")
    data = imported(run)
    assert data["title"] == "Покупка кроссовок"  # the ```mermaid-example block
    # The same diagram again in a ```mermaid block is no second journey; the ~~~mermaid one is.
    assert run.stderr.splitlines() == [
        f"{MERMAID / 'docs-example.md'}:22:1: warning several-journeys the file holds 2 different journey diagrams; "
        "only the first, on line 6, is imported",
        "    hint: to import another one, copy it into a file of its own and import that file",
    ]


def test_a_web_page_with_pre_class_mermaid(cjm: Callable[..., Run]) -> None:
    run = cjm("import", "mermaid", MERMAID / "page.html")
    data = imported(run)
    assert data["title"] == "Путь клиента & доставка"  # indented front matter, character references decoded
    assert stages(data)["Выбор"]["actions"] == ['Смотрит "размерную сетку"']
    assert list(stages(data)) == ["Выбор", "Оплата"]  # the text ends where </pre> starts
    assert run.stderr == ""


def test_a_front_matter_title_that_yaml_reads_as_a_number_is_kept_as_written(
    cjm: Callable[..., Run], tmp_path: Path
) -> None:
    for written in ("42", "1.10", "2024-05-01", "yes"):
        text = f"---\ntitle: {written}\n---\njourney\n  section Поиск\n    Ищет: 3: Я\n"
        assert imported(cjm("import", "mermaid", write(tmp_path, text)))["title"] == written


def test_10000_actors_whose_names_make_the_same_id_cost_their_number(cjm: Callable[..., Run], tmp_path: Path) -> None:
    # Names without a latin or Cyrillic letter all make the id `persona`; the n-th one got its number after
    # trying the n-1 before it (quadratic). Now each is counted on from the last.
    actors = [chr(0x4E00 + i) for i in range(10_000)]
    text = "journey\n  section 搜索\n" + "".join(f"    任务: 3: {actor}\n" for actor in actors)
    personas = imported(cjm("import", "mermaid", write(tmp_path, text)))["personas"]
    assert [p["id"] for p in personas[:3]] == ["persona", "persona_2", "persona_3"]
    assert personas[-1] == {"id": "persona_10000", "name": actors[-1]}
