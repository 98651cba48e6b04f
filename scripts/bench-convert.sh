#!/usr/bin/env bash
# Image conversion side by side: `jblock convert` vs `qemu-img convert` of the same source with
# the same options, raw -> qcow2 and qcow2 -> raw, alternating which side goes first over the
# rounds. The target is deleted before every run. Prints every run and a markdown table row per
# direction (jblock/qemu-img min, median, max of the speed, i.e. qemu-img's time / jblock's time).
#
#   scripts/bench-convert.sh                       # 2 GiB of random data, 5 rounds
#   SIZE_MIB=512 ROUNDS=7 BENCH_DIR=/mnt/x SKIP_BUILD=1 scripts/bench-convert.sh
#   CACHE=unsafe scripts/bench-convert.sh          # qemu-img's default target cache (no flush)
#
# Both sides get -t $CACHE (default writeback: the copy is flushed to the disk at the end) and
# -T writeback; the source is read from the page cache after the first round. The data is
# incompressible and has no zero runs, so every cluster of the qcow2 output is allocated; with
# ZERO_PERCENT=N (default 25) that share of the 1 MiB pieces of the source is zeroes instead,
# so both sides also skip zero runs.
#
# Issue 11 target: convert >= 1.0x qemu-img convert (median).
SIZE_MIB="${SIZE_MIB:-2048}"
BENCH_DIR="${BENCH_DIR:-$(cd "$(dirname "$0")/.." && pwd)/target/bench-convert}"
. "$(dirname "$0")/bench-qemu-lib.sh"
CACHE="${CACHE:-writeback}"
ZERO_PERCENT="${ZERO_PERCENT:-25}"
RAW="$DIR/source-${SIZE_MIB}m-z${ZERO_PERCENT}.raw"
QCOW="$DIR/source-${SIZE_MIB}m-z${ZERO_PERCENT}.qcow2"
OUT="$DIR/out"

if [ "$(stat -c %s "$RAW" 2>/dev/null || echo 0)" != "$((SIZE_MIB << 20))" ]; then
  echo "== writing $RAW ($SIZE_MIB MiB, random data, ${ZERO_PERCENT}% zero MiB pieces)" >&2
  python3 - "$RAW.tmp" "$SIZE_MIB" "$ZERO_PERCENT" <<'PY'
import os, random, sys
path, mib, zero = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(7)
with open(path, "wb") as f:
    for i in range(mib):
        f.write(bytes(1 << 20) if rnd.randrange(100) < zero else os.urandom(1 << 20))
PY
  mv "$RAW.tmp" "$RAW"
  rm -f "$QCOW"
fi
if [ ! -f "$QCOW" ]; then
  qemu-img convert -f raw -O qcow2 "$RAW" "$QCOW.tmp"
  mv "$QCOW.tmp" "$QCOW"
fi

header "convert ${SIZE_MIB} MiB: jblock convert vs qemu-img convert (-t $CACHE -T writeback)"
echo "   raw->qcow2: {jblock|qemu-img} convert -f raw -O qcow2 -t $CACHE -T writeback $RAW OUT"
echo "   qcow2->raw: {jblock|qemu-img} convert -f qcow2 -O raw -t $CACHE -T writeback $QCOW OUT"
printf '%-6s %-28s %12s\n' round side 'MiB/s'

# one ROUND SIDE FROM TO SRC: one conversion into a new $OUT; records MiB/s (SIZE_MIB / seconds).
one() {
  local round="$1" side="$2" from="$3" to="$4" src="$5" v
  rm -f "$OUT"
  sync
  if [ "${side%%-*}" = jblock ]; then
    v=$(timed "$round" "$side" "$SIZE_MIB" "${JBLOCK[@]}" convert -f "$from" -O "$to" -t "$CACHE" -T writeback "$src" "$OUT")
  else
    v=$(timed "$round" "$side" "$SIZE_MIB" qemu-img convert -f "$from" -O "$to" -t "$CACHE" -T writeback "$src" "$OUT")
  fi
  printf '%-6s %-28s %12s\n' "$round" "$side" "$v"
}

for r in $(seq "$ROUNDS"); do
  for dir in raw-qcow2 qcow2-raw; do
    from="${dir%-*}"; to="${dir#*-}"; src="$RAW"; [ "$from" = qcow2 ] && src="$QCOW"
    if [ $((r % 2)) = 1 ]; then order=(qemu jblock); else order=(jblock qemu); fi
    for s in "${order[@]}"; do one "$r" "$s-$dir" "$from" "$to" "$src"; done
  done
  # the last round's outputs are checked: same guest contents as the source
  if [ "$r" = "$ROUNDS" ]; then
    "${JBLOCK[@]}" convert -f raw -O qcow2 -t "$CACHE" "$RAW" "$OUT"
    qemu-img check -q "$OUT" && qemu-img compare -q -f raw -F qcow2 "$RAW" "$OUT" \
      || { echo "jblock's raw->qcow2 output differs from the source" >&2; exit 1; }
    "${JBLOCK[@]}" convert -f qcow2 -O raw -t "$CACHE" "$QCOW" "$OUT"
    cmp -s "$RAW" "$OUT" || { echo "jblock's qcow2->raw output differs from the source" >&2; exit 1; }
    echo "== outputs checked: qemu-img check and compare (raw->qcow2), cmp (qcow2->raw)"
  fi
done
rm -f "$OUT"

summary_header "MiB/s" "MiB"
summary "convert raw->qcow2 ${SIZE_MIB} MiB" jblock-raw-qcow2 qemu-raw-qcow2
summary "convert qcow2->raw ${SIZE_MIB} MiB" jblock-qcow2-raw qemu-qcow2-raw
footer
