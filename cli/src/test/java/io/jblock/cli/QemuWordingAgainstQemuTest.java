package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Error messages that qemu-iotests compare word for word: jblock's command (as {@code qemu-img}
 * or {@code qemu-io}) prints what the real tool prints, standard error and exit status both.
 * Each case also checks the expected text itself, so two empty outputs cannot pass.
 */
class QemuWordingAgainstQemuTest {
    @TempDir
    Path dir;

    @BeforeEach
    void qemu() {
        QemuTools.require();
    }

    @AfterEach
    void unset() {
        System.clearProperty(Main.PROGRAM_PROPERTY);
    }

    /** Runs {@code tool ARGS} with the real tool and with jblock, returns jblock's run after comparing. */
    private CliRun sameAsQemu(String tool, String... args) {
        List<String> real = new ArrayList<>(List.of(tool));
        real.addAll(List.of(args));
        QemuTools.Result q = QemuTools.run(real.toArray(String[]::new));
        System.setProperty(Main.PROGRAM_PROPERTY, tool);
        String[] jargs = args;
        if (tool.equals("qemu-io")) {
            jargs = new String[args.length + 1];
            jargs[0] = "io";
            System.arraycopy(args, 0, jargs, 1, args.length);
        }
        CliRun j = CliRun.run(jargs);
        assertEquals(q.stderr(), j.err(), "stderr of " + real + "\n" + j);
        assertEquals(untimed(q.stdout()), untimed(j.out()), "stdout of " + real + "\n" + j);
        assertEquals(q.exitCode(), j.status(), "exit status of " + real + "\n" + j);
        return j;
    }

    /** qemu-io's timing lines without the figures (the suite's _filter_qemu_io). */
    private static String untimed(String out) {
        return out.replaceAll("(?m)^(.*), \\d+ ops; .*$", "$1, X ops; TIME");
    }

    static void poke(Path p, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    static byte[] be64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    /** qemu-iotests 054: a virtual size that needs more than INT_MAX L1 entries. */
    @Test
    void imageTooBigSaysOnlyThat() throws IOException {
        Path img = dir.resolve("big.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "4G");
        poke(img, 24, be64(1L << 60));
        CliRun j = sameAsQemu("qemu-img", "info", img.toString());
        assertTrue(j.err().endsWith("': Image is too big\n"), j.err());
    }

    /** qemu-iotests 226: file-posix's driver names on a directory and on a character device. */
    @ParameterizedTest
    @ValueSource(strings = {"file", "host_device", "host_cdrom"})
    void fileDriverRefusalsAreQemus(String driver) throws IOException {
        Path d = java.nio.file.Files.createDirectory(dir.resolve("d-" + driver));
        CliRun ro = sameAsQemu("qemu-io", "-c", "open -r -o driver=" + driver + ",filename=" + d);
        assertTrue(ro.err().contains("'" + driver + "' driver requires '" + d + "' to be "), ro.err());
        CliRun rw = sameAsQemu("qemu-io", "-c", "open -o driver=" + driver + ",filename=" + d);
        assertTrue(rw.err().contains("Is a directory"), rw.err());
        for (String mode : new String[] {"-r ", ""}) {
            CliRun dev = sameAsQemu("qemu-io", "-c", "open " + mode + "-o driver=" + driver
                    + ",filename=/dev/null,locking=off");
            assertEquals(driver.equals("file"), dev.err().contains("to be a regular file"), dev.err());
        }
    }

    /** qemu-iotests 031: rebase -u takes any format name qemu-img knows and stores it. */
    @Test
    void rebaseTakesEveryFormatNameQemuKnows() throws IOException {
        Path q = dir.resolve("q.qcow2");
        Path j = dir.resolve("j.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", q.toString(), "64M");
        QemuTools.img("create", "-q", "-f", "qcow2", j.toString(), "64M");
        QemuTools.img("rebase", "-u", "-b", "/some/backing/file/path", "-F", "host_device", q.toString());
        System.setProperty(Main.PROGRAM_PROPERTY, "qemu-img");
        CliRun r = CliRun.run("rebase", "-u", "-b", "/some/backing/file/path", "-F", "host_device", j.toString());
        assertEquals(0, r.status(), r.toString());
        String want = QemuTools.img("info", "--output=json", "-U", q.toString());
        String got = QemuTools.img("info", "--output=json", "-U", j.toString());
        assertTrue(want.contains("\"backing-filename-format\": \"host_device\""), want);
        assertEquals(want.replace(q.toString(), "IMG"), got.replace(j.toString(), "IMG"));
        // control: a name QEMU does not know is still refused, in its words
        CliRun bad = sameAsQemu("qemu-img", "rebase", "-u", "-b", "", "-F", "nosuchformat", j.toString());
        assertTrue(bad.err().contains("Invalid format name: 'nosuchformat'"), bad.err());
    }

    /** qemu-iotests 113: a format QEMU knows but cannot create, as create and convert refuse it. */
    @Test
    void readOnlyFormatsAreRefusedForCreation() throws IOException {
        CliRun create = sameAsQemu("qemu-img", "create", "-f", "bochs", "nbd://example.com", "64M");
        assertTrue(create.err().contains("nbd://example.com: Format driver 'bochs' does not support image creation"),
                create.err());
        Path src = dir.resolve("src.raw");
        QemuTools.img("create", "-q", "-f", "raw", src.toString(), "1M");
        CliRun convert = sameAsQemu("qemu-img", "convert", "-f", "raw", "-O", "dmg", src.toString(),
                dir.resolve("out.dmg").toString());
        assertTrue(convert.err().contains("Format driver 'dmg' does not support image creation"), convert.err());
        // control: a name QEMU does not know at all
        CliRun unknown = sameAsQemu("qemu-img", "create", "-f", "nosuchformat", dir.resolve("x").toString(), "1M");
        assertTrue(unknown.err().contains("Unknown file format 'nosuchformat'"), unknown.err());
    }

    /** qemu-iotests 305: a refcount block at an unaligned offset marks the image corrupt, with QEMU's line. */
    @Test
    void anUnalignedRefblockIsSignalledAsQemuDoes() throws IOException {
        Path base = dir.resolve("base.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "refcount_bits=64,cluster_size=1k", base.toString(), "1M");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write 0 124k", "-c", "discard 121k 1k", "-c", "discard 123k 1k",
                base.toString());
        long reftable;
        try (FileChannel ch = FileChannel.open(base, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            ch.read(b, 48);
            reftable = b.getLong(0);
        }
        poke(base, reftable + 14, new byte[] {6});
        Path q = dir.resolve("q.qcow2");
        Path j = dir.resolve("j.qcow2");
        java.nio.file.Files.copy(base, q);
        java.nio.file.Files.copy(base, j);
        QemuTools.Result want = QemuTools.run("qemu-io", "-f", "qcow2", "-c", "write 121k 3k", q.toString());
        System.setProperty(Main.PROGRAM_PROPERTY, "qemu-io");
        CliRun got = CliRun.run("io", "-f", "qcow2", "-c", "write 121k 3k", j.toString());
        assertEquals("qcow2: Marking image as corrupt: Refblock offset 0x20600 unaligned (reftable index: 0x1); "
                + "further corruption events will be suppressed\n", want.stderr());
        assertEquals(want.stderr(), got.err());
        assertEquals(want.stdout(), got.out());
        // both images are now marked corrupt: the next write-open is refused by both
        assertTrue(QemuTools.run("qemu-img", "info", "--output=json", j.toString()).stdout().contains("\"corrupt\": true"));
    }

    /** qemu-iotests 103: cache size options refused in read_cache_sizes' words, with no node prefix. */
    @ParameterizedTest
    @ValueSource(strings = {"cache-size=1.25M,l2-cache-size=1M,refcount-cache-size=0.25M",
        "cache-size=1M,l2-cache-size=2M", "cache-size=1M,refcount-cache-size=2M",
        "cache-size=0,l2-cache-size=0,refcount-cache-size=0", "l2-cache-entry-size=256", "l2-cache-entry-size=4242",
        "l2-cache-entry-size=128k", "cache-size=0", "cache-size=2M,refcount-cache-size=1M"})
    void cacheSizeOptionsAsQemu(String options) {
        Path img = dir.resolve("c.qcow2");
        if (!java.nio.file.Files.exists(img)) {
            QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "64k");
            QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write -P 42 0 64k", img.toString());
        }
        CliRun r = sameAsQemu("qemu-io", "-c", "open -o " + options + " " + img, "-c", "read -P 42 0 4k");
        boolean refused = r.err().contains("can't open device");
        assertEquals(!options.equals("cache-size=0") && !options.startsWith("cache-size=2M"), refused, r.toString());
        assertTrue(!r.err().contains("node '"), r.err());
    }

    /**
     * qemu-iotests 080: qemu-io refuses hostile headers in qcow2_do_open's words too (no node,
     * file or offset prefix): header length, backing file offset, extension length, table offsets.
     */
    @ParameterizedTest
    @ValueSource(strings = {"100:ffffffff", "100:7fffffff", "8:ffffffffffffffff", "8:0000000000000074",
        "48:1234567890abcdef", "64:1234567890abcdef", "36:ffffffff", "40:7fffffffffff0000"})
    void hostileHeadersRefusedByQemuIoAsQemu(String poke) throws IOException {
        Path img = dir.resolve("h.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", img.toString(), "64M");
        String[] f = poke.split(":");
        byte[] bytes = java.util.HexFormat.of().parseHex(f[1]);
        poke(img, Long.parseLong(f[0]), bytes);
        if (f[0].equals("40")) {
            poke(img, 36, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}); // 080's L1 size with this offset
        }
        CliRun r = sameAsQemu("qemu-io", "-c", "read 0 512", img.toString());
        assertTrue(r.err().contains("can't open device"), r.toString());
        assertTrue(!r.err().contains("node '"), r.err());
    }

    private static long be64At(Path p, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            ch.read(b, offset);
            return b.getLong(0);
        }
    }

    /** qemu-iotests 138: an L2 entry far past the end of the file, in qcow2_inc_refcounts_imrt's words. */
    @Test
    void checkOfADataClusterFarPastTheEndOfTheFile() throws IOException {
        Path img = dir.resolve("far.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=512", img.toString(), "512");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write 0 512", img.toString());
        poke(img, 2048 + 8, new byte[] {0, (byte) 0x80, 0, 0, 0, 0, 0, 0});
        CliRun r = sameAsQemu("qemu-img", "check", img.toString());
        assertTrue(r.err().startsWith("ERROR: counting reference for region exceeding the end of the file by one "
                + "cluster or more: offset 0x80000000000000 size 0x200\n"), r.err());
    }

    /** qemu-iotests 138: the messages of both passes of a repair, and the JSON counts in qemu-img's order. */
    @Test
    void repairOfALeakAndAMissingCopiedFlag() throws IOException {
        Path base = dir.resolve("leak.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", base.toString(), "64k");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write 0 64k", base.toString());
        long refblock = be64At(base, be64At(base, 48));
        poke(base, refblock, new byte[] {0, 2});
        long l1 = be64At(base, 40);
        poke(base, l1, be64(be64At(base, l1) & ~(1L << 63)));
        Path q = dir.resolve("q.qcow2");
        Path j = dir.resolve("j.qcow2");
        java.nio.file.Files.copy(base, q);
        java.nio.file.Files.copy(base, j);
        QemuTools.Result want = QemuTools.run("qemu-img", "check", "-r", "all", "--output=json", q.toString());
        System.setProperty(Main.PROGRAM_PROPERTY, "qemu-img");
        CliRun got = CliRun.run("check", "-r", "all", "--output=json", j.toString());
        assertTrue(want.stderr().contains("Repairing OFLAG_COPIED L2 cluster: l1_index=0 l1_entry="), want.stderr());
        assertEquals(want.stderr(), got.err());
        assertEquals(want.stdout().replace(q.toString(), "IMG"), got.out().replace(j.toString(), "IMG"));
        assertEquals(want.exitCode(), got.status());
        QemuTools.checkClean(j);
    }

    /** qemu-iotests 287: the compression type and its incompatible bit must agree, as validate_compression_type says. */
    @ParameterizedTest
    @ValueSource(strings = {"zlib:bit", "zstd:nobit", "5:bit", "5:nobit"})
    void compressionTypeAndItsBitMustAgree(String spec) throws IOException {
        String[] p = spec.split(":");
        Path img = dir.resolve("c-" + p[0] + "-" + p[1] + ".qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "compression_type=" + (p[0].equals("5") ? "zstd" : p[0]),
                img.toString(), "64M");
        long incompatible = be64At(img, 72);
        poke(img, 72, be64(p[1].equals("bit") ? incompatible | 8 : incompatible & ~8L));
        if (p[0].equals("5")) {
            poke(img, 104, new byte[] {5});
        }
        CliRun r = sameAsQemu("qemu-img", "info", img.toString());
        assertTrue(r.err().contains("qcow2: ") && r.err().toLowerCase(java.util.Locale.ROOT).contains("compression type"),
                r.err());
        assertEquals(1, r.status());
    }

    /** Control for the above: zstd with its bit, and zlib without, open in both tools. */
    @Test
    void agreeingCompressionTypesOpen() {
        for (String type : new String[] {"zlib", "zstd"}) {
            Path img = dir.resolve("ok-" + type + ".qcow2");
            QemuTools.img("create", "-q", "-f", "qcow2", "-o", "compression_type=" + type, img.toString(), "64M");
            CliRun r = sameAsQemu("qemu-img", "info", "--output=json", img.toString());
            assertTrue(r.out().contains("\"compression-type\": \"" + type + "\""), r.out());
        }
    }

    /** qemu-iotests 112: refcount_bits=-1 is a number to qemu-img (2^64 - 1), refused by the width check. */
    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "128", "42", "foo"})
    void refcountBitsRefusedAsQemu(String bits) {
        CliRun r = sameAsQemu("qemu-img", "create", "-f", "qcow2", "-o", "refcount_bits=" + bits,
                dir.resolve("r.qcow2").toString(), "64M");
        assertEquals(bits.equals("foo") ? "expects a number" : "Refcount width must be a power of two",
                r.err().contains("expects a number") ? "expects a number"
                        : r.err().contains("Refcount width must be a power of two") ? "Refcount width must be a power of two"
                        : r.err());
    }

    /** qemu-iotests 112: a snapshot on a 1-bit refcount image overflows a refcount: EINVAL, and the leak QEMU leaves. */
    @Test
    void aSnapshotOnAOneBitRefcountImageFailsAsQemus() throws IOException {
        Path base = dir.resolve("one.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "refcount_bits=1", base.toString(), "64M");
        QemuTools.ok("qemu-io", "-f", "qcow2", "-c", "write 0 512", base.toString());
        Path q = dir.resolve("q.qcow2");
        Path j = dir.resolve("j.qcow2");
        java.nio.file.Files.copy(base, q);
        java.nio.file.Files.copy(base, j);
        QemuTools.Result want = QemuTools.run("qemu-img", "snapshot", "-c", "foo", q.toString());
        System.setProperty(Main.PROGRAM_PROPERTY, "qemu-img");
        CliRun got = CliRun.run("snapshot", "-c", "foo", j.toString());
        assertEquals("qemu-img: Could not create snapshot 'foo': -22 (Invalid argument)\n", want.stderr());
        assertEquals(want.stderr(), got.err());
        assertEquals(want.exitCode(), got.status());
        QemuTools.Result wantCheck = QemuTools.run("qemu-img", "check", q.toString());
        QemuTools.Result gotCheck = QemuTools.run("qemu-img", "check", j.toString());
        assertEquals(wantCheck.stderr(), gotCheck.stderr(), "the leak left behind");
        assertEquals(wantCheck.exitCode(), gotCheck.exitCode());
    }
}
