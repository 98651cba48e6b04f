package io.jblock.storage.ramfile;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameters are refused up front: bad values when built, direct-io without O_DIRECT when opened. */
class RamFileParametersTest {

    @TempDir
    Path dir;

    @Test
    void valuesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new RamFileParameters(false, 0, 4096));
        assertThrows(IllegalArgumentException.class, () -> new RamFileParameters(false, 256, 4096));
        assertThrows(IllegalArgumentException.class, () -> new RamFileParameters(false, 1, 2048));
        assertThrows(IllegalArgumentException.class, () -> new RamFileParameters(false, 1, 12288));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RamFileParameters.DEFAULTS.withPageSize(5000));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        assertEquals(new RamFileParameters(true, 255, 1 << 30), new RamFileParameters(true, 255, 1 << 30));
    }

    @Test
    void blockIdsAreChecked() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> new RamBlock("", arena.allocate(4096)));
            assertThrows(IllegalArgumentException.class, () -> new RamBlock("x".repeat(256), arena.allocate(4096)));
            List<RamBlock> twice = List.of(new RamBlock("a", arena.allocate(4096)), new RamBlock("a", arena.allocate(4096)));
            assertThrows(IllegalArgumentException.class, () -> {
                try (RamFileWriter w = RamFileWriter.open(dir.resolve("x.img"), RamFileParameters.DEFAULTS)) {
                    w.save(twice);
                }
            });
        }
    }

    /** procfs refuses O_DIRECT: a reader with direct-io fails at open, naming the file. */
    @Test
    void directIoReadOnFilesystemWithoutODirect() throws IOException {
        Path proc = Path.of("/proc/self/status");
        Assumptions.assumeTrue(Files.isReadable(proc), "needs Linux procfs");
        DirectIoUnsupportedException e = assertThrows(DirectIoUnsupportedException.class,
                () -> RamFileReader.open(proc, RamFileParameters.DEFAULTS.withDirectIo(true)));
        assertTrue(e.getMessage().contains("/proc/self/status"), e.getMessage());
        assertTrue(e.getMessage().contains("O_DIRECT"), e.getMessage());
        // Negative control: the same file opens without direct-io (it is then refused as not a RAM file).
        try (RamFileReader r = RamFileReader.open(proc, RamFileParameters.DEFAULTS)) {
            assertThrows(RamFileFormatException.class, r::check);
        }
    }

    /**
     * ramfs refuses O_DIRECT (tmpfs accepts it since Linux 6.6): a writer with direct-io fails at
     * open and leaves no file behind. Needs root to mount ramfs; skipped otherwise.
     */
    @Test
    void directIoWriteOnFilesystemWithoutODirect() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("ramfs"));
        Assumptions.assumeTrue(run("mount", "-t", "ramfs", "ramfs", mnt.toString()),
                "cannot mount ramfs here (needs root)");
        try {
            Path file = mnt.resolve("ram.img");
            DirectIoUnsupportedException e = assertThrows(DirectIoUnsupportedException.class,
                    () -> RamFileWriter.open(file, new RamFileParameters(true, 4, 4096)));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertFalse(Files.exists(file), "a refused save leaves no file");
            // Negative control: without direct-io the same place works.
            assertDoesNotThrow(() -> {
                RamFileWriter.open(file, new RamFileParameters(false, 4, 4096)).close();
            });
        } finally {
            run("umount", mnt.toString());
        }
    }

    /** Negative control for both tests above: /tmp-like ext4 accepts direct-io. */
    @Test
    void directIoAcceptedWhereSupported() throws IOException {
        Path file = dir.resolve("ok.img");
        RamFileWriter.open(file, new RamFileParameters(true, 2, 4096)).close();
        assertTrue(Files.exists(file));
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
