"""Watching maps: re-render each map when its file is saved, keeping the last good outputs on a broken save.

Changes are found by polling, which needs no dependency and sees every way of saving: a cheap `stat` of each
map at every poll, and the content's hash when the stat changed (or every few seconds, for file systems
whose timestamps are too coarse to tell two quick saves apart). Editors that save by writing a new file and
renaming it over the old one change the inode, and a map missing for a moment is waited for. A change is
acted on once the file has kept still for one poll, so a save still being written is not read half-way.

The bytes that were hashed are the bytes that are checked and rendered: a save between the two cannot slip by.
The shared files a map includes are watched with it: a save of one draws again every map that includes it.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..core.language import Language
from ..core.pipeline import Checked, check_source, rules_for
from ..core.problems import CjmError, Problem
from ..core.read import decode, read_bytes
from ..core.write import commit
from ..render.graphviz_run import Dot
from ..render.outputs import RenderOptions, RenderOutcome, output_state, output_stem, render_checked
from ..reports.problems import text_line
from ..views.words import words

POLL_SECONDS = 0.3
RESCAN_POLLS = 10
"""Every this many polls a map's content is hashed even when its stat did not change."""

EventKind = Literal["rendered", "problems", "missing", "failed"]


@dataclass(frozen=True)
class WatchedMap:
    argument: str
    """The map's path as given on the command line."""
    folder: Path
    """Where its outputs go."""
    within: Path | None = None
    """The output folder asked for (`-o DIR`), of which `folder` may be a subfolder; `folder` by default."""


@dataclass
class Event:
    """What one poll did about one map.

    - `rendered`: the map is valid and drawn; `changed` lists the output files rewritten (only those whose
      bytes differ), `outcome.checked.problems` and `outcome.problems` may hold warnings;
    - `problems`: the map (or its render) has errors; nothing was written;
    - `missing`: the file is gone (reported once until it is back);
    - `failed`: the outputs could not be written (`message` says why); none of them was.
    """

    kind: EventKind
    watched: WatchedMap
    outcome: RenderOutcome | None = None
    changed: list[Path] = field(default_factory=list)
    message: str = ""

    @property
    def checked(self) -> Checked | None:
        """The map's check with the render's problems added, as `report.text_report` takes it."""
        if self.outcome is None:
            return None
        checked = self.outcome.checked
        return Checked(
            checked.path, checked.journey_map, sorted([*checked.problems, *self.outcome.problems], key=Problem.sort_key)
        )


@dataclass(frozen=True)
class ProblemNote:
    """What a page of a broken map says over its last good version: a title and each problem with its hint."""

    title: str
    problems: tuple[tuple[str, str], ...]


@dataclass
class _State:
    stat_key: tuple[int, ...] | None = None
    digest: bytes | None = None
    """The hash of the content last acted on; None until the map was first read."""
    settling: bool = False
    missing: bool = False
    polls: int = 0
    problems: tuple[Problem, ...] = ()
    """The problems of the last save, when it could not be drawn; none when it was."""
    lang: Language = "en"
    """The language of the last map drawn."""
    drawn: bool = False
    included: tuple[str, ...] = ()
    """The shared files the map included when it was last read (`include:`), watched with it."""


class Watcher:
    """Polls maps and renders those that changed. `generation` counts the polls that rewrote some output or
    broke or mended a map: a page showing the outputs reloads when it changes."""

    def __init__(self, maps: Sequence[WatchedMap], options: RenderOptions, dot: Dot) -> None:
        self.maps = list(maps)
        self.options = options
        self.dot = dot
        self.generation = 0
        self._states = {watched: _State() for watched in self.maps}

    def poll(self) -> list[Event]:
        """Look at every map once; render those whose content changed. The first poll renders them all."""
        events = [self._poll(watched, self._states[watched]) for watched in self.maps]
        found = [event for event in events if event is not None]
        noted = [self._note_problems(event) for event in found]
        if any(event.changed for event in found) or any(noted):
            self.generation += 1
        return found

    def note(self, watched: WatchedMap) -> ProblemNote | None:
        """What to say over the map's pages while its last save cannot be drawn; None while it can."""
        state = self._states[watched]
        if not state.problems:
            return None
        w = words(state.lang)
        lines = tuple((text_line(p), p.hint) for p in state.problems)
        return ProblemNote(w.watch_problems if state.drawn else w.watch_not_drawn, lines)

    def _note_problems(self, event: Event) -> bool:
        """Keep the problems (or their absence) the event brings; whether they changed."""
        state = self._states[event.watched]
        if event.kind == "rendered" and event.outcome and event.outcome.checked.journey_map:
            state.lang, state.drawn = event.outcome.checked.journey_map.lang, True
        if event.kind not in ("rendered", "problems"):
            return False
        checked = event.checked
        problems = tuple(checked.problems) if event.kind == "problems" and checked else ()
        changed = problems != state.problems
        state.problems = problems
        return changed

    def run(self, on_event: Callable[[Event], None], stop: threading.Event, interval: float = POLL_SECONDS) -> None:
        """Poll until `stop` is set, handing every event to `on_event`."""
        while not stop.is_set():
            for event in self.poll():
                on_event(event)
            stop.wait(interval)

    def _poll(self, watched: WatchedMap, state: _State) -> Event | None:
        own = _stat_key(watched.argument)
        if own is None:
            if state.missing:
                return None
            state.missing, state.stat_key = True, None
            return Event("missing", watched)
        key = _with_included(own, state.included)
        state.missing = False
        state.polls += 1
        if key != state.stat_key:
            state.stat_key = key
            if state.digest is not None:  # a save: act once the file has kept still for one poll
                state.settling = True
                return None
        elif not state.settling and state.polls % RESCAN_POLLS and state.digest is not None:
            return None
        state.settling = False
        data = read_bytes(watched.argument, watched.argument, "a map file")
        if isinstance(data, Problem):
            digest = hashlib.sha256(data.message.encode("utf-8")).digest()
            if digest == state.digest:
                return None
            state.digest = digest
            return Event("problems", watched, RenderOutcome(Checked(data.path, problems=[data])))
        digest = _digest(data, state.included)
        if digest == state.digest:
            return None  # saved without a change (or a change undone while settling)
        state.digest = digest
        event = self._render(watched, data)
        checked = event.outcome.checked if event.outcome else None
        included = tuple(checked.document.included) if checked and checked.document else ()
        if included != state.included:  # watched from now on, as they were when read
            state.included = included
            state.stat_key = _with_included(own, included)
            state.digest = _digest(data, included)
        return event

    def _render(self, watched: WatchedMap, data: bytes) -> Event:
        checked = check_source(decode(watched.argument, data), rules_for(watched.argument))
        outcome = render_checked(checked, watched.folder, output_stem(watched.argument), self.options, self.dot)
        if not outcome.ok:
            return Event("problems", watched, outcome)
        changed = {path: output for path, output in outcome.outputs.items() if output_state(path, output) != "fresh"}
        try:
            commit(changed, watched.within or watched.folder)
        except CjmError as error:
            return Event("failed", watched, outcome, message=str(error))
        outcome.written = list(changed)
        return Event("rendered", watched, outcome, list(changed))


def _with_included(own: tuple[int, ...], included: tuple[str, ...]) -> tuple[int, ...]:
    """The map's stat key followed by those of the files it includes (a missing one counted as nothing)."""
    return (*own, *(part for name in included for part in (_stat_key(name) or (0,))))


def _digest(data: bytes, included: tuple[str, ...]) -> bytes:
    """The hash of the map's bytes and those of the files it includes, each named."""
    digest = hashlib.sha256(data)
    for name in included:
        found = read_bytes(name, name, "a shared .yaml file")
        digest.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(found.message.encode("utf-8") if isinstance(found, Problem) else found)
    return digest.digest()


def _stat_key(argument: str) -> tuple[int, ...] | None:
    """What tells one save from another without reading the file; None when there is no regular file."""
    try:
        info = os.stat(argument)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_dev)
