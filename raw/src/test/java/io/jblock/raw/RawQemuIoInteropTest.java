package io.jblock.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jblock.storage.testing.QemuTools;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A raw window ({@code offset}, {@code size}) over a real file: qemu-io writes a pattern, we read
 * it through the window at unaligned offsets in three cache modes and write our own, and qemu-io
 * verifies both patterns where they must be in the file.
 */
class RawQemuIoInteropTest {

    private static String run(String... cmd) throws Exception {
        QemuTools.Result r = QemuTools.run(cmd);
        assertEquals(0, r.exitCode(), String.join(" ", cmd) + ": " + r.output());
        assertFalse(r.output().contains("Pattern verification failed"), r.output());
        return r.output();
    }

    @Test
    void windowReadsAndWritesWhereQemuIoExpectsThem() throws Exception {
        QemuTools.require();
        Files.createDirectories(Path.of("target"));
        Path img = Path.of("target", "raw-window-interop.img").toAbsolutePath();
        Files.deleteIfExists(img);
        run("qemu-img", "create", "-f", "raw", img.toString(), "4M");
        long window = 1 << 20;
        for (String cache : new String[] {"none", "writeback", "directsync"}) {
            run("qemu-io", "-f", "raw", "-c", "write -P 0xab " + (window + 512) + " 5000", img.toString());
            try (BlockNode n = BlockGraph.open("driver=raw,offset=1M,size=2M,file.driver=file,file.filename="
                    + img + ",cache=" + cache)) {
                MemorySegment b = MemorySegment.ofArray(new byte[5002]);
                n.read(511, b);
                byte[] expect = new byte[5002];
                Arrays.fill(expect, 1, 5001, (byte) 0xab);
                assertEquals(-1, Arrays.mismatch(expect, b.toArray(ValueLayout.JAVA_BYTE)), cache);
                byte[] w = new byte[3333];
                Arrays.fill(w, (byte) 0x5c);
                n.write(777, MemorySegment.ofArray(w));
            }
            run("qemu-io", "-f", "raw", "-c", "read -P 0x5c " + (window + 777) + " 3333", img.toString());
            run("qemu-io", "-f", "raw", "-c", "read -P 0xab " + (window + 512) + " 265", img.toString());
            run("qemu-io", "-f", "raw", "-c", "read -P 0xab " + (window + 777 + 3333) + " " + (5000 - 265 - 3333),
                    img.toString());
        }
        Files.deleteIfExists(img);
    }
}
