#!/usr/bin/env bash
# Installs whatever this machine lacks for pinlab, idempotently: npm packages, Jupyter's
# execution/export tools (Debian packages, or pip elsewhere), headless Chromium for the report
# checks, the project-local tslab kernel registration, and the lib build.
# PINLAB_WITH_TORCH=1 also installs PyTorch (reference benchmarks only).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
say() { echo "[setup] $*"; }

major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "[setup] pinlab needs Node.js 20 or newer (found $(node --version))" >&2; exit 1; }

# npm packages: reinstall when the lock file changed since the last install. A symlinked
# node_modules is another checkout's install (a git worktree sharing it): npm ci would empty it
# through the link, under every process using it, so it is left to that checkout.
if [ -L node_modules ]; then
  [ -f node_modules/.package-lock.json ] || { echo "[setup] node_modules links to an empty install" >&2; exit 1; }
elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

py=${PINLAB_PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=$(command -v python3)
apt_pkgs=()
"$py" -c 'import nbclient, nbconvert, ipykernel' 2>/dev/null || apt_pkgs+=(jupyter-nbconvert python3-nbclient python3-ipykernel)
command -v chromium >/dev/null || apt_pkgs+=(chromium)
# The live-lab browser test (npm test) and npm run lab need a Jupyter front end.
command -v jupyter-lab >/dev/null || command -v jupyter-notebook >/dev/null || apt_pkgs+=(jupyter-notebook)
if [ "${PINLAB_WITH_TORCH:-0}" = 1 ]; then "$py" -c 'import torch' 2>/dev/null || apt_pkgs+=(python3-torch); fi
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    say "installing Debian packages: ${apt_pkgs[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null
  else
    say "no apt-get: installing Jupyter tools with pip (install Chromium yourself for the report checks)"
    "$py" -m pip install --user nbclient nbconvert ipykernel
  fi
fi

# The tslab kernel, registered inside the project (JUPYTER_PATH points here), with absolute paths
# so it runs this checkout's tslab and finds this checkout's packages.
kdir=.jupyter/kernels/tslab
kernel_json=$(node -e '
  const path = require("path");
  console.log(JSON.stringify({
    argv: [process.execPath, path.resolve("node_modules/tslab/bin/tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (pinlab)",
    language: "typescript",
  }, null, 1));')
if [ ! -f $kdir/kernel.json ] || [ "$(cat $kdir/kernel.json)" != "$kernel_json" ]; then
  mkdir -p $kdir
  printf '%s\n' "$kernel_json" > $kdir/kernel.json.tmp && mv $kdir/kernel.json.tmp $kdir/kernel.json
  say "registered the tslab kernel in $root/$kdir"
fi

# Build lib/ when any source is newer than the build.
if [ ! -f lib/dist/index.js ] || [ -n "$(find lib -name '*.ts' -not -path 'lib/dist/*' -newer lib/dist/index.js -print -quit)" ]; then
  say "building lib/"
  # From scratch: files of modules that moved or were deleted would otherwise shadow the new ones.
  rm -rf lib/dist
  npx tsc -p lib/tsconfig.json
fi
