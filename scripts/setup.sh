#!/usr/bin/env bash
# Prepare this checkout: system packages where they are missing (installed when run as root), then a virtual
# environment in .venv with cjm and its development tools. Sourced by the other scripts; safe to re-run.
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

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
# Reinstall only when the project's dependencies changed.
stamp="$VENV/.cjm-installed"
wanted=$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[dev]"
    echo "$wanted" >"$stamp"
fi
export PATH="$VENV/bin:$PATH"
