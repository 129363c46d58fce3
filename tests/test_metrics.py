"""Funnel and KPI figures (metrics.py), checked against values worked out by hand for small funnels written
here, and the way build writes them out (numbers in the map's language, "—" where a figure is undefined)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli.analysis.metrics import FunnelMetrics, MapMetrics, measure, pipeline_metrics
from cjm_cli.api import check_file
from cjm_cli.core.model import DealStage, JourneyMap, Pipeline
from cjm_cli.views.figures import kpi_views, lost_percent, number, percent, signed
from cjm_cli.views.flow import build_flow
from cjm_cli.views.funnels import funnel_tables


def checked(write_map: Callable[..., Path], text: str) -> JourneyMap:
    result = check_file(str(write_map("cjm: 1\ntitle: T\n" + textwrap.dedent(text))))
    assert result.ok and result.journey_map is not None, result.problems
    return result.journey_map


def figures(write_map: Callable[..., Path], text: str) -> MapMetrics:
    return measure(checked(write_map, text))


def leads(write_map: Callable[..., Path], stages: str) -> FunnelMetrics:
    body = textwrap.indent(textwrap.dedent(stages), "    ")
    [funnel] = figures(write_map, f"leads:\n  stages:\n{body}").funnels
    return funnel


def conversions(funnel: FunnelMetrics) -> list[tuple[str, str, float | None]]:
    return [(s.from_stage, s.to_stage, s.conversion) for s in funnel.steps]


# --- conversions ---------------------------------------------------------------------------------------------


def test_a_small_funnel_worked_out_by_hand(write_map: Callable[..., Path]) -> None:
    funnel = leads(
        write_map,
        """\
        - {id: A, name: New, count: 200}
        - {id: J, name: Junk, meaning: failure, count: 100}
        - {id: B, name: Working, count: 150}
        - {id: C, name: Qualified, count: 60}
        - {id: W, name: Converted, meaning: success, count: 30}
        """,
    )
    # The chain is A B C W (the failure stage is an exit, wherever it is written): 150/200, 60/150, 30/60.
    assert conversions(funnel) == [("A", "B", 0.75), ("B", "C", 0.4), ("C", "W", 0.5)]
    assert [s.lost for s in funnel.steps] == [50, 90, 30]
    assert funnel.overall == 0.15 and funnel.outcome == "W"  # 30 of 200
    assert [(s.id, s.of_entry) for s in funnel.stages] == [
        ("A", 1.0),
        ("J", 0.5),
        ("B", 0.75),
        ("C", 0.3),
        ("W", 0.15),
    ]
    assert funnel.drop_off == 1  # B -> C keeps 40%, the lowest conversion: it loses 60% of what entered it
    assert funnel.won == 30 and funnel.lost == 100
    assert funnel.revenue is None and funnel.average_deal is None  # leads have no amounts
    assert funnel.kind == "leads" and funnel.key == "leads" and funnel.name is None


def test_share_not_count_decides_the_biggest_drop_off(write_map: Callable[..., Path]) -> None:
    funnel = leads(
        write_map,
        """\
        - {id: A, name: A, count: 1000}
        - {id: B, name: B, count: 500}
        - {id: C, name: C, count: 100}
        """,
    )
    # A -> B loses more deals (500, half of them); B -> C fewer (400) but 80% of what entered it.
    assert funnel.drop_off == 1


def test_a_stage_without_a_count_breaks_the_steps_around_it(write_map: Callable[..., Path]) -> None:
    funnel = leads(
        write_map,
        """\
        - {id: A, name: A, count: 100}
        - {id: B, name: B}
        - {id: C, name: C, count: 50}
        - {id: W, name: W, meaning: success, count: 40}
        """,
    )
    assert conversions(funnel) == [("A", "B", None), ("B", "C", None), ("C", "W", 0.8)]
    assert [s.lost for s in funnel.steps] == [None, None, 10]
    assert funnel.overall == 0.4  # the first and the success stage have counts: 40 of 100
    assert funnel.drop_off == 2  # the only step with a figure, and it loses 20%
    assert [s.of_entry for s in funnel.stages] == [1.0, None, 0.5, 0.4]


def test_zero_counts_never_divide(write_map: Callable[..., Path]) -> None:
    funnel = leads(
        write_map,
        """\
        - {id: A, name: A, count: 0}
        - {id: B, name: B, count: 0}
        - {id: W, name: W, meaning: success, count: 0}
        - {id: J, name: J, meaning: failure, count: 0}
        """,
    )
    assert conversions(funnel) == [("A", "B", None), ("B", "W", None)]
    assert funnel.overall is None and funnel.drop_off is None
    assert [s.of_entry for s in funnel.stages] == [None, None, None, None]
    assert funnel.won == 0 and funnel.lost == 0


def test_a_step_down_to_zero_loses_everything(write_map: Callable[..., Path]) -> None:
    funnel = leads(
        write_map,
        """\
        - {id: A, name: A, count: 10}
        - {id: B, name: B, count: 0}
        - {id: C, name: C, count: 0}
        """,
    )
    assert conversions(funnel) == [("A", "B", 0.0), ("B", "C", None)]
    assert funnel.drop_off == 0
    assert funnel.overall is None  # no success stage


def test_ties_go_to_the_earliest_step(write_map: Callable[..., Path]) -> None:
    funnel = leads(
        write_map,
        """\
        - {id: A, name: A, count: 90}
        - {id: B, name: B, count: 60}
        - {id: C, name: C, count: 40}
        - {id: W, name: W, meaning: success, count: 39}
        """,
    )
    # 90 -> 60 and 60 -> 40 both lose exactly a third: the earlier step is the drop-off.
    assert funnel.drop_off == 0
    funnel = leads(
        write_map,
        """\
        - {id: A, name: A, count: 100}
        - {id: B, name: B, count: 90}
        - {id: C, name: C, count: 45}
        - {id: D, name: D, count: 30}
        - {id: E, name: E, count: 15}
        """,
    )
    # 90 -> 45 and 30 -> 15 both lose half (the others a tenth and a third): the earlier one, B -> C.
    assert funnel.drop_off == 1


def test_a_funnel_that_only_grows_has_no_drop_off(write_map: Callable[..., Path]) -> None:
    funnel = leads(
        write_map,
        """\
        - {id: A, name: A, count: 10}
        - {id: B, name: B, count: 12}
        - {id: C, name: C, count: 12}
        """,
    )
    assert conversions(funnel) == [("A", "B", 1.2), ("B", "C", 1.0)]
    assert [s.lost for s in funnel.steps] == [-2, 0]
    assert funnel.drop_off is None


# --- pipelines: revenue, won, lost ---------------------------------------------------------------------------


def pipeline(write_map: Callable[..., Path], stages: str, currency: str = "BYN") -> FunnelMetrics:
    body = textwrap.indent(textwrap.dedent(stages), "      ")
    [funnel] = figures(
        write_map, f"deals:\n  - id: p\n    name: Product\n    currency: {currency}\n    stages:\n{body}"
    ).funnels
    return funnel


def test_revenue_and_average_deal(write_map: Callable[..., Path]) -> None:
    funnel = pipeline(
        write_map,
        """\
        - {id: NEW, name: New, count: 320, amount: 576000}
        - {id: INVOICE, name: Invoice, count: 190, amount: 342000}
        - {id: WON, name: Won, meaning: success, count: 131, amount: 235800}
        - {id: LOSE, name: Lost, meaning: failure, count: 150, amount: 270000}
        """,
    )
    assert funnel.revenue == 235800 and funnel.won == 131 and funnel.average_deal == 1800  # 235 800 / 131
    assert funnel.lost == 150
    assert funnel.overall == 131 / 320
    assert funnel.kind == "pipeline" and funnel.key == "p" and funnel.name == "Product" and funnel.currency == "BYN"


def test_a_pipeline_with_no_success_stage(write_map: Callable[..., Path]) -> None:
    funnel = pipeline(
        write_map,
        """\
        - {id: NEW, name: New, count: 10, amount: 1000}
        - {id: WORK, name: Work, count: 5, amount: 500}
        - {id: LOSE, name: Lost, meaning: failure, count: 4, amount: 400}
        """,
    )
    assert conversions(funnel) == [("NEW", "WORK", 0.5)]
    assert funnel.overall is None and funnel.outcome is None
    assert funnel.won is None and funnel.revenue is None and funnel.average_deal is None
    assert funnel.lost == 4


def test_amounts_without_counts(write_map: Callable[..., Path]) -> None:
    funnel = pipeline(
        write_map,
        """\
        - {id: NEW, name: New, amount: 5000}
        - {id: WON, name: Won, meaning: success, amount: 3000}
        """,
    )
    assert funnel.has_figures
    assert conversions(funnel) == [("NEW", "WON", None)]
    assert funnel.revenue == 3000
    assert funnel.won is None and funnel.average_deal is None  # no count to divide by


def test_nothing_won_gives_no_average(write_map: Callable[..., Path]) -> None:
    funnel = pipeline(
        write_map,
        """\
        - {id: NEW, name: New, count: 3, amount: 900}
        - {id: WON, name: Won, meaning: success, count: 0, amount: 0}
        """,
    )
    assert funnel.won == 0 and funnel.revenue == 0 and funnel.average_deal is None
    assert funnel.overall == 0.0 and funnel.drop_off == 0


def test_totals_over_several_success_stages_need_every_part(write_map: Callable[..., Path]) -> None:
    funnel = pipeline(
        write_map,
        """\
        - {id: NEW, name: New, count: 10}
        - {id: PAID, name: Paid, meaning: success, count: 4, amount: 400}
        - {id: RENEWED, name: Renewed, meaning: success, count: 2, amount: 300}
        """,
    )
    assert funnel.won == 6 and funnel.revenue == 700 and funnel.average_deal == pytest.approx(700 / 6)
    assert funnel.outcome == "PAID" and funnel.overall == 0.4  # the first success stage
    funnel = pipeline(
        write_map,
        """\
        - {id: NEW, name: New, count: 10}
        - {id: PAID, name: Paid, meaning: success, count: 4, amount: 400}
        - {id: RENEWED, name: Renewed, meaning: success, count: 2}
        """,
    )
    assert funnel.won == 6 and funnel.revenue is None  # a part of the total is missing: no total


def test_infinite_amounts_count_as_not_given(write_map: Callable[..., Path]) -> None:
    funnel = pipeline(
        write_map,
        """\
        - {id: NEW, name: New, count: 2, amount: .inf}
        - {id: WON, name: Won, meaning: success, count: 1, amount: 1e308}
        - {id: WON2, name: Won again, meaning: success, count: 1, amount: 1e308}
        """,
    )
    assert funnel.stages[0].amount is None
    assert funnel.revenue is None  # the sum overflows
    assert funnel.average_deal is None


def test_a_funnel_that_starts_with_its_outcome_or_has_only_exits(write_map: Callable[..., Path]) -> None:
    funnel = pipeline(write_map, "- {id: WON, name: Won, meaning: success, count: 5}\n")
    assert funnel.steps == () and funnel.overall is None and funnel.drop_off is None
    funnel = pipeline(write_map, "- {id: LOSE, name: Lost, meaning: failure, count: 5}\n")
    assert funnel.steps == () and funnel.stages[0].of_entry is None and funnel.lost == 5


def test_leads_come_first_then_pipelines_in_order(write_map: Callable[..., Path]) -> None:
    measured = figures(
        write_map,
        """\
        deals:
          - {id: b, name: B, stages: [{id: N, name: N}]}
          - {id: a, name: A, stages: [{id: N, name: N}]}
        leads: {stages: [{id: N, name: N}]}
        """,
    )
    assert [f.key for f in measured.funnels] == ["leads", "b", "a"]
    assert not measured.has_figures


# --- KPIs ------------------------------------------------------------------------------------------------------


def test_kpi_status_and_gap(write_map: Callable[..., Path]) -> None:
    measured = figures(
        write_map,
        """\
        journey:
          stages:
            - id: s
              name: Stage
              kpis:
                - {name: Leads, target: 1300, actual: 1240}
                - {name: Response, target: 15, actual: 42, unit: min, better: lower}
                - {name: Exact, target: 40, actual: 40}
                - {name: Exact and lower, target: 40, actual: 40, better: lower}
                - {name: Fast, target: 15, actual: 9, better: lower}
                - {name: No target, actual: 3}
                - {name: Not a number, target: .nan, actual: 3}
        """,
    )
    assert [(k.name, k.status, k.gap) for k in measured.kpis] == [
        ("Leads", "missed", -60),
        ("Response", "missed", 27),
        ("Exact", "met", 0),
        ("Exact and lower", "met", 0),
        ("Fast", "met", -6),
        ("No target", "unknown", None),
        ("Not a number", "unknown", None),
    ]
    assert measured.kpis[1].stage_id == "s" and measured.kpis[1].stage == "Stage" and measured.kpis[1].unit == "min"
    assert measured.has_figures


# --- written out --------------------------------------------------------------------------------------------


def test_numbers_in_each_language() -> None:
    assert number(1240, "en") == "1,240"
    assert number(1240, "ru") == "1\u00a0240"  # a no-break space groups thousands in Russian
    assert number(1240.5, "ru") == "1\u00a0240,5"  # and a comma separates the fraction
    assert number(2.675, "en") == "2.68"  # halves round up, from the number as written
    assert number(0.004, "en") == "0.004"
    assert number(-60, "en") == "\u221260"  # a minus sign
    assert signed(27, "ru") == "+27" and signed(0, "en") == "0"
    assert percent(0.8145, "ru") == "81%"
    assert percent(0.085, "ru") == "8,5%" and percent(0.085, "en") == "8.5%"
    assert percent(58 / 80, "en") == "73%"  # 72.5% rounds up, as people round
    assert percent(0.05, "en") == "5%"


def test_tables_show_a_dash_where_a_figure_is_undefined(write_map: Callable[..., Path]) -> None:
    journey_map = checked(
        write_map,
        """\
        lang: ru
        deals:
          - id: p
            name: Продукт
            currency: BYN
            period: Q1
            stages:
              - {id: NEW, name: Новая, count: 1240, amount: 1500000.5}
              - {id: MID, name: Середина}
              - {id: LATE, name: Поздняя, count: 0}
              - {id: WON, name: Успех, meaning: success, count: 0, amount: 0}
              - {id: LOSE, name: Провал, meaning: failure, count: 62}
        """,
    )
    [table] = funnel_tables(journey_map)
    assert table.title == "Продукт" and table.subtitle == "Q1 · BYN" and table.has_amounts
    rows = [(r.id, r.count, r.amount, r.from_previous, r.from_first, r.outcome) for r in table.rows]
    assert rows == [
        ("NEW", "1\u00a0240", "1\u00a0500\u00a0000,5 BYN", "", "100%", ""),
        ("MID", "—", "", "—", "—", ""),
        ("LATE", "0", "", "—", "0%", ""),
        ("WON", "0", "0 BYN", "—", "0%", "успешно"),
        ("LOSE", "62", "", "", "5%", "провалено"),
    ]
    assert not any(r.drop_off for r in table.rows) and table.drop_off == ""
    assert table.totals == (("конверсия", "0%"), ("успешно", "0"), ("провалено", "62"), ("выручка", "0 BYN"))


def test_the_flow_marks_the_drop_off_stage_and_shows_money(write_map: Callable[..., Path]) -> None:
    journey_map = checked(
        write_map,
        """\
        deals:
          - id: p
            name: Product
            currency: EUR
            stages:
              - {id: NEW, name: New, count: 200, amount: 20000}
              - {id: OFFER, name: Offer, count: 100, amount: 10000}
              - {id: WON, name: Won, meaning: success, count: 90, amount: 9450}
        """,
    )
    flow = build_flow(journey_map)
    assert flow is not None
    [funnel] = flow.pipelines
    assert [(s.id, s.conversion, s.drop_off) for s in funnel.chain] == [
        ("NEW", "", ""),
        ("OFFER", "50%", "\u221250%"),  # 100 of 200 went on: half lost
        ("WON", "90%", ""),
    ]
    assert funnel.overall == "conversion 45%"
    assert funnel.money == "revenue 9,450 EUR · average deal 105 EUR"  # 9 450 / 90


def test_kpi_values_are_written_once_for_the_grid_and_the_tables(write_map: Callable[..., Path]) -> None:
    journey_map = checked(
        write_map,
        """\
        lang: ru
        journey:
          stages:
            - id: s
              name: Этап
              kpis: [{name: Время ответа, target: 15, actual: 42.5, unit: мин, better: lower}]
        """,
    )
    [kpi] = kpi_views(journey_map)
    assert (kpi.actual, kpi.target, kpi.gap, kpi.status) == ("42,5 мин", "15 мин", "+27,5 мин", "bad")


def test_a_step_out_of_a_won_stage_is_never_the_biggest_drop_off() -> None:
    # Two won stages: 100 -> 90 (loses 10%) -> won 50 (loses 44%) -> won after install 10 (a second outcome).
    pipeline = Pipeline(
        id="p",
        name="P",
        stages=[
            DealStage(id="new", name="New", count=100),
            DealStage(id="offer", name="Offer", count=90),
            DealStage(id="paid", name="Paid", meaning="success", count=50),
            DealStage(id="installed", name="Installed", meaning="success", count=10),
        ],
    )
    figures = pipeline_metrics(pipeline)
    assert figures.biggest_drop_off is not None
    assert (figures.biggest_drop_off.from_stage, figures.biggest_drop_off.to_stage) == ("offer", "paid")


@pytest.mark.parametrize(
    ("conversion", "shown", "lost"),
    [
        (58 / 80, "73%", "\u221227%"),
        (190 / 265, "72%", "\u221228%"),
        (0.5, "50%", "\u221250%"),
        (1.0, "100%", "\u22120%"),
    ],
)
def test_the_lost_share_and_the_conversion_add_up_as_shown(conversion: float, shown: str, lost: str) -> None:
    # 58 of 80 is 72.5%: shown as 73% (halves up), so the loss shown is 27%, not 28%.
    assert (percent(conversion, "en"), lost_percent(conversion, "en")) == (shown, lost)
