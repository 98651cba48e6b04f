#!/usr/bin/env bash
# Long form of issue 9's SIGKILL test: a child JVM writes a qcow2 image with cache=directsync and is
# killed with SIGKILL at random moments, again and again on the same image; after each kill
# qemu-img check (no corruption), every acknowledged request's data (jblock read + shadow model,
# qemu-img compare), then the next writer continues.
#
#   scripts/sigkill.sh --kills 300 --seed 1
#
# Options: --kills N (default 300), --minutes M (time box: no new kill after M minutes, 0 = none),
# --seed N (default 1; also picks the cluster size: seed mod 4
# gives 64 KiB, 4 KiB, 512 B, 1 MiB). Needs qemu-utils; uses the Maven repository MAVEN_OPTS names.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=300 seed=1 minutes=0
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) kills="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --minutes) minutes="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
command -v qemu-img >/dev/null || { echo "qemu-img missing: apt-get install qemu-utils" >&2; exit 1; }
export JBLOCK_REQUIRE_QEMU=1
./mvnw -B -q install -DskipTests -pl qcow2 -am
status=0
./mvnw -B -q verify -pl qcow2 -Dtest=SigkillTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Djblock.sigkill.kills="$kills" -Djblock.sigkill.seed="$seed" -Djblock.sigkill.minutes="$minutes" || status=$?
grep -h "^sigkill:" qcow2/target/surefire-reports/io.jblock.qcow2.crash.SigkillTest-output.txt 2>/dev/null \
  || sed -n '1,40p' qcow2/target/surefire-reports/io.jblock.qcow2.crash.SigkillTest.txt
exit $status
