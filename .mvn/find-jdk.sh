# Sourced by ./mvnw and ./jblock (POSIX sh). Makes JAVA_HOME point at a JDK >= 22,
# because jblock uses java.lang.foreign (final since JDK 22).
# A JAVA_HOME that is already >= 22 is kept; otherwise the newest JDK >= 22 under
# /usr/lib/jvm (or $JBLOCK_JDK_SEARCH_PATH) is chosen by its `release` file.
jblock_jdk_feature() {
  # prints the feature version (17, 22, 25) of the JDK at $1, or nothing
  [ -r "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
}
jblock_find_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(jblock_jdk_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 22 ]; then JBLOCK_JDK_FEATURE=$v; return 0; fi
  fi
  best=""; bestv=0
  case $- in *f*) jblock_noglob=1; set +f ;; *) jblock_noglob=0 ;; esac  # mvnw runs with set -f
  for d in ${JBLOCK_JDK_SEARCH_PATH:-/usr/lib/jvm}/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(jblock_jdk_feature "$d")
    if [ -n "$v" ] && [ "$v" -ge 22 ] && [ "$v" -gt "$bestv" ]; then best="$d"; bestv="$v"; fi
  done
  [ "$jblock_noglob" = 0 ] || set -f
  if [ -z "$best" ]; then
    echo "jblock needs a JDK 22 or newer (java.lang.foreign); none found in JAVA_HOME or /usr/lib/jvm: install one (for example Temurin 25) and set JAVA_HOME to it." >&2
    exit 1
  fi
  JAVA_HOME="$best"; export JAVA_HOME; JBLOCK_JDK_FEATURE=$bestv
}
jblock_find_jdk
