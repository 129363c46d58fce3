#!/usr/bin/env bash
# Quick start, step 1: set everything up, then validate every bundled example map.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
cjm validate examples/*.yaml
