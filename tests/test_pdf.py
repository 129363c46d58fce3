"""`cjm render -f pdf`: vector PDFs a consultant can print. The flow's PDF is an overview and a page per
block, every page A3, the blocks of a seed-sized sales system readable in print (text at 6 pt or more);
the same map gives the same bytes."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from cjm_cli.api import check_file
from cjm_cli.render.pdf import blocks
from cjm_cli.views.flow import build_flow
from cjm_cli.views.words import words
from conftest import EXAMPLES, Run

A3 = sorted((297 / 25.4 * 72, 420 / 25.4 * 72))
"""The sides of an A3 sheet in points."""
SALES_SYSTEM = EXAMPLES / "sales-system.yaml"
"""The size of the seed's sales system: 16 channels, leads, two pipelines, a site and campaigns."""


def _text_sizes(page: object) -> list[float]:
    """The size of every piece of text on the page as printed (the font size through the page's matrices)."""
    sizes: list[float] = []

    def seen(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(size * math.sqrt(abs(a * d - b * c)))

    page.extract_text(visitor_text=seen)  # type: ignore[attr-defined]
    return sizes


def _render_pdf(cjm: Callable[..., Run], source: Path, out: Path, *options: str) -> Path:
    result = cjm("render", source, "-o", out, "-f", "pdf", *options)
    assert result.exit_code == 0, result.stdout + result.stderr
    return out


def test_the_flow_prints_on_a3_an_overview_then_a_page_per_block(cjm: Callable[..., Run], tmp_path: Path) -> None:
    out = _render_pdf(cjm, SALES_SYSTEM, tmp_path, "--view", "flow")
    reader = PdfReader(out / "sales-system.flow.pdf")
    checked = check_file(str(SALES_SYSTEM))
    assert checked.journey_map is not None
    w = words(checked.journey_map.lang)
    flow = build_flow(checked.journey_map)
    assert flow is not None
    named = [name for name, _block in blocks(flow, w)]
    assert [item.title for item in reader.outline] == [checked.journey_map.title, *named]  # type: ignore[union-attr]
    assert len(reader.pages) == 1 + len(named)
    for page in reader.pages:
        assert sorted((float(page.mediabox.width), float(page.mediabox.height))) == pytest.approx(A3, abs=0.5)
    # the overview is landscape; every block page is readable printed: no text under 6 pt
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)
    for number, page in enumerate(reader.pages[1:], start=1):
        sizes = _text_sizes(page)
        assert sizes, f"page {number} has no text"
        assert min(sizes) >= 6, f"page {number} ({named[number - 1]}): text of {min(sizes):.1f} pt"
    # every stage of every pipeline is on its pipeline's page, in Cyrillic as written
    pipelines = {pipeline.name: pipeline for pipeline in checked.journey_map.deals}
    for number, name in enumerate(named, start=1):
        if name in pipelines:
            text = " ".join(reader.pages[number].extract_text().split())
            for stage in pipelines[name].stages:
                assert stage.name.split()[0] in text


def test_the_same_map_gives_the_same_pdf_bytes(cjm: Callable[..., Run], tmp_path: Path) -> None:
    first = _render_pdf(cjm, SALES_SYSTEM, tmp_path / "first")
    second = _render_pdf(cjm, SALES_SYSTEM, tmp_path / "second")
    made = sorted(p.name for p in first.glob("*.pdf"))
    assert made == ["sales-system.flow.pdf", "sales-system.journey.pdf"]
    for name in made:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.mark.parametrize("example", ["b2c-running-shoes.yaml", "b2b-blueprint.yaml"])
def test_the_journey_grid_is_one_page(cjm: Callable[..., Run], tmp_path: Path, example: str) -> None:
    out = _render_pdf(cjm, EXAMPLES / example, tmp_path, "--view", "journey")
    reader = PdfReader(next(out.glob("*.journey.pdf")))
    assert len(reader.pages) == 1
    checked = check_file(str(EXAMPLES / example))
    assert checked.journey_map is not None and checked.journey_map.journey is not None
    text = " ".join(reader.pages[0].extract_text().split())
    assert checked.journey_map.journey.stages[0].name.split()[0] in text
