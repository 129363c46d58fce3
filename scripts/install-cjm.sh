#!/usr/bin/env bash
# Install cjm into a virtual environment of its own, from requirements-run.lock (every file checked against
# its hash): what the container image (Dockerfile) and the GitHub Action (action.yml) do. Needs Python 3.11 or
# newer with venv, and the network (PyPI). Graphviz and the fonts are the system's business.
#
#   scripts/install-cjm.sh VENV        then VENV/bin/cjm
set -euo pipefail

venv=${1:?usage: scripts/install-cjm.sh VENV}
source=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON:-python3}

"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir --require-hashes \
    -r "$source/requirements-run.lock"
# cjm itself, built by the locked build backend; nothing else is fetched.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir --no-deps \
    --no-build-isolation "$source"
"$venv/bin/cjm" --version
