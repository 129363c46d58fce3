"""The last stage, write: outputs replace files atomically, so a failed run never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .problems import EnvironmentFailure, UsageError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and an atomic rename.

    A symbolic link is followed (the file it points to is replaced, the link stays); a directory, a device
    or a pipe is never replaced.
    """
    try:
        path = path.resolve() if path.is_symlink() else path
        if path.exists() and not path.is_file():
            raise UsageError(f"{path} exists and is not a regular file")
    except OSError as error:  # a name too long, a folder in the path that is a file...
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise EnvironmentFailure(f"cannot write to {folder}: {error.strerror or error}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise EnvironmentFailure(f"cannot write {path}: {error.strerror or error}") from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
