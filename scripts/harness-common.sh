# Shared by the long-run harness scripts (faults-long.sh, hostile-long.sh, stress-long.sh,
# stress-soak.sh): runs one qcow2 test class through Maven with -D properties and prints the
# summary lines it wrote. Not meant to be run by itself.
set -euo pipefail
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

# run_harness TEST_CLASS SUMMARY_PATTERN MAVEN_ARGS...
run_harness() {
  local test="$1" pattern="$2"
  shift 2
  local status=0
  ./mvnw -B verify -pl qcow2 -am -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false "$@" || status=$?
  for f in qcow2/target/surefire-reports/*"${test%%#*}"-output.txt; do
    [ -f "$f" ] && grep -E "$pattern" "$f" || true
  done
  if [ "$status" != 0 ]; then
    echo "FAILED: see qcow2/target/surefire-reports/ for the seed and the log of the run that broke" >&2
  fi
  return "$status"
}

# The script's header comment, without the '#'.
usage() {
  sed -n '2,/^[^#]/p' "$SELF" | grep '^#' | cut -c3-
}
