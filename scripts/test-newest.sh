#!/usr/bin/env bash
# scripts/test.sh's checks (ruff, ruff format --check, mypy, pytest) against the newest releases of everything
# pyproject.toml allows, ignoring requirements.lock, in a temporary venv: whether a new release would break cjm
# before it is taken into the lock (scripts/lock.sh --upgrade-package NAME). Extra arguments go to pytest.
# Needs the network; CI does not run it (CI installs only from the lock). See CONTRIBUTING.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$ROOT/scripts/lock.sh" --upgrade --refresh --output-file "$scratch/newest.lock"
echo "newest releases that requirements.lock does not pin (< locked, > newest):"
diff <(grep -E '^[A-Za-z0-9]' "$ROOT/requirements.lock" | cut -d' ' -f1) \
    <(grep -E '^[A-Za-z0-9]' "$scratch/newest.lock" | cut -d' ' -f1) | grep -E '^[<>]' || echo "  none"

CJM_LOCK="$scratch/newest.lock" CJM_VENV="$scratch/venv" "$ROOT/scripts/test.sh" "$@"
