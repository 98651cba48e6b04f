#!/usr/bin/env bash
# Long form of the hostile-image campaign: MUTANTS seeded mutants (default 100000) of the
# qemu-img-made corpus, from SEED (default 1), each opened, asked for info and snapshots,
# checked, mapped and read in worker JVMs with a HEAP_MIB heap (default 128), a TIMEOUT_MS bound
# per mutant (default 30000) and an RSS_MIB resident-memory bound (default 600); prints
#   hostile images: N mutants from seed S in W worker JVM(s), slowest ... , D defects
# and the outcome counts (ok, open:Qcow2CorruptImageException, ...). Any defect (unchecked
# exception, Error, hang, memory bound, JVM crash) fails the run and is listed with its seed.
#
#   scripts/hostile-long.sh
#   MUTANTS=20000 SEED=500000 scripts/hostile-long.sh
#
# Needs qemu-utils. Uses Maven's repository as MAVEN_OPTS says.
. "$(dirname "$0")/harness-common.sh"
case "${1:-}" in -h|--help) usage; exit 0;; esac
JBLOCK_REQUIRE_QEMU=1 run_harness "HostileImageCampaignTest#mutantsOpenCheckMapAndReadOrRefuseCleanly" "^hostile images|^  [a-z-]+(:[A-Za-z0-9]+)? +[0-9]+$|^[FHMC] [0-9]" \
  -Djblock.mutants="${MUTANTS:-100000}" -Djblock.mutants.seed="${SEED:-1}" \
  -Djblock.mutants.timeout-ms="${TIMEOUT_MS:-30000}" -Djblock.mutants.heap-mib="${HEAP_MIB:-128}" \
  -Djblock.mutants.rss-mib="${RSS_MIB:-600}"
