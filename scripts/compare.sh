#!/usr/bin/env bash
# npm run compare -- RUN_A RUN_B: a page putting two recorded runs (names under runs/, or paths) side by side,
# written to reports/compare/RUN_A--RUN_B.html.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec "$PINLAB_PYTHON" scripts/notebooks.py compare "$@"
