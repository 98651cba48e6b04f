#!/usr/bin/env bash
# Measures jblock's mapped-ram save/restore (direct-io on/off, 1 and 4 channels) against fio's
# sequential write and read on the same disk, in one run, and the page cache left after a save.
#
#   scripts/bench-ramfile.sh            # 2 GiB RAM, 10% zero pages, files under target/bench-ramfile
#   SIZE_MIB=512 ZERO_PERCENT=0 BENCH_DIR=/tmp/rb scripts/bench-ramfile.sh
#
# Needs: a JDK >= 22 (JAVA=..., default: the one .mvn/find-jdk.sh picks), fio and python3.
# Builds ffm-bindings and storage-runtime first unless SKIP_BUILD=1.
# Disk space: about 2 x SIZE_MIB (fio's file and ours); both are deleted at the end.
# Every figure is the median of REPEAT runs (default 3), with the range.
#
# The ratio "vs fio" compares with fio's 1 MiB sequential O_DIRECT write/read. Zero pages are
# skipped, so with Z% zero pages placed at random the writes are runs of about 4*(100-Z)/Z KiB
# (36 KiB at 10%) into a sparse file; the script also runs fio with that block size on a sparse
# file (fallocate=none), 1 and 4 jobs, as the like-for-like reference for the save.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [ -z "${JAVA:-}" ]; then . "$ROOT/.mvn/find-jdk.sh"; JAVA="$JAVA_HOME/bin/java"; fi
SIZE_MIB="${SIZE_MIB:-2048}"
ZERO_PERCENT="${ZERO_PERCENT:-10}"
DIR="${BENCH_DIR:-$ROOT/target/bench-ramfile}"
export REPEAT="${REPEAT:-3}"
VERSION=0.1.0-SNAPSHOT

command -v fio >/dev/null || { echo "fio missing: apt-get install fio" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 missing" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B package -pl storage-runtime -am -DskipTests
fi
FFM_JAR="$HOME/.m2/repository/io/jblock/jblock-ffm-bindings/$VERSION/jblock-ffm-bindings-$VERSION.jar"
[ -f ffm-bindings/target/jblock-ffm-bindings-$VERSION.jar ] && FFM_JAR=ffm-bindings/target/jblock-ffm-bindings-$VERSION.jar
CP="storage-runtime/target/jblock-storage-runtime-$VERSION.jar:$FFM_JAR"

mkdir -p "$DIR"
FIO_FILE="$DIR/fio-seq.dat"
trap 'rm -f "$FIO_FILE" "$DIR/ram-bench.img"' EXIT

fio_once() {   # $1 = write|read, further arguments go to fio; prints MB/s (10^6 bytes/s)
  local rw="$1"; shift
  fio --name="seq$rw" --filename="$FIO_FILE" --rw="$rw" --direct=1 --ioengine=psync --end_fsync=1 \
      --group_reporting --output-format=json "$@" \
    | python3 -c 'import json,sys; j=json.load(sys.stdin)["jobs"][0]; print("%.1f" % (j[sys.argv[1]]["bw_bytes"]/1e6))' "$rw"
}

fio_mbps() {   # median of REPEAT runs of fio_once, then the range: "MEDIAN MIN-MAX"
  local runs=()
  for _ in $(seq "$REPEAT"); do
    [ "${FRESH:-0}" = 1 ] && rm -f "$FIO_FILE"
    runs+=("$(fio_once "$@")")
  done
  printf '%s\n' "${runs[@]}" | sort -g | python3 -c 'import sys; v=[float(x) for x in sys.stdin]; print("%.1f %.0f-%.0f" % (v[len(v)//2], v[0], v[-1]))'
}

echo "== $(date -u '+%F %T UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "== fio on $(df --output=source "$DIR" | tail -1) ($DIR), ${SIZE_MIB} MiB, bs=1M, direct=1, psync, end_fsync=1"
read -r FIO_WRITE FIO_WRITE_RANGE <<<"$(fio_mbps write --bs=1M --size="${SIZE_MIB}M")"
read -r FIO_READ FIO_READ_RANGE <<<"$(fio_mbps read --bs=1M --size="${SIZE_MIB}M")"
rm -f "$FIO_FILE"
echo "fio sequential write: $FIO_WRITE MB/s (median of $REPEAT, range $FIO_WRITE_RANGE)"
echo "fio sequential read:  $FIO_READ MB/s (median of $REPEAT, range $FIO_READ_RANGE)"
if [ "$ZERO_PERCENT" -gt 0 ]; then
  RUN_KIB=$(( 4 * (100 - ZERO_PERCENT) / ZERO_PERCENT ))
  [ "$RUN_KIB" -lt 4 ] && RUN_KIB=4
  PART=$(( SIZE_MIB / 4 ))
  for jobs in 1 4; do
    read -r W W_RANGE <<<"$(FRESH=1 fio_mbps write --bs="${RUN_KIB}k" --size="${PART}M" --numjobs=$jobs \
        --offset_increment="${PART}M" --fallocate=none)"
    echo "fio write, sparse file, bs=${RUN_KIB}k (mean run at ${ZERO_PERCENT}% zero pages), ${jobs} job(s)," \
         "${PART} MiB each: $W MB/s (median of $REPEAT, range $W_RANGE)"
  done
  rm -f "$FIO_FILE"
fi
echo "== jblock ramfile"
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" io.jblock.storage.ramfile.RamFileBench \
  "$DIR" "$SIZE_MIB" "$ZERO_PERCENT" "$FIO_WRITE" "$FIO_READ"
echo "== done $(date -u '+%T UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
