package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * qemu-img create's option handling, output and errors, compared with the real qemu-img: the
 * Formatting line (options and defaults in QEMU's order), -o help listings, every error test 049
 * and 082 exercise, and the create that never finished (cluster_size=512, 6G).
 */
class CreateOptionsAgainstQemuTest {
    @TempDir
    Path dir;

    private Parity p;

    @BeforeEach
    void setUp() {
        QemuTools.require();
        p = new Parity(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-f qcow2 @/a.qcow2 64M",
        "-f qcow2 -o cluster_size=4k,lazy_refcounts=on @/a.qcow2 1G",
        "-f qcow2 -o compat=0.10 @/a.qcow2 1.5M",
        "-f qcow2 -o preallocation=metadata,refcount_bits=1 @/a.qcow2 1M",
        "-f qcow2 -o size=1024b @/a.qcow2",
        "-f qcow2 -o extended_l2=on,cluster_size=64k,compression_type=zstd @/a.qcow2 8M",
        "-f raw @/a.raw 1k",
        "-f raw -o preallocation=falloc @/a.raw 64k",
        "-f file @/a.file 4096",
        "-q -f qcow2 @/a.qcow2 1M",
        "-f qcow2 -o preallocation=falloc,extent_size_hint=0 @/a.qcow2 1M",
        "-f qcow2 -o nocow=on,extent_size_hint=1M,data_file=@/a.data @/a.qcow2 1M",
        "-f raw -o extent_size_hint=0,nocow=off @/a.raw 1M",
    })
    void formattingLineAndImageAsQemu(String args) {
        p.run(("create " + args).split(" ")).same();
        String image = args.substring(args.indexOf("@/") + 2).split(" ")[0];
        p.sameView("info", "--output=json", "@/" + image);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-f qcow2 @/a.qcow2 -- -1024",
        "-f qcow2 -o extent_size_hint=4G @/a.qcow2 1M",
        "-f raw -o extent_size_hint=5G @/a.raw 1M",
        "-f raw -o nocow=maybe @/a.raw 1M",
        "-f qcow2 -o size=-1k @/a.qcow2",
        "-f qcow2 -o size=foobar @/a.qcow2",
        "-f qcow2 -o size=10M @/a.qcow2 20M",
        "-f qcow2 -o cluster_size=3k @/a.qcow2 1M",
        "-f qcow2 -o cluster_size=x @/a.qcow2 1M",
        "-f qcow2 -o lazy_refcounts=maybe @/a.qcow2 1M",
        "-f qcow2 -o compat=0.42 @/a.qcow2 64M",
        "-f qcow2 -o preallocation=1234 @/a.qcow2 64M",
        "-f qcow2 -o compat=0.10,lazy_refcounts=on @/a.qcow2 64M",
        "-f qcow2 -o refcount_bits=3 @/a.qcow2 64M",
        "-f qcow2 -o foo=bar @/a.qcow2 1M",
        "-f qcow2 @/a.qcow2 100P",
        "-f qcow2 -b @/nonexistent -F qcow2 @/a.qcow2",
        "-f qcow2 @/a.qcow2",
        "-f raw -o backing_file=x @/a.raw 1M",
    })
    void errorsAsQemu(String args) {
        p.run(("create " + args).split(" ")).same();
        assertEquals(Files.exists(p.qemuDir.resolve("a.qcow2")), Files.exists(p.jblockDir.resolve("a.qcow2")));
    }

    /**
     * Option lists that cannot be joined with a comma (test 082): qemu-img refuses them while it
     * reads its arguments, before it would take "X,help" as a backing file name.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "create -f qcow2 -o backing_file=@/a.qcow2, -o help @/a.qcow2 128M",
        "create -f qcow2 -o backing_file=@/a.qcow2 -o ,help @/a.qcow2 128M",
        "create -f qcow2 -o backing_file=@/a.qcow2 -o ,, -o help @/a.qcow2 128M",
        "create -f qcow2 -o cluster_size=4k,,, @/a.qcow2 1M",
        "convert -O qcow2 -o backing_file=@/a.qcow2, -o help @/a.qcow2 @/b.qcow2",
        "convert -O qcow2 -o backing_file=@/a.qcow2 -o ,help @/a.qcow2 @/b.qcow2",
        "amend -f qcow2 -o backing_file=@/a.qcow2 -o ,, -o help @/a.qcow2",
        "measure -O qcow2 -o cluster_size=4k, --size 1M",
        "amend -f bochs -o help",
    })
    void invalidOptionListsAsQemu(String args) {
        p.run(args.split(" ")).same();
    }

    /** The negative control: an escaped comma ({@code ,,}) is part of the value, not an error. */
    @Test
    void escapedCommaIsPartOfTheValue() {
        p.run("create -f qcow2 -u -o backing_file=@/a.qcow2,,help -F qcow2 @/b.qcow2 1M".split(" ")).same();
        p.sameView("info", "--output=json", "@/b.qcow2");
    }

    @Test
    void backingFileWithoutFormatIsRefusedNamingTheDetectedFormat() {
        p.setUp("create", "-q", "-f", "raw", "@/b.raw", "1M");
        p.run("create", "-f", "qcow2", "-b", "@/b.raw", "@/a.qcow2").same();
        p.run("create", "-f", "qcow2", "-b", "@/b.raw", "-F", "raw", "@/a.qcow2").same();
        p.sameView("info", "@/a.qcow2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-f qcow2 -o help", "-f qcow2 -o ? @/x.qcow2", "-f raw -o help", "-f raw -o help,size=1M @/x",
        "-f qcow2 -o cluster_size=4k,help"})
    void optionHelpAsQemu(String args) {
        p.run(("create " + args).split(" ")).same();
    }

    /** Behaviour difference: this create never finished (GBs written, header size 0). */
    @Test
    void smallClustersOnALargeDiskFinishAsSmallAsQemusImage() throws Exception {
        p.run("create", "-f", "qcow2", "-o", "cluster_size=512", "@/big.qcow2", "6G").same();
        long qemu = Files.size(p.qemuDir.resolve("big.qcow2"));
        long mine = Files.size(p.jblockDir.resolve("big.qcow2"));
        assertEquals(qemu, mine, "file size");
        assertTrue(mine < 2 << 20, "about 1.5 MB: " + mine);
        QemuTools.checkClean(p.jblockDir.resolve("big.qcow2"));
        p.sameView("check", "@/big.qcow2");
    }

    /** Behaviour difference: metadata preallocation wrote the data (64 MiB used, mapped as data). */
    @Test
    void metadataPreallocationStaysSparseAndMapsAsZeroes() throws Exception {
        p.run("create", "-f", "qcow2", "-o", "preallocation=metadata", "@/p.qcow2", "64M").same();
        p.sameView("map", "--output=json", "@/p.qcow2");
        p.sameView("check", "@/p.qcow2");
        long used = settledUsage(p.jblockDir.resolve("p.qcow2"));
        long qemuUsed = settledUsage(p.qemuDir.resolve("p.qcow2"));
        // metadata only, as qemu-img's (260 KiB; jblock writes its header as a whole cluster)
        assertTrue(used <= qemuUsed + (128 << 10), "metadata only: " + used + " bytes used, qemu-img's " + qemuUsed);
        // and jblock's own map says the same as qemu-img's
        p.run("map", "--output=json", "@/p.qcow2").same();
        // negative control: full preallocation does use the space
        p.run("create", "-f", "qcow2", "-o", "preallocation=full", "@/f.qcow2", "8M").same();
        long full = DiskUsage.allocatedBytes(p.jblockDir.resolve("f.qcow2").toString()).orElseThrow();
        assertTrue(full >= 8 << 20, "full preallocation allocates: " + full);
        p.sameView("map", "--output=json", "@/f.qcow2");
    }

    /** Blocks in use once the file system has allocated what it delays (fsync first). */
    private static long settledUsage(java.nio.file.Path file) throws java.io.IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return DiskUsage.allocatedBytes(file.toString()).orElseThrow();
    }
}
