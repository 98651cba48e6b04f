#!/usr/bin/env bash
# qemu-iotests-table.sh: the per-test status table of docs/qemu-compat.md, from the result files
# scripts/qemu-iotests.sh writes (WORKDIR/results/SIDE-FMT.txt: TEST<TAB>STATUS<TAB>reason).
#
# Usage: scripts/qemu-iotests-table.sh RESULTS_DIR [MEASURABLE_FILE]
# Prints a markdown table with one row per test of the measurable set (both formats) and the
# counts of each side.
set -euo pipefail
results=${1:?results directory}
measurable=${2:-$(dirname "$0")/qemu-iotests-measurable.txt}

status() { # SIDE FMT TEST
  local f="$results/$1-$2.txt"
  [ -f "$f" ] || { echo "-"; return; }
  awk -F'\t' -v t="$3" '$1 == t {s = $2} END {print (s == "" ? "-" : s)}' "$f"
}

echo "| test | qcow2: QEMU | qcow2: jblock | raw: QEMU | raw: jblock |"
echo "|---|---|---|---|---|"
grep -v '^#' "$measurable" | awk '{print $2}' | sort -u | while read -r t; do
  row="| $t"
  for fmt in qcow2 raw; do
    if grep -q "^$fmt $t\$" "$measurable"; then
      row="$row | $(status qemu "$fmt" "$t") | $(status jblock "$fmt" "$t")"
    else
      row="$row | not measurable | "
    fi
  done
  echo "$row |"
done
echo
for side in qemu jblock; do
  for fmt in qcow2 raw; do
    f="$results/$side-$fmt.txt"
    [ -f "$f" ] || continue
    awk -F'\t' -v s="$side" -v f="$fmt" 'NR == FNR {split($0, w, " "); if (w[1] == f) m[w[2]] = 1; next}
      ($1 in m) {n[$2]++; total++}
      END {printf "%s %s: %d passed, %d failed, %d skipped of %d measurable tests\n", s, f, n["PASS"], n["FAIL"], n["SKIP"], total}' \
      <(grep -v '^#' "$measurable") "$f"
  done
done
