#!/usr/bin/env bash
# npm run lab: opens the notebooks live with the project's tslab kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
if ! command -v jupyter-lab >/dev/null && ! command -v jupyter-notebook >/dev/null && command -v apt-get >/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "[lab] installing Jupyter Notebook (Debian package jupyter-notebook)"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq jupyter-notebook >/dev/null
fi
extra=(); [ "$(id -u)" != 0 ] || extra=(--allow-root)  # containers often run as root
for app in jupyter-lab jupyter-notebook; do
  if command -v "$app" >/dev/null; then exec "$app" --notebook-dir=notebooks "${extra[@]}" "$@"; fi
done
echo "[lab] no Jupyter front end found: install JupyterLab or Jupyter Notebook, then run npm run lab again." >&2
echo "      The kernel is registered in $(pwd)/.jupyter (JUPYTER_PATH)." >&2
exit 1
