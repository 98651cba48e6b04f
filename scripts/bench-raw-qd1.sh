#!/usr/bin/env bash
# Raw 4 KiB random reads with O_DIRECT at queue depth 1, side by side on one file:
# jblock bench (depth 1: the synchronous form on its own thread, no hand-off) vs fio psync vs
# the JDK's FileChannel with ExtendedOpenOption.DIRECT. Prints every run and, at the end, a
# markdown table row per peer (jblock/peer min, median, max over the rounds; user CPU per I/O).
#
#   scripts/bench-raw-qd1.sh                      # 5 rounds of 5 s per side, 1 GiB file under target/
#   ROUNDS=7 RUNTIME=10 BENCH_DIR=/mnt/x SKIP_BUILD=1 scripts/bench-raw-qd1.sh
#
# A second pair of sides reads the same file from the page cache (jblock -t writeback, fio
# --direct=0 --invalidate=0): a 4 KiB read then costs ~2 µs in the kernel instead of ~80, so the
# run is CPU-bound and the per-request overhead of each side shows in its ops/s, and its user CPU
# per I/O is counted over ~100 ticks of the kernel's tick accounting, not the handful an O_DIRECT
# run at a few thousand I/Os per second gets (too few to compare at this resolution).
#
# Issue 11 targets: >= 0.95x fio psync and >= 1.0x FileChannel DIRECT (medians); user CPU per I/O <= fio's.
. "$(dirname "$0")/bench-lib.sh"
header "raw 4 KiB random read, O_DIRECT, QD1: jblock bench vs fio psync vs FileChannel DIRECT"
echo "   jblock:      jblock bench -f raw -n --random -d 1 -s 4096 -c COUNT --warmup COUNT/$RUNTIME FILE"
echo "   fio:         fio --rw=randread --bs=4k --direct=1 --ioengine=psync --iodepth=1 --time_based --runtime=$RUNTIME --norandommap"
echo "   FileChannel: java -cp jmh/target/benchmarks.jar io.jblock.jmh.FileChannelRandomRead FILE COUNT 4096 COUNT/$RUNTIME"
echo "   page cache: the same with jblock -t writeback (no -n) and fio --direct=0 --invalidate=0"
echo "   (COUNT: the requests fio made in the last run of the same length)"
cat "$FILE" >/dev/null # into the page cache for the cached calibration run
ops=$(fio_run 0 calibration --rw=randread --bs=4k --ioengine=psync --iodepth=1)
cached_ops=$(fio_run 0 calibration-cached --rw=randread --bs=4k --ioengine=psync --iodepth=1 --direct=0 --invalidate=0)
sides=(fio-psync jblock filechannel-direct fio-psync-cached jblock-cached)
printf '%-6s %-20s %12s\n' round side ops/s
for r in $(seq "$ROUNDS"); do
  k=$(( (r - 1) % ${#sides[@]} ))
  for side in "${sides[@]:k}" "${sides[@]:0:k}"; do
    count=$(count_for "$ops")
    case "$side" in
      fio-psync) v=$(fio_run "$r" "$side" --rw=randread --bs=4k --ioengine=psync --iodepth=1); ops=$v ;;
      jblock) v=$(jblock_run "$r" "$side" "$count" -n --random -d 1 -s 4096) ;;
      filechannel-direct) v=$(filechannel_run "$r" "$side" "$count") ;;
      fio-psync-cached) cat "$FILE" >/dev/null # fio's O_DIRECT runs drop the file's pages (invalidate=1)
        v=$(fio_run "$r" "$side" --rw=randread --bs=4k --ioengine=psync --iodepth=1 --direct=0 \
          --invalidate=0); cached_ops=$v ;;
      jblock-cached) cat "$FILE" >/dev/null
        v=$(jblock_run "$r" "$side" "$(count_for "$cached_ops")" -t writeback --random -d 1 -s 4096) ;;
    esac
    printf '%-6s %-20s %12s\n' "$r" "$side" "$v"
  done
done
summary_header
summary "raw 4K randread O_DIRECT QD1" jblock fio-psync filechannel-direct
summary "raw 4K randread page cache QD1" jblock-cached fio-psync-cached
footer
