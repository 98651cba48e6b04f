#!/usr/bin/env bash
# Long form of issue 9's crash-state replay: seeded random workloads written by jblock through the
# blklogwrites filter, then crash states rebuilt from the log (at every flush, and at random points
# with random subsets of the writes no flush covered yet), each opened by jblock read-write, checked
# by qemu-img check, the guest shadow model and qemu-img compare.
#
#   scripts/crash-replay.sh --states 10000 --seed 1                   # every family; must report 0 bad
#   scripts/crash-replay.sh --states 1000 --families snapshot-lazy    # issue 9 defects 1 and 5's families
#
# Options: --states N (total, default 10000), --seed N (first workload's seed, default 1),
# --per-workload N (states per workload, default 50), --families plain|snapshot-lazy|all (default
# all), --minutes M (time box: no new workload after M minutes, 0 = none). The report (per
# family, then every bad state with workload, seed, state and qemu-img check output) is printed
# and kept in qcow2/target/crash-replay-report.txt.
# Needs qemu-utils; uses the Maven repository MAVEN_OPTS names (-Dmaven.repo.local=...), if any.
set -euo pipefail
cd "$(dirname "$0")/.."
states=10000 seed=1 per=50 families=all minutes=0
while [ $# -gt 0 ]; do
  case "$1" in
    --states) states="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --minutes) minutes="$2"; shift 2 ;;
    --per-workload) per="$2"; shift 2 ;;
    --families) families="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
command -v qemu-img >/dev/null || { echo "qemu-img missing: apt-get install qemu-utils" >&2; exit 1; }
export JBLOCK_REQUIRE_QEMU=1
./mvnw -B -q install -DskipTests -pl qcow2 -am
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
./mvnw -B -q verify -pl qcow2 -Dtest=CrashReplayLongTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Djblock.crash.states="$states" -Djblock.crash.seed="$seed" -Djblock.crash.states-per-workload="$per" \
  -Djblock.crash.families="$families" -Djblock.crash.minutes="$minutes" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat qcow2/target/crash-replay-report.txt 2>/dev/null || echo "no report (the run failed before the end; see qcow2/target/surefire-reports)"
exit $status
