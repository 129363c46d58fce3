#!/usr/bin/env bash
# Quick start, step 1: set everything up, validate every bundled example map, then render each one
# (SVG, PNG and the HTML report of every view) into out/examples/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
cjm validate examples/*.yaml
cjm render examples/*.yaml -o out/examples
echo "open out/examples/*.html in a browser, or look at the PNG files there"
