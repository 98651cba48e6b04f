package io.jblock.storage.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.InvalidOptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10, item 8: QEMU's spellings and refusals in option strings, through BlockGraph. */
class OptionSpellingTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownUrlProtocolIsRefusedWithQemusWords() {
        for (String spec : new String[] {"nbd://localhost:10809/export", "driver=testpass,file.filename=nbd://h/x",
                "json:{\"driver\": \"testpass\", \"file\": \"nbd+unix:///export?socket=/tmp/s\"}", "a:b.img"}) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> BlockGraph.open(spec), spec);
            String protocol = spec.contains("nbd+unix") ? "nbd+unix" : spec.startsWith("a:") ? "a" : "nbd";
            assertTrue(e.getMessage().endsWith("Unknown protocol '" + protocol + "'"), e.getMessage());
        }
        InvalidOptionException create = assertThrows(InvalidOptionException.class,
                () -> BlockGraph.create("testpass", "nbd://h/x", 1 << 20, null));
        assertTrue(create.getMessage().startsWith("Unknown protocol 'nbd'"), create.getMessage());
    }

    /** Control: a colon after a slash, or behind an explicit file: prefix, is part of a local name. */
    @Test
    void colonsInLocalFileNamesStillWork() throws Exception {
        Path img = dir.resolve("a:b.img");
        BlockGraph.create("testpass", img.toString(), 1 << 20, null);
        assertTrue(Files.exists(img));
        try (BlockNode n = BlockGraph.open("driver=testpass,file.filename=" + img)) {
            assertEquals(1 << 20, n.size());
        }
        try (BlockNode n = BlockGraph.open("driver=testpass,file.filename=file:" + img)) {
            assertEquals(img.toString(), n.filename());
        }
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws Exception {
        Path img = dir.resolve("dup.img");
        BlockGraph.create("file", img.toString(), 1 << 20, null);
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> BlockGraph.open("driver=file,filename=" + img + ",read-only=on,read-only=off"));
        assertEquals("Duplicate option 'read-only'", e.getMessage());
        assertEquals("read-only", e.option());
        InvalidOptionException create = assertThrows(InvalidOptionException.class,
                () -> BlockGraph.create("file", dir.resolve("c.img").toString(), 1 << 20,
                        "preallocation=off,preallocation=full"));
        assertEquals("Duplicate option 'preallocation'", create.getMessage());
        // control: the same options once each open
        BlockGraph.open("driver=file,filename=" + img + ",read-only=on").close();
    }
}
