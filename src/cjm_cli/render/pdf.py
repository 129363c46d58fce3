"""Render: the pictures as vector PDF, for print.

Graphviz draws each page (`dot -Tpdf`, through cairo, fonts embedded); pypdf puts the pages of the flow
together. A picture of the whole flow of a real sales system is too large to read on one printed page, so the
flow's PDF has the whole picture first, as an overview, then one page per block (the channels, the leads,
each pipeline, the site with its campaigns). Every page is A3, landscape or portrait as its picture is wide
or tall, the picture scaled down to fit inside the margins (never up) and centred: a block of a
seed-sized sales system prints with its smallest text at 6 pt or more (tests/test_pdf.py measures it). The
journey grid is one page at its own size.

cairo writes the time of the run into the PDF; it is replaced by a fixed one (same length, so that the
file's byte offsets stay right): the same map gives the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..views.shapes import Flow
from ..views.words import Words
from .flow import flow_dot
from .graphviz_run import Dot

if TYPE_CHECKING:
    from pypdf import PageObject, PdfWriter

A3_LANDSCAPE = (420 / 25.4, 297 / 25.4)
"""Inches: 420 x 297 mm."""
MARGIN = 0.4
"""Inches kept free on each side of a printed page."""
POINTS = 72
"""PDF units an inch."""

_CREATION_DATE = re.compile(rb"/CreationDate \(D:(\d{14})")
_FIXED_DATE = b"20000101000000"


def picture_pdf(source: str, dot: Dot, *options: str) -> bytes:
    """One picture as a one-page PDF, the same bytes for the same DOT."""
    return _fixed_date(dot.run(source, "pdf", *options))


def flow_pdf(flow: Flow, title: str, w: Words, dot: Dot) -> bytes:
    """The whole flow on an A3 landscape page, then each of its blocks on a page of its own."""
    from pypdf import PdfReader, PdfWriter  # only when a PDF is asked for: not at start-up

    width, height = A3_LANDSCAPE
    fit = f"-Gsize={width - 2 * MARGIN:g},{height - 2 * MARGIN:g}"  # cairo's PDF as large as the page: no scaling
    pages = [(title, picture_pdf(flow_dot(flow, title, w), dot, fit))]
    # the site's pages side by side and its campaigns under them: a column of pages is too tall to print
    pages += [
        (name, picture_pdf(flow_dot(block, title, w, "TB" if block.pages else "LR"), dot))
        for name, block in blocks(flow, w)
    ]
    writer = PdfWriter()
    for number, (name, pdf) in enumerate(pages):
        _on_a3(writer, PdfReader(io.BytesIO(pdf)).pages[0])
        writer.add_outline_item(title=name, page_number=number)
    writer.add_metadata({"/Title": title, "/Producer": "cjm"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blocks(flow: Flow, w: Words) -> list[tuple[str, Flow]]:
    """Each block of the flow as a flow of its own, with its name: channels, leads, each pipeline, the site
    with the campaigns that land on it."""
    empty = replace(flow, channel_groups=(), leads=None, pipelines=(), pages=(), campaigns=(), legend=None)
    found: list[tuple[str, Flow]] = []
    if flow.channel_groups:
        found.append((w.channels, replace(empty, channel_groups=flow.channel_groups)))
    if flow.leads is not None:
        found.append((flow.leads.title, replace(empty, leads=flow.leads)))
    found += [(pipeline.title, replace(empty, pipelines=(pipeline,))) for pipeline in flow.pipelines]
    if flow.pages or flow.campaigns:
        found.append((w.site, replace(empty, pages=flow.pages, campaigns=flow.campaigns)))
    return found


def _on_a3(writer: PdfWriter, picture: PageObject) -> None:
    """`picture` as an A3 page of `writer`, turned as the picture is, scaled down to fit and centred."""
    from pypdf import Transformation
    from pypdf.generic import RectangleObject

    width, height = float(picture.mediabox.width), float(picture.mediabox.height)
    long_side, short_side = (side * POINTS for side in A3_LANDSCAPE)
    page_width, page_height = (long_side, short_side) if width >= height else (short_side, long_side)
    free = 2 * MARGIN * POINTS
    scale = min(1.0, (page_width - free) / width, (page_height - free) / height)
    left = (page_width - width * scale) / 2 - float(picture.mediabox.left) * scale
    bottom = (page_height - height * scale) / 2 - float(picture.mediabox.bottom) * scale
    # the picture's own page, its drawing moved and its box made A3: its fonts and images are not copied again
    page = writer.add_page(picture)
    page.add_transformation(Transformation().scale(scale).translate(left, bottom))
    page.mediabox = RectangleObject((0, 0, page_width, page_height))
    page.cropbox = RectangleObject((0, 0, page_width, page_height))


def _fixed_date(pdf: bytes) -> bytes:
    return _CREATION_DATE.sub(lambda match: b"/CreationDate (D:" + _FIXED_DATE, pdf)
