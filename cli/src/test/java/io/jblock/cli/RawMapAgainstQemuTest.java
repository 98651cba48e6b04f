package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-iotests 253: a new raw file has its first block written (file-posix's
 * allocate_first_block), and a data run at the file's unaligned end covers the zero tail of
 * its last sector; {@code map --output=json} then agrees with qemu-img's.
 */
class RawMapAgainstQemuTest {
    private static final long SIZE = (1 << 20) - 1;

    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    private static String opts(Path img) {
        return "driver=raw,file.driver=file,file.filename=" + img + ",cache.direct=on";
    }

    private static String jblockMap(Path img) {
        CliRun r = CliRun.run("map", "--output=json", "--image-opts", opts(img));
        assertEquals(0, r.status(), r.toString());
        return r.out();
    }

    private static String qemuMap(Path img) {
        return QemuTools.img("map", "--output=json", "--image-opts", opts(img));
    }

    @Test
    void aNewRawFileMapsItsFirstBlockAsDataAsQemusDoes() {
        Path q = dir.resolve("q.raw");
        Path j = dir.resolve("j.raw");
        QemuTools.img("create", "-q", "-f", "raw", q.toString(), Long.toString(SIZE));
        CliRun c = CliRun.run("create", "-q", "-f", "raw", j.toString(), Long.toString(SIZE));
        assertEquals(0, c.status(), c.toString());
        String reference = qemuMap(q);
        assertTrue(reference.contains("\"start\": 0, \"length\": 4096, \"depth\": 0, \"present\": true, "
                + "\"zero\": false, \"data\": true"), "the reference has the first block as data: " + reference);
        assertEquals(reference, qemuMap(j), "qemu-img map of jblock's new file");
        assertEquals(reference, jblockMap(q), "jblock map of qemu-img's new file");
    }

    @Test
    void aDataRunAtAnUnalignedEndOfFileCoversTheLastSector() throws IOException {
        Path img = dir.resolve("t.raw");
        QemuTools.img("create", "-q", "-f", "raw", img.toString(), Long.toString(SIZE));
        long offset = (1 << 20) - (64 << 10);
        QemuTools.ok("qemu-io", "-f", "raw", "-t", "none", "-c", "write " + offset + " " + (SIZE - offset),
                img.toString());
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        String reference = qemuMap(img);
        assertTrue(reference.contains("\"start\": " + offset + ", \"length\": 65536,"), reference);
        assertEquals(reference, jblockMap(img));
    }
}
