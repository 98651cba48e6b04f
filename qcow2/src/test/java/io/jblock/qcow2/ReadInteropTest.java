package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Images made by qemu-img/qemu-io read byte-for-byte as qemu-img convert -O raw sees them. */
class ReadInteropTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needQemu() {
        QemuTools.require();
    }

    private static final String[] PATTERN_WRITES = {
        "write -P 0x11 0 4k", "write -P 0x22 65000 70000", "write -P 0x33 1M 64k",
        "write -P 0x44 2047k 3k", "write -z 1536k 128k", "write -P 0x55 3M 1",
    };

    private Path qcow2(String name, String opts, String size) throws IOException {
        Path p = tmp.resolve(name);
        if (opts.isEmpty()) {
            QemuTools.img("create", "-q", "-f", "qcow2", p.toString(), size);
        } else {
            QemuTools.img("create", "-q", "-f", "qcow2", "-o", opts, p.toString(), size);
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "compat=0.10", "cluster_size=512", "cluster_size=2M", "cluster_size=4k",
        "extended_l2=on", "extended_l2=on,cluster_size=32k", "refcount_bits=1", "refcount_bits=64",
        "lazy_refcounts=on", "preallocation=metadata", "preallocation=full,cluster_size=128k"})
    void patternWritesReadAsQemuSeesThem(String opts) throws IOException {
        Path img = qcow2("p.qcow2", opts, "4M");
        QemuTools.io(img, "qcow2", PATTERN_WRITES);
        ImageAssertions.assertReadsLikeQemu(img, tmp);
    }

    private Path rawSource() throws IOException {
        Path raw = tmp.resolve("src.raw");
        byte[] data = new byte[3 << 20];
        Random r = new Random(42);
        for (int i = 0; i < data.length; i += 4096) {
            int kind = (i / 4096) % 4;
            for (int k = 0; k < 4096; k++) {
                data[i + k] = switch (kind) {
                    case 0 -> 0;
                    case 1 -> (byte) r.nextInt();
                    case 2 -> (byte) (k % 7);
                    default -> (byte) ((i >> 12) + k / 100);
                };
            }
        }
        Files.write(raw, data);
        return raw;
    }

    @ParameterizedTest
    @ValueSource(strings = {"compression_type=zlib", "compression_type=zstd", "compression_type=zlib,cluster_size=4k",
        "compression_type=zstd,cluster_size=2M", "compat=0.10", "extended_l2=on,compression_type=zstd"})
    void compressedImagesReadAsQemuSeesThem(String opts) throws IOException {
        Path raw = rawSource();
        Path img = tmp.resolve("c.qcow2");
        QemuTools.img("convert", "-c", "-O", "qcow2", "-o", opts, raw.toString(), img.toString());
        ImageAssertions.assertReadsLikeQemu(img, tmp);
        // Negative control: the comparison sees a difference when the content differs.
        QemuTools.io(img, "qcow2", "write -P 0x99 100k 1k");
        byte[] rawBytes = Files.readAllBytes(raw);
        try (var n = TestImages.openReadOnly(img)) {
            byte[] got = ImageAssertions.readAll(n, 1 << 20);
            assertFalse(java.util.Arrays.equals(rawBytes, got));
        }
        ImageAssertions.assertReadsLikeQemu(img, tmp);
    }

    /**
     * A compressed cluster written last ends the file inside a sector, while its L2 entry counts
     * whole sectors: the read is cut at the end of the file (CompressedClusterReader's exact-length
     * branch), as QEMU's is.
     */
    @Test
    void aCompressedClusterThatEndsTheFileInsideASector() throws IOException {
        Path img = qcow2("tail.qcow2", "", "1M");
        QemuTools.io(img, "qcow2", "write -c -P 0x66 0 64k", "write -c -P 0x67 64k 64k");
        long size = Files.size(img);
        assertTrue(size % 512 != 0, "precondition: the file ends inside a sector, size " + size);
        ImageAssertions.assertReadsLikeQemu(img, tmp);
        QemuTools.io(img, "qcow2", "read -P 0x66 0 64k", "read -P 0x67 64k 64k");
    }

    @Test
    void backingChainsOfRawAndQcow2WithSmallerAndLargerOverlays() throws IOException {
        Path base = tmp.resolve("base.raw");
        QemuTools.img("create", "-q", "-f", "raw", base.toString(), "3M");
        QemuTools.io(base, "raw", "write -P 0xa1 0 3M");
        Path mid = tmp.resolve("mid.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", mid.toString(), "2M");
        QemuTools.io(mid, "qcow2", "write -P 0xb2 64k 4k", "write -z 128k 64k");
        Path top = tmp.resolve("top.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "extended_l2=on", "-b", mid.getFileName().toString(),
                "-F", "qcow2", top.toString(), "5M");
        QemuTools.io(top, "qcow2", "write -P 0xc3 70k 2k", "write -P 0xc4 1900k 300k");
        ImageAssertions.assertReadsLikeQemu(top, tmp);
        ImageAssertions.assertReadsLikeQemu(mid, tmp);
        Path noFmt = tmp.resolve("nofmt.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-b", top.toString(), "-F", "qcow2", noFmt.toString());
        ImageAssertions.assertReadsLikeQemu(noFmt, tmp);
    }

    @Test
    void externalDataFiles() throws IOException {
        Path img = qcow2("ext.qcow2", "data_file=" + tmp.resolve("ext.data"), "2M");
        QemuTools.io(img, "qcow2", "write -P 0x61 4k 100k", "write -z 512k 64k");
        ImageAssertions.assertReadsLikeQemu(img, tmp);
        Path rawImg = qcow2("extraw.qcow2", "data_file=" + tmp.resolve("extraw.data") + ",data_file_raw=on", "2M");
        QemuTools.io(rawImg, "qcow2", "write -P 0x62 8k 200k");
        ImageAssertions.assertReadsLikeQemu(rawImg, tmp);
        try (var n = TestImages.openReadOnly(rawImg)) {
            assertTrue(n.qcow2().formatSpecificInfo().get("data-file-raw").equals(true));
        }
    }
}
