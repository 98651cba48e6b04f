package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** amend, bitmap, measure and dd, jblock on one copy and qemu-img on another. */
class AmendBitmapMeasureAgainstQemuTest {
    @TempDir
    Path dir;

    private Parity p;

    @BeforeEach
    void setUp() {
        QemuTools.require();
        p = new Parity(dir);
    }

    /** Fails unless the two sides' files are the same byte for byte (the shorter one's missing tail reads as zero). */
    private void sameFile(String name) throws Exception {
        byte[] q = Files.readAllBytes(p.qemuDir.resolve(name));
        byte[] j = Files.readAllBytes(p.jblockDir.resolve(name));
        int n = Math.min(q.length, j.length);
        assertArrayEquals(Arrays.copyOf(q, n), Arrays.copyOf(j, n), name);
        byte[] tail = Arrays.copyOfRange(q.length > j.length ? q : j, n, Math.max(q.length, j.length));
        assertArrayEquals(new byte[tail.length], tail, name + ": the longer file's tail");
    }

    @Test
    void amendDowngradeUpgradeAndRefcountWidthAsQemu() throws Exception {
        p.setUp("create", "-q", "-f", "qcow2", "@/b.qcow2", "1G");
        p.setUp("create", "-q", "-f", "qcow2", "-b", "b.qcow2", "-F", "qcow2", "@/a.qcow2");
        p.io("a.qcow2", "qcow2", "write -P 1 0 128k", "write -z 1M 128k", "write -z 900M 64k", "write -P 2 900M 64k",
                "write -z 600M 64k");
        p.setUp("snapshot", "-c", "s1", "@/a.qcow2");
        p.copyToJblock("a.qcow2"); // the same snapshot date on both sides
        p.io("a.qcow2", "qcow2", "write -z 64k 64k");
        p.run("amend", "-p", "-o", "compat=0.10", "@/a.qcow2").same();
        p.sameView("check", "@/a.qcow2");
        p.sameView("map", "--output=json", "@/a.qcow2");
        sameFile("a.qcow2");
        p.run("amend", "-p", "-o", "compat=1.1", "@/a.qcow2").same();
        sameFile("a.qcow2");
        p.run("amend", "-o", "refcount_bits=1", "@/a.qcow2").same(); // a refcount of 2 does not fit
        p.setUp("snapshot", "-d", "s1", "@/a.qcow2");
        // widening from 1 bit is slow in qemu-img itself (a minute for 1G), so widen from 16 and narrow last
        p.run("amend", "-o", "refcount_bits=64,lazy_refcounts=on", "@/a.qcow2").same();
        p.sameView("info", "@/a.qcow2");
        sameFile("a.qcow2");
        p.run("amend", "-p", "-o", "refcount_bits=1", "@/a.qcow2").same();
        sameFile("a.qcow2");
        p.sameView("check", "@/a.qcow2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cluster_size=4k", "backing_file=foo", "compat=2", "refcount_bits=3", "help",
        "data_file=x", "encrypt.format=luks"})
    void amendErrorsAndHelpAsQemu(String option) {
        p.setUp("create", "-q", "-f", "qcow2", "@/e.qcow2", "1M");
        p.run("amend", "-o", option, "@/e.qcow2").same();
    }

    /**
     * Tables and the bitmap directory are written at their byte size, so the files end where
     * qemu-img's do (iotest 190 measures such a file as raw input; 243 checks the size).
     */
    @Test
    void filesEndWithTheLastTableAsQemus() throws Exception {
        p.run("create", "-q", "-f", "qcow2", "-o", "cluster_size=2M", "@/big.qcow2", "2T").same();
        p.run("bitmap", "--add", "--granularity", "512", "-f", "qcow2", "@/big.qcow2", "b1").same();
        p.run("bitmap", "--add", "-g", "2M", "-f", "qcow2", "@/big.qcow2", "b2").same();
        long q = Files.size(p.qemuDir.resolve("big.qcow2"));
        assertTrue(q % (2 << 20) != 0, "negative control: qemu's file ends inside a cluster: " + q);
        assertEquals(q, Files.size(p.jblockDir.resolve("big.qcow2")), "file size");
        sameFile("big.qcow2");
        QemuTools.checkClean(p.jblockDir.resolve("big.qcow2"));
        p.run("measure", "-O", "qcow2", "-f", "raw", "@/big.qcow2").same();
    }

    @Test
    void bitmapsAreStoredAsQemuStoresThemAndKeptUpToDate() throws Exception {
        p.setUp("create", "-q", "-f", "qcow2", "@/bm.qcow2", "64M");
        p.run("bitmap", "--add", "@/bm.qcow2", "b1").same();
        p.run("bitmap", "--add", "-g", "128k", "@/bm.qcow2", "b2").same();
        p.io("bm.qcow2", "qcow2", "write 0 1M", "write 10M 64k");
        p.run("bitmap", "--disable", "@/bm.qcow2", "b2").same();
        p.io("bm.qcow2", "qcow2", "write 20M 64k");
        p.run("bitmap", "--add", "--disable", "@/bm.qcow2", "b3").same();
        p.run("bitmap", "--merge", "b1", "@/bm.qcow2", "b3").same();
        p.run("info", "@/bm.qcow2").same();
        p.run("info", "--output=json", "@/bm.qcow2").same();
        sameFile("bm.qcow2");
        // guest writes through jblock keep the enabled bitmaps up to date, as qemu-io does
        QemuTools.io(p.qemuDir.resolve("bm.qcow2"), "qcow2", "write 30M 64k");
        CliRun w = CliRun.run("io", "-c", "write 30M 64k", p.jblockDir.resolve("bm.qcow2").toString());
        assertEquals(0, w.status(), w.toString());
        sameFile("bm.qcow2");
        p.run("bitmap", "--remove", "@/bm.qcow2", "b2").same();
        p.run("bitmap", "--remove", "@/bm.qcow2", "nope").same();
        p.run("bitmap", "--clear", "@/bm.qcow2", "b1").same();
        sameFile("bm.qcow2");
        p.sameView("check", "@/bm.qcow2");
        p.run("measure", "-O", "qcow2", "@/bm.qcow2").same();
        p.run("bitmap", "@/bm.qcow2", "b1").same();
        p.run("bitmap", "-g", "64k", "--clear", "@/bm.qcow2", "b1").same();
        p.run("bitmap", "--add", "-g", "1000", "@/bm.qcow2", "b9").same();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--size 1G -O qcow2", "--size 1G -O qcow2 -o cluster_size=4k,refcount_bits=1",
        "-O qcow2 -o preallocation=full --size 100M", "--size 1T -O qcow2 -o cluster_size=512",
        "-O qcow2 -o extended_l2=on --size 64G", "--size 100P -O qcow2", "--size 1G", "-O qcow2",
        "-O qcow2 --output=json @/m.qcow2", "-O raw @/m.qcow2", "-O qcow2 -l s1 @/m.qcow2",
        "-O qcow2 -o backing_file=x @/m.qcow2", "--size 1G @/m.qcow2"})
    void measureAsQemu(String args) {
        p.setUp("create", "-q", "-f", "qcow2", "@/m.qcow2", "64M");
        p.io("m.qcow2", "qcow2", "write -P 1 0 3M", "write -z 10M 1M");
        p.setUp("snapshot", "-c", "s1", "@/m.qcow2");
        p.io("m.qcow2", "qcow2", "write -P 2 20M 1M");
        String[] a = ("measure " + args).split(" ");
        p.run(a).same();
    }

    @ParameterizedTest
    @ValueSource(strings = {"if=@/d.qcow2 of=@/out", "bs=64k count=10 if=@/d.qcow2 of=@/out",
        "-O qcow2 bs=1M skip=2 count=3 if=@/d.qcow2 of=@/out", "bs=1M skip=2000 if=@/d.qcow2 of=@/out",
        "if=@/d.qcow2", "foo if=x of=y", "bs=0 if=a of=b"})
    void ddAsQemu(String args) throws Exception {
        p.setUp("create", "-q", "-f", "qcow2", "@/d.qcow2", "8M");
        p.io("d.qcow2", "qcow2", "write -P 7 1M 3M");
        p.run(("dd " + args).split(" ")).same();
        if (Files.exists(p.qemuDir.resolve("out"))) {
            p.sameView("info", "--output=json", "@/out");
            QemuTools.Result r = QemuTools.run("qemu-img", "compare", p.qemuDir.resolve("out").toString(),
                    p.jblockDir.resolve("out").toString());
            assertEquals(0, r.exitCode(), r.output());
        }
        assertTrue(Files.exists(p.qemuDir.resolve("out")) == Files.exists(p.jblockDir.resolve("out")));
    }
}
