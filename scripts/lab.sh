#!/usr/bin/env bash
# npm run lab: opens the notebooks live with the project's tslab kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
for app in jupyter-lab jupyter-notebook; do
  if command -v "$app" >/dev/null; then exec "$app" --notebook-dir=notebooks "$@"; fi
done
echo "[lab] no Jupyter front end found: install one (Debian: apt-get install jupyter-notebook)," >&2
echo "      then run npm run lab again. The kernel is registered in $(pwd)/.jupyter." >&2
exit 1
