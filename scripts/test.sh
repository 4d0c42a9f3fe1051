#!/usr/bin/env bash
# npm test: set-up if needed, typecheck, notebook hygiene, then every test under test/ (unit tests,
# notebooks executed with small parameters, exported reports checked in headless Chromium).
# `npm run test:unit` skips the notebook and report tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
echo "[test] typecheck"
npx tsc -p tsconfig.json --noEmit
echo "[test] lint and format (npm run format fixes the format)"
npx eslint .
npx prettier --check . --log-level warn
echo "[test] notebook hygiene"
"$PINLAB_PYTHON" scripts/nbtool.py check
if [ "${1:-}" = unit ]; then
  files=$(find test -name '*.test.ts' -not -path 'test/notebooks/*' | sort)
else
  files=$(find test -name '*.test.ts' | sort)
fi
# shellcheck disable=SC2086
exec node --import tsx --test --test-reporter=spec $files
