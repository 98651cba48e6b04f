package io.jblock.storage.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.testing.QemuIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OpenOptions#noShare()} reaches every file node of the graph, through each way a child
 * is opened (the {@code file} child, a {@code backing} child, a child from an option string),
 * as QEMU's BDRV_O_NO_SHARE does. Seen from outside: a no-share file node locks byte 201
 * ("write not shared") without holding write (byte 101).
 */
class NoShareInheritanceTest {
    private static final long WRITE_HELD = 101;
    private static final long WRITE_NOT_SHARED = 201;

    @TempDir
    Path dir;

    private Path image(String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[65536]);
    }

    private static long inode(Path p) throws IOException {
        return (long) Files.getAttribute(p, "unix:ino");
    }

    private String graph(Path file, Path backing, Path extra) {
        return "driver=testpass,file.driver=file,file.filename=" + file
                + ",backing.driver=file,backing.filename=" + backing
                + ",extra-child=driver=file,,filename=" + extra;
    }

    @Test
    void readOnlyNoShareReachesEveryFileNode() throws IOException {
        Path a = image("a.img");
        Path b = image("b.img");
        Path c = image("c.img");
        try (BlockNode top = BlockGraph.open(graph(a, b, c), OpenOptions.READ_ONLY.noShare())) {
            assertEquals(65536, top.size());
            for (Path p : new Path[] {a, b, c}) {
                assertTrue(QemuIo.lockedBy(inode(p), WRITE_NOT_SHARED), p + ": write not shared");
                assertFalse(QemuIo.lockedBy(inode(p), WRITE_HELD), p + ": write not held");
            }
        }
        // negative control: the default read-only open shares write everywhere
        try (BlockNode top = BlockGraph.open(graph(a, b, c), OpenOptions.READ_ONLY)) {
            for (Path p : new Path[] {a, b, c}) {
                assertFalse(QemuIo.lockedBy(inode(p), WRITE_NOT_SHARED), p + ": write shared");
            }
        }
    }

    @Test
    void readWriteNoShareKeepsTheWriterAndMakesReadOnlyChildrenNoShare() throws IOException {
        Path a = image("a.img");
        Path b = image("b.img");
        Path c = image("c.img");
        try (BlockNode top = BlockGraph.open(graph(a, b, c), OpenOptions.DEFAULT.noShare())) {
            assertFalse(top.isReadOnly());
            assertTrue(QemuIo.lockedBy(inode(a), WRITE_HELD), "the file child is a writer as before");
            for (Path p : new Path[] {b, c}) {
                assertTrue(QemuIo.lockedBy(inode(p), WRITE_NOT_SHARED), p + ": read-only child, write not shared");
                assertFalse(QemuIo.lockedBy(inode(p), WRITE_HELD), p + ": read-only child, write not held");
            }
        }
    }

    @Test
    void optionsDefaultToSharing() {
        OpenOptions three = OpenOptions.defaults().readOnly().cache(CacheMode.NONE);
        assertFalse(three.isNoShare());
        assertFalse(OpenOptions.DEFAULT.isNoShare());
        assertFalse(OpenOptions.READ_ONLY.isNoShare());
        OpenOptions noShare = three.noShare();
        assertTrue(noShare.isNoShare());
        assertTrue(noShare.isReadOnly() && noShare.cacheMode() == CacheMode.NONE, "the others are kept");
        assertEquals(OpenOptions.defaults().readOnly().cache(CacheMode.NONE).noShare(), noShare);
        assertTrue(noShare.cache(CacheMode.WRITEBACK).isNoShare(), "other withers keep it");
        assertFalse(noShare.noShare(false).isNoShare());
        assertFalse(three.isNoShare(), "immutable: noShare() returned a copy");
    }
}
