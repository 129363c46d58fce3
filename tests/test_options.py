"""Every option of every command, found by walking the command line: a value nobody can list (a path, a number,
a day) is exempt from completion, every other option completes its values; and a wrong value of any option
that is not a path is one clean line and exit 2, in cjm's words, never the type checker's."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from hypothesis import given
from hypothesis import strategies as st

from cjm_cli.cli import app
from cjm_cli.cli.options import number_in
from conftest import EXAMPLES, SMALL_MAP, Run

MAP = str(EXAMPLES / "b2c-running-shoes.yaml")

# Options whose values are paths or addresses: the shell completes file names itself (`complete -o default`).
PATHS = {"--output", "--config", "--into", "--check", "--webhook-file", "--link-base", "init --from"}
# Values nobody can list, but that cjm checks: no completion, and a clean message for a wrong one.
FREE = {"--dpi", "--timeout", "--port", "--jobs", "--shard", "--today", "pull --from", "pull --to"}
# What each command needs besides the option to get as far as reading it.
ARGUMENTS = {
    "validate": [MAP],
    "render": [MAP],
    "watch": [MAP],
    "stats": [MAP],
    "plan": [MAP],
    "diff": [MAP, MAP, "--render"],
    "compare": [MAP, MAP, "--render"],
    "rules": [],
    "init": ["new.yaml"],
    "export": ["issues", MAP],
    "import": ["mermaid", "journey.mmd"],
    "pull": ["csv", "figures.csv"],
    "schema": [],
}
# The other half of a pair: --from goes with --to.
PARTNERS = {"pull --from": ["--to", "2026-03-31"], "pull --to": ["--from", "2026-01-01"]}


def options() -> Iterator[tuple[str, str, Any]]:
    """(command, option, parameter) for every option that takes a value, `cjm --color` as command ''."""
    root = typer.main.get_command(app)
    yield from (
        ("", p.opts[0], p) for p in root.params if p.opts[0].startswith("--") and not getattr(p, "is_flag", False)
    )
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        for parameter in command.params:
            longest = max(parameter.opts, key=len)
            if parameter.param_type_name == "option" and not parameter.is_flag:
                yield name, longest, parameter


ALL = sorted((command, option) for command, option, _ in options())


def _in(table: set[str], command: str, option: str) -> bool:
    return option in table or f"{command} {option}" in table


def test_the_walk_finds_the_options() -> None:
    assert ("", "--color") in ALL
    assert ("render", "--format") in ALL and ("diff", "--view") in ALL and ("plan", "--status") in ALL
    assert len(ALL) > 40
    assert set(ARGUMENTS) == {name for name in typer.main.get_command(app).commands}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("command", "option"), ALL, ids=lambda value: value or "cjm")
def test_every_option_with_a_closed_set_of_values_completes_them(command: str, option: str) -> None:
    [parameter] = [p for c, o, p in options() if (c, o) == (command, option)]
    if _in(PATHS | FREE, command, option):
        return
    assert parameter._custom_shell_complete is not None, f"cjm {command} {option}: give it autocompletion="
    offered = parameter._custom_shell_complete(None, parameter, "")
    assert offered, f"cjm {command} {option} offers nothing"


CHECKED = [(command, option) for command, option in ALL if not _in(PATHS, command, option)]


@pytest.mark.parametrize(("command", "option"), CHECKED, ids=lambda value: value or "cjm")
def test_a_wrong_value_of_any_option_is_one_clean_line(
    command: str, option: str, cjm: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CJM_BITRIX24_WEBHOOK", raising=False)
    partner = PARTNERS.get(f"{command} {option}", [])
    args = [option, "zzz", "validate", MAP] if not command else [command, *ARGUMENTS[command], option, "zzz", *partner]
    run = cjm(*args)
    assert run.exit_code == 2, run.stdout + run.stderr
    message = run.stderr.strip().splitlines()[-1]
    assert "zzz" in message, message
    for words in ("Input should", "Value error", "Traceback", "pydantic"):
        assert words not in run.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["render", MAP, "--dpi", "5"], "'5' is out of range: give a whole number from 36 to 600"),
        (["render", MAP, "--dpi", "1.5"], "'1.5' is not a whole number: give a whole number from 36 to 600"),
        (["render", MAP, "--timeout", "nan"], "'nan' is out of range: give a number from 1 to 3600"),
        (["watch", MAP, "--port", "70000"], "'70000' is out of range: give a whole number from 0 to 65535"),
        (["validate", MAP, "-f", "sarf"], "no format is called 'sarf': did you mean 'sarif'?"),
        (["pull", "bitrix24", "--period", "last-quartr"], "(did you mean 'last-quarter'?)"),
        (["pull", "bitrix24", "--period", "2026-q9"], "or name one: this-month, last-month"),
    ],
)
def test_wrong_values_say_what_to_give_instead(args: list[str], said: str, cjm: Callable[..., Run]) -> None:
    run = cjm(*args)
    assert run.exit_code == 2
    assert said in run.stderr


def test_numbers_in_range_are_taken(cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path) -> None:
    small = write_map(SMALL_MAP, "shop.yaml")
    run = cjm("render", small, "-o", tmp_path / "out", "-f", "png", "--dpi", " 100 ", "--timeout", "30.5")
    assert run.exit_code == 0, run.stderr
    assert (tmp_path / "out" / "shop.journey.png").is_file()


@given(st.text(max_size=30))
def test_a_number_option_takes_a_number_in_range_or_says_what_to_give(text: str) -> None:
    parse = number_in(36, 600)["parser"]
    try:
        value = parse(text)
    except typer.BadParameter as error:
        assert repr(text) in str(error) and "from 36 to 600" in str(error)
    else:
        assert isinstance(value, int) and 36 <= value <= 600


@given(st.floats(min_value=1, max_value=3600) | st.floats(allow_nan=True, allow_infinity=True))
def test_a_timeout_is_any_written_number_in_range(number: float) -> None:
    parse = number_in(1, 3600, whole=False)["parser"]
    if 1 <= number <= 3600:
        assert parse(repr(number)) == number
    else:
        with pytest.raises(typer.BadParameter, match="out of range"):
            parse(repr(number))
