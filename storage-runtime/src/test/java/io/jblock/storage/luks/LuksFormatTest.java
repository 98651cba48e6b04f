package io.jblock.storage.luks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CorruptImageException;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.crypto.Secrets;
import io.jblock.storage.testing.QemuTools;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The luks format driver against QEMU 7.2: images jblock creates and writes are read by
 * qemu-io and checked by qemu-img, images QEMU creates and writes are read by jblock, and sizes,
 * info and refusals are QEMU's.
 */
class LuksFormatTest {

    private static final String OBJECT = "secret,id=sec0,data=123456";

    @TempDir
    Path dir;

    @BeforeAll
    static void secrets() {
        Secrets.define("lukstest-sec0", "123456".getBytes());
        Secrets.define("lukstest-bad", "654321".getBytes());
    }

    @AfterAll
    static void forget() {
        Secrets.remove("lukstest-sec0");
        Secrets.remove("lukstest-bad");
    }

    private static BlockNode open(Path img, String secret, boolean readOnly) throws Exception {
        String opts = "driver=luks,file.filename=" + img + (secret != null ? ",key-secret=" + secret : "");
        return BlockGraph.open(opts, readOnly ? OpenOptions.defaults().readOnly() : OpenOptions.defaults());
    }

    private static String qemuIo(Path img, String command) {
        return QemuTools.ok("qemu-io", "--object", OBJECT, "--image-opts", "-c", command,
                "driver=luks,key-secret=sec0,file.filename=" + img);
    }

    @Test
    void jblockCreatesAndWritesQemuReads() throws Exception {
        QemuTools.require("qemu-img", "qemu-io");
        Path img = dir.resolve("ours.luks");
        BlockGraph.create("luks", img.toString(), 1 << 20, "key-secret=lukstest-sec0,iter-time=10");
        assertEquals(2068480 + (1 << 20), Files.size(img), "header + payload, as QEMU lays it out");
        try (BlockNode n = open(img, "lukstest-sec0", false); Arena arena = Arena.ofConfined()) {
            assertEquals(1 << 20, n.size());
            MemorySegment buf = arena.allocate(65536);
            buf.fill((byte) 0x5a);
            n.write(4096, buf);
            // unaligned: the generic layer pads to whole sectors (read-modify-write through the cipher)
            MemorySegment small = arena.allocate(100);
            small.fill((byte) 0x33);
            n.write(200_000, small);
            n.writeZeroes(512 * 1024, 8192, 0);
            n.flush();
        }
        assertTrue(qemuIo(img, "read -P 0x5a 4k 64k").contains("read 65536/65536 bytes at offset 4096"));
        assertTrue(qemuIo(img, "read -P 0x33 200000 100").contains("read 100/100 bytes"));
        assertTrue(qemuIo(img, "read -P 0 512k 8k").contains("read 8192/8192 bytes"));
        var other = QemuTools.run("qemu-io", "--object", OBJECT, "--image-opts", "-c", "read -P 0x5b 4k 64k",
                "driver=luks,key-secret=sec0,file.filename=" + img);
        assertTrue(other.output().contains("Pattern verification failed"), "negative control: " + other.output());
        String info = QemuTools.img("info", img.toString());
        assertTrue(info.contains("file format: luks") && info.contains("virtual size: 1 MiB (1048576 bytes)"), info);
    }

    @Test
    void qemuCreatesAndWritesJblockReads() throws Exception {
        QemuTools.require("qemu-img", "qemu-io");
        Path img = dir.resolve("qemu.luks");
        io.jblock.storage.crypto.QemuLuksImages.create(img, "123456", "", "4M");
        qemuIo(img, "write -P 0x5a 0 64k");
        qemuIo(img, "write -P 0xa5 3M 1k");
        try (BlockNode n = open(img, "lukstest-sec0", true); Arena arena = Arena.ofConfined()) {
            assertEquals(4 << 20, n.size());
            MemorySegment buf = arena.allocate(65536);
            n.read(0, buf);
            byte[] want = new byte[65536];
            Arrays.fill(want, (byte) 0x5a);
            assertArrayEquals(want, buf.toArray(ValueLayout.JAVA_BYTE));
            MemorySegment tail = arena.allocate(1000);
            n.read(3 * 1024 * 1024 + 10, tail); // unaligned
            byte[] want2 = new byte[1000];
            Arrays.fill(want2, (byte) 0xa5);
            assertArrayEquals(want2, tail.toArray(ValueLayout.JAVA_BYTE));
            Map<String, Object> info = n.formatSpecificInfo();
            assertEquals("aes-256", info.get("cipher-alg"));
            assertEquals("xts", info.get("cipher-mode"));
            assertEquals(2068480L, info.get("payload-offset"));
            assertEquals(8, ((List<?>) info.get("slots")).size());
            String qemuInfo = QemuTools.img("info", "--output=json", img.toString());
            assertTrue(qemuInfo.contains("\"uuid\": \"" + info.get("uuid") + "\""), qemuInfo);
        }
        // info without a secret: a metadata-only open (QEMU's BDRV_O_NO_IO) reads the header only;
        // I/O refused with QEMU's words, and any other open without the key is refused
        assertThrows(IllegalArgumentException.class, () -> open(img, null, true).close());
        try (BlockNode n = BlockGraph.open("driver=luks,file.filename=" + img, OpenOptions.defaults().readOnly().noIo());
             Arena arena = Arena.ofConfined()) {
            assertEquals(4 << 20, n.size());
            BlockIOException e = assertThrows(BlockIOException.class, () -> n.read(0, arena.allocate(512)));
            assertEquals("Parameter 'key-secret' is required for cipher", e.reason());
        }
    }

    @Test
    void wrongSecretMissingSecretAndDamagedHeaderAreRefused() throws Exception {
        Path img = dir.resolve("x.luks");
        BlockGraph.create("luks", img.toString(), 1 << 20, "key-secret=lukstest-sec0,iter-time=10");
        BlockIOException e = assertThrows(BlockIOException.class, () -> open(img, "lukstest-bad", false));
        assertEquals("Invalid password, cannot unlock any keyslot", e.reason());
        var missing = assertThrows(IllegalArgumentException.class, () -> open(img, "no-such-secret", false));
        assertTrue(missing.getMessage().contains("No secret with id 'no-such-secret'"), missing.getMessage());
        var required = assertThrows(IllegalArgumentException.class, () -> open(img, null, false));
        assertTrue(required.getMessage().contains("Parameter 'key-secret' is required for cipher"));
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(208 + 44); // slot 0's stripes
            f.writeInt(0x7fffffff);
        }
        CorruptImageException c = assertThrows(CorruptImageException.class, () -> open(img, "lukstest-sec0", false));
        assertEquals("Keyslot 0 is corrupted (stripes 2147483647 != 4000)", c.reason());
        // a file cut inside the key material
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(208 + 44);
            f.writeInt(4000);
            f.setLength(100_000);
        }
        BlockIOException cut = assertThrows(BlockIOException.class, () -> open(img, "lukstest-sec0", false));
        assertTrue(cut.reason().startsWith("Could not read encryption header"), cut.reason());
    }

    @Test
    void createRefusesBadOptionsWithQemusWords() {
        Path img = dir.resolve("bad.luks");
        var e = assertThrows(java.io.IOException.class,
                () -> BlockGraph.create("luks", img.toString(), 1 << 20, "iter-time=10"));
        assertEquals("Parameter 'key-secret' is required for cipher", e.getMessage());
        e = assertThrows(java.io.IOException.class, () -> BlockGraph.create("luks", img.toString(), 1 << 20,
                "key-secret=lukstest-sec0,cipher-alg=twofish-128,iter-time=10"));
        assertTrue(e.getMessage().contains("twofish-128") && e.getMessage().contains("not supported"), e.getMessage());
        e = assertThrows(java.io.IOException.class, () -> BlockGraph.create("luks", img.toString(), 1 << 20,
                "key-secret=lukstest-sec0,cipher-mode=xex"));
        assertEquals("Parameter 'cipher-mode' does not accept value 'xex'", e.getMessage());
    }
}
