# Sourced by scripts/bench-raw-*.sh: side-by-side runs of jblock and a peer tool on one file,
# alternating over ROUNDS rounds, and a summary of jblock/peer ratios (min, median, max) with the
# user CPU per I/O of each side. Not meant to be run by itself.
#
# Knobs (environment): ROUNDS (default 5), RUNTIME seconds per run (default 5), BENCH_DIR (default
# target/bench-raw), SIZE_MIB of the data file (default 1024), SKIP_BUILD=1 (use what is built),
# JAVA (a java >= 22; default: the JDK .mvn/find-jdk.sh picks).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${ROUNDS:-5}"
RUNTIME="${RUNTIME:-5}"
SIZE_MIB="${SIZE_MIB:-1024}"
DIR="${BENCH_DIR:-$ROOT/target/bench-raw}"
FILE="$DIR/raw-${SIZE_MIB}m.img"
RESULTS="$(mktemp "${TMPDIR:-/tmp}/jblock-bench.XXXXXX")"
trap 'rm -f "$RESULTS"' EXIT

if [ "$ROUNDS" -lt 5 ]; then
  echo "ROUNDS=$ROUNDS: at least 5 rounds are needed for a min/median/max worth reading" >&2
  exit 2
fi

# A fresh machine: fio and python3 from Debian when we are root, a clear message otherwise.
need() {  # $1 = command, $2 = Debian package
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing $2" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  fi
  command -v "$1" >/dev/null || { echo "$1 missing: apt-get install $2" >&2; exit 1; }
}
need fio fio
need python3 python3

if [ -z "${JAVA:-}" ]; then . "$ROOT/.mvn/find-jdk.sh"; JAVA="$JAVA_HOME/bin/java"; fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building jblock (SKIP_BUILD=1 skips this)" >&2
  ./mvnw -B -q install -DskipTests >&2
fi
[ -f cli/target/jblock.jar ] || { echo "cli/target/jblock.jar missing: build first" >&2; exit 1; }
JMH_JAR="$ROOT/jmh/target/benchmarks.jar"

mkdir -p "$DIR"
if [ "$(stat -c %s "$FILE" 2>/dev/null || echo 0)" != "$((SIZE_MIB << 20))" ]; then
  echo "== writing the data file $FILE (${SIZE_MIB} MiB of non-zero data, O_DIRECT)" >&2
  fio --name=fill --filename="$FILE" --size="${SIZE_MIB}M" --rw=write --bs=1M --direct=1 --ioengine=psync \
      --end_fsync=1 --output=/dev/null
fi

# One line per run in $RESULTS: round, side, ops/s, user-us/io, system-us/io.
record() { local IFS=$'\t'; printf '%s\n' "$*" >>"$RESULTS"; }

# fio_run ROUND SIDE FIO-ARGS...: a time-based fio job on $FILE; records and prints ops/s.
fio_run() {
  local round="$1" side="$2"; shift 2
  local line
  line="$(fio --name=bench --filename="$FILE" --size="${SIZE_MIB}M" --direct=1 --time_based \
      --runtime="$RUNTIME" --norandommap --randrepeat=0 --output-format=json "$@" | python3 -c '
import json, sys
j = json.load(sys.stdin)["jobs"][0]
ios = j["read"]["total_ios"] + j["write"]["total_ios"]
secs = j["job_runtime"] / 1000.0
ops = ios / secs
usr = j["usr_cpu"] / 100.0 * secs / ios * 1e6
sys_ = j["sys_cpu"] / 100.0 * secs / ios * 1e6
print("%.1f\t%.3f\t%.3f" % (ops, usr, sys_))')"
  record "$round" "$side" $line
  echo "${line%%$'\t'*}"
}

# jblock_run ROUND SIDE COUNT BENCH-ARGS...: jblock bench on $FILE with a warm-up of about one
# second of requests (not measured: the JIT compiles the path first); records and prints ops/s.
jblock_run() {
  local round="$1" side="$2" count="$3"; shift 3
  local warm=$(( count / RUNTIME ))
  local line
  # --seed ROUND: fresh random offsets every round, as fio (--randrepeat=0) and FileChannel (seed
  # ROUND) get them; before, every jblock round read the same offsets
  line="$("$JAVA" --enable-native-access=ALL-UNNAMED -jar cli/target/jblock.jar bench --output=json -f raw \
      -c "$count" --warmup="$warm" --seed="$round" "$@" "$FILE" 2>/dev/null | python3 -c '
import json, sys
j = json.load(sys.stdin)
n = j["requests"]
print("%.1f\t%.3f\t%.3f\t%.3f" % (j["ops-per-second"], j["user-cpu-seconds"] / n * 1e6, j["system-cpu-seconds"] / n * 1e6,
    j.get("io-threads-user-cpu-seconds", j["user-cpu-seconds"]) / n * 1e6))')"
  record "$round" "$side" $line
  echo "${line%%$'\t'*}"
}

# filechannel_run ROUND SIDE COUNT: FileChannel DIRECT random 4 KiB reads, one at a time.
filechannel_run() {
  local round="$1" side="$2" count="$3"
  local warm=$(( count / RUNTIME ))
  local line
  line="$("$JAVA" -cp "$JMH_JAR" io.jblock.jmh.FileChannelRandomRead "$FILE" "$count" 4096 "$warm" "$round" \
      | python3 -c '
import json, sys
j = json.load(sys.stdin)
n = j["requests"]
print("%.1f\t%.3f\t%.3f\t%.3f" % (j["ops-per-second"], j["user-cpu-seconds"] / n * 1e6, j["system-cpu-seconds"] / n * 1e6,
    j.get("io-threads-user-cpu-seconds", j["user-cpu-seconds"]) / n * 1e6))')"
  record "$round" "$side" $line
  echo "${line%%$'\t'*}"
}

# Requests for about RUNTIME seconds at OPS/s (the peer's rate of the last round).
count_for() { python3 -c "import sys; print(max(2000, int(float(sys.argv[1]) * $RUNTIME)))" "$1"; }

header() {  # $1 = what the script measures
  echo "== $1"
  echo "== $(date -u '+%F %T UTC'), jblock $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), kernel $(uname -r), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $FILE (${SIZE_MIB} MiB, on $(df --output=source "$DIR" | tail -1)), $ROUNDS rounds of ${RUNTIME} s per side, alternating which side goes first"
}

# summary LABEL JBLOCK-SIDE PEER-SIDE...: per-round ratios of the jblock side to each peer side.
summary() {
  python3 - "$RESULTS" "$@" <<'PY'
import sys, statistics
path, label, mine, *peers = sys.argv[1:]
runs = {}
for line in open(path):
    f = line.rstrip("\n").split("\t")
    r, side, ops, usr, sys_ = f[:5]
    # a 6th field: user CPU of the threads that do the I/O (jblock: without the JVM's JIT/GC threads)
    io = f[5] if len(f) > 5 else usr
    runs.setdefault(side, {})[int(r)] = (float(ops), float(usr), float(sys_), float(io))
def med(side, i):
    return statistics.median(v[i] for v in runs[side].values())
for peer in peers:
    ratios = sorted(runs[mine][r][0] / runs[peer][r][0] for r in runs[mine] if r in runs[peer])
    print("| %s: %s / %s | %.2f | %.2f | %.2f | %.0f / %.0f | %.2f / %.2f | %.2f / %.2f |" % (
        label, mine, peer, ratios[0], statistics.median(ratios), ratios[-1],
        med(mine, 0), med(peer, 0), med(mine, 1), med(peer, 1), med(mine, 3), med(peer, 3)))
PY
}

summary_header() {
  echo
  echo "| row | jblock/peer min | median | max | ops/s median (jblock / peer) | user CPU µs per I/O, median (jblock / peer) | I/O threads only (jblock: no JIT/GC threads): user CPU µs per I/O, median (jblock / peer) |"
  echo "|---|---|---|---|---|---|---|"
}

footer() {
  echo
  echo "== done $(date -u '+%T UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
