"""`cjm pull bitrix24`: the real command line against a fake portal on 127.0.0.1 over real HTTP (tests/fake_bitrix24.py,
shapes documented in tests/fixtures/pull/README.md). Nothing here reaches the internet."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cjm_cli.api import check_file
from cjm_cli.core.period import parse_period
from cjm_cli.importers.pull.http import Limits, PortalError, Webhook
from cjm_cli.importers.pull.run import pull_crm
from conftest import EXAMPLES, Run
from fake_bitrix24 import TOKEN, Portal, Running


@pytest.fixture
def portal() -> Iterator[Running]:
    with Running(Portal.from_fixture()) as running:
        yield running


def pull(cjm: Callable[..., Run], running: Running, *args: str | Path, webhook: str | None = None) -> Run:
    return cjm("pull", "bitrix24", *args, env={"CJM_BITRIX24_WEBHOOK": webhook or running.webhook})


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    shutil.copyfile(EXAMPLES / "sales-system.yaml", path)
    return path


# --- filling a map --------------------------------------------------------------------------------------------


def test_pulling_into_the_seed_example_fills_every_count_and_amount(
    cjm: Callable[..., Run], portal: Running, shop: Path
) -> None:
    before = shop.read_text(encoding="utf-8")
    run = pull(cjm, portal, "--into", shop, "--period", "2026-Q3")
    assert run.exit_code == 0, run.stderr
    assert "filled 5 of 5 lead stage(s); filled 2 of 2 pipeline(s); filled 15 channel(s)" in run.stderr
    m = check_file(str(shop)).journey_map
    assert m is not None and m.leads is not None and m.leads.pulled is not None
    # The fixture's leads of 2026-Q3 are at NEW 40, IN_PROCESS 60, PROCESSED 100, CONVERTED 300, JUNK 50: a stage
    # counts those at it or further along the chain; the first also counts the 50 that failed.
    assert [s.count for s in m.leads.stages] == [550, 460, 400, 300, 50]
    assert (m.leads.period, m.leads.pulled.period, m.leads.pulled.source) == ("2026-Q3", "2026-Q3", "bitrix24")
    product_a, product_b = m.deals
    # Product A: NEW 10 x 1000, PREPARATION 10 x 1500, PREPAYMENT_INVOICE 20 x 2000, EXECUTING 5 x 2000,
    # FINAL_INVOICE 5 x 2000, WON 50 x 1800, LOSE 30 x 1000 (and 3 won deals of June, left out).
    assert [(s.count, s.amount) for s in product_a.stages] == [
        (130, 205000),
        (90, 165000),
        (80, 150000),
        (60, 110000),
        (55, 100000),
        (50, 90000),
        (30, 30000),
    ]
    # Product B: 4, 6, 5, 3, 2, 20 won and 10 lost deals of 8500 each.
    assert [s.count for s in product_b.stages] == [50, 36, 30, 25, 22, 20, 10]
    assert [s.amount for s in product_b.stages] == [425000, 306000, 255000, 212500, 187000, 170000, 85000]
    channels = {c.id: (c.leads, c.deals, c.sales, c.revenue, c.currency) for c in m.channels}
    assert channels["telegram"] == (120, 30, 30, 54000, "BYN")
    assert channels["site_forms"] == (130, 95, 15, 127500, "BYN")
    assert channels["icetrade_by"] == (0, 5, 5, 42500, "BYN")
    # Every comment and blank line is where it was, and every line the pull did not fill is byte for byte.
    after = shop.read_text(encoding="utf-8")
    kept = iter(after.split("\n"))
    assert all(line in kept for line in before.split("\n") if not line.strip() or line.lstrip().startswith("#"))
    assert (
        "        count: 50          # 90 из сконвертированных лидов (320 + 90 = 410) и 5 тендеров с icetrade.by"
        in after
    )
    filled = ("count", "amount", "period", "pulled", "leads:", "deals:", "sales:", "revenue", "currency", "{id: ")
    unchanged = [line for line in before.split("\n") if not any(word in line for word in filled)]
    assert all(line in after.split("\n") for line in unchanged)


def test_pulling_again_changes_nothing_and_the_map_stays_valid(
    cjm: Callable[..., Run], portal: Running, shop: Path
) -> None:
    assert pull(cjm, portal, "--into", shop, "--period", "2026-Q3").exit_code == 0
    once = shop.read_bytes()
    assert pull(cjm, portal, "--into", shop, "--period", "2026-Q3").exit_code == 0
    assert shop.read_bytes() == once
    assert check_file(str(shop)).ok


def test_a_map_with_errors_is_not_pulled_into_and_the_portal_is_not_asked(
    cjm: Callable[..., Run], portal: Running, shop: Path
) -> None:
    text = shop.read_text(encoding="utf-8").replace("feeds: product_b", "feeds: product_c")
    shop.write_text(text, encoding="utf-8")
    run = pull(cjm, portal, "--into", shop, "--period", "2026-Q3")
    assert run.exit_code == 1 and "unknown-ref unknown target 'product_c'" in run.stderr
    assert shop.read_text(encoding="utf-8") == text
    assert portal.portal.requests == 0


def test_a_pull_that_would_make_the_map_invalid_writes_nothing(
    cjm: Callable[..., Run], portal: Running, shop: Path
) -> None:
    for deal in portal.portal.deals:
        deal["CURRENCY_ID"] = "A-CURRENCY-NAMED-AT-LENGTH"  # longer than a map's currency may be
    text = shop.read_text(encoding="utf-8").replace("    currency: BYN\n", "")
    shop.write_text(text, encoding="utf-8")
    run = pull(cjm, portal, "--into", shop, "--period", "2026-Q3")
    assert run.exit_code == 1
    assert "the map would not be valid after the pull; nothing was written" in run.stderr
    assert shop.read_text(encoding="utf-8") == text


def test_a_stage_the_map_lacks_and_one_the_portal_lacks_are_warnings(
    cjm: Callable[..., Run], portal: Running, shop: Path
) -> None:
    portal.portal.status("PROCESSED")["STATUS_ID"] = "UC_3XK9ZT"
    for lead in portal.portal.leads:
        if lead["STATUS_ID"] == "PROCESSED":
            lead["STATUS_ID"] = "UC_3XK9ZT"
    run = pull(cjm, portal, "--into", shop, "--period", "2026-Q3")
    assert run.exit_code == 0, run.stderr
    assert "warning pull-not-in-crm lead stage PROCESSED ('Обработан (целевой)') is not in the portal" in run.stderr
    assert "warning pull-no-place 400 lead(s) reached stage UC_3XK9ZT" in run.stderr


def test_without_into_the_figures_are_printed_as_text_or_json(cjm: Callable[..., Run], portal: Running) -> None:
    run = pull(cjm, portal, "--period", "2026-07-01..2026-09-30")
    assert run.exit_code == 0, run.stderr
    assert "Pipeline 1: Продукт Б: СКУД с пусконаладкой (BYN)" in run.stdout
    assert TOKEN not in run.stdout and "/rest/1/***/" in run.stdout
    document = json.loads(pull(cjm, portal, "--period", "2026-Q3", "-f", "json").stdout)
    assert (document["period"], document["from"], document["to"]) == ("2026-Q3", "2026-07-01", "2026-09-30")
    assert [s["count"] for s in document["leads"]["stages"]] == [550, 460, 400, 300, 50]
    assert document["sources"][0] == {
        "id": "1|TELEGRAM",
        "name": "Telegram",
        "leads": 120,
        "deals": 30,
        "sales": 30,
        "revenue": 54000.0,
        "currencies": ["BYN"],
    }


def test_the_lists_are_read_in_pages_through_batch(portal: Running) -> None:
    _, traffic = pull_crm(Webhook(portal.webhook), parse_period("2026-Q3"))
    calls = portal.portal.calls
    # 550 leads and 180 deals of the quarter: the first page of each alone, the other pages in one batch.
    assert calls.count("crm.lead.list") == 1 and calls.count("batch:crm.lead.list") == 10
    assert calls.count("crm.deal.list") == 1 and calls.count("batch:crm.deal.list") == 3
    assert traffic.requests == 6 and calls.count("batch") == 2


# --- --check ----------------------------------------------------------------------------------------------------


def line_of(path: Path, text: str, occurrence: int = 1) -> tuple[int, int]:
    """Line and column (1-based) of the `occurrence`-th line of the file holding `text`, where it starts."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = [i for i, line in enumerate(lines) if text in line][occurrence - 1]
    return number + 1, lines[number].index(text) + 1


def test_check_is_clean_when_the_portal_and_the_map_agree(cjm: Callable[..., Run], portal: Running, shop: Path) -> None:
    run = pull(cjm, portal, "--check", shop)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stderr.endswith(": no differences\n")


def test_a_stage_renamed_in_the_portal_is_reported_at_its_name(
    cjm: Callable[..., Run], portal: Running, shop: Path
) -> None:
    portal.portal.status("C1:PREPAYMENT_INVOICE")["NAME"] = "Счёт на аванс"
    run = pull(cjm, portal, "--check", shop, "-f", "text")
    assert run.exit_code == 1
    line, column = line_of(shop, "Счёт на предоплату", 2)  # the second pipeline's
    assert run.stdout == (
        f"{shop}:{line}:{column}: error crm-renamed deal stage C1:PREPAYMENT_INVOICE is called 'Счёт на аванс' "
        "in the CRM, 'Счёт на предоплату' here\n    hint: write `name: Счёт на аванс`\n"
    )
    assert run.stderr.endswith(": 1 difference\n")
    assert check_file(str(shop)).ok  # --check writes nothing


@pytest.mark.parametrize("output_format", ["json", "github", "sarif", "gitlab"])
def test_differences_are_written_in_every_problem_format(
    cjm: Callable[..., Run], portal: Running, shop: Path, output_format: str
) -> None:
    portal.portal.status("JUNK")["NAME"] = "Спам"
    run = pull(cjm, portal, "--check", shop, "-f", output_format)
    assert run.exit_code == 1
    line, _ = line_of(shop, "{id: JUNK, name: Некачественный лид")
    if output_format == "json":
        [problem] = json.loads(run.stdout)["files"][0]["problems"]
        assert (problem["line"], problem["code"]) == (line, "crm-renamed")
    elif output_format == "github":
        assert run.stdout.startswith(f"::error file={shop},line={line},col=")
        assert "title=cjm crm-renamed::lead stage JUNK is called 'Спам' in the CRM" in run.stdout
    elif output_format == "sarif":
        [rule] = json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]
        assert rule["shortDescription"]["text"] == "a stage, pipeline or lead source is named otherwise in the CRM"
        assert rule["properties"]["tags"] == ["crm"]
        [result] = json.loads(run.stdout)["runs"][0]["results"]
        assert (result["ruleId"], result["locations"][0]["physicalLocation"]["region"]["startLine"]) == (
            "crm-renamed",
            line,
        )
    else:
        [issue] = json.loads(run.stdout)
        assert (issue["check_name"], issue["location"]["lines"]["begin"]) == ("crm-renamed", line)


def test_stages_pipelines_and_sources_added_removed_and_moved_in_the_crm(
    cjm: Callable[..., Run], portal: Running, shop: Path
) -> None:
    statuses = portal.portal.statuses
    portal.portal.status("IN_PROCESS")["SORT"] = "35"  # now after PROCESSED
    portal.portal.status("PREPARATION", "DEAL_STAGE")["STATUS_ID"] = "UC_7QW2ZD"  # its id changed: removed + added
    statuses.append({**portal.portal.status("C1:NEW"), "ID": "990", "STATUS_ID": "C3:NEW", "ENTITY_ID": "DEAL_STAGE_3"})
    portal.portal.categories.append({"id": 3, "name": "Сервисные договоры", "sort": 300, "entityTypeId": 2})
    statuses.append({**portal.portal.status("CALL"), "ID": "992", "STATUS_ID": "UC_AVITO1", "NAME": "Avito"})
    portal.portal.categories[0]["name"] = "СКУД"
    run = pull(cjm, portal, "--check", shop, "-f", "json")
    assert run.exit_code == 1
    found = [(p["code"], p["message"]) for p in json.loads(run.stdout)["files"][0]["problems"]]
    assert ("crm-added", "lead source UC_AVITO1 ('Avito') is in the CRM and no channel of the map is it") in found
    assert ("crm-moved", next(m for c, m in found if c == "crm-moved")) in found
    assert any(c == "crm-moved" and "lead stage IN_PROCESS" in m for c, m in found)
    assert ("crm-removed", "deal stage PREPARATION ('Подготовка КП') is not in the CRM") in found
    assert ("crm-added", "deal stage UC_7QW2ZD ('Подготовка КП') was added in the CRM, after NEW") in found
    assert ("crm-renamed", "pipeline 'Продукт Б: СКУД с пусконаладкой' is called 'СКУД' in the CRM") in found
    assert any(c == "crm-added" and "pipeline 'Сервисные договоры' (category 3)" in m for c, m in found)
    assert len(found) == 6


# --- the network, the rights, the secret -------------------------------------------------------------------------


def test_a_rate_limited_portal_is_retried(portal: Running) -> None:
    portal.portal.rate_limited = 3
    waits: list[float] = []
    from cjm_cli.importers.pull.http import Client
    from cjm_cli.importers.pull.portal import Portal as Reader

    client = Client(Webhook(portal.webhook), Limits(pause=0.01), sleep=waits.append)
    statuses = Reader(client).statuses()
    assert len(statuses) == len(portal.portal.statuses)
    assert (client.requests, client.retries, waits) == (4, 3, [0.01, 0.02, 0.04])


def test_a_portal_that_stays_rate_limited_is_one_clear_line(cjm: Callable[..., Run], portal: Running) -> None:
    portal.portal.rate_limited = 1000
    with pytest.raises(PortalError) as raised:
        pull_crm(Webhook(portal.webhook), parse_period("2026-Q3"), Limits(retries=2, pause=0.001))
    assert str(raised.value).endswith("crm.status.list: QUERY_LIMIT_EXCEEDED: Too many requests, still after 2 retries")
    assert TOKEN not in str(raised.value)


@pytest.mark.parametrize(
    ("knob", "said"),
    [
        ("token", "INVALID_CREDENTIALS: the portal knows no active webhook with this user and token"),
        ("expired", "expired_token: the webhook's token has expired"),
        ("scopes", "insufficient_scope: the webhook lacks the rights this needs: give it the `crm` scope"),
    ],
)
def test_a_bad_token_or_missing_rights_give_one_line_exit_3_and_the_token_masked(
    cjm: Callable[..., Run], portal: Running, shop: Path, knob: str, said: str
) -> None:
    webhook = portal.webhook
    if knob == "token":
        portal.portal.token = "somethingelse0001"
    elif knob == "expired":
        portal.portal.expired = True
    else:
        portal.portal.scopes = ("task",)
    before = shop.read_bytes()
    for args in (("--into", shop, "--period", "2026-Q3"), ("--check", shop), ("--period", "last-quarter")):
        run = pull(cjm, portal, *args, webhook=webhook)
        assert run.exit_code == 3, run.stderr
        shown = webhook.replace(TOKEN, "***")
        assert run.stderr.splitlines()[-1] == f"cjm: error: {shown} crm.status.list: {said}"
        assert TOKEN not in run.stdout + run.stderr
    assert shop.read_bytes() == before


def test_no_network_is_exit_3(cjm: Callable[..., Run], shop: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    webhook = f"http://127.0.0.1:{port}/rest/1/{TOKEN}/"
    run = cjm("pull", "bitrix24", "--check", shop, env={"CJM_BITRIX24_WEBHOOK": webhook})
    assert run.exit_code == 3
    assert (
        run.stderr
        == f"cjm: error: http://127.0.0.1:{port}/rest/1/***/ crm.status.list: 127.0.0.1 refused the connection\n"
    )


@pytest.mark.parametrize(
    ("webhook", "message"),
    [
        ("", "no webhook: create an incoming webhook with the `crm` scope"),
        (f"http://portal.bitrix24.by/rest/1/{TOKEN}/", "must start with https:// (plain http only to 127.0.0.1)"),
        (f"https://portal.bitrix24.by/{TOKEN}/", "reads https://<portal>/rest/<user id>/<token>/"),
        (f"https://user:pw@portal.bitrix24.by/rest/1/{TOKEN}/", "no user name, password, query or fragment"),
    ],
)
def test_a_missing_or_unsafe_webhook_is_a_usage_error(
    cjm: Callable[..., Run], shop: Path, webhook: str, message: str
) -> None:
    run = cjm("pull", "bitrix24", "--check", shop, env={"CJM_BITRIX24_WEBHOOK": webhook})
    assert run.exit_code == 2 and message in run.stderr
    assert TOKEN not in run.stderr


def test_the_webhook_may_come_from_a_file(cjm: Callable[..., Run], portal: Running, shop: Path, tmp_path: Path) -> None:
    secret = tmp_path / "webhook.txt"
    secret.write_text(f"# Bitrix24, read-only\n{portal.webhook}\n", encoding="utf-8")
    run = cjm("pull", "bitrix24", "--check", shop, "--webhook-file", secret, env={"CJM_BITRIX24_WEBHOOK": ""})
    assert run.exit_code == 0, run.stderr


def test_the_webhook_never_shows_its_token() -> None:
    webhook = Webhook(f"https://portal.bitrix24.by/rest/7/{TOKEN}/profile.json")
    assert TOKEN not in repr(webhook) + str(webhook) + webhook.shown + f"{webhook!r}"
    assert webhook.shown == "https://portal.bitrix24.by/rest/7/***/"
    assert webhook.mask(f"moved to https://x/rest/7/{TOKEN}/") == "moved to https://x/rest/7/***/"


def test_usage_mistakes(cjm: Callable[..., Run], portal: Running, shop: Path) -> None:
    for args, message in (
        (("--into", shop), "name the period of the figures"),
        (("--into", shop, "--check", shop), "--into and --check do not go together"),
        (("--period", "2026-Q5"), "--period: a period is written"),
        (("--from", "2026-07-01"), "--from and --to go together"),
        (("--check", shop, "-f", "markdown"), "--format: no format is called 'markdown' here: choose from"),
        (("-o", shop, "--period", "2026"), "-o names where the filled map goes"),
    ):
        run = pull(cjm, portal, *args)
        assert (run.exit_code, message in run.stderr) == (2, True), (args, run.stderr)


@pytest.mark.parametrize(
    ("status", "headers", "body", "said"),
    [
        (302, {"Location": "https://other.bitrix24.by/rest/1/{token}/"}, b"", "the portal sends requests to "
         "https://other.bitrix24.by/rest/1/***/: use that address"),
        (200, {"Content-Type": "text/html"}, b"<html>Bitrix24 is down</html>", "HTTP 200, and the answer is not JSON"),
        (400, {}, b'{"error": "", "error_description": "bad filter at /rest/1/{token}/crm.status.list"}',
         "bad filter at /rest/1/***/crm.status.list"),
        (200, {}, b'{"result": {"weird": true}, "time": {}}', "the answer holds no list of items"),
    ],
)  # fmt: skip
def test_strange_answers_are_one_line_without_the_token(
    cjm: Callable[..., Run], portal: Running, shop: Path, status: int, headers: dict[str, str], body: bytes, said: str
) -> None:
    token = portal.portal.token
    portal.portal.raw = (
        status,
        {k: v.format(token=token) for k, v in headers.items()},
        body.replace(b"{token}", token.encode()),
    )
    run = pull(cjm, portal, "--check", shop)
    assert run.exit_code == 3, run.stderr
    assert said in run.stderr and len(run.stderr.splitlines()) == 1
    assert token not in run.stdout + run.stderr


def test_a_stage_whose_meaning_changed_and_a_broken_map(cjm: Callable[..., Run], portal: Running, shop: Path) -> None:
    won = portal.portal.status("C1:FINAL_INVOICE")
    won["SEMANTICS"], won["EXTRA"] = "S", {"SEMANTICS": "success", "COLOR": "#00FF00"}
    run = pull(cjm, portal, "--check", shop)
    assert run.exit_code == 1
    line, column = line_of(shop, "C1:FINAL_INVOICE")
    assert (
        f"{shop}:{line}:{column}: error crm-meaning deal stage C1:FINAL_INVOICE is success in the CRM, " in run.stdout
    )
    calls = len(portal.portal.calls)
    shop.write_text(shop.read_text(encoding="utf-8").replace("feeds: product_b", "feeds: nowhere"), encoding="utf-8")
    run = pull(cjm, portal, "--check", shop)
    assert run.exit_code == 1 and run.stderr.endswith(": the map has errors\n")
    assert len(portal.portal.calls) == calls  # the portal is not asked about a map with errors
