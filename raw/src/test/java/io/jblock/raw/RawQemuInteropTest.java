package io.jblock.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * raw over file against QEMU's own qemu-io, both ways, with and without QEMU's raw
 * {@code offset}/{@code size} window: patterns written by one are verified by the other.
 */
class RawQemuInteropTest {
    private Path image;

    @BeforeEach
    void requireQemuIo() throws IOException {
        QemuTools.require("qemu-io");
        Path dir = Path.of("target", "interop");
        Files.createDirectories(dir);
        image = Files.createTempFile(dir, "raw", ".img").toAbsolutePath();
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(2 << 20);
        }
    }

    private static String qemuIo(String imageOpts, String... commands) throws IOException, InterruptedException {
        return qemuIo(true, imageOpts, commands);
    }

    private static String qemuIo(boolean mustSucceed, String imageOpts, String... commands)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "--image-opts", imageOpts));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        QemuTools.Result r = QemuTools.run(cmd.toArray(String[]::new));
        if (mustSucceed) {
            assertEquals(0, r.exitCode(), r.output());
        }
        return r.output();
    }

    private String window(long offset) {
        return offset < 0 ? "" : ",offset=" + offset + ",size=" + (1 << 20);
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(longs = {-1, 0, 512, 4096 + 1024})
    void jblockReadsWhatQemuIoWrote(long offset) throws Exception {
        String opts = "driver=raw" + window(offset) + ",file.driver=file,file.filename=" + image;
        qemuIo(opts, "write -P 0xa5 0 4096", "write -P 0x3c 5120 1000", "write -z 8192 4096");
        try (BlockNode node = BlockGraph.open(opts + ",cache=none", OpenOptions.READ_ONLY);
             Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(12288);
            buf.fill((byte) 0x77);
            node.read(0, buf);
            for (int i = 0; i < 12288; i++) {
                byte want = i < 4096 ? (byte) 0xa5 : (i >= 5120 && i < 6120) ? (byte) 0x3c : 0;
                if (buf.get(ValueLayout.JAVA_BYTE, i) != want) {
                    fail("byte " + i + " is " + buf.get(ValueLayout.JAVA_BYTE, i) + ", qemu-io wrote " + want);
                }
            }
        }
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(longs = {-1, 0, 512, 4096 + 1024})
    void qemuIoVerifiesWhatJblockWrote(long offset) throws Exception {
        String opts = "driver=raw" + window(offset) + ",file.driver=file,file.filename=" + image;
        try (BlockNode node = BlockGraph.open(opts + ",cache=directsync", OpenOptions.DEFAULT);
             Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(3000);
            a.fill((byte) 0x5a);
            node.write(100, a);
            MemorySegment b = arena.allocate(4096, 4096);
            b.fill((byte) 0xc3);
            node.write(65536, b);
        }
        String out = qemuIo(opts, "read -P 0x5a 100 3000", "read -P 0 3100 1000", "read -P 0xc3 65536 4096",
                "read -P 0 0 100");
        assertFalse(out.contains("Pattern verification failed"), out);
        // Negative control: a wrong pattern is reported, so the verification above is real.
        String wrong = qemuIo(false, opts, "read -P 0x5b 100 3000");
        assertTrue(wrong.contains("Pattern verification failed"), wrong);
    }

    @Test
    void windowKeepsBytesOutsideItUntouched() throws Exception {
        String plain = "driver=raw,file.driver=file,file.filename=" + image;
        qemuIo(plain, "write -P 0x11 0 8192");
        try (BlockNode node = BlockGraph.open("driver=raw,offset=4096,size=4096,file.driver=file,file.filename="
                + image, OpenOptions.DEFAULT); Arena arena = Arena.ofConfined()) {
            assertEquals(4096, node.size());
            MemorySegment buf = arena.allocate(4096);
            buf.fill((byte) 0x22);
            node.write(0, buf);
        }
        String out = qemuIo(plain, "read -P 0x11 0 4096", "read -P 0x22 4096 4096");
        assertFalse(out.contains("Pattern verification failed"), out);
    }
}
