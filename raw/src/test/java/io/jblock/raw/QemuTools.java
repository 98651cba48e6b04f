package io.jblock.raw;

import static org.junit.jupiter.api.Assumptions.assumeTrue;


/** Whether QEMU's tools are there: tests that need them skip, or fail in CI. */
final class QemuTools {

    private QemuTools() {
    }

    /** qemu-img/qemu-io present, or fail when JBLOCK_REQUIRE_QEMU=1 (CI), else skip. */
    static void assumeQemu() {
        boolean present = onPath("qemu-io") && onPath("qemu-img");
        if (!present && "1".equals(System.getenv("JBLOCK_REQUIRE_QEMU"))) {
            throw new AssertionError("qemu-io/qemu-img missing but JBLOCK_REQUIRE_QEMU=1");
        }
        assumeTrue(present, "qemu-io/qemu-img not installed (apt-get install qemu-utils)");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
