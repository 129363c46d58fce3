"""Pulling figures into maps (`cjm pull KIND`): counts and amounts from a Bitrix24 portal through its REST API,
KPI values from an analytics export, costs from an ad account's statistics report. A pull fills the blocks a
map already has (`--into`), keeping every other byte of the file; `--check` reports where the map and the CRM
disagree. Light to import: the command line reads the kinds and formats named here.

    from cjm_cli.importers.pull.run import pull_crm, pull_into
"""

from __future__ import annotations

from ...core.choices import Choice, names
from ...core.i18n import N_

PULL_KINDS: tuple[Choice, ...] = (
    Choice("bitrix24", N_("lead, deal and source figures of a Bitrix24 portal, through an incoming webhook")),
    Choice("csv", N_("KPI actuals (and targets) from a CSV keyed by KPI id, as analytics tools export")),
    Choice("google-ads", N_("cost, clicks and impressions per campaign and ad group from a Google Ads report")),
    Choice("yandex-direct", N_("cost, clicks and impressions per campaign and ad group from a Yandex Direct report")),
)
"""What `cjm pull` reads; `run.py` holds each one's reader."""
KINDS = names(PULL_KINDS)
FIGURE_FORMATS: tuple[Choice, ...] = (
    Choice("text", N_("a table per funnel and of sources, or of the file's rows")),
    Choice("json", N_("one document with every figure as a number")),
)
"""How `cjm pull` without `--into` prints the figures it read."""
FIGURES = names(FIGURE_FORMATS)
WEBHOOK_VARIABLE = "CJM_BITRIX24_WEBHOOK"
"""The environment variable holding the address of the portal's incoming webhook."""
