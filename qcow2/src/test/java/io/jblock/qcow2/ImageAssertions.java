package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.storage.testing.QemuTools;
import io.jblock.storage.BlockNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/** Byte comparisons of jblock reads against qemu-img's view of an image. */
final class ImageAssertions {
    private ImageAssertions() {
    }

    /** Reads the whole node in chunks of {@code chunk} bytes (odd sizes exercise unaligned paths). */
    static byte[] readAll(BlockNode node, int chunk) throws IOException {
        long size = node.size();
        byte[] out = new byte[(int) size];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(chunk);
            for (long off = 0; off < size; off += chunk) {
                int n = (int) Math.min(chunk, size - off);
                MemorySegment s = buf.asSlice(0, n);
                node.read(off, s);
                MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, out, (int) off, n);
            }
        }
        return out;
    }

    static void assertSameBytes(byte[] expected, byte[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": size");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                fail(what + ": first difference at byte " + i + " expected " + (expected[i] & 0xff)
                        + " got " + (actual[i] & 0xff));
            }
        }
    }

    /** Opens the image with jblock and compares every byte with qemu-img convert -O raw. */
    static void assertReadsLikeQemu(Path image, Path tmp) throws IOException {
        byte[] expected = QemuTools.toRaw(image, tmp);
        try (BlockNode n = TestImages.openReadOnly(image)) {
            assertSameBytes(expected, readAll(n, 65536 + 4093), image.getFileName().toString());
            assertSameBytes(expected, readAll(n, 1 << 20), image.getFileName() + " (1 MiB reads)");
        }
    }
}
