"""The user's language: every message has its Russian translation, the compiled catalogue matches its source, and
the real command chooses the language as gettext does (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`) or by
`--lang`. Problem codes and severities stay English: they are identifiers."""

from __future__ import annotations

import gettext
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from cjm_cli.cli import COMMANDS
from cjm_cli.cli.typer_words import TYPER_WORDS
from cjm_cli.core.i18n import DOMAIN, LOCALE_DIR, from_environment
from conftest import ROOT, Run

PO = LOCALE_DIR / "ru" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
# The keywords of core/i18n.py, as scripts/messages.sh gives them to `pybabel extract`.
KEYWORDS = parse_keywords(["tr", "ntr:1,2", "N_", "N_:1,2,2t"])
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)[^{}]*\}(?!\})")

# A Russian map with an error of each stage: format, reference; and a valid one with warnings.
BROKEN = """\
cjm: 1
title: Онлайн-школа
lang: ru
personas:
  - {id: mama, name: Мама школьника}
channels:
  - {id: vk, name: ВКонтакте, kind: socail}
"""
UNKNOWN_PERSONA = """\
cjm: 1
title: Онлайн-школа
lang: ru
personas:
  - {id: mama, name: Мама школьника}
journey:
  stages:
    - {id: trial, name: Пробный урок, emotions: {papa: 0}}
"""
WARNED = """\
cjm: 1
title: Онлайн-школа
lang: ru
journey:
  stages:
    - {id: trial, name: Пробный урок}
"""


def _source_messages() -> dict[str | tuple[str, ...], str]:
    """Every message marked in the source, with the first file that marks it."""
    found: dict[str | tuple[str, ...], str] = {}
    package = ROOT / "src" / "cjm_cli"
    for filename, _line, message, _comments, _context in extract_from_dir(package, keywords=KEYWORDS):
        key = tuple(message) if isinstance(message, tuple | list) else message
        found.setdefault(key, filename)
    return found


def _catalogue() -> Catalog:
    with PO.open("rb") as file:
        return read_po(file)


def _forms(string: object) -> list[str]:
    return list(string) if isinstance(string, tuple | list) else [str(string)]


def test_every_message_of_the_source_has_a_russian_translation() -> None:
    catalogue = _catalogue()
    missing = []
    for key, filename in _source_messages().items():
        entry = catalogue.get(key[0] if isinstance(key, tuple) else key)
        if entry is None or entry.fuzzy or not all(form.strip() for form in _forms(entry.string)):
            missing.append(f"{filename}: {key!r}")
    assert not missing, "messages without a Russian translation (run scripts/messages.sh, then translate):\n" + (
        "\n".join(missing)
    )


def test_the_catalogue_holds_no_message_the_source_lost() -> None:
    marked = {key[0] if isinstance(key, tuple) else key for key in _source_messages()}
    stale = [e.id for e in _catalogue() if e.id and (e.id[0] if e.pluralizable else e.id) not in marked]
    assert not stale, f"run scripts/messages.sh to drop messages no longer in the source: {stale}"


def test_translations_keep_every_placeholder_and_add_none() -> None:
    wrong = []
    for entry in _catalogue():
        if not entry.id:
            continue
        wanted = {name for text in _forms(entry.id) for name in PLACEHOLDER.findall(text)}
        found = [set(PLACEHOLDER.findall(form)) for form in _forms(entry.string)]
        # A plural form may leave out what the others say (click's "{possibility}" / "{possibilities}").
        if (set().union(*found) != wanted) if entry.pluralizable else (found[0] != wanted):
            wrong.append(f"{entry.id!r} -> {entry.string!r}")
    assert not wrong, "\n".join(wrong)


def test_typer_still_says_the_words_we_translate() -> None:
    source = (Path(typer.__file__).parent / "core.py").read_text(encoding="utf-8")
    gone = [word for word in TYPER_WORDS if f'_("{word}")' not in source]
    assert not gone, f"typer no longer says these (update cli/typer_words.py and the catalogue): {gone}"


def test_russian_plurals_have_three_forms() -> None:
    catalogue = _catalogue()
    assert catalogue.num_plurals == 3
    for entry in catalogue:
        if entry.pluralizable:
            assert len(_forms(entry.string)) == 3, entry.id


def test_the_compiled_catalogue_matches_its_source() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(), use_fuzzy=False)
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)
    with MO.open("rb") as file:
        shipped = gettext.GNUTranslations(file)
    message = "src/cjm_cli/locale/ru/LC_MESSAGES/cjm.mo is behind its .po: run scripts/messages.sh compile"
    assert shipped._catalog == expected._catalog, message  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({}, "en"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "ru_RU.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "fr:ru:en"}, "ru"),
        ({"LANG": "ru_RU.UTF-8", "LANGUAGE": "en"}, "en"),
        ({"LANG": "C.UTF-8", "LANGUAGE": "ru"}, "en"),  # as gettext: LANGUAGE is ignored under the C locale
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "ru"}, "ru"),
    ],
)
def test_the_environment_chooses_as_gettext_does(environment: dict[str, str], language: str) -> None:
    assert from_environment(environment) == language


def _run(*arguments: str | Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """The installed `cjm` in a subprocess, its language from `environment` alone."""
    cleared = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [str(Path(sys.executable).with_name("cjm")), *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**cleared, "GITHUB_ACTIONS": "", "NO_COLOR": "1", **environment},
        cwd=ROOT,
        check=False,
    )


def test_a_russian_locale_gets_russian_messages_hints_and_summary(write_map: Callable[..., Path]) -> None:
    broken, unknown, warned = write_map(BROKEN, "a.yaml"), write_map(UNKNOWN_PERSONA, "b.yaml"), write_map(WARNED)
    done = _run("validate", broken, unknown, warned, LANG="ru_RU.UTF-8")
    assert done.returncode == 1
    assert f"{broken}:7:37: error value «kind»: недопустимое значение — текст «socail»" in done.stdout
    assert "    подсказка: может быть, «social»?" in done.stdout
    assert f"{unknown}:8:50: error unknown-ref неизвестная персона «papa»" in done.stdout
    assert "warning stage-no-owner у этапа «Пробный урок» нет ответственного" in done.stdout
    assert done.stderr == "проверены 3 карты: 1 без ошибок, 2 ошибки, 3 предупреждения\n"


def test_lang_overrides_the_environment_both_ways(write_map: Callable[..., Path]) -> None:
    path = write_map(UNKNOWN_PERSONA)
    english = _run("--lang", "en", "validate", path, LANG="ru_RU.UTF-8")
    russian = _run("--lang=ru", "validate", path, LC_ALL="C.UTF-8")
    assert "error unknown-ref unknown persona 'papa'" in english.stdout
    assert english.stderr == "checked 1 map: 0 valid, 1 error\n"
    assert "error unknown-ref неизвестная персона «papa»" in russian.stdout
    assert russian.stderr == "проверена 1 карта: 0 без ошибок, 1 ошибка\n"


def test_machine_formats_carry_the_language_in_messages_and_keep_codes(write_map: Callable[..., Path]) -> None:
    path = write_map(UNKNOWN_PERSONA)
    document = json.loads(_run("validate", "-f", "json", path, LANG="ru_RU.UTF-8").stdout)
    [problem] = document["files"][0]["problems"]
    assert (problem["severity"], problem["code"]) == ("error", "unknown-ref")
    assert problem["message"] == "неизвестная персона «papa»"
    sarif = json.loads(_run("validate", "-f", "sarif", path, LANG="ru_RU.UTF-8").stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "unknown-ref"
    assert result["message"]["text"].startswith("неизвестная персона «papa» (подсказка: ")


def test_workers_speak_the_language_of_lang(write_map: Callable[..., Path]) -> None:
    paths = [write_map(UNKNOWN_PERSONA, f"{n}.yaml") for n in range(3)]
    done = _run("--lang", "ru", "validate", "--jobs", "2", *paths, LANG="en_US.UTF-8")
    assert done.stdout.count("неизвестная персона «papa»") == 3, done.stdout


def test_rules_are_listed_and_explained_in_russian() -> None:
    listing = _run("rules", LANG="ru_RU.UTF-8").stdout
    assert "journey: Сетка пути клиента" in listing
    assert "stage-no-owner" in listing and "у этапа пути нет ответственного" in listing
    explained = json.loads(_run("--lang", "ru", "rules", "stage-no-kpi", "-f", "json").stdout)
    assert explained[0]["code"] == "stage-no-kpi" and explained[0]["rationale"].startswith("Чем не измеряешь")


def test_usage_errors_and_help_in_russian() -> None:
    bad = _run("validate", "--select", "stage-no-kpy", "x.yaml", LANG="ru_RU.UTF-8")
    assert bad.returncode == 2
    assert bad.stderr == "cjm: ошибка: --select: неизвестное правило «stage-no-kpy» (может быть, «stage-no-kpi»?)\n"
    help_text = _run("--lang", "ru", "--help").stdout
    assert "Карты пути клиента как код" in help_text and "\nПараметры:\n" in help_text
    assert "--lang ru|en" in help_text and "Язык сообщений, подсказок и справки" in help_text
    validate = _run("validate", "--help", LANG="ru_RU.UTF-8").stdout
    assert "Проверить карты на соответствие формату" in validate and "Коды выхода: 0" in validate
    assert "[по умолчанию: auto]" in validate


def test_in_process_runs_do_not_keep_the_language_of_the_last(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    path = write_map(UNKNOWN_PERSONA)
    assert "неизвестная персона" in cjm("--lang", "ru", "validate", path).stdout
    assert "unknown persona 'papa'" in cjm("validate", path).stdout


def test_an_english_run_never_reads_the_catalogue(write_map: Callable[..., Path]) -> None:
    path = write_map(UNKNOWN_PERSONA)
    program = (
        "import sys\n"
        "from cjm_cli.core import i18n\n"
        "from cjm_cli.cli import main\n"
        f"sys.argv = ['cjm', 'validate', {str(path)!r}]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "print('catalogue read' if i18n._catalogue is not None else 'catalogue not read', file=sys.stderr)\n"
    )
    cleared = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    for language, said in (("C.UTF-8", "catalogue not read"), ("ru_RU.UTF-8", "catalogue read")):
        done = subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            timeout=60,
            env={**cleared, "LANG": language},
            check=False,
        )
        assert done.stderr.endswith(said + "\n"), done.stderr


def test_diff_summarises_in_russian_and_its_markdown_stays_english(write_map: Callable[..., Path]) -> None:
    old = write_map(WARNED, "old.yaml")
    new = write_map(WARNED.replace("Пробный урок", "Первый урок"), "new.yaml")
    done = _run("diff", old, new, LANG="ru_RU.UTF-8")
    assert done.stderr.endswith(": 1 изменение (изменено: 1)\n"), done.stderr
    markdown = _run("diff", "-f", "markdown", old, new, LANG="ru_RU.UTF-8").stdout
    assert ": 1 change (1 changed)." in markdown


@pytest.mark.parametrize("command", ["", *sorted(COMMANDS)])
def test_lang_ru_leaves_no_english_help_the_catalogue_translates(command: str) -> None:
    """Help written before `--lang` was read would stay English: no sentence the catalogue translates may
    show in `cjm --lang ru COMMAND --help` under an English locale."""
    catalogue = _catalogue()
    english = [
        entry.id.splitlines()[0]
        for entry in catalogue
        if isinstance(entry.id, str) and entry.id and len(entry.id) > 24 and "{" not in entry.id
    ]
    shown = " ".join(_run("--lang", "ru", *([command] if command else []), "--help", LC_ALL="C.UTF-8").stdout.split())
    leaked = [text for text in english if " ".join(text.split()) in shown]
    assert not leaked, leaked
