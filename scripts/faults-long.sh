#!/usr/bin/env bash
# Long form of the seeded fault-injection campaign (qcow2 and raw over blkdebug): runs until
# FAULTS errors were injected (default 1000), starting at SEED (default 1), and prints
#   fault campaign: R runs from seed S, N requests, I injected errors, F failed requests, ...
# A run that breaks a rule fails with its seed, setup and log; replay it alone with
#   ONLY=SEED scripts/faults-long.sh
#
#   scripts/faults-long.sh                 # 1000 faults
#   FAULTS=5000 SEED=100000 scripts/faults-long.sh
#
# Needs qemu-utils (qemu-img, qemu-io). Uses Maven's repository as MAVEN_OPTS says.
. "$(dirname "$0")/harness-common.sh"
case "${1:-}" in -h|--help) usage; exit 0;; esac
args=(-Djblock.faults="${FAULTS:-1000}" -Djblock.faults.seed="${SEED:-1}")
[ -n "${ONLY:-}" ] && args+=(-Djblock.faults.only="$ONLY")
JBLOCK_REQUIRE_QEMU=1 run_harness "FaultCampaignTest" "^fault campaign|^Result" "${args[@]}"
