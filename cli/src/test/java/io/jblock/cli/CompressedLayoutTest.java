package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compressed write into a cluster without an L2 table takes the table first and the bytes
 * after it, as qemu-io does, so both tools lay the image out alike (qemu-iotests such as 214
 * poke metadata at the offsets qemu-img's layout gives).
 */
class CompressedLayoutTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    private static long word(Path img, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            ch.read(b, offset);
            return b.getLong(0);
        }
    }

    @Test
    void theL2TableComesBeforeTheCompressedBytes() throws IOException {
        Path j = dir.resolve("j.qcow2");
        QemuTools.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=2M", j.toString(), "8M");
        Path q = dir.resolve("q.qcow2");
        Files.copy(j, q);
        CliRun run = CliRun.run("io", "-f", "qcow2", "-c", "write -c -P 0x11 0 2M", j.toString());
        assertEquals(0, run.status(), run.toString());
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -c -P 0x11 0 2M", q.toString());
        long l1 = word(q, 40);
        long l2Jblock = word(j, l1) & 0x00ff_ffff_ffff_fe00L;
        long l2Qemu = word(q, l1) & 0x00ff_ffff_ffff_fe00L;
        assertNotEquals(0, l2Qemu);
        assertEquals(l2Qemu, l2Jblock, "the L2 table at the same offset");
        // the compressed bytes follow it: the descriptors' host offsets agree too (bits 0..48
        // with 2 MiB clusters)
        long mask = (1L << 49) - 1;
        assertEquals(word(q, l2Qemu) & mask, word(j, l2Jblock) & mask);
        assertEquals(0, QemuTools.run("qemu-img", "compare", j.toString(), q.toString()).exitCode());
    }
}
