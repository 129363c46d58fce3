"""Stage 2, load (continued): shared definitions. A map's `include:` names files of personas, departments and
channels that several maps share; their items join the map's own, after them, as if written there.

- A shared file is YAML holding only `personas:`, `departments:`, `channels:` and `include:` (a shared file may
  include others). Its items keep their positions: a problem in one points into the shared file.
- Paths are relative to the file that names them, with `/` between folders, and name a `.yaml` or `.yml` file
  inside the repository: the nearest folder up from the map that holds `.git`, else the nearest that holds
  `.cjm.yaml`, else the map's own folder. Absolute paths, URLs and paths that lead (through `..` or a
  symbolic link) outside the repository are refused; nothing is read from the network.
- Each file is read once, whichever way it is reached; a file that includes itself, or one that includes it,
  is a cycle. At most `MAX_DEPTH` files deep, `MAX_FILES` files and `MAX_BYTES` in all.
- The order of the items: the map's own, then each included file's, in the order of `include:` (a file's
  own items before those of the files it includes).

An id defined twice, in the map and an included file or in two included files, is found by the check stage
(`check.py`), which names both places.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from pathlib import PureWindowsPath
from typing import Any, Protocol

from .load import MAX_NODES, Document, Path, load
from .problems import Problem, shown
from .read import MAP_SUFFIXES, MAX_BYTES, STDIN_NAME, Source, decode, read_bytes
from .text import CONTROL_CHARACTERS
from .validate import describe_value, suggest

INCLUDE = "include"
SHARED = ("personas", "departments", "channels")
"""The lists a shared file holds, merged into the map's lists of the same name."""
MAX_DEPTH = 8
MAX_FILES = 64
REPOSITORY_MARKERS = (".git", ".cjm.yaml")

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SHARED_RULE = "a shared file holds only `personas:`, `departments:`, `channels:` and `include:`"


def repository_of(folder: FilePath) -> FilePath:
    """The folder included files must be in, for a map in `folder`: the nearest folder up holding `.git`,
    else the nearest holding `.cjm.yaml`, else `folder` itself (its real path, symbolic links resolved)."""
    real = FilePath(os.path.realpath(folder))
    for marker in REPOSITORY_MARKERS:
        for candidate in (real, *real.parents):
            if os.path.lexists(candidate / marker):
                return candidate
    return real


@dataclass(frozen=True)
class Found:
    """An included file, found: what tells it from others (its real path, or its path in a revision), the
    folder the files it includes are looked for in, and its name in problems."""

    key: str
    folder: str
    name: str


class Shelf(Protocol):
    """Where a map's included files are: on disk (`Disk`), or in a git revision (`git_source.Revision`)."""

    def start(self) -> tuple[str, str]:
        """The map's own key and folder."""

    def find(self, folder: str, including: str, written: str) -> Found | tuple[str, str]:
        """The file `written` in the file named `including` (in `folder`) names; or why it cannot be
        included, and what to do."""

    def read(self, found: Found) -> Source | Problem:
        """The file's text, or why it cannot be read."""


class Disk:
    """Included files on disk, inside the repository of the map named `path`."""

    def __init__(self, path: str) -> None:
        self.path = path
        folder = FilePath.cwd() if path == STDIN_NAME else FilePath(path).parent
        self.real_folder = os.path.realpath(folder)
        self.folder_name = "" if path == STDIN_NAME else os.path.dirname(path)
        self.root = repository_of(folder)

    def start(self) -> tuple[str, str]:
        return os.path.realpath(self.path), self.real_folder

    def find(self, folder: str, including: str, written: str) -> Found | tuple[str, str]:
        real = os.path.realpath(os.path.join(folder, written))
        if not FilePath(real).is_relative_to(self.root):
            return (
                f"it is outside the repository, {self.root}",
                "a map includes files of its own repository only (the folder holding `.git`, else "
                "`.cjm.yaml`): copy the file in",
            )
        # named from the map's folder as the map is named, by where the file really is (past any link)
        name = os.path.normpath(os.path.join(self.folder_name, os.path.relpath(real, self.real_folder)))
        return Found(real, os.path.dirname(real), name)

    def read(self, found: Found) -> Source | Problem:
        data = read_bytes(found.key, found.name, "a shared .yaml file")
        return data if isinstance(data, Problem) else decode(found.name, data)


def include_shared(document: Document, shelf: Shelf | None = None) -> list[Problem]:
    """Read the files `document`'s map includes (from `shelf`, by default beside the map on disk) and merge
    their items into its data (see the module's description); the problems of the files and of the paths
    naming them."""
    written = document.data.get(INCLUDE) if isinstance(document.data, dict) else None
    if isinstance(written, str):  # one path, without the brackets of a list
        message = f"expected a list of file paths, got {describe_value(written)}"
        return [document.problem((INCLUDE,), "error", "type", message, f"write `include: [{shown(written)}]`")]
    if not isinstance(written, list):
        return []  # nothing to include, or the model says what is wrong with `include:`
    walk = _Walk(shelf or Disk(document.path))
    key, folder = walk.shelf.start()
    walk.includes(document, folder, (key,))
    for shared in walk.read:
        _merge(document, shared, walk.problems)
    document.included = list(walk.named)
    return walk.problems


@dataclass
class _Walk:
    shelf: Shelf
    read: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen: dict[str, tuple[Document, Path]] = field(default_factory=dict)
    """Each file read, by its key: where it was first included (the including file and the path of the
    entry there)."""
    named: dict[str, None] = field(default_factory=dict)
    """The name of every file an include names, read or not (missing, broken): what the map depends on."""
    size: int = 0
    values: int = 0

    def includes(self, including: Document, folder: str, chain: tuple[str, ...]) -> None:
        """Read each file `including` names (the files it names are looked for in `folder`; `chain`: the keys
        of the files that led here, the map first), each once, depth first."""
        for index, written in _entries(including):
            at: Path = (INCLUDE, index)
            found = _refused(written) or self.shelf.find(folder, including.path, written)
            if not isinstance(found, Found):
                self.problem(including, at, f"cannot include '{shown(written)}': {found[0]}", found[1])
                continue
            self.named[found.name] = None
            if found.key in chain:
                self.cycle(including, at, written, chain[chain.index(found.key) + 1 :])
                continue
            if found.key in self.seen:
                continue  # read once, whichever way it is reached
            if len(chain) > MAX_DEPTH:
                hint = "include the shared files from the map itself, not through a chain of files"
                self.problem(including, at, f"includes are nested more than {MAX_DEPTH} files deep", hint)
                continue
            if len(self.seen) == MAX_FILES:
                hint = "put the definitions the maps share in fewer files"
                self.problem(including, at, f"a map may include at most {MAX_FILES} files", hint)
                continue
            self.seen[found.key] = (including, at)
            shared = self.load(including, at, written, found)
            if shared is not None:
                self.read.append(shared)
                self.includes(shared, found.folder, (*chain, found.key))

    def load(self, including: Document, at: Path, written: str, found: Found) -> Document | None:
        """The included file, loaded and checked to be a shared file; None when it cannot be used."""
        source = self.shelf.read(found)
        if isinstance(source, Problem):
            self.problem(including, at, f"cannot include '{shown(written)}': {source.message}", source.hint)
            return None
        self.size += len(source.text)
        if self.size > MAX_BYTES:
            message = f"the files this map includes are larger than {MAX_BYTES >> 20} MiB together"
            self.problem(including, at, message, "shared definitions are a few kilobytes; split the shared files")
            return None
        self.problems += source.problems
        if any(p.severity == "error" for p in source.problems):
            return None
        shared = load(source.path, source.text)
        self.problems += shared.problems
        if not isinstance(shared.data, dict):
            return None
        self.values += len(shared.positions)
        if self.values > MAX_NODES:
            message = f"the files this map includes expand to more than {MAX_NODES:,} values together"
            self.problem(including, at, message, "shared definitions are a few hundred values; split the files")
            return None
        if "cjm" in shared.data:
            self.problem(
                including,
                at,
                f"cannot include '{shown(written)}': it is a map (it has `cjm:`), not a shared file",
                f"{_SHARED_RULE}; move what the maps share into such a file and include it from both",
            )
            return None
        for key in shared.data:
            if key not in (*SHARED, INCLUDE):
                hint = suggest(key, (*SHARED, INCLUDE)) or _SHARED_RULE
                message = f"unknown key '{shown(key)}' in a shared file"
                self.problem(shared, (key,), message, hint, at_key=True, code="unknown-key")
        listed = shared.data.get(INCLUDE)
        if listed is not None and not isinstance(listed, list):
            message = f"expected a list of file paths, got {describe_value(listed)}"
            self.problem(shared, (INCLUDE,), message, "write `include:` with `- ` items, one path each", code="type")
        for index, item in enumerate(listed if isinstance(listed, list) else ()):
            if not isinstance(item, str) or not item:
                message = f"expected a file path, got {describe_value(item)}"
                self.problem(shared, (INCLUDE, index), message, "", code="type")
        return shared

    def cycle(self, including: Document, at: Path, written: str, leading_here: tuple[str, ...]) -> None:
        """`written` names a file of the chain that led to `including`: `leading_here`, the real paths of the
        files after it in the chain (none when the file names itself)."""
        if not leading_here:
            self.problem(including, at, f"'{shown(written)}' is this file: a file cannot include itself", "remove it")
            return
        # where the file named here includes the next of the chain: the other end of the cycle
        target, entry = self.seen[leading_here[0]]
        position = target.position(entry)
        self.problem(
            including,
            at,
            f"include cycle: '{shown(written)}' includes this file, through its include at "
            f"{target.path}:{position.line}:{position.column}",
            "shared files may not include, directly or not, a file that includes them; remove one of the two",
        )

    def problem(
        self, document: Document, at: Path, message: str, hint: str, at_key: bool = False, code: str = "include"
    ) -> None:
        self.problems.append(document.problem(at, "error", code, message, hint, at_key))


def _entries(document: Document) -> Iterator[tuple[int, str]]:
    """The texts of the document's `include:` list, with their indices (other values: the model's problem,
    or, in a shared file, this module's)."""
    listed = document.data.get(INCLUDE) if isinstance(document.data, dict) else None
    if not isinstance(listed, list):
        return
    for index, written in enumerate(listed):
        if isinstance(written, str) and written:
            yield index, written


def _refused(written: str) -> tuple[str, str] | None:
    """Why a path written in `include:` is not taken, before any file is looked at, and what to write."""
    if "://" in written or (_URL.match(written) and not PureWindowsPath(written).drive):
        return "it is a URL, and cjm reads nothing from the network", "download the file into the repository"
    if written.startswith(("/", "\\", "~")) or PureWindowsPath(written).drive:
        return "it is an absolute path", "write the path relative to this file, such as `shared/personas.yaml`"
    if CONTROL_CHARACTERS.search(written):
        return "it holds a control character", "write the path as plain text"
    if "\\" in written:
        return "it has a backslash", "write `/` between folders"
    if not written.lower().endswith(MAP_SUFFIXES):
        return "a shared file is a .yaml or .yml file", "name the YAML file of the shared definitions"
    return None


def _merge(document: Document, shared: Document, problems: list[Problem]) -> None:
    """Append the items of `shared`'s lists to the map's, with their positions and their file."""
    data: dict[str, Any] = document.data
    for key in SHARED:
        items = shared.data.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            message = f"expected a list of {key}, got {describe_value(items)}"
            problems.append(shared.problem((key,), "error", "type", message, f"write `{key}:` with `- ` items"))
            continue
        if key not in data:
            data[key] = []
        if not isinstance(data[key], list):
            continue  # the map's own is wrong: the model says so
        base = len(data[key])
        data[key].extend(items)
        for index in range(len(items)):
            document.files[(key, base + index)] = shared.path
        _moved(shared.positions, document.positions, key, base)
        _moved(shared.key_positions, document.key_positions, key, base)
        _moved(shared.plain_text, document.plain_text, key, base)
        document.flow_mappings |= {_shifted(path, base) for path in shared.flow_mappings if _under(path, key)}


def _under(path: Path, key: str) -> bool:
    return len(path) > 1 and path[0] == key and isinstance(path[1], int)


def _shifted(path: Path, base: int) -> Path:
    index = path[1]
    assert isinstance(index, int)
    return (path[0], base + index, *path[2:])


def _moved(found: dict[Path, Any], into: dict[Path, Any], key: str, base: int) -> None:
    for path, value in found.items():
        if _under(path, key):
            into[_shifted(path, base)] = value
