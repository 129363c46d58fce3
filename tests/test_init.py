"""`cjm init`: every template in every language makes a map that validates without a warning, existing files
are kept unless --force, and --from makes the ideal-state twin of a map."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli.api import check_file
from cjm_cli.core.language import LANGUAGES
from cjm_cli.starters import TEMPLATES
from conftest import EXAMPLES, Run, copy_example

Cjm = Callable[..., Run]
CYRILLIC = re.compile("[А-Яа-яЁё]")
ALL_TEMPLATES = [(name, lang) for name in TEMPLATES for lang in LANGUAGES]


def init(cjm: Cjm, *args: str | Path) -> Run:
    result = cjm("init", *args)
    assert result.exit_code == 0, result.stderr
    return result


def assert_valid_without_warnings(cjm: Cjm, *paths: Path) -> None:
    result = cjm("validate", "--format", "text", *paths)
    assert result.exit_code == 0, result.stdout
    assert "warning" not in result.stdout + result.stderr, result.stdout
    assert result.stdout == "".join(f"{path}: valid\n" for path in paths)


def stage_ids(path: Path) -> list[str]:
    checked = check_file(str(path))
    assert checked.journey_map is not None and checked.journey_map.journey is not None, checked.problems
    return [stage.id for stage in checked.journey_map.journey.stages]


# --- the templates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang"), ALL_TEMPLATES)
def test_every_template_validates_without_a_warning(cjm: Cjm, tmp_path: Path, name: str, lang: str) -> None:
    target = tmp_path / f"{name}.yaml"
    if name == "ideal":  # the generic ideal map is the twin of the b2c template, at the path it names
        init(cjm, tmp_path / "current.yaml", "--template", "b2c", "--lang", lang)
    init(cjm, target, "--template", name, "--lang", lang)
    assert_valid_without_warnings(cjm, target)


@pytest.mark.parametrize(("name", "lang"), ALL_TEMPLATES)
def test_templates_teach_in_their_own_language(cjm: Cjm, tmp_path: Path, name: str, lang: str) -> None:
    target = tmp_path / "map.yaml"
    init(cjm, target, "--template", name, "--lang", lang)
    text = target.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 10, "a template teaches the format in its comments"
    if lang == "en":
        assert not CYRILLIC.search(text)
    else:
        prose = [line for line in comments[1:] if len(line) > 40 and "cjm " not in line]  # after the modeline
        assert all(CYRILLIC.search(line) for line in prose)
    assert f"\nlang: {lang} " in text


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_a_map_starts_with_the_schema_modeline(cjm: Cjm, tmp_path: Path, name: str) -> None:
    target = tmp_path / "map.yaml"
    init(cjm, target, "--template", name)
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=cjm.schema.json\n")


def test_the_generic_ideal_map_shares_the_stage_ids_of_the_b2c_template(cjm: Cjm, tmp_path: Path) -> None:
    init(cjm, tmp_path / "current.yaml", "--template", "b2c")
    init(cjm, tmp_path / "ideal.yaml", "--template", "ideal")
    assert stage_ids(tmp_path / "ideal.yaml") == stage_ids(tmp_path / "current.yaml")


def test_the_generic_ideal_map_says_where_its_twin_should_be(cjm: Cjm, tmp_path: Path) -> None:
    result = init(cjm, tmp_path / "ideal.yaml", "--template", "ideal", "--lang", "ru")
    assert "twin: names current.yaml, which does not exist" in result.stderr
    assert f"cjm init {tmp_path / 'current.yaml'} --template b2c --lang ru" in result.stderr


@pytest.mark.parametrize(
    ("name", "views", "title"),
    [("sales-system", ["flow", "journey"], "ТеплоДом"), ("blueprint", ["journey"], "АвтоПлюс")],
)
def test_a_template_renders(cjm: Cjm, tmp_path: Path, name: str, views: list[str], title: str) -> None:
    target = tmp_path / "map.yaml"
    init(cjm, target, "--template", name, "--lang", "ru")
    result = cjm("render", target, "-o", tmp_path / "out", "-f", "svg,html")
    assert result.exit_code == 0, result.stdout + result.stderr
    expected = sorted(["map.html", "map.stamp.json", *(f"map.{view}.svg" for view in views)])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == expected
    assert title in (tmp_path / "out" / "map.html").read_text(encoding="utf-8")


# --- options ------------------------------------------------------------------------------------------------


def test_list_names_every_template_with_a_description(cjm: Cjm) -> None:
    result = init(cjm, "--list")
    listed = dict(line.split(None, 1) for line in result.stdout.splitlines()[: len(TEMPLATES)])
    assert list(listed) == ["sales-system", "b2c", "b2b", "blueprint", "day-in-life", "ideal"]
    assert all(len(description) > 20 for description in listed.values())
    assert "en and ru" in result.stdout


def test_without_a_path_it_writes_map_yaml_from_the_b2c_template(
    cjm: Cjm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = init(cjm)
    assert "wrote map.yaml (template b2c, en)" in result.stderr
    assert "cjm validate map.yaml && cjm render map.yaml" in result.stderr
    assert stage_ids(tmp_path / "map.yaml") == ["awareness", "consideration", "decision", "retention", "loyalty"]


def test_a_folder_gets_map_yaml_inside(cjm: Cjm, tmp_path: Path) -> None:
    init(cjm, tmp_path, "--template", "b2b")
    init(cjm, f"{tmp_path}/new/", "--template", "b2b")
    assert (tmp_path / "map.yaml").is_file()
    assert (tmp_path / "new" / "map.yaml").is_file()


def test_the_comments_name_the_map_file(cjm: Cjm, tmp_path: Path) -> None:
    init(cjm, tmp_path / "shop.yml", "--template", "b2c")
    assert "#   cjm validate shop.yml " in (tmp_path / "shop.yml").read_text(encoding="utf-8")


def test_dash_writes_the_map_to_standard_output(cjm: Cjm, tmp_path: Path) -> None:
    result = init(cjm, "-", "--template", "sales-system", "--lang", "ru")
    (tmp_path / "map.yaml").write_text(result.stdout, encoding="utf-8")
    assert_valid_without_warnings(cjm, tmp_path / "map.yaml")
    assert list(tmp_path.iterdir()) == [tmp_path / "map.yaml"]


def test_an_existing_file_is_not_replaced(cjm: Cjm, tmp_path: Path) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("cjm: 1\ntitle: Mine\n", encoding="utf-8")
    result = cjm("init", target)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"cjm: error: {target} exists; nothing written\n    hint: add --force to replace it, or name another file\n"
    )
    assert target.read_text(encoding="utf-8") == "cjm: 1\ntitle: Mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["map.yaml"], "no temporary file left behind"


def test_a_dangling_symlink_is_not_replaced(cjm: Cjm, tmp_path: Path) -> None:
    (tmp_path / "map.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert cjm("init", tmp_path / "map.yaml").exit_code == 1
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_force_replaces_an_existing_file(cjm: Cjm, tmp_path: Path) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("cjm: 1\ntitle: Mine\n", encoding="utf-8")
    init(cjm, target, "--force", "--template", "blueprint")
    assert "\ntype: blueprint " in target.read_text(encoding="utf-8")


def test_a_name_without_a_yaml_suffix_is_a_usage_error(cjm: Cjm, tmp_path: Path) -> None:
    result = cjm("init", tmp_path / "map.txt")
    assert result.exit_code == 2
    assert "a map file ends in .yaml or .yml" in result.stderr
    assert "name it map.yaml" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", ["", " ", "a\x00.yaml"])
def test_a_path_that_names_no_file_is_a_usage_error(cjm: Cjm, path: str) -> None:
    result = cjm("init", path)
    assert result.exit_code == 2
    assert "is not a file name" in result.stderr


def test_an_unknown_template_is_a_usage_error(cjm: Cjm, tmp_path: Path) -> None:
    result = cjm("init", tmp_path / "map.yaml", "--template", "b2x")
    assert result.exit_code == 2
    assert "b2x" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_an_environment_failure(cjm: Cjm, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    if os.access(locked, os.W_OK):  # root writes anywhere; sysfs takes no new file even from root
        locked = Path("/sys")
    result = cjm("init", locked / "map.yaml")
    assert result.exit_code == 3
    assert result.stderr.startswith("cjm: error: cannot write to ")


def test_a_trailing_slash_after_an_existing_file_is_a_usage_error(
    cjm: Cjm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("map.yaml").write_text("cjm: 1\ntitle: Mine\n", encoding="utf-8")
    result = cjm("init", "map.yaml/")
    assert result.exit_code == 2
    assert result.stderr == (
        "cjm: error: map.yaml/: map.yaml is a file, not a folder; to write the map to map.yaml itself, leave out "
        "the trailing / (and add --force to replace it)\n"
    )
    assert cjm("init", "map.yaml/", "--force").exit_code == 2  # --force replaces a file, never makes it a folder
    assert Path("map.yaml").read_text(encoding="utf-8") == "cjm: 1\ntitle: Mine\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["map.yaml"]


def test_a_file_where_a_folder_should_be_is_a_usage_error(cjm: Cjm, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    result = cjm("init", tmp_path / "notes.txt" / "maps" / "shop.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        f"cjm: error: {tmp_path / 'notes.txt' / 'maps' / 'shop.yaml'}: {tmp_path / 'notes.txt'} is a file, not a "
        "folder; name a map file in a folder\n"
    )


def test_a_file_name_cannot_forge_output_lines(cjm: Cjm, tmp_path: Path) -> None:
    result = init(cjm, tmp_path / "a\nwrote evil.yaml")
    assert "\nwrote evil.yaml" not in result.stderr
    assert "a\\nwrote evil.yaml" in result.stderr
    assert "#   cjm validate map.yaml " in (tmp_path / "a\nwrote evil.yaml").read_text(encoding="utf-8")


# --- the schema modeline ----------------------------------------------------------------------------------


def test_in_a_git_repository_the_modeline_names_the_schema_at_its_root(cjm: Cjm, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = init(cjm, tmp_path / "maps" / "shop" / "map.yaml")
    text = (tmp_path / "maps" / "shop" / "map.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../cjm.schema.json\n")
    assert f"cjm schema -o {tmp_path / 'cjm.schema.json'}" in result.stderr


def test_the_modeline_names_a_schema_already_there(cjm: Cjm, tmp_path: Path) -> None:
    result = cjm("schema", "-o", tmp_path / "schemas" / "cjm.schema.json")
    assert result.exit_code == 0
    result = init(cjm, tmp_path / "maps" / "map.yaml")
    text = (tmp_path / "maps" / "map.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/cjm.schema.json\n")
    assert "cjm schema -o" not in result.stderr


# --- the ideal-state twin of an existing map --------------------------------------------------------------


@pytest.mark.parametrize("example", ["b2c-running-shoes.yaml", "b2b-blueprint.yaml", "sales-system.yaml"])
def test_from_makes_a_valid_twin_with_the_same_stages(cjm: Cjm, tmp_path: Path, example: str) -> None:
    current = tmp_path / "current" / example
    current.parent.mkdir()
    copy_example(example, current)
    target = tmp_path / "ideal" / "map.yaml"
    result = init(cjm, target, "--from", current)
    assert "the ideal-state twin of" in result.stderr

    validated = cjm("validate", "--format", "text", target)
    assert validated.exit_code == 0, validated.stdout
    assert " error " not in validated.stdout
    assert stage_ids(target) == stage_ids(current)
    ideal, today = check_file(str(target)).journey_map, check_file(str(current)).journey_map
    assert ideal is not None and today is not None and ideal.journey and today.journey
    assert ideal.type == "ideal"
    assert ideal.twin == f"../current/{example}"
    assert ideal.lang == today.lang
    assert [s.name for s in ideal.journey.stages] == [s.name for s in today.journey.stages]
    assert ideal.personas == today.personas
    assert ideal.departments == today.departments
    assert [c.id for c in ideal.channels] == [c.id for c in today.channels]
    assert all(c.feeds is None for c in ideal.channels), "the twin has no leads or deals to feed"
    assert ideal.leads is None and not ideal.deals


def test_the_twin_keeps_owners_touchpoints_and_kpi_targets(cjm: Cjm, tmp_path: Path) -> None:
    copy_example("b2c-running-shoes.yaml", tmp_path / "current.yaml")
    init(cjm, tmp_path / "ideal.yaml", "--from", tmp_path / "current.yaml")
    ideal, today = (
        check_file(str(tmp_path / "ideal.yaml")).journey_map,
        check_file(str(tmp_path / "current.yaml")).journey_map,
    )
    assert ideal is not None and today is not None and ideal.journey and today.journey
    for mine, theirs in zip(ideal.journey.stages, today.journey.stages, strict=True):
        assert mine.owner == theirs.owner
        assert mine.touchpoints == theirs.touchpoints
        assert [(k.name, k.target, k.better) for k in mine.kpis] == [(k.name, k.target, k.better) for k in theirs.kpis]
        assert all(k.actual is None for k in mine.kpis)
        assert not mine.emotions and not mine.pains, "left for the user, as comments"
    text = (tmp_path / "ideal.yaml").read_text(encoding="utf-8")
    assert "# emotions: {beginner: -2, marathoner: -2}" in text, "today's emotions of the decision stage"
    assert "title: 'PaceLab: buying running shoes online (ideal state)'" in text


def test_the_twin_scores_on_the_scale_of_the_current_map(cjm: Cjm, tmp_path: Path) -> None:
    (tmp_path / "current.yaml").write_text(
        "cjm: 1\ntitle: Shop\npersonas: [{id: anna, name: Anna}, {id: mark, name: Mark}]\njourney:\n"
        "  emotion_scale: {min: 1, max: 10}\n  stages:\n    - {id: find, name: Find, emotions: {anna: 8}}\n",
        encoding="utf-8",
    )
    init(cjm, tmp_path / "ideal.yaml", "--from", tmp_path / "current.yaml")
    text = (tmp_path / "ideal.yaml").read_text(encoding="utf-8")
    assert "\njourney:\n  emotion_scale: {min: 1, max: 10}\n  stages:\n" in text
    # today's scores, Mark's missing one shown at the middle of the scale
    assert "# Emotions today (from 1 to 10);" in text and "# emotions: {anna: 8, mark: 5}" in text
    ideal = check_file(str(tmp_path / "ideal.yaml")).journey_map
    assert ideal is not None and ideal.journey is not None
    assert (ideal.journey.emotion_scale.min, ideal.journey.emotion_scale.max) == (1, 10)


def test_from_without_a_path_writes_beside_the_current_map(cjm: Cjm, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "b2b-blueprint.yaml", tmp_path / "factory.yaml")
    result = init(cjm, "--from", tmp_path / "factory.yaml")
    text = (tmp_path / "factory-ideal.yaml").read_text(encoding="utf-8")
    assert "\ntwin: factory.yaml  # " in text
    assert "Двойник идеального состояния" in text, "comments in the current map's language"
    assert "(the ideal-state twin of" in result.stderr and ", ru)" in result.stderr


def test_from_with_lang_writes_the_comments_in_that_language(cjm: Cjm, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "b2b-blueprint.yaml", tmp_path / "current.yaml")
    init(cjm, tmp_path / "ideal.yaml", "--from", tmp_path / "current.yaml", "--lang", "en")
    text = (tmp_path / "ideal.yaml").read_text(encoding="utf-8")
    assert "# The ideal-state twin of the current-state map" in text
    assert "\nlang: ru\n" in text, "the map's own texts stay Russian"


def test_from_a_map_with_problems_reports_them_and_writes_nothing(cjm: Cjm, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "invalid" / "typo-keys.yaml", tmp_path / "current.yaml")
    result = cjm("init", tmp_path / "ideal.yaml", "--from", tmp_path / "current.yaml")
    assert result.exit_code == 1
    assert f"{tmp_path / 'current.yaml'}:3:1: error unknown-key unknown key 'titel'" in result.stderr
    assert "hint: did you mean 'title'?" in result.stderr
    assert f"cjm: error: cannot make the twin of {tmp_path / 'current.yaml'}: fix the problems above" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current.yaml"]


def test_from_a_missing_map_writes_nothing(cjm: Cjm, tmp_path: Path) -> None:
    result = cjm("init", tmp_path / "ideal.yaml", "--from", tmp_path / "current.yaml")
    assert result.exit_code == 1
    assert "error io no such file" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_from_a_map_without_journey_stages_writes_nothing(cjm: Cjm, tmp_path: Path) -> None:
    (tmp_path / "current.yaml").write_text("cjm: 1\ntitle: Funnel only\n", encoding="utf-8")
    result = cjm("init", tmp_path / "ideal.yaml", "--from", tmp_path / "current.yaml")
    assert result.exit_code == 1
    assert "has no journey stages" in result.stderr
    assert not (tmp_path / "ideal.yaml").exists()


def test_from_an_ideal_map_writes_nothing(cjm: Cjm, tmp_path: Path) -> None:
    init(cjm, tmp_path / "current.yaml", "--template", "b2c")
    init(cjm, tmp_path / "ideal.yaml", "--template", "ideal")
    result = cjm("init", tmp_path / "twin-of-twin.yaml", "--from", tmp_path / "ideal.yaml")
    assert result.exit_code == 1
    assert "is an ideal-state map itself" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--template", "b2c"], "--from makes an ideal-state twin"),
        (["--from", "-"], "--from needs a map file"),
        (["--from", ""], "--from '' names no file"),
    ],
)
def test_from_usage_errors(cjm: Cjm, tmp_path: Path, args: list[str], message: str) -> None:
    copy_example("b2c-running-shoes.yaml", tmp_path / "current.yaml")
    result = cjm("init", tmp_path / "ideal.yaml", "--from", tmp_path / "current.yaml", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "ideal.yaml").exists()


def test_the_twin_never_replaces_the_current_map(cjm: Cjm, tmp_path: Path) -> None:
    copy_example("b2c-running-shoes.yaml", tmp_path / "current.yaml")
    result = cjm("init", tmp_path / "current.yaml", "--from", tmp_path / "current.yaml", "--force")
    assert result.exit_code == 2
    assert "is the current map itself" in result.stderr
    assert (tmp_path / "current.yaml").read_bytes() == (EXAMPLES / "b2c-running-shoes.yaml").read_bytes()
