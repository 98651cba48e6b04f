#!/usr/bin/env bash
# Raw 1 MiB sequential reads and writes with O_DIRECT at queue depth 8, side by side on one file:
# jblock bench -i io_uring (offsets advance by the request size and wrap, as qemu-img bench)
# vs fio --ioengine=io_uring, alternating over the rounds. Prints every run and a markdown table
# row per operation (jblock/fio min, median, max of the bandwidth; user CPU per I/O).
#
#   scripts/bench-raw-seq.sh                      # 5 rounds of 5 s per side, 1 GiB file under target/
#   ROUNDS=7 RUNTIME=10 BENCH_DIR=/mnt/x SKIP_BUILD=1 scripts/bench-raw-seq.sh
#
# Issue 11 target: >= 0.95x fio (median).
. "$(dirname "$0")/bench-lib.sh"
header "raw 1 MiB sequential read and write, O_DIRECT, QD8: jblock bench -i io_uring vs fio io_uring"
echo "   jblock: jblock bench -f raw -n -i io_uring -d 8 -s 1M [-w] -c COUNT --warmup COUNT/$RUNTIME FILE"
echo "   fio:    fio --rw=read|write --bs=1M --direct=1 --ioengine=io_uring --iodepth=8 --time_based --runtime=$RUNTIME"
echo "   (ops/s of 1 MiB requests: MiB/s)"
printf '%-6s %-20s %12s\n' round side ops/s
for op in read write; do
  w=(); [ "$op" = write ] && w=(-w)
  ops=$(fio_run 0 calibration --rw=$op --bs=1M --ioengine=io_uring --iodepth=8)
  for r in $(seq "$ROUNDS"); do
    if [ $((r % 2)) = 1 ]; then order=(fio jblock); else order=(jblock fio); fi
    for side in "${order[@]}"; do
      count=$(count_for "$ops")
      if [ "$side" = fio ]; then
        v=$(fio_run "$r" "fio-$op" --rw=$op --bs=1M --ioengine=io_uring --iodepth=8); ops=$v
      else
        v=$(jblock_run "$r" "jblock-$op" "$count" -n -i io_uring -d 8 -s 1M "${w[@]}")
      fi
      printf '%-6s %-20s %12s\n' "$r" "$side-$op" "$v"
    done
  done
done
summary_header
summary "raw 1M seq read O_DIRECT QD8" jblock-read fio-read
summary "raw 1M seq write O_DIRECT QD8" jblock-write fio-write
footer
