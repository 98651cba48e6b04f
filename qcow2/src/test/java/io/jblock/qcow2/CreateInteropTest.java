package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Images created by jblock are what qemu-img create makes: qemu-img check and info agree. */
class CreateInteropTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "'';                                  '\"compat\": \"1.1\"';                 '\"cluster-size\": 65536'",
        "compat=0.10;                         '\"compat\": \"0.10\"';                '\"cluster-size\": 65536'",
        "cluster_size=512;                    '\"cluster-size\": 512';               '\"refcount-bits\": 16'",
        "cluster_size=2M;                     '\"cluster-size\": 2097152';           '\"compat\": \"1.1\"'",
        "lazy_refcounts=on;                   '\"lazy-refcounts\": true';            '\"corrupt\": false'",
        "refcount_bits=1;                     '\"refcount-bits\": 1';                '\"compat\": \"1.1\"'",
        "refcount_bits=64;                    '\"refcount-bits\": 64';               '\"compat\": \"1.1\"'",
        "extended_l2=on;                      '\"extended-l2\": true';               '\"compat\": \"1.1\"'",
        "compression_type=zstd;               '\"compression-type\": \"zstd\"';      '\"compat\": \"1.1\"'",
        "preallocation=metadata;              '\"virtual-size\": 5242880';           '\"compat\": \"1.1\"'",
        "preallocation=falloc;                '\"virtual-size\": 5242880';           '\"compat\": \"1.1\"'",
        "preallocation=full,cluster_size=4k;  '\"virtual-size\": 5242880';           '\"cluster-size\": 4096'",
    })
    void createdImagesMatchQemuInfo(String o, String expect1, String expect2) throws IOException {
        Path img = tmp.resolve("c.qcow2");
        TestImages.create(img, 5 << 20, WriteInteropTest.opts(o.trim()));
        QemuTools.checkClean(img);
        String info = QemuTools.ok("qemu-img", "info", "--output=json", img.toString());
        assertTrue(info.contains(expect1.trim()), info);
        assertTrue(info.contains(expect2.trim()), info);
        assertTrue(info.contains("\"virtual-size\": 5242880"), info);
        if (o.contains("preallocation=metadata") || o.contains("full") || o.contains("falloc")) {
            String map = QemuTools.ok("qemu-img", "map", "--output=json", img.toString());
            assertTrue(map.contains("\"data\": true") && !map.contains("\"data\": false"), map);
            ImageAssertions.assertReadsLikeQemu(img, tmp);
        }
        if (o.contains("full")) {
            long used = (Long) Files.getAttribute(img, "unix:size");
            assertTrue(used >= 5 << 20, "full preallocation writes the data area: " + used);
        }
    }

    @Test
    void backingFileAndFormatAndSizeFromBacking() throws IOException {
        Path base = tmp.resolve("base.qcow2");
        TestImages.create(base, 3 << 20, Map.of());
        try (BlockNode n = TestImages.open(base); Arena a = Arena.ofConfined()) {
            n.write(12345, a.allocate(70000).fill((byte) 0x42));
        }
        Path top = tmp.resolve("top.qcow2");
        TestImages.create(top, 0, Map.of("backing_file", "base.qcow2", "backing_fmt", "qcow2"));
        String info = QemuTools.ok("qemu-img", "info", "--output=json", top.toString());
        assertTrue(info.contains("\"backing-filename\": \"base.qcow2\""), info);
        assertTrue(info.contains("\"backing-filename-format\": \"qcow2\""), info);
        assertTrue(info.contains("\"virtual-size\": 3145728"), info);
        QemuTools.checkClean(top);
        ImageAssertions.assertReadsLikeQemu(top, tmp);
    }

    @Test
    void externalDataFileRawAndNot() throws IOException {
        for (String raw : new String[] {"off", "on"}) {
            Path img = tmp.resolve("d" + raw + ".qcow2");
            Path data = tmp.resolve("d" + raw + ".data");
            TestImages.create(img, 2 << 20, Map.of("data_file", data.toString(), "data_file_raw", raw));
            try (BlockNode n = TestImages.open(img); Arena a = Arena.ofConfined()) {
                n.write(0, a.allocate(100000).fill((byte) 0x31));
                n.write(1 << 20, a.allocate(5000).fill((byte) 0x32));
            }
            QemuTools.checkClean(img);
            String info = QemuTools.ok("qemu-img", "info", "--output=json", img.toString());
            assertTrue(info.contains("\"data-file\": \"" + data + "\""), info);
            assertTrue(info.contains("\"data-file-raw\": " + raw.equals("on")), info);
            ImageAssertions.assertReadsLikeQemu(img, tmp);
            if (raw.equals("on")) {
                byte[] d = Files.readAllBytes(data);
                assertEquals(0x31, d[99999]);
                assertEquals(0x32, d[(1 << 20) + 4999]);
            }
        }
    }

    @Test
    void resizeGrowWithPreallocation() throws IOException {
        Path img = tmp.resolve("r.qcow2");
        TestImages.create(img, 1 << 20, Map.of());
        try (BlockNode n = TestImages.open(img)) {
            n.truncate(3 << 20, Preallocation.METADATA);
            n.truncate(5 << 20, Preallocation.FULL);
            // shrinking with preallocation is refused, as QEMU refuses it
            assertThrows(Qcow2UnsupportedException.class, () -> n.truncate(1 << 20, Preallocation.METADATA));
        }
        QemuTools.checkClean(img);
        String info = QemuTools.ok("qemu-img", "info", "--output=json", img.toString());
        assertTrue(info.contains("\"virtual-size\": 5242880"), info);
        ImageAssertions.assertReadsLikeQemu(img, tmp);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"compat=0.10", "compat=1.1", "compat=1.1,extended_l2=on"})
    void headerRewriteKeepsBackingFileAndFormat(String o) throws IOException {
        Path base = tmp.resolve("base.raw");
        QemuTools.img("create", "-q", "-f", "raw", base.toString(), "1M");
        QemuTools.io(base, "raw", "write -P 0x66 0 1M");
        Path top = tmp.resolve("top.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", o, "-b", "base.raw", "-F", "raw", top.toString(), "1M");
        try (BlockNode n = TestImages.open(top); Arena a = Arena.ofConfined()) {
            n.write(1000, a.allocate(3000).fill((byte) 1));
            n.truncate(3 << 20, Preallocation.OFF);
            n.write((3 << 20) - 512, a.allocate(512).fill((byte) 2));
        }
        QemuTools.checkClean(top);
        String info = QemuTools.ok("qemu-img", "info", "--output=json", top.toString());
        assertTrue(info.contains("\"backing-filename\": \"base.raw\""), info);
        assertTrue(info.contains("\"backing-filename-format\": \"raw\""), info);
        assertTrue(info.contains("\"virtual-size\": 3145728"), info);
        ImageAssertions.assertReadsLikeQemu(top, tmp);
    }

    @Test
    void invalidOptionsAreRefusedAsQemuRefusesThem() {
        Path img = tmp.resolve("bad.qcow2");
        assertThrows(IllegalArgumentException.class, () -> TestImages.create(img, 1 << 20, Map.of("cluster_size", "256")));
        assertThrows(IllegalArgumentException.class, () -> TestImages.create(img, 1 << 20, Map.of("cluster_size", "4M")));
        assertThrows(IllegalArgumentException.class, () -> TestImages.create(img, 1 << 20,
                Map.of("compat", "0.10", "lazy_refcounts", "on")));
        assertThrows(IllegalArgumentException.class, () -> TestImages.create(img, 1 << 20, Map.of("refcount_bits", "3")));
        assertThrows(IllegalArgumentException.class, () -> TestImages.create(img, 1 << 20,
                Map.of("extended_l2", "on", "cluster_size", "4096")));
    }

    @Test
    void aSizeThatIsNotWholeSectorsIsRoundedUpAsQemuDoes() throws IOException {
        Path img = tmp.resolve("odd.qcow2");
        Path ref = tmp.resolve("odd-qemu.qcow2");
        TestImages.create(img, 1000, Map.of());
        QemuTools.img("create", "-q", "-f", "qcow2", ref.toString(), "1000");
        String mine = QemuTools.ok("qemu-img", "info", "--output=json", img.toString());
        String theirs = QemuTools.ok("qemu-img", "info", "--output=json", ref.toString());
        assertTrue(theirs.contains("\"virtual-size\": 1024"), theirs);
        assertTrue(mine.contains("\"virtual-size\": 1024"), mine);
        QemuTools.checkClean(img);
    }
}
