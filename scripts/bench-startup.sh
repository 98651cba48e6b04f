#!/usr/bin/env bash
# bench-startup.sh: start-up cost of a short command, jblock against QEMU: `jblock info IMG`
# and `qemu-img info IMG` on the same small qcow2 image, run alternately (the order flips every
# round, so drift in machine load hits both sides alike), after one warm-up run each.
# Prints each round and the ratio jblock/qemu-img of wall time and of CPU time (user+sys of the
# process and its children, from bash's `time`) as min/median/max.
#
# Usage: scripts/bench-startup.sh [--rounds N] [--jblock PATH] [--command "info"]
#   --rounds N    rounds (default 10, at least 5)
#   --jblock PATH the launcher to measure (default: this repository's ./jblock)
#   --command C   the subcommand and options to run on both (default "info"); the image is appended
set -euo pipefail

script_dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
rounds=10
jblock="$script_dir/../jblock"
command=info
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --jblock) jblock=$2; shift 2 ;;
    --command) command=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "bench-startup.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case $rounds in ''|*[!0-9]*) echo "bench-startup.sh: --rounds takes a number" >&2; exit 2 ;; esac
[ "$rounds" -ge 5 ] || { echo "bench-startup.sh: at least 5 rounds" >&2; exit 2; }
command -v qemu-img >/dev/null || { echo "bench-startup.sh: qemu-img is needed (apt-get install qemu-utils)" >&2; exit 2; }
[ -x "$jblock" ] || { echo "bench-startup.sh: $jblock is not executable" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-startup.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
img="$tmp/t.qcow2"
qemu-img create -q -f qcow2 "$img" 64M
qemu-img info "$img" >/dev/null
"$jblock" info "$img" >/dev/null

# measure SIDE: runs it once, appends "wall cpu" to $tmp/SIDE
measure() {
  local side=$1 t
  local TIMEFORMAT='%3R %3U %3S'
  if [ "$side" = jblock ]; then
    # shellcheck disable=SC2086
    t=$( { time "$jblock" $command "$img" >/dev/null 2>&1; } 2>&1 )
  else
    # shellcheck disable=SC2086
    t=$( { time qemu-img $command "$img" >/dev/null 2>&1; } 2>&1 )
  fi
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' <<<"$t" >>"$tmp/$side"
}

echo "jblock $command vs qemu-img $command, $rounds rounds ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-6s %10s %10s %10s %10s\n' round "jblock s" "cpu s" "qemu s" "cpu s"
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then measure jblock; measure qemu; else measure qemu; measure jblock; fi
  printf '%-6s %10s %10s %10s %10s\n' "$r" $(tail -n1 "$tmp/jblock") $(tail -n1 "$tmp/qemu")
done

paste "$tmp/jblock" "$tmp/qemu" | awk '
  function stats(a, n, f,   i, j, t, med) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    return sprintf("min " f "  median " f "  max " f, a[1], med, a[n])
  }
  {
    n++
    jw[n] = $1; jc[n] = $2; qw[n] = $3; qc[n] = $4
    # a CPU time under the 1 ms resolution of `time` counts as 1 ms
    rw[n] = $1 / ($3 > 0.001 ? $3 : 0.001)
    rc[n] = $2 / ($4 > 0.001 ? $4 : 0.001)
  }
  END {
    printf "jblock wall s:       %s\n", stats(jw, n, "%7.3f")
    printf "jblock cpu s:        %s\n", stats(jc, n, "%7.3f")
    printf "qemu-img wall s:     %s\n", stats(qw, n, "%7.3f")
    printf "qemu-img cpu s:      %s\n", stats(qc, n, "%7.3f")
    printf "ratio wall (j/q):    %s\n", stats(rw, n, "%7.1f")
    printf "ratio cpu (j/q):     %s\n", stats(rc, n, "%7.1f")
  }'
