"""Stage 6, render: one checked map -> the bytes of every requested output file, in memory.

Nothing is written here: the caller writes the outputs only when all of a map's outputs were made, so a
failed render leaves the previous files untouched.

Output files are named after the map file and the view: `NAME.flow.svg`, `NAME.flow.png`,
`NAME.journey.svg`, `NAME.journey.png` and `NAME.html`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.gap import twin_gap
from ..core.model import JourneyMap
from ..core.pipeline import Checked, check_file
from ..core.problems import START, EnvironmentFailure, Problem, UsageError
from ..core.read import STDIN
from ..core.write import LinkInTheWay, commit
from ..views.flow import build_flow
from ..views.grid import build_grid
from ..views.shapes import NO_MARKS, DiffView
from ..views.words import words
from .draw import DEFAULT_DPI, View
from .formats import FORMATS, ONE_RUN, PICTURES, VIEWS
from .graphviz_run import Dot, DotFailed, _kill

JOURNEY_LAYOUT = ("-Kneato", "-n2")
"""How the journey grid is laid out: every box is placed already."""


@dataclass(frozen=True)
class RenderOptions:
    formats: tuple[str, ...] = FORMATS
    views: tuple[str, ...] = VIEWS
    views_asked: bool = False
    """True when the user named the views: a view the map cannot draw is then worth a warning."""
    dpi: int = DEFAULT_DPI


@dataclass
class Rendered:
    """The outputs of one map, by file name, and what went wrong making them."""

    outputs: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """The pictures Graphviz could not draw (`NAME.VIEW`); the map's other outputs are in `outputs`."""

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def output_names(stem: str, options: RenderOptions) -> list[str]:
    """Every file `render_map` can write for a map named `stem` with `options` (a map without a view's block
    gets fewer): `NAME.VIEW.svg`, `NAME.VIEW.png`, `NAME.html`."""
    pictures = [f"{stem}.{view}.{kind}" for view in options.views for kind in PICTURES if kind in options.formats]
    return pictures + ([f"{stem}.html"] if "html" in options.formats else [])


def render_map(
    journey_map: JourneyMap, path: str, stem: str, options: RenderOptions, dot: Dot, diff: DiffView | None = None
) -> Rendered:
    """Draw the views of `journey_map` (read from `path`) in the requested formats; with `diff`, with the
    changes from another map marked (`cjm diff --render`)."""
    from .flow import flow_dot
    from .html import html_report
    from .journey import journey_dot
    from .pdf import flow_pdf, picture_pdf

    rendered = Rendered()
    w = words(journey_map.lang)
    marks = diff.marks if diff is not None else NO_MARKS
    flow = build_flow(journey_map, marks) if "flow" in options.views else None
    grid = build_grid(journey_map, marks) if "journey" in options.views else None
    if options.views_asked:
        for view, built, block in (("flow", flow, "channels, leads, deals, site or ppc"), ("journey", grid, "journey")):
            if view in options.views and built is None:
                rendered.problems.append(
                    Problem(path, START, "warning", "no-view", f"the map has no {block} block to draw the {view} view")
                )

    pictures = tuple(kind for kind in ONE_RUN if kind in options.formats)
    views: list[View] = []
    try:
        # Both views are drawn at once, each by one run of dot, while the report is made here.
        if flow is not None and (pictures or "html" in options.formats):
            flow_source = flow_dot(flow, journey_map.title, w)
            views.append(View(dot, flow_source, (), f"{stem}.flow", pictures, options.dpi).begin())
        if grid is not None and pictures:
            grid_source = journey_dot(grid, journey_map.title, w.map_types[journey_map.type])
            views.append(View(dot, grid_source, JOURNEY_LAYOUT, f"{stem}.journey", pictures, options.dpi).begin())
        flow_svg = _finish(rendered, path, views[0]) if flow is not None and views else None
        if "html" in options.formats:
            # an ideal map's report shows the gap from its twin (a diff's report shows the diff instead)
            gap = twin_gap(journey_map, _folder(path)) if diff is None else None
            report = html_report(journey_map, grid, flow, flow_svg.decode("utf-8") if flow_svg else None, diff, gap)
            rendered.outputs[f"{stem}.html"] = report.encode("utf-8")
        for later in views[1 if flow is not None else 0 :]:
            _finish(rendered, path, later)
        if "pdf" in options.formats:
            if flow is not None:
                _pdf(rendered, path, f"{stem}.flow", lambda: flow_pdf(flow, journey_map.title, w, dot))
            if grid is not None:
                source = journey_dot(grid, journey_map.title, w.map_types[journey_map.type])
                _pdf(rendered, path, f"{stem}.journey", lambda: picture_pdf(source, dot, *JOURNEY_LAYOUT))
    finally:
        for started in views:  # stopped half-way (Ctrl-C): no dot left running
            if started.run is not None and started.run.process.returncode is None:
                _kill(started.run.process)
    rendered.outputs = dict(sorted(rendered.outputs.items()))
    return rendered


def _pdf(rendered: Rendered, path: str, name: str, make: Callable[[], bytes]) -> None:
    """A view's PDF into `rendered`, or the problem of a PDF Graphviz could not draw."""
    try:
        rendered.outputs[f"{name}.pdf"] = make()
    except DotFailed as error:
        _not_drawn(rendered, path, name, f"{name}.pdf", error)


def _finish(rendered: Rendered, path: str, view: View) -> bytes | None:
    """The view's pictures into `rendered`, or the problem of a picture that failed (the other outputs of
    the map are made all the same); the SVG, if drawn."""
    try:
        svg = view.finish(path)
    except DotFailed as error:
        _not_drawn(rendered, path, view.name, view.name, error)
        return None
    rendered.outputs.update(view.pictures)
    rendered.problems += view.problems
    return svg


def _not_drawn(rendered: Rendered, path: str, name: str, what: str, error: DotFailed) -> None:
    """`name` (`NAME.VIEW`) among the pictures Graphviz could not draw, and the problem that says so of `what`."""
    rendered.failed.append(name)
    hint = "a map this large may need more time: raise --timeout" if error.timed_out else ""
    rendered.problems.append(Problem(path, START, "error", "render-failed", f"{error}; {what} is not drawn", hint))


def _folder(path: str) -> Path:
    """The folder a map's `twin:` is relative to: the map's own, the current one for standard input."""
    return Path.cwd() if path == STDIN else Path(path).parent


@dataclass
class RenderOutcome:
    """A map rendered (or not): its check, the render's problems, its outputs in memory, and then either the
    files written (`render_file`) or the files on disk that differ from the outputs (`check_render`)."""

    checked: Checked
    problems: list[Problem] = field(default_factory=list)
    outputs: dict[Path, bytes] = field(default_factory=dict)
    """Every output file's bytes by its path; empty unless the map was valid and rendered without error."""
    written: list[Path] = field(default_factory=list)
    stale: list[tuple[str, Path]] = field(default_factory=list)
    """`("missing", path)` or `("stale", path)` for each output the files on disk do not match."""
    failed: list[str] = field(default_factory=list)
    """The pictures Graphviz could not draw (`NAME.VIEW`)."""

    @property
    def ok(self) -> bool:
        return self.checked.ok and not any(p.severity == "error" for p in self.problems)


def output_folders(found: list[tuple[str, str | None]], out_dir: Path | None) -> dict[str, Path]:
    """Where each map's outputs go: beside the map, or in `out_dir` (keeping the folders below a directory
    argument). Two maps that would write the same files are a usage error."""
    folders: dict[str, Path] = {}
    claimed: dict[Path, str] = {}
    for argument, root in found:
        if argument == STDIN:
            if out_dir is None:
                raise UsageError("a map read from standard input needs an output folder: add -o DIR")
            folder = out_dir
        elif out_dir is None:
            folder = Path(argument).parent
        else:
            below = Path(argument).parent.relative_to(root) if root else Path(".")
            folder = out_dir / below
        target = folder / output_stem(argument)
        if target in claimed:
            raise UsageError(
                f"{claimed[target]} and {argument} would write the same files in {folder}; render them apart"
            )
        claimed[target] = argument
        folders[argument] = folder
    return folders


def output_stem(argument: str) -> str:
    """`maps/shop.yaml` -> `shop`: outputs are named after the map file."""
    return "stdin" if argument == STDIN else Path(argument).stem


def render_outputs(argument: str, folder: Path, options: RenderOptions, dot: Dot) -> RenderOutcome:
    """Check one map and, when it is valid, render its outputs for `folder` in memory (nothing is written)."""
    return render_checked(check_file(argument), folder, output_stem(argument), options, dot)


def render_checked(checked: Checked, folder: Path, stem: str, options: RenderOptions, dot: Dot) -> RenderOutcome:
    """Render a map already checked: `outcome.outputs` holds every file made (all but the pictures Graphviz
    could not draw, listed in `outcome.failed`)."""
    outcome = RenderOutcome(checked)
    if not checked.ok or checked.journey_map is None:
        return outcome
    rendered = render_map(checked.journey_map, checked.path, stem, options, dot)
    outcome.problems = rendered.problems
    # a picture Graphviz could not draw leaves the map's other outputs to be written all the same
    outcome.outputs = {folder / name: data for name, data in sorted(rendered.outputs.items())}
    outcome.failed = rendered.failed
    return outcome


def render_file(
    argument: str, folder: Path, options: RenderOptions, dot: Dot, within: Path | None = None
) -> RenderOutcome:
    """Check one map and, when it is valid, render and write its outputs into `folder`.

    Outputs are written only when all of them were made, and then as a set (`core.write.commit`): a failure
    leaves the previous files as they were. `within` is the folder the outputs were asked for (`-o DIR`,
    of which `folder` may be a subfolder; `folder` itself by default): a symbolic link below it is refused,
    as a problem of the map.
    """
    outcome = render_outputs(argument, folder, options, dot)
    try:
        outcome.written = commit(outcome.outputs, within or folder)
    except LinkInTheWay as refused:
        outcome.problems.append(refused.problem())
    return outcome


def check_render(argument: str, folder: Path, options: RenderOptions, dot: Dot) -> RenderOutcome:
    """Render one map in memory, as `render_file` would, and compare with the files on disk, writing nothing:
    `outcome.stale` lists the outputs that are missing or differ."""
    outcome = render_outputs(argument, folder, options, dot)
    for path, data in outcome.outputs.items():
        state = output_state(path, data)
        if state != "fresh":
            outcome.stale.append((state, path))
    return outcome


def output_state(path: Path, data: bytes) -> str:
    """`fresh` when the file at `path` holds exactly `data`, `missing` when there is none, else `stale`."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return "stale"  # a folder or a pipe is in the way (never opened: a pipe would block)
        with open(path, "rb") as handle:
            on_disk = handle.read(len(data) + 1)  # one byte more tells a longer file apart
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        return "stale"  # a file where a folder of outputs should be
    except OSError as error:
        raise EnvironmentFailure(f"cannot read {path}: {error.strerror or error}") from error
    return "fresh" if on_disk == data else "stale"
