#!/usr/bin/env bash
# Counts javadoc -Xdoclint:all warnings over the main sources of the library modules and the
# command (ffm-bindings, storage-runtime, raw, qcow2, cli), per package, as issue 10 measures
# them. The generated-shaped bindings (io.jblock.ffm.linux) are counted apart; the goal is no
# warning anywhere else.
#
#   scripts/doclint.sh            # summary per package, then the total outside io.jblock.ffm.linux
#   VERBOSE=1 scripts/doclint.sh  # also every warning outside io.jblock.ffm.linux
#
# Needs a JDK >= 22 (found as ./mvnw finds it) and the dependencies in the local Maven
# repository (MAVEN_OPTS=-Dmaven.repo.local=... is honoured): run ./mvnw install once first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. "$ROOT/.mvn/find-jdk.sh"
REPO="$(printf '%s' "${MAVEN_OPTS:-}" | sed -n 's/.*-Dmaven.repo.local=\([^ ]*\).*/\1/p')"
REPO="${REPO:-$HOME/.m2/repository}"
jar() { # group path, artifact, version
  local f="$REPO/$1/$2/$3/$2-$3.jar"
  [ -f "$f" ] || { echo "doclint.sh: $f missing; run ./mvnw -B -q install -DskipTests first" >&2; exit 1; }
  printf '%s' "$f"
}
version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -n 1; }
CP="$(jar org/slf4j slf4j-api "$(version slf4j.version)")"
CP="$CP:$(jar io/airlift aircompressor "$(version aircompressor.version)")"
CP="$CP:$(jar info/picocli picocli "$(version picocli.version)")"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/jblock-doclint.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
find ffm-bindings/src/main/java storage-runtime/src/main/java raw/src/main/java qcow2/src/main/java \
  cli/src/main/java -name '*.java' ! -name module-info.java > "$OUT/files"
"$JAVA_HOME/bin/javadoc" -quiet -Xdoclint:all -Xmaxwarns 100000 -Xmaxerrs 1000 -cp "$CP" \
  -d "$OUT/html" @"$OUT/files" > "$OUT/log" 2>&1 || true
grep ': warning:\|: error:' "$OUT/log" > "$OUT/warnings" || true
echo "warnings by package:"
sed 's|^\([^:]*\)/[^/]*\.java:.*|\1|; s|.*/src/main/java/||; s|/|.|g' "$OUT/warnings" | sort | uniq -c | sort -rn
total=$(wc -l < "$OUT/warnings")
outside=$(grep -vc '/io/jblock/ffm/linux/' "$OUT/warnings" || true)
if [ "${VERBOSE:-0}" = 1 ]; then
  grep -v '/io/jblock/ffm/linux/' "$OUT/warnings" || true
fi
echo "total: $total; outside io.jblock.ffm.linux: $outside"
