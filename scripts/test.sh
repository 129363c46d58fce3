#!/usr/bin/env bash
# Quick start, step 2: set everything up, then lint, type-check and run the whole test suite.
set -euo pipefail
export CJM_SETUP_BROWSER=1  # the report test opens the HTML in Chromium
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
ruff check .
ruff format --check .
mypy
lint-imports --no-cache --no-logo
pytest "$@"
