#!/usr/bin/env bash
# Measures jblock's mapped-ram save/restore (direct-io on/off, 1 and 4 channels) against fio's
# sequential write and read on the same disk, in one run, and the page cache left after a save.
#
#   scripts/bench-ramfile.sh            # 2 GiB RAM, files under target/bench-ramfile
#   SIZE_MIB=512 BENCH_DIR=/tmp/rb scripts/bench-ramfile.sh
#
# Needs: a JDK >= 22 (JAVA=..., default Temurin 25), fio, python3, and jblock-ffm-bindings in
# ~/.m2 (built by its module). Builds storage-runtime's jar first unless SKIP_BUILD=1.
# Disk space: about 2 x SIZE_MIB (fio's file and ours); both are deleted at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
SIZE_MIB="${SIZE_MIB:-2048}"
DIR="${BENCH_DIR:-$ROOT/target/bench-ramfile}"
VERSION=0.1.0-SNAPSHOT

command -v fio >/dev/null || { echo "fio missing: apt-get install fio" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 missing" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -o package -pl storage-runtime -DskipTests
fi
FFM_JAR="$HOME/.m2/repository/io/jblock/jblock-ffm-bindings/$VERSION/jblock-ffm-bindings-$VERSION.jar"
[ -f ffm-bindings/target/jblock-ffm-bindings-$VERSION.jar ] && FFM_JAR=ffm-bindings/target/jblock-ffm-bindings-$VERSION.jar
CP="storage-runtime/target/jblock-storage-runtime-$VERSION.jar:$FFM_JAR"

mkdir -p "$DIR"
FIO_FILE="$DIR/fio-seq.dat"
trap 'rm -f "$FIO_FILE" "$DIR/ram-bench.img"' EXIT

fio_mbps() {   # $1 = write|read; prints MB/s (10^6 bytes/s)
  fio --name="seq$1" --filename="$FIO_FILE" --rw="$1" --bs=1M --direct=1 --size="${SIZE_MIB}M" \
      --ioengine=psync --end_fsync=1 --output-format=json \
    | python3 -c 'import json,sys; j=json.load(sys.stdin)["jobs"][0]; k=sys.argv[1]; print("%.1f" % (j[k]["bw_bytes"]/1e6))' "$1"
}

echo "== fio on $(df --output=source "$DIR" | tail -1) ($DIR), ${SIZE_MIB} MiB, bs=1M, direct=1"
FIO_WRITE=$(fio_mbps write)
FIO_READ=$(fio_mbps read)
rm -f "$FIO_FILE"
echo "fio sequential write: $FIO_WRITE MB/s"
echo "fio sequential read:  $FIO_READ MB/s"
echo "== jblock ramfile"
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" io.jblock.storage.ramfile.RamFileBench \
  "$DIR" "$SIZE_MIB" "$FIO_WRITE" "$FIO_READ"
