#!/usr/bin/env bash
# npm run reports [-- IDS...]: executes the notebooks (all, or those named) on fresh kernels,
# writes reports/NN-name.html and reports/index.html, then checks in headless Chromium that every
# report renders offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
status=0
"$PINLAB_PYTHON" scripts/notebooks.py run "$@" || status=$?
if [ -x "${PINLAB_CHROMIUM:-/usr/bin/chromium}" ]; then
  node --import tsx scripts/check-reports.ts reports || status=1
fi
exit $status
