"""`cjm export`: the bundled examples as Mermaid, JSON, CSV and Markdown (golden files in
tests/fixtures/import/expected/), hostile texts made harmless in each format, and the Mermaid round trip:
importing an exported diagram gives back the same stages, actions and scores."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from cjm_cli.api import check_file
from cjm_cli.core.model import JourneyMap
from conftest import EXAMPLES, ROOT, Run

EXPECTED = ROOT / "tests" / "fixtures" / "import" / "expected"
EXAMPLE_NAMES = ["b2b-blueprint", "b2c-running-shoes", "sales-system"]
SUFFIXES = {"mermaid": "mmd", "csv": "csv", "markdown": "md", "json": "json"}
GOLDENS = [(name, kind) for name in EXAMPLE_NAMES for kind in ("mermaid", "csv", "markdown")] + [
    ("b2c-running-shoes", "json")
]

HOSTILE = """\
cjm: 1
title: "Путь: #1; <script>alert(1)</script>"
lang: ru
personas:
  - {id: anna, name: "Анна, новичок"}
  - {id: evil, name: '=HYPERLINK("http://evil.example")'}
journey:
  stages:
    - id: search
      name: "Поиск: шаг #1 | выбор"
      actions:
        - "=1+1"
        - "Ставка; 50%% скидка # сразу, без торга"
        - "title важный шаг"
        - "Поиск: шаг #1 | выбор"
        - "<img src=x onerror=alert(1)>"
        - "#58; уже код"
      thoughts: ["+7 (29) 123-45-67"]
      pains: ["-2 дня до доставки"]
      opportunities: ["@SUM(A1)"]
      emotions: {anna: -2, evil: 1}
      feelings: {anna: "\\tтаб"}
    - id: section
      name: section 2
      emotions: {anna: 0}
    - id: empty
      name: Пустой этап
"""


def golden_path(name: str, kind: str) -> Path:
    return EXPECTED / f"export-{name}.{SUFFIXES[kind]}"


def grid(journey_map: JourneyMap) -> list[tuple[str, list[str], dict[str, int]]]:
    """What a Mermaid journey holds: stage names, action texts, scores by persona name."""
    names = {p.id: p.name for p in journey_map.personas}
    stages = journey_map.journey.stages if journey_map.journey else []
    return [(s.name, [a.text for a in s.actions], {names[p]: v for p, v in s.emotions.items()}) for s in stages]


def exported(run: Run) -> str:
    assert run.exit_code == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize(("name", "kind"), GOLDENS, ids=[f"{n}.{k}" for n, k in GOLDENS])
def test_export_of_an_example_matches_its_golden_file(
    name: str, kind: str, cjm: Callable[..., Run], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    out = tmp_path / f"out.{SUFFIXES[kind]}"  # a file, to compare bytes: CRLF and the byte-order mark included
    assert cjm("export", kind, EXAMPLES / f"{name}.yaml", "-o", out).exit_code == 0
    path = golden_path(name, kind)
    if request.config.getoption("--update-goldens"):
        path.write_bytes(out.read_bytes())
    assert out.read_bytes() == path.read_bytes(), "if intended: pytest --update-goldens"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_json_is_the_normalised_map(name: str, cjm: Callable[..., Run]) -> None:
    text = exported(cjm("export", "json", EXAMPLES / f"{name}.yaml"))
    journey_map = check_file(str(EXAMPLES / f"{name}.yaml")).journey_map
    assert journey_map is not None
    data = json.loads(text)
    assert data == journey_map.model_dump(
        mode="json", exclude_none=True, exclude={"include"}
    )  # a checked map has no includes left
    assert list(data)[:2] == ["cjm", "title"]
    assert JourneyMap.model_validate(data) == journey_map  # the JSON is a valid map itself
    assert "null" not in text and "\\u04" not in text  # no nulls, Cyrillic as it is
    assert text.endswith("}\n")


def test_csv_is_rfc_4180_with_a_byte_order_mark(cjm: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    assert cjm("export", "csv", EXAMPLES / "b2c-running-shoes.yaml", "-o", out).exit_code == 0
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffStage,Awareness,Consideration,")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert all(len(row) == 6 for row in rows)
    by_title = {row[0]: row[1:] for row in rows}
    assert by_title["Emotions: Anna, the new runner"] == ["1", "-1", "-2", "1", "2"]  # numbers stay numbers
    thought = "Mark, the marathoner: Is 45.5 really in stock, or only on the page?"
    assert by_title["Thoughts"][1].split("\n")[2] == thought  # items one per line, one persona's named
    assert "\r\n" in text and text.count("\r\n") == len(rows)


def test_csv_cells_never_run_as_formulas(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    text = exported(cjm("export", "csv", write_map(HOSTILE)))
    by_title = {row[0]: row[1:] for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")))}
    assert by_title["Действия"][0].startswith("'=1+1\n")
    assert by_title["Мысли"][0] == "'+7 (29) 123-45-67"
    assert by_title["Боли"][0] == "'-2 дня до доставки"
    assert by_title["Возможности"][0] == "'@SUM(A1)"
    assert by_title["Чувства: Анна, новичок"][0] == "'\tтаб"
    assert by_title["Эмоции: Анна, новичок"] == ["-2", "0", ""]
    assert by_title['Эмоции: =HYPERLINK("http://evil.example")'] == ["1", "", ""]  # starts with Э: no formula


def test_markdown_escapes_what_would_be_markup(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    lines = exported(cjm("export", "markdown", write_map(HOSTILE))).splitlines()
    assert lines[0] == "| Этап | Поиск: шаг #1 \\| выбор | section 2 | Пустой этап |"
    assert lines[1] == "| --- | --- | --- | --- |"
    actions = next(line for line in lines if line.startswith("| Действия |"))
    assert "\\<img src=x onerror=alert(1)\\>" in actions
    assert "<img" not in actions.replace("\\<img", "")
    assert actions.count("<br>") == 5  # six actions in one cell
    assert all(line.count(" | ") + 2 == line.count("|") - line.count("\\|") for line in lines if "<br>" not in line)


def test_markdown_lane_titles_in_the_maps_language(cjm: Callable[..., Run]) -> None:
    russian = exported(cjm("export", "markdown", EXAMPLES / "b2b-blueprint.yaml", "--block", "journey")).splitlines()
    assert [line.split(" | ")[0] for line in russian[:3]] == ["| Этап", "| ---", "| Точки контакта"]
    english = exported(
        cjm("export", "markdown", EXAMPLES / "b2c-running-shoes.yaml", "--block", "journey")
    ).splitlines()
    assert english[2].startswith("| Description |") and english[3].startswith("| Touchpoints |")


def test_mermaid_codes_what_mermaid_would_read_as_syntax(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    lines = exported(cjm("export", "mermaid", write_map(HOSTILE))).splitlines()
    assert lines[:3] == [
        "journey",
        "    title Путь#58; #35;1#59; #60;script#62;alert(1)#60;/script#62;",
        "    section Поиск#58; шаг #35;1 | выбор",
    ]
    tasks = [line.strip() for line in lines if line.startswith("        ")]
    # Anna and the other persona feel differently: everyone's actions are written once, at the neutral 3.
    assert tasks[0] == "=1+1: 3"
    assert tasks[1] == "Ставка#59; 50#37;#37; скидка #35; сразу, без торга: 3"
    assert tasks[2] == "#116;itle важный шаг: 3"  # not a `title` line
    assert tasks[3] == "#1055;оиск#58; шаг #35;1 | выбор: 3"  # not the stage's own score line
    assert tasks[5] == "#35;58#59; уже код: 3"  # a text that looks like an entity code stays text
    assert tasks[6] == "Поиск#58; шаг #35;1 | выбор: 1: Анна#44; новичок"  # the stage's own scores
    assert "section section 2" not in lines and "    section #115;ection 2" in lines
    assert "        #115;ection 2: 3: Анна#44; новичок" in lines  # scores of a stage without actions


ATTRIBUTED = """\
cjm: 1
title: Journey to the contract
lang: ru
personas:
  - {id: engineer, name: Инженер}
  - {id: director, name: Директор}
  - {id: buyer, name: Снабженец}
journey:
  stages:
    - id: contract
      name: Договор
      actions:
        - {text: Подписывает договор, persona: director}
        - {text: Сверяет спецификацию, persona: engineer}
        - Читает протокол разногласий
      emotions: {engineer: 1, director: -1, buyer: 1}
    - id: delivery
      name: Поставка
      actions:
        - Принимает оборудование
      emotions: {engineer: 1, buyer: 1}
"""


def test_mermaid_keeps_each_action_once_with_its_own_persona(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    lines = exported(cjm("export", "mermaid", write_map(ATTRIBUTED))).splitlines()
    assert lines == [
        "journey",
        "    title Journey to the contract",  # the title line is read to its end: no keyword to code
        "    section Договор",
        "        Подписывает договор: 2: Директор",  # the director's action, with the director only
        "        Сверяет спецификацию: 4: Инженер",
        "        Читает протокол разногласий: 3",  # everyone's, while they feel differently
        "        Договор: 4: Снабженец",  # the stage's scores of whoever no action carries
        "    section Поставка",
        "        Принимает оборудование: 4: Инженер, Снабженец",  # everyone's, all feeling the same
    ]


def test_mermaid_round_trip_of_attributed_actions(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_map(ATTRIBUTED)
    diagram = tmp_path / "journey.mmd"
    assert cjm("export", "mermaid", path, "-o", diagram).exit_code == 0
    back = cjm("import", "mermaid", diagram)
    assert back.exit_code == 0 and "warning" not in back.stderr
    original = check_file(str(path)).journey_map
    assert original is not None
    assert grid(JourneyMap.model_validate(yaml.safe_load(back.stdout))) == grid(original)


def test_mermaid_export_past_mermaids_max_text_size_is_written_with_a_warning(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path
) -> None:
    # Mermaid draws a diagram over 50,000 characters (its default maxTextSize) as an error picture, and
    # reports success: the export says so.
    stages = "".join(
        f"    - {{id: s{i}, name: Этап {i}, actions: [{', '.join(f'Действие номер {i}.{j}' for j in range(40))}]}}\n"
        for i in range(60)
    )
    path = write_map(f"cjm: 1\ntitle: Большая карта\njourney:\n  stages:\n{stages}")
    run = cjm("export", "mermaid", path, "-o", tmp_path / "journey.mmd")
    assert run.exit_code == 0
    size = len((tmp_path / "journey.mmd").read_text(encoding="utf-8"))
    assert size > 50_000
    assert f"{path}:1:1: warning mermaid-size the diagram is {size:,} characters" in run.stderr
    assert "maxTextSize" in run.stderr


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_mermaid_round_trip_of_the_examples(name: str, cjm: Callable[..., Run], tmp_path: Path) -> None:
    diagram = tmp_path / "journey.mmd"
    assert cjm("export", "mermaid", EXAMPLES / f"{name}.yaml", "-o", diagram).exit_code == 0
    back = tmp_path / "back.yaml"
    run = cjm("import", "mermaid", diagram, "-o", back)
    assert run.exit_code == 0
    assert "warning" not in run.stderr
    original, again = check_file(str(EXAMPLES / f"{name}.yaml")).journey_map, check_file(str(back)).journey_map
    assert original is not None and again is not None
    assert grid(again) == grid(original)
    assert again.title == original.title


def test_mermaid_round_trip_of_hostile_texts(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_map(HOSTILE)
    diagram = tmp_path / "journey.mmd"
    assert cjm("export", "mermaid", path, "-o", diagram).exit_code == 0
    back = cjm("import", "mermaid", diagram)
    assert back.exit_code == 0
    original = check_file(str(path)).journey_map
    assert original is not None
    again = JourneyMap.model_validate(yaml.safe_load(back.stdout))
    assert grid(again) == grid(original)


def test_a_map_without_a_journey_grid(cjm: Callable[..., Run]) -> None:
    for kind in ("mermaid", "csv", "markdown"):
        run = cjm("export", kind, EXAMPLES / "sales-system.yaml")
        assert run.exit_code == 0  # it has a short grid
    path = ROOT / "tests" / "fixtures" / "import" / "expected" / "google-ads--editor-export.csv.yaml"
    for kind in ("mermaid", "csv"):
        run = cjm("export", kind, path)
        assert run.exit_code == 1
        assert run.stdout == ""
        message = f"{path}:1:1: error no-journey the map has no journey grid (`journey:`) to export as {kind}"
        assert message in run.stderr
    assert "hint: a CSV file holds one table: export one with --block pages or campaigns" in run.stderr
    markdown = cjm("export", "markdown", path)  # its other tables
    assert markdown.exit_code == 0
    assert [line for line in markdown.stdout.splitlines() if line.startswith("## ")] == [
        "## Страницы сайта",
        "## Реклама",
    ]
    assert cjm("export", "json", path).exit_code == 0


def test_a_map_with_problems_is_not_exported(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_map("cjm: 1\ntitle: Карта\nlang: fr\n")
    out = tmp_path / "out.json"
    out.write_text("previous\n", encoding="utf-8")
    run = cjm("export", "json", path, "-o", out)
    assert run.exit_code == 1
    assert f"{path}:3:7: error value the text 'fr' is not allowed for 'lang'" in run.stderr
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_output_file_standard_input_and_determinism(cjm: Callable[..., Run], tmp_path: Path) -> None:
    source = EXAMPLES / "b2b-blueprint.yaml"
    out = tmp_path / "таблица.md"
    run = cjm("export", "markdown", source, "-o", out)
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == f"wrote {out}: exported {source} as markdown\n"
    from_stdin = cjm("export", "markdown", "-", stdin=source.read_bytes())
    assert out.read_text(encoding="utf-8") == from_stdin.stdout == exported(cjm("export", "markdown", source))


def test_export_usage_errors(cjm: Callable[..., Run], tmp_path: Path) -> None:
    assert cjm("export", "pdf", EXAMPLES / "b2b-blueprint.yaml").exit_code == 2
    copy = tmp_path / "map.yaml"
    copy.write_bytes((EXAMPLES / "b2b-blueprint.yaml").read_bytes())
    run = cjm("export", "json", copy, "-o", copy)
    assert run.exit_code == 2
    assert copy.read_bytes() == (EXAMPLES / "b2b-blueprint.yaml").read_bytes()


def test_every_golden_file_has_its_test() -> None:
    names = {golden_path(name, kind).name for name, kind in GOLDENS}
    assert {path.name for path in EXPECTED.glob("export-*")} == names
