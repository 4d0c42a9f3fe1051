#!/usr/bin/env bash
# Runs every benchmark in bench/ (or those whose file name contains one of the arguments).
# Each benchmark measures its own baseline in the same run and prints ratios against it.
set -euo pipefail
cd "$(dirname "$0")/.."
# The GAT benchmark compares against plain PyTorch (Debian's python3-torch).
PINLAB_WITH_TORCH=1 bash scripts/setup.sh
status=0
for f in bench/*.bench.ts; do
  name=$(basename "$f" .bench.ts)
  if [ $# -gt 0 ]; then
    hit=0; for want in "$@"; do [[ "$name" == *"$want"* ]] && hit=1; done
    [ $hit = 1 ] || continue
  fi
  echo "=== bench: $name"
  node --import tsx --expose-gc "$f" || { echo "bench $name FAILED"; status=1; }
done
exit $status
