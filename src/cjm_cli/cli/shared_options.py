"""The options several commands share, as typer reads them (`Annotated` types): the maps to read (`cjm stats`,
`cjm plan`), drawing (`cjm render`, `cjm watch`), `--only-maps`, `--jobs` and `--shard`.

Apart from `options.py` because their help is written in the user's language when this module is imported,
which the command modules do once `cjm --lang` has been read; `cli/__init__.py` imports `options.py` before.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.choices import described
from ..core.i18n import tr
from ..render.formats import OUTPUT_FORMATS, VIEW_CHOICES
from .options import complete_list, number_in

MapPaths = Annotated[
    list[str],
    typer.Argument(
        help=tr("Map files, directories (searched for maps, as by validate), or - for standard input."),
        show_default=False,
        metavar="MAP",
    ),
]

# The drawing options of `cjm render` and `cjm watch`. Their defaults stay at each command's parameter, where
# typer reads them: `formats: RenderFormats = ["svg,png,html"]`, `views: RenderViews = []`, `dpi: Dpi = 96`,
# `timeout: GraphvizTimeout = 60.0`.
RenderFormats = Annotated[
    list[str],
    typer.Option(
        "--format",
        "-f",
        help=tr("Outputs to make (comma-separated or repeated): {formats}.", formats=described(OUTPUT_FORMATS)),
        metavar="LIST",
        autocompletion=complete_list(OUTPUT_FORMATS),
    ),
]
RenderViews = Annotated[
    list[str],
    typer.Option(
        "--view",
        help=tr("Views to draw: {views}. Default: every view the map has.", views=described(VIEW_CHOICES)),
        metavar="LIST",
        autocompletion=complete_list(VIEW_CHOICES),
    ),
]
Dpi = Annotated[
    int, typer.Option("--dpi", help=tr("Resolution of PNG files (lowered for very large maps)."), **number_in(36, 600))
]
GraphvizTimeout = Annotated[
    float,
    typer.Option(
        "--timeout", help=tr("Seconds Graphviz may take for one picture."), **number_in(1, 3600, False, "SECONDS")
    ),
]


OnlyMaps = Annotated[
    bool,
    typer.Option(
        "--only-maps",
        help=tr(
            "Skip the files named that are not maps (no top-level `cjm:` key and no `$schema=...cjm.schema.json` "
            "line), quietly: for pre-commit, which hands over every staged YAML file."
        ),
        show_default=False,
    ),
]

Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        help=tr("Maps worked on at once, each by a process of its own. Default: the number of CPUs."),
        show_default=False,
        **number_in(1, 1024),
    ),
]
Shard = Annotated[
    str | None,
    typer.Option(
        "--shard",
        metavar="I/N",
        help=tr(
            "Only the I-th of N shards of the maps (1/4 .. 4/4), for a CI matrix: each map goes to the shard "
            "its path's hash picks, so adding a map moves no other."
        ),
        show_default=False,
    ),
]
