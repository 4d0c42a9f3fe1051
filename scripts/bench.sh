#!/usr/bin/env bash
# Runs the benchmarks in bench/: every one, or those whose file name contains one of the leading
# name arguments. Everything from the first --option on goes to the chosen benchmark(s), which
# reject options they do not know:
#   npm run bench -- gat --heads 4 --epochs 5
# Each benchmark measures its own baseline in the same run and prints ratios against it.
set -euo pipefail
cd "$(dirname "$0")/.."
names=()
while [ $# -gt 0 ] && [[ "$1" != --* ]]; do names+=("$1"); shift; done
options=("$@")
files=()
for f in bench/*.bench.ts; do
  name=$(basename "$f" .bench.ts)
  if [ ${#names[@]} -gt 0 ]; then
    hit=0; for want in "${names[@]}"; do [[ "$name" == *"$want"* ]] && hit=1; done
    [ $hit = 1 ] || continue
  fi
  files+=("$f")
done
if [ ${#files[@]} -eq 0 ]; then echo "no benchmark matches: ${names[*]}" >&2; exit 2; fi
# Options belong to one benchmark: giving them to several would make each reject the others'.
if [ ${#options[@]} -gt 0 ] && [ ${#files[@]} -gt 1 ]; then
  echo "options (${options[*]}) need exactly one benchmark; ${#files[@]} match: ${files[*]}" >&2; exit 2
fi
# The GAT benchmark compares against plain PyTorch (Debian's python3-torch).
PINLAB_WITH_TORCH=1 bash scripts/setup.sh
status=0
for f in "${files[@]}"; do
  echo "=== bench: $(basename "$f" .bench.ts)"
  node --import tsx --expose-gc "$f" ${options[@]+"${options[@]}"} || { echo "bench $(basename "$f" .bench.ts) FAILED"; status=1; }
done
exit $status
