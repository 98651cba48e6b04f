package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.feature.CheckResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckReportTest {
    /** A qcow2 check result with nothing repaired, fragmented or compressed. */
    private static CheckReport report(int corruptions, int leaks, int checkErrors, long imageEndOffset,
                                      long totalClusters, long allocatedClusters, List<String> messages) {
        return CheckReport.of(new CheckResult(checkErrors, corruptions, leaks, 0, 0, imageEndOffset, totalClusters,
                allocatedClusters, 0, 0, messages));
    }

    @Test
    void cleanImageAsQemuImg() {
        CheckReport r = report(0, 0, 0, 393216, 1024, 1, List.of());
        assertEquals(0, r.exitCode());
        assertEquals("""
                No errors were found on the image.
                1/1024 = 0.10% allocated, 0.00% fragmented, 0.00% compressed clusters
                Image end offset: 393216
                """, r.human());
    }

    @Test
    void exitCodesAsQemuImg() {
        assertEquals(2, report(1, 0, 0, 262144, 1024, 0, List.of()).exitCode());
        assertEquals(3, report(0, 1, 0, 720896, 1024, 0, List.of()).exitCode());
        assertEquals(2, report(1, 1, 0, 0, 0, 0, List.of()).exitCode());
        assertEquals(1, report(1, 1, 1, 0, 0, 0, List.of()).exitCode());
    }

    @Test
    void leaksAndCorruptionsWordedAsQemuImg() {
        assertEquals("""

                1 leaked clusters were found on the image.
                This means waste of disk space, but no harm to data.
                Image end offset: 720896
                """, report(0, 1, 0, 720896, 1024, 0, List.of()).human());
        assertEquals("""

                1 errors were found on the image.
                Data may be corrupted, or further writes to the image may corrupt it.
                Image end offset: 262144
                """, report(1, 0, 0, 262144, 1024, 0, List.of()).human());
    }

    @Test
    void jsonKeysAsQemuImg() {
        var j = report(0, 1, 0, 720896, 1024, 0, List.of("Leaked cluster 10")).json("l.qcow2", "qcow2");
        // QAPI's field order; printed in QDict's order, as qemu-img prints it
        assertEquals(List.of("filename", "format", "check-errors", "image-end-offset", "leaks", "total-clusters"),
                List.copyOf(j.keySet()));
        @SuppressWarnings("unchecked")
        var printed = (java.util.Map<String, Object>) QemuJson.qdictOrder(j);
        assertEquals(List.of("image-end-offset", "total-clusters", "check-errors", "leaks", "filename", "format"),
                List.copyOf(printed.keySet()));
        assertEquals(1L, j.get("leaks"));
    }
}
