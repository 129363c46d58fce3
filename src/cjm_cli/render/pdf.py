"""Render: the pictures as vector PDF, for print.

Graphviz draws each page (`dot -Tpdf`, through cairo, fonts embedded); pypdf puts the pages of the flow
together. A picture of the whole flow of a real sales system is too large to read on one printed page, so the
flow's PDF has the whole picture first, as an overview scaled to an A3 landscape page, then one page per
block (the channels, the leads, each pipeline, the site with its campaigns), each drawn at its own size and
readable printed on A3 (tests/test_pdf.py measures the smallest text). The journey grid is one page.

cairo writes the time of the run into the PDF; it is replaced by a fixed one (same length, so that the
file's byte offsets stay right): the same map gives the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

from ..views.shapes import Flow
from ..views.words import Words
from .flow import flow_dot
from .graphviz_run import Dot

A3_LANDSCAPE = (16.54, 11.69)
"""Inches."""
MARGIN = 0.4
"""Inches kept free on each side of a printed page."""

_CREATION_DATE = re.compile(rb"/CreationDate \(D:(\d{14})")
_FIXED_DATE = b"20000101000000"


def picture_pdf(source: str, dot: Dot, *options: str) -> bytes:
    """One picture as a one-page PDF, the same bytes for the same DOT."""
    return _fixed_date(dot.run(source, "pdf", *options))


def flow_pdf(flow: Flow, title: str, w: Words, dot: Dot) -> bytes:
    """The whole flow on an A3 landscape page, then each of its blocks on a page of its own."""
    from pypdf import PdfReader, PdfWriter  # only when a PDF is asked for: not at start-up

    width, height = A3_LANDSCAPE
    fit = f"-Gsize={width - 2 * MARGIN:g},{height - 2 * MARGIN:g}"
    pages = [(title, picture_pdf(flow_dot(flow, title, w), dot, fit))]
    # the site's pages side by side and its campaigns under them: a column of pages is too tall to print
    pages += [
        (name, picture_pdf(flow_dot(block, title, w, "TB" if block.pages else "LR"), dot))
        for name, block in blocks(flow, w)
    ]
    writer = PdfWriter()
    for number, (name, pdf) in enumerate(pages):
        writer.append(PdfReader(io.BytesIO(pdf)), import_outline=False)
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


def _fixed_date(pdf: bytes) -> bytes:
    return _CREATION_DATE.sub(lambda match: b"/CreationDate (D:" + _FIXED_DATE, pdf)
