package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write over contiguous clusters of which one is a zero cluster with preallocated space goes
 * to the file as one request, into the clusters already there (QEMU's handle_copied; iotest 066,
 * "Consecutive write to a preallocated zero cluster", fails the second write_aio).
 */
class ZeroClusterOverwriteTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    @Test
    void oneHostWriteReusesThePreallocatedZeroCluster() throws IOException {
        Path img = tmp.resolve("z.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "192k");
        QemuTools.io(img, "qcow2", "write -P 42 0 192k");
        String before = QemuTools.img("map", "--output=json", img.toString());
        QemuTools.io(img, "qcow2", "write -z 64k 64k");
        String zeroed = QemuTools.img("map", "--output=json", img.toString());
        // negative control: the middle cluster really is a zero cluster with its space kept
        assertEquals(true, zeroed.contains("\"zero\": true, \"data\": false, \"offset\""), zeroed);
        List<String> log = EventLogProtocol.log(img.toString());
        try (BlockNode n = BlockGraph.open("driver=qcow2,file.driver=eventlog,file.filename=" + img,
                OpenOptions.DEFAULT); Arena a = Arena.ofConfined()) {
            synchronized (log) {
                log.clear();
            }
            n.write(0, a.allocate(192 << 10).fill((byte) 42));
            List<String> writes = new ArrayList<>();
            synchronized (log) {
                for (String s : log) {
                    if (s.equals("write_aio") || s.startsWith("write ")) {
                        writes.add(s.startsWith("write ") ? "write" : s);
                    }
                }
            }
            assertEquals(List.of("write_aio", "write"), writes, "one data request for the three clusters");
        }
        QemuTools.checkClean(img);
        QemuTools.io(img, "qcow2", "read -P 42 0 192k");
        assertEquals(before, QemuTools.img("map", "--output=json", img.toString()), "the original clusters reused");
    }
}
