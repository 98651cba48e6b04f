#!/usr/bin/env bash
# Raw 4 KiB random reads with O_DIRECT at queue depth 1, side by side on one file:
# jblock bench (depth 1: the synchronous form on its own thread, no hand-off) vs fio psync vs
# the JDK's FileChannel with ExtendedOpenOption.DIRECT. Prints every run and, at the end, a
# markdown table row per peer (jblock/peer min, median, max over the rounds; user CPU per I/O).
#
#   scripts/bench-raw-qd1.sh                      # 5 rounds of 5 s per side, 1 GiB file under target/
#   ROUNDS=7 RUNTIME=10 BENCH_DIR=/mnt/x SKIP_BUILD=1 scripts/bench-raw-qd1.sh
#
# Issue 11 targets: >= 0.95x fio psync and >= 1.0x FileChannel DIRECT (medians); user CPU per I/O <= fio's.
. "$(dirname "$0")/bench-lib.sh"
header "raw 4 KiB random read, O_DIRECT, QD1: jblock bench vs fio psync vs FileChannel DIRECT"
echo "   jblock:      jblock bench -f raw -n --random -d 1 -s 4096 -c COUNT --warmup COUNT/$RUNTIME FILE"
echo "   fio:         fio --rw=randread --bs=4k --direct=1 --ioengine=psync --iodepth=1 --time_based --runtime=$RUNTIME --norandommap"
echo "   FileChannel: java -cp jmh/target/benchmarks.jar io.jblock.jmh.FileChannelRandomRead FILE COUNT 4096 COUNT/$RUNTIME"
echo "   (COUNT: the requests fio made in the last run of the same length)"
ops=$(fio_run 0 calibration --rw=randread --bs=4k --ioengine=psync --iodepth=1)
sides=(fio-psync jblock filechannel-direct)
printf '%-6s %-20s %12s\n' round side ops/s
for r in $(seq "$ROUNDS"); do
  k=$(( (r - 1) % 3 ))
  for side in "${sides[@]:k}" "${sides[@]:0:k}"; do
    count=$(count_for "$ops")
    case "$side" in
      fio-psync) v=$(fio_run "$r" "$side" --rw=randread --bs=4k --ioengine=psync --iodepth=1); ops=$v ;;
      jblock) v=$(jblock_run "$r" "$side" "$count" -n --random -d 1 -s 4096) ;;
      filechannel-direct) v=$(filechannel_run "$r" "$side" "$count") ;;
    esac
    printf '%-6s %-20s %12s\n' "$r" "$side" "$v"
  done
done
summary_header
summary "raw 4K randread O_DIRECT QD1" jblock fio-psync filechannel-direct
footer
