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
 * commit, rebase and info --backing-chain on a three-image chain, jblock on one copy and
 * qemu-img on another: the same messages, the same guest contents (qemu-img compare of each side
 * with the other), and where the operation is deterministic in QEMU the same maps.
 */
class ChainCommandsAgainstQemuTest {
    @TempDir
    Path dir;

    private Parity p;

    @BeforeEach
    void setUp() {
        QemuTools.require();
        p = new Parity(dir);
        p.setUp("create", "-q", "-f", "qcow2", "@/base.qcow2", "64M");
        p.io("base.qcow2", "qcow2", "write -P 1 0 1M", "write -P 9 4M 1M");
        p.setUp("create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "@/mid.qcow2");
        p.io("mid.qcow2", "qcow2", "write -P 2 512k 1M", "write -z 4M 64k");
        p.setUp("create", "-q", "-f", "qcow2", "-b", "mid.qcow2", "-F", "qcow2", "@/top.qcow2", "128M");
        p.io("top.qcow2", "qcow2", "write -P 3 2M 64k", "write -P 4 100M 64k");
    }

    private void sameContents(String image) {
        Path q = p.qemuDir.resolve(image);
        Path j = p.jblockDir.resolve(image);
        QemuTools.Result r = QemuTools.run("qemu-img", "compare", q.toString(), j.toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void infoDescribesTheChainWithEveryLineQemuPrints() {
        p.run("info", "--backing-chain", "@/top.qcow2").same();
        p.run("info", "--backing-chain", "--output=json", "@/top.qcow2").same();
        p.run("info", "@/mid.qcow2").same();
    }

    @Test
    void commitIntoTheBackingFileEmptiesTheImage() {
        p.run("commit", "@/top.qcow2").same();
        sameContents("top.qcow2");
        sameContents("mid.qcow2");
        // emptied: nothing left in the image itself (QEMU's mirror job copies several runs at
        // once, so where the clusters land in the backing file may differ)
        for (String line : p.jblockView("map", "--output=json", "@/top.qcow2").split("\n")) {
            assertTrue(!line.contains("\"depth\": 0") || line.contains("\"present\": false"), line);
        }
        p.sameView("check", "@/top.qcow2");
        QemuTools.checkClean(p.jblockDir.resolve("mid.qcow2"));
    }

    /**
     * Test 098: an error injected by blkdebug at each step of emptying the committed image fails
     * the commit with QEMU's "Failed to empty ..." (the steps announce QEMU's events, their writes
     * go through the file node), and leaves an image that QEMU's repair on open makes consistent,
     * with the committed data in the backing file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"l1_update", "empty_image_prepare", "reftable_update", "refblock_alloc"})
    void commitFailsWhenEmptyingFails(String event) throws Exception {
        for (Path d : java.util.List.of(p.qemuDir, p.jblockDir)) {
            Files.writeString(d.resolve("bd.conf"), "[inject-error]\nevent = \"" + event + "\"\n");
        }
        Parity.Both r = p.run("commit", "blkdebug:@/bd.conf:@/top.qcow2").same();
        assertTrue(r.jblock().err().contains("Failed to empty"), r.toString());
        p.io("top.qcow2", "qcow2", "close"); // the dirty bit's repair
        QemuTools.checkClean(p.jblockDir.resolve("top.qcow2"));
        sameContents("mid.qcow2");
    }

    @Test
    void commitWithBaseAndDropKeepsTheImage() {
        p.run("commit", "-b", "@/base.qcow2", "@/top.qcow2").same();
        sameContents("base.qcow2");
        p.sameView("map", "--output=json", "@/top.qcow2");
        // QEMU's mirror job copies several runs at once, so where clusters land may differ: the
        // image must be consistent and as large as the committed image
        QemuTools.checkClean(p.jblockDir.resolve("base.qcow2"));
        assertEquals(Json.object(p.qemuView("info", "--output=json", "@/base.qcow2")).get("virtual-size"),
                Json.object(p.jblockView("info", "--output=json", "@/base.qcow2")).get("virtual-size"));
        p.run("commit", "-d", "@/mid.qcow2").same();
        sameContents("base.qcow2");
        sameContents("mid.qcow2"); // -d: the image keeps its data
    }

    @Test
    void commitErrorsAsQemu() {
        p.run("commit", "-b", "nope.qcow2", "@/top.qcow2").same();
        p.run("commit", "@/base.qcow2").same();
        p.run("commit", "-t", "bogus", "@/top.qcow2").same();
    }

    @Test
    void safeRebaseKeepsTheGuestViewAndChangesTheHeader() {
        String before = QemuTools.ok("qemu-img", "convert", "-O", "raw", p.jblockDir.resolve("top.qcow2").toString(),
                dir.resolve("before.raw").toString());
        assertEquals("", before);
        p.run("rebase", "-b", "base.qcow2", "-F", "qcow2", "@/top.qcow2").same();
        sameContents("top.qcow2");
        p.sameView("map", "--output=json", "@/top.qcow2");
        p.run("info", "@/top.qcow2").same();
        QemuTools.ok("qemu-img", "compare", "-f", "raw", "-F", "qcow2", dir.resolve("before.raw").toString(),
                p.jblockDir.resolve("top.qcow2").toString());
        p.setUp("create", "-q", "-f", "qcow2", "@/other.qcow2", "32M");
        p.io("other.qcow2", "qcow2", "write -P 5 0 3M");
        p.run("rebase", "-b", "other.qcow2", "-F", "qcow2", "@/top.qcow2").same();
        sameContents("top.qcow2");
        p.sameView("map", "--output=json", "@/top.qcow2");
        p.run("rebase", "-b", "", "@/top.qcow2").same();
        sameContents("top.qcow2");
        QemuTools.ok("qemu-img", "compare", "-f", "raw", "-F", "qcow2", dir.resolve("before.raw").toString(),
                p.jblockDir.resolve("top.qcow2").toString());
        String info = p.jblockView("info", "@/top.qcow2");
        assertTrue(!info.contains("backing file"), info);
    }

    @Test
    void unsafeRebaseOnlyRenames() {
        p.run("rebase", "-u", "-b", "renamed.qcow2", "-F", "qcow2", "@/top.qcow2").same();
        p.run("info", "@/top.qcow2").same();
        p.run("rebase", "-u", "-b", "renamed.qcow2", "@/top.qcow2").same(); // format required
        p.run("rebase", "@/top.qcow2").same(); // -b or -u required
    }
}
