"""What `cjm render` can make, named once: the output formats and the views. The command line takes its
choices, help and completion from here; `render.outputs` makes the files.

Light to import (no Graphviz, no Jinja2, no models): the command line reads it when it starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.choices import Choice, names
from ..core.i18n import N_


@dataclass(frozen=True)
class OutputFormat(Choice):
    picture: bool
    """A picture of each view (`NAME.VIEW.svg`), drawn by Graphviz; otherwise one file of the map (`NAME.html`)."""


OUTPUT_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("svg", N_("a picture of each view, scalable, with links and tooltips"), picture=True),
    OutputFormat("png", N_("a picture of each view, for slides and chats"), picture=True),
    OutputFormat(
        "pdf",
        N_("a vector picture of each view on A3 pages, for print (the flow whole, then a page per block)"),
        picture=True,
    ),
    OutputFormat("html", N_("one self-contained report of the map, with every view and table"), picture=False),
)
FORMATS = names(OUTPUT_FORMATS)
PICTURES: tuple[str, ...] = tuple(f.name for f in OUTPUT_FORMATS if f.picture)
ONE_RUN: tuple[str, ...] = ("svg", "png")
"""The pictures one run of `dot` makes of a view together; a PDF is made page by page (`render/pdf.py`)."""

VIEW_CHOICES: tuple[Choice, ...] = (
    Choice("flow", N_("the sales system: channels, leads, deal pipelines, site pages, campaigns")),
    Choice("journey", N_("the journey grid: stages, lanes and the emotion curve")),
)
VIEWS = names(VIEW_CHOICES)
