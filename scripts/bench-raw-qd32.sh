#!/usr/bin/env bash
# Raw 4 KiB random reads and writes with O_DIRECT at queue depth 32, side by side on one file:
# jblock bench -i io_uring vs fio --ioengine=io_uring, alternating over the rounds. Prints every
# run and a markdown table row per operation (jblock/fio min, median, max; user CPU per I/O).
#
#   scripts/bench-raw-qd32.sh                     # 5 rounds of 5 s per side, 1 GiB file under target/
#   ROUNDS=7 RUNTIME=10 BENCH_DIR=/mnt/x SKIP_BUILD=1 scripts/bench-raw-qd32.sh
#
# Issue 11 target: >= 0.9x fio io_uring (median); user CPU per I/O <= fio's.
. "$(dirname "$0")/bench-lib.sh"
header "raw 4 KiB random read and write, O_DIRECT, QD32: jblock bench -i io_uring vs fio io_uring"
echo "   jblock: jblock bench -f raw -n --random -i io_uring -d 32 -s 4096 [-w] -c COUNT --warmup COUNT/$RUNTIME FILE"
echo "   fio:    fio --rw=randread|randwrite --bs=4k --direct=1 --ioengine=io_uring --iodepth=32 --time_based --runtime=$RUNTIME --norandommap"
printf '%-6s %-20s %12s\n' round side ops/s
for op in randread randwrite; do
  w=(); [ "$op" = randwrite ] && w=(-w)
  ops=$(fio_run 0 calibration --rw=$op --bs=4k --ioengine=io_uring --iodepth=32)
  for r in $(seq "$ROUNDS"); do
    if [ $((r % 2)) = 1 ]; then order=(fio jblock); else order=(jblock fio); fi
    for side in "${order[@]}"; do
      count=$(count_for "$ops")
      if [ "$side" = fio ]; then
        v=$(fio_run "$r" "fio-$op" --rw=$op --bs=4k --ioengine=io_uring --iodepth=32); ops=$v
      else
        v=$(jblock_run "$r" "jblock-$op" "$count" -n --random -i io_uring -d 32 -s 4096 "${w[@]}")
      fi
      printf '%-6s %-20s %12s\n' "$r" "$side-$op" "$v"
    done
  done
done
summary_header
summary "raw 4K randread O_DIRECT QD32" jblock-randread fio-randread
summary "raw 4K randwrite O_DIRECT QD32" jblock-randwrite fio-randwrite
footer
