package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import io.jblock.ffm.memory.AlignedMemory;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.CacheMode;
import io.jblock.storage.RequestFlags;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same raw file through jblock and through QEMU's tools: bytes and allocation agree. */
class QemuInteropTest {
    private static final int MIB = 1 << 20;
    private static final Pattern MAP_ENTRY = Pattern.compile(
            "\"start\": (\\d+), \"length\": (\\d+), \"depth\": \\d+, \"present\": (true|false), "
                    + "\"zero\": (true|false), \"data\": (true|false)(?:, \"offset\": (\\d+))?");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CacheMode.class)
    void qemuIoReadsWhatJblockWroteAndTheOtherWayRound(CacheMode mode) throws Exception {
        QemuTools.require("qemu-io");
        Path img = FileNodes.patterned(dir.resolve("x.img"), MIB);
        try (FileDriver node = FileNodes.open(img, mode); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = AlignedMemory.allocate(arena, 65536, 4096);
            buf.fill((byte) 0xc3);
            node.write(131072, buf, RequestFlags.NONE);
            node.flush();
        }
        QemuTools.Result read = QemuTools.run("qemu-io", "-r", "-c", "read -P 0xc3 131072 65536",
                "-f", "raw", img.toString());
        assertTrue(read.ok() && read.output().contains("read 65536/65536 bytes"), read.output());
        assertFalse(read.output().contains("Pattern verification failed"), read.output());

        QemuTools.Result write = QemuTools.run("qemu-io", "-c", "write -P 0x9e 524288 8192", "-f", "raw", img.toString());
        assertTrue(write.ok(), write.output());
        try (FileDriver node = FileNodes.open(img, mode.settings(), true, false); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = AlignedMemory.allocate(arena, 16384, 4096);
            node.read(524288 - 4096, buf);
            for (int i = 0; i < 16384; i++) {
                long off = 524288 - 4096 + i;
                byte expected = off >= 524288 && off < 524288 + 8192 ? (byte) 0x9e : FileNodes.pattern(off);
                assertEquals(expected, buf.get(ValueLayout.JAVA_BYTE, i), mode + ": byte at " + off);
            }
        }
    }

    record Run(long start, long length, boolean zero, boolean data, long offset) {
    }

    @Test
    void blockStatusMatchesQemuImgMap() throws Exception {
        QemuTools.require("qemu-img");
        Path img = dir.resolve("sparse.img");
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) {
            raf.setLength(6L * MIB);
            raf.seek(MIB);
            raf.write(new byte[3 * 65536]);
            raf.seek(4L * MIB + 12288);
            raf.write(new byte[] {7});
        }
        List<Run> ours = new ArrayList<>();
        try (FileDriver node = FileNodes.open(img, CacheMode.WRITEBACK.settings(), true, false)) {
            long size = node.size();
            for (long off = 0; off < size; ) {
                BlockStatus s = node.blockStatus(off, size - off);
                Run r = new Run(off, s.length(), s.zero(), s.data(), s.hostOffset());
                Run last = ours.isEmpty() ? null : ours.get(ours.size() - 1);
                if (last != null && last.zero() == r.zero() && last.data() == r.data()) {
                    ours.set(ours.size() - 1, new Run(last.start(), last.length() + r.length(), r.zero(), r.data(),
                            last.offset()));
                } else {
                    ours.add(r);
                }
                off += s.length();
            }
        }
        QemuTools.Result map = QemuTools.run("qemu-img", "map", "--output=json", "-f", "raw", img.toString());
        assertTrue(map.ok(), map.output());
        List<Run> qemus = new ArrayList<>();
        Matcher m = MAP_ENTRY.matcher(map.output());
        while (m.find()) {
            qemus.add(new Run(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Boolean.parseBoolean(m.group(4)),
                    Boolean.parseBoolean(m.group(5)), m.group(6) == null ? -1 : Long.parseLong(m.group(6))));
        }
        assertTrue(qemus.size() >= 5, "qemu-img map found data and holes: " + map.output());
        assertEquals(qemus, ours, map.output());
    }
}
