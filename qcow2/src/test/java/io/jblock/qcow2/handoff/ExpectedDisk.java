package io.jblock.qcow2.handoff;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The guest disk a handoff must leave, as a sparse raw file: the regions written, holes (zeroes)
 * elsewhere, so {@code qemu-img compare} can read a qcow2 image against it byte for byte,
 * including every byte nobody wrote.
 */
final class ExpectedDisk {
    private ExpectedDisk() {
    }

    /** Writes {@code regions} (later ones win) into a new sparse file of {@code size} bytes. */
    static Path write(Path file, long size, List<GuestRegion> regions) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (GuestRegion r : regions) {
                byte[] bytes = new byte[r.length()];
                r.pattern().fill(MemorySegment.ofArray(bytes), r.offset());
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf, r.offset() + buf.position());
                }
            }
            if (ch.size() < size) {
                ch.write(ByteBuffer.allocate(1), size - 1); // extends to the virtual size, the rest a hole
            }
        }
        return file;
    }

    /** {@code qemu-img compare} of a qcow2 image with the expected disk. */
    static QemuTools.Result compare(Path qcow2, Path expected) throws IOException {
        return QemuTools.run("qemu-img", "compare", "-f", "qcow2", "-F", "raw", qcow2.toString(), expected.toString());
    }
}
