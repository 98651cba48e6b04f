package io.jblock.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.testing.MapNodeOptions;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file driver's options: QEMU's names, defaults and refusals. */
class FileOptionsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreQemus() {
        FileOptions o = FileOptions.parse(MapNodeOptions.of("filename", "/x.img"));
        assertEquals("/x.img", o.filename());
        assertEquals(AioMode.THREADS, o.aio());
        assertEquals(LockingMode.AUTO, o.locking());
        assertTrue(o.dropCache());
        assertFalse(o.checkCacheDropped());
        assertEquals(DiscardMode.IGNORE, o.discard());
    }

    @Test
    void valuesAreParsedWithQemuSpellings() {
        FileOptions o = FileOptions.parse(MapNodeOptions.of("filename", "a", "locking", "off", "drop-cache", "off",
                "x-check-cache-dropped", "on", "discard", "unmap", "aio", "threads"));
        assertEquals(LockingMode.OFF, o.locking());
        assertFalse(o.dropCache());
        assertTrue(o.checkCacheDropped(), "QEMU's x-check-cache-dropped is accepted");
        assertEquals(DiscardMode.UNMAP, o.discard());
        assertEquals(DiscardMode.UNMAP, FileOptions.parse(MapNodeOptions.of("filename", "a", "discard", "on")).discard());
        assertEquals(DiscardMode.IGNORE, FileOptions.parse(MapNodeOptions.of("filename", "a", "discard", "off")).discard());
        assertTrue(FileOptions.parse(MapNodeOptions.of("filename", "a", "check-cache-dropped", "on")).checkCacheDropped());
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        IllegalArgumentException locking = assertThrows(IllegalArgumentException.class,
                () -> FileOptions.parse(MapNodeOptions.of("filename", "a", "locking", "maybe")));
        assertTrue(locking.getMessage().contains("'locking'") && locking.getMessage().contains("maybe"));
        IllegalArgumentException discard = assertThrows(IllegalArgumentException.class,
                () -> FileOptions.parse(MapNodeOptions.of("filename", "a", "discard", "trim")));
        assertTrue(discard.getMessage().contains("'discard'"));
        IllegalArgumentException aio = assertThrows(IllegalArgumentException.class,
                () -> FileOptions.parse(MapNodeOptions.of("filename", "a", "aio", "posix")));
        assertTrue(aio.getMessage().contains("'aio'"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> FileOptions.parse(MapNodeOptions.of()));
        assertTrue(missing.getMessage().contains("'filename'"));
        IllegalArgumentException contradiction = assertThrows(IllegalArgumentException.class,
                () -> FileOptions.parse(MapNodeOptions.of("filename", "a", "check-cache-dropped", "on",
                        "x-check-cache-dropped", "off")));
        assertTrue(contradiction.getMessage().contains("x-check-cache-dropped"));
    }

    @Test
    void aioIoUringAndNativeGiveTheNodeARingThreadsDoesNot() throws IOException {
        Path img = FileNodes.patterned(dir.resolve("aio.img"), 4096);
        assertEquals(AioMode.IO_URING, FileOptions.parse(MapNodeOptions.of("filename", "a", "aio", "IO_URING")).aio());
        for (String aio : new String[] {"io_uring", "native"}) {
            try (FileDriver node = FileNodes.open(img, CacheMode.NONE, "aio", aio)) {
                assertNotNull(node.ring(), "aio=" + aio + " must have a ring on this kernel (io_uring enabled)");
                assertEquals(4096, node.size());
            }
        }
        try (FileDriver node = FileNodes.open(img, CacheMode.NONE, "aio", "threads")) {
            assertNull(node.ring());
        }
    }
}
