"""Stage 6, render: the pictures of one view from one run of `dot`, started now and collected later, so that
the two views of a map are drawn at once while Python goes on with the report.

One run makes every format asked (`dot -Tsvg -o view.svg -Tpng -o view.png`): Graphviz lays the graph out
once. The PNG's resolution depends on the picture's size, known only after the layout; at the default 96 dpi
(Graphviz's own for PNG, so no `-Gdpi` is needed, which would also scale the SVG) the PNG comes from the same
run, and only a picture past the PNG budget is drawn again at a lower resolution. A PNG at another
resolution needs `-Gdpi`, so it is drawn in a second run, from the SVG's size. Either way the bytes are
those of `dot -Tsvg` and `dot -Tpng -Gdpi=N` run apart.

dot reads its DOT from a file and writes into files of a temporary folder (no pipe to fill up and block),
runs in a process group of its own, and is killed with its group when its time is up or cjm stops.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import START, EnvironmentFailure, Problem
from .graphviz_run import Dot, DotFailed, _kill

DEFAULT_DPI = 96
"""Graphviz's own resolution for PNG."""
PNG_MAX_SIDE = 32_767
"""Cairo cannot make a PNG wider or taller than this many pixels."""
PNG_BUDGET_MEGAPIXELS = 20
"""A PNG larger than this at the asked resolution is drawn at a lower one (never below MIN_READABLE_DPI).
Cairo holds 4 bytes a pixel while it draws, and the time grows with the pixels too: the journey grid of 20
stages of 50 items, 40 megapixels at 96 dpi, took 1.6 s of CPU and 182 MB; at 67 dpi it fits 20 megapixels
and took 0.9 s and 101 MB. 20 megapixels (5,000 x 4,000 px) is more than a slide or a chat shows; the SVG and the
HTML report show a larger map whole."""
MIN_READABLE_DPI = 64
"""Below this the text of a picture is too small to read (9-pt text is 8 px high at 64 dpi)."""
ONE_RUN_SOURCE = 150_000
"""DOT sources up to this many characters draw their PNG in the same run as the SVG, betting that it fits the
budget (a redraw when it does not); larger ones draw the SVG first, so that an oversized PNG is never drawn.
Either way gives the same bytes: this only chooses the faster path."""

_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


@dataclass(frozen=True)
class Resolution:
    """The resolution a PNG is drawn at, and why it is not the one asked, if it is not."""

    dpi: int | None
    """None: no PNG (it would be unreadable)."""
    asked: int
    pixels: tuple[int, int]
    """The PNG's size at the asked resolution."""

    def problem(self, path: str, name: str) -> Problem | None:
        width, height = self.pixels
        size = f"{width:,} x {height:,} px ({width * height / 1e6:.0f} megapixels)"
        if self.dpi is None:
            return Problem(
                path,
                START,
                "warning",
                "png-too-large",
                f"{name}.png is not drawn: at {self.asked} dpi it would be {size}, unreadable at any resolution "
                f"a PNG allows (at most {PNG_MAX_SIDE:,} px a side)",
                "use the SVG or the HTML report, or split the map",
            )
        if self.dpi == self.asked:
            return None
        why = (
            f"past the {PNG_MAX_SIDE:,} px a PNG side can have"
            if max(self.pixels) > PNG_MAX_SIDE
            else f"past the PNG budget of {PNG_BUDGET_MEGAPIXELS} megapixels"
        )
        return Problem(
            path,
            START,
            "warning",
            "png-resolution",
            f"{name}.png is drawn at {self.dpi} dpi, not {self.asked}: at {self.asked} dpi it would be {size}, {why}",
            "the SVG and the HTML report show it whole at any size",
        )


def png_resolution(svg: bytes, asked: int) -> Resolution:
    """The resolution of the PNG of the picture whose SVG is `svg`: the asked one, lowered to fit the PNG
    budget but not below MIN_READABLE_DPI (or the asked one, when lower), and to fit a PNG's largest side."""
    size = _SIZE.search(svg)
    width, height = (float(size[1]), float(size[2])) if size else (0.0, 0.0)
    pixels = (round(width * asked / 72), round(height * asked / 72))
    dpi = asked
    if width * height:
        fits = int(72 * math.sqrt(PNG_BUDGET_MEGAPIXELS * 1e6 / (width * height)))
        dpi = max(min(asked, fits), min(asked, MIN_READABLE_DPI))
        dpi = min(dpi, int(PNG_MAX_SIDE * 72 / max(width, height)))
    return Resolution(dpi if dpi >= min(asked, MIN_READABLE_DPI) else None, asked, pixels)


@dataclass
class Run:
    """One `dot` process drawing one graph into files; `result()` waits for them."""

    dot: Dot
    process: subprocess.Popen[bytes]
    folder: Path
    targets: dict[str, Path]
    deadline: float

    def result(self) -> dict[str, bytes]:
        """Each format's bytes; DotFailed when dot failed or ran out of its time (it is killed then)."""
        try:
            try:
                self.process.wait(timeout=max(0.0, self.deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _kill(self.process)
                raise DotFailed(f"Graphviz did not finish in {self.dot.timeout:g} s", timed_out=True) from None
            except BaseException:
                _kill(self.process)
                raise
            if self.process.returncode != 0:
                errors = (self.folder / "errors").read_bytes().decode("utf-8", "replace").strip().splitlines()
                last = errors[-1] if errors else f"exit code {self.process.returncode}"
                raise DotFailed(f"Graphviz failed: {last}")
            return {kind: target.read_bytes() for kind, target in self.targets.items()}
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start(dot: Dot, source: str, formats: tuple[str, ...], *options: str) -> Run:
    """Start drawing `source` in each of `formats` (e.g. "svg", "png") with one `dot` run."""
    folder = Path(tempfile.mkdtemp(prefix="cjm-dot-"))
    graph = folder / "graph.gv"
    try:
        graph.write_text(source, encoding="utf-8")
    except OSError as error:  # a full disk (or a file size limit) before any output: every output stays as it was
        shutil.rmtree(folder, ignore_errors=True)
        reason = error.strerror or str(error)
        message = f"cannot write a temporary file for Graphviz: {reason}; nothing was written"
        raise EnvironmentFailure(message) from error
    try:
        targets = {kind: folder / f"picture.{kind}" for kind in formats}
        command = [dot.path, *options, *(f"-{flag}" for kind in formats for flag in (f"T{kind}", f"o{targets[kind]}"))]
        with open(folder / "errors", "wb") as errors:
            process = subprocess.Popen(
                [*command, str(graph)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                start_new_session=True,  # its own process group, killed as a whole on timeout
            )
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise EnvironmentFailure(f"cannot run {dot.path}: {error.strerror or error}") from error
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Run(dot, process, folder, targets, time.monotonic() + dot.timeout)


@dataclass
class View:
    """The pictures of one view being drawn: `finish()` gives them, with what to say about them."""

    dot: Dot
    source: str
    layout: tuple[str, ...]
    name: str
    """`NAME.VIEW`, what the files are called."""
    formats: tuple[str, ...]
    """The picture formats asked (`svg`, `png`); the SVG is drawn in any case, to size the PNG."""
    dpi: int
    run: Run | None = None
    pictures: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def begin(self) -> View:
        together = "png" in self.formats and self.dpi == DEFAULT_DPI and len(self.source) <= ONE_RUN_SOURCE
        self.run = start(self.dot, self.source, ("svg", "png") if together else ("svg",), *self.layout)
        return self

    def finish(self, path: str) -> bytes:
        """Wait for the pictures; return the SVG (DotFailed when Graphviz failed)."""
        assert self.run is not None
        drawn = self.run.result()
        svg = drawn["svg"]
        if "svg" in self.formats:
            self.pictures[f"{self.name}.svg"] = svg
        if "png" in self.formats:
            resolution = png_resolution(svg, self.dpi)
            said = resolution.problem(path, self.name)
            self.problems += [said] if said else []
            if resolution.dpi is not None:
                png = drawn.get("png") if resolution.dpi == DEFAULT_DPI else None
                if png is None:
                    again = start(self.dot, self.source, ("png",), *self.layout, f"-Gdpi={resolution.dpi}")
                    png = again.result()["png"]
                self.pictures[f"{self.name}.png"] = png
        return svg
