"""Stage 1, read (continued): a map as it was in a git revision, named `REV:path` as git names it.

`HEAD~1:maps/shop.yaml` is the file `maps/shop.yaml` (relative to the repository's root) in the commit
`HEAD~1`; `HEAD~1:./shop.yaml` is relative to the current folder, as in git; `:maps/shop.yaml` (no
revision) is the version staged in git's index. As git does, the argument is split at the first colon
outside braces, so a revision may hold colons inside `@{...}` or `^{...}`: `main@{2024-01-01 10:00}:x.yaml`,
`HEAD^{/fix: typo}:x.yaml`. git's `:/TEXT` (the newest commit whose message matches) names a commit and
takes no path, and an absolute path after the colon names nothing in a revision: both are refused with
what to write instead. git runs in the current folder, which must be inside the repository. An argument
naming a file that exists is that file, even when it holds a colon: `a:b` on disk is read from disk,
never from git.

What git returns goes through the same checks as a file read from disk (`read.decode`), so a map from git
is reported with positions like any other, under the name `REV:path`. git missing is an environment
failure (exit 3); no repository, an unknown revision, or a path the revision does not hold is a usage
error (exit 2), each said in one line.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
from pathlib import Path

from .i18n import tr
from .include import Found
from .problems import START, EnvironmentFailure, Problem, UsageError
from .read import MAX_BYTES, STDIN, STDIN_NAME, Source, decode, read_bytes

# Local git commands answer in milliseconds; a minute means something is wrong (a hung filesystem).
_GIT_TIMEOUT = 60.0


def read_map_source(argument: str) -> Source:
    """A map file, standard input (`-`) or `REV:path` from git, as a `Source` to check."""
    revision_path = git_revision_path(argument)
    if revision_path is None:
        return _read_file(argument)
    return read_from_git(argument, *revision_path)


def _read_file(argument: str) -> Source:
    """As `read.read_source`, with a hint that fits diff: it takes files, not directories of maps."""
    name = STDIN_NAME if argument == STDIN else argument
    data = read_bytes(argument, name, tr("a map file (cjm diff compares two files)"))
    return Source(name, "", [data]) if isinstance(data, Problem) else decode(name, data)


def git_revision_path(argument: str) -> tuple[str, str] | None:
    """`("HEAD~1", "map.yaml")` for `HEAD~1:map.yaml`; None for standard input, an existing file and
    anything without a colon outside braces."""
    if argument == STDIN or os.path.lexists(argument):
        return None
    if argument.startswith(":"):  # the index (`:path`, `:2:path`), or git's `:/TEXT`
        return "", argument[1:]
    depth = 0
    for at, character in enumerate(argument):
        if character == "{":
            depth += 1
        elif character == "}" and depth:
            depth -= 1
        elif character == ":" and not depth:
            return argument[:at], argument[at + 1 :]
    return None


def read_from_git(argument: str, revision: str, path: str) -> Source:
    """The file `path` of `revision` (the index when `revision` is empty), checked as `read.decode` checks
    a file's bytes; raises `UsageError` or `EnvironmentFailure` when git cannot give it."""
    git = shutil.which("git")
    if git is None:
        message = tr("{argument}: git is not installed; it is needed to read a map from a revision", argument=argument)
        raise EnvironmentFailure(message)
    if not path:
        raise UsageError(
            tr(
                "{argument}: name a file after the colon, as in {example}",
                argument=argument,
                example=f"{revision}:map.yaml",
            )
        )
    if revision.startswith("-"):
        raise UsageError(tr("{argument}: a revision cannot start with '-'", argument=argument))
    if not revision and path.startswith("/"):
        raise UsageError(
            tr(
                "{argument}: ':/TEXT' is git's search of commit messages and names a commit, not a file: write "
                "{staged} for the staged file (paths start at the repository's top, without /), or "
                "{search} for a file of the newest commit whose message matches TEXT",
                argument=argument,
                staged=":" + path.lstrip("/"),
                search="HEAD^{/TEXT}:PATH",
            )
        )
    _in_repository(git, argument)
    if os.path.isabs(path):
        raise UsageError(f"{argument}: {_absolute_path(git, revision, path)}")
    if revision and _run(git, "rev-parse", "--verify", "--quiet", f"{revision}^{{tree}}").returncode != 0:
        message = tr(
            "{argument}: unknown revision '{revision}' (git log lists the commits)",
            argument=argument,
            revision=revision,
        )
        raise UsageError(message)
    found = _run(git, "rev-parse", "--verify", "--quiet", f"{revision}:{path}")
    if found.returncode != 0:
        where = tr("in {revision}", revision=revision) if revision else tr("staged in git's index")
        if path.startswith(("./", "../")):
            relative = tr("relative to the current folder, {folder}", folder=os.getcwd())
        else:
            relative = tr(
                "relative to the repository's root; write {example} for one relative to the current folder",
                example=f"{revision}:./{path}",
            )
        message = tr(
            "{argument}: no file '{path}' {where} (the path is {relative})",
            argument=argument,
            path=path,
            where=where,
            relative=relative,
        )
        raise UsageError(message)
    blob = found.stdout.decode("ascii").strip()
    kind = _run(git, "cat-file", "-t", blob).stdout.decode("ascii").strip()
    if kind != "blob":
        what = {"tree": tr("a folder"), "commit": tr("a submodule")}.get(kind, tr("no file"))
        message = tr(
            "{argument}: '{path}' is {what} in {revision}, not a file; name a map file",
            argument=argument,
            path=path,
            what=what,
            revision=revision or tr("the index"),
        )
        raise UsageError(message)
    source = decode(argument, _blob(git, blob))
    if path.startswith(("./", "../")):  # from the current folder: from the top, as includes are looked for
        prefix = os.fsdecode(_run(git, "rev-parse", "--show-prefix").stdout.strip())
        path = posixpath.normpath(posixpath.join(prefix, path))
    source.revision = (revision, path)
    return source


class Revision:
    """The files a map read from a git revision includes: read from the same revision (see `include.Shelf`),
    and only from inside the repository."""

    def __init__(self, revision: str, path: str) -> None:
        self.revision = revision
        self.path = path

    def start(self) -> tuple[str, str]:
        return self.path, posixpath.dirname(self.path)

    def find(self, folder: str, including: str, written: str) -> Found | tuple[str, str]:
        path = posixpath.normpath(posixpath.join(folder, written))
        if path == ".." or path.startswith("../"):
            return "it is outside the repository", "a map includes files of its own repository only"
        return Found(path, posixpath.dirname(path), f"{self.revision}:{path}")

    def read(self, found: Found) -> Source | Problem:
        try:
            return read_from_git(found.name, self.revision, found.key)
        except UsageError as refused:  # said as of a map named on the command line: the reason only
            reason = str(refused).removeprefix(f"{found.name}: ").split(" (the path is")[0].split("; name a")[0]
            return Problem(found.name, START, "error", "io", reason, "the path is relative to the file naming it")


def _absolute_path(git: str, revision: str, path: str) -> str:
    """What to say of an absolute `path` after the colon, with the relative path to write when it lies in
    the repository's work tree."""
    said = tr(
        "'{path}' is an absolute path; in REV:path the path is relative to the repository's top, or to the "
        "current folder when it starts with ./",
        path=path,
    )
    top = os.fsdecode(_run(git, "rev-parse", "--show-toplevel").stdout.strip())  # none in a bare repository
    if top:
        absolute, root = Path(path).resolve(), Path(top).resolve()
        if absolute != root and absolute.is_relative_to(root):
            said += "; " + tr("write {example}", example=f"{revision}:{absolute.relative_to(root).as_posix()}")
    return said


def _in_repository(git: str, argument: str) -> None:
    answer = _run(git, "rev-parse", "--git-dir")
    if answer.returncode == 0:
        return
    said = answer.stderr.decode("utf-8", errors="replace").strip().splitlines()
    reason = said[-1].removeprefix("fatal: ") if said else "git rev-parse failed"
    if "not a git repository" in reason:
        reason = tr("the current folder ({folder}) is not in a git repository", folder=os.getcwd())
    raise UsageError(
        tr("{argument}: {reason}; run cjm diff inside the repository, or name a file", argument=argument, reason=reason)
    )


def _run(git: str, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [git, *arguments],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=_GIT_TIMEOUT,
            env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"},
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        message = tr("git {command} did not finish in {seconds} s", command=arguments[0], seconds=f"{_GIT_TIMEOUT:.0f}")
        raise EnvironmentFailure(message) from error
    except OSError as error:
        raise EnvironmentFailure(tr("cannot run git: {reason}", reason=error.strerror or error)) from error


def _blob(git: str, blob: str) -> bytes:
    """The blob's bytes, at most MAX_BYTES + 1 of them (enough for `decode` to call it too large)."""
    command = [git, "cat-file", "blob", blob]
    try:
        with subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        ) as git_process:
            assert git_process.stdout is not None
            data = git_process.stdout.read(MAX_BYTES + 1)
            git_process.kill()  # a blob too large is not read to its end
    except OSError as error:
        raise EnvironmentFailure(tr("cannot run git: {reason}", reason=error.strerror or error)) from error
    return data
