#!/usr/bin/env bash
# Regenerate requirements.lock, the exact versions (with the hashes of their files) that scripts/setup.sh
# installs: cjm's runtime and dev dependencies from pyproject.toml, and the build backend that the editable
# install of cjm runs; and requirements-run.lock, the same pins without the dev tools, which the Dockerfile
# and action.yml install. The only place that says how the locks are made. See CONTRIBUTING.md.
#
#   scripts/lock.sh                            relock after pyproject.toml changed, keeping every pin it can
#   scripts/lock.sh --upgrade-package NAME     move NAME (and only what it needs) to its newest release
#   scripts/lock.sh --upgrade                  move everything to its newest release
#
# Other options go to `uv pip compile`; with -o/--output-file FILE the result goes there instead of the lock
# (scripts/test-newest.sh and scripts/test-lowest.sh do that). Needs the network.
set -euo pipefail

UV_VERSION=0.13.9
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON="${PYTHON:-python3}"
cd "$ROOT"

# uv itself: the one on PATH if it is this version, else this version in a scratch virtual environment.
if command -v uv >/dev/null 2>&1 && [ "$(uv --version | cut -d' ' -f2)" = "$UV_VERSION" ]; then
    uv=uv
else
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    "$PYTHON" -m venv "$scratch/uv"
    "$scratch/uv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary :all: "uv==$UV_VERSION"
    uv="$scratch/uv/bin/uv"
fi

output=(--output-file requirements.lock)
for argument in "$@"; do
    case "$argument" in -o | --output-file | --output-file=*) output=() ;; esac
done

# The build backend as pyproject.toml's [build-system] asks for it, and `editables`, which hatchling's editable
# build imports (it asks for it by get_requires_for_build_editable, which a build without isolation skips).
build_requirements=$("$PYTHON" -c '
import tomllib
with open("pyproject.toml", "rb") as file:
    print("\n".join(tomllib.load(file)["build-system"]["requires"]))
')
printf '%s\n' "$build_requirements" "editables~=0.3" |
    "$uv" pip compile pyproject.toml --extra dev - \
        --universal --python-version 3.11 --generate-hashes \
        --custom-compile-command scripts/lock.sh \
        ${output[@]+"${output[@]}"} "$@" >/dev/null

# requirements-run.lock: what the container image and the GitHub Action install, cjm's runtime dependencies
# and the build backend only, at the versions of requirements.lock (its constraints). Only beside the lock.
if [ ${#output[@]} -gt 0 ]; then
    printf '%s\n' "$build_requirements" |
        "$uv" pip compile pyproject.toml - --constraint requirements.lock \
            --universal --python-version 3.11 --generate-hashes \
            --custom-compile-command scripts/lock.sh \
            --output-file requirements-run.lock >/dev/null
fi
