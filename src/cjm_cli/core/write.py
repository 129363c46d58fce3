"""The last stage, write: the files of one run are committed as a set, all new or all old, never half a file.

Every command that writes goes through `commit`:

1. each target is checked: no symbolic link on the way from the folder the command was asked to write in
   (`within`) to the file, the file itself included, and no folder, device or pipe where a file belongs;
2. every file is written to a temporary file beside its target (`.NAME.xxxx.tmp`) and synced: a full disk,
   a quota or a signal at this point removes the temporary files and leaves every target as it was;
3. the temporary files are renamed over their targets, one after the other, with SIGINT, SIGTERM and SIGHUP
   held back until the last rename is done; should a rename fail, those already made are undone.

Renames take no room on the disk, so a disk that fills up fails in step 2, where nothing was replaced yet.

A link is refused rather than followed or replaced: a map folder from someone else's pull request may hold
`shop.html -> ../../.bashrc`, and writing through it would overwrite a file outside the folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from . import signals
from .i18n import tr
from .problems import START, EnvironmentFailure, Problem, UsageError


class LinkInTheWay(EnvironmentFailure):
    """A symbolic link where an output, or a folder below the output folder, would be written."""

    def __init__(self, link: Path, target: str) -> None:
        self.link = link
        self.target = target
        super().__init__(
            tr("{link} is a symbolic link (to {target}): cjm writes no output through a link", link=link, target=target)
        )

    def problem(self) -> Problem:
        """The refusal as a problem located at the link."""
        hint = tr("remove the link (cjm then writes a file in its place), or write elsewhere")
        message = tr("this is a symbolic link (to {target}): cjm writes no output through a link", target=self.target)
        return Problem(str(self.link), START, "error", "output-link", message, hint)


def commit(files: Mapping[Path, bytes], within: Path | None = None) -> list[Path]:
    """Write every file of `files`, all or none (see the module's description); return their paths.

    `within` is the folder the command was asked to write in (each file's own folder when None): links
    above it are the user's to follow, links below it are refused (`LinkInTheWay`, exit 3). A folder or a
    pipe in the place of a file is a `UsageError`; a failed write an `EnvironmentFailure`."""
    for path in files:
        _check_target(path, path.parent if within is None else within)
    staged: dict[Path, str] = {}
    try:
        for path, data in files.items():
            staged[path] = _stage(path, data)
        with signals.held():
            _replace_all(staged)
    finally:
        for temporary in staged.values():
            with contextlib.suppress(OSError):
                os.unlink(temporary)  # none left after a commit; every one after a failure
    return list(files)


def _check_target(path: Path, within: Path) -> None:
    try:
        below = path.relative_to(within).parts
    except ValueError:
        below = (path.name,)
        within = path.parent
    place = within
    for part in below:
        place = place / part
        try:
            info = os.lstat(place)
        except (FileNotFoundError, NotADirectoryError):
            return  # nothing further down exists yet (or a file blocks the way: writing it will say so)
        except OSError as error:  # a name too long, a file where a folder should be...
            raise UsageError(tr("cannot write {path}: {reason}", path=path, reason=error.strerror or error)) from error
        if stat.S_ISLNK(info.st_mode):
            raise LinkInTheWay(place, os.readlink(place))
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(tr("{path} exists and is not a regular file; nothing was written", path=path))


def _stage(path: Path, data: bytes) -> str:
    """`data` in a temporary file beside `path`, synced to disk."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise EnvironmentFailure(
            tr("cannot write to {folder}: {reason}", folder=folder, reason=error.strerror or error)
        ) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except OSError as error:
        os.unlink(temporary)
        raise EnvironmentFailure(
            tr("cannot write {path}: {reason}; nothing was written", path=path, reason=error.strerror or error)
        ) from error
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _replace_all(staged: Mapping[Path, str]) -> None:
    """Rename every temporary file over its target; when one rename fails, put back what the others
    replaced (kept meanwhile as hard links) and remove what they created."""
    done: list[tuple[Path, str | None, bool]] = []
    kept: list[str] = []
    try:
        for path, temporary in staged.items():
            existed = os.path.lexists(path)
            previous = _keep(path, temporary) if existed else None
            kept += [previous] if previous else []
            os.replace(temporary, path)
            done.append((path, previous, existed))
    except OSError as error:
        for replaced, previous, existed in reversed(done):
            with contextlib.suppress(OSError):
                if previous is not None:
                    os.replace(previous, replaced)
                elif not existed:
                    os.unlink(replaced)
        raise EnvironmentFailure(
            tr("cannot write {path}: {reason}; nothing was written", path=path, reason=error.strerror or error)
        ) from error
    finally:
        for previous in kept:  # gone already where the commit was undone
            with contextlib.suppress(OSError):
                os.unlink(previous)


def _keep(path: Path, temporary: str) -> str | None:
    """A second name for the file at `path` (a hard link, which takes no room), to put it back if the commit
    is undone; None when the file system has no hard links."""
    previous = temporary[: -len(".tmp")] + ".old"
    try:
        os.link(path, previous)
    except OSError:
        return None
    return previous
