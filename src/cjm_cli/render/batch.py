"""`cjm render` over many maps: each map on one of `jobs` processes, its outputs written as soon as they are
made, its stamp consulted first; what the command line prints comes back small, in the order of the maps.

For each map, in a worker:

1. when its stamp says its outputs are fresh (`stamps.fresh`), nothing is drawn: its warnings are said again;
2. otherwise it is checked and, when valid, drawn; `render` writes its outputs and its stamp as one set,
   `render --check` compares the outputs with the files (and needs Graphviz only now).

Nothing of a map is kept once it is done but its problems and the names of its files, so the memory of a
render does not grow with the number of maps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.portfolio import MapSummary, summarise
from ..core.config import settings_for
from ..core.jobs import in_order
from ..core.pipeline import Checked, check_source, rules_for
from ..core.problems import CjmError, Problem
from ..core.read import STDIN, read_map
from ..core.write import LinkInTheWay, commit
from .graphviz_run import Dot, find_dot
from .outputs import RenderOptions, output_state, output_stem, render_checked
from .stamps import Made, digest, inputs_now, relative, stamp_path
from .stamps import fresh as fresh_by_stamp


@dataclass(frozen=True)
class Job:
    """One map to render: where its outputs go, with what, and whether only to compare them (`check`)."""

    argument: str
    folder: Path
    options: RenderOptions
    dot: Dot | None
    """None: Graphviz was not found; a check then fails only when a map needs drawing."""
    graphviz: str
    """The version of `dot`, which stamps record."""
    check: bool = False
    timeout: float = 60.0
    within: Path | None = None
    """The folder the outputs were asked for (`-o DIR`, of which `folder` may be a subfolder): a symbolic
    link below it is refused; `folder` itself by default."""


@dataclass
class Done:
    """One map rendered, checked against its files, or found unchanged; small, to send between processes."""

    checked: Checked
    """Slim (`Checked.slim`): the path and the problems of the map."""
    problems: list[Problem] = field(default_factory=list)
    """Those of the render (pictures not drawn, resolutions lowered...)."""
    outputs: int = 0
    """How many output files the map has (written, compared or unchanged)."""
    written: list[Path] = field(default_factory=list)
    stale: list[tuple[str, Path]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """The pictures Graphviz could not draw (`NAME.VIEW`)."""
    unchanged: bool = False
    """Fresh by its stamp: nothing was drawn."""
    summary: MapSummary | None = None
    """The map in a few figures, for the portfolio index; None for a map with problems."""
    error: tuple[str, int] | None = None
    """What stopped the command (a `CjmError`'s message and exit code), raised again by the caller."""

    @property
    def ok(self) -> bool:
        return self.checked.ok and not any(p.severity == "error" for p in self.problems)


def render_many(jobs: list[Job], processes: int) -> Iterator[Done]:
    """Each job done, in the order of `jobs`: the maps whose stamps say they are unchanged here, at once (that
    takes a few reads), the others on up to `processes` processes."""
    known = [_guarded(_unchanged, job) for job in jobs]
    drawn = in_order(render_one, [job for job, done in zip(jobs, known, strict=True) if done is None], processes)
    try:
        for done in known:
            yield done if done is not None else next(drawn)
    finally:
        drawn.close()  # stopped half-way: the workers are stopped too


def render_one(job: Job) -> Done:
    """One map checked and drawn (and written, or compared)."""
    done = _guarded(_draw, job)
    assert done is not None
    return done


def _guarded(step: Callable[[Job], Done | None], job: Job) -> Done | None:
    """What stops the command comes back as a value: an exception may not cross from a worker intact."""
    try:
        return step(job)
    except CjmError as error:
        return Done(Checked(job.argument), error=(str(error), error.exit_code))


def _settings_file(argument: str) -> Path | None:
    found = settings_for(argument).path
    return Path(found) if found else None


def _unchanged(job: Job) -> Done | None:
    """The map unchanged by its stamp (its warnings said again), or None when it is to be drawn."""
    if job.argument == STDIN:
        return None
    graphviz = None if job.check else job.graphviz  # a check accepts pictures of any Graphviz
    stem = output_stem(job.argument)
    found = fresh_by_stamp(job.argument, job.folder, stem, job.options, graphviz, _settings_file(job.argument))
    if found is None:
        return None
    checked = Checked(job.argument, problems=found.problems, valid=True)
    return Done(checked, outputs=found.outputs, unchanged=True, summary=found.summary)


def _draw(job: Job) -> Done:
    argument, folder, options = job.argument, job.folder, job.options
    stem = output_stem(argument)
    settings_file = _settings_file(argument)
    source, data = read_map(argument)
    checked = check_source(source, rules_for(argument))
    dot = job.dot or find_dot(job.timeout)  # no Graphviz: an EnvironmentFailure here, for the first map drawn
    outcome = render_checked(checked, folder, stem, options, dot)
    valid = checked.journey_map if checked.ok else None
    summary = summarise(valid, argument) if valid is not None else None
    done = Done(checked.slim(), outcome.problems, len(outcome.outputs), failed=outcome.failed, summary=summary)
    if job.check:
        for path, content in outcome.outputs.items():
            state = output_state(path, content)
            if state != "fresh":
                done.stale.append((state, path))
        return done
    files = dict(outcome.outputs)
    said = [*checked.problems, *outcome.problems]
    known = {checked.path, *(checked.document.included if checked.document else ())}
    if files and argument != STDIN and all(p.path in known for p in said):
        here = Path(argument).parent
        reads, found = inputs_now(here, (relative(path, here) for path in checked.reads()), settings_file)
        made = Made(
            digest(data),
            reads,
            found,
            options,
            job.graphviz,
            {path.name: digest(content) for path, content in files.items()},
            tuple(outcome.failed),
            tuple(said),
            argument,
            summary,
        )
        files[stamp_path(folder, stem)] = made.text().encode("ascii")
    try:
        # the outputs and the stamp as one set (all new or all old): a stamp never vouches for an output
        # that was not written
        commit(files, job.within or folder)
    except LinkInTheWay as refused:
        done.problems.append(refused.problem())
        return done
    done.written = list(outcome.outputs)
    return done
