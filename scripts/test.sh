#!/usr/bin/env bash
# Quick start, step 2: set everything up, then lint, type-check and run the whole test suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
ruff check .
ruff format --check .
mypy
pytest "$@"
