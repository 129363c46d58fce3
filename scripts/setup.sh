#!/usr/bin/env bash
# Prepare this checkout: system packages where they are missing (installed when run as root), then a virtual
# environment in .venv with cjm and its development tools, at the versions pinned in requirements.lock (with
# their hashes: nothing unpinned is installed). Sourced by the other scripts; safe to re-run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="${CJM_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "cjm needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11)" >&2
    exit 3
fi

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
# Cyrillic labels in PNG need a font that has Cyrillic glyphs; cjm's theme names DejaVu Sans.
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing+=(fonts-dejavu-core)
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
# The test suite opens the HTML report in a real headless browser (Debian's Chromium, never a downloaded one);
# test.sh asks for it, rendering does not need it.
if [ "${CJM_SETUP_BROWSER:-0}" = 1 ]; then
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi

if ((${#missing[@]})); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing ${missing[*]} with apt-get" >&2
        export DEBIAN_FRONTEND=noninteractive
        if ! { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
        then
            echo "cjm: could not install ${missing[*]} with apt-get; install them by hand" >&2
        fi
    else
        echo "cjm: missing system packages; install them with: sudo apt-get install ${missing[*]}" >&2
    fi
fi

# CJM_LOCK installs another lock file instead (scripts/test-newest.sh and scripts/test-lowest.sh do, in a venv of
# their own).
LOCK="${CJM_LOCK:-$ROOT/requirements.lock}"
# The stamp records what was installed (a hash of the lock and pyproject.toml), and that setup.sh made the venv:
# it is written only in a venv made here. Its name before the lock, .cjm-installed, counts as one.
stamp="$VENV/.cjm-setup"
old_stamp="$VENV/.cjm-installed"
wanted=$(cat "$LOCK" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
    : >"$stamp"
elif [ -f "$stamp" ] || [ -f "$old_stamp" ]; then
    if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        # Start from an empty venv, so that nothing the lock no longer names stays behind.
        echo "cjm: the lock or pyproject.toml changed: rebuilding $VENV" >&2
        "$PYTHON" -m venv --clear "$VENV"
        : >"$stamp"
    fi
else
    # A venv someone else made is never cleared: the lock is installed over what it holds, on every run.
    echo "cjm: $VENV was not made by scripts/setup.sh: installing requirements.lock into it" >&2
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    pip=("$VENV/bin/python" -m pip --disable-pip-version-check)
    "${pip[@]}" install --quiet --require-hashes -r "$LOCK"
    # cjm itself, built by the locked hatchling already in the venv: nothing more is downloaded.
    "${pip[@]}" install --quiet --no-deps --no-build-isolation -e "$ROOT"
    [ ! -f "$stamp" ] || echo "$wanted" >"$stamp"
fi
export PATH="$VENV/bin:$PATH"
