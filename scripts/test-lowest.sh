#!/usr/bin/env bash
# scripts/test.sh's checks (ruff, ruff format --check, mypy, pytest) with the lowest versions of the runtime
# dependencies that pyproject.toml allows (`--resolution lowest-direct`; what they depend on at its newest), the
# dev tools and the build backend as requirements.lock pins them, in a temporary venv: whether the lower bounds
# users are promised still hold. Extra arguments go to pytest. Needs the network; CI does not run it.
# See CONTRIBUTING.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON="${PYTHON:-python3}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The dev extra, the build backend and editables at their locked versions.
"$PYTHON" - "$ROOT" >"$scratch/as-locked.txt" <<'PY'
import re
import sys
import tomllib

root = sys.argv[1]
with open(f"{root}/pyproject.toml", "rb") as file:
    config = tomllib.load(file)
with open(f"{root}/requirements.lock", encoding="utf-8") as file:
    pins = dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^\s;\\]+)", file.read(), re.MULTILINE))
for requirement in [*config["project"]["optional-dependencies"]["dev"], *config["build-system"]["requires"], "editables"]:
    name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)[0]).lower()
    print(f"{name}=={pins[name]}")
PY

"$ROOT/scripts/lock.sh" --resolution lowest-direct --refresh --constraints "$scratch/as-locked.txt" \
    --output-file "$scratch/lowest.lock"
echo "runtime dependencies at their lowest:"
"$PYTHON" - "$ROOT" "$scratch/lowest.lock" <<'PY'
import re
import sys
import tomllib

with open(f"{sys.argv[1]}/pyproject.toml", "rb") as file:
    dependencies = tomllib.load(file)["project"]["dependencies"]
with open(sys.argv[2], encoding="utf-8") as file:
    pins = dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^\s;\\]+)", file.read(), re.MULTILINE))
for requirement in dependencies:
    name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)[0]).lower()
    print(f"  {requirement}: {pins[name]}")
PY

CJM_LOCK="$scratch/lowest.lock" CJM_VENV="$scratch/venv" "$ROOT/scripts/test.sh" "$@"
