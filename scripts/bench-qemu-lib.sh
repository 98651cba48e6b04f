# Sourced by scripts/bench-qcow2.sh and scripts/bench-convert.sh: side-by-side runs of jblock and
# qemu-img on the same image, alternating which side goes first over ROUNDS rounds, and a summary
# of jblock/qemu-img ratios (min, median, max) with the user CPU per request of each side. The
# pattern is scripts/bench-lib.sh's (the raw scripts); not meant to be run by itself.
#
# Knobs (environment): ROUNDS (default 5, at least 5), RUNTIME seconds per run (default 5),
# BENCH_DIR (default target/bench-qcow2), SIZE_MIB of the images (default 1024; convert: 2048),
# SKIP_BUILD=1 (use what is built), JAVA (a java >= 22; default: the JDK .mvn/find-jdk.sh picks).
set -euo pipefail
shopt -s inherit_errexit
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${ROUNDS:-5}"
RUNTIME="${RUNTIME:-5}"
DIR="${BENCH_DIR:-$ROOT/target/bench-qcow2}"
RESULTS="$(mktemp "${TMPDIR:-/tmp}/jblock-bench.XXXXXX")"
trap 'rm -f "$RESULTS"' EXIT

if [ "$ROUNDS" -lt 5 ]; then
  echo "ROUNDS=$ROUNDS: at least 5 rounds are needed for a min/median/max worth reading" >&2
  exit 2
fi

# A fresh machine: qemu-img and python3 from Debian when we are root, a clear message otherwise.
need() {  # $1 = command, $2 = Debian package
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing $2" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  fi
  command -v "$1" >/dev/null || { echo "$1 missing: apt-get install $2" >&2; exit 1; }
}
need qemu-img qemu-utils
need python3 python3

if [ -z "${JAVA:-}" ]; then . "$ROOT/.mvn/find-jdk.sh"; JAVA="$JAVA_HOME/bin/java"; fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building jblock (SKIP_BUILD=1 skips this)" >&2
  ./mvnw -B -q install -DskipTests -pl cli -am >&2
fi
[ -f cli/target/jblock.jar ] || { echo "cli/target/jblock.jar missing: build first" >&2; exit 1; }
JBLOCK=("$JAVA" --enable-native-access=ALL-UNNAMED -jar "$ROOT/cli/target/jblock.jar")
mkdir -p "$DIR"

# One line per run in $RESULTS: round, side, ops/s (or 1/seconds), user-us per request, system-us.
record() { local IFS=$'\t'; printf '%s\n' "$*" >>"$RESULTS"; }

# A file of SIZE_MIB MiB of incompressible, non-zero data: $1 = path, $2 = MiB.
data_file() {
  if [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" != "$(($2 << 20))" ]; then
    echo "== writing $1 ($2 MiB of random data)" >&2
    head -c "$(($2 << 20))" /dev/urandom >"$1.tmp"
    mv "$1.tmp" "$1"
  fi
}

# timed ROUND SIDE REQUESTS COMMAND...: runs a native command, records REQUESTS / wall time as
# ops/s and its user/system CPU per request (the command's whole process, from getrusage).
# qemu-img bench's own "Run completed in X seconds" is used for the time when it prints one.
timed() {
  local round="$1" side="$2" n="$3"; shift 3
  local line
  line="$(python3 - "$n" "$@" <<'PY'
import re, resource, subprocess, sys, time
n = int(sys.argv[1]); cmd = sys.argv[2:]
t0 = time.monotonic()
p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
wall = time.monotonic() - t0
if p.returncode != 0:
    sys.stderr.write(" ".join(cmd) + " failed:\n" + p.stdout)
    sys.exit(1)
m = re.search(r"Run completed in ([0-9.]+) seconds", p.stdout)
secs = float(m.group(1)) if m else wall
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f\t%.3f\t%.3f" % (n / secs, ru.ru_utime / n * 1e6, ru.ru_stime / n * 1e6))
PY
)"
  record "$round" "$side" $line
  echo "${line%%$'\t'*}"
}

# jbench ROUND SIDE COUNT BENCH-ARGS... IMAGE: jblock bench with a warm-up of about a second of
# requests (not measured: the JIT compiles the path first); records and prints ops/s and the CPU
# the JSON reports for the measured run.
jbench() {
  local round="$1" side="$2" count="$3"; shift 3
  local warm=$(( count / RUNTIME ))
  local line out err
  err="$(mktemp "${TMPDIR:-/tmp}/jblock-bench-err.XXXXXX")"
  if ! out="$("${JBLOCK[@]}" bench --output=json -c "$count" --warmup="$warm" "$@" 2>"$err")"; then
    echo "jblock bench $* failed:" >&2; cat "$err" >&2; rm -f "$err"; exit 1
  fi
  rm -f "$err"
  line="$(printf '%s' "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin)
n = j["requests"]
u = j.get("user-cpu-seconds", -1e-9 * n); s = j.get("system-cpu-seconds", -1e-9 * n)
io = j.get("io-threads-user-cpu-seconds", u)
print("%.1f\t%.3f\t%.3f\t%.3f" % (j["ops-per-second"], u / n * 1e6, s / n * 1e6, io / n * 1e6))')"
  record "$round" "$side" $line
  echo "${line%%$'\t'*}"
}

# Requests for about RUNTIME seconds at OPS/s (the peer's rate of the last round), at most MAX.
count_for() { python3 -c "import sys; print(min(int(sys.argv[2]), max(2000, int(float(sys.argv[1]) * $RUNTIME))))" "$1" "${2:-100000000}"; }

header() {  # $1 = what the script measures
  echo "== $1"
  echo "== $(date -u '+%F %T UTC'), jblock $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(qemu-img --version | head -1), kernel $(uname -r), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== images under $DIR (on $(df --output=source "$DIR" | tail -1)), $ROUNDS rounds of about ${RUNTIME} s per side, alternating which side goes first"
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
if mine not in runs:
    sys.exit(0)
def med(side, i):
    return statistics.median(v[i] for v in runs[side].values())
for peer in peers:
    if peer not in runs:
        continue
    ratios = sorted(runs[mine][r][0] / runs[peer][r][0] for r in runs[mine] if r in runs[peer])
    print("| %s: %s / %s | %.2f | %.2f | %.2f | %.0f / %.0f | %.2f / %.2f | %.2f / %.2f |" % (
        label, mine, peer, ratios[0], statistics.median(ratios), ratios[-1],
        med(mine, 0), med(peer, 0), med(mine, 1), med(peer, 1), med(mine, 3), med(peer, 3)))
PY
}

summary_header() {  # $1 = the unit of the rate column (default ops/s)
  echo
  echo "| row | jblock/peer min | median | max | ${1:-ops/s} median (jblock / peer) | user CPU µs per ${2:-request}, median (jblock / peer) | I/O threads only (jblock: no JIT/GC threads): user CPU µs per ${2:-request}, median (jblock / peer) |"
  echo "|---|---|---|---|---|---|---|"
}

footer() {
  echo
  echo "== done $(date -u '+%T UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
