#!/usr/bin/env bash
# The GitHub Action's step (action.yml), kept as a script so the tests run the very same commands.
# Inputs: KG_DATA (files/globs), KG_SHAPES (optional shapes files), KG_FAIL_ON (violation|warning).
# Prints one ::error annotation per violation; writes violations=N to $GITHUB_OUTPUT; exits as kg validate.
set -uo pipefail
shapes=()
for s in ${KG_SHAPES:-}; do shapes+=(-s "$s"); done
# shellcheck disable=SC2086  # data is a list of files or globs on purpose
kg validate ${KG_DATA} "${shapes[@]}" --fail-on "${KG_FAIL_ON:-violation}" -f json -o kg-validate.json
code=$?
if [ "$code" -le 1 ]; then
  kg validate ${KG_DATA} "${shapes[@]}" --fail-on "${KG_FAIL_ON:-violation}" -f github 2>/dev/null
  count=$(python -c 'import json; print(sum(r["severity"] == "Violation" for r in json.load(open("kg-validate.json"))["results"]))')
  echo "violations=$count" >> "${GITHUB_OUTPUT:-/dev/null}"
fi
exit "$code"
