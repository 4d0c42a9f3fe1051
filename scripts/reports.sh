#!/usr/bin/env bash
# npm run reports [-- IDS...]: executes the notebooks (all, or those named) on fresh kernels, several at a time,
# writes reports/NN-name.html and reports/index.html, then checks in headless Chromium that every
# report renders offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
status=0
# Kernels at a time: one more than the cores, the cores divided among those still running (notebooks.py
# ThreadShare). TF.js's wasm backend trains on one thread, so one notebook leaves a core idle
# (docs/reports-time.md); PINLAB_REPORT_JOBS or --jobs overrides it.
jobs=${PINLAB_REPORT_JOBS:-$(($(nproc) + 1))}
"$PINLAB_PYTHON" scripts/notebooks.py run --jobs "$jobs" "$@" || status=$?
if [ -x "${PINLAB_CHROMIUM:-/usr/bin/chromium}" ]; then
  node --import tsx scripts/check-reports.ts reports || status=1
fi
exit $status
