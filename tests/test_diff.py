"""`cjm diff`: two maps compared element by element, end to end through the CLI: every area of the format
with hand-written expectations, the three output formats, identical maps, a current map against its ideal
twin, hostile texts, and sides read from a real git repository."""

from __future__ import annotations

import io
import json
import re
import textwrap
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import BaseModel

from cjm_cli.analysis.diff import Step, diff_maps, identity
from cjm_cli.api import check_file
from cjm_cli.core.model import JourneyMap
from cjm_cli.reports.diff import write_diff
from conftest import EXAMPLES, MINIMAL, Run, git

OLD = """\
cjm: 1
title: Shoe shop
personas:
  - {id: anna, name: Anna, goals: [Run 5k]}
  - {id: mark, name: Mark}
departments:
  - {id: sales, name: Sales}
  - {id: web, name: Web}
channels:
  - {id: site, name: Site, kind: site, feeds: leads}
  - {id: phone, name: Phone, kind: phone}
journey:
  stages:
    - id: search
      name: Search
      touchpoints: [{channel: site, name: Catalogue}]
      actions: [Compares prices]
      emotions: {anna: 1}
    - id: checkout
      name: Checkout
      owner: sales
      touchpoints: [{channel: site}]
      thoughts: [Why my phone?]
      emotions: {anna: -2, mark: -1}
      feelings: {anna: irritation}
      pains:
        - {id: long_form, text: A form of 14 fields}
        - Slow delivery
        - Hidden fees
      opportunities: [{text: One-page checkout, fixes: [long_form]}]
      kpis: [{name: Cart abandonment, target: 60, actual: 74, unit: "%", better: lower}]
      frontstage: [Manager calls]
      backstage: [{text: Stock check, owner: sales}]
    - id: delivery
      name: Delivery
leads:
  period: Q1
  stages:
    - {id: NEW, name: New, count: 100}
    - {id: JUNK, name: Junk, meaning: failure, count: 10}
deals:
  - id: a
    name: Product A
    currency: BYN
    stages:
      - {id: NEW, name: New, count: 50, amount: 1000}
      - id: INVOICE
        name: Invoice
        automations:
          - {action: email, text: Reminder, delay: 5d}
          - {action: sms}
      - {id: WON, name: Won, meaning: success}
  - id: b
    name: Product B
    stages: [{id: NEW, name: New}]
site:
  url: https://shop.example
  pages:
    - {id: home, title: Home, url: /, stages: [search]}
    - {id: cart, title: Cart, url: /cart}
ppc:
  - id: search_ads
    name: Search
    groups:
      - id: shoes
        name: Shoes
        keywords: [running shoes, buy shoes]
        ads: [{title: Best shoes, text: Free delivery}]
        landing: home
"""

NEW = """\
cjm: 1
title: Shoe shop 2025
type: ideal
personas:
  - {id: anna, name: Anna, goals: [Run 5k, Run 10k]}
  - {id: olga, name: Olga}
departments:
  - {id: sales, name: Sales}
  - {id: web, name: Web team}
channels:
  - {id: site, name: Site, kind: site, feeds: leads}
  - {id: phone, name: Phone, kind: phone, crm: true, feeds: a}
journey:
  stages:
    - id: checkout
      name: Checkout
      owner: web
      touchpoints: [{channel: phone, name: Callback}]
      thoughts: [{text: Why my phone?, persona: anna}]
      emotions: {anna: 0, olga: 1}
      feelings: {anna: relief}
      pains:
        - {id: long_form, text: A form of 6 fields}
        - {id: slow, text: Slow delivery}
        - {id: no_card, text: No card payment}
      opportunities:
        - {text: One-page checkout, fixes: [long_form, slow]}
        - {id: card, text: Card payment, fixes: [no_card]}
      kpis:
        - {name: Cart abandonment, target: 60, actual: 65, unit: "%", better: lower}
        - {name: Conversion, target: 3}
      backstage: [{text: Stock check, owner: web}]
      support: [CRM]
    - id: search
      name: Discovery
      touchpoints: [{channel: site, name: Catalogue}]
      actions: [Compares prices]
      emotions: {anna: 1}
    - id: payment
      name: Payment
leads:
  period: Q2
  stages:
    - {id: NEW, name: New, count: 120}
    - {id: PROCESSED, name: Qualified, meaning: success}
    - {id: JUNK, name: Spam, meaning: failure, count: 10}
deals:
  - id: a
    name: Product A
    currency: USD
    cross_sell: [c]
    stages:
      - {id: NEW, name: New, count: 60, amount: 1500.5}
      - id: INVOICE
        name: Invoice
        automations:
          - {action: email, text: Reminder, delay: 3d}
          - {action: call, text: Follow up}
      - {id: WON, name: Won, meaning: success}
      - {id: LOST, name: Lost, meaning: failure}
  - id: c
    name: Product C
    stages: [{id: NEW, name: New}]
site:
  url: https://shop.example/by
  pages:
    - {id: home, title: Start, url: /, stages: [search, payment]}
    - {id: pay, title: Payment, url: /pay}
ppc:
  - id: search_ads
    name: Search RU
    platform: Yandex Direct
    groups:
      - id: shoes
        name: Shoes
        keywords: [running shoes, trail shoes]
        ads:
          - {title: Best shoes, text: Free returns}
          - {title: Trail shoes}
        landing: pay
      - {id: socks, name: Socks}
  - {id: social, name: Social, network: social}
"""

EVERY_AREA = """\
map:
  ~ title: "Shoe shop" -> "Shoe shop 2025"
  ~ type: "current" -> "ideal"
personas:
  - personas[mark]: "Mark"
  + personas[anna].goals["Run 10k"]
  + personas[olga]: "Olga"
departments:
  ~ departments[web].name: "Web" -> "Web team"
journey:
  - journey.stages[delivery]: "Delivery"
  ~ journey.stages[checkout]: moved 2 -> 1
  ~ journey.stages[checkout].owner: "sales" -> "web"
  - journey.stages[checkout].touchpoints[site]
  + journey.stages[checkout].touchpoints[phone "Callback"]
  ~ journey.stages[checkout].thoughts["Why my phone?"].persona: (none) -> "anna"
  - journey.stages[checkout].emotions[mark]: -1
  ~ journey.stages[checkout].emotions[anna]: -2 -> 0
  + journey.stages[checkout].emotions[olga]: 1
  ~ journey.stages[checkout].feelings[anna]: "irritation" -> "relief"
  - journey.stages[checkout].pains["Hidden fees"]
  ~ journey.stages[checkout].pains[long_form].text: "A form of 14 fields" -> "A form of 6 fields"
  ~ journey.stages[checkout].pains[slow].id: (none) -> "slow"
  + journey.stages[checkout].pains[no_card]: "No card payment"
  ~ journey.stages[checkout].opportunities["One-page checkout"].fixes: ["long_form"] -> ["long_form", "slow"]
  + journey.stages[checkout].opportunities[card]: "Card payment"
  ~ journey.stages[checkout].kpis["Cart abandonment"].actual: 74 -> 65
  + journey.stages[checkout].kpis["Conversion"]
  - journey.stages[checkout].frontstage["Manager calls"]
  ~ journey.stages[checkout].backstage["Stock check"].owner: "sales" -> "web"
  + journey.stages[checkout].support["CRM"]
  ~ journey.stages[search].name: "Search" -> "Discovery"
  + journey.stages[payment]: "Payment"
channels:
  ~ channels[phone].crm: false -> true
  ~ channels[phone].feeds: (none) -> "a"
leads:
  ~ leads.period: "Q1" -> "Q2"
  ~ leads.stages[NEW].count: 100 -> 120
  + leads.stages[PROCESSED]: "Qualified"
  ~ leads.stages[JUNK].name: "Junk" -> "Spam"
deals:
  - deals[b]: "Product B"
  ~ deals[a].currency: "BYN" -> "USD"
  ~ deals[a].stages[NEW].count: 50 -> 60
  ~ deals[a].stages[NEW].amount: 1000 -> 1500.5
  - deals[a].stages[INVOICE].automations[sms]
  ~ deals[a].stages[INVOICE].automations[email "Reminder"].delay: "5d" -> "3d"
  + deals[a].stages[INVOICE].automations[call "Follow up"]
  + deals[a].stages[LOST]: "Lost"
  ~ deals[a].cross_sell: [] -> ["c"]
  + deals[c]: "Product C"
site:
  ~ site.url: "https://shop.example" -> "https://shop.example/by"
  - site.pages[cart]: "Cart"
  ~ site.pages[home].title: "Home" -> "Start"
  ~ site.pages[home].stages: ["search"] -> ["search", "payment"]
  + site.pages[pay]: "Payment"
ppc:
  ~ ppc[search_ads].name: "Search" -> "Search RU"
  ~ ppc[search_ads].platform: (none) -> "Yandex Direct"
  - ppc[search_ads].groups[shoes].keywords["buy shoes"]
  + ppc[search_ads].groups[shoes].keywords["trail shoes"]
  ~ ppc[search_ads].groups[shoes].ads["Best shoes"].text: "Free delivery" -> "Free returns"
  + ppc[search_ads].groups[shoes].ads["Trail shoes"]
  ~ ppc[search_ads].groups[shoes].landing: "home" -> "pay"
  + ppc[search_ads].groups[socks]: "Socks"
  + ppc[social]: "Social"
"""


@pytest.fixture
def pair(write_map: Callable[..., Path]) -> tuple[Path, Path]:
    return write_map(OLD, "old.yaml"), write_map(NEW, "new.yaml")


def checked_map(path: Path) -> JourneyMap:
    result = check_file(str(path))
    assert result.ok and result.journey_map is not None, result.problems
    return result.journey_map


# --- what is compared ------------------------------------------------------------------------------------------


def test_every_area_of_the_format_in_text(cjm: Callable[..., Run], pair: tuple[Path, Path]) -> None:
    old, new = pair
    run = cjm("diff", old, new)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == EVERY_AREA
    assert run.stderr == f"{old} -> {new}: 59 changes (18 added, 10 removed, 30 changed, 1 moved)\n"


def test_the_same_map_written_differently_has_no_differences(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    compact = write_map(OLD, "compact.yaml")
    # Block style instead of flow style, defaults written out, comments, keys in another order.
    spelled_out = write_map(
        OLD.replace("title: Shoe shop\n", "# the shop\ntype: current\nlang: en\ntitle: 'Shoe shop'\n")
        .replace("    - {id: NEW, name: New, count: 100}\n", "    - id: NEW\n      count: 100\n      name: New\n")
        .replace("kind: phone}", "kind: phone, crm: false}")
        .replace("amount: 1000}", "amount: 1000.0, meaning: progress}"),
        "spelled-out.yaml",
    )
    run = cjm("diff", compact, spelled_out, "--exit-code")
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == f"{compact} -> {spelled_out}: no differences\n"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_an_example_against_itself(cjm: Callable[..., Run], example: Path) -> None:
    for output_format in ("text", "json", "markdown"):
        run = cjm("diff", example, example, "--format", output_format, "--exit-code")
        assert run.exit_code == 0, run.stderr
        if output_format == "text":
            assert run.stdout == ""
    assert json.loads(run_json(cjm, example, example))["changes"] == []


def run_json(cjm: Callable[..., Run], old: Path | str, new: Path | str) -> str:
    run = cjm("diff", old, new, "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""  # the summary is in the document
    return run.stdout


def test_exit_code_option_exits_1_when_the_maps_differ(cjm: Callable[..., Run], pair: tuple[Path, Path]) -> None:
    old, new = pair
    assert cjm("diff", old, new).exit_code == 0
    assert cjm("diff", old, new, "--exit-code").exit_code == 1
    assert cjm("diff", old, new, "--exit-code", "--format", "json").exit_code == 1
    assert "--exit-code" in cjm("diff", "--help").stdout


CURRENT = """\
cjm: 1
title: Доставка мебели (как есть)
lang: ru
personas: [{id: olga, name: Ольга}]
journey:
  stages:
    - {id: order, name: Заказ, emotions: {olga: 1}}
    - id: wait
      name: Ожидание
      emotions: {olga: -2}
      pains: [{id: no_date, text: Неизвестна дата доставки}]
    - {id: assembly, name: Сборка, emotions: {olga: 0}}
"""
IDEAL = """\
cjm: 1
title: Доставка мебели (как должно быть)
type: ideal
twin: current.yaml
lang: ru
personas: [{id: olga, name: Ольга}]
journey:
  stages:
    - {id: order, name: Заказ, emotions: {olga: 1}}
    - id: wait
      name: Ожидание
      emotions: {olga: 1}
      opportunities: [{text: SMS с датой и окном доставки}]
    - {id: assembly, name: Сборка, emotions: {olga: 2}}
"""


def test_a_current_map_and_its_ideal_twin_compare_stage_by_stage(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    current, ideal = write_map(CURRENT, "current.yaml"), write_map(IDEAL, "ideal.yaml")
    run = cjm("diff", current, ideal)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == textwrap.dedent("""\
        map:
          ~ title: "Доставка мебели (как есть)" -> "Доставка мебели (как должно быть)"
          ~ type: "current" -> "ideal"
          ~ twin: (none) -> "current.yaml"
        journey:
          ~ journey.stages[wait].emotions[olga]: -2 -> 1
          - journey.stages[wait].pains[no_date]: "Неизвестна дата доставки"
          + journey.stages[wait].opportunities["SMS с датой и окном доставки"]
          ~ journey.stages[assembly].emotions[olga]: 0 -> 2
        """)


def test_the_diff_is_the_same_bytes_every_time(cjm: Callable[..., Run], pair: tuple[Path, Path]) -> None:
    old, new = pair
    for output_format in ("text", "json", "markdown"):
        first = cjm("diff", old, new, "-f", output_format).stdout
        assert cjm("diff", old, new, "-f", output_format).stdout == first


def test_reordered_stages_move_only_the_ones_that_left_their_place(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    stages = "".join(f"    - {{id: s{n}, name: Stage {n}}}\n" for n in (1, 2, 3, 4, 5))
    moved = "".join(f"    - {{id: s{n}, name: Stage {n}}}\n" for n in (1, 4, 2, 3, 5))
    old = write_map(f"{MINIMAL}journey:\n  stages:\n{stages}", "old.yaml")
    new = write_map(f"{MINIMAL}journey:\n  stages:\n{moved}", "new.yaml")
    assert cjm("diff", old, new).stdout == "journey:\n  ~ journey.stages[s4]: moved 4 -> 2\n"


def test_repeated_texts_are_told_apart_by_occurrence(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    stage = "journey:\n  stages:\n    - id: s\n      name: S\n      thoughts: {}\n"
    old = write_map(MINIMAL + stage.format("[Too expensive?]"), "old.yaml")
    new = write_map(
        MINIMAL + stage.format("[Too expensive?, Too expensive?, {text: Too expensive?, persona: x}]"), "new.yaml"
    )
    new.write_text(new.read_text().replace("title: Minimal\n", "title: Minimal\npersonas: [{id: x, name: X}]\n"))
    assert cjm("diff", old, new).stdout == (
        "personas:\n"
        '  + personas[x]: "X"\n'
        "journey:\n"
        '  + journey.stages[s].thoughts["Too expensive?" #2]\n'
        '  + journey.stages[s].thoughts["Too expensive?" #3]\n'
    )


def test_a_block_the_old_map_lacks_shows_each_new_element(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    old = write_map(MINIMAL, "old.yaml")
    new = write_map(MINIMAL + "leads:\n  period: Q1\n  stages: [{id: NEW, name: New}]\n", "new.yaml")
    assert cjm("diff", old, new).stdout == 'leads:\n  ~ leads.period: (none) -> "Q1"\n  + leads.stages[NEW]: "New"\n'
    assert cjm("diff", new, old).stdout == 'leads:\n  ~ leads.period: "Q1" -> (none)\n  - leads.stages[NEW]: "New"\n'


# --- the change data for later steps (highlighting the pictures) --------------------------------------------------


def test_changes_name_the_stage_lane_and_item_they_touch(pair: tuple[Path, Path]) -> None:
    old, new = pair
    changes = {change.where: change for change in diff_maps(checked_map(old), checked_map(new))}
    pain = changes["journey.stages[checkout].pains[no_card]"]
    assert (pain.kind, pain.path, pain.field, pain.old, pain.new, pain.label) == (
        "added",
        (Step("journey"), Step("stages", "checkout"), Step("pains", "no_card")),
        None,
        None,
        {"text": "No card payment", "id": "no_card", "evidence": []},
        "No card payment",
    )
    assert (pain.stage, pain.lane, pain.path[-1].id) == ("checkout", "pains", "no_card")
    owner = changes["journey.stages[checkout].owner"]
    assert (owner.stage, owner.lane, owner.field) == ("checkout", "owner", "owner")
    stage = changes["journey.stages[payment]"]
    assert (stage.kind, stage.stage, stage.lane) == ("added", "payment", None)
    automation = changes['deals[a].stages[INVOICE].automations[email "Reminder"].delay']
    assert automation.path[-1] == Step("automations", "email", "Reminder")
    assert (automation.area, automation.stage, automation.lane) == ("deals", None, None)


def test_every_list_of_the_format_has_an_identity_rule() -> None:
    """A list of elements added to the format needs a rule in `diff.identity`, or it is matched by position."""

    def element_kinds(model: type[BaseModel]) -> set[type[BaseModel]]:
        found: set[type[BaseModel]] = set()
        for info in model.model_fields.values():
            for kind in _types_in(info.annotation):
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    found |= {kind} | element_kinds(kind)
        return found

    # single blocks, compared field by field
    blocks = {"Journey", "EmotionScale", "Crm", "Leads", "Site", "Rice", "Ice", "Pulled"}
    for kind in sorted(element_kinds(JourneyMap), key=lambda k: k.__name__):
        if kind.__name__ in blocks:
            continue
        texts: dict[str, object] = {name: "x" for name in kind.model_fields}
        example = kind.model_construct(None, **texts)
        assert identity(example) != (None, None), f"{kind.__name__} has no identity rule in diff.py"


def _types_in(annotation: object) -> list[object]:
    found = [annotation]
    for argument in typing.get_args(annotation):
        found += _types_in(argument)
    return found


# --- output formats ------------------------------------------------------------------------------------------------


def test_json_document_shape(cjm: Callable[..., Run], pair: tuple[Path, Path]) -> None:
    old, new = pair
    document = json.loads(run_json(cjm, old, new))
    assert list(document) == ["old", "new", "changes", "summary"]
    assert (document["old"], document["new"]) == (str(old), str(new))
    assert document["summary"] == {"changes": 59, "added": 18, "removed": 10, "changed": 30, "moved": 1}
    keys = ["kind", "area", "path", "steps", "field", "where", "old", "new", "label"]
    assert all(list(change) == keys for change in document["changes"])
    by_where = {change["where"]: change for change in document["changes"]}
    assert by_where["journey.stages[checkout].emotions[anna]"] == {
        "kind": "changed",
        "area": "journey",
        "path": "journey.stages[checkout].emotions[anna]",
        "steps": [
            {"field": "journey", "id": None, "text": None, "occurrence": 1},
            {"field": "stages", "id": "checkout", "text": None, "occurrence": 1},
            {"field": "emotions", "id": "anna", "text": None, "occurrence": 1},
        ],
        "field": None,
        "where": "journey.stages[checkout].emotions[anna]",
        "old": -2,
        "new": 0,
        "label": None,
    }
    assert by_where["journey.stages[checkout]"] | {"steps": None} == {
        "kind": "moved",
        "area": "journey",
        "path": "journey.stages[checkout]",
        "steps": None,
        "field": None,
        "where": "journey.stages[checkout]",
        "old": 2,
        "new": 1,
        "label": "Checkout",
    }
    assert by_where["title"]["path"] == "" and by_where["title"]["area"] == "map"
    assert by_where["deals[c]"]["new"] == {
        "id": "c",
        "name": "Product C",
        "stages": [{"id": "NEW", "name": "New", "meaning": "progress", "automations": []}],
        "cross_sell": [],
    }
    assert by_where['ppc[search_ads].groups[shoes].keywords["buy shoes"]']["old"] == "buy shoes"


SMALL_OLD = """\
cjm: 1
title: Магазин
lang: ru
journey:
  stages:
    - {id: search, name: Поиск, pains: [Долго грузится]}
    - {id: buy, name: Покупка, emotions: {}}
"""
SMALL_NEW = """\
cjm: 1
title: Магазин
lang: ru
personas: [{id: anna, name: Анна}]
journey:
  stages:
    - {id: buy, name: Оплата, emotions: {anna: -1}}
    - {id: search, name: Поиск}
"""


def test_markdown_for_a_pull_request(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_map(SMALL_OLD, "было.yaml"), write_map(SMALL_NEW, "стало_2.yaml")
    monkeypatch.chdir(tmp_path)
    old, new = "было.yaml", "стало_2.yaml"
    run = cjm("diff", old, new, "--format", "markdown")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == textwrap.dedent("""\
        ## Map changes

        было.yaml → стало\\_2.yaml: 5 changes (2 added, 1 removed, 1 changed, 1 moved).

        ### Personas

        | change | where | old | new |
        | --- | --- | --- | --- |
        | added | personas\\[anna\\] |  | "Анна" |

        ### Journey

        | change | where | old | new |
        | --- | --- | --- | --- |
        | moved | journey.stages\\[buy\\] | position 2 | position 1 |
        | changed | journey.stages\\[buy\\].name | "Покупка" | "Оплата" |
        | added | journey.stages\\[buy\\].emotions\\[anna\\] |  | -1 |
        | removed | journey.stages\\[search\\].pains\\["Долго грузится"\\] |  |  |
        """)
    assert run.stderr == f"{old} -> {new}: 5 changes (2 added, 1 removed, 1 changed, 1 moved)\n"


def test_markdown_and_json_of_identical_maps(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_map(SMALL_OLD)
    monkeypatch.chdir(tmp_path)
    path = "map.yaml"
    markdown = cjm("diff", path, path, "-f", "markdown")
    assert markdown.stdout == f"## Map changes\n\n{path} → {path}: no differences.\n"
    document = json.loads(run_json(cjm, path, path))
    assert document["changes"] == [] and document["summary"]["changes"] == 0


HOSTILE = """\
cjm: 1
title: "Shop\\nmap: forged line"
journey:
  stages:
    - id: s
      name: "S\\u200fred | <script>alert(1)</script> `code` **bold** \\u202Eevil"
      pains: ["two\\nlines\\u2066", "[x](javascript:alert(1)) <img src=x onerror=alert(1)> | cell"]
"""


def test_hostile_text_cannot_forge_lines_escapes_or_markup(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    old, new = (
        write_map(MINIMAL.replace("Minimal", "Shop") + "journey: {stages: [{id: s, name: S}]}\n"),
        write_map(HOSTILE, "hostile.yaml"),
    )
    text = cjm("diff", old, new).stdout
    assert "\u200f" not in text and "\u202e" not in text and "\u2066" not in text
    assert text.splitlines() == [
        "map:",
        '  ~ title: "Shop" -> "Shop\\nmap: forged line"',
        "journey:",
        '  ~ journey.stages[s].name: "S" -> "S\\u200fred | <script>alert(1)</script> `code` **bold** \\u202eevil"',
        '  + journey.stages[s].pains["two\\nlines\\u2066"]',
        '  + journey.stages[s].pains["[x](javascript:alert(1)) <img src=x onerror=alert(1)> | cell"]',
    ]

    markdown = cjm("diff", old, new, "-f", "markdown").stdout
    assert "\u200f" not in markdown and "\u202e" not in markdown
    assert re.search(r"(?<!\\)[<>`*\[\]]", markdown) is None  # every markup character escaped
    table_rows = [line for line in markdown.splitlines() if line.startswith("| ") and "---" not in line]
    for row in table_rows:  # every `|` of user text escaped: a row has exactly its 5 cell borders
        assert row.replace("\\|", "").count("|") == 5, row

    document = json.loads(run_json(cjm, old, new))
    assert document["changes"][0]["new"] == "Shop\nmap: forged line"
    assert document["changes"][1]["new"].startswith("S\u200fred")  # JSON keeps the text, escaped by JSON


# --- sides that cannot be compared -----------------------------------------------------------------------------


def test_a_side_with_problems_is_reported_like_validate_and_exits_1(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path
) -> None:
    good = write_map(MINIMAL, "good.yaml")
    bad = write_map("cjm: 1\ntitle: M\nlang: fr\n", "bad.yaml")
    run = cjm("diff", good, bad)
    assert (run.exit_code, run.stdout) == (1, "")
    assert f"{bad}:3:7: error value the text 'fr' is not allowed for 'lang'" in run.stderr
    assert "cjm: cannot compare: checked 1 map: 0 valid, 1 error" in run.stderr
    missing = cjm("diff", tmp_path / "missing.yaml", good)
    assert missing.exit_code == 1 and f"{tmp_path / 'missing.yaml'}:1:1: error io no such file" in missing.stderr


def test_standard_input_for_one_side(cjm: Callable[..., Run], write_map: Callable[..., Path]) -> None:
    path = write_map(MINIMAL)
    run = cjm("diff", "-", path, stdin=MINIMAL.replace("Minimal", "Маленькая"))
    assert run.stdout == 'map:\n  ~ title: "Маленькая" -> "Minimal"\n'
    assert run.stderr.startswith(f"<stdin> -> {path}: 1 change")
    both = cjm("diff", "-", "-", stdin=MINIMAL)
    assert (both.exit_code, both.stderr) == (2, "cjm: error: only one side can be read from standard input (-)\n")


# --- sides from git ---------------------------------------------------------------------------------------------


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with two commits of `map.yaml` and `карты/карта.yaml`; the current folder."""
    root = tmp_path / "repo"
    (root / "карты").mkdir(parents=True)
    git(root, "init", "-q")
    (root / "map.yaml").write_text(SMALL_OLD, encoding="utf-8")
    (root / "карты" / "карта.yaml").write_text(SMALL_OLD, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    (root / "map.yaml").write_text(SMALL_NEW, encoding="utf-8")
    (root / "карты" / "карта.yaml").write_text(SMALL_NEW.replace("Оплата", "Оплата картой"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "second")
    monkeypatch.chdir(root)
    return root


def test_a_git_revision_against_the_file(cjm: Callable[..., Run], repository: Path) -> None:
    (repository / "map.yaml").write_text(SMALL_NEW.replace("title: Магазин", "title: Магазин 2"), encoding="utf-8")
    run = cjm("diff", "HEAD~1:map.yaml", "map.yaml")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[:2] == ["map:", '  ~ title: "Магазин" -> "Магазин 2"']
    assert run.stderr == "HEAD~1:map.yaml -> map.yaml: 6 changes (2 added, 1 removed, 2 changed, 1 moved)\n"
    between_commits = cjm("diff", "HEAD~1:map.yaml", "HEAD:map.yaml", "-f", "json")
    assert json.loads(between_commits.stdout)["summary"]["changes"] == 5
    assert cjm("diff", "HEAD:map.yaml", "HEAD~1:map.yaml").stderr.startswith("HEAD:map.yaml -> HEAD~1:map.yaml: 5")


def test_a_cyrillic_path_in_git_and_paths_relative_to_the_current_folder(
    cjm: Callable[..., Run], repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = cjm("diff", "HEAD~1:карты/карта.yaml", "HEAD:карты/карта.yaml")
    assert run.exit_code == 0, run.stderr
    assert '  ~ journey.stages[buy].name: "Покупка" -> "Оплата картой"' in run.stdout.splitlines()
    monkeypatch.chdir(repository / "карты")
    relative = cjm("diff", "HEAD~1:./карта.yaml", "карта.yaml")
    assert (relative.exit_code, relative.stdout) == (0, run.stdout)
    from_root = cjm("diff", "HEAD~1:карты/карта.yaml", "HEAD:./карта.yaml")
    assert from_root.stdout == run.stdout


def test_the_staged_version_is_colon_path(cjm: Callable[..., Run], repository: Path) -> None:
    (repository / "map.yaml").write_text(SMALL_NEW.replace("Анна", "Анна К."), encoding="utf-8")
    git(repository, "add", "map.yaml")
    (repository / "map.yaml").write_text(SMALL_NEW.replace("Анна", "Анна Ковалёва"), encoding="utf-8")
    run = cjm("diff", ":map.yaml", "map.yaml")
    assert run.stdout == 'personas:\n  ~ personas[anna].name: "Анна К." -> "Анна Ковалёва"\n'


def test_a_file_named_like_rev_colon_path_is_read_from_disk(cjm: Callable[..., Run], repository: Path) -> None:
    (repository / "HEAD:map.yaml").write_text(SMALL_NEW.replace("Оплата", "С диска"), encoding="utf-8")
    run = cjm("diff", "HEAD:map.yaml", "map.yaml")
    assert run.stdout == 'journey:\n  ~ journey.stages[buy].name: "С диска" -> "Оплата"\n'


def test_an_invalid_map_in_a_revision_names_rev_colon_path(cjm: Callable[..., Run], repository: Path) -> None:
    (repository / "bad.yaml").write_text("cjm: 1\ntitle: M\nstagez: 1\n", encoding="utf-8")
    git(repository, "add", "bad.yaml")
    git(repository, "commit", "-q", "-m", "bad")
    run = cjm("diff", "HEAD:bad.yaml", "map.yaml")
    assert (run.exit_code, run.stdout) == (1, "")
    assert "HEAD:bad.yaml:3:1: error unknown-key unknown key 'stagez'" in run.stderr


@pytest.mark.parametrize(
    ("side", "message"),
    [
        ("HEAD~7:map.yaml", "HEAD~7:map.yaml: unknown revision 'HEAD~7' (git log lists the commits)"),
        ("no-such-branch:map.yaml", "no-such-branch:map.yaml: unknown revision 'no-such-branch'"),
        ("HEAD~1:missing.yaml", "HEAD~1:missing.yaml: no file 'missing.yaml' in HEAD~1 (the path is relative to"),
        ("HEAD:карты", "HEAD:карты: 'карты' is a folder in HEAD, not a file; name a map file"),
        ("HEAD:", "HEAD:: name a file after the colon, as in HEAD:map.yaml"),
        ("--output:map.yaml", "--output:map.yaml: a revision cannot start with '-'"),
        (
            ":/first",
            ":/first: ':/TEXT' is git's search of commit messages and names a commit, not a file: write :first for "
            "the staged file (paths start at the repository's top, without /), or HEAD^{/TEXT}:PATH for a file of "
            "the newest commit whose message matches TEXT",
        ),
        (
            "HEAD:/etc/passwd",
            "HEAD:/etc/passwd: '/etc/passwd' is an absolute path; in REV:path the path is relative to the "
            "repository's top, or to the current folder when it starts with ./",
        ),
    ],
)
def test_what_git_cannot_give_is_a_one_line_usage_error(
    cjm: Callable[..., Run], repository: Path, side: str, message: str
) -> None:
    run = cjm("diff", "--", side, "map.yaml")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith(f"cjm: error: {message}")
    assert run.stderr.count("\n") == 1


def test_an_absolute_path_inside_the_repository_is_shown_relative(cjm: Callable[..., Run], repository: Path) -> None:
    run = cjm("diff", f"HEAD:{repository / 'map.yaml'}", "map.yaml")
    assert run.exit_code == 2
    assert run.stderr.endswith("; write HEAD:map.yaml\n") and run.stderr.count("\n") == 1


def test_a_colon_inside_a_revisions_braces_is_not_the_separator(cjm: Callable[..., Run], repository: Path) -> None:
    # The newest commit whose message matches a pattern holding colons; the reflog at a time of day.
    run = cjm("diff", "HEAD~1:map.yaml", "HEAD^{/^[[:alpha:]]econd}:map.yaml")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == cjm("diff", "HEAD~1:map.yaml", "HEAD:map.yaml").stdout != ""
    missing = cjm("diff", "HEAD@{2099-12-31 23:59}:missing.yaml", "map.yaml")
    assert missing.stderr.startswith(
        "cjm: error: HEAD@{2099-12-31 23:59}:missing.yaml: no file 'missing.yaml' in HEAD@{2099-12-31 23:59} "
    )


def test_a_folder_is_not_a_side(cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path) -> None:
    path = write_map(MINIMAL)
    run = cjm("diff", tmp_path, path)
    assert run.exit_code == 1
    assert f"{tmp_path}:1:1: error io is a directory\n" in run.stderr
    assert "    hint: name a map file (cjm diff compares two files)\n" in run.stderr


def test_outside_a_repository_and_without_git(
    cjm: Callable[..., Run], write_map: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_map(MINIMAL)
    monkeypatch.chdir(tmp_path)
    outside = cjm("diff", "HEAD:map.yaml", path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert outside.exit_code == 2
    assert outside.stderr == (
        f"cjm: error: HEAD:map.yaml: the current folder ({tmp_path}) is not in a git repository; "
        "run cjm diff inside the repository, or name a file\n"
    )
    no_git = cjm("diff", "HEAD:map.yaml", path, env={"PATH": str(tmp_path / "no-programs-here")})
    assert no_git.exit_code == 3
    assert no_git.stderr == (
        "cjm: error: HEAD:map.yaml: git is not installed; it is needed to read a map from a revision\n"
    )


def test_terminal_escapes_in_a_side_name_are_shown_escaped(cjm: Callable[..., Run], repository: Path) -> None:
    run = cjm("diff", "HEAD:\x1b[2Jmap.yaml", "map.yaml")
    assert run.exit_code == 2 and "\x1b" not in run.stderr and "\\x1b[2J" in run.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_text_is_coloured_on_a_terminal_unless_no_color(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = pair
    changes = diff_maps(checked_map(old), checked_map(new))
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = _Terminal()
    write_diff(changes, str(old), str(new), "text", terminal)
    assert '  \x1b[32m+ personas[olga]: "Olga"\x1b[0m\n' in terminal.getvalue()
    assert '  \x1b[31m- personas[mark]: "Mark"\x1b[0m\n' in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _Terminal()
    write_diff(changes, str(old), str(new), "text", plain)
    assert plain.getvalue() == EVERY_AREA
