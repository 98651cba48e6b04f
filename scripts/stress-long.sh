#!/usr/bin/env bash
# Long form of the concurrent stress test: at least OPS requests in total (default 10 million;
# each configuration's and each thread's share is rounded up, so 10,000,044 requests), spread
# evenly over the configurations (qcow2 64k, 4k with small caches, 4k over a backing file,
# extended L2, lazy refcounts with O_DIRECT, a contended 64 KiB disk; raw buffered, O_DIRECT and
# contended), THREADS threads each (default 6); every configuration ends with qemu-img check and
# qemu-img compare against the shadow. Prints one "stress CONFIG: Result[...]" line each.
#
#   scripts/stress-long.sh
#   OPS=1000000 THREADS=8 scripts/stress-long.sh
#
# Needs qemu-utils. Uses Maven's repository as MAVEN_OPTS says.
. "$(dirname "$0")/harness-common.sh"
case "${1:-}" in -h|--help) usage; exit 0;; esac
OPS="${OPS:-10000000}"
CONFIGS=9
JBLOCK_REQUIRE_QEMU=1 run_harness "StressTest#concurrentRequestsMatchTheShadow" "^stress " \
  -Djblock.stress.ops=$(((OPS + CONFIGS - 1) / CONFIGS)) -Djblock.stress.threads="${THREADS:-6}"
