#!/usr/bin/env bash
# qcow2 request rates side by side on the same image: `jblock bench` vs `qemu-img bench` with the
# same -c -d -s -S -t -i, alternating which side goes first over the rounds. Prints every run and
# a markdown table row per case (jblock/qemu-img min, median, max; user CPU per request).
#
#   scripts/bench-qcow2.sh                         # 5 rounds of about 5 s per side, 1 GiB images
#   ROUNDS=7 RUNTIME=10 SIZE_MIB=4096 BENCH_DIR=/mnt/x SKIP_BUILD=1 scripts/bench-qcow2.sh
#   CASES="read write" scripts/bench-qcow2.sh      # a subset: read write hole cached alloc
#
# Cases (64 KiB clusters, 4 KiB requests):
#   read, write   allocated image (random data), cache=none, QD1 (-i threads, qemu-img's default)
#                 and QD32 (both -i io_uring): in-place writes, reads of data
#   hole          an empty image (every read is of an unallocated cluster), cache=none,
#                 jblock vs qemu-img -i threads and vs -i io_uring, QD1 and QD32
#   cached        the allocated image with -t writeback (page-cache hits), as hole
#   alloc         allocating writes: a fresh image per run, -S 64k so that every request
#                 allocates a new cluster, cache=none, QD1 and QD32 (-i io_uring at QD32)
#
# qemu-img bench has no random mode: both sides use its pattern, offsets advancing by -S and
# wrapping at the end of the image. For read/write/hole/cached -S is 40009 x 4 KiB (an odd
# multiple, so every 4 KiB block of the image is visited, scattered) instead of 4 KiB (which
# would read each cluster 16 times in a row).
#
# Issue 11 targets: every qcow2 row >= 1.0x qemu-img bench (median); hole and cached reads
# >= 2x qemu-img bench -i threads.
SIZE_MIB="${SIZE_MIB:-1024}"
. "$(dirname "$0")/bench-qemu-lib.sh"
CASES="${CASES:-read write hole cached alloc}"
STEP=$((40009 * 4096))
IMG="$DIR/allocated-${SIZE_MIB}m.qcow2"
HOLE="$DIR/hole-${SIZE_MIB}m.qcow2"
FRESH="$DIR/fresh.qcow2"
ALLOC_MAX="${ALLOC_MAX:-40000}"   # allocating writes per run at most (ALLOC_MAX x 64 KiB of image)

if [ ! -f "$IMG" ]; then
  data_file "$DIR/data-${SIZE_MIB}m.raw" "$SIZE_MIB"
  echo "== converting it to $IMG (every cluster allocated)" >&2
  qemu-img convert -f raw -O qcow2 -o cluster_size=65536 "$DIR/data-${SIZE_MIB}m.raw" "$IMG.tmp"
  mv "$IMG.tmp" "$IMG"
  rm -f "$DIR/data-${SIZE_MIB}m.raw"
fi
[ -f "$HOLE" ] || qemu-img create -q -f qcow2 -o cluster_size=65536 "$HOLE" "${SIZE_MIB}M"

header "qcow2 4 KiB requests: jblock bench vs qemu-img bench (cases: $CASES)"
echo "   jblock:   jblock bench -f qcow2 -c COUNT --warmup COUNT/$RUNTIME -d D -s 4096 -S S -t T [-i AIO] [-w] IMAGE"
echo "   qemu-img: qemu-img bench -f qcow2 -c COUNT -d D -s 4096 -S S -t T [-i AIO] [-w] IMAGE"
printf '%-6s %-34s %12s\n' round side ops/s

# pair NAME IMAGE COUNT-MAX JBLOCK-AIO PEERS ARGS...: the rounds of one case. PEERS is a list of
# qemu-img aio modes ("threads", "io_uring"); ARGS are the shared bench arguments. A calibration
# run of the first peer sets COUNT (about RUNTIME seconds); with FRESH_EACH=1 the image is made
# anew before every run (allocating writes).
pair() {
  local name="$1" image="$2" max="$3" jaio="$4" peers="$5"; shift 5
  local first="${peers%% *}" ops count r side v
  [ "${FRESH_EACH:-0}" = 1 ] && fresh "$image"
  ops=$(timed 0 calibration "$(count_for 2000 "$max")" qemu-img bench -q -f qcow2 -c "$(count_for 2000 "$max")" -i "$first" "$@" "$image")
  for r in $(seq "$ROUNDS"); do
    local order=(jblock $peers)
    if [ $((r % 2)) = 1 ]; then order=($peers jblock); fi
    count=$(count_for "$ops" "$max")
    for side in "${order[@]}"; do
      [ "${FRESH_EACH:-0}" = 1 ] && fresh "$image"
      if [ "$side" = jblock ]; then
        local ja=(); [ "$jaio" != default ] && ja=(-i "$jaio")
        v=$(jbench "$r" "jblock-$name" "$count" -f qcow2 "${ja[@]}" "$@" "$image")
      else
        v=$(timed "$r" "qemu-$side-$name" "$count" qemu-img bench -q -f qcow2 -c "$count" -i "$side" "$@" "$image")
        [ "$side" = "$first" ] && ops=$v
      fi
      printf '%-6s %-34s %12s\n' "$r" "$side-$name" "$v"
    done
  done
}

fresh() {
  rm -f "$1"
  qemu-img create -q -f qcow2 -o cluster_size=65536 "$1" "$((ALLOC_MAX * 2 * 65536))"
}

ROWS=()
for c in $CASES; do
  case "$c" in
    read)
      pair read-qd1 "$IMG" 100000000 default threads -d 1 -s 4096 -S "$STEP" -t none
      pair read-qd32 "$IMG" 100000000 io_uring io_uring -d 32 -s 4096 -S "$STEP" -t none
      ROWS+=("qcow2 4K read cache=none QD1|jblock-read-qd1|qemu-threads-read-qd1"
             "qcow2 4K read cache=none QD32 io_uring|jblock-read-qd32|qemu-io_uring-read-qd32") ;;
    write)
      pair write-qd1 "$IMG" 100000000 default threads -d 1 -s 4096 -S "$STEP" -t none -w
      pair write-qd32 "$IMG" 100000000 io_uring io_uring -d 32 -s 4096 -S "$STEP" -t none -w
      ROWS+=("qcow2 4K write cache=none QD1|jblock-write-qd1|qemu-threads-write-qd1"
             "qcow2 4K write cache=none QD32 io_uring|jblock-write-qd32|qemu-io_uring-write-qd32") ;;
    hole)
      pair hole-qd1 "$HOLE" 100000000 default "threads io_uring" -d 1 -s 4096 -S "$STEP" -t none
      pair hole-qd32 "$HOLE" 100000000 io_uring "threads io_uring" -d 32 -s 4096 -S "$STEP" -t none
      ROWS+=("qcow2 4K hole read QD1|jblock-hole-qd1|qemu-threads-hole-qd1|qemu-io_uring-hole-qd1"
             "qcow2 4K hole read QD32|jblock-hole-qd32|qemu-threads-hole-qd32|qemu-io_uring-hole-qd32") ;;
    cached)
      pair cached-qd1 "$IMG" 100000000 default "threads io_uring" -d 1 -s 4096 -S "$STEP" -t writeback
      pair cached-qd32 "$IMG" 100000000 io_uring "threads io_uring" -d 32 -s 4096 -S "$STEP" -t writeback
      ROWS+=("qcow2 4K cached read (writeback) QD1|jblock-cached-qd1|qemu-threads-cached-qd1|qemu-io_uring-cached-qd1"
             "qcow2 4K cached read (writeback) QD32|jblock-cached-qd32|qemu-threads-cached-qd32|qemu-io_uring-cached-qd32") ;;
    alloc)
      FRESH_EACH=1 pair alloc-qd1 "$FRESH" "$ALLOC_MAX" default threads -d 1 -s 4096 -S 65536 -t none -w
      FRESH_EACH=1 pair alloc-qd32 "$FRESH" "$ALLOC_MAX" io_uring io_uring -d 32 -s 4096 -S 65536 -t none -w
      rm -f "$FRESH"
      ROWS+=("qcow2 4K allocating write (fresh image) QD1|jblock-alloc-qd1|qemu-threads-alloc-qd1"
             "qcow2 4K allocating write (fresh image) QD32 io_uring|jblock-alloc-qd32|qemu-io_uring-alloc-qd32") ;;
    *) echo "unknown case $c (read write hole cached alloc)" >&2; exit 2 ;;
  esac
done

summary_header
for row in "${ROWS[@]}"; do
  IFS='|' read -r -a f <<<"$row"
  summary "${f[@]}"
done
footer
