package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jblock.storage.testing.QemuTools;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * convert's options, map and compare, jblock on one copy and qemu-img on another: the output
 * images map the same (qemu-img map), the messages and progress lines are the same; the raw
 * behaviour difference (a 320-byte file is a 512-byte disk) included.
 */
class ConvertMapCompareParityTest {
    @TempDir
    Path dir;

    private Parity p;

    @BeforeEach
    void setUp() {
        QemuTools.require();
        p = new Parity(dir);
        p.setUp("create", "-q", "-f", "qcow2", "@/b.qcow2", "64M");
        p.io("b.qcow2", "qcow2", "write -P 1 0 1M", "write -P 0 2M 1M", "write -P 9 4M 4k", "write -P 7 4202496 4k",
                "write -z 8M 1M");
        p.setUp("create", "-q", "-f", "qcow2", "-b", "b.qcow2", "-F", "qcow2", "@/t.qcow2");
        p.io("t.qcow2", "qcow2", "write -P 3 512k 64k", "write -z 4M 64k");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-O qcow2 @/t.qcow2 @/out", "-O raw @/t.qcow2 @/out",
        "-O qcow2 -B b.qcow2 -F qcow2 @/t.qcow2 @/out", "-O qcow2 -S 0 @/t.qcow2 @/out",
        "-O qcow2 -S 64k @/t.qcow2 @/out", "-O qcow2 -c @/t.qcow2 @/out",
        "-O qcow2 -o cluster_size=4k @/b.qcow2 @/t.qcow2 @/out", "-p -O qcow2 @/b.qcow2 @/out",
        "-O qcow2 -o compat=0.10 @/t.qcow2 @/out",
        "-O qcow2 -B b.qcow2 @/t.qcow2 @/out", "-c -O raw @/t.qcow2 @/out", "-S 1000 -O raw @/t.qcow2 @/out",
        "-O qcow2 -o help", "@/t.qcow2"})
    void convertAsQemu(String args) {
        p.run(("convert " + args).split(" ")).same();
        if (args.equals("-p -O qcow2 @/b.qcow2 @/out")) {
            // b.qcow2's cluster at 4M holds two 4 KiB blocks and zeroes. qemu-img leaves the rest of
            // the new cluster as fallocated (unwritten) extents, which SEEK_DATA calls data; jblock
            // leaves the never-written file range sparse, so map says "zero": true for those
            // 4 KiB pieces inside the data cluster. The guest content and the metadata are the same:
            QemuTools.ok("qemu-img", "compare", p.qemuDir.resolve("out").toString(),
                    p.jblockDir.resolve("out").toString());
            p.sameView("check", "@/out");
            return;
        }
        if (java.nio.file.Files.exists(p.qemuDir.resolve("out"))) {
            p.sameView("map", "--output=json", "@/out");
            p.sameView("check", "@/out");
        }
    }

    /** -W lets QEMU write several runs at once, so its layout varies: the same messages and contents. */
    @Test
    void outOfOrderWritesCopyTheSameContents() {
        p.run("convert", "-W", "-m", "4", "-O", "qcow2", "@/t.qcow2", "@/out").same();
        QemuTools.Result r = QemuTools.run("qemu-img", "compare", p.qemuDir.resolve("out").toString(),
                p.jblockDir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.output());
        QemuTools.checkClean(p.jblockDir.resolve("out"));
    }

    @Test
    void convertIntoAnExistingImage() {
        p.setUp("create", "-q", "-f", "qcow2", "@/n.qcow2", "64M");
        p.io("n.qcow2", "qcow2", "write -P 8 0 64M");
        p.run("convert", "-n", "-O", "qcow2", "@/t.qcow2", "@/n.qcow2").same();
        p.sameView("map", "--output=json", "@/n.qcow2");
        p.run("convert", "-n", "--target-image-opts", "@/t.qcow2",
                "driver=qcow2,file.filename=@/n.qcow2").same();
        p.run("convert", "--target-image-opts", "@/t.qcow2", "driver=qcow2,file.filename=@/n.qcow2").same();
        p.run("convert", "-n", "-o", "cluster_size=4k", "@/t.qcow2", "@/n.qcow2").same();
    }

    @ParameterizedTest
    @ValueSource(strings = {"@/t.qcow2", "--output=json @/t.qcow2", "--output=json @/b.qcow2",
        "-s 1M -l 4M --output=json @/t.qcow2", "--output=yaml @/t.qcow2"})
    void mapAsQemu(String args) {
        p.run(("map " + args).split(" ")).same();
    }

    @ParameterizedTest
    @ValueSource(strings = {"@/t.qcow2 @/t.qcow2", "@/t.qcow2 @/b.qcow2", "-s @/t.qcow2 @/b.qcow2",
        "-p @/b.qcow2 @/b.qcow2", "@/b.qcow2 @/r.raw", "-s @/b.qcow2 @/r.raw", "@/t.qcow2"})
    void compareAsQemu(String args) {
        p.setUp("create", "-q", "-f", "raw", "@/r.raw", "65M");
        p.run(("compare " + args).split(" ")).same();
    }

    /** Behaviour difference: a raw file of 320 bytes was a 320-byte disk; QEMU's is 512, the tail zero. */
    @Test
    void aRawFileIsWholeSectors() throws Exception {
        byte[] data = new byte[320];
        java.util.Arrays.fill(data, (byte) 0x5a);
        java.nio.file.Files.write(p.qemuDir.resolve("r320.raw"), data);
        java.nio.file.Files.write(p.jblockDir.resolve("r320.raw"), data);
        p.run("info", "@/r320.raw").same();
        p.run("map", "--output=json", "@/r320.raw").same();
        p.run("convert", "-O", "qcow2", "@/r320.raw", "@/r.qcow2").same();
        p.sameView("info", "--output=json", "@/r.qcow2");
        CliRun tail = CliRun.run("io", "-f", "raw", "-c", "read -P 0 320 192", "-c", "read -P 0x5a 0 320",
                p.jblockDir.resolve("r320.raw").toString());
        assertEquals(0, tail.status(), tail.toString());
        // negative control: the tail is not the data's pattern
        CliRun wrong = CliRun.run("io", "-f", "raw", "-c", "read -P 0x5a 320 192",
                p.jblockDir.resolve("r320.raw").toString());
        assertEquals(true, wrong.out().contains("Pattern verification failed"), wrong.toString());
    }
}
