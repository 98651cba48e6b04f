package io.jblock.cli;

import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.DriverKind;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ServiceLoader;

/**
 * Guesses an image's format from its first sector when {@code -f} is not given, asking every
 * format driver found by {@link ServiceLoader}; an image no driver claims is {@code raw}, as in
 * qemu-img.
 */
public final class FormatProbe {
    private static final int PROBE_BYTES = 512;

    private FormatProbe() {
    }

    /**
     * {@return the format name for {@code filename}; a missing file fails with the system's reason}
     *
     * @param filename the image
     * @throws IOException when the image cannot be opened or read
     */
    public static String probe(String filename) throws IOException {
        byte[] first = new byte[PROBE_BYTES];
        int n;
        try (FileChannel ch = FileChannel.open(Path.of(filename), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(first);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // keep reading: a short read is not the end of a regular file
            }
            n = buf.position();
        }
        MemorySegment sector = MemorySegment.ofArray(first).asSlice(0, n);
        for (BlockDriverFactory f : ServiceLoader.load(BlockDriverFactory.class)) {
            if (f.kind() == DriverKind.FORMAT && !f.name().equals("raw") && f.probe(sector, filename)) {
                return f.name();
            }
        }
        return "raw";
    }
}
