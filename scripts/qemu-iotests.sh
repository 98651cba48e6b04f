#!/usr/bin/env bash
# qemu-iotests.sh: runs QEMU's own qemu-iotests (tests/qemu-iotests, bash tests) against jblock
# and/or the real qemu-img/qemu-io, one QEMU `./check -FMT -file TEST` per test.
#
# The suite is taken from Debian's source package of exactly the installed qemu-utils
# (apt-get source --download-only through a private deb-src list and private apt state,
# checksums verified against the .dsc), with only the hunks of Debian's v7.2.N stable diffs that
# touch tests/qemu-iotests/ applied. QEMU_IMG_PROG/QEMU_IO_PROG are thin shims that run
# `jblock` and `jblock io` (the jblock side) or the real binaries (the qemu side). There is no
# system emulator here: QEMU_PROG is a stub that answers `-machine help` and
# `-drive format=help` and fails on anything else; so are QEMU_NBD_PROG and QSD_PROG. A test
# that calls one of the stubs for real (or, by its source, would) is out of scope: SKIP.
#
# Usage: scripts/qemu-iotests.sh [options] [TEST...]
#   --side qemu|jblock|both  which qemu-img/qemu-io to test (default jblock)
#   --jblock PATH            the jblock launcher the shims call (default: this repo's ./jblock); it is
#                            copied with its jar and AOT cache into WORKDIR first, so a rebuild
#                            during the run does not disturb it (--live: use it in place)
#   -qcow2 | -raw            the image format (may be given both; default both)
#   --set NAME               measurable: the tests real QEMU passes here (scripts/qemu-iotests-measurable.txt)
#                            ci: the CI subset (scripts/qemu-iotests-ci.txt)
#                            all: every test of the suite
#   --workdir DIR            scratch, logs and results (default $JBLOCK_IOTESTS_WORKDIR,
#                            else /tmp/iotests-$USER)
#   --cache DIR              downloaded source package and prepared suite (default
#                            $JBLOCK_IOTESTS_CACHE, else WORKDIR/cache); reused when it verifies
#   -j, --jobs N             run N tests at a time (default $JBLOCK_IOTESTS_JOBS, else 1)
#   --timeout SECONDS        per test (default $JBLOCK_IOTESTS_TIMEOUT, else 600); a timeout is a FAIL
#   --record-measurable FILE with --side qemu (or both): write the tests the qemu side passed
#   --prepare-only           only fetch and prepare the suite, print its directory
#   -h, --help
# TEST: a test name as `check` takes it: 001, 2-digit/3-digit numbers, tests/NAME.
# Output: one line per test and side, "FMT TEST SIDE PASS|FAIL|SKIP (reason)", then per side
# "SIDE: N passed, M failed, K skipped". For each failure WORKDIR/SIDE/FMT/TEST/ keeps
# check.log, calls.log (every qemu-img/qemu-io call with its start time), TEST.out.bad and TEST.diff (the
# reference .out against out.bad).
# Exit status: 0 when no test failed on any side run, 1 otherwise, 2 on usage or set-up errors.
set -euo pipefail

script_dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
repo_root=$(dirname "$script_dir")

side=jblock
jblock_launcher="$repo_root/jblock"
formats=()
set_name=
workdir=${JBLOCK_IOTESTS_WORKDIR:-/tmp/iotests-${USER:-$(id -un)}}
cache=${JBLOCK_IOTESTS_CACHE:-}
timeout_s=${JBLOCK_IOTESTS_TIMEOUT:-600}
parallel=${JBLOCK_IOTESTS_JOBS:-1}
record_file=
prepare_only=0
live=0
tests=()

die() { echo "qemu-iotests.sh: $*" >&2; exit 2; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

while [ $# -gt 0 ]; do
  case $1 in
    --side) side=${2:?--side needs a value}; shift 2 ;;
    --side=*) side=${1#*=}; shift ;;
    --jblock) jblock_launcher=${2:?--jblock needs a path}; shift 2 ;;
    --jblock=*) jblock_launcher=${1#*=}; shift ;;
    -qcow2|-raw) formats+=("${1#-}"); shift ;;
    --set) set_name=${2:?--set needs a name}; shift 2 ;;
    --set=*) set_name=${1#*=}; shift ;;
    --workdir) workdir=${2:?--workdir needs a directory}; shift 2 ;;
    --workdir=*) workdir=${1#*=}; shift ;;
    --cache) cache=${2:?--cache needs a directory}; shift 2 ;;
    --cache=*) cache=${1#*=}; shift ;;
    -j|--jobs) parallel=${2:?--jobs needs a number}; shift 2 ;;
    --jobs=*) parallel=${1#*=}; shift ;;
    --timeout) timeout_s=${2:?--timeout needs seconds}; shift 2 ;;
    --timeout=*) timeout_s=${1#*=}; shift ;;
    --record-measurable) record_file=${2:?--record-measurable needs a file}; shift 2 ;;
    --prepare-only) prepare_only=1; shift ;;
    --live) live=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) tests+=("$1"); shift ;;
  esac
done

case $side in qemu|jblock|both) ;; *) die "--side must be qemu, jblock or both" ;; esac
[ ${#formats[@]} -gt 0 ] || formats=(qcow2 raw)
case $timeout_s in ''|*[!0-9]*) die "--timeout takes whole seconds" ;; esac
case $parallel in ''|0|*[!0-9]*) die "--jobs takes a positive number" ;; esac
mkdir -p "$workdir"
workdir=$(CDPATH= cd -- "$workdir" && pwd)
[ -n "$cache" ] || cache="$workdir/cache"
mkdir -p "$cache"
cache=$(CDPATH= cd -- "$cache" && pwd)
measurable_file="$script_dir/qemu-iotests-measurable.txt"
ci_file="$script_dir/qemu-iotests-ci.txt"

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is needed: $2"; }
need dpkg-query "a Debian system"
need apt-get "a Debian system"
need python3 "QEMU's check is a Python 3 script (apt-get install python3)"
need patch "apt-get install patch"
need timeout "coreutils"
need sha256sum "coreutils"
need xz "apt-get install xz-utils"

# ---------------------------------------------------------------------------------------------
# The suite: Debian's source package of the installed qemu-utils.

src_pkg=$(dpkg-query -W -f='${source:Package}' qemu-utils 2>/dev/null) \
  || die "qemu-utils is not installed (apt-get install qemu-utils)"
src_ver=$(dpkg-query -W -f='${source:Version}' qemu-utils)
upstream_ver=${src_ver#*:}
upstream_ver=${upstream_ver%-*}
suite_root="$cache/suite-$src_pkg-${src_ver//:/_}"
iotests="$suite_root/tests/qemu-iotests"

# Writes the private deb-src list: the machine's own deb sources with Types: deb-src.
write_deb_src_list() {
  local out=$1 f
  : >"$out/sources.list"
  mkdir -p "$out/sources.list.d"
  rm -f "$out/sources.list.d/"*
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    sed -E 's/^Types:.*$/Types: deb-src/' "$f" >"$out/sources.list.d/$(basename "$f")"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -nE 's/^[[:space:]]*deb([[:space:]])/deb-src\1/p' "$f" >>"$out/sources.list"
  done
}

# Verifies every file the .dsc names against its Checksums-Sha256 field.
verify_dsc() {
  local dir=$1 dsc=$2
  awk '/^Checksums-Sha256:/ {on=1; next} /^[^ ]/ {on=0} on && NF==3 {print $1 "  " $3}' "$dir/$dsc" \
    >"$dir/SHA256SUMS"
  [ -s "$dir/SHA256SUMS" ] || { echo "no Checksums-Sha256 in $dsc" >&2; return 1; }
  (cd "$dir" && sha256sum --quiet -c SHA256SUMS)
}

fetch_source() {
  local dl="$cache/download-${src_ver//:/_}" apt="$cache/apt" dsc
  dsc="${src_pkg}_${src_ver#*:}.dsc"
  mkdir -p "$dl"
  if [ -f "$dl/$dsc" ] && verify_dsc "$dl" "$dsc" 2>/dev/null; then
    echo "$dl/$dsc"
    return
  fi
  echo "qemu-iotests.sh: fetching Debian source $src_pkg=$src_ver (private apt state in $apt)" >&2
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/etc"
  write_deb_src_list "$apt/etc"
  local aptopts=(-o "Dir::Etc::SourceList=$apt/etc/sources.list"
    -o "Dir::Etc::SourceParts=$apt/etc/sources.list.d"
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
    -o "Debug::NoLocking=1" -o "APT::Sandbox::User=$(id -un)")
  apt-get -q "${aptopts[@]}" update >"$apt/update.log" 2>&1 \
    || { cat "$apt/update.log" >&2; die "apt-get update (deb-src) failed"; }
  (cd "$dl" && apt-get -q "${aptopts[@]}" source --download-only "$src_pkg=$src_ver") >"$apt/source.log" 2>&1 \
    || { cat "$apt/source.log" >&2; die "apt-get source --download-only $src_pkg=$src_ver failed"; }
  verify_dsc "$dl" "$dsc" || die "checksums of $dl do not match $dsc"
  echo "$dl/$dsc"
}

# Keeps from a git-style diff only the file sections under tests/qemu-iotests/.
iotests_hunks() {
  awk '/^diff --git / { keep = ($3 ~ /^a\/tests\/qemu-iotests\//) } keep' "$1"
}

prepare_suite() {
  if [ -f "$suite_root/.prepared" ]; then
    return
  fi
  local dsc dl orig debtar tmp p applied=0
  dsc=$(fetch_source)
  dl=$(dirname "$dsc")
  orig=$(awk '/^Checksums-Sha256:/ {on=1; next} /^[^ ]/ {on=0} on && $3 ~ /orig\.tar/ {print $3}' "$dsc")
  debtar=$(awk '/^Checksums-Sha256:/ {on=1; next} /^[^ ]/ {on=0} on && $3 ~ /debian\.tar/ {print $3}' "$dsc")
  [ -n "$orig" ] && [ -n "$debtar" ] || die "$dsc names no orig and debian tarballs"
  tmp="$suite_root.tmp"
  rm -rf "$tmp" "$suite_root"
  mkdir -p "$tmp/orig" "$tmp/debian"
  echo "qemu-iotests.sh: unpacking tests/qemu-iotests and python/ from $orig" >&2
  tar -xJf "$dl/$orig" -C "$tmp/orig" --wildcards '*/tests/qemu-iotests/*' '*/python/*'
  tar -xJf "$dl/$debtar" -C "$tmp/debian" debian/patches
  mv "$tmp/orig"/*/ "$suite_root"
  # Debian's series, in order: only the upstream stable diffs (v7.2.N), only their
  # tests/qemu-iotests hunks.
  : >"$suite_root/APPLIED-PATCHES"
  while read -r p; do
    case $p in ''|'#'*) continue ;; esac
    p=${p%% *}
    case $p in v[0-9]*.[0-9]*.diff) ;; *) continue ;; esac
    iotests_hunks "$tmp/debian/debian/patches/$p" >"$tmp/$p.iotests"
    if [ -s "$tmp/$p.iotests" ]; then
      (cd "$suite_root" && patch -s -p1 --no-backup-if-mismatch <"$tmp/$p.iotests") \
        || die "debian/patches/$p (tests/qemu-iotests hunks) does not apply"
      echo "$p" >>"$suite_root/APPLIED-PATCHES"
      applied=$((applied + 1))
    fi
  done <"$tmp/debian/debian/patches/series"
  rm -rf "$tmp"
  echo "$src_pkg $src_ver: $orig + tests/qemu-iotests hunks of $applied stable diffs" >"$suite_root/.prepared"
  echo "qemu-iotests.sh: suite ready in $iotests ($applied stable diffs applied)" >&2
}

prepare_suite
if [ $prepare_only = 1 ]; then
  echo "$iotests"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# Shims and stubs.

real_img=$(command -v qemu-img) || die "qemu-img missing (apt-get install qemu-utils)"
real_io=$(command -v qemu-io) || die "qemu-io missing (apt-get install qemu-utils)"
shims="$workdir/shims"
mkdir -p "$shims/qemu" "$shims/jblock" "$shims/stub"

write_exec_shim() { # FILE PROGRAM-NAME COMMAND...
  local f=$1 name=$2
  shift 2
  {
    echo '#!/bin/bash'
    echo "# qemu-iotests shim: $name (each call is logged to \$JBLOCK_IOTESTS_CALL_LOG when set)"
    echo "[ -z \"\${JBLOCK_IOTESTS_CALL_LOG:-}\" ] || { printf '%s %s' \"\${EPOCHREALTIME:-}\" $name; printf ' %q' \"\$@\"; echo; } >>\"\$JBLOCK_IOTESTS_CALL_LOG\""
    printf 'JBLOCK_PROGRAM=%s exec' "$name"
    printf ' %q' "$@"
    echo ' "$@"'
  } >"$f"
  chmod +x "$f"
}
write_exec_shim "$shims/qemu/qemu-img" qemu-img "$real_img"
write_exec_shim "$shims/qemu/qemu-io" qemu-io "$real_io"
if [ "$side" != qemu ]; then
  [ -x "$jblock_launcher" ] || die "jblock launcher $jblock_launcher is not executable"
  jblock_launcher=$(cd "$(dirname "$jblock_launcher")" && pwd)/$(basename "$jblock_launcher")
  jblock_home=$(dirname "$jblock_launcher")
  if [ $live = 0 ] && [ -f "$jblock_home/cli/target/jblock.jar" ] && [ -f "$jblock_home/.mvn/find-jdk.sh" ]; then
    # a snapshot of the build: the launcher's layout, mtimes kept (the launcher uses the AOT
    # cache only while it is newer than the jar; the JVM accepts the moved jar)
    snap="$workdir/jblock-snapshot"
    rm -rf "$snap"
    mkdir -p "$snap/.mvn" "$snap/cli/target"
    cp -p "$jblock_launcher" "$snap/jblock"
    cp -p "$jblock_home/.mvn/find-jdk.sh" "$snap/.mvn/"
    cp -p "$jblock_home/cli/target/jblock.jar" "$snap/cli/target/"
    [ ! -f "$jblock_home/cli/target/jblock.aot" ] || cp -p "$jblock_home/cli/target/jblock.aot" "$snap/cli/target/"
    jblock_launcher="$snap/jblock"
  fi
  write_exec_shim "$shims/jblock/qemu-img" qemu-img "$jblock_launcher"
  write_exec_shim "$shims/jblock/qemu-io" qemu-io "$jblock_launcher" io
fi

# The system-emulator stub: common.rc asks `-machine help` (the default machine) and
# `-drive format=help` (_require_drivers); the latter is answered with the real qemu-img's
# list of formats. Anything else is a test that needs the emulator: logged, then a failure.
formats_line=$("$real_img" --help | grep '^Supported formats:' || true)
[ -n "$formats_line" ] || die "qemu-img --help printed no 'Supported formats:' line"
cat >"$shims/stub/qemu" <<EOF
#!/bin/sh
# qemu-iotests stub for QEMU_PROG: no qemu-system here.
for a in "\$@"; do prev=\$cur; cur=\$a; done
case "\$prev \$cur" in
  "-machine help"|"-M help") echo "Supported machines are:"; echo "none                 empty machine"; exit 0 ;;
  "-drive format=help") echo '$formats_line'; exit 0 ;;
esac
echo "qemu-system \$*" >>"\${JBLOCK_IOTESTS_STUB_LOG:-/dev/null}"
echo "QEMU_PROG stub: no system emulator on this machine" >&2
exit 1
EOF
for s in qemu-nbd qemu-storage-daemon; do
  cat >"$shims/stub/$s" <<EOF
#!/bin/sh
# qemu-iotests stub: $s is out of scope.
echo "$s \$*" >>"\${JBLOCK_IOTESTS_STUB_LOG:-/dev/null}"
echo "$s stub: out of scope for this runner" >&2
exit 1
EOF
done
chmod +x "$shims/stub/"*

# ---------------------------------------------------------------------------------------------
# Test selection.

# The reason a test is out of scope by its source, or nothing.
static_skip_reason() {
  local f="$iotests/$1"
  if head -n1 "$f" | grep -q python; then
    echo "python test (iotests.py, QMP): only the bash tests are in scope"
  elif grep -Eq '_launch_qemu|common\.qemu|\$\{?QEMU\}?([^_A-Za-z]|$)|_filter_qmp' "$f"; then
    echo "needs the system emulator (QEMU_PROG, QMP)"
  elif grep -Eq '\$\{?QSD\}?([^_A-Za-z]|$)|_launch_qsd|qemu-storage-daemon' "$f"; then
    echo "needs qemu-storage-daemon"
  elif grep -Eq '\$\{?QEMU_NBD\}?([^_A-Za-z]|$)|_qemu_nbd|nbd_server_start' "$f"; then
    echo "needs qemu-nbd"
  fi
}

set_tests() { # FILE FMT: the tests listed for FMT
  [ -f "$1" ] || die "$1 is missing"
  awk -v f="$2" '$1 == f {print $2}' "$1"
}

all_tests() {
  (cd "$iotests" && { ls [0-9][0-9][0-9] 2>/dev/null; ls tests/* 2>/dev/null | grep -v '\.out' ; } \
    | while read -r t; do [ -f "$t" ] && [ -x "$t" ] && echo "$t"; done | sort -u)
}

tests_for() { # FMT
  if [ ${#tests[@]} -gt 0 ]; then
    printf '%s\n' "${tests[@]}"
    return
  fi
  case $set_name in
    measurable) set_tests "$measurable_file" "$1" ;;
    ci) set_tests "$ci_file" "$1" ;;
    all) all_tests ;;
    '') die "name tests or a --set (measurable, ci, all)" ;;
    *) die "unknown set $set_name (measurable, ci, all)" ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Running.

declare -A n_pass n_fail n_skip
result_status=
result_reason=

# run_one SIDE FMT TEST: sets result_status (PASS/FAIL/SKIP) and result_reason.
run_one() {
  local s=$1 fmt=$2 t=$3 name dir rc=0 line reason ref
  name=$(basename "$t")
  dir="$workdir/$s/$fmt/${t//\//_}"
  rm -rf "$dir"
  mkdir -p "$dir/scratch" "$dir/sock"
  local t0=$SECONDS
  (
    cd "$iotests"
    exec env -u IMGOPTS -u QEMU_IMG_OPTIONS -u QEMU_IO_OPTIONS -u QEMU_OPTIONS \
      QEMU_IMG_PROG="$shims/$s/qemu-img" QEMU_IO_PROG="$shims/$s/qemu-io" \
      QEMU_PROG="$shims/stub/qemu" QEMU_NBD_PROG="$shims/stub/qemu-nbd" \
      QSD_PROG="$shims/stub/qemu-storage-daemon" \
      TEST_DIR="$dir/scratch" SOCK_DIR="$dir/sock" JBLOCK_IOTESTS_STUB_LOG="$dir/stub.log" \
      JBLOCK_IOTESTS_CALL_LOG="$dir/calls.log" \
      timeout -k 10 "$timeout_s" python3 ./check --color off "-$fmt" -file "$t"
  ) >"$dir/check.log" 2>&1 || rc=$?
  local secs=$((SECONDS - t0))
  line=$(tr '\r' '\n' <"$dir/check.log" | grep -E "^$name +(pass|fail|not run) " | tail -n1 || true)
  if [ -s "$dir/stub.log" ]; then
    result_status=SKIP
    result_reason="calls $(head -n1 "$dir/stub.log" | cut -d' ' -f1) (out of scope)"
  elif [ $rc = 124 ] || [ $rc = 137 ]; then
    result_status=FAIL
    result_reason="timeout after ${timeout_s}s"
  elif [[ $line =~ ^$name\ +pass ]]; then
    result_status=PASS
    result_reason="${secs}s"
  elif [[ $line =~ ^$name\ +not\ run ]]; then
    result_status=SKIP
    reason=$(sed -E 's/^.*\] +[^ ]+ +(\(last: [^)]*\) +)?//' <<<"$line")
    result_reason="not run: ${reason:-?}"
  elif [[ $line =~ ^$name\ +fail ]]; then
    result_status=FAIL
    reason=$(sed -nE 's/^.*(output mismatch|failed, exit status [0-9]+).*$/\1/p' <<<"$line")
    result_reason="${reason:-failed}"
  else
    result_status=FAIL
    result_reason="check printed no result (exit $rc, see $dir/check.log)"
  fi
  if [ "$result_status" = FAIL ]; then
    if [ -f "$dir/scratch/$name.out.bad" ]; then
      cp "$dir/scratch/$name.out.bad" "$dir/$name.out.bad"
      ref="$iotests/$t.out"
      [ -f "$iotests/$t.out.$fmt" ] && ref="$iotests/$t.out.$fmt"
      diff -u "$ref" "$dir/$name.out.bad" >"$dir/$name.diff" || true
    fi
    result_reason="$result_reason; $dir"
    rm -rf "$dir/scratch" "$dir/sock"
  else
    rm -rf "$dir"
  fi
}

sides=()
case $side in both) sides=(qemu jblock) ;; *) sides=("$side") ;; esac
for s in "${sides[@]}"; do n_pass[$s]=0; n_fail[$s]=0; n_skip[$s]=0; done
mkdir -p "$workdir/results"
for s in "${sides[@]}"; do for fmt in "${formats[@]}"; do : >"$workdir/results/$s-$fmt.txt"; done; done

# One job: a test on one side in one format; its line is printed when it ends and its result kept
# in WORKDIR/results/.jobs/INDEX (FMT, TEST, SIDE, STATUS, reason; tab-separated).
jobs_dir="$workdir/results/.jobs"
rm -rf "$jobs_dir"
mkdir -p "$jobs_dir"
run_job() { # INDEX SIDE FMT TEST STATIC-REASON
  local i=$1 s=$2 fmt=$3 t=$4 static=$5
  if [ -n "$static" ]; then
    result_status=SKIP
    result_reason=$static
  else
    run_one "$s" "$fmt" "$t"
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$fmt" "$t" "$s" "$result_status" "$result_reason" >"$jobs_dir/$i.tmp"
  mv "$jobs_dir/$i.tmp" "$jobs_dir/$i"
  printf '%-5s %-32s %-6s %-4s (%s)\n' "$fmt" "$t" "$s" "$result_status" "$result_reason"
}

any_failed=0
n_jobs=0
running=0
for fmt in "${formats[@]}"; do
  mapfile -t list < <(tests_for "$fmt")
  for t in "${list[@]}"; do
    [ -e "$iotests/$t" ] || { echo "$fmt $t: no such test in $iotests" >&2; any_failed=1; continue; }
    static=$(static_skip_reason "$t")
    for s in "${sides[@]}"; do
      n_jobs=$((n_jobs + 1))
      if [ "$parallel" = 1 ] || [ -n "$static" ]; then
        run_job "$n_jobs" "$s" "$fmt" "$t" "$static"
      else
        while [ "$running" -ge "$parallel" ]; do
          wait -n || true
          running=$((running - 1))
        done
        run_job "$n_jobs" "$s" "$fmt" "$t" "$static" &
        running=$((running + 1))
      fi
    done
  done
done
wait

for i in $(seq 1 "$n_jobs"); do
  [ -f "$jobs_dir/$i" ] || continue
  IFS=$'\t' read -r fmt t s result_status result_reason <"$jobs_dir/$i"
  case $result_status in
    PASS) n_pass[$s]=$((n_pass[$s] + 1)) ;;
    FAIL) n_fail[$s]=$((n_fail[$s] + 1)); any_failed=1 ;;
    SKIP) n_skip[$s]=$((n_skip[$s] + 1)) ;;
  esac
  printf '%s\t%s\t%s\n' "$t" "$result_status" "$result_reason" >>"$workdir/results/$s-$fmt.txt"
done
rm -rf "$jobs_dir"

for s in "${sides[@]}"; do
  echo "$s: ${n_pass[$s]} passed, ${n_fail[$s]} failed, ${n_skip[$s]} skipped (results: $workdir/results/$s-*.txt)"
done

if [ -n "$record_file" ]; then
  [[ " ${sides[*]} " == *" qemu "* ]] || die "--record-measurable needs the qemu side"
  {
    echo "# The measurable set of QEMU's qemu-iotests: the bash tests that pass on this machine with the"
    echo "# real qemu-img/qemu-io of $src_pkg $src_ver (installed qemu-utils $(dpkg-query -W -f='${Version}' qemu-utils)),"
    echo "# the system emulator, qemu-nbd and qemu-storage-daemon stubbed out (tests that need them are skipped)."
    echo "# Obtained with: scripts/qemu-iotests.sh --side qemu --set all $(printf -- '-%s ' "${formats[@]}")--record-measurable FILE"
    echo "# on $(date -u +%Y-%m-%d) ($(uname -sr)); per-test timeout ${timeout_s}s. Lines: FORMAT TEST."
    for fmt in "${formats[@]}"; do
      awk -F'\t' -v f="$fmt" '$2 == "PASS" {print f " " $1}' "$workdir/results/qemu-$fmt.txt"
    done
  } >"$record_file"
  echo "measurable set written to $record_file: $(grep -vc '^#' "$record_file") tests"
fi

exit $any_failed
