#!/usr/bin/env bash
# Check and draw the maps of a repository: what the GitHub Action (action.yml) and the container image
# (Dockerfile, as `cjm-check-maps`) run, and what tests/test_release.py runs. Run it from the repository root.
#
# Settings come from the environment (the Action's inputs):
#   CJM_MAPS     map files or folders, separated by spaces                   default: .
#   CJM_SARIF    the SARIF log of the problems, for code scanning; empty: none   default: cjm.sarif
#   CJM_OUTPUT   the folder for the renders; empty: draw nothing              default: cjm-out
#   CJM_FORMATS  what to draw: svg, png, html, comma-separated                default: svg,png,html
#   CJM_STRICT   true: warnings fail the check too                           default: false
#
# The problems are written once for people (as annotations of the pull request under GitHub Actions) and
# once as SARIF; the maps without errors are drawn even when another has some. The exit code is cjm's
# worst: 0 every map valid and drawn, 1 problems in a map, 2 a usage error, 3 the environment failed.
set -uo pipefail

read -r -a maps <<<"${CJM_MAPS-.}"
[ ${#maps[@]} -gt 0 ] || maps=(.)
sarif=${CJM_SARIF-cjm.sarif}
output=${CJM_OUTPUT-cjm-out}
formats=${CJM_FORMATS:-svg,png,html}
strict=()
case "${CJM_STRICT:-false}" in
    true) strict=(--strict) ;;
    false | "") ;;
    *) echo "cjm-check-maps: CJM_STRICT is true or false, not '${CJM_STRICT}'" >&2; exit 2 ;;
esac

worst=0
note() { [ "$1" -gt "$worst" ] && worst=$1; }

if [ -n "$sarif" ]; then
    cjm validate "${maps[@]}" "${strict[@]}" --format sarif >"$sarif" 2>/dev/null
    status=$?
    note "$status"
    if [ "$status" -ge 2 ]; then  # not a verdict on the maps: say why, in words
        cjm validate "${maps[@]}" "${strict[@]}" --format text >/dev/null
        exit "$status"
    fi
fi

if [ -n "$output" ]; then
    # Reports each map's problems (the maps with errors are not drawn), then draws the others.
    cjm render "${maps[@]}" --output "$output" --format "$formats"
    note $?
    if [ ${#strict[@]} -gt 0 ] && [ -z "$sarif" ]; then
        cjm validate "${maps[@]}" --strict --format text >/dev/null 2>&1
        note $?
    fi
else
    cjm validate "${maps[@]}" "${strict[@]}"
    note $?
fi
exit "$worst"
