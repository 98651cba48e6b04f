#!/usr/bin/env bash
# The stress soak: SECONDS_TOTAL seconds (default 600, the 10-minute soak) of concurrent random
# requests, cycling through the stress configurations in runs of at most a minute, each ending
# with its shadow, qemu-img check and qemu-img compare checks. Prints every run and the total:
#   soak: R runs, N requests in S s
#
#   scripts/stress-soak.sh
#   SECONDS_TOTAL=3600 THREADS=8 scripts/stress-soak.sh
#
# Needs qemu-utils. Uses Maven's repository as MAVEN_OPTS says.
. "$(dirname "$0")/harness-common.sh"
case "${1:-}" in -h|--help) usage; exit 0;; esac
JBLOCK_REQUIRE_QEMU=1 run_harness "StressTest#soak" "^soak" \
  -Djblock.stress.seconds="${SECONDS_TOTAL:-600}" -Djblock.stress.threads="${THREADS:-6}"
