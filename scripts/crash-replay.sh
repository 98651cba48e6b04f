#!/usr/bin/env bash
# Long form of issue 9's crash-state replay: seeded random workloads written by jblock through the
# blklogwrites filter, then crash states rebuilt from the log (at every flush, and at random points
# with random subsets of the writes no flush covered yet), each opened by jblock read-write, checked
# by qemu-img check, the guest shadow model and qemu-img compare.
#
#   scripts/crash-replay.sh --states 10000 --seed 1            # the families CI runs (must give 0 bad)
#   scripts/crash-replay.sh --states 2000 --known-defects      # plus snapshot-shared clusters and lazy refcounts
#   scripts/crash-replay.sh --states 1000 --only-known-defects # only those (issue 9 defects 1 and 5)
#
# Options: --states N (total, default 10000), --seed N (first workload's seed, default 1),
# --per-workload N (states per workload, default 50), --known-defects (add the families of issue 9
# defects 1 and 5), --only-known-defects (run only those). The report (per family, then every bad
# state with workload, seed, state and qemu-img check output) is printed and kept in
# qcow2/target/crash-replay-report.txt.
# Needs qemu-utils; uses the Maven repository MAVEN_OPTS names (-Dmaven.repo.local=...), if any.
set -euo pipefail
cd "$(dirname "$0")/.."
states=10000 seed=1 per=50 families=plain
while [ $# -gt 0 ]; do
  case "$1" in
    --states) states="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --per-workload) per="$2"; shift 2 ;;
    --known-defects) families=all; shift ;;
    --only-known-defects) families=known; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
command -v qemu-img >/dev/null || { echo "qemu-img missing: apt-get install qemu-utils" >&2; exit 1; }
export JBLOCK_REQUIRE_QEMU=1
./mvnw -B -q install -DskipTests -pl qcow2 -am
status=0
./mvnw -B -q verify -pl qcow2 -Dtest=CrashReplayLongTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Djblock.crash.states="$states" -Djblock.crash.seed="$seed" -Djblock.crash.states-per-workload="$per" \
  -Djblock.crash.families="$families" || status=$?
cat qcow2/target/crash-replay-report.txt 2>/dev/null || echo "no report (the run failed before the end; see qcow2/target/surefire-reports)"
exit $status
