#!/usr/bin/env bash
# npm run reports [-- IDS...]: executes the notebooks (all, or those named) on fresh kernels and
# writes reports/NN-name.html and reports/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
exec "$PINLAB_PYTHON" scripts/notebooks.py run "$@"
