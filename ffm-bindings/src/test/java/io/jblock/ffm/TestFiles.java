package io.jblock.ffm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test files under target/ (ext4 here, so O_DIRECT works) and byte patterns for them. */
final class TestFiles {

    private TestFiles() {
    }

    static Path newDirectory(String prefix) throws IOException {
        Path base = Path.of("target", "test-files");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, prefix).toAbsolutePath();
    }

    /** Fills {@code s} with bytes that depend on {@code seed} and the position (never all zero). */
    static void fillPattern(MemorySegment s, int seed) {
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) (seed * 31 + i * 7 + (i >>> 9) + 1));
        }
    }

    static boolean allZero(MemorySegment s) {
        for (long i = 0; i < s.byteSize(); i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) != 0) {
                return false;
            }
        }
        return true;
    }
}
