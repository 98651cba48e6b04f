#!/usr/bin/env bash
# Regenerates io.jblock.ffm.linux with jextract (https://jdk.java.net/jextract/, 22 or later)
# from linux_io.h, into a scratch directory, for comparison with the checked-in sources.
#
# The checked-in sources are NOT a verbatim jextract output: they carry the hand edits listed in
# PATCHES.md (errno capture, per-architecture constant tables, critical calls, class names).
# After regenerating, diff and re-apply those edits; never overwrite src/ blindly.
#
# Usage: jextract/regenerate.sh [output-dir]   (default: target/jextract-out)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
out="${1:-$module/target/jextract-out}"

if ! command -v jextract >/dev/null 2>&1; then
  echo "jextract is not on PATH. Download it from https://jdk.java.net/jextract/ and put its bin/ on PATH." >&2
  echo "(It could not be installed on the machines this project was built on; see ../README.md.)" >&2
  exit 2
fi

rm -rf "$out"
mkdir -p "$out"
# One --include-* option per line in includes.txt: the exact symbols the bindings cover.
mapfile -t includes < <(grep -v '^#' "$here/includes.txt" | tr ' ' '\n' | grep -v '^$')

jextract \
  --target-package io.jblock.ffm.linux \
  --header-class-name Libc \
  --output "$out" \
  -D _GNU_SOURCE \
  "${includes[@]}" \
  "$here/linux_io.h"

echo "Generated into $out. Compare with:"
echo "  diff -r $out/io/jblock/ffm/linux $module/src/main/java/io/jblock/ffm/linux"
echo "and re-apply the edits in $here/PATCHES.md."
