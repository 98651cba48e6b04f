package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IoReportTest {
    /** The shape of qemu-io 7.2's report lines. */
    static final String REPORT = "(read|wrote|discard) \\d+/\\d+ bytes at offset \\d+\n"
            + "[0-9.]+ (bytes|KiB|MiB|GiB), \\d+ ops; (\\d\\d\\.\\d\\d sec|\\d+:\\d\\d:\\d\\d\\.\\d\\d) "
            + "\\([0-9.]+ (bytes|KiB|MiB|GiB|TiB)/sec and [0-9]+\\.[0-9]{4} ops/sec\\)";

    @Test
    void formatsAsQemuIo() {
        String r = IoReport.format("wrote", 0, 4096, 4096, 1, 2_000_000);
        assertEquals("wrote 4096/4096 bytes at offset 0\n4 KiB, 1 ops; 00.00 sec (1.953 MiB/sec and 500.0000 ops/sec)", r);
        assertTrue(r.matches(REPORT), r);
    }

    @Test
    void elapsedTimeAsQemuIo() {
        assertEquals("00.50 sec", IoReport.elapsed(500_000_000L));
        assertEquals("0:00:01.25", IoReport.elapsed(1_250_000_000L));
        assertEquals("0:01:02.50", IoReport.elapsed(62_500_000_000L));
        assertEquals("1:00:00.00", IoReport.elapsed(3600_000_000_000L));
    }

    @Test
    void qemuIoOwnOutputMatchesTheShape() {
        // a line pair captured from qemu-io 7.2, so the shape the tests check is qemu's own
        String captured = "wrote 4096/4096 bytes at offset 0\n4 KiB, 1 ops; 00.00 sec (1.503 MiB/sec and 384.8241 ops/sec)";
        assertTrue(captured.matches(REPORT));
        assertTrue(!"wrote 4096 bytes at offset 0\n4 KiB".matches(REPORT), "negative control");
    }
}
