#!/usr/bin/env bash
# The catalogues of cjm's messages (src/cjm_cli/core/i18n.py: `tr`, `ntr`, `N_`; cli/typer_words.py), with Babel:
#
#   scripts/messages.sh          extract the messages from the source, merge them into each .po (new ones
#                                untranslated, gone ones dropped), then compile each .po into its .mo
#   scripts/messages.sh compile  only compile (after translating in the .po)
#
# The .mo files are committed beside their .po and shipped in the wheel; tests/test_i18n.py fails when a
# message has no translation or a .mo does not match its .po. See CONTRIBUTING.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
LOCALE=src/cjm_cli/locale
if [ "${1:-}" != compile ]; then
    template=$(mktemp)
    trap 'rm -f "$template"' EXIT
    pybabel --quiet extract --no-default-keywords -k tr -k ntr:1,2 -k N_ -k N_:1,2,2t \
        --add-location=file --sort-output --width 120 --project cjm --copyright-holder "cjm contributors" \
        -o "$template" src/cjm_cli
    pybabel --quiet update -i "$template" -d "$LOCALE" -D cjm --no-fuzzy-matching --ignore-obsolete --width 120
fi
pybabel --quiet compile -d "$LOCALE" -D cjm
